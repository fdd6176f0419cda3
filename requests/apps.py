from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from makin.badges import Tone
from makin.navigation import GROUP_REQUESTS, GROUP_SETTINGS, NavItem
from makin.roles import Role


class RequestsConfig(AppConfig):
    name = "requests"
    verbose_name = _("Support requests")
    navigation = [
        NavItem(_("My requests"), "requests:my_list", "requests.view_own_requests"),
        NavItem(
            _("Requests"),
            "requests:queue",
            "requests.view_queue",
            group=GROUP_REQUESTS,
        ),
        NavItem(
            _("My research queue"),
            "requests:research_queue",
            "requests.view_research_queue",
            group=GROUP_REQUESTS,
        ),
        NavItem(
            _("Contact log"),
            "requests:contacts",
            "requests.log_contact",
            group=GROUP_REQUESTS,
        ),
        NavItem(
            _("Referrals"),
            "requests:referrals",
            "requests.view_referrals",
            group=GROUP_REQUESTS,
        ),
        NavItem(
            _("Services"), "requests:services", "requests.manage_catalogue", group=GROUP_SETTINGS
        ),
        NavItem(
            _("Officer's tools"),
            "requests:tools",
            "requests.use_officer_tools",
            group=GROUP_SETTINGS,
        ),
    ]
    case_sections = ["requests.case.requests_section", "requests.case.contacts_section"]
    home_parts = ["requests.home.MY_REQUESTS"]
    role_permissions = {
        Role.MANAGER: [
            "requests.view_service",
            "requests.add_service",
            "requests.change_service",
            "requests.view_stafftool",
            "requests.add_stafftool",
            "requests.change_stafftool",
            "requests.view_supportrequest",
        ],
        Role.ADMIN: ["requests.view_supportrequest", "requests.view_service"],
    }

    def ready(self):
        from . import text  # noqa: F401  (registers the wording pairs)
        from .deadlines import DueState
        from .models import Status

        # The colour of each status and due state, wherever `{% badge %}` shows one.
        self.badges = {
            Status.DRAFT: Tone.SECONDARY,
            Status.SUBMITTED: Tone.PRIMARY,
            Status.INCOMPLETE: Tone.WARNING,
            Status.VERIFIED: Tone.INFO,
            Status.IN_RESEARCH: Tone.INFO,
            Status.READY_FOR_COMMITTEE: Tone.PRIMARY,
            Status.IN_COMMITTEE: Tone.PRIMARY,
            Status.APPROVED: Tone.SUCCESS,
            Status.REJECTED: Tone.DANGER,
            Status.DEFERRED: Tone.WARNING,
            Status.IN_DELIVERY: Tone.SUCCESS,
            Status.DELIVERED: Tone.SUCCESS,
            Status.CLOSED: Tone.DARK,
            Status.WITHDRAWN: Tone.SECONDARY,
            Status.CANCELLED: Tone.SECONDARY,
            DueState.OVERDUE: Tone.DANGER,
            DueState.TODAY: Tone.DANGER,
            DueState.NEAR: Tone.WARNING,
            DueState.OK: Tone.LIGHT,
        }

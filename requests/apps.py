from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from makin.badges import Tone
from makin.navigation import GROUP_REQUESTS, GROUP_SETTINGS, NavItem
from makin.roles import Role


class RequestsConfig(AppConfig):
    name = "requests"
    verbose_name = _("Support requests")
    navigation = [
        NavItem(_("My requests"), "requests:my_list", frozenset({Role.APPLICANT})),
        NavItem(
            _("Requests"),
            "requests:queue",
            frozenset({Role.RECEPTION, Role.MANAGER, Role.COMMITTEE}),
            group=GROUP_REQUESTS,
        ),
        NavItem(
            _("My research queue"),
            "requests:research_queue",
            frozenset({Role.RESEARCHER}),
            group=GROUP_REQUESTS,
        ),
        NavItem(
            _("Contact log"),
            "requests:contacts",
            frozenset({Role.RECEPTION, Role.RESEARCHER, Role.MANAGER}),
            group=GROUP_REQUESTS,
        ),
        NavItem(
            _("Referrals"),
            "requests:referrals",
            frozenset({Role.RECEPTION, Role.RESEARCHER}),
            group=GROUP_REQUESTS,
        ),
        NavItem(
            _("Services"), "requests:services", frozenset({Role.MANAGER}), group=GROUP_SETTINGS
        ),
        NavItem(
            _("Officer's tools"),
            "requests:tools",
            frozenset({Role.RECEPTION, Role.RESEARCHER, Role.MANAGER}),
            group=GROUP_SETTINGS,
        ),
    ]
    case_sections = ["requests.case.requests_section", "requests.case.contacts_section"]
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

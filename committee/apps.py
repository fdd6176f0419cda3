from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from makin.badges import Tone
from makin.navigation import GROUP_COMMITTEE, GROUP_REQUESTS, NavItem
from makin.roles import Role


class CommitteeConfig(AppConfig):
    name = "committee"
    verbose_name = _("Research committee")

    navigation = [
        NavItem(
            _("Meetings"),
            "committee:meeting_list",
            "committee.view_committee",
            group=GROUP_COMMITTEE,
        ),
        NavItem(
            _("Committee members"),
            "committee:member_list",
            "committee.manage_members",
            group=GROUP_COMMITTEE,
        ),
        NavItem(
            _("Committee decisions"),
            "committee:decision_report",
            "committee.view_decision_report",
            group=GROUP_COMMITTEE,
        ),
        NavItem(
            _("Deliveries"),
            "committee:delivery_queue",
            "committee.record_delivery",
            group=GROUP_REQUESTS,
        ),
        NavItem(_("My letters"), "committee:letter_list", "committee.view_own_letters"),
    ]
    case_sections = ["committee.case.decisions_section"]
    request_sections = ["committee.case.request_decision_section"]
    home_parts = ["committee.home.MY_LETTERS"]
    role_permissions = {
        Role.ADMIN: [
            "committee.view_rejectionreason",
            "committee.add_rejectionreason",
            "committee.change_rejectionreason",
            "committee.view_committeemember",
            "committee.view_meeting",
            "committee.view_decision",
        ],
    }

    def ready(self):
        from .models import MeetingStatus, Outcome

        # The colour of each meeting state and decision outcome, for `{% badge %}`.
        self.badges = {
            MeetingStatus.SCHEDULED: Tone.SECONDARY,
            MeetingStatus.OPEN: Tone.SUCCESS,
            MeetingStatus.CLOSED: Tone.DARK,
            Outcome.APPROVE: Tone.SUCCESS,
            Outcome.REJECT: Tone.DANGER,
            Outcome.DEFER: Tone.WARNING,
        }
        from makin.notifications import register_attachment

        from .documents import letter_attachment

        register_attachment("committee.letter", letter_attachment)

        from requests.timeline import register_event

        from .timeline import agenda_text, approved_text, rejected_text

        register_event("agenda", agenda_text)
        register_event("approved", approved_text)
        register_event("rejected", rejected_text)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from makin.badges import Tone
from makin.navigation import GROUP_SATISFACTION, NavItem


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Satisfaction surveys")
    case_sections = ["surveys.case.surveys_section"]
    navigation = [
        NavItem(_("Reports"), "surveys:report", "surveys.view_reports", group=GROUP_SATISFACTION),
        NavItem(
            _("Surveys"), "surveys:survey_list", "surveys.manage_surveys", group=GROUP_SATISFACTION
        ),
        NavItem(
            _("Complaints and suggestions"),
            "surveys:feedback_queue",
            "surveys.handle_feedback",
            group=GROUP_SATISFACTION,
        ),
        NavItem(
            _("Send a survey"),
            "surveys:invite",
            "surveys.send_invitation",
            group=GROUP_SATISFACTION,
        ),
        NavItem(
            _("Complaints and suggestions"), "surveys:my_feedback", "surveys.send_account_feedback"
        ),
    ]

    def ready(self):
        from .models import FeedbackStatus

        # The colour of each complaint or suggestion state, for `{% badge %}`.
        self.badges = {
            FeedbackStatus.OPEN: Tone.WARNING,
            FeedbackStatus.IN_PROGRESS: Tone.INFO,
            FeedbackStatus.RESOLVED: Tone.SUCCESS,
            FeedbackStatus.CLOSED: Tone.SECONDARY,
        }
        from requests.signals import request_moved

        from .receivers import invite_after_service

        request_moved.connect(invite_after_service, dispatch_uid="surveys.invite_after_service")

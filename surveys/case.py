"""The satisfaction app's parts of a person's case (`makin.case`): the surveys sent to them and
answered, and their complaints and suggestions."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from makin.case import CaseSection
from makin.rules import holds

from .models import Feedback, Invitation


def surveys_section(*, beneficiary, user) -> CaseSection | None:
    can_reports = holds(user, "surveys.view_reports")
    can_feedback = holds(user, "surveys.handle_feedback")
    if not (can_reports or can_feedback):
        return None
    # Only the columns the lines show.
    invitations = (
        Invitation.objects.filter(beneficiary=beneficiary)
        .select_related("version__survey", "request")
        .only(
            "created_at",
            "answered_at",
            "request__reference",
            "version__survey__name_ar",
            "version__survey__name_en",
        )
        .order_by("-created_at", "-pk")
    )
    mine = Q(mobile=beneficiary.mobile) if beneficiary.mobile else Q(pk__in=[])
    if beneficiary.owner_id:
        mine |= Q(user_id=beneficiary.owner_id)
    feedback = (
        Feedback.objects.filter(mine)
        .only("created_at", "reference", "kind", "subject", "status")
        .order_by("-created_at", "-pk")
        if can_feedback
        else []
    )
    return CaseSection(
        key="surveys",
        title=_("Surveys and complaints"),
        template="surveys/includes/_case_surveys.html",
        context={
            "invitations": list(invitations),
            "feedback": list(feedback),
            "can_feedback": can_feedback,
        },
        order=40,
    )

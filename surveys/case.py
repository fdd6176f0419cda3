"""The satisfaction app's parts of a person's case (`makin.case`): the surveys sent to them and
answered, and their complaints and suggestions."""

from django.db.models import OuterRef, Q
from django.utils.translation import gettext_lazy as _

from makin.case import CaseSection, Rows
from makin.rules import holds

from .models import Feedback, Invitation

# The section's lists, tied to the file by OuterRef, read with the page's other lists
# (`makin.case.Rows`), each with only the columns its lines show.
INVITATIONS = Rows(
    Invitation.objects.filter(beneficiary=OuterRef("pk")).order_by("-created_at", "-pk"),
    (
        "created_at",
        "answered_at",
        "request__reference",
        "version__survey__name_ar",
        "version__survey__name_en",
    ),
)
# What the person sent: from the file's mobile (when it has one) or from their account.
FEEDBACK = Rows(
    Feedback.objects.filter(
        (Q(mobile=OuterRef("mobile")) & ~Q(mobile="")) | Q(user_id=OuterRef("owner_id"))
    ).order_by("-created_at", "-pk"),
    ("created_at", "reference", "kind", "subject", "status"),
)


def surveys_section(*, beneficiary, user) -> CaseSection | None:
    can_reports = holds(user, "surveys.view_reports")
    can_feedback = holds(user, "surveys.handle_feedback")
    if not (can_reports or can_feedback):
        return None
    return CaseSection(
        key="surveys",
        title=_("Surveys and complaints"),
        template="surveys/includes/_case_surveys.html",
        context={
            "invitations": INVITATIONS,
            "feedback": FEEDBACK if can_feedback else [],
            "can_feedback": can_feedback,
        },
        order=40,
    )

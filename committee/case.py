"""The committee's parts of a person's case (`makin.case`): decisions with their letters, and
deliveries of the support granted."""

from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _

from makin.case import CaseSection, Rows
from makin.rules import holds

from .models import Decision, Delivery
from .selectors import letters_for

# The section's lists, tied to the file by OuterRef, read with the page's other lists
# (`makin.case.Rows`), each with only the columns its lines show.
DECISIONS = Rows(
    Decision.objects.filter(item__request__beneficiary=OuterRef("pk")).order_by(
        "-decided_at", "-pk"
    ),
    (
        "decided_at",
        "outcome",
        "amount",
        "item__request__reference",
        "rejection_reason__name_ar",
        "rejection_reason__name_en",
    ),
)
DELIVERIES = Rows(
    Delivery.objects.filter(request__beneficiary=OuterRef("pk")).order_by("-delivered_on", "-pk"),
    ("delivered_on", "amount_paid", "service_given", "request__reference"),
)


def decisions_section(*, beneficiary, user) -> CaseSection | None:
    if not holds(user, "requests.view_request"):
        return None
    return CaseSection(
        key="decisions",
        title=_("Decisions, deliveries and letters"),
        template="committee/includes/_case_decisions.html",
        context={
            "decisions": DECISIONS,
            "deliveries": DELIVERIES,
            "can_print_letters": holds(user, "committee.print_letters"),
        },
        order=30,
    )


def request_decision_section(*, support_request, user) -> CaseSection | None:
    """On the applicant's page of their own request, once decided: what the decision says to
    the applicant (the support granted, or the reason as the letter gives it) and the letter.
    Never the votes, the tally or the committee's notes."""
    if support_request.decided_at is None:
        # Not decided yet: an approval or a refusal (the decisions with a letter) moves the
        # request to its decided status and dates it (`request_transition`).
        return None
    # The section shows the decision and its reason; the request is the page's own.
    decision = (
        letters_for(user)
        .filter(item__request=support_request)
        .select_related(None)
        .select_related("rejection_reason")
        .first()
    )
    if decision is None:
        return None
    return CaseSection(
        key="decision",
        title=_("The committee's decision"),
        template="committee/includes/_request_decision.html",
        context={"decision": decision},
    )

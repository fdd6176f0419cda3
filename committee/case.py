"""The committee's parts of a person's case (`makin.case`): decisions with their letters, and
deliveries of the support granted."""

from django.utils.translation import gettext_lazy as _

from makin.case import CaseSection
from makin.rules import holds

from .models import Decision, Delivery, Outcome
from .selectors import letters_for


def decisions_section(*, beneficiary, user) -> CaseSection | None:
    if not holds(user, "requests.view_request"):
        return None
    # Only the columns the lines show.
    decisions = (
        Decision.objects.filter(item__request__beneficiary=beneficiary)
        .select_related("item__request", "rejection_reason")
        .only(
            "decided_at",
            "outcome",
            "amount",
            "item__request__reference",
            "rejection_reason__name_ar",
            "rejection_reason__name_en",
        )
        .order_by("-decided_at", "-pk")
    )
    deliveries = (
        Delivery.objects.filter(request__beneficiary=beneficiary)
        .select_related("request")
        .only("delivered_on", "amount_paid", "service_given", "request__reference")
        .order_by("-delivered_on", "-pk")
    )
    decisions = list(decisions)
    for decision in decisions:
        # A deferral is no answer to the applicant: it has no letter.
        decision.has_letter = decision.outcome != Outcome.DEFER
    return CaseSection(
        key="decisions",
        title=_("Decisions, deliveries and letters"),
        template="committee/includes/_case_decisions.html",
        context={
            "decisions": decisions,
            "deliveries": list(deliveries),
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

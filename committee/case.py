"""The committee's parts of a person's case (`makin.case`): decisions with their letters, and
deliveries of the support granted."""

from django.utils.translation import gettext_lazy as _

from makin.case import CaseSection
from makin.rules import holds

from .models import Decision, Delivery, Outcome


def decisions_section(*, beneficiary, user) -> CaseSection | None:
    if not holds(user, "requests.view_request"):
        return None
    decisions = (
        Decision.objects.filter(item__request__beneficiary=beneficiary)
        .select_related("item__request", "item__meeting", "rejection_reason")
        .order_by("-decided_at", "-pk")
    )
    deliveries = (
        Delivery.objects.filter(request__beneficiary=beneficiary)
        .select_related("request", "delivered_by")
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

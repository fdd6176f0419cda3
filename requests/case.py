"""The request app's parts of a person's case (`makin.case`): their requests with the two-week
clock, and the contacts and referrals logged for them."""

from django.utils.translation import gettext_lazy as _

from makin.case import CaseSection
from makin.rules import holds

from .models import ContactLog, Referral, SupportRequest

# A person's name as the pages show it (`User.__str__`).
PERSON = ("first_name", "last_name", "username")


def requests_section(*, beneficiary, user) -> CaseSection | None:
    if not holds(user, "requests.view_request"):
        return None
    rows = (
        SupportRequest.objects.filter(beneficiary=beneficiary)
        .select_related("service")
        # Only the columns the rows show (the reference, service, status and due badge).
        .only(
            "reference",
            "status",
            "decision_due",
            "created_at",
            "service__name_ar",
            "service__name_en",
        )
    )
    return CaseSection(
        key="requests",
        title=_("Requests"),
        template="requests/includes/_case_requests.html",
        context={"requests": list(rows.order_by("-created_at", "-pk"))},
        order=10,
    )


def contacts_section(*, beneficiary, user) -> CaseSection | None:
    # The desk's log: the same people as the contacts and referrals pages.
    if not holds(user, "requests.view_referrals"):
        return None
    contacts = (
        ContactLog.objects.filter(beneficiary=beneficiary)
        .select_related("officer", "request")
        .only(
            "created_at",
            "channel",
            "kind",
            "summary",
            "request__reference",
            *(f"officer__{name}" for name in PERSON),
        )
        .order_by("-created_at", "-pk")
    )
    referrals = (
        Referral.objects.filter(beneficiary=beneficiary)
        .only("created_at", "question", "answer", "answered_at")
        .order_by("-created_at", "-pk")
    )
    return CaseSection(
        key="contacts",
        title=_("Contacts and referrals"),
        template="requests/includes/_case_contacts.html",
        context={"contacts": list(contacts), "referrals": list(referrals)},
        order=20,
    )

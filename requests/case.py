"""The request app's parts of a person's case (`makin.case`): their requests with the two-week
clock, and the contacts and referrals logged for them."""

from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _

from makin.case import CaseSection, Rows, person_columns
from makin.rules import holds

from .models import ContactLog, Referral, SupportRequest

# The lists of the sections, tied to the file by OuterRef, read with the page's other lists
# (`makin.case.Rows`), each with only the columns it shows.
REQUESTS = Rows(
    SupportRequest.objects.filter(beneficiary=OuterRef("pk")).order_by("-created_at", "-pk"),
    # The reference, service, status and due badge.
    ("reference", "status", "decision_due", "created_at", "service__name_ar", "service__name_en"),
)
CONTACTS = Rows(
    ContactLog.objects.filter(beneficiary=OuterRef("pk")).order_by("-created_at", "-pk"),
    (
        "created_at",
        "channel",
        "kind",
        "summary",
        "request__reference",
        *person_columns("officer"),
    ),
)
REFERRALS = Rows(
    Referral.objects.filter(beneficiary=OuterRef("pk")).order_by("-created_at", "-pk"),
    ("created_at", "question", "answer", "answered_at"),
)


def requests_section(*, beneficiary, user) -> CaseSection | None:
    if not holds(user, "requests.view_request"):
        return None
    return CaseSection(
        key="requests",
        title=_("Requests"),
        template="requests/includes/_case_requests.html",
        context={"requests": REQUESTS},
        order=10,
    )


def contacts_section(*, beneficiary, user) -> CaseSection | None:
    # The desk's log: the same people as the contacts and referrals pages.
    if not holds(user, "requests.view_referrals"):
        return None
    return CaseSection(
        key="contacts",
        title=_("Contacts and referrals"),
        template="requests/includes/_case_contacts.html",
        context={"contacts": CONTACTS, "referrals": REFERRALS},
        order=20,
    )

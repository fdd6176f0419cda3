"""The applicant's file on their home (`makin.case.HomePart`): whether they have one and
what it lacks, from the file, its documents and verifications and the kinds every file needs,
read with the home's other lists in one statement; drawn in Python with the markup of the
file panel's template.
The catalogue's words go in as the template's `{% translate %}` put them, unescaped."""

from django.db.models import OuterRef
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from makin.case import HomePart, Rows
from makin.links import address
from makin.markup import format_markup

from .models import Beneficiary, Document, FieldGroupVerification
from .selectors import (
    DOCUMENT_ORDER,
    REQUIRED_FOR_COMPLETE,
    REQUIRED_KINDS,
    file_checklist,
)

# What `file_checklist` reads of the file (its category by key only: present or not).
FILE = Rows(
    Beneficiary.objects.filter(owner=OuterRef("pk")).order_by("pk"),
    (
        *(name for name in REQUIRED_FOR_COMPLETE if name != "category"),
        "category__pk",
        "rent_amount",
        "id_expiry",
    ),
)
# What `file_checklist` reads of each document: its kind, status and expiry.
DOCUMENTS = Rows(
    Document.objects.filter(beneficiary__owner=OuterRef("pk")).order_by(*DOCUMENT_ORDER),
    ("kind__code", "kind__name_ar", "kind__name_en", "status", "expiry_date"),
)
VERIFICATIONS = Rows(
    FieldGroupVerification.objects.filter(beneficiary__owner=OuterRef("pk")).order_by("pk"),
    ("group", "status"),
)

OWN_FILE = (
    '\n\n  <p class="mb-2">\n    \n      {}\n    \n  </p>\n'
    '  <a class="btn btn-primary btn-sm align-self-start" href="{}">{}</a>\n\n\n'
)
NO_FILE = (
    '\n\n  <p class="mb-2">{}</p>\n'
    '  <a class="btn btn-primary btn-sm align-self-start" href="{}">{}</a>\n\n\n'
)


def draw(lists, *, user) -> str:
    if not lists["file"]:
        return format_markup(
            NO_FILE,
            mark_safe(gettext("You have not created your beneficiary file yet.")),
            address("beneficiaries:my_file_create"),
            mark_safe(gettext("Create my file")),
        )
    (file,) = lists["file"]
    for document in lists["documents"]:
        document.beneficiary = file
    checklist = file_checklist(
        beneficiary=file,
        today=timezone.localdate(),
        documents=lists["documents"],
        verifications={v.group: v for v in lists["verifications"]},
        required_kinds=lists["required_kinds"],
    )
    if checklist.is_verified:
        state = mark_safe(gettext("Your file is complete and verified."))
    elif checklist.is_complete:
        state = mark_safe(gettext("Your file is complete; the association is verifying it."))
    else:
        state = mark_safe(gettext("Your file still lacks some information or documents."))
    return format_markup(
        OWN_FILE, state, address("beneficiaries:my_file"), mark_safe(gettext("Open my file"))
    )


MY_FILE = HomePart(
    "file",
    {
        "file": FILE,
        "documents": DOCUMENTS,
        "verifications": VERIFICATIONS,
        "required_kinds": REQUIRED_KINDS,
    },
    draw,
)

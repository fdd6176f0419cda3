"""The file's history reads like a record: labels in the reader's language, choice labels,
document and people's names, dates in the portal's format, creations with their values, and
arrows that follow the reading direction."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from beneficiaries import services
from makin.roles import Role
from tests.factories import DocumentFactory, FileFactory, HouseholdMemberFactory, staff

pytestmark = pytest.mark.django_db

UTC = zoneinfo.ZoneInfo("UTC")
# 10:17 UTC is 13:17 in Yanbu (Asia/Riyadh).
VERIFIED_AT = datetime.datetime(2026, 11, 30, 10, 17, 37, 529262, tzinfo=UTC)


@pytest.fixture
def file_with_a_verified_document():
    file = FileFactory(first_name="خالد", family_name="العتيبي", housing="rented")
    HouseholdMemberFactory(beneficiary=file, name="نورة خالد العتيبي")
    document = DocumentFactory(beneficiary=file, original_name="family.pdf")
    researcher = staff(Role.RESEARCHER, first_name="منى", last_name="القحطاني")
    with time_machine.travel(VERIFIED_AT, tick=False):
        services.document_verify(
            document=document,
            actor=researcher,
            status="verified",
            today=datetime.date(2026, 11, 30),
        )
    return file


def _history(client_for, file, language):
    with translation.override(language):
        url = reverse("beneficiaries:history", args=[file.pk])
    return client_for(staff(Role.RECEPTION)).get(url).content.decode()


def _rows(page):
    """The text of each list item of the changes table, whitespace folded."""
    start = page.index('id="changes-heading"')
    end = page.index('id="access-heading"')
    items = page[start:end].split("<li>")[1:]
    return [" ".join(item.split("</li>")[0].split()) for item in items]


def test_a_change_names_the_field_the_choice_the_person_and_the_time(
    file_with_a_verified_document, client_for
):
    rows = _rows(_history(client_for, file_with_a_verified_document, "en"))
    arrow = '<span aria-hidden="true">→</span><span class="visually-hidden">to</span>'

    assert (
        f"Verification: <del><bdi>Not verified yet</bdi></del> {arrow} "
        "<ins><bdi>Verified</bdi></ins>" in rows
    )
    assert (
        f"Verified by: <del><bdi>—</bdi></del> {arrow} <ins><bdi>منى القحطاني</bdi></ins>" in rows
    )
    assert (
        f"Verified at: <del><bdi>—</bdi></del> {arrow} "
        "<ins><bdi>30 November 2026 CE — 20 Jumada al-Akhirah 1448 AH, 13:17</bdi></ins>" in rows
    )


def test_the_changed_row_names_the_document(file_with_a_verified_document, client_for):
    page = _history(client_for, file_with_a_verified_document, "en")

    assert "<bdi>Document: Family record (family.pdf)</bdi> · Changed" in page
    assert "<bdi>Document: Family record (family.pdf)</bdi> · Created" in page
    assert "<bdi>Household member: نورة خالد العتيبي</bdi> · Created" in page
    assert "<bdi>File</bdi> · Created" in page
    # No internals: no ids, no raw codes, no database timestamps.
    assert "2026-11-30 10:17:37" not in page
    assert "pending" not in page
    assert "verified_by" not in page


def test_a_creation_lists_its_values(file_with_a_verified_document, client_for):
    rows = _rows(_history(client_for, file_with_a_verified_document, "en"))

    assert "First name: <bdi>خالد</bdi>" in rows
    assert "Family name: <bdi>العتيبي</bdi>" in rows
    assert "Gender: <bdi>Male</bdi>" in rows
    assert "Housing: <bdi>Rented</bdi>" in rows
    assert "Birth date: <bdi>14 March 1985 CE — 23 Jumada al-Akhirah 1405 AH</bdi>" in rows
    assert "Relation: <bdi>Daughter</bdi>" in rows
    assert "File name: <bdi>family.pdf</bdi>" in rows
    assert "Kind: <bdi>Family record</bdi>" in rows
    assert "Monthly income (SAR): <bdi>\u20660.00\u2069 SAR</bdi>" in rows
    assert "Registered via: <bdi>The association&#x27;s website</bdi>" in rows


def test_the_arabic_history_reads_right_to_left_in_arabic_words(
    file_with_a_verified_document, client_for
):
    rows = _rows(_history(client_for, file_with_a_verified_document, "ar"))
    arrow = '<span aria-hidden="true">←</span><span class="visually-hidden">إلى</span>'

    assert (
        f"التحقق: <del><bdi>لم يُتحقق منه بعد</bdi></del> {arrow} <ins><bdi>تم التحقق</bdi></ins>"
        in rows
    )
    assert f"تحقق منه: <del><bdi>—</bdi></del> {arrow} <ins><bdi>منى القحطاني</bdi></ins>" in rows
    assert (
        f"وقت التحقق: <del><bdi>—</bdi></del> {arrow} "
        "<ins><bdi>30 نوفمبر 2026 م — 20 جمادى الآخرة 1448 هـ، الساعة 13:17</bdi></ins>" in rows
    )

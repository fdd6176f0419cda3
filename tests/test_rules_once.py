"""Rules written once and the enums that replace bare codes."""

import pytest
from django.utils import translation

from beneficiaries.models import Beneficiary
from beneficiaries.selectors import FILE_FIELDS, file_sections
from beneficiaries.services import MERGE_FILL_FIELDS
from makin.bilingual import in_language
from requests.deadlines import DueState, state_of


@pytest.mark.parametrize(
    ("days_left", "state"),
    [
        (-3, DueState.OVERDUE),
        (-1, DueState.OVERDUE),
        (0, DueState.TODAY),
        (1, DueState.NEAR),
        (3, DueState.NEAR),
        (4, DueState.OK),
        (14, DueState.OK),
    ],
)
def test_the_due_state_by_days_left(days_left, state):
    assert state_of(days_left) == state


@pytest.mark.parametrize(
    ("language", "arabic", "english", "shown"),
    [
        ("ar", "زيارة", "Visit", "زيارة"),
        ("en", "زيارة", "Visit", "Visit"),
        ("en", "زيارة", "", "زيارة"),
        ("en", ["نعم", "لا"], [], ["نعم", "لا"]),
    ],
)
def test_texts_in_two_languages_fall_back_to_arabic(language, arabic, english, shown):
    with translation.override(language):
        assert in_language(arabic, english) == shown


def test_a_merge_fills_the_optional_fields_of_the_file():
    assert MERGE_FILL_FIELDS == (
        "name_en",
        "marital_status",
        "phone2",
        "email",
        "building_number",
        "street",
        "district",
        "postal_code",
        "additional_number",
        "category",
        "employment",
        "housing",
        "rent_amount",
        "health_notes",
        "iban",
    )
    assert len(FILE_FIELDS) == 26


def test_the_file_page_marks_dates_and_where_incomes_and_household_go():
    file = Beneficiary(
        national_id="1000000008",
        first_name="محمد",
        family_name="الحربي",
        id_expiry="2030-01-01",
        birth_date="1990-05-01",
    )
    sections = file_sections(beneficiary=file, verifications={})
    dates = [r["label"] for s in sections for r in s["rows"] if r["is_date"]]
    with translation.override("en"):
        assert [str(label) for label in dates] == ["ID expiry date", "birth date"]
    assert [s["group"].value for s in sections if s["with_incomes"]] == ["situation"]
    assert [s["group"].value for s in sections if s["with_household"]] == ["household"]

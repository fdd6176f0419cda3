"""Every date field takes a Hijri (Umm al-Qura) or a Gregorian date, typed either way, in
Western or Eastern digits, and keeps it as a Gregorian date; the other calendar is echoed."""

import datetime

import pytest
from django import forms

from makin.forms import CalendarDateField


class VisitForm(forms.Form):
    day = CalendarDateField(label="يوم الزيارة")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2025-11-01", datetime.date(2025, 11, 1)),
        ("1447-05-10", datetime.date(2025, 11, 1)),
        ("١٤٤٧/٠٥/١٠", datetime.date(2025, 11, 1)),
        ("10/5/1447", datetime.date(2025, 11, 1)),
        ("01.11.2025", datetime.date(2025, 11, 1)),
        ("  2025 11 1 ", datetime.date(2025, 11, 1)),
        ("1420-01-01", datetime.date(1999, 4, 17)),
    ],
)
def test_a_date_in_either_calendar_is_kept_in_gregorian(typed, stored):
    form = VisitForm({"day": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == stored


@pytest.mark.parametrize("typed", ["1447-13-01", "2025-02-30", "31-31-2025", "أمس", "2025-11"])
def test_a_date_that_does_not_exist_gets_a_clear_arabic_error(typed):
    form = VisitForm({"day": typed})
    assert not form.is_valid()
    assert form.errors["day"] == [
        "أدخل تاريخًا صحيحًا، هجريًا (1447-05-10) أو ميلاديًا (2025-11-01)، بالترتيب سنة-شهر-يوم."
    ]


def test_the_field_shows_both_calendars_beside_it():
    html = str(VisitForm({"day": "1447-05-10"})["day"])
    assert 'dir="ltr"' in html
    assert 'data-calendar-echo="/dates/echo/"' in html
    assert "1 نوفمبر 2025 م — 10 جمادى الأولى 1447 هـ" in html


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("1447-05-10", "1 نوفمبر 2025 م — 10 جمادى الأولى 1447 هـ"),
        ("٢٠٢٥-١١-٠١", "1 نوفمبر 2025 م — 10 جمادى الأولى 1447 هـ"),
        ("2025-1", ""),
    ],
)
def test_the_echo_answers_as_the_person_types(client, value, text):
    response = client.get("/dates/echo/", {"value": value})
    assert response.json() == {"text": text}

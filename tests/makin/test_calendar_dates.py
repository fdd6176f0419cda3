"""Every date field takes a Hijri (Umm al-Qura) or a Gregorian date, typed either way, in
Western or Eastern digits, and keeps it as a Gregorian date; the other calendar is echoed."""

import datetime
import re

import pytest
import time_machine
from django import forms

from makin.forms import CalendarDateField
from tests.factories import ApplicantFactory


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


def test_the_field_has_a_labelled_picker_beside_it():
    html = str(VisitForm()["day"])
    assert 'data-calendar-month="/dates/month/"' in html
    assert (
        '<button type="button" class="btn btn-outline-secondary" id="id_day_pick" '
        'aria-haspopup="dialog" aria-expanded="false" aria-controls="id_day_picker" '
        'data-calendar-open="id_day">'
    ) in html
    dialog = 'id="id_day_picker" role="dialog" aria-modal="true" aria-label="اختر تاريخًا" hidden'
    assert dialog in html


def cells(html: str) -> list[str]:
    """The picker's days as (Gregorian date, what is typed, label), in the grid's order."""
    return re.findall(r'data-date="([\d-]+)"\s+data-typed="([\d-]+)"\s+aria-label="([^"]+)"', html)


@pytest.mark.django_db
def test_the_picker_shows_a_hijri_month_of_umm_al_qura(client):
    html = client.get("/dates/month/", {"calendar": "hijri", "date": "2026-11-30"}).content.decode()
    assert ">جمادى الآخرة 1448</h2>" in html
    days = cells(html)
    # Jumada al-Akhirah 1448 runs from Wednesday 11 November to Wednesday 9 December 2026.
    assert len(days) == 29
    assert days[0] == ("2026-11-11", "1448-06-01", "11 نوفمبر 2026 م — 1 جمادى الآخرة 1448 هـ")
    assert days[19] == ("2026-11-30", "1448-06-20", "30 نوفمبر 2026 م — 20 جمادى الآخرة 1448 هـ")
    assert days[-1] == ("2026-12-09", "1448-06-29", "9 ديسمبر 2026 م — 29 جمادى الآخرة 1448 هـ")
    first_week = html.split("<tr>")[2].split("</tr>")[0]
    assert first_week.count("<td") == 7
    assert first_week.count("data-date=") == 4  # Sunday to Tuesday are empty
    assert 'data-calendar-go="2026-11-10"' in html  # the previous month
    assert 'data-calendar-go="2026-12-10"' in html  # the next one
    assert 'data-date="2026-11-30"' in html.split('tabindex="0"')[0].rsplit("<button", 1)[1]


@pytest.mark.django_db
def test_the_picker_shows_a_gregorian_month(client):
    html = client.get(
        "/en/dates/month/", {"calendar": "gregorian", "date": "2026-11-30"}
    ).content.decode()
    assert ">November 2026</h2>" in html
    days = cells(html)
    assert len(days) == 30
    assert days[0] == ("2026-11-01", "2026-11-01", "1 November 2026 CE — 21 Jumada al-Ula 1448 AH")
    assert html.split("<tr>")[2].count("data-date=") == 7  # 1 November 2026 is a Sunday
    assert "Show the Hijri calendar" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "title", "selected"),
    [
        ({"value": "١٤٤٨/٠٦/٢٠"}, ">جمادى الآخرة 1448</h2>", 1),  # the typed date's calendar
        ({"value": "2026-11-30"}, ">نوفمبر 2026</h2>", 1),
        ({"value": "2026-11-30", "calendar": "hijri"}, ">جمادى الآخرة 1448</h2>", 1),
        ({"value": "1448-06-20", "date": "2026-12-15"}, ">رجب 1448</h2>", 0),  # moved on
    ],
)
def test_the_picker_opens_on_the_typed_date(client, query, title, selected):
    html = client.get("/dates/month/", query).content.decode()
    assert title in html
    assert html.count('aria-selected="true"') == selected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "title"), [("hijri", "جمادى الآخرة 1448"), ("gregorian", "نوفمبر 2026")]
)
def test_with_nothing_typed_the_picker_opens_in_the_persons_calendar(client, first, title):
    user = ApplicantFactory(calendar_first=first)
    client.force_login(user)
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, tzinfo=datetime.UTC)):
        html = client.get("/dates/month/").content.decode()
    assert f">{title}</h2>" in html
    assert 'aria-current="date"' in html

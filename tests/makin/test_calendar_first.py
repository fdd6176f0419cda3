"""A person's calendar: Hijri or Gregorian first in lists, CSV and XLSX files (pages and PDFs
keep both, Gregorian first). 30 November 2026 is 20 Jumada al-Akhirah 1448 (Umm al-Qura)."""

import csv
import datetime
import io

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from openpyxl import load_workbook

from makin.roles import Role
from requests.models import Status
from tests.factories import ApplicantFactory, signed_request, staff

pytestmark = pytest.mark.django_db

SUBMITTED = datetime.datetime(2026, 11, 30, 14, 5)


def render(text: str, **context) -> str:
    return Template("{% load portal %}" + text).render(Context(context))


@pytest.mark.parametrize(
    ("language", "first", "shown"),
    [
        ("ar", "gregorian", "30 نوفمبر 2026 م — 20 جمادى الآخرة 1448 هـ"),
        ("ar", "hijri", "20 جمادى الآخرة 1448 هـ — 30 نوفمبر 2026 م"),
        ("ar", "", "30 نوفمبر 2026 م — 20 جمادى الآخرة 1448 هـ"),
        ("en", "gregorian", "30 November 2026 CE — 20 Jumada al-Akhirah 1448 AH"),
        ("en", "hijri", "20 Jumada al-Akhirah 1448 AH — 30 November 2026 CE"),
    ],
)
def test_the_date_filter_puts_the_persons_calendar_first(language, first, shown):
    with translation.override(language):
        html = render("{{ day|dual_date:first }}", day=datetime.date(2026, 11, 30), first=first)
    assert html == shown


def test_the_account_page_keeps_the_choice(client_for):
    user = ApplicantFactory()
    client = client_for(user)
    page = client.get("/accounts/account/").content.decode()
    assert "التقويم المعروض أولًا في القوائم والملفات المصدّرة" in page
    assert 'value="hijri"' in page
    response = client.post("/accounts/account/", {"calendar_first": "hijri"})
    assert response.status_code == 302
    assert response.url == "/accounts/account/"
    user.refresh_from_db()
    assert user.calendar_first == "hijri"


@pytest.mark.parametrize("value", ["julian", ""])
def test_a_calendar_that_is_not_offered_is_refused_in_arabic(client_for, value):
    user = ApplicantFactory()
    response = client_for(user).post("/accounts/account/", {"calendar_first": value})
    assert response.status_code == 200
    page = response.content.decode()
    assert "اختر الهجري أولًا أو الميلادي أولًا." in page
    user.refresh_from_db()
    assert user.calendar_first == "gregorian"


@pytest.fixture
def submitted():
    at = timezone.make_aware(SUBMITTED)
    return signed_request(
        status=Status.SUBMITTED,
        submitted_at=at,
        decision_due=datetime.date(2026, 12, 14),
    )


@pytest.mark.parametrize(
    ("first", "shown"),
    [
        ("gregorian", "30 نوفمبر 2026 م — 20 جمادى الآخرة 1448 هـ"),
        ("hijri", "20 جمادى الآخرة 1448 هـ — 30 نوفمبر 2026 م"),
    ],
)
def test_the_queue_lists_dates_in_the_persons_calendar_first(client_for, submitted, first, shown):
    page = client_for(staff(Role.RECEPTION, calendar_first=first)).get("/staff/requests/")
    assert shown in page.content.decode()


@pytest.mark.parametrize(
    ("first", "header", "values"),
    [
        (
            "gregorian",
            [
                "تاريخ التقديم (ميلادي)",
                "تاريخ التقديم (هجري)",
                "موعد الرد (ميلادي)",
                "موعد الرد (هجري)",
            ],
            ["2026-11-30 14:05", "1448-06-20 14:05", "2026-12-14", "1448-07-05"],
        ),
        (
            "hijri",
            [
                "تاريخ التقديم (هجري)",
                "تاريخ التقديم (ميلادي)",
                "موعد الرد (هجري)",
                "موعد الرد (ميلادي)",
            ],
            ["1448-06-20 14:05", "2026-11-30 14:05", "1448-07-05", "2026-12-14"],
        ),
    ],
)
def test_the_csv_gives_both_calendars_the_persons_first(
    client_for, submitted, first, header, values
):
    response = client_for(staff(Role.MANAGER, calendar_first=first)).get(
        "/staff/requests/export.csv"
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][6:10] == header
    assert rows[1][6:10] == values


@pytest.mark.parametrize(
    ("first", "rows"),
    [
        (
            "gregorian",
            [
                ("من (ميلادي)", "2026-06-01"),
                ("من (هجري)", "1447-12-15"),
                ("إلى (ميلادي)", "2026-11-30"),
                ("إلى (هجري)", "1448-06-20"),
            ],
        ),
        (
            "hijri",
            [
                ("من (هجري)", "1447-12-15"),
                ("من (ميلادي)", "2026-06-01"),
                ("إلى (هجري)", "1448-06-20"),
                ("إلى (ميلادي)", "2026-11-30"),
            ],
        ),
    ],
)
def test_the_xlsx_gives_both_calendars_the_persons_first(client_for, first, rows):
    response = client_for(staff(Role.MANAGER, calendar_first=first)).get(
        "/staff/reports/report.xlsx", {"start": "2026-06-01", "end": "2026-11-30"}
    )
    summary = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [tuple(r[:2]) for r in summary.iter_rows(min_row=2, max_row=5, values_only=True)] == rows

"""A queue's rows are made in Python (`requests_tags.queue_rows`): each row's markup, in both
languages, is the one the page has always shown."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from makin.roles import Role
from requests.models import Status
from tests.factories import BeneficiaryFactory, ServiceFactory, signed_request, staff
from tests.html import table_rows

pytestmark = pytest.mark.django_db

# Two days after the answer was due.
TODAY = datetime.datetime(2025, 12, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def a_request():
    file = BeneficiaryFactory(
        first_name="سارة",
        father_name="علي",
        grandfather_name="محمد",
        family_name="الحربي",
        national_id="1000000018",
    )
    service = ServiceFactory(code="rows", name_ar="إعانة دراسية", name_en="")
    return signed_request(
        reference="MK-1447-000123",
        beneficiary=file,
        service=service,
        status=Status.VERIFIED,
        channel="phone",
        submitted_at=timezone.make_aware(datetime.datetime(2025, 11, 1, 10, 0)),
        decision_due=datetime.date(2025, 11, 29),
    )


@time_machine.travel(TODAY, tick=False)
def test_a_queue_row_in_arabic(client_for, a_request):
    html = client_for(staff(Role.RECEPTION)).get(reverse("requests:queue")).content.decode()
    assert table_rows(html) == [
        '<tr><td class="text-nowrap card-first" data-label="الرقم المرجعي">'
        '<a href="/staff/requests/MK-1447-000123/" dir="ltr">MK-1447-000123</a></td>'
        '<td class="card-first" data-label="المستفيد"><bdi>سارة علي محمد الحربي</bdi>'
        '<div class="small text-muted" dir="ltr">1000000018</div></td>'
        '<td data-label="الخدمة">إعانة دراسية</td>'
        '<td class="text-nowrap card-first" data-label="الحالة">'
        '<span class="badge text-bg-info">تم التحقق</span></td>'
        '<td class="small" data-label="قناة التواصل">الهاتف</td>'
        '<td class="small" data-label="تاريخ التقديم">1 نوفمبر 2025 م — 10 جمادى الأولى 1447 هـ'
        "</td>"
        '<td class="text-nowrap card-first" data-label="موعد الرد"><span class="badge '
        'text-bg-danger" title="29 نوفمبر 2025 م — 8 جمادى الآخرة 1447 هـ">متأخر يومين</span>'
        "</td></tr>"
    ]


@time_machine.travel(TODAY, tick=False)
def test_a_queue_row_in_english_marks_an_arabic_only_name(client_for, a_request):
    html = client_for(staff(Role.RECEPTION)).get("/en" + reverse("requests:queue")).content
    assert table_rows(html.decode()) == [
        '<tr><td class="text-nowrap card-first" data-label="Reference number">'
        '<a href="/en/staff/requests/MK-1447-000123/" dir="ltr">MK-1447-000123</a></td>'
        '<td class="card-first" data-label="Beneficiary"><bdi>سارة علي محمد الحربي</bdi>'
        '<div class="small text-muted" dir="ltr">1000000018</div></td>'
        '<td data-label="Service"><bdi lang="ar" dir="rtl">إعانة دراسية</bdi></td>'
        '<td class="text-nowrap card-first" data-label="Status">'
        '<span class="badge text-bg-info">Verified</span></td>'
        '<td class="small" data-label="Channel">Phone</td>'
        '<td class="small" data-label="Submitted on">1 November 2025 CE — 10 Jumada al-Ula 1447 AH'
        "</td>"
        '<td class="text-nowrap card-first" data-label="Answer due"><span class="badge '
        'text-bg-danger" title="29 November 2025 CE — 8 Jumada al-Akhirah 1447 AH">'
        "Overdue by 2 days</span></td></tr>"
    ]


def test_an_empty_queue_says_so(client_for):
    html = client_for(staff(Role.RECEPTION)).get(reverse("requests:queue")).content.decode()
    assert table_rows(html) == [
        '<tr><td colspan="7" class="text-muted">لا توجد طلبات مطابقة.</td></tr>'
    ]

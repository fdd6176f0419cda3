"""An applicant's list of requests is made in Python (`requests_tags.my_request_rows`): each
row's markup is the one the page has always shown, "Continue" only on a request still being
written."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from requests.models import Status
from tests.factories import BeneficiaryFactory, ServiceFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db


def _rows(html: str) -> list[str]:
    body = html.split('<div class="list-group">', 1)[1]
    body = re.sub(r"\s+", " ", body)
    body = re.sub(r"\s*([<>])\s*", r"\1", body)
    return re.findall(r'<div class="list-group-item">.*?</div></div></div>', body)


def test_an_applicants_requests_with_continue_only_on_a_draft(client_for, applicant):
    file = BeneficiaryFactory(owner=applicant)
    service = ServiceFactory(code="my-rows", name_ar="إعانة دراسية", name_en="Study aid")
    on = timezone.make_aware(datetime.datetime(2025, 11, 1, 10, 0))
    SupportRequestFactory(
        reference="MK-1447-000001",
        beneficiary=file,
        service=service,
        status=Status.DRAFT,
        created_at=on,
    )
    SupportRequestFactory(
        reference="MK-1447-000002",
        beneficiary=file,
        service=service,
        status=Status.APPROVED,
        created_at=on,
    )
    html = client_for(applicant).get(reverse("requests:my_list")).content.decode()
    date = "1 نوفمبر 2025 م — 10 جمادى الأولى 1447 هـ"
    assert sorted(_rows(html)) == [
        '<div class="list-group-item"><div class="d-flex flex-wrap justify-content-between '
        'align-items-center gap-2"><div><a class="fw-bold" href="/my/requests/MK-1447-000001/">'
        'إعانة دراسية</a><div class="small text-muted"><span dir="ltr">MK-1447-000001</span>'
        f'— {date}</div></div><div class="d-flex align-items-center gap-2">'
        '<span class="badge text-bg-secondary">مسودة</span><a class="btn btn-sm '
        'btn-outline-success" href="/requests/MK-1447-000001/details/">متابعة</a></div>'
        "</div></div>",
        '<div class="list-group-item"><div class="d-flex flex-wrap justify-content-between '
        'align-items-center gap-2"><div><a class="fw-bold" href="/my/requests/MK-1447-000002/">'
        'إعانة دراسية</a><div class="small text-muted"><span dir="ltr">MK-1447-000002</span>'
        f'— {date}</div></div><div class="d-flex align-items-center gap-2">'
        '<span class="badge text-bg-success">مقبول</span></div></div></div>',
    ]


@pytest.mark.parametrize(("with_file", "alert"), [(False, True), (True, False)])
def test_without_requests_the_list_says_so_and_asks_for_a_file_only_without_one(
    client_for, applicant, django_assert_num_queries, with_file, alert
):
    if with_file:
        BeneficiaryFactory(owner=applicant)
    client = client_for(applicant)
    client.get(reverse("requests:my_list"))
    # The session with the person and their roles; their requests and whether they have a
    # file, one statement.
    with django_assert_num_queries(2):
        html = client.get(reverse("requests:my_list")).content.decode()
    assert '<p class="text-muted">ليس لديك طلبات بعد.</p>' in html
    assert ("قبل التقديم، يُرجى استكمال ملفك" in html) is alert
    assert ('href="/my/requests/new/"' in html) is with_file

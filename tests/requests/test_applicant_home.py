"""The applicant's home reads their latest requests, their file with what its checklist needs
and the committee's letters in one statement (`makin.case.home_read`) and draws each part in
Python with the markup its panel's template gave it; a person with other roles besides sees
those roles' panels as before."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from beneficiaries.models import BeneficiaryCategory, FieldGroup, FieldGroupVerification
from makin.roles import Role
from requests.models import Status
from tests.factories import (
    ApplicantFactory,
    BeneficiaryFactory,
    DocumentFactory,
    ServiceFactory,
    SupportRequestFactory,
    UserFactory,
    document_kind,
)

pytestmark = pytest.mark.django_db


def _main(html: str) -> str:
    body = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", body)


def _complete_file(owner, document_status):
    file = BeneficiaryFactory(
        owner=owner,
        marital_status="married",
        building_number="1234",
        street="شارع الملك عبدالعزيز",
        district="الصناعية",
        postal_code="46411",
        additional_number="5678",
        category=BeneficiaryCategory.objects.get_or_create(
            code="teacher", defaults={"name_ar": "معلم", "name_en": "Teacher"}
        )[0],
        housing="owned",
    )
    for code in ("id_copy", "family_record"):
        DocumentFactory(beneficiary=file, kind=document_kind(code), status=document_status)
    return file


def test_the_latest_three_requests_newest_first_with_their_links_and_badges(client_for):
    owner = ApplicantFactory()
    file = BeneficiaryFactory(owner=owner)
    service = ServiceFactory(code="home-rows", name_ar="إعانة <دراسية>", name_en="")
    start = timezone.make_aware(datetime.datetime(2025, 11, 1, 10, 0))
    for n, status in enumerate(
        [Status.DRAFT, Status.SUBMITTED, Status.INCOMPLETE, Status.APPROVED], 1
    ):
        SupportRequestFactory(
            reference=f"MK-1447-00000{n}",
            beneficiary=file,
            service=service,
            status=status,
            created_at=start + datetime.timedelta(days=n),
        )
    ar = _main(client_for(owner).get("/my/").content.decode())
    assert (
        '<ul class="list-unstyled mb-2"> '
        '<li class="d-flex justify-content-between align-items-center gap-2 py-1"> '
        '<a href="/my/requests/MK-1447-000004/">إعانة &lt;دراسية&gt; — '
        '<span dir="ltr">MK-1447-000004</span></a> '
        '<span class="badge text-bg-success">مقبول</span> </li> '
        '<li class="d-flex justify-content-between align-items-center gap-2 py-1"> '
        '<a href="/my/requests/MK-1447-000003/">إعانة &lt;دراسية&gt; — '
        '<span dir="ltr">MK-1447-000003</span></a> '
        '<span class="badge text-bg-warning">ناقص</span> </li> '
        '<li class="d-flex justify-content-between align-items-center gap-2 py-1"> '
        '<a href="/my/requests/MK-1447-000002/">إعانة &lt;دراسية&gt; — '
        '<span dir="ltr">MK-1447-000002</span></a> '
        '<span class="badge text-bg-primary">مقدَّم</span> </li> </ul> '
        '<a href="/my/requests/">كل طلباتي</a>'
    ) in ar
    assert "MK-1447-000001" not in ar
    en = _main(client_for(owner).get("/en/my/").content.decode())
    # A service without an English name shows its Arabic one, marked as Arabic.
    assert (
        '<a href="/en/my/requests/MK-1447-000004/"><bdi lang="ar" dir="rtl">إعانة '
        "&lt;دراسية&gt;</bdi> — "
    ) in en


def test_an_applicant_without_requests_or_file_is_asked_to_create_it(client_for):
    html = _main(client_for(ApplicantFactory()).get("/my/").content.decode())
    assert '<li class="text-muted">ليس لديك طلبات بعد.</li>' in html
    assert (
        '<p class="mb-2">لم تنشئ ملفك بعد.</p> '
        '<a class="btn btn-primary btn-sm align-self-start" href="/my/file/new/">إنشاء ملفي</a>'
    ) in html
    assert 'id="my-decisions"' not in html


@pytest.mark.parametrize(
    ("document_status", "verified_groups", "words"),
    [
        (None, False, "ما زال ملفك ينقصه بعض البيانات أو المستندات."),
        ("pending", False, "ملفك مكتمل، والجمعية تتحقق منه."),
        ("verified", False, "ملفك مكتمل، والجمعية تتحقق منه."),
        ("verified", True, "ملفك مكتمل ومعتمد."),
    ],
)
def test_the_file_part_says_what_the_file_lacks(
    client_for, document_status, verified_groups, words
):
    owner = ApplicantFactory()
    if document_status is None:
        BeneficiaryFactory(owner=owner)
    else:
        file = _complete_file(owner, document_status)
        if verified_groups:
            for group in FieldGroup:
                FieldGroupVerification.objects.create(
                    beneficiary=file, group=group, status="verified"
                )
    html = _main(client_for(owner).get("/my/").content.decode())
    assert (
        f'<p class="mb-2"> {words} </p> '
        '<a class="btn btn-primary btn-sm align-self-start" href="/my/file/">افتح ملفي</a>'
    ) in html


def test_a_person_with_another_role_besides_sees_that_roles_panels(client_for):
    person = UserFactory(roles=[Role.APPLICANT, Role.RECEPTION])
    html = _main(client_for(person).get(reverse("makin:home_applicant")).content.decode())
    # The reception's figures and the file search, which the applicant's parts do not have.
    assert 'href="/staff/requests/?status=submitted"' in html
    assert 'role="search"' in html


@pytest.mark.parametrize("requests", [0, 1, 12])
def test_the_home_reads_in_two_queries_whatever_it_shows(
    client_for, django_assert_num_queries, requests
):
    owner = ApplicantFactory()
    file = _complete_file(owner, "pending")
    for _ in range(requests):
        SupportRequestFactory(beneficiary=file, status=Status.SUBMITTED)
    client = client_for(owner)
    client.get("/my/")
    # The session with the person and their roles; the home's one statement.
    with django_assert_num_queries(2):
        assert client.get("/my/").status_code == 200


def test_the_request_page_summary_escapes_the_details_and_keeps_their_lines(client_for):
    owner = ApplicantFactory()
    file = BeneficiaryFactory(owner=owner, first_name="<سعد>")
    request = SupportRequestFactory(
        reference="MK-1447-000009",
        beneficiary=file,
        service=ServiceFactory(code="summary", name_ar="إعانة", name_en="Aid"),
        status=Status.DRAFT,
        details="سطر <أول>\nسطر ثان",
        amount_requested=1500,
    )
    html = _main(client_for(owner).get(f"/my/requests/{request.reference}/").content.decode())
    assert (
        '<dl class="row mb-0"> <dt class="col-sm-4">المستفيد</dt> <dd class="col-sm-8"> '
        f'<bdi>&lt;سعد&gt; عبدالله سالم الحربي</bdi> (<span dir="ltr">{file.national_id}'
        '</span>) </dd> <dt class="col-sm-4">الخدمة</dt> <dd class="col-sm-8"> إعانة </dd> '
        '<dt class="col-sm-4">قناة التواصل</dt> <dd class="col-sm-8"> الموقع الإلكتروني '
        'للجمعية </dd> <dt class="col-sm-4">تفاصيل الطلب</dt> <dd class="col-sm-8 text-break" '
        'dir="auto"> سطر &lt;أول&gt;<br>سطر ثان </dd> <dt class="col-sm-4">المبلغ المطلوب</dt> '
        '<dd class="col-sm-8"> \u20661,500.00\u2069 ريال </dd> </dl>'
    ) in html


def test_a_complete_file_with_an_expired_document_still_lacks_something(client_for):
    owner = ApplicantFactory()
    file = _complete_file(owner, "verified")
    document = file.documents.get(kind__code="id_copy")
    document.expiry_date = timezone.localdate() - datetime.timedelta(days=1)
    document.save()
    html = _main(client_for(owner).get("/my/").content.decode())
    assert '<p class="mb-2"> ما زال ملفك ينقصه بعض البيانات أو المستندات. </p>' in html

"""Incomplete, completed: staff mark a request incomplete with items (required document kinds
or free items), the applicant (or reception for a walk-in) answers each one with a document
from the request's page, staff see each answer, and the request is submitted again only when
every item is answered."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from beneficiaries.models import Document, FileAccess
from makin.roles import Role
from requests import services
from requests.models import MissingItem, Status
from tests.factories import (
    PDF_BYTES,
    ApplicantFactory,
    BeneficiaryFactory,
    ServiceFactory,
    VerifiedDocumentFactory,
    answer_missing_items,
    document_kind,
    signed_request,
    staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    applicant = ApplicantFactory(email="owner@example.com")
    BeneficiaryFactory(owner=applicant)
    return applicant


@pytest.fixture
def service():
    document_kind("other")  # seeded by a migration; a transactional test may have flushed it
    service = ServiceFactory(code="teacher-aid")
    service.required_document_kinds.add(document_kind("id_copy"), document_kind("family_record"))
    return service


def incomplete(owner_file, service, labels=("شهادة الراتب",), kinds=()):
    req = signed_request(
        beneficiary=owner_file,
        status=Status.SUBMITTED,
        service=service,
        submitted_at=timezone.now(),
    )
    services.request_mark_incomplete(
        request=req, actor=staff(Role.RECEPTION), kinds=list(kinds), labels=list(labels)
    )
    req.refresh_from_db()
    return req


def pdf(name="salary.pdf", content=PDF_BYTES, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- Marking incomplete ----------------------------------------------------------------------


def test_the_incomplete_form_ticks_the_required_documents_without_a_verified_one(
    client_for, service
):
    req = signed_request(status=Status.SUBMITTED, service=service, submitted_at=timezone.now())
    VerifiedDocumentFactory(beneficiary=req.beneficiary, kind=document_kind("family_record"))
    id_copy, family = document_kind("id_copy"), document_kind("family_record")
    page = client_for(staff(Role.RECEPTION)).get(
        reverse("requests:move", args=[req.reference, "incomplete"])
    )
    text = page.content.decode()
    # Both required kinds are offered; only the one without a verified document is ticked.
    assert f'value="{id_copy.pk}"' in text
    assert f'value="{family.pk}"' in text
    form = page.context["form"]
    assert list(form.initial["missing_documents"]) == [id_copy.pk]
    assert "صورة الهوية" in text
    assert "سجل الأسرة" in text


def test_reception_marks_incomplete_with_kinds_and_free_items(client_for, service):
    req = signed_request(status=Status.SUBMITTED, service=service, submitted_at=timezone.now())
    reception = staff(Role.RECEPTION)
    id_copy = document_kind("id_copy")
    response = client_for(reception).post(
        reverse("requests:move", args=[req.reference, "incomplete"]),
        {
            "expected": "submitted",
            "missing_documents": [str(id_copy.pk)],
            "other_missing": "شهادة الراتب\n\n  خطاب التعريف  ",
        },
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.INCOMPLETE
    rows = list(req.missing_items.values_list("kind__code", "label", "asked_by"))
    assert rows == [
        ("id_copy", "", reception.pk),
        (None, "شهادة الراتب", reception.pk),
        (None, "خطاب التعريف", reception.pk),
    ]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"other_missing": "  \n "}, "اذكر نقصًا واحدًا على الأقل."),
        ({"other_missing": "ش" * 201}, "يجوز أن يكون كل نقص 200 حرف على الأكثر."),
        ({"missing_documents": ["999999"]}, "انتق خياراً صحيحاً."),
    ],
)
def test_marking_incomplete_with_bad_input_says_why_and_saves_nothing(
    client_for, service, data, error
):
    req = signed_request(status=Status.SUBMITTED, service=service, submitted_at=timezone.now())
    response = client_for(staff(Role.RECEPTION)).post(
        reverse("requests:move", args=[req.reference, "incomplete"]),
        {"expected": "submitted", **data},
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED
    assert not MissingItem.objects.exists()


def test_the_timeline_lists_the_items_in_the_readers_language(client_for, owner, service):
    req = incomplete(owner.beneficiary, service, kinds=[document_kind("id_copy")])
    client = client_for(owner)
    arabic = client.get(reverse("requests:my_detail", args=[req.reference])).content.decode()
    assert "<li>صورة الهوية</li>" in arabic
    assert '<li dir="auto">شهادة الراتب</li>' in arabic
    english = client.get(
        "/en" + reverse("requests:my_detail", args=[req.reference])
    ).content.decode()
    assert "<li>ID copy</li>" in english
    assert '<li dir="auto">شهادة الراتب</li>' in english


# --- The applicant answers -------------------------------------------------------------------


def test_the_applicant_answers_an_item_from_the_request_page(client_for, owner, service):
    req = incomplete(owner.beneficiary, service)
    item = req.missing_items.get()
    client = client_for(owner)
    page = client.get(reverse("requests:my_detail", args=[req.reference])).content.decode()
    url = reverse("requests:item_answer", args=[req.reference, item.pk])
    assert f'action="{url}"' in page
    assert "لم يُرسل بعد" in page

    response = client.post(url, {f"item-{item.pk}-file": pdf()})
    assert response.status_code == 302
    item.refresh_from_db()
    document = item.document
    assert (document.kind.code, document.title, document.original_name) == (
        "other",
        "شهادة الراتب",
        "salary.pdf",
    )
    assert (item.answered_by, document.beneficiary) == (owner, owner.beneficiary)
    page = client.get(reverse("requests:my_detail", args=[req.reference])).content.decode()
    assert "أُجيب عنه" in page
    assert f'action="{url}"' not in page
    assert reverse("beneficiaries:document", args=[document.uuid]) in page
    # In the person's documents, the free item's answer is named by the item's words.
    documents = client.get(reverse("beneficiaries:my_documents")).content.decode()
    assert "مستند آخر: شهادة الراتب" in documents


def test_a_kind_with_an_expiry_date_asks_for_it(client_for, owner, service):
    req = incomplete(owner.beneficiary, service, labels=(), kinds=[document_kind("id_copy")])
    item = req.missing_items.get()
    client = client_for(owner)
    url = reverse("requests:item_answer", args=[req.reference, item.pk])
    response = client.post(url, {f"item-{item.pk}-file": pdf()})
    assert response.status_code == 200
    assert "أدخل تاريخ انتهاء صلاحية هذا المستند." in response.content.decode()
    assert not Document.objects.exists()
    expiry = timezone.localdate() + datetime.timedelta(days=200)
    client.post(
        url, {f"item-{item.pk}-file": pdf(), f"item-{item.pk}-expiry_date": expiry.isoformat()}
    )
    item.refresh_from_db()
    assert (item.document.kind.code, item.document.title, item.document.expiry_date) == (
        "id_copy",
        "",
        expiry,
    )


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (pdf("notes.txt", b"just text", "text/plain"), "لا تُقبل إلا ملفات PDF أو JPEG أو PNG."),
        (pdf("big.pdf", PDF_BYTES + b"\0" * 2048), "حجم الملف أكبر من"),
        (pdf("empty.pdf", b""), "الملف الذي قمت بإرساله فارغ."),
        (None, "اختر الملف المراد إرساله."),
    ],
    ids=["wrong-type", "too-big", "empty", "no-file"],
)
def test_a_bad_upload_says_why_and_stores_nothing(
    client_for, owner, service, settings, upload, error
):
    settings.MAKIN_DOCUMENT_MAX_BYTES = len(PDF_BYTES) + 1024
    req = incomplete(owner.beneficiary, service)
    item = req.missing_items.get()
    data = {f"item-{item.pk}-file": upload} if upload is not None else {}
    response = client_for(owner).post(
        reverse("requests:item_answer", args=[req.reference, item.pk]), data
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Document.objects.exists()
    item.refresh_from_db()
    assert item.document is None


def test_another_applicant_cannot_reach_an_item(client_for, owner, service):
    req = incomplete(owner.beneficiary, service)
    item = req.missing_items.get()
    other = ApplicantFactory()
    BeneficiaryFactory(owner=other)
    mine = incomplete(other.beneficiary, service)
    url = reverse("requests:item_answer", args=[req.reference, item.pk])
    client = client_for(other)
    assert client.post(url, {f"item-{item.pk}-file": pdf()}).status_code == 404
    # Their own request with this request's item: not found either.
    crossed = reverse("requests:item_answer", args=[mine.reference, item.pk])
    assert client.post(crossed, {f"item-{item.pk}-file": pdf()}).status_code == 404
    assert not Document.objects.exists()


def test_the_item_actions_are_refused_to_roles_outside_them(client_for, owner, service):
    req = incomplete(owner.beneficiary, service)
    item = req.missing_items.get()
    mine = reverse("requests:item_answer", args=[req.reference, item.pk])
    desk = reverse("requests:staff_item_answer", args=[req.reference, item.pk])
    for role in (Role.RECEPTION, Role.RESEARCHER, Role.MANAGER, Role.COMMITTEE):
        assert client_for(staff(role)).post(mine, {}).status_code == 403
    for role in (Role.RESEARCHER, Role.MANAGER, Role.COMMITTEE, Role.ADMIN):
        assert client_for(staff(role)).post(desk, {}).status_code == 403
    assert client_for(owner).post(desk, {}).status_code == 403
    assert client_for(None).post(mine, {}).status_code == 302
    assert not Document.objects.exists()


# --- Staff see and answer --------------------------------------------------------------------


def test_staff_see_each_item_answered_or_open_and_open_the_answer_through_the_door(
    client_for, owner, service
):
    req = incomplete(owner.beneficiary, service, labels=("شهادة الراتب", "خطاب التعريف"))
    salary = req.missing_items.get(label="شهادة الراتب")
    services.missing_item_answer(item=salary, actor=owner, upload=pdf())
    salary.refresh_from_db()
    researcher = staff(Role.RESEARCHER)
    client = client_for(researcher)
    page = client.get(reverse("requests:detail", args=[req.reference])).content.decode()
    link = reverse("requests:document_file", args=[req.reference, salary.document.uuid])
    assert f'href="{link}"' in page
    assert "مستند آخر: شهادة الراتب" in page
    assert '<span dir="auto">خطاب التعريف</span>' in page
    assert "لم يُرسل بعد" in page
    # The researcher does not answer for the visitor: no upload form.
    assert reverse("requests:staff_item_answer", args=[req.reference, salary.pk + 1]) not in page
    response = client.get(link)
    assert response.status_code == 200
    assert FileAccess.objects.filter(
        user=researcher, document=salary.document, action=FileAccess.Action.DOCUMENT
    ).exists()


def test_reception_answers_an_item_for_a_walk_in_from_the_staff_page(client_for, service):
    walk_in = BeneficiaryFactory(owner=None)
    req = incomplete(walk_in, service)
    item = req.missing_items.get()
    reception = staff(Role.RECEPTION)
    client = client_for(reception)
    url = reverse("requests:staff_item_answer", args=[req.reference, item.pk])
    page = client.get(reverse("requests:detail", args=[req.reference])).content.decode()
    assert f'action="{url}"' in page
    response = client.post(url, {f"item-{item.pk}-file": pdf("bad.txt", b"x", "text/plain")})
    assert response.status_code == 302
    followed = client.get(response["Location"]).content.decode()
    assert "لا تُقبل إلا ملفات PDF أو JPEG أو PNG." in followed
    assert not Document.objects.exists()
    client.post(url, {f"item-{item.pk}-file": pdf()})
    item.refresh_from_db()
    assert (item.document.beneficiary, item.answered_by) == (walk_in, reception)


# --- Submitting again ------------------------------------------------------------------------


def test_submitting_again_shows_which_items_are_still_open(client_for, owner, service):
    req = incomplete(owner.beneficiary, service, labels=("شهادة الراتب", "خطاب التعريف"))
    client = client_for(owner)
    response = client.post(
        reverse("requests:step_declaration", args=[req.reference]),
        {"agree": "on", "typed_name": owner.beneficiary.full_name, "sign_by_typing": "on"},
        follow=True,
    )
    text = response.content.decode()
    assert "لم يُرسل بعد: شهادة الراتب" in text
    assert "لم يُرسل بعد: خطاب التعريف" in text
    req.refresh_from_db()
    assert req.status == Status.INCOMPLETE
    answer_missing_items(req, owner)
    client.post(
        reverse("requests:step_declaration", args=[req.reference]),
        {"agree": "on", "typed_name": owner.beneficiary.full_name, "sign_by_typing": "on"},
    )
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED


def test_the_request_pages_queries_do_not_grow_with_the_items(
    client_for, owner, service, django_assert_num_queries
):
    req = incomplete(owner.beneficiary, service, labels=("أ", "ب"))
    answer_missing_items(req, owner)
    my_url = reverse("requests:my_detail", args=[req.reference])
    staff_url = reverse("requests:detail", args=[req.reference])
    applicant, reception = client_for(owner), None
    applicant.get(my_url)
    with django_assert_num_queries(MY_DETAIL_QUERIES):
        assert applicant.get(my_url).status_code == 200
    reception = client_for(staff(Role.RECEPTION))
    reception.get(staff_url)
    with django_assert_num_queries(STAFF_DETAIL_QUERIES):
        assert reception.get(staff_url).status_code == 200
    for n in range(10):
        MissingItem.objects.create(request=req, label=f"بند {n}")
    applicant = client_for(owner)
    applicant.get(my_url)
    with django_assert_num_queries(MY_DETAIL_QUERIES):
        assert applicant.get(my_url).status_code == 200
    reception = client_for(staff(Role.RECEPTION))
    reception.get(staff_url)
    with django_assert_num_queries(STAFF_DETAIL_QUERIES):
        assert reception.get(staff_url).status_code == 200


# The session with the person and their roles, and the request with its items and timeline
# (one read, `requests.selectors.my_request_read`); no read of the committee's decision for a
# request not decided yet.
MY_DETAIL_QUERIES = 2
# The staff page: the session with the person and their roles, and one read of the request
# with every list it shows (`requests.selectors.request_page_read`); who may open the file's
# documents is answered from the roles (no model-permission query).
STAFF_DETAIL_QUERIES = 2

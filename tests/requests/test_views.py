"""The requests app's pages: the wizard, staff actions, bad input, lists, receipt, tracking."""

import csv
import datetime
import io
import re
import subprocess
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from makin.roles import Role
from requests.models import (
    ContactLog,
    MissingItem,
    Referral,
    ResearchReport,
    Service,
    SignatureMethod,
    StaffTool,
    Status,
    StatusChange,
    SupportRequest,
)
from tests.factories import (
    PDF_BYTES,
    SIGNATURE,
    ApplicantFactory,
    BeneficiaryFactory,
    ContactLogFactory,
    DocumentKindFactory,
    ServiceFactory,
    SupportRequestFactory,
    VerifiedDocumentFactory,
    signed_request,
    staff,
)

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def pdf_upload(name="id.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def owner():
    applicant = ApplicantFactory(email="owner@example.com")
    BeneficiaryFactory(owner=applicant)
    return applicant


@pytest.fixture
def service():
    kind = DocumentKindFactory()
    service = ServiceFactory(code="teacher-aid", max_amount=5000)
    service.required_document_kinds.add(kind)
    return service


# --- The wizard ----------------------------------------------------------------------------------


def test_the_wizard_saves_a_draft_at_each_step_and_submits_once(owner, service, client_for):
    client = client_for(owner)
    token = str(uuid.uuid4())
    response = client.post(reverse("requests:new"), {"service": service.pk, "token": token})
    req = SupportRequest.objects.get()
    assert response["Location"] == reverse("requests:step_details", args=[req.reference])
    # The back button and a second click post the same form again: still one request.
    client.post(reverse("requests:new"), {"service": service.pk, "token": token})
    assert SupportRequest.objects.count() == 1

    client.post(
        reverse("requests:step_details", args=[req.reference]),
        {"details": "أحتاج إعانة لشراء مصاحف", "amount_requested": "1200"},
    )
    req.refresh_from_db()
    assert (req.status, req.details, req.amount_requested) == (
        Status.DRAFT,
        "أحتاج إعانة لشراء مصاحف",
        1200,
    )
    # Resumable: the list offers to continue the draft.
    assert (
        reverse("requests:step_details", args=[req.reference])
        in client.get(reverse("requests:my_list")).content.decode()
    )

    client.post(
        reverse("requests:step_documents", args=[req.reference]),
        {
            "kind": service.required_document_kinds.get().pk,
            "file": pdf_upload(),
            "expiry_date": (timezone.localdate() + datetime.timedelta(days=300)).isoformat(),
        },
    )
    assert owner.beneficiary.documents.count() == 1
    page = client.get(reverse("requests:step_review", args=[req.reference])).content.decode()
    assert "أحتاج إعانة لشراء مصاحف" in page

    declaration = {
        "agree": "on",
        "typed_name": owner.beneficiary.full_name,
        "signature": SIGNATURE,
    }
    url = reverse("requests:step_declaration", args=[req.reference])
    response = client.post(url, declaration, REMOTE_ADDR="10.9.8.7")
    assert response["Location"] == reverse("requests:my_detail", args=[req.reference])
    # A second submission (two tabs) changes nothing and lands on the request.
    response = client.post(url, declaration)
    assert response["Location"] == reverse("requests:my_detail", args=[req.reference])
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED
    assert req.declaration_ip == "10.9.8.7"
    assert StatusChange.objects.filter(request=req, to_status=Status.SUBMITTED).count() == 1


def test_an_applicant_without_a_file_is_asked_to_complete_it_first(client_for):
    client = client_for(ApplicantFactory())
    page = client.get(reverse("requests:new")).content.decode()
    assert "استكمال ملفك" in page
    response = client.post(
        reverse("requests:new"), {"service": ServiceFactory().pk, "token": str(uuid.uuid4())}
    )
    assert response.status_code == 200
    assert not SupportRequest.objects.exists()


def test_choosing_no_service_shows_an_arabic_error(owner, service, client_for):
    response = client_for(owner).post(reverse("requests:new"), {"token": str(uuid.uuid4())})
    assert "اختر خدمة." in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_the_english_details_step_isolates_what_people_typed_in_arabic(owner, service, client_for):
    """The details typed and an item staff asked for in their own words are user data: on the
    English page the text box takes the text's own direction and the item is isolated."""
    req = SupportRequestFactory(
        beneficiary=owner.beneficiary,
        service=service,
        status=Status.INCOMPLETE,
        details="أحتاج إعانة لشراء مصاحف",
    )
    MissingItem.objects.create(request=req, label="صورة عقد الإيجار")
    url = "/en" + reverse("requests:step_details", args=[req.reference])
    page = client_for(owner).get(url).content.decode()
    assert "<li><bdi>صورة عقد الإيجار</bdi></li>" in page
    textarea = re.search(r'<textarea name="details"[^>]*>', page).group()
    assert 'dir="auto"' in textarea
    assert ">\nأحتاج إعانة لشراء مصاحف</textarea>" in page


def test_details_bad_input_keeps_what_was_typed(owner, service, client_for):
    req = SupportRequestFactory(beneficiary=owner.beneficiary, service=service, details="")
    response = client_for(owner).post(
        reverse("requests:step_details", args=[req.reference]),
        {"details": "", "amount_requested": "9000"},
    )
    page = response.content.decode()
    assert "يُرجى وصف حاجتك." in page
    assert "الحد الأعلى لهذه الخدمة" in page
    assert 'value="9000"' in page
    req.refresh_from_db()
    assert req.amount_requested is None


def test_a_document_whose_kind_expires_needs_its_expiry_date(client_for):
    owner = ApplicantFactory()
    BeneficiaryFactory(owner=owner)
    service = ServiceFactory()
    kind = DocumentKindFactory(code="lease", name_ar="عقد الإيجار", has_expiry=True)
    kind.has_expiry = True
    kind.save()
    service.required_document_kinds.add(kind)
    req = SupportRequestFactory(beneficiary=owner.beneficiary, service=service, created_by=owner)
    response = client_for(owner).post(
        reverse("requests:step_documents", args=[req.reference]),
        {"kind": kind.pk, "file": pdf_upload()},
    )
    assert "أدخل تاريخ انتهاء صلاحية هذا المستند." in response.content.decode()
    assert not owner.beneficiary.documents.exists()


def test_a_document_that_is_not_a_pdf_or_image_is_refused(owner, service, client_for):
    req = SupportRequestFactory(beneficiary=owner.beneficiary, service=service)
    response = client_for(owner).post(
        reverse("requests:step_documents", args=[req.reference]),
        {
            "kind": service.required_document_kinds.get().pk,
            "file": SimpleUploadedFile("x.pdf", b"MZ not a pdf"),
        },
    )
    assert "لا تُقبل إلا ملفات PDF أو JPEG أو PNG." in response.content.decode()
    assert not owner.beneficiary.documents.exists()


def test_the_declaration_refuses_another_name_and_a_missing_signature(owner, client_for):
    req = SupportRequestFactory(beneficiary=owner.beneficiary)
    response = client_for(owner).post(
        reverse("requests:step_declaration", args=[req.reference]),
        {"agree": "on", "typed_name": "شخص آخر", "signature": ""},
    )
    page = response.content.decode()
    assert "اكتب اسمك الكامل كما هو في ملفك تمامًا." in page
    assert "ضع علامة على الإقرار لتوقّع باسمك المكتوب، أو ارسم توقيعك." in page
    assert 'value="شخص آخر"' in page
    req.refresh_from_db()
    assert (req.status, req.declaration_signed_at) == (Status.DRAFT, None)


def test_a_keyboard_user_signs_with_the_typed_name_and_the_ticked_statement(owner, client_for):
    req = SupportRequestFactory(beneficiary=owner.beneficiary)
    client = client_for(owner)
    url = reverse("requests:step_declaration", args=[req.reference])
    page = client.get(url).content.decode()
    assert "أوقّع هذا الإقرار إلكترونيًا: اسمي الكامل المكتوب أعلاه هو توقيعي" in page
    response = client.post(
        url,
        {"agree": "on", "typed_name": owner.beneficiary.full_name, "sign_by_typing": "on"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response["Location"] == reverse("requests:my_detail", args=[req.reference])
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED
    assert req.declaration_method == SignatureMethod.TYPED
    assert req.declaration_ip == "10.1.2.3"
    assert req.declaration_version == "1"
    assert req.declaration_signed_at is not None
    assert req.signature == ""
    staff_page = client_for(staff(Role.RECEPTION)).get(req.get_absolute_url()).content.decode()
    assert "(الاسم مكتوبًا مع إقرار التوقيع الإلكتروني)" in staff_page


def test_the_declaration_must_be_confirmed(owner, client_for):
    req = SupportRequestFactory(beneficiary=owner.beneficiary)
    response = client_for(owner).post(
        reverse("requests:step_declaration", args=[req.reference]),
        {"typed_name": owner.beneficiary.full_name, "signature": SIGNATURE},
    )
    assert "يُرجى تأكيد الإقرار." in response.content.decode()
    req.refresh_from_db()
    assert req.status == Status.DRAFT


def test_reception_submits_for_a_walk_in_with_the_scanned_paper_form(client_for):
    officer = staff(Role.RECEPTION)
    beneficiary = BeneficiaryFactory()
    client = client_for(officer)
    response = client.post(
        reverse("requests:walk_in"),
        {
            "national_id": beneficiary.national_id,
            "service": ServiceFactory().pk,
            "channel": "phone",
            "token": str(uuid.uuid4()),
        },
    )
    req = SupportRequest.objects.get()
    assert (req.channel, req.received_by) == ("phone", officer)
    assert response["Location"] == reverse("requests:step_details", args=[req.reference])
    response = client.post(
        reverse("requests:step_declaration", args=[req.reference]),
        {"signed_form": pdf_upload("form.pdf")},
    )
    assert response["Location"] == reverse("requests:detail", args=[req.reference])
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED
    assert req.signed_form


def test_walk_in_bad_input(client_for):
    response = client_for(staff(Role.RECEPTION)).post(
        reverse("requests:walk_in"),
        {"national_id": "1000000008", "service": "", "channel": "", "token": str(uuid.uuid4())},
    )
    page = response.content.decode()
    assert "لا يوجد ملف مستفيد بهذا الرقم" in page
    assert 'value="1000000008"' in page
    assert not SupportRequest.objects.exists()


def test_the_applicant_sees_the_missing_items_and_a_plain_timeline(owner, client_for):
    req = signed_request(beneficiary=owner.beneficiary, status=Status.SUBMITTED)
    from requests import services

    services.request_mark_incomplete(
        request=req, actor=staff(Role.RECEPTION), labels=["صورة الهوية سارية"]
    )
    page = client_for(owner).get(reverse("requests:my_detail", args=[req.reference]))
    text = page.content.decode()
    assert "صورة الهوية سارية" in text
    assert "أكمل النواقص ثم قدّم الطلب مرة أخرى." in text
    assert reverse("requests:step_details", args=[req.reference]) in text


def test_the_applicant_sees_when_the_answer_is_due(owner, client_for):
    req = signed_request(
        beneficiary=owner.beneficiary,
        status=Status.IN_RESEARCH,
        decision_due=datetime.date(2026, 12, 9),
    )
    text = client_for(owner).get(reverse("requests:my_detail", args=[req.reference])).content
    assert "موعد رد اللجنة" in text.decode()
    assert "2026" in text.decode()


def test_the_applicant_withdraws_with_one_confirmed_post(owner, client_for):
    req = signed_request(beneficiary=owner.beneficiary, status=Status.SUBMITTED)
    client = client_for(owner)
    client.post(reverse("requests:withdraw", args=[req.reference]), {"expected": "submitted"})
    req.refresh_from_db()
    assert req.status == Status.WITHDRAWN


# --- The receipt ---------------------------------------------------------------------------------


def test_the_receipt_carries_reference_service_dates_two_weeks_and_declaration(
    owner, client_for, tmp_path
):
    req = signed_request(
        beneficiary=owner.beneficiary,
        status=Status.SUBMITTED,
        submitted_at=timezone.make_aware(datetime.datetime(2026, 11, 25, 10, 0)),
        service__name_ar="دعم حلقات التحفيظ",
        declaration_name=owner.beneficiary.full_name,
    )
    response = client_for(owner).get(reverse("requests:receipt", args=[req.reference]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert req.reference in text
    assert "حلقات" in text
    assert "التحفيظ" in text
    assert "2026" in text  # Gregorian
    assert "1448" in text  # Hijri: 25 November 2026 is in Jumada II 1448
    # poppler reads some ligatures backwards; these phrases avoid them.
    assert "بالقبول أو الرفض" in text
    assert "مسؤول مسؤولية" in text
    assert "/track/" in text
    # The QR code to the tracking page (a PNG, drawn once; the drawn signature is the other).
    from pypdf import PdfReader

    images = PdfReader(io.BytesIO(response.content)).pages[0].images
    # One pixel a module (33 modules and a border of 2), scaled up by the PDF viewer without
    # smoothing, so the modules print sharp.
    assert [image.image.size for image in images][:1] == [(37, 37)]
    assert images[0].indirect_reference.get_object()["/Interpolate"].value is False


def test_no_receipt_before_submission(owner, client_for):
    req = SupportRequestFactory(beneficiary=owner.beneficiary)
    assert (
        client_for(owner).get(reverse("requests:receipt", args=[req.reference])).status_code == 404
    )


# --- Staff actions -------------------------------------------------------------------------------


def test_staff_detail_lists_only_the_allowed_actions(client_for):
    req = signed_request(status=Status.SUBMITTED)
    page = client_for(staff(Role.RECEPTION)).get(reverse("requests:detail", args=[req.reference]))
    text = page.content.decode()
    assert reverse("requests:move", args=[req.reference, "incomplete"]) in text
    assert reverse("requests:move", args=[req.reference, "verified"]) in text
    assert reverse("requests:move", args=[req.reference, "approved"]) not in text


def test_marking_incomplete_needs_an_item_and_then_lists_it(client_for, service):
    req = signed_request(status=Status.SUBMITTED, service=service)
    client = client_for(staff(Role.RECEPTION))
    url = reverse("requests:move", args=[req.reference, "incomplete"])
    page = client.get(url).content.decode()
    assert service.required_document_kinds.get().name_ar in page
    response = client.post(url, {"expected": "submitted", "note": "ملاحظة"})
    assert "اذكر نقصًا واحدًا على الأقل." in response.content.decode()
    assert "ملاحظة" in response.content.decode()
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED
    client.post(url, {"expected": "submitted", "other_missing": "خطاب التعريف\nصورة الصك"})
    req.refresh_from_db()
    assert req.status == Status.INCOMPLETE
    assert list(req.missing_items.values_list("label", flat=True)) == ["خطاب التعريف", "صورة الصك"]


def test_a_stale_confirmation_page_gets_a_clear_message(client_for):
    req = signed_request(status=Status.SUBMITTED)
    client = client_for(staff(Role.RESEARCHER))
    url = reverse("requests:move", args=[req.reference, "incomplete"])
    from requests import services

    services.request_mark_incomplete(request=req, actor=staff(Role.RECEPTION), labels=["x"])
    # The researcher's page still showed "submitted": the move is no longer offered.
    response = client.post(url, {"expected": "submitted", "other_missing": "y"})
    assert response.status_code == 403
    req.refresh_from_db()
    assert list(req.missing_items.values_list("label", flat=True)) == ["x"]


def test_verifying_with_missing_documents_explains_what_is_missing(client_for, service):
    req = signed_request(status=Status.SUBMITTED, service=service, submitted_at=timezone.now())
    client = client_for(staff(Role.RECEPTION))
    response = client.post(
        reverse("requests:move", args=[req.reference, "verified"]),
        {"expected": "submitted"},
        follow=True,
    )
    assert "صورة الهوية" in response.content.decode()
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED
    VerifiedDocumentFactory(beneficiary=req.beneficiary, kind=service.required_document_kinds.get())
    client.post(
        reverse("requests:move", args=[req.reference, "verified"]), {"expected": "submitted"}
    )
    req.refresh_from_db()
    assert req.status == Status.VERIFIED
    assert req.decision_due == timezone.localdate() + datetime.timedelta(days=14)


def test_cancelling_needs_a_reason(client_for):
    req = signed_request(status=Status.SUBMITTED)
    client = client_for(staff(Role.RECEPTION))
    url = reverse("requests:move", args=[req.reference, "cancelled"])
    response = client.post(url, {"expected": "submitted", "note": ""})
    assert "يرجى كتابة السبب." in response.content.decode()
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED


def test_reception_reviews_a_document_from_the_checklist(client_for, service):
    req = signed_request(status=Status.SUBMITTED, service=service)
    document = VerifiedDocumentFactory(beneficiary=req.beneficiary, status="pending")
    client = client_for(staff(Role.RECEPTION))
    url = reverse("requests:document_review", args=[req.reference, document.uuid])
    client.post(url, {"verified": "0", "reason": ""})
    document.refresh_from_db()
    assert document.status == "pending"
    client.post(url, {"verified": "0", "reason": "الصورة غير واضحة"})
    document.refresh_from_db()
    assert (document.status, document.rejection_reason) == ("rejected", "الصورة غير واضحة")


def test_assigning_a_researcher_bad_input_and_success(client_for):
    req = signed_request(status=Status.VERIFIED)
    client = client_for(staff(Role.RECEPTION))
    url = reverse("requests:assign", args=[req.reference])
    response = client.post(url, {"expected": "verified", "researcher": ""})
    assert response.status_code == 200
    assert "هذا الحقل مطلوب" in response.content.decode()
    researcher = staff(Role.RESEARCHER)
    client.post(url, {"expected": "verified", "researcher": researcher.pk})
    req.refresh_from_db()
    assert (req.status, req.researcher) == (Status.IN_RESEARCH, researcher)


def test_the_research_report_form(client_for):
    researcher = staff(Role.RESEARCHER)
    req = signed_request(status=Status.IN_RESEARCH, researcher=researcher)
    client = client_for(researcher)
    url = reverse("requests:research", args=[req.reference])
    response = client.post(url, {"expected": "in_research", "met_with": "الأب", "submit": "1"})
    assert response.status_code == 200
    assert 'value="الأب"' in response.content.decode()
    assert not ResearchReport.objects.exists()
    client.post(
        url,
        {
            "expected": "in_research",
            "visit_kind": "home_visit",
            "visit_date": "2026-11-20",
            "met_with": "الأب",
            "findings": "الأسرة مكونة من ستة أفراد",
            "household_matches_file": "on",
            "recommendation": "approve",
            "proposed_support": "إعانة",
            "proposed_amount": "1500",
            "attachments": [pdf_upload("visit.pdf")],
            "submit": "1",
        },
    )
    req.refresh_from_db()
    assert req.status == Status.READY_FOR_COMMITTEE
    assert ResearchReport.objects.get().attachments.count() == 1


# --- Contacts and referrals ----------------------------------------------------------------------


def test_a_contact_needs_someone_and_a_summary(client_for):
    response = client_for(staff(Role.RECEPTION)).post(
        reverse("requests:contact_new"),
        {"channel": "phone", "kind": "inquiry", "reference": "MK-0000", "summary": ""},
    )
    page = response.content.decode()
    assert "لا يوجد طلب بهذا الرقم المرجعي." in page
    assert 'value="MK-0000"' in page
    assert not ContactLog.objects.exists()


def test_a_contact_about_a_request_with_a_referral(client_for):
    req = signed_request(status=Status.SUBMITTED)
    researcher = staff(Role.RESEARCHER)
    client_for(staff(Role.RECEPTION)).post(
        reverse("requests:contact_new"),
        {
            "channel": "interview",
            "kind": "request",
            "reference": req.reference.lower(),
            "summary": "حضر للسؤال عن طلبه",
            "refer_question": "هل يشمل الدعم الرسوم؟",
            "researcher": researcher.pk,
        },
    )
    contact = ContactLog.objects.get()
    assert (contact.request, contact.beneficiary) == (req, req.beneficiary)
    referral = Referral.objects.get()
    client = client_for(researcher)
    client.post(reverse("requests:referral_answer", args=[referral.pk]), {"answer": ""})
    referral.refresh_from_db()
    assert not referral.is_answered
    client.post(reverse("requests:referral_answer", args=[referral.pk]), {"answer": "نعم"})
    referral.refresh_from_db()
    assert referral.answer == "نعم"


# --- Catalogue and tools -------------------------------------------------------------------------


def test_a_manager_adds_a_service_and_bad_input_keeps_the_form(client_for):
    client = client_for(staff(Role.MANAGER))
    response = client.post(
        reverse("requests:service_new"), {"code": "bad code!", "name_ar": "", "max_amount": "-5"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="bad code!"' in page
    assert not Service.objects.filter(code="bad code!").exists()
    kind = DocumentKindFactory()
    client.post(
        reverse("requests:service_new"),
        {
            "code": "transport",
            "name_ar": "النقل",
            "required_document_kinds": [kind.pk],
            "needs_committee": "on",
            "is_active": "on",
        },
    )
    assert list(Service.objects.get(code="transport").required_document_kinds.all()) == [kind]


def test_a_manager_uploads_a_public_tool_that_anyone_can_download(client_for):
    client = client_for(staff(Role.MANAGER))
    client.post(
        reverse("requests:tool_new"),
        {
            "kind": "support_policy",
            "name_ar": "دليل سياسة الدعم",
            "file": pdf_upload("policy.pdf"),
            "is_public": "on",
            "is_active": "on",
        },
    )
    tool = StaffTool.objects.get()
    assert tool.original_name == "policy.pdf"
    bad = client.post(reverse("requests:tool_new"), {"kind": "", "name_ar": "x"})
    assert bad.status_code == 200
    assert StaffTool.objects.count() == 1
    response = client_for(None).get(reverse("requests:tool_download", args=[tool.pk]))
    assert response.status_code == 200


# --- Tracking ------------------------------------------------------------------------------------


def test_tracking_shows_the_status_only(client_for):
    req = signed_request(status=Status.IN_RESEARCH, details="تفاصيل سرية")
    response = client_for(None).post(
        reverse("requests:track"),
        {"reference": req.reference, "national_id": req.beneficiary.national_id},
    )
    page = response.content.decode()
    assert "قيد البحث الاجتماعي" in page
    assert "تفاصيل سرية" not in page
    assert req.beneficiary.first_name not in page


def test_tracking_bad_input_and_the_limit(client_for):
    client = client_for(None)
    response = client.post(reverse("requests:track"), {"reference": "", "national_id": "123"})
    assert response.status_code == 200
    assert "هذا الحقل مطلوب" in response.content.decode()
    statuses = [
        client.post(
            reverse("requests:track"), {"reference": "MK-1", "national_id": "1000000008"}
        ).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429


def test_behind_the_proxy_each_visitor_has_their_own_tracking_limit(client_for):
    """Through nginx (REMOTE_ADDR 127.0.0.1) the limit counts the address nginx forwarded: the
    eleventh visitor is answered, and one visitor writing a false header is still counted."""
    client = client_for(None)
    data = {"reference": "MK-1", "national_id": "1000000008"}
    visitors = [
        client.post(
            reverse("requests:track"),
            data,
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(1, 13)
    ]
    assert visitors == [200] * 12
    one = [
        client.post(
            reverse("requests:track"),
            data,
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.50",
        ).status_code
        for n in range(11)
    ]
    assert one == [200] * 10 + [429]


def test_tracking_says_the_same_whether_or_not_the_reference_exists(client_for):
    req = signed_request(status=Status.IN_RESEARCH)
    client = client_for(None)
    wrong_id = client.post(
        reverse("requests:track"), {"reference": req.reference, "national_id": "1000000008"}
    )
    no_such = client.post(
        reverse("requests:track"), {"reference": "MK-1448-999999", "national_id": "1000000008"}
    )
    message = "لا يوجد طلب يطابق هذا الرقم المرجعي ورقم الهوية."
    assert wrong_id.status_code == no_such.status_code == 200
    assert message in wrong_id.content.decode()
    assert message in no_such.content.decode()
    assert "قيد البحث الاجتماعي" not in wrong_id.content.decode()


def test_the_tracking_address_is_stable():
    assert reverse("requests:track") == "/track/"


# --- Lists: filters, export, due flags, query counts ---------------------------------------------


def test_the_queue_filters_and_flags_due_dates(client_for):
    today = timezone.localdate()
    overdue = signed_request(status=Status.IN_RESEARCH, decision_due=today - datetime.timedelta(2))
    near = signed_request(status=Status.VERIFIED, decision_due=today + datetime.timedelta(2))
    fine = signed_request(status=Status.VERIFIED, decision_due=today + datetime.timedelta(10))
    client = client_for(staff(Role.RECEPTION))
    page = client.get(reverse("requests:queue")).content.decode()
    assert "متأخر يومين" in page
    assert "بقي يومان" in page
    assert "بقي 10 يوم" in page or "بقيت 10 أيام" in page
    only_overdue = client.get(reverse("requests:queue"), {"due": "overdue"}).content.decode()
    assert overdue.reference in only_overdue
    assert near.reference not in only_overdue
    assert fine.reference not in only_overdue
    by_id = client.get(reverse("requests:queue"), {"q": near.beneficiary.national_id})
    assert near.reference in by_id.content.decode()
    assert fine.reference not in by_id.content.decode()


def test_the_queue_exports_the_filtered_rows_as_csv(client_for):
    mine = signed_request(status=Status.SUBMITTED, channel="phone")
    other = signed_request(status=Status.SUBMITTED, channel="website")
    response = client_for(staff(Role.MANAGER)).get(
        reverse("requests:queue_export"), {"channel": "phone"}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "رقم الطلب"
    assert [r[0] for r in rows[1:]] == [mine.reference]
    assert other.reference not in body


def _rows(n, **kwargs):
    researcher = kwargs.pop("researcher", None)
    for i in range(n):
        signed_request(
            status=Status.IN_RESEARCH,
            researcher=researcher,
            decision_due=timezone.localdate() + datetime.timedelta(days=i % 20 - 5),
            **kwargs,
        )


@pytest.mark.parametrize(
    ("name", "role", "queries"),
    [
        ("requests:queue", Role.RECEPTION, 3),
        ("requests:research_queue", Role.RESEARCHER, 3),
        ("requests:contacts", Role.RECEPTION, 3),
        # Whether the person has a file is asked only when they have no request.
        ("requests:my_list", Role.APPLICANT, 2),
        ("requests:referrals", Role.RESEARCHER, 3),
    ],
)
def test_lists_run_the_same_number_of_queries_for_3_and_30_rows(
    client_for, django_assert_num_queries, name, role, queries
):
    user = ApplicantFactory() if role == Role.APPLICANT else staff(role)
    client = client_for(user)
    beneficiary = BeneficiaryFactory(owner=user) if role == Role.APPLICANT else None

    def add(n):
        for _ in range(n):
            if name == "requests:contacts":
                ContactLogFactory(request=signed_request(status=Status.SUBMITTED))
            elif name == "requests:referrals":
                Referral.objects.create(question="س", asked_by=staff(Role.RECEPTION))
            elif beneficiary is not None:
                signed_request(beneficiary=beneficiary, status=Status.SUBMITTED)
            else:
                _rows(1, researcher=user if role == Role.RESEARCHER else None)

    add(3)
    client.get(reverse(name))  # warm the session and caches
    with django_assert_num_queries(queries):
        assert client.get(reverse(name)).status_code == 200
    add(27)
    with django_assert_num_queries(queries):
        assert client.get(reverse(name)).status_code == 200


def test_the_staff_detail_page_query_count_does_not_grow_with_the_timeline(
    client_for, django_assert_num_queries
):
    req = signed_request(status=Status.SUBMITTED)
    officer = staff(Role.RECEPTION)
    client = client_for(officer)
    url = reverse("requests:detail", args=[req.reference])
    client.get(url)
    # The session with the person and their roles, and one read of the request with its file,
    # service and officers and every list the page shows (`requests.selectors.request_page_read`):
    # the timeline, research reports and their attachments, the documents the service requires, the
    # items asked for, the contacts, and the person's file: documents (for the file's list and
    # the checklist; who may open them answered from the roles), household, income
    with django_assert_num_queries(2):
        assert client.get(url).status_code == 200
    for _ in range(20):
        StatusChange.objects.create(
            request=req, from_status="submitted", to_status="submitted", actor=staff(Role.RECEPTION)
        )
        ContactLogFactory(request=req, beneficiary=req.beneficiary)
    with django_assert_num_queries(2):
        assert client.get(url).status_code == 200


# --- Role homes ----------------------------------------------------------------------------------


def test_the_reception_home_counts_work_and_due_dates(client_for):
    today = timezone.localdate()
    signed_request(status=Status.SUBMITTED)
    signed_request(status=Status.IN_RESEARCH, decision_due=today - datetime.timedelta(days=1))
    page = client_for(staff(Role.RECEPTION)).get(reverse("makin:home_reception")).content
    text = page.decode()
    assert reverse("requests:walk_in") in text
    assert f"{reverse('requests:queue')}?due=overdue" in text


def test_the_applicant_home_lists_their_latest_requests(owner, client_for):
    mine = signed_request(beneficiary=owner.beneficiary, status=Status.SUBMITTED)
    other = signed_request(status=Status.SUBMITTED)
    text = client_for(owner).get(reverse("makin:home_applicant")).content.decode()
    assert mine.reference in text
    assert other.reference not in text


@pytest.mark.parametrize("requests", [1, 12])
def test_the_applicant_home_has_a_pinned_query_count(
    owner, client_for, django_assert_num_queries, requests
):
    for _ in range(requests):
        signed_request(beneficiary=owner.beneficiary, status=Status.SUBMITTED)
    client = client_for(owner)
    url = reverse("makin:home_applicant")
    client.get(url)
    # The session with the person and their roles, their latest requests, their file, the
    # file's checklist (documents, verifications and the kinds every file needs, one read),
    # their letters.
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200


def test_the_printed_form_for_a_walk_in_carries_the_request_and_the_declaration(
    client_for, tmp_path
):
    req = SupportRequestFactory(details="طلب مصاحف للحلقة", service__name_ar="دعم حلقات التحفيظ")
    response = client_for(staff(Role.RECEPTION)).get(
        reverse("requests:form_pdf", args=[req.reference])
    )
    text = pdf_text(response.content, tmp_path)
    assert req.reference in text
    assert req.beneficiary.national_id in text
    assert "مسؤول مسؤولية" in text


def test_staff_open_a_document_of_the_request_but_not_of_another_file(client_for):
    req = signed_request(status=Status.SUBMITTED)
    mine = VerifiedDocumentFactory(beneficiary=req.beneficiary)
    elsewhere = VerifiedDocumentFactory()
    client = client_for(staff(Role.RECEPTION))
    assert (
        client.get(reverse("requests:document_file", args=[req.reference, mine.uuid])).status_code
        == 200
    )
    assert (
        client.get(
            reverse("requests:document_file", args=[req.reference, elsewhere.uuid])
        ).status_code
        == 404
    )


def test_a_paper_form_scan_that_is_not_a_pdf_or_image_is_refused(client_for):
    req = SupportRequestFactory()
    response = client_for(staff(Role.RECEPTION)).post(
        reverse("requests:step_declaration", args=[req.reference]),
        {"signed_form": SimpleUploadedFile("form.pdf", b"plain text")},
    )
    assert "لا تُقبل إلا ملفات PDF أو JPEG أو PNG." in response.content.decode()
    req.refresh_from_db()
    assert req.status == Status.DRAFT
    assert not req.signed_form


def test_service_and_tool_forms_show_arabic_errors_next_to_the_fields(client_for):
    client = client_for(staff(Role.MANAGER))
    page = client.post(reverse("requests:service_new"), {"code": "", "name_ar": ""}).content
    assert page.decode().count("هذا الحقل مطلوب") >= 2
    page = client.post(
        reverse("requests:tool_new"),
        {"kind": "bylaws", "name_ar": "اللائحة", "file": SimpleUploadedFile("x.pdf", b"MZ")},
    ).content.decode()
    assert "لا تُقبل إلا ملفات PDF أو JPEG أو PNG." in page
    assert 'value="اللائحة"' in page
    assert not StaffTool.objects.exists()


def test_the_english_staff_detail_marks_stored_arabic_as_data(client_for):
    """Names, the typed signature and a service without an English name are user data on an
    English page: isolated (`<bdi>`) or marked as Arabic, never loose among English words."""
    reception = staff(Role.RECEPTION, first_name="نورة", last_name="الحربي")
    req = signed_request(
        status=Status.SUBMITTED, received_by=reception, declaration_name="خالد محمد الجهني"
    )
    req.service.name_en = ""
    req.service.save()
    StatusChange.objects.create(request=req, to_status=Status.SUBMITTED, actor=reception)
    url = "/en" + reverse("requests:detail", args=[req.reference])
    page = client_for(reception).get(url).content.decode()
    assert "Signed on screen by <bdi>خالد محمد الجهني</bdi>" in page
    assert "By: <bdi>نورة الحربي</bdi>" in page
    assert "            <bdi>نورة الحربي</bdi>\n" in page  # the receiving officer
    assert f'<bdi lang="ar" dir="rtl">{req.service.name_ar}</bdi>' in page


@pytest.mark.parametrize(
    ("with_file", "with_request", "new_link", "warning"),
    [
        (False, False, False, True),
        (True, False, True, False),
        (True, True, True, False),
    ],
)
def test_my_requests_offers_a_new_request_only_to_a_person_with_a_file(
    client_for, with_file, with_request, new_link, warning
):
    person = ApplicantFactory()
    if with_file:
        file = BeneficiaryFactory(owner=person)
    if with_request:
        signed_request(beneficiary=file, status=Status.SUBMITTED)
    html = client_for(person).get(reverse("requests:my_list")).content.decode()
    assert (f'href="{reverse("requests:new")}">طلب جديد</a>' in html) is new_link
    assert ("قبل التقديم، يُرجى استكمال ملفك" in html) is warning
    assert ("ليس لديك طلبات بعد." in html) is not with_request

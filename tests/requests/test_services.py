"""The requests app's services: intake, the declaration, staff actions, contacts, tracking."""

import datetime
import re
import threading
import uuid

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from beneficiaries.arabic import normalize_arabic_name as normalize_name
from beneficiaries.models import Document
from makin import sms
from makin.channels import Channel
from makin.roles import Role
from requests import services
from requests.models import (
    ContactLog,
    MissingItem,
    ReferenceCounter,
    Referral,
    ResearchReport,
    Status,
    StatusChange,
    SupportRequest,
    TrackingAttempt,
)
from requests.services import TransitionError
from requests.text import DECLARATION_VERSION
from tests.errors import raises_code
from tests.factories import (
    PDF_BYTES,
    SIGNATURE,
    ApplicantFactory,
    BeneficiaryFactory,
    DocumentKindFactory,
    ServiceFactory,
    SupportRequestFactory,
    VerifiedDocumentFactory,
    document_kind,
    signed_request,
    staff,
)

pytestmark = pytest.mark.django_db


def pdf_upload(name="answer.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def service():
    document_kind("other")  # seeded by a migration; a transactional test may have flushed it
    kind = DocumentKindFactory()
    service = ServiceFactory(code="teacher-aid")
    service.required_document_kinds.add(kind)
    return service


@pytest.fixture
def owner():
    applicant = ApplicantFactory(email="owner@example.com")
    BeneficiaryFactory(owner=applicant)
    return applicant


def test_reference_numbers_follow_the_hijri_year_and_never_repeat():
    first = services.reference_next(today=datetime.date(2026, 11, 25))
    second = services.reference_next(today=datetime.date(2026, 11, 25))
    assert re.fullmatch(r"MK-1448-\d{6}", first)
    assert int(second[-6:]) == int(first[-6:]) + 1
    assert ReferenceCounter.objects.get(year=1448).value == int(second[-6:])


@pytest.mark.django_db(transaction=True)
def test_reference_numbers_are_unique_across_concurrent_connections():
    got: list[str] = []

    def take():
        try:
            for _ in range(10):
                got.append(services.reference_next())
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert len(got) == 40
    assert len(set(got)) == 40


def test_the_same_intake_form_posted_twice_makes_one_request(owner):
    service = ServiceFactory()
    token = uuid.uuid4()
    first = services.request_start(
        beneficiary=owner.beneficiary, service=service, actor=owner, token=token
    )
    again = services.request_start(
        beneficiary=owner.beneficiary, service=service, actor=owner, token=token
    )
    assert first.pk == again.pk
    assert SupportRequest.objects.count() == 1
    assert first.status == Status.DRAFT
    assert first.channel == Channel.WEBSITE
    assert StatusChange.objects.filter(request=first, to_status=Status.DRAFT).count() == 1


def test_an_applicant_cannot_start_a_request_for_someone_elses_file(owner):
    with pytest.raises(PermissionDenied):
        services.request_start(
            beneficiary=BeneficiaryFactory(),
            service=ServiceFactory(),
            actor=owner,
            token=uuid.uuid4(),
        )


def test_reception_records_the_channel_and_the_officer():
    officer = staff(Role.RECEPTION)
    req = services.request_start(
        beneficiary=BeneficiaryFactory(),
        service=ServiceFactory(),
        actor=officer,
        token=uuid.uuid4(),
        channel=Channel.PHONE,
    )
    assert (req.channel, req.received_by) == (Channel.PHONE, officer)


def test_an_inactive_service_cannot_be_requested(owner):
    with pytest.raises(TransitionError):
        services.request_start(
            beneficiary=owner.beneficiary,
            service=ServiceFactory(is_active=False),
            actor=owner,
            token=uuid.uuid4(),
        )


def test_the_declaration_needs_the_name_of_the_file_and_a_signature(owner):
    req = SupportRequestFactory(beneficiary=owner.beneficiary)
    with pytest.raises(ValidationError) as error:
        services.request_sign_declaration(
            request=req, actor=owner, typed_name="اسم آخر", signature="x", ip="10.0.0.1"
        )
    assert set(error.value.error_dict) == {"typed_name", "signature"}
    req.refresh_from_db()
    assert req.declaration_signed_at is None


def test_signing_keeps_time_address_and_the_texts_version(owner):
    req = SupportRequestFactory(beneficiary=owner.beneficiary)
    # Diacritics, other alef forms and extra spaces do not make the name different.
    typed = "  مُحمد عبدالله  سالم الحربي "
    services.request_sign_declaration(
        request=req, actor=owner, typed_name=typed, signature=SIGNATURE, ip="10.0.0.1"
    )
    req.refresh_from_db()
    assert req.declaration_signed_at is not None
    assert req.declaration_version == DECLARATION_VERSION
    assert req.declaration_ip == "10.0.0.1"
    assert req.signature == SIGNATURE
    assert req.declaration_method == "drawn"


def test_signing_without_drawing_needs_the_ticked_statement(owner):
    req = SupportRequestFactory(beneficiary=owner.beneficiary)
    with pytest.raises(ValidationError) as error:
        services.request_sign_declaration(
            request=req, actor=owner, typed_name=owner.beneficiary.full_name, ip="10.0.0.1"
        )
    assert set(error.value.error_dict) == {"sign_by_typing"}
    req.refresh_from_db()
    assert (req.declaration_signed_at, req.declaration_method) == (None, "")

    services.request_sign_declaration(
        request=req,
        actor=owner,
        typed_name=owner.beneficiary.full_name,
        sign_by_typing=True,
        ip="10.0.0.2",
    )
    req.refresh_from_db()
    assert req.declaration_signed_at is not None
    assert (req.declaration_method, req.declaration_ip, req.signature) == ("typed", "10.0.0.2", "")
    assert req.declaration_version == DECLARATION_VERSION


def test_names_compare_without_diacritics_and_letter_variants():
    assert normalize_name("أحمد  إبراهيم") == normalize_name("احمد ابراهيم")
    assert normalize_name("فاطمة") == normalize_name("فاطمه")


def test_submitting_twice_makes_one_submission(owner, django_capture_on_commit_callbacks):
    req = SupportRequestFactory(beneficiary=owner.beneficiary)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_declare_and_submit(
            request=req,
            actor=owner,
            typed_name=owner.beneficiary.full_name,
            signature=SIGNATURE,
            ip="10.0.0.1",
        )
    with pytest.raises(TransitionError):
        services.request_declare_and_submit(
            request=req,
            actor=owner,
            typed_name=owner.beneficiary.full_name,
            signature=SIGNATURE,
            ip="10.0.0.1",
        )
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED
    assert req.submitted_at is not None
    assert StatusChange.objects.filter(request=req, to_status=Status.SUBMITTED).count() == 1
    assert len(mail.outbox) == 1


def test_a_walk_in_signs_on_paper_and_reception_attaches_the_scan():
    officer = staff(Role.RECEPTION)
    req = SupportRequestFactory()
    scan = SimpleUploadedFile("form.pdf", PDF_BYTES, content_type="application/pdf")
    services.request_attach_signed_form(request=req, actor=officer, file=scan)
    services.request_submit(request=req, actor=officer)
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED
    assert req.signed_form


def test_an_applicant_cannot_attach_a_paper_form(owner):
    req = SupportRequestFactory(beneficiary=owner.beneficiary)
    scan = SimpleUploadedFile("form.pdf", PDF_BYTES)
    with pytest.raises(PermissionDenied):
        services.request_attach_signed_form(request=req, actor=owner, file=scan)


def test_a_submitted_request_can_no_longer_be_edited(owner):
    req = signed_request(beneficiary=owner.beneficiary, status=Status.SUBMITTED)
    with pytest.raises(TransitionError):
        services.request_update_details(
            request=req, actor=owner, details="x", amount_requested=None
        )


def test_marking_incomplete_asks_for_items_the_applicant_answers_before_submitting_again(
    owner, service, django_capture_on_commit_callbacks
):
    """Reception asks for a required document kind and a free item; each becomes a row, the
    applicant is told what is missing (e-mail and SMS), and the request cannot be submitted
    again until both are answered."""
    req = signed_request(beneficiary=owner.beneficiary, status=Status.SUBMITTED, service=service)
    kind = service.required_document_kinds.get()
    reception = staff(Role.RECEPTION)
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_mark_incomplete(
            request=req,
            actor=reception,
            kinds=[kind],
            labels=["شهادة الراتب", "  "],
            note="نرجو الإرفاق",
        )
    req.refresh_from_db()
    assert req.status == Status.INCOMPLETE
    rows = list(
        MissingItem.objects.filter(request=req).values_list(
            "kind__code", "label", "asked_by", "document"
        )
    )
    assert rows == [("id_copy", "", reception.pk, None), (None, "شهادة الراتب", reception.pk, None)]
    assert "- صورة الهوية\n- شهادة الراتب" in mail.outbox[0].body
    (sms_text,) = [text for _to, text in sms.outbox]
    assert "صورة الهوية" in sms_text
    assert "شهادة الراتب" in sms_text

    with raises_code(TransitionError, ["missing_items_answered", "missing_items_answered"]):
        services.request_submit(request=req, actor=owner)
    salary = MissingItem.objects.get(request=req, label="شهادة الراتب")
    answered = services.missing_item_answer(item=salary, actor=owner, upload=pdf_upload())
    document = answered.document
    assert (document.kind.code, document.title, document.beneficiary) == (
        "other",
        "شهادة الراتب",
        owner.beneficiary,
    )
    assert (answered.answered_by, answered.answered_at is not None) == (owner, True)
    with raises_code(TransitionError, ["missing_items_answered"]):
        services.request_submit(request=req, actor=owner)
    id_item = MissingItem.objects.get(request=req, kind=kind)
    services.missing_item_answer(
        item=id_item,
        actor=owner,
        upload=pdf_upload(),
        expiry_date=timezone.localdate() + datetime.timedelta(days=300),
    )
    assert MissingItem.objects.get(pk=id_item.pk).document.kind == kind
    services.request_submit(request=req, actor=owner)
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED
    assert salary.history.count() == 2


def test_reception_answers_an_item_for_a_walk_in(service):
    walk_in = signed_request(status=Status.SUBMITTED, beneficiary__owner=None, service=service)
    reception = staff(Role.RECEPTION)
    services.request_mark_incomplete(request=walk_in, actor=reception, labels=["خطاب التعريف"])
    item = MissingItem.objects.get(request=walk_in)
    services.missing_item_answer(item=item, actor=reception, upload=pdf_upload())
    item.refresh_from_db()
    assert (item.document.title, item.answered_by) == ("خطاب التعريف", reception)
    services.request_submit(request=walk_in, actor=reception)
    walk_in.refresh_from_db()
    assert walk_in.status == Status.SUBMITTED


def test_an_item_is_answered_once_and_only_while_the_request_waits_for_it(owner, service):
    req = signed_request(beneficiary=owner.beneficiary, status=Status.SUBMITTED)
    services.request_mark_incomplete(request=req, actor=staff(Role.RECEPTION), labels=["صك"])
    item = MissingItem.objects.get(request=req)
    services.missing_item_answer(item=item, actor=owner, upload=pdf_upload())
    with raises_code(TransitionError, "already_answered"):
        services.missing_item_answer(item=item, actor=owner, upload=pdf_upload())
    services.request_submit(request=req, actor=owner)
    second = MissingItem.objects.create(request=req, label="أخرى")
    with raises_code(TransitionError, "not_editable"):
        services.missing_item_answer(item=second, actor=owner, upload=pdf_upload())
    assert Document.objects.filter(beneficiary=owner.beneficiary).count() == 1


def test_another_applicant_cannot_answer_an_item(service):
    req = signed_request(status=Status.SUBMITTED, beneficiary__owner=ApplicantFactory())
    services.request_mark_incomplete(request=req, actor=staff(Role.RECEPTION), labels=["صك"])
    item = MissingItem.objects.get(request=req)
    with pytest.raises(PermissionDenied):
        services.missing_item_answer(item=item, actor=ApplicantFactory(), upload=pdf_upload())
    with pytest.raises(PermissionDenied):
        services.missing_item_answer(item=item, actor=staff(Role.RESEARCHER), upload=pdf_upload())
    assert not Document.objects.exists()
    assert MissingItem.objects.get(pk=item.pk).document is None


@pytest.mark.parametrize(
    ("kinds", "labels", "code"),
    [
        ([], [], "nothing_missing"),
        ([], ["   "], "nothing_missing"),
        ([], ["ش" * 201], "item_too_long"),
        (["family_record"], [], "kind_not_required"),
    ],
)
def test_marking_incomplete_without_a_proper_item_is_refused(service, kinds, labels, code):
    req = signed_request(status=Status.SUBMITTED, service=service)
    with raises_code(TransitionError, code):
        services.request_mark_incomplete(
            request=req,
            actor=staff(Role.RECEPTION),
            kinds=[document_kind(k) for k in kinds],
            labels=labels,
        )
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED
    assert not MissingItem.objects.exists()


def test_a_refused_move_leaves_no_items():
    """The items are written with the move: a move that is refused (here the request moved on
    meanwhile) leaves none behind."""
    req = signed_request(status=Status.VERIFIED)
    with raises_code(TransitionError, "move_not_allowed"):
        services.request_mark_incomplete(request=req, actor=staff(Role.RECEPTION), labels=["صك"])
    assert not MissingItem.objects.exists()


def test_an_item_is_a_kind_or_a_label_never_both_nor_neither():
    req = signed_request(status=Status.INCOMPLETE)
    for fields in ({}, {"kind": document_kind("other"), "label": "صك"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            MissingItem.objects.create(request=req, **fields)


def test_documents_added_from_the_request_go_to_the_file_and_staff_verify_them(owner):
    kind = DocumentKindFactory()
    req = SupportRequestFactory(beneficiary=owner.beneficiary)
    upload = SimpleUploadedFile("id.pdf", PDF_BYTES, content_type="application/pdf")
    document = services.document_add(
        request=req,
        actor=owner,
        kind=kind,
        file=upload,
        expiry_date=timezone.localdate() + datetime.timedelta(days=300),
    )
    assert document.beneficiary == owner.beneficiary
    assert document.status == "pending"
    with pytest.raises(PermissionDenied):
        services.document_review(document=document, actor=owner, verified=True)
    with pytest.raises(ValidationError):
        services.document_review(document=document, actor=staff(Role.RECEPTION), verified=False)
    officer = staff(Role.RECEPTION)
    services.document_review(document=document, actor=officer, verified=True)
    document.refresh_from_db()
    assert (document.status, document.verified_by) == ("verified", officer)


def test_assigning_the_researcher_sends_a_verified_request_to_research(
    django_capture_on_commit_callbacks,
):
    req = signed_request(status=Status.VERIFIED)
    researcher = staff(Role.RESEARCHER, email="r@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_assign_researcher(
            request=req, actor=staff(Role.RECEPTION), researcher=researcher
        )
    req.refresh_from_db()
    assert (req.status, req.researcher) == (Status.IN_RESEARCH, researcher)
    assert any(req.reference in m.subject and m.to == ["r@example.com"] for m in mail.outbox)


def test_only_a_researcher_can_be_assigned():
    req = signed_request(status=Status.VERIFIED)
    with pytest.raises(ValidationError):
        services.request_assign_researcher(
            request=req, actor=staff(Role.RECEPTION), researcher=staff(Role.MANAGER)
        )


def test_the_research_report_sends_the_request_to_the_committee():
    researcher = staff(Role.RESEARCHER)
    req = signed_request(status=Status.IN_RESEARCH, researcher=researcher)
    photo = SimpleUploadedFile("visit.pdf", PDF_BYTES, content_type="application/pdf")
    report = services.research_report_create(
        request=req,
        actor=researcher,
        data={
            "visit_kind": "home_visit",
            "visit_date": datetime.date.today(),
            "met_with": "الأم",
            "findings": "تحتاج الأسرة الدعم",
            "household_matches_file": True,
            "recommendation": "approve",
            "proposed_support": "إعانة",
            "proposed_amount": 1500,
        },
        files=[photo],
    )
    req.refresh_from_db()
    assert req.status == Status.READY_FOR_COMMITTEE
    assert report.attachments.count() == 1


def test_a_report_on_a_request_not_in_research_is_refused_and_not_kept():
    researcher = staff(Role.RESEARCHER)
    req = signed_request(status=Status.VERIFIED, researcher=researcher)
    with pytest.raises(TransitionError):
        services.research_report_create(
            request=req,
            actor=researcher,
            data={
                "visit_kind": "interview",
                "visit_date": datetime.date.today(),
                "met_with": "x",
                "findings": "y",
                "household_matches_file": True,
                "recommendation": "reject",
            },
        )
    assert not ResearchReport.objects.exists()


def test_a_contact_with_a_question_refers_it_to_the_researcher(django_capture_on_commit_callbacks):
    officer = staff(Role.RECEPTION)
    researcher = staff(Role.RESEARCHER)
    req = signed_request(status=Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        contact = services.contact_log(
            actor=officer,
            channel=Channel.PHONE,
            kind="request",
            summary="سأل عن موعد الرد",
            request=req,
            refer_question="هل تشمل الخدمة الإيجار؟",
            researcher=researcher,
        )
    assert contact.beneficiary == req.beneficiary
    referral = Referral.objects.get()
    assert (referral.contact, referral.researcher) == (contact, researcher)
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_answer(referral=referral, actor=researcher, answer="نعم")
    referral.refresh_from_db()
    assert referral.is_answered
    assert referral.answered_by == researcher
    with pytest.raises(ValidationError):
        services.referral_answer(referral=referral, actor=researcher, answer="مرة أخرى")


def test_an_inquiry_without_a_file_or_request_is_logged():
    services.contact_log(
        actor=staff(Role.RECEPTION),
        channel=Channel.SOCIAL_MEDIA,
        kind="inquiry",
        summary="سؤال عن الدورات",
        visitor_name="زائر",
    )
    contact = ContactLog.objects.get()
    assert contact.beneficiary is None
    assert contact.request is None


def test_an_applicant_cannot_log_contacts(owner):
    with pytest.raises(PermissionDenied):
        services.contact_log(actor=owner, channel="phone", kind="inquiry", summary="x")


def test_tracking_finds_by_reference_and_id_and_limits_guessing():
    req = signed_request(status=Status.SUBMITTED)
    national_id = req.beneficiary.national_id
    found = services.tracking_lookup(
        reference=req.reference.lower(), national_id=national_id, ip="10.1.1.1"
    )
    assert found == req
    assert (
        services.tracking_lookup(reference=req.reference, national_id="1000000008", ip="10.1.1.1")
        is None
    )
    for _ in range(services.TRACKING_LIMIT - 2):
        services.tracking_lookup(reference="MK-X", national_id=national_id, ip="10.1.1.1")
    with pytest.raises(services.RateLimited):
        services.tracking_lookup(reference=req.reference, national_id=national_id, ip="10.1.1.1")
    # Another address is not limited, and old attempts stop counting.
    assert services.tracking_lookup(reference=req.reference, national_id=national_id, ip="10.2.2.2")
    TrackingAttempt.objects.filter(ip="10.1.1.1").update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert services.tracking_lookup(reference=req.reference, national_id=national_id, ip="10.1.1.1")


def test_a_draft_is_not_found_by_tracking():
    req = SupportRequestFactory()
    assert (
        services.tracking_lookup(
            reference=req.reference, national_id=req.beneficiary.national_id, ip="10.3.3.3"
        )
        is None
    )


def test_the_checklist_reuses_the_files_documents():
    from requests.selectors import document_checklist

    kind = DocumentKindFactory()
    service = ServiceFactory()
    service.required_document_kinds.add(kind)
    req = SupportRequestFactory(service=service)
    assert [row.ok for row in document_checklist(req)] == [False]
    VerifiedDocumentFactory(beneficiary=req.beneficiary, kind=kind)
    assert [row.ok for row in document_checklist(req)] == [True]


def test_a_service_without_the_committee_is_approved_by_the_manager_after_research(client_for):
    from django.urls import reverse

    researcher = staff(Role.RESEARCHER)
    req = signed_request(
        status=Status.IN_RESEARCH, researcher=researcher, service__needs_committee=False
    )
    services.research_report_create(
        request=req,
        actor=researcher,
        data={
            "visit_kind": "phone",
            "visit_date": datetime.date.today(),
            "met_with": "الطالب",
            "findings": "أتم حفظ خمسة أجزاء",
            "household_matches_file": True,
            "recommendation": "approve",
        },
    )
    req.refresh_from_db()
    assert req.status == Status.IN_RESEARCH
    manager = client_for(staff(Role.MANAGER))
    url = reverse("requests:move", args=[req.reference, "approved"])
    assert url in manager.get(reverse("requests:detail", args=[req.reference])).content.decode()
    manager.post(url, {"expected": "in_research"})
    req.refresh_from_db()
    assert req.status == Status.APPROVED
    assert req.decided_at is not None


def test_an_expired_document_cannot_be_verified_from_the_request():
    req = SupportRequestFactory()
    document = VerifiedDocumentFactory(
        beneficiary=req.beneficiary,
        status="pending",
        expiry_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        services.document_review(document=document, actor=staff(Role.RECEPTION), verified=True)
    document.refresh_from_db()
    assert document.status == "pending"


def test_a_file_that_is_not_a_pdf_or_image_is_refused_from_the_request(owner):
    req = SupportRequestFactory(beneficiary=owner.beneficiary)
    upload = SimpleUploadedFile("id.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.document_add(request=req, actor=owner, kind=DocumentKindFactory(), file=upload)
    assert not owner.beneficiary.documents.exists()


@pytest.mark.django_db(transaction=True)
def test_the_tracking_limit_holds_under_fifty_simultaneous_look_ups():
    """50 look-ups from one address at once, each on its own database connection: exactly the
    limit of 10 get an answer, the other 40 are refused."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(50)
    outcomes = []
    lock = threading.Lock()

    def look_up():
        try:
            barrier.wait()
            try:
                services.tracking_lookup(
                    reference="MK-1448-000001", national_id="1000000008", ip="10.50.50.50"
                )
                outcome = "answered"
            except services.RateLimited:
                outcome = "limited"
            with lock:
                outcomes.append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=look_up) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("answered") == 10
    assert outcomes.count("limited") == 40
    assert TrackingAttempt.objects.filter(ip="10.50.50.50").count() == 10

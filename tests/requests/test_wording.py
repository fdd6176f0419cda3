"""Right words for the right person: the applicant reads "your request", staff acting for a
walk-in read about "the applicant" and "the file" — on the same pages, after the same actions."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from makin.roles import Role
from makin.wording import Reader, reader_of
from requests import services
from requests.models import Status
from tests.factories import (
    PDF_BYTES,
    ApplicantFactory,
    BeneficiaryFactory,
    DocumentKindFactory,
    ServiceFactory,
    SupportRequestFactory,
    signed_request,
    staff,
)

pytestmark = pytest.mark.django_db


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


@pytest.fixture
def owner():
    applicant = ApplicantFactory()
    BeneficiaryFactory(owner=applicant)
    return applicant


@pytest.fixture
def service():
    service = ServiceFactory()
    service.required_document_kinds.add(DocumentKindFactory())
    return service


def _upload(client, req):
    return client.post(
        en("requests:step_documents", req.reference),
        {
            "kind": req.service.required_document_kinds.get().pk,
            "file": SimpleUploadedFile("id.pdf", PDF_BYTES, content_type="application/pdf"),
            "expiry_date": (timezone.localdate() + datetime.timedelta(days=300)).isoformat(),
        },
        follow=True,
    ).content.decode()


def test_the_reader_is_the_applicant_only_on_their_own_file(owner):
    officer = staff(Role.RECEPTION)
    assert reader_of(owner, owner_id=owner.pk) == Reader.APPLICANT
    assert reader_of(officer, owner_id=owner.pk) == Reader.STAFF
    assert reader_of(officer, owner_id=None) == Reader.STAFF
    assert reader_of(ApplicantFactory(), owner_id=owner.pk) == Reader.STAFF


def test_adding_a_document_in_the_wizard_thanks_each_reader_in_their_words(
    owner, service, client_for
):
    mine = SupportRequestFactory(beneficiary=owner.beneficiary, service=service)
    walk_in = SupportRequestFactory(beneficiary=BeneficiaryFactory(), service=service)

    applicant_page = _upload(client_for(owner), mine)
    reception_page = _upload(client_for(staff(Role.RECEPTION)), walk_in)

    assert "The document was added to your file." in applicant_page
    assert "Documents already in your file are used again; add what is missing." in applicant_page
    assert "The document was added to the file." in reception_page
    assert "Documents already in the file are used again; add what is missing." in reception_page
    assert "your file" not in reception_page


def test_submitting_tells_the_applicant_to_keep_the_number_and_reception_to_give_it(
    owner, client_for
):
    mine = SupportRequestFactory(beneficiary=owner.beneficiary)
    walk_in = SupportRequestFactory(beneficiary=BeneficiaryFactory())

    applicant_page = client_for(owner).post(
        en("requests:step_declaration", mine.reference),
        {"agree": "on", "typed_name": owner.beneficiary.full_name, "sign_by_typing": "on"},
        follow=True,
    )
    reception_page = client_for(staff(Role.RECEPTION)).post(
        en("requests:step_declaration", walk_in.reference),
        {"signed_form": SimpleUploadedFile("form.pdf", PDF_BYTES, content_type="application/pdf")},
        follow=True,
    )

    assert (
        f"Your request {mine.reference} was submitted. Keep this number to follow it."
        in applicant_page.content.decode()
    )
    assert (
        f"The request {walk_in.reference} was submitted. Give the applicant this number (it is "
        "on the receipt) to follow it." in reception_page.content.decode()
    )


def test_the_wizard_pages_speak_to_the_applicant_and_about_the_applicant_to_reception(
    owner, client_for
):
    mine = SupportRequestFactory(beneficiary=owner.beneficiary)
    walk_in = SupportRequestFactory(beneficiary=BeneficiaryFactory())
    applicant = client_for(owner)
    assert "Check your request" in applicant.get(en("requests:step_review", mine.reference)).text
    details = applicant.get(en("requests:step_details", mine.reference)).text
    assert "Describe your need in a few sentences." in details

    reception = client_for(staff(Role.RECEPTION))
    review = reception.get(en("requests:step_review", walk_in.reference)).text
    assert "Check the request" in review
    assert "Check your request" not in review
    details = reception.get(en("requests:step_details", walk_in.reference)).text
    assert "Describe the applicant's need in a few sentences." in details

    refused = reception.post(
        en("requests:step_details", walk_in.reference), {"details": "", "amount_requested": ""}
    ).text
    assert "Please describe the applicant&#x27;s need." in refused
    walk_in.refresh_from_db()
    assert walk_in.details == ""


def test_what_is_missing_is_asked_of_the_applicant_and_reported_to_staff(owner, client_for):
    req = signed_request(beneficiary=owner.beneficiary, status=Status.SUBMITTED)
    officer = staff(Role.RECEPTION)
    services.request_mark_incomplete(request=req, actor=officer, labels=["شهادة الراتب"])

    applicant_page = client_for(owner).get(en("requests:my_detail", req.reference)).text
    reception = client_for(officer)
    staff_page = reception.get(en("requests:detail", req.reference)).text
    wizard_page = reception.get(en("requests:step_documents", req.reference)).text

    assert "The officer asks you to complete the following:" in applicant_page
    for page in (staff_page, wizard_page):
        assert "The applicant must still provide the following:" in page
        assert "The officer asks you" not in page


def test_the_arabic_words_for_reception_are_not_the_applicants(owner, client_for):
    walk_in = signed_request(beneficiary=BeneficiaryFactory(), status=Status.SUBMITTED)
    officer = staff(Role.RECEPTION)
    services.request_mark_incomplete(request=walk_in, actor=officer, labels=["شهادة الراتب"])

    page = client_for(officer).get(reverse("requests:step_review", args=[walk_in.reference]))

    text = page.content.decode()
    assert "ما زال على المستفيد تقديم ما يلي:" in text
    assert "راجع الطلب" in text
    assert "يطلب منك الموظف" not in text
    assert "راجع طلبك" not in text

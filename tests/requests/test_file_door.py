"""Every way to a file's papers goes through one door: a document from `/documents/<uuid>/` or
from the request's checklist, the scanned signed form and a research attachment are checked by
the same rule, leave the same access-log entry, are never cached and download under a name
whose extension is their real type."""

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.urls import reverse

from beneficiaries.models import FileAccess
from makin.roles import Role
from requests import services
from requests.models import ResearchAttachment, Status
from tests.factories import (
    PDF_BYTES,
    ApplicantFactory,
    BeneficiaryFactory,
    ResearchReportFactory,
    VerifiedDocumentFactory,
    signed_request,
    staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def papers():
    owner = ApplicantFactory()
    file = BeneficiaryFactory(owner=owner)
    req = signed_request(beneficiary=file, status=Status.IN_RESEARCH)
    # Saved under a name that lies about its type: it downloads as what it is.
    req.signed_form.save("scan.html", ContentFile(PDF_BYTES))
    document = VerifiedDocumentFactory(beneficiary=file)
    attachment = ResearchAttachment.objects.create(
        report=ResearchReportFactory(request=req),
        file=ContentFile(PDF_BYTES, name="x"),
        original_name="صورة المنزل.html",
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )
    return {
        "owner": owner,
        "file": file,
        "document": f"/documents/{document.uuid}/",
        "document_file": reverse("requests:document_file", args=[req.reference, document.uuid]),
        "signed_form": reverse("requests:signed_form", args=[req.reference]),
        "attachment": reverse("requests:attachment", args=[attachment.pk]),
        "request": req,
        "attachment_pk": attachment.pk,
    }


WAYS = ["document", "document_file", "signed_form", "attachment"]

# Who gets which way: the same answer for the same person whichever way they come. Applicants
# get 403 on staff addresses (the page's capability) before any file is looked at.
# fmt: off
ANSWERS = {
    Role.RECEPTION:  {"document": 200, "document_file": 200, "signed_form": 200, "attachment": 200},
    Role.RESEARCHER: {"document": 200, "document_file": 200, "signed_form": 200, "attachment": 200},
    Role.COMMITTEE:  {"document": 200, "document_file": 200, "signed_form": 200, "attachment": 200},
    Role.MANAGER:    {"document": 404, "document_file": 404, "signed_form": 404, "attachment": 404},
    Role.ADMIN:      {"document": 404, "document_file": 404, "signed_form": 404, "attachment": 404},
    "other":         {"document": 404, "document_file": 403, "signed_form": 403, "attachment": 403},
}
# fmt: on

LOGGED_ACTION = {
    "document": "document",
    "document_file": "document",
    "signed_form": "form",
    "attachment": "attachment",
}


@pytest.mark.parametrize("who", list(ANSWERS))
@pytest.mark.parametrize("way", WAYS)
def test_each_way_to_a_paper_answers_as_the_file_door_and_logs_one_entry(
    papers, client_for, who, way
):
    user = ApplicantFactory() if who == "other" else staff(who)
    response = client_for(user).get(papers[way])
    expected = ANSWERS[who][way]
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control
        rows = list(FileAccess.objects.values_list("user", "beneficiary", "action"))
        assert rows == [(user.pk, papers["file"].pk, LOGGED_ACTION[way])]
    else:
        assert not FileAccess.objects.exists()


def test_a_paper_downloads_under_the_extension_of_its_real_type(papers, client_for):
    client = client_for(staff(Role.RESEARCHER))
    reference = papers["request"].reference
    assert client.get(papers["signed_form"])["Content-Disposition"] == (
        f'inline; filename="{reference}-signed-form.pdf"'
    )
    assert client.get(papers["attachment"])["Content-Disposition"] == (
        "inline; filename*=utf-8''"
        "%D8%B5%D9%88%D8%B1%D8%A9%20%D8%A7%D9%84%D9%85%D9%86%D8%B2%D9%84.pdf"
    )


def test_the_owner_through_the_door_itself_is_let_in_and_not_logged(papers):
    owner = papers["owner"]
    assert services.signed_form_open(request=papers["request"], user=owner)
    assert services.research_attachment_open(user=staff(Role.RECEPTION), pk=papers["attachment_pk"])
    assert FileAccess.objects.count() == 1  # the reception's look only


def test_another_applicant_through_the_door_itself_finds_nothing(papers):
    other = ApplicantFactory()
    with pytest.raises(Http404):
        services.signed_form_open(request=papers["request"], user=other)
    with pytest.raises(Http404):
        services.research_attachment_open(user=other, pk=papers["attachment_pk"])
    assert not FileAccess.objects.exists()


def test_a_request_without_a_scanned_form_has_none_to_open(client_for):
    req = signed_request(status=Status.SUBMITTED)
    response = client_for(staff(Role.RECEPTION)).get(
        reverse("requests:signed_form", args=[req.reference])
    )
    assert response.status_code == 404
    assert not FileAccess.objects.exists()

"""The research report as a draft: what the researcher types and the photos they choose are
kept until they submit; a wrong field on submit loses nothing; a refused photo stores nothing;
the draft and its photos are the author's alone; research files open through one door that
writes the file's access log."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from beneficiaries.models import FileAccess
from makin.audience import Audience
from makin.roles import Role
from requests.models import (
    ResearchAttachment,
    ResearchDraft,
    ResearchReport,
    Status,
    StatusChange,
)
from requests.services import request_transition, research_draft_save
from tests.factories import PDF_BYTES, jpeg_bytes, signed_request, staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAKIN_DOCUMENT_MAX_BYTES = 50_000


@pytest.fixture
def researcher():
    return staff(Role.RESEARCHER)


@pytest.fixture
def req(researcher):
    return signed_request(status=Status.IN_RESEARCH, researcher=researcher)


def photo(name="بيت.jpg"):
    return SimpleUploadedFile(name, jpeg_bytes(20, 20), content_type="image/jpeg")


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


FULL = {
    "expected": "in_research",
    "visit_kind": "home_visit",
    "visit_date": "2026-11-20",
    "met_with": "الأب",
    "findings": "الأسرة مكونة من ستة أفراد",
    "household_matches_file": "on",
    "recommendation": "approve",
    "proposed_support": "إعانة شهرية",
    "proposed_amount": "1500",
}


def url_of(req):
    return reverse("requests:research", args=[req.reference])


def test_a_draft_keeps_what_was_typed_and_the_photo_without_moving_the_request(
    client_for, researcher, req
):
    client = client_for(researcher)
    response = client.post(
        url_of(req),
        {
            "expected": "in_research",
            "met_with": "الأم",
            "findings": "زيارة أولى: المنزل مستأجر",
            "attachments": [photo()],
            "save_draft": "1",
        },
    )
    assert response.status_code == 302
    assert response.url == url_of(req)
    req.refresh_from_db()
    assert req.status == Status.IN_RESEARCH
    assert not ResearchReport.objects.exists()
    assert req.timeline.count() == 0
    draft = ResearchDraft.objects.get()
    assert (draft.author, draft.met_with, draft.findings, draft.visit_date) == (
        researcher,
        "الأم",
        "زيارة أولى: المنزل مستأجر",
        None,
    )
    assert list(draft.attachments.values_list("original_name", flat=True)) == ["بيت.jpg"]

    page = client.get(url_of(req)).content.decode()
    assert 'value="الأم"' in page
    assert "زيارة أولى: المنزل مستأجر</textarea>" in page
    attachment = draft.attachments.get()
    assert f'href="/staff/research-files/{attachment.pk}/"' in page
    assert f'id="remove-{attachment.pk}"' in page


def test_a_photo_ticked_for_removal_leaves_the_draft_and_the_disk(
    client_for, researcher, req, settings, django_capture_on_commit_callbacks
):
    client = client_for(researcher)
    client.post(
        url_of(req), {"expected": "in_research", "attachments": [photo()], "save_draft": "1"}
    )
    attachment = ResearchAttachment.objects.get()
    assert len(stored_files(settings)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url_of(req),
            {"expected": "in_research", "remove": [str(attachment.pk)], "save_draft": "1"},
        )
    assert not ResearchAttachment.objects.exists()
    assert stored_files(settings) == []


def test_a_wrong_field_on_submit_keeps_the_text_and_the_photo_then_submitting_uses_them(
    client_for, researcher, req, settings
):
    client = client_for(researcher)
    wrong = {**FULL, "findings": "", "attachments": [photo()], "submit": "1"}
    response = client.post(url_of(req), wrong)
    assert response.status_code == 200
    page = response.content.decode()
    assert "هذا الحقل مطلوب." in page
    assert 'value="الأب"' in page
    assert "بيت.jpg" in page
    assert not ResearchReport.objects.exists()
    req.refresh_from_db()
    assert req.status == Status.IN_RESEARCH
    draft = ResearchDraft.objects.get()
    assert (draft.met_with, draft.proposed_amount, draft.findings) == ("الأب", 1500, "")
    assert draft.attachments.count() == 1
    stored = stored_files(settings)

    # The browser does not send the photo again: the report takes the one kept on the draft.
    response = client.post(url_of(req), {**FULL, "submit": "1"})
    assert response.status_code == 302
    report = ResearchReport.objects.get()
    assert list(report.attachments.values_list("original_name", flat=True)) == ["بيت.jpg"]
    assert stored_files(settings) == stored
    assert not ResearchDraft.objects.exists()
    req.refresh_from_db()
    assert req.status == Status.READY_FOR_COMMITTEE
    move = StatusChange.objects.get(request=req, to_status=Status.READY_FOR_COMMITTEE)
    assert (move.audience, move.note) == (Audience.STAFF, "")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("بيت.png", b"<html><script>alert(1)</script></html>", "image/png"),
            "لا تُقبل إلا ملفات PDF أو JPEG أو PNG.",
        ),
        (
            SimpleUploadedFile("كبير.pdf", PDF_BYTES + b"%" * 60_000, "application/pdf"),
            "حجم الملف أكبر من",
        ),
    ],
    ids=["script-as-picture", "too-large"],
)
@pytest.mark.parametrize("button", ["save_draft", "submit"])
def test_a_refused_photo_stores_nothing_and_keeps_the_text(
    client_for, researcher, req, settings, upload, message, button
):
    upload.seek(0)
    response = client_for(researcher).post(
        url_of(req), {**FULL, "attachments": [upload], button: "1"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "الأسرة مكونة من ستة أفراد</textarea>" in page
    assert not ResearchDraft.objects.exists()
    assert not ResearchAttachment.objects.exists()
    assert not ResearchReport.objects.exists()
    assert stored_files(settings) == []


def test_a_negative_amount_on_a_draft_is_refused_in_arabic_and_nothing_is_saved(
    client_for, researcher, req
):
    response = client_for(researcher).post(
        url_of(req),
        {"expected": "in_research", "met_with": "الأب", "proposed_amount": "-5", "save_draft": "1"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "تحقق من أن تكون هذه القيمة أكثر من 0 أو مساوية لها." in page
    assert 'value="الأب"' in page
    assert not ResearchDraft.objects.exists()


def test_another_researcher_sees_neither_the_draft_nor_its_photo(client_for, researcher, req):
    client_for(researcher).post(
        url_of(req),
        {
            "expected": "in_research",
            "met_with": "سر الباحث",
            "attachments": [photo()],
            "save_draft": "1",
        },
    )
    attachment = ResearchAttachment.objects.get()
    colleague = staff(Role.RESEARCHER)
    client = client_for(colleague)
    page = client.get(url_of(req)).content.decode()
    assert "سر الباحث" not in page
    assert "بيت.jpg" not in page
    assert client.get(reverse("requests:attachment", args=[attachment.pk])).status_code == 404
    # Nor may they remove it by naming it in their own draft.
    client.post(
        url_of(req),
        {"expected": "in_research", "remove": [str(attachment.pk)], "save_draft": "1"},
    )
    assert ResearchAttachment.objects.filter(pk=attachment.pk).exists()
    manager = staff(Role.MANAGER)
    assert (
        client_for(manager).get(reverse("requests:attachment", args=[attachment.pk])).status_code
        == 404
    )


def test_a_research_file_opens_through_the_door_that_writes_the_access_log(
    client_for, researcher, req
):
    client_for(researcher).post(url_of(req), {**FULL, "attachments": [photo()], "submit": "1"})
    attachment = ResearchAttachment.objects.get()
    reception = staff(Role.RECEPTION)
    response = client_for(reception).get(reverse("requests:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    access = FileAccess.objects.get(user=reception)
    assert (access.beneficiary, access.action) == (req.beneficiary, FileAccess.Action.ATTACHMENT)


def test_a_request_that_is_cancelled_loses_its_drafts_and_their_photos(
    settings, researcher, req, django_capture_on_commit_callbacks
):
    research_draft_save(
        request=req, actor=researcher, data={"findings": "زيارة أولى"}, files=[photo()]
    )
    assert len(stored_files(settings)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        request_transition(
            request=req, to=Status.CANCELLED, actor=staff(Role.RECEPTION), note="طلب مكرر"
        )

    assert ResearchDraft.objects.filter(request=req).count() == 0
    assert ResearchAttachment.objects.count() == 0
    assert stored_files(settings) == []


def test_a_cancellation_rolled_back_keeps_the_draft_and_its_photo(
    settings, researcher, req, django_capture_on_commit_callbacks
):
    research_draft_save(
        request=req, actor=researcher, data={"findings": "زيارة أولى"}, files=[photo()]
    )

    def cancel_then_fail():
        with transaction.atomic():
            request_transition(
                request=req, to=Status.CANCELLED, actor=staff(Role.RECEPTION), note="طلب مكرر"
            )
            raise RuntimeError("the page failed after the move")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        cancel_then_fail()

    assert ResearchDraft.objects.filter(request=req).count() == 1
    assert ResearchAttachment.objects.count() == 1
    assert len(stored_files(settings)) == 1

"""The minutes and the decision letter: rendered as PDFs and their text read back."""

import re
import subprocess
from decimal import Decimal

import pytest

from committee import documents, services
from committee.models import Opinion, Outcome, SupportKind
from makin.dates import hijri
from tests.factories import ApplicantFactory, rejection_reason

from .conftest import on_agenda

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    # poppler wraps right-to-left runs in directional marks; the words are what is checked.
    return " ".join(re.sub("[\u202a-\u202e]", "", text).split())


@pytest.fixture
def decided(board, open_meeting):
    approved = on_agenda(open_meeting, board.chair, beneficiary__first_name="ماجد")
    rejected = on_agenda(open_meeting, board.chair, beneficiary__first_name="سعود")
    for member in (board.chair, board.m1):
        services.vote_cast(item=approved, actor=member, opinion=Opinion.APPROVE, note="مستحق")
        services.vote_cast(item=rejected, actor=member, opinion=Opinion.REJECT)
    services.vote_cast(
        item=approved, actor=board.m2, opinion=Opinion.APPROVE, conflict_of_interest=True
    )
    services.decision_record(
        item=approved,
        outcome=Outcome.APPROVE,
        actor=board.chair,
        support_kind=SupportKind.INSTALMENTS,
        amount=Decimal("3600"),
        instalments=3,
        conditions="تقديم فاتورة الشراء",
    )
    services.decision_record(
        item=rejected,
        outcome=Outcome.REJECT,
        actor=board.chair,
        rejection_reason=rejection_reason(),
        reason_text="حصل على دعم قبل أربعة أشهر",
    )
    services.meeting_close(meeting=open_meeting, actor=board.chair)
    open_meeting.refresh_from_db()
    return open_meeting, approved, rejected


def test_minutes_carry_the_meeting_its_quorum_votes_decisions_and_signatures(
    decided, board, tmp_path
):
    meeting, approved, rejected = decided
    text = pdf_text(documents.minutes_pdf(meeting=meeting, user=board.chair), tmp_path)
    assert "لتأهيل معلمي القرآن والعناية بحفظه" in text  # the association's header
    assert "لجنة البحث رقم 1" in text
    assert hijri(meeting.starts_at).split()[-2] in text  # the Hijri year
    assert str(meeting.starts_at.year) in text  # and the Gregorian one
    assert "عبدالله الرفاعي" in text
    assert "خالد" in text
    assert "فهد الصاعدي" in text
    assert "فاكتمل النصاب" in text
    assert approved.request.reference in text
    assert rejected.request.reference in text
    assert "مستحق" in text  # a member's note
    assert "ممتنع (تعارض مصالح)" in text
    assert "3,600.00" in text
    assert "حصل على دعم قبل أربعة أشهر" in text
    assert "التوقيعات" in text
    assert "التوقيع" in text


def test_minutes_state_a_missing_quorum(board, meeting, tmp_path):
    services.meeting_open(meeting=meeting, attendees=[board.chair], actor=board.chair)
    meeting.refresh_from_db()
    text = pdf_text(documents.minutes_pdf(meeting=meeting, user=board.chair), tmp_path)
    assert "فلم يكتمل النصاب" in text


def test_the_approval_letter_is_courteous_and_complete(decided, tmp_path):
    _meeting, approved, _rejected = decided
    text = pdf_text(documents.letter_pdf(decision=approved.decision), tmp_path)
    assert "حفظه الله" in text
    assert "عليكم ورحمة الله وبركاته" in text
    assert "إفادتكم بأن لجنة البحث" in text
    assert approved.request.reference in text
    assert "3,600.00" in text
    assert "ريال" in text
    assert "تقديم فاتورة" in text
    assert "رئيس لجنة البحث" in text
    assert hijri(approved.decision.decided_at).split()[-2] in text  # the Hijri year


def test_the_rejection_letter_gives_the_reason_kindly(decided, tmp_path):
    _meeting, _approved, rejected = decided
    text = pdf_text(documents.letter_pdf(decision=rejected.decision), tmp_path)
    assert "نشكر لكم ثقتكم بالجمعية" in text
    assert "ونأسف" in text
    assert "للسبب" in text
    assert "حصل على دعم قبل أربعة أشهر" in text


def test_the_applicant_downloads_their_own_letter_only(decided, client_for):
    _meeting, approved, _rejected = decided
    owner = ApplicantFactory()
    approved.request.beneficiary.owner = owner
    approved.request.beneficiary.save()
    url = f"/my/letters/{approved.decision.pk}/"
    response = client_for(owner).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert client_for(ApplicantFactory()).get(url).status_code == 404


def test_the_minutes_read_only_what_they_print(decided, board, django_assert_num_queries):
    """Agenda items with request (not its drawn signature), file, service and decision in one
    query, then the research reports, the votes with their members and the attendees (a closed
    meeting keeps its members' count): not the documents, household and incomes the meeting
    page shows."""
    meeting, approved, rejected = decided
    with django_assert_num_queries(4):
        context = documents.minutes_context(meeting=meeting, user=board.chair)
    with django_assert_num_queries(0):
        items = {item.request.reference: item for item in context["items"]}
        approved_item = items[approved.request.reference]
        assert approved_item.request.beneficiary.first_name == "ماجد"
        assert approved_item.decision.amount == Decimal("3600")
        assert [v.note for v in approved_item.votes.all() if v.note] == ["مستحق", "مستحق"]
        assert items[rejected.request.reference].decision.reason_text == (
            "حصل على دعم قبل أربعة أشهر"
        )

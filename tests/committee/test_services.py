"""The committee's services: members, meetings, agenda, votes, quorum, majority and tie,
decisions, letters and delivery."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from beneficiaries.models import FileAccess
from committee import selectors, services
from committee.models import (
    AgendaItem,
    CommitteeMember,
    Decision,
    Delivery,
    MeetingStatus,
    Opinion,
    Outcome,
    SupportKind,
    Vote,
)
from committee.services import CommitteeError
from makin.roles import Role
from requests.models import Status, StatusChange
from tests.errors import raises_code
from tests.factories import (
    PDF_BYTES,
    ApplicantFactory,
    committee_member,
    committee_request,
    rejection_reason,
    staff,
)

from .conftest import on_agenda, schedule

pytestmark = pytest.mark.django_db


def approve(item, chair, **kwargs):
    fields = {"support_kind": SupportKind.ONE_PAYMENT, "amount": Decimal("2000")} | kwargs
    return services.decision_record(item=item, outcome=Outcome.APPROVE, actor=chair, **fields)


def vote(item, member, opinion=Opinion.APPROVE, **kwargs):
    return services.vote_cast(item=item, actor=member, opinion=opinion, **kwargs)


# Members ---------------------------------------------------------------------------------------


def test_adding_a_member_gives_the_committee_role_and_the_chair_flag():
    manager = staff(Role.MANAGER)
    user = staff(Role.RESEARCHER)
    services.member_add(user=user, term_start=datetime.date.today(), is_chair=True, actor=manager)
    user.refresh_from_db()
    user.__dict__.pop("roles", None)
    assert Role.COMMITTEE in user.roles
    assert user.is_committee_chair
    assert CommitteeMember.objects.get(user=user).is_chair


def test_a_new_chair_replaces_the_former_one(board):
    manager = staff(Role.MANAGER)
    term = CommitteeMember.objects.get(user=board.m1, is_active=True)
    services.member_make_chair(member=term, actor=manager)
    board.chair.refresh_from_db()
    board.m1.refresh_from_db()
    assert board.m1.is_committee_chair
    assert not board.chair.is_committee_chair
    assert list(CommitteeMember.objects.filter(is_chair=True).values_list("user", flat=True)) == [
        board.m1.pk
    ]


def test_ending_a_term_removes_the_role_and_the_chair(board):
    term = CommitteeMember.objects.get(user=board.chair)
    services.member_end(member=term, actor=staff(Role.MANAGER))
    board.chair.refresh_from_db()
    board.chair.__dict__.pop("roles", None)
    assert Role.COMMITTEE not in board.chair.roles
    assert not board.chair.is_committee_chair
    term.refresh_from_db()
    assert not term.is_active
    assert term.term_end == datetime.date.today()


def test_only_managers_manage_members(board):
    with pytest.raises(PermissionDenied):
        services.member_add(
            user=staff(Role.RESEARCHER), term_start=datetime.date.today(), actor=board.chair
        )


def test_a_serving_member_cannot_be_added_twice(board):
    with raises_code(CommitteeError, {"user": ["already_serving"]}):
        services.member_add(
            user=board.m1, term_start=datetime.date.today(), actor=staff(Role.MANAGER)
        )


# Quorum ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "present", "quorum"),
    [(3, 1, False), (3, 2, True), (4, 2, False), (4, 3, True), (5, 3, True), (0, 0, False)],
)
def test_quorum_is_more_than_half_of_the_members(members, present, quorum):
    assert services.has_quorum(present=present, members=members) is quorum


@override_settings(COMMITTEE_QUORUM="2/3")
def test_the_quorum_share_is_a_setting():
    assert services.quorum_needed(6) == 5
    assert not services.has_quorum(present=4, members=6)


# Meetings and agenda ---------------------------------------------------------------------------


def test_only_the_chair_schedules_opens_and_closes(board, meeting):
    with pytest.raises(PermissionDenied):
        schedule(board.m1)
    with pytest.raises(PermissionDenied):
        services.meeting_open(meeting=meeting, attendees=[board.m1], actor=board.m1)
    services.meeting_open(meeting=meeting, attendees=[board.m1], actor=board.chair)
    with pytest.raises(PermissionDenied):
        services.meeting_close(meeting=meeting, actor=board.m2)


def test_opening_records_attendees_and_the_members_count(board, meeting):
    services.meeting_open(meeting=meeting, attendees=[board.chair, board.m1], actor=board.chair)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.OPEN
    assert meeting.members_count == 3
    assert set(meeting.attendees.all()) == {board.chair, board.m1}


def test_only_serving_members_attend(board, meeting):
    with raises_code(CommitteeError, {"attendees": ["not_serving"]}):
        services.meeting_open(
            meeting=meeting, attendees=[staff(Role.RESEARCHER)], actor=board.chair
        )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_meeting_numbers_are_unique(board, meeting):
    with raises_code(CommitteeError, {"number": ["number_taken"]}):
        schedule(board.chair, number=meeting.number)


def test_adding_a_ready_request_puts_it_before_the_committee(board, meeting):
    request = committee_request()
    (item,) = services.agenda_add(meeting=meeting, requests=[request], actor=board.chair)
    request.refresh_from_db()
    assert request.status == Status.IN_COMMITTEE
    assert item.request == request
    change = StatusChange.objects.get(request=request)
    assert change.to_status == Status.IN_COMMITTEE
    assert change.actor == board.chair


def test_a_request_not_ready_is_refused(board, meeting):
    request = committee_request(status=Status.IN_RESEARCH)
    with raises_code(CommitteeError, "not_ready_for_committee"):
        services.agenda_add(meeting=meeting, requests=[request], actor=board.chair)
    assert not AgendaItem.objects.exists()


def test_the_agenda_and_the_waiting_list_put_the_oldest_deadline_first(board, meeting):
    later = committee_request(days_left=10)
    overdue = committee_request(days_left=-2)
    soon = committee_request(days_left=1)
    assert list(selectors.agenda_candidates(user=board.chair)) == [overdue, soon, later]
    assert list(selectors.waiting_requests(user=board.m1)) == [overdue, soon, later]
    services.agenda_add(meeting=meeting, requests=[later, soon, overdue], actor=board.chair)
    items = selectors.agenda_items(user=board.m1, meeting=meeting)
    assert [i.request for i in items] == [overdue, soon, later]
    assert not selectors.agenda_candidates(user=board.chair).exists()


def test_an_undecided_request_is_carried_over_to_the_next_meeting(board, open_meeting):
    item = on_agenda(open_meeting, board.chair)
    services.meeting_close(meeting=open_meeting, actor=board.chair)
    assert list(selectors.agenda_candidates(user=board.chair)) == [item.request]
    following = schedule(board.chair, days=8)
    (again,) = services.agenda_add(meeting=following, requests=[item.request], actor=board.chair)
    assert again.request.status == Status.IN_COMMITTEE


# Votes -----------------------------------------------------------------------------------------


def test_each_member_present_votes_and_may_change_their_opinion(board, item):
    vote(item, board.m1, Opinion.REJECT, note="الدخل يكفي")
    vote(item, board.m1, Opinion.APPROVE, note="بعد النقاش")
    assert Vote.objects.get(item=item, member=board.m1).opinion == Opinion.APPROVE
    assert Vote.objects.filter(item=item).count() == 1


def test_a_conflict_of_interest_abstains(board, item):
    cast = vote(item, board.m2, Opinion.APPROVE, conflict_of_interest=True, note="قريب المتقدم")
    assert cast.opinion == Opinion.ABSTAIN
    assert cast.conflict_of_interest


def test_a_vote_outside_an_open_meeting_is_refused(board, meeting):
    item = on_agenda(meeting, board.chair)
    with raises_code(CommitteeError, "meeting_not_open"):
        vote(item, board.m1)
    assert not Vote.objects.exists()


def test_a_member_absent_from_the_meeting_cannot_vote(board, meeting):
    services.meeting_open(meeting=meeting, attendees=[board.chair, board.m1], actor=board.chair)
    item = on_agenda(meeting, board.chair)
    with raises_code(CommitteeError, "not_present"):
        vote(item, board.m2)


def test_someone_outside_the_committee_cannot_vote(item):
    with pytest.raises(PermissionDenied):
        vote(item, staff(Role.RESEARCHER))


# Decisions: quorum, majority and tie ------------------------------------------------------------


def test_the_chair_approves_with_the_majority(board, item):
    applicant = ApplicantFactory(email="a@example.com")
    item.request.beneficiary.owner = applicant
    item.request.beneficiary.save()
    vote(item, board.m1)
    vote(item, board.m2)
    vote(item, board.chair, Opinion.REJECT)
    decision = approve(item, board.chair, amount=Decimal("1500"), conditions="تقديم الفاتورة")
    item.request.refresh_from_db()
    assert item.request.status == Status.APPROVED
    assert item.request.decided_at is not None
    assert (decision.votes_approve, decision.votes_reject, decision.casting_vote) == (2, 1, False)
    assert decision.within_deadline is True


def test_a_decision_against_the_majority_is_refused(board, item):
    vote(item, board.m1, Opinion.REJECT)
    vote(item, board.m2, Opinion.REJECT)
    with raises_code(CommitteeError, "against_the_votes"):
        approve(item, board.chair)
    item.request.refresh_from_db()
    assert item.request.status == Status.IN_COMMITTEE
    assert not Decision.objects.exists()


def test_the_chair_breaks_a_tie(board, item):
    vote(item, board.m1, Opinion.APPROVE)
    vote(item, board.m2, Opinion.REJECT)
    vote(item, board.chair, Opinion.APPROVE, conflict_of_interest=True)
    with raises_code(CommitteeError, "against_the_votes"):
        services.decision_record(item=item, outcome=Outcome.DEFER, actor=board.chair, questions="؟")
    decision = services.decision_record(
        item=item,
        outcome=Outcome.REJECT,
        actor=board.chair,
        rejection_reason=rejection_reason(),
        reason_text="حصل على دعم قريب",
    )
    assert decision.casting_vote
    assert decision.abstentions == 1
    item.request.refresh_from_db()
    assert item.request.status == Status.REJECTED


def test_no_decision_without_votes(board, item):
    with raises_code(CommitteeError, "no_votes"):
        approve(item, board.chair)


def test_a_meeting_without_quorum_cannot_decide(board, meeting):
    services.meeting_open(meeting=meeting, attendees=[board.chair], actor=board.chair)
    item = on_agenda(meeting, board.chair)
    vote(item, board.chair)
    with raises_code(CommitteeError, "no_quorum"):
        approve(item, board.chair)
    item.request.refresh_from_db()
    assert item.request.status == Status.IN_COMMITTEE
    assert not Decision.objects.exists()


def test_only_the_chair_decides(board, item):
    vote(item, board.m1)
    with pytest.raises(PermissionDenied):
        approve(item, board.m1)


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (Decimal("-1"), "amount_negative"),
        (Decimal("5000.01"), "amount_above_limit"),
        (None, "amount_required"),
    ],
)
def test_a_bad_amount_is_refused_and_changes_nothing(board, item, amount, code):
    vote(item, board.m1)
    with raises_code(CommitteeError, {"amount": [code]}):
        approve(item, board.chair, amount=amount)
    item.request.refresh_from_db()
    assert item.request.status == Status.IN_COMMITTEE
    assert not Decision.objects.exists()


def test_the_amount_may_equal_the_limit(board, item):
    vote(item, board.m1)
    assert approve(item, board.chair, amount=Decimal("5000")).amount == Decimal("5000")


def test_instalments_need_their_number(board, item):
    vote(item, board.m1)
    with pytest.raises(CommitteeError) as error:
        approve(item, board.chair, support_kind=SupportKind.INSTALMENTS)
    assert "instalments" in error.value.error_dict
    decision = approve(
        item, board.chair, support_kind=SupportKind.INSTALMENTS, instalments=4, duration_months=4
    )
    assert decision.instalments == 4


def test_a_rejection_needs_a_reason(board, item):
    vote(item, board.m1, Opinion.REJECT)
    with pytest.raises(CommitteeError) as error:
        services.decision_record(item=item, outcome=Outcome.REJECT, actor=board.chair)
    assert set(error.value.error_dict) == {"rejection_reason", "reason_text"}


def test_a_long_explanation_is_kept_whole_on_the_decision(board, item):
    vote(item, board.m1, Opinion.REJECT)
    explanation = "حصل المستفيد على إعانة من الجمعية قبل أربعة أشهر. " * 6
    reason = rejection_reason()
    decision = services.decision_record(
        item=item,
        outcome=Outcome.REJECT,
        actor=board.chair,
        rejection_reason=reason,
        reason_text=explanation,
    )
    assert decision.reason_text == explanation.strip()
    change = StatusChange.objects.filter(request=item.request).last()
    assert change.note == explanation.strip()
    # The reason's English name as the managed list has it (the migration's seed, or the
    # factory's when a transactional test flushed the seed).
    assert (change.event, change.params["reason_en"]) == ("rejected", reason.name_en)


def test_deferring_sends_the_request_back_to_research_with_questions(board, item):
    vote(item, board.m1, Opinion.DEFER)
    services.decision_record(
        item=item,
        outcome=Outcome.DEFER,
        actor=board.chair,
        questions="هل عقد الإيجار ساري؟",
    )
    item.request.refresh_from_db()
    assert item.request.status == Status.IN_RESEARCH
    moves = list(StatusChange.objects.filter(request=item.request).values_list("to_status", "note"))
    assert moves[-2:] == [
        (Status.DEFERRED, "هل عقد الإيجار ساري؟"),
        (Status.IN_RESEARCH, "هل عقد الإيجار ساري؟"),
    ]


def test_a_decision_cannot_be_recorded_twice(board, item):
    vote(item, board.m1)
    approve(item, board.chair)
    with raises_code(CommitteeError, "already_decided"):
        approve(item, board.chair)
    assert Decision.objects.count() == 1


def test_votes_are_final_once_decided(board, item):
    vote(item, board.m1)
    approve(item, board.chair)
    with raises_code(CommitteeError, "votes_final"):
        vote(item, board.m2, Opinion.REJECT)


def test_a_closed_meeting_cannot_change(board, item):
    vote(item, board.m1)
    services.meeting_close(meeting=item.meeting, actor=board.chair)
    with raises_code(CommitteeError, "meeting_closed"):
        approve(item, board.chair)
    with raises_code(CommitteeError, "meeting_not_open"):
        vote(item, board.m2)
    with raises_code(CommitteeError, "meeting_closed"):
        services.meeting_set_attendees(
            meeting=item.meeting, attendees=[board.chair], actor=board.chair
        )
    with raises_code(CommitteeError, "meeting_closed"):
        services.agenda_add(meeting=item.meeting, requests=[committee_request()], actor=board.chair)
    assert not Decision.objects.exists()


def test_a_late_decision_is_marked_late(board, open_meeting):
    item = on_agenda(open_meeting, board.chair, days_left=-1)
    vote(item, board.m1)
    assert approve(item, board.chair).within_deadline is False
    summary = selectors.deadline_summary(user=staff(Role.MANAGER))
    assert (summary["total"], summary["on_time"], summary["late"]) == (1, 0, 1)


# The letter reaches the applicant ---------------------------------------------------------------


def test_the_applicant_is_told_with_a_link_to_the_letter(
    board, item, django_capture_on_commit_callbacks
):
    applicant = ApplicantFactory(email="applicant@example.com")
    item.request.beneficiary.owner = applicant
    item.request.beneficiary.save()
    vote(item, board.m1)
    with django_capture_on_commit_callbacks(execute=True):
        decision = approve(item, board.chair)
    letters = [m for m in mail.outbox if "قرار اللجنة" in m.subject]
    assert len(letters) == 1
    assert letters[0].to == ["applicant@example.com"]
    # The letter is the one message about the decision: no second status e-mail.
    assert [m.to for m in mail.outbox] == [["applicant@example.com"]]
    # ...and it carries the letter itself.
    [(name, content, mimetype)] = letters[0].attachments
    assert name == f"decision-letter-{item.request.reference}.pdf"
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF")
    assert f"/my/letters/{decision.pk}/" in letters[0].body
    assert list(selectors.letters_for(applicant)) == [decision]
    assert not selectors.letters_for(ApplicantFactory()).exists()


# Delivery --------------------------------------------------------------------------------------


@pytest.fixture
def approved(board, item):
    vote(item, board.m1)
    approve(item, board.chair, amount=Decimal("1800"))
    item.request.refresh_from_db()
    return item.request


def test_recording_the_delivery_moves_the_request_to_delivered_then_closed(approved):
    officer = staff(Role.RECEPTION)
    upload = SimpleUploadedFile("receipt.pdf", b"%PDF-1.4 receipt", "application/pdf")
    delivery = services.delivery_record(
        request=approved,
        delivered_on=timezone.localdate(),
        delivered_by=officer,
        amount_paid=Decimal("1800"),
        attachment=upload,
        actor=officer,
    )
    approved.refresh_from_db()
    assert approved.status == Status.DELIVERED
    assert delivery.attachment_name == "receipt.pdf"
    moves = [c.to_status for c in StatusChange.objects.filter(request=approved)]
    assert moves[-2:] == [Status.IN_DELIVERY, Status.DELIVERED]
    services.delivery_close(request=approved, actor=staff(Role.MANAGER))
    approved.refresh_from_db()
    assert approved.status == Status.CLOSED


def test_the_delivery_receipt_opens_through_one_door_with_its_access_log_entry(approved, client):
    officer = staff(Role.RECEPTION)
    delivery = services.delivery_record(
        request=approved,
        delivered_on=timezone.localdate(),
        delivered_by=officer,
        amount_paid=Decimal("1800"),
        attachment=SimpleUploadedFile("receipt.pdf", PDF_BYTES, "application/pdf"),
        actor=officer,
    )
    client.force_login(officer)
    response = client.get(reverse("committee:delivery_attachment", args=[delivery.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF_BYTES
    logged = FileAccess.objects.filter(user=officer).values_list("beneficiary", "action")
    assert list(logged) == [(approved.beneficiary_id, "delivery")]


@pytest.mark.parametrize(
    ("amount", "code"),
    [(Decimal("-5"), "amount_negative"), (Decimal("1800.01"), "amount_above_granted")],
)
def test_a_bad_delivery_amount_changes_nothing(approved, amount, code):
    officer = staff(Role.RECEPTION)
    with raises_code(CommitteeError, {"amount_paid": [code]}):
        services.delivery_record(
            request=approved,
            delivered_on=timezone.localdate(),
            delivered_by=officer,
            amount_paid=amount,
            actor=officer,
        )
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED
    assert not Delivery.objects.exists()


def test_a_service_given_instead_of_money(approved):
    officer = staff(Role.MANAGER)
    services.delivery_record(
        request=approved,
        delivered_on=timezone.localdate(),
        delivered_by=officer,
        service_given="دورة إعداد معلمي القرآن",
        actor=officer,
    )
    approved.refresh_from_db()
    assert approved.status == Status.DELIVERED


def test_only_desk_staff_record_a_delivery(approved, board):
    with pytest.raises(PermissionDenied):
        services.delivery_record(
            request=approved,
            delivered_on=timezone.localdate(),
            delivered_by=board.chair,
            amount_paid=Decimal("10"),
            actor=board.chair,
        )


def test_a_request_not_approved_cannot_be_delivered():
    request = committee_request(status=Status.IN_COMMITTEE)
    officer = staff(Role.RECEPTION)
    with raises_code(CommitteeError, "not_approved"):
        services.delivery_record(
            request=request,
            delivered_on=timezone.localdate(),
            delivered_by=officer,
            amount_paid=Decimal("10"),
            actor=officer,
        )


def test_a_member_with_an_ended_term_no_longer_counts(board):
    extra = committee_member()
    services.member_end(member=CommitteeMember.objects.get(user=extra), actor=staff(Role.MANAGER))
    assert services.serving_members().count() == 3

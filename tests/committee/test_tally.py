"""The tally of final decisions by deadline (`committee.tally`): kept with each decision, the
same as a recount, and what the managers' home reads."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from committee import selectors, services
from committee.models import Decision, DecisionTally, Opinion, Outcome
from committee.services import CommitteeError
from committee.tally import decision_tally, decision_tally_rebuild
from makin.roles import Role
from requests.models import Status
from requests.open_counts import open_counts_rebuild
from tests.errors import raises_code
from tests.factories import SupportRequestFactory, rejection_reason, staff

from .conftest import on_agenda
from .test_services import approve, vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(board, open_meeting):
    """Two approvals on time, a rejection a day late, a deferral (not final), and a second
    decision on an item already decided (refused)."""
    for _n in range(2):
        item = on_agenda(open_meeting, board.chair, days_left=3)
        vote(item, board.m1)
        approve(item, board.chair)
    late = on_agenda(open_meeting, board.chair, days_left=-1)
    vote(late, board.m1, Opinion.REJECT)
    services.decision_record(
        item=late,
        outcome=Outcome.REJECT,
        actor=board.chair,
        rejection_reason=rejection_reason(),
        reason_text="حصل على دعم قريب",
    )
    with raises_code(CommitteeError, "already_decided"):
        approve(item, board.chair)
    deferred = on_agenda(open_meeting, board.chair)
    vote(deferred, board.m1, Opinion.DEFER)
    services.decision_record(
        item=deferred, outcome=Outcome.DEFER, actor=board.chair, questions="هل العقد ساري؟"
    )


def test_each_final_decision_is_counted_once_by_its_deadline(decided):
    assert Decision.objects.count() == 4
    assert decision_tally() == {"on_time": 2, "late": 1, "undated": 0}


def test_a_recount_gives_what_the_decisions_kept(decided):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE committee_decisiontally SET decisions = 99")
    decision_tally_rebuild()
    assert decision_tally() == {"on_time": 2, "late": 1, "undated": 0}


def test_a_decision_without_a_deadline_is_undated_and_a_missing_row_starts_again(
    board, open_meeting
):
    DecisionTally.objects.all().delete()
    item = on_agenda(open_meeting, board.chair)
    item.request.decision_due = None
    item.request.save(update_fields=["decision_due"])
    vote(item, board.m1)
    assert approve(item, board.chair).within_deadline is None
    assert decision_tally() == {"on_time": 0, "late": 0, "undated": 1}


def test_the_managers_summary_reads_the_tally_in_one_query(decided, django_assert_num_queries):
    manager = staff(Role.MANAGER)
    assert manager.roles == {Role.MANAGER}
    today = timezone.localdate()
    yesterday, tomorrow = today - datetime.timedelta(days=1), today + datetime.timedelta(days=1)
    for status, due in (
        (Status.READY_FOR_COMMITTEE, yesterday),  # overdue before the committee
        (Status.IN_COMMITTEE, yesterday),  # overdue on an agenda
        (Status.IN_COMMITTEE, tomorrow),  # not due yet
        (Status.READY_FOR_COMMITTEE, today),  # due today: not overdue yet
        (Status.IN_RESEARCH, yesterday),  # not before the committee
    ):
        SupportRequestFactory(status=status, decision_due=due)
    open_counts_rebuild()  # rows made by the factory, counted as the data migration counts them
    # The tally's rows and the count of requests overdue before the committee, together.
    with django_assert_num_queries(1):
        summary = selectors.deadline_summary(user=manager)
    assert summary == {"total": 3, "on_time": 2, "late": 1, "percent": 67, "waiting_overdue": 2}


def test_the_managers_home_has_a_pinned_query_count(decided, client_for, django_assert_num_queries):
    """The session with the person and their roles; the open requests by status and deadline,
    the unassigned ones, the open referrals and the decisions' tally in one statement."""
    client = client_for(staff(Role.MANAGER))
    client.get("/staff/manager/")
    with django_assert_num_queries(2):
        page = client.get("/staff/manager/")
    assert page.status_code == 200
    assert "2 من 3 قرارًا" in page.content.decode()

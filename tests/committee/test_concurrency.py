"""Members acting at the same moment, each on their own database connection."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from committee import services
from committee.models import Decision, Opinion, Outcome, SupportKind, Vote
from requests.models import Status
from tests.errors import codes
from tests.factories import committee_request

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*calls):
    """Run each call in its own thread (so on its own connection), released together."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as error:  # the outcome of each call is what the test checks
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


@pytest.fixture
def items(board, open_meeting):
    requests = [committee_request() for _ in range(3)]
    return services.agenda_add(meeting=open_meeting, requests=requests, actor=board.chair)


def test_two_members_voting_at_the_same_moment_both_count(board, items):
    for item in items:
        first, second = at_once(
            lambda item=item: services.vote_cast(
                item=item, actor=board.m1, opinion=Opinion.APPROVE
            ),
            lambda item=item: services.vote_cast(
                item=item, actor=board.m2, opinion=Opinion.REJECT, note="رأي مخالف"
            ),
        )
        assert isinstance(first, Vote)
        assert isinstance(second, Vote)
        assert sorted(Vote.objects.filter(item=item).values_list("opinion", flat=True)) == [
            Opinion.APPROVE,
            Opinion.REJECT,
        ]


def test_one_member_submitting_twice_at_once_keeps_one_vote(board, items):
    item = items[0]
    results = at_once(
        lambda: services.vote_cast(item=item, actor=board.m1, opinion=Opinion.APPROVE),
        lambda: services.vote_cast(item=item, actor=board.m1, opinion=Opinion.DEFER),
    )
    assert all(isinstance(r, Vote) for r in results)
    assert Vote.objects.filter(item=item, member=board.m1).count() == 1


def test_a_decision_recorded_twice_at_once_is_recorded_once(board, items):
    item = items[0]
    services.vote_cast(item=item, actor=board.m1, opinion=Opinion.APPROVE)

    def decide():
        return services.decision_record(
            item=item,
            outcome=Outcome.APPROVE,
            actor=board.chair,
            support_kind=SupportKind.ONE_PAYMENT,
            amount=Decimal("1000"),
        )

    results = at_once(decide, decide)
    decisions = [r for r in results if isinstance(r, Decision)]
    errors = [r for r in results if isinstance(r, services.CommitteeError)]
    assert len(decisions) == 1
    assert len(errors) == 1
    assert codes(errors[0]) == ["already_decided"]
    assert Decision.objects.filter(item=item).count() == 1
    item.request.refresh_from_db()
    assert item.request.status == Status.APPROVED


def test_a_vote_racing_the_close_either_counts_or_is_refused(board, items):
    item = items[0]
    vote, _closed = at_once(
        lambda: services.vote_cast(item=item, actor=board.m1, opinion=Opinion.APPROVE),
        lambda: services.meeting_close(meeting=item.meeting, actor=board.chair),
    )
    if isinstance(vote, Vote):
        assert Vote.objects.filter(item=item).count() == 1
    else:
        assert isinstance(vote, services.CommitteeError)
        assert not Vote.objects.exists()

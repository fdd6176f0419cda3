"""The committee's waiting list and the agenda's candidates are read through the partial index
of the requests waiting for the committee, not by walking every request's deadline."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from committee import selectors
from tests.factories import committee_request
from tests.requests.test_queues import _bulk_requests, _explain

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("listing", ["waiting", "candidates"])
def test_the_committee_lists_use_the_index_of_requests_waiting_for_it(listing, board):
    _bulk_requests(20_000)
    committee_request(days_left=3)
    with connection.cursor() as cursor:
        # One in ten waiting for the committee, the rest closed.
        cursor.execute(
            "UPDATE requests_supportrequest SET status = 'in_committee' "
            "WHERE reference LIKE 'T-%' AND id % 10 = 0"
        )
        cursor.execute("ANALYZE requests_supportrequest")
    queryset = {
        "waiting": selectors.waiting_requests(user=board.chair)[:50],
        "candidates": selectors.agenda_candidates(user=board.chair)[:51],
    }[listing]
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        plan = _explain(cursor.mogrify(sql, params))
    assert "request_committee_due_idx" in plan, plan
    assert "Seq Scan on requests_supportrequest" not in plan, plan
    assert "requests_supportrequest_decision_due" not in plan, plan


def _closed_meetings(count: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO committee_meeting (number, starts_at, mode, place, online_link, status, "
            "members_count, created_at) SELECT 1000 + g, now() - g * interval '1 day', "
            "'in_person', '', '', 'closed', 3, now() FROM generate_series(1, %s) AS g",
            [count],
        )
        cursor.execute("ANALYZE committee_meeting")


@pytest.mark.parametrize("cursor", [False, True])
def test_a_page_of_the_agendas_candidates_walks_the_keyset_index_and_stops(cursor, board):
    _bulk_requests(20_000)
    _closed_meetings(2_000)
    with connection.cursor() as db:
        db.execute(
            "UPDATE requests_supportrequest SET status = 'ready_for_committee' "
            "WHERE reference LIKE 'T-%' AND id % 10 = 0"
        )
        db.execute("ANALYZE requests_supportrequest")
    page_cursor = None
    if cursor:
        page_cursor = selectors.agenda_candidates_page(user=board.chair).next_cursor
    with CaptureQueriesContext(connection) as queries:
        selectors.agenda_candidates_page(user=board.chair, cursor=page_cursor)
    page_sql = next(q["sql"] for q in queries if q["sql"].endswith("LIMIT 51"))
    plan = _explain(page_sql)
    assert "request_committee_keyset_idx" in plan, plan
    assert "Sort" not in plan, plan
    # The undecided items of meetings not closed: the few open meetings, not every meeting.
    assert "meeting_not_closed_idx" in plan, plan
    assert "Seq Scan on committee_meeting" not in plan, plan

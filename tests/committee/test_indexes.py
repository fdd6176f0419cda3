"""The committee's waiting list and the agenda's candidates are read through the partial index
of the requests waiting for the committee, not by walking every request's deadline."""

import pytest
from django.db import connection

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

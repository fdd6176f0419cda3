"""The requests' numbers on each role's home (`requests.selectors.dashboard_summary`): open
requests only, by status and by the committee's deadline, everyone's or the researcher's own."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from makin.roles import Role
from requests.selectors import dashboard_summary
from tests.factories import SupportRequestFactory, staff

pytestmark = pytest.mark.django_db


def _requests(researcher):
    today = timezone.localdate()
    overdue, near, later = (today + datetime.timedelta(days=d) for d in (-2, 2, 10))
    rows = [
        ("submitted", None, None),
        ("submitted", None, researcher),
        ("incomplete", None, None),
        ("in_research", overdue, researcher),
        ("in_research", near, None),
        ("ready_for_committee", near, researcher),
        ("in_committee", overdue, None),
        ("in_committee", later, None),
        ("deferred", today, researcher),
        ("verified", None, None),
        # Finished ones with a deadline long past, and a draft: none is counted.
        ("closed", overdue, researcher),
        ("rejected", overdue, None),
        ("approved", None, None),
        ("draft", None, None),
    ]
    for status, due, assigned in rows:
        SupportRequestFactory(status=status, decision_due=due, researcher=assigned)


def test_reception_counts_every_open_request():
    researcher = staff(Role.RESEARCHER)
    _requests(researcher)
    summary = dashboard_summary(user=staff(Role.RECEPTION))
    assert summary["counts"] == {
        "submitted": 2,
        "incomplete": 1,
        "in_research": 2,
        "ready": 1,
        "overdue": 2,
        "near": 3,
    }
    assert (summary["unassigned"], summary["open_referrals"]) == (1, 0)


def test_a_researcher_counts_their_own():
    researcher = staff(Role.RESEARCHER)
    _requests(researcher)
    summary = dashboard_summary(user=researcher)
    assert summary["counts"] == {
        "submitted": 1,
        "incomplete": 0,
        "in_research": 1,
        "ready": 1,
        "overdue": 1,
        "near": 2,
    }


def test_the_counts_read_the_open_requests_from_an_index():
    """At volume, the counts are read from the status index, not a scan of every request."""
    SupportRequestFactory.create_batch(30, status="closed")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE requests_supportrequest")
        cursor.execute("SET LOCAL enable_seqscan = off")
    manager = staff(Role.MANAGER)
    with CaptureQueriesContext(connection) as queries:
        dashboard_summary(user=manager)
    (counts,) = [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + counts)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on requests_supportrequest" not in plan
    # The open statuses are the index's condition (an index of open requests, or of status).
    assert "Index Cond: ((status)::text = ANY" in plan or "_open_" in plan


# VACUUM (as autovacuum does on a live table) runs outside a transaction.
@pytest.mark.django_db(transaction=True)
def test_a_researchers_counts_are_read_from_their_open_index_alone():
    """Status and deadline beside the researcher in `request_research_open_idx`: their home's
    counts read no table row."""
    from tests.requests.test_queues import _bulk_requests

    _bulk_requests(20_000)
    researcher = staff(Role.RESEARCHER)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE requests_supportrequest SET status = 'in_research', researcher_id = %s,"
            " decision_due = CURRENT_DATE + (id %% 9 - 3)::int WHERE reference LIKE 'T-%%7'",
            [researcher.pk],
        )
        cursor.execute("VACUUM ANALYZE requests_supportrequest")
    with CaptureQueriesContext(connection) as queries:
        summary = dashboard_summary(user=researcher)
    assert summary["counts"]["in_research"] == 2_000
    (counts,) = [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + counts)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using request_research_open_idx" in plan, plan


def test_the_counts_unassigned_and_referrals_are_one_statement(django_assert_num_queries):
    from tests.factories import ReferralFactory

    researcher = staff(Role.RESEARCHER)
    _requests(researcher)
    ReferralFactory()
    ReferralFactory(answer="نعم", answered_by=researcher, answered_at=timezone.now())
    reception = staff(Role.RECEPTION)
    assert reception.roles == frozenset({Role.RECEPTION})  # read with the person on a page
    with django_assert_num_queries(1):
        summary = dashboard_summary(user=reception)
    assert summary["counts"]["submitted"] == 2
    assert (summary["unassigned"], summary["open_referrals"]) == (1, 1)


def test_with_no_open_request_every_figure_is_zero():
    summary = dashboard_summary(user=staff(Role.RECEPTION))
    assert summary["counts"] == {
        "submitted": 0,
        "incomplete": 0,
        "in_research": 0,
        "ready": 0,
        "overdue": 0,
        "near": 0,
    }
    assert (summary["unassigned"], summary["open_referrals"]) == (0, 0)


@pytest.mark.parametrize(
    ("role", "url", "queries"),
    [
        # The session with the person and their roles; the requests' figures (one statement);
        # the open duplicates' count; the files awaiting verification.
        (Role.RECEPTION, "/staff/reception/", 4),
        (Role.RESEARCHER, "/staff/research/", 4),
    ],
)
def test_the_desks_homes_run_a_pinned_number_of_queries(
    client_for, django_assert_num_queries, role, url, queries
):
    _requests(staff(Role.RESEARCHER))
    client = client_for(staff(role))
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200

"""The requests' numbers on each role's home (`requests.selectors.dashboard_summary`): open
requests only, by status and by the committee's deadline, everyone's or the researcher's own."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from makin.roles import Role
from requests.open_counts import open_counts_rebuild
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
    # Rows made by the factory, counted as the data migration counts them.
    open_counts_rebuild()


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


def test_the_counts_read_the_open_requests_counts_not_the_requests():
    """At volume, the home's figures come from the open requests' counts (a few hundred rows
    whatever the number of requests), never from the requests' table."""
    researcher = staff(Role.RESEARCHER)
    _requests(researcher)
    for user in (staff(Role.MANAGER), researcher):
        assert user.roles  # read with the person on a page
        with CaptureQueriesContext(connection) as queries:
            dashboard_summary(user=user)
        (statement,) = [q["sql"] for q in queries.captured_queries]
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + statement)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "requests_openrequests" in plan
        assert "requests_supportrequest" not in plan


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
        # The session with the person and their roles; the requests' figures with the open
        # duplicates' count and the files awaiting verification (one statement).
        (Role.RECEPTION, "/staff/reception/", 2),
        (Role.RESEARCHER, "/staff/research/", 2),
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

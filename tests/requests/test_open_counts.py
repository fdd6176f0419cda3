"""The homes' open requests by status, researcher and deadline (`requests.open_counts`): kept
by the status door and the researcher's assignment in the move's transaction, equal to a
recount from the requests after every kind of move, untouched by a move that does not happen."""

import datetime

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import timezone

from makin.roles import Role
from requests import services
from requests.models import OpenRequests, Status
from requests.open_counts import open_counts_rebuild
from requests.services import TransitionError
from tests.factories import ServiceFactory, SupportRequestFactory, signed_request, staff

pytestmark = pytest.mark.django_db
d = datetime.date


def at(day: str, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour))
    )


def kept(researcher) -> list[tuple]:
    """The counts as kept (a count a move emptied is gone), the researcher named."""
    return sorted(
        (status, "R" if who == researcher.pk else who, due, n)
        for status, who, due, n in OpenRequests.objects.values_list(
            "status", "researcher_id", "decision_due", "n"
        )
    )


def recounted(researcher) -> list[tuple]:
    """The same counts recounted from the requests themselves."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, researcher_id, decision_due, COUNT(*) FROM requests_supportrequest "
            "WHERE status NOT IN ('draft', 'rejected', 'closed', 'withdrawn', 'cancelled') "
            "GROUP BY 1, 2, 3"
        )
        return sorted(
            (status, "R" if who == researcher.pk else who, due, n)
            for status, who, due, n in cursor.fetchall()
        )


def move(request, to, actor, when, **kwargs):
    with time_machine.travel(when):
        return services.request_transition(request=request, to=to, actor=actor, **kwargs)


@pytest.fixture
def people():
    return {
        "reception": staff(Role.RECEPTION),
        "researcher": staff(Role.RESEARCHER),
        "committee": staff(Role.COMMITTEE),
        "manager": staff(Role.MANAGER),
    }


@pytest.fixture
def waiting(people):
    """Three requests before the committee when the counts were made (the data migration's
    recount), due on Jan 20."""
    rows = [
        SupportRequestFactory(
            status=Status.IN_COMMITTEE,
            decision_due=d(2026, 1, 20),
            researcher=people["researcher"],
        )
        for _ in range(3)
    ]
    open_counts_rebuild()
    return rows


def test_the_rebuild_counts_open_requests_only(people, waiting):
    SupportRequestFactory(status=Status.DRAFT)
    SupportRequestFactory(status=Status.CLOSED, decision_due=d(2026, 1, 2))
    SupportRequestFactory(status=Status.SUBMITTED)
    open_counts_rebuild()
    assert kept(people["researcher"]) == [
        ("in_committee", "R", d(2026, 1, 20), 3),
        ("submitted", None, None, 1),
    ]


def test_the_counts_after_every_kind_of_move_equal_a_recount(people, waiting):
    reception, researcher, committee = (
        people["reception"],
        people["researcher"],
        people["committee"],
    )
    r1, r2, r3 = waiting
    expected = [("in_committee", "R", d(2026, 1, 20), 3)]
    assert kept(researcher) == recounted(researcher) == expected

    steps = [
        # The committee's three outcomes: approved stays open, rejected is finished.
        (
            lambda: move(r1, Status.APPROVED, committee, at("2026-01-10")),
            [("approved", "R", d(2026, 1, 20), 1), ("in_committee", "R", d(2026, 1, 20), 2)],
        ),
        (
            lambda: move(r2, Status.REJECTED, committee, at("2026-01-11"), note="خارج النطاق"),
            [("approved", "R", d(2026, 1, 20), 1), ("in_committee", "R", d(2026, 1, 20), 1)],
        ),
        (
            lambda: move(r3, Status.DEFERRED, committee, at("2026-01-12"), note="زيارة"),
            [("approved", "R", d(2026, 1, 20), 1), ("deferred", "R", d(2026, 1, 20), 1)],
        ),
        (
            lambda: move(r3, Status.IN_RESEARCH, committee, at("2026-01-13")),
            [("approved", "R", d(2026, 1, 20), 1), ("in_research", "R", d(2026, 1, 20), 1)],
        ),
        # Cancelled by the desk: finished.
        (
            lambda: move(r1, Status.CANCELLED, people["manager"], at("2026-01-14"), note="تكرار"),
            [("in_research", "R", d(2026, 1, 20), 1)],
        ),
    ]
    for act, after in steps:
        act()
        assert kept(researcher) == recounted(researcher) == after

    # A new request from draft: submitted, incomplete, submitted again, verified (its deadline
    # set 14 days on), then assigned a researcher (to research with them).
    fresh = signed_request(service=ServiceFactory())
    before = [("in_research", "R", d(2026, 1, 20), 1)]
    intake = [
        (Status.SUBMITTED, {}, at("2026-02-02"), [("submitted", None, None, 1)]),
        (
            Status.INCOMPLETE,
            {"note": "صورة الهوية"},
            at("2026-02-02", 12),
            [("incomplete", None, None, 1)],
        ),
        (Status.SUBMITTED, {}, at("2026-02-03"), [("submitted", None, None, 1)]),
        (Status.VERIFIED, {}, at("2026-02-04"), [("verified", None, d(2026, 2, 18), 1)]),
    ]
    for to, kwargs, when, after in intake:
        fresh = move(fresh, to, reception, when, **kwargs)
        assert kept(researcher) == recounted(researcher) == sorted(before + after)
    with time_machine.travel(at("2026-02-05")):
        services.request_assign_researcher(request=fresh, actor=reception, researcher=researcher)
    assert (
        kept(researcher)
        == recounted(researcher)
        == [("in_research", "R", d(2026, 1, 20), 1), ("in_research", "R", d(2026, 2, 18), 1)]
    )


def test_a_move_rolled_back_or_refused_leaves_the_counts_unchanged(people, waiting):
    researcher = people["researcher"]
    draft = signed_request(service=ServiceFactory())

    def submit_then_fail():
        with transaction.atomic():
            move(draft, Status.SUBMITTED, people["reception"], at("2026-02-05"))
            raise RuntimeError("the caller's transaction fails after the move")

    with pytest.raises(RuntimeError):
        submit_then_fail()
    with pytest.raises(TransitionError):
        move(waiting[0], Status.CLOSED, people["committee"], at("2026-02-05"))
    assert kept(researcher) == recounted(researcher) == [("in_committee", "R", d(2026, 1, 20), 3)]

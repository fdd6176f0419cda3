"""The reports' request-side rollup: kept by the status door in the move's transaction, equal
to a recount from the requests, untouched by a move that does not happen."""

import datetime
import math
from collections import Counter

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import timezone

from makin.case import Statement
from makin.channels import Channel
from makin.roles import Role
from requests import services
from requests.models import (
    DailyDecisionWaits,
    DailyDecisionWaitTotals,
    DailyRequests,
    MonthlyDecisionWaits,
    MonthlyDecisionWaitTotals,
    MonthlyRequests,
    Status,
    SupportRequest,
)
from requests.rollup import (
    decision_figures,
    decision_figures_query,
    histogram_median,
    rollup_rebuild,
    waited_days,
)
from requests.services import TransitionError
from tests.factories import ServiceFactory, SupportRequestFactory, signed_request, staff

pytestmark = pytest.mark.django_db
d = datetime.date


def at(day: str, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour))
    )


def rows():
    """Every rollup row, without the service (one service here)."""
    return {
        "daily": sorted(
            DailyRequests.objects.values_list("day", "channel", "submitted", "completed")
        ),
        "monthly": sorted(
            MonthlyRequests.objects.values_list("month", "channel", "submitted", "completed")
        ),
        "daily_waits": sorted(
            DailyDecisionWaits.objects.values_list("day", "channel", "days", "decided")
        ),
        "monthly_waits": sorted(
            MonthlyDecisionWaits.objects.values_list("month", "channel", "days", "decided")
        ),
        "daily_wait_totals": sorted(
            DailyDecisionWaitTotals.objects.values_list("day", "days", "decided")
        ),
        "monthly_wait_totals": sorted(
            MonthlyDecisionWaitTotals.objects.values_list("month", "days", "decided")
        ),
    }


def move(request, to, actor, when, **kwargs):
    with time_machine.travel(when):
        return services.request_transition(request=request, to=to, actor=actor, **kwargs)


EXPECTED = {
    "daily": [
        (d(2026, 1, 3), Channel.PHONE, 2, 0),
        (d(2026, 1, 4), Channel.WEBSITE, 1, 0),
        (d(2026, 1, 5), Channel.PHONE, 0, 1),
        (d(2026, 1, 6), Channel.PHONE, 0, 1),
        (d(2026, 1, 7), Channel.WEBSITE, 0, 1),
        (d(2026, 2, 2), Channel.INTERVIEW, 1, 0),
        (d(2026, 2, 4), Channel.INTERVIEW, 0, 1),
    ],
    "monthly": [
        (d(2026, 1, 1), Channel.PHONE, 2, 2),
        (d(2026, 1, 1), Channel.WEBSITE, 1, 1),
        (d(2026, 2, 1), Channel.INTERVIEW, 1, 1),
    ],
    "daily_waits": [
        (d(2026, 1, 5), Channel.PHONE, 6, 1),
        (d(2026, 1, 6), Channel.PHONE, 20, 1),
    ],
    "monthly_waits": [
        (d(2026, 1, 1), Channel.PHONE, 6, 1),
        (d(2026, 1, 1), Channel.PHONE, 20, 1),
    ],
    "daily_wait_totals": [(d(2026, 1, 5), 6, 1), (d(2026, 1, 6), 20, 1)],
    "monthly_wait_totals": [(d(2026, 1, 1), 6, 1), (d(2026, 1, 1), 20, 1)],
}


@pytest.fixture
def moved():
    """Three requests waiting for the committee when the rollup was counted, then moved; one
    taken from draft to verified through an incomplete round:

    | # | channel   | submitted | completed | then                                      |
    | 1 | phone     | Jan 3     | Jan 5 10h | approved Jan 10 12h (5 days 2 h: 6 days)  |
    | 2 | phone     | Jan 3     | Jan 6 10h | rejected Jan 26 10h (20 days: late)       |
    | 3 | website   | Jan 4     | Jan 7 10h | deferred Jan 12, back to research: open   |
    | 4 | interview | Feb 2     | Feb 4 9h  | incomplete Feb 2, submitted again Feb 3   |
    """
    service = ServiceFactory()
    committee = staff(Role.COMMITTEE)
    reception = staff(Role.RECEPTION)
    waiting = [
        SupportRequestFactory(
            service=service,
            status=Status.IN_COMMITTEE,
            channel=channel,
            submitted_at=at(submitted),
            completed_at=at(completed),
        )
        for channel, submitted, completed in (
            (Channel.PHONE, "2026-01-03", "2026-01-05"),
            (Channel.PHONE, "2026-01-03", "2026-01-06"),
            (Channel.WEBSITE, "2026-01-04", "2026-01-07"),
        )
    ]
    rollup_rebuild()
    r1, r2, r3 = waiting
    move(r1, Status.APPROVED, committee, at("2026-01-10", 12))
    move(r2, Status.REJECTED, committee, at("2026-01-26"), note="خارج نطاق الخدمة")
    move(r3, Status.DEFERRED, committee, at("2026-01-12"), note="نحتاج زيارة")
    move(r3, Status.IN_RESEARCH, committee, at("2026-01-13"))
    r4 = signed_request(service=service, channel=Channel.INTERVIEW)
    move(r4, Status.SUBMITTED, reception, at("2026-02-02"))
    move(r4, Status.INCOMPLETE, reception, at("2026-02-02", 12), note="صورة الهوية")
    move(r4, Status.SUBMITTED, reception, at("2026-02-03", 9))
    move(r4, Status.VERIFIED, reception, at("2026-02-04", 9))
    return {"service": service, "committee": committee, "r3": r3, "r4": r4}


def test_the_rollup_after_moves_equals_a_recount_from_the_requests(moved):
    assert rows() == EXPECTED
    rollup_rebuild()
    assert rows() == EXPECTED


def test_the_report_figures_read_from_the_rollup(moved):
    figures = decision_figures(start=d(2026, 1, 1), end=d(2026, 2, 28), today=d(2026, 2, 10))
    assert (figures.completed, figures.decided, figures.on_time, figures.overdue) == (4, 2, 1, 1)
    assert figures.median_days == 13.0
    assert figures.by_channel == {Channel.PHONE: 2, Channel.WEBSITE: 1, Channel.INTERVIEW: 1}
    assert figures.by_service == {moved["service"].pk: 4}
    # Request 4's decision was due on Feb 18: a week later it is overdue too.
    later = decision_figures(start=d(2026, 1, 1), end=d(2026, 2, 28), today=d(2026, 2, 25))
    assert later.overdue == 2
    phone_in_january = decision_figures(
        start=d(2026, 1, 1), end=d(2026, 1, 31), channel=Channel.PHONE, today=d(2026, 2, 10)
    )
    assert (phone_in_january.completed, phone_in_january.overdue) == (2, 0)
    assert phone_in_january.by_channel == {Channel.PHONE: 2}
    # One service and one channel together, as the managers' reports filter them.
    service_by_phone = decision_figures(
        start=d(2026, 1, 1),
        end=d(2026, 2, 28),
        service_id=moved["service"].pk,
        channel=Channel.PHONE,
        today=d(2026, 2, 10),
    )
    assert (
        service_by_phone.completed,
        service_by_phone.decided,
        service_by_phone.on_time,
        service_by_phone.overdue,
        service_by_phone.median_days,
    ) == (2, 2, 1, 0, 13.0)
    assert service_by_phone.by_channel == {Channel.PHONE: 2}
    assert service_by_phone.by_service == {moved["service"].pk: 2}
    other_service_by_phone = decision_figures(
        start=d(2026, 1, 1),
        end=d(2026, 2, 28),
        service_id=ServiceFactory().pk,
        channel=Channel.PHONE,
        today=d(2026, 2, 10),
    )
    assert (other_service_by_phone.completed, other_service_by_phone.by_channel) == (0, {})
    # A range of days inside one month is read from the daily rows.
    days = decision_figures(start=d(2026, 1, 6), end=d(2026, 1, 7), today=d(2026, 2, 10))
    assert (days.completed, days.decided, days.on_time, days.overdue) == (2, 1, 0, 1)
    assert days.median_days == 20.0


def _decided_from_the_requests(first: datetime.date, last: datetime.date) -> Counter:
    """Days started from completion to decision of the requests completed in [first, last],
    counted from the requests themselves."""
    waited = Counter()
    for completed_at, decided_at in SupportRequest.objects.filter(
        completed_at__isnull=False, decided_at__isnull=False
    ).values_list("completed_at", "decided_at"):
        if first <= timezone.localdate(completed_at) <= last:
            waited[max(0, math.ceil((decided_at - completed_at).total_seconds() / 86400))] += 1
    return waited


def test_the_histogram_of_every_service_and_channel_equals_the_requests_own_figures():
    """Requests of two services and three channels, decided before the rollup was counted
    and by moves after it: the histogram of them all (which the report reads when no service
    or channel is chosen) holds what the requests give, day by day and month by month, and
    the report's unfiltered figures are those of the requests."""
    services = [ServiceFactory(), ServiceFactory()]
    channels = [Channel.PHONE, Channel.WEBSITE, Channel.BRANCH]
    made = []
    for n in range(18):
        completed = at(f"2026-01-{1 + n % 6:02d}", 8 + n % 5) + datetime.timedelta(days=n * 3)
        decided = n % 3 != 0
        made.append(
            SupportRequestFactory(
                service=services[n % 2],
                channel=channels[n % 3],
                status=Status.APPROVED if decided else Status.IN_COMMITTEE,
                submitted_at=completed - datetime.timedelta(days=2),
                completed_at=completed,
                decided_at=completed + datetime.timedelta(days=n, hours=n % 4) if decided else None,
            )
        )
    rollup_rebuild()
    committee = staff(Role.COMMITTEE)
    # A third still before the committee, decided now by moves.
    for n, request in enumerate(made):
        if request.decided_at is None:
            move(
                request,
                Status.APPROVED,
                committee,
                request.completed_at + datetime.timedelta(days=n),
            )
    for period, totals, waits in (
        ("day", DailyDecisionWaitTotals, DailyDecisionWaits),
        ("month", MonthlyDecisionWaitTotals, MonthlyDecisionWaits),
    ):
        summed = Counter()
        for start, days, decided in waits.objects.values_list(period, "days", "decided"):
            summed[(start, days)] += decided
        kept = {
            (start, days): n
            for start, days, n in totals.objects.values_list(period, "days", "decided")
        }
        assert kept == summed
    by_day = Counter()
    for completed_at, decided_at in SupportRequest.objects.values_list(
        "completed_at", "decided_at"
    ):
        days = max(0, math.ceil((decided_at - completed_at).total_seconds() / 86400))
        by_day[(timezone.localdate(completed_at), days)] += 1
    assert dict(by_day) == {
        (day, days): n
        for day, days, n in DailyDecisionWaitTotals.objects.values_list("day", "days", "decided")
    }
    for first, last in ((d(2026, 1, 1), d(2026, 3, 31)), (d(2026, 1, 4), d(2026, 2, 17))):
        expected = _decided_from_the_requests(first, last)
        values = sorted(expected.elements())
        middle = len(values) // 2
        figures = decision_figures(start=first, end=last, today=d(2026, 6, 1))
        assert figures.decided == len(values)
        assert figures.on_time == sum(n for days, n in expected.items() if days <= 14)
        assert figures.median_days == (values[middle] + values[~middle]) / 2
    before = rows()
    rollup_rebuild()
    assert rows() == before


def test_a_request_is_overdue_the_day_after_its_decision_was_due():
    SupportRequestFactory(
        status=Status.IN_COMMITTEE, submitted_at=at("2026-03-01"), completed_at=at("2026-03-01")
    )
    rollup_rebuild()
    due_today = decision_figures(start=d(2026, 3, 1), end=d(2026, 3, 31), today=d(2026, 3, 15))
    assert (due_today.completed, due_today.overdue) == (1, 0)
    past_due = decision_figures(start=d(2026, 3, 1), end=d(2026, 3, 31), today=d(2026, 3, 16))
    assert (past_due.completed, past_due.overdue) == (1, 1)


def test_a_move_rolled_back_or_refused_leaves_the_rollup_unchanged(moved):
    reception = staff(Role.RECEPTION)
    draft = signed_request(service=moved["service"], channel=Channel.LETTER)

    def submit_then_fail():
        with transaction.atomic():
            move(draft, Status.SUBMITTED, reception, at("2026-02-05"))
            raise RuntimeError("the caller's transaction fails after the move")

    with pytest.raises(RuntimeError):
        submit_then_fail()
    with pytest.raises(TransitionError):
        move(moved["r3"], Status.CLOSED, moved["committee"], at("2026-02-05"))
    assert rows() == EXPECTED
    # The same move, committed, is counted.
    move(draft, Status.SUBMITTED, reception, at("2026-02-05"))
    assert set(rows()["daily"]) - set(EXPECTED["daily"]) == {(d(2026, 2, 5), Channel.LETTER, 1, 0)}


def test_days_to_a_decision_are_started_days():
    start = at("2026-01-05")
    assert [
        waited_days(start, start + datetime.timedelta(**delta))
        for delta in ({"hours": 2}, {"days": 14}, {"days": 14, "seconds": 1}, {"seconds": -5})
    ] == [1, 14, 15, 0]


def test_the_median_of_a_histogram_is_read_as_percentile_cont():
    assert histogram_median({}) is None
    assert histogram_median({3: 1}) == 3.0
    assert histogram_median({1: 1, 4: 1}) == 2.5
    assert histogram_median({1: 2, 9: 1}) == 1.0
    assert histogram_median({2: 1, 5: 2, 7: 1}) == 5.0


def _generic_plan(sql: str, params: list) -> str:
    """The plan the managers' reports run the statement by: prepared on the connection and
    planned once for any values (`makin.case.fetch_together`)."""
    statement = Statement.make("default", sql, params, list(range(len(params))))
    arguments = ", ".join(["%s"] * len(params))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute(f"PREPARE {statement.name} AS {statement.body}", [])
        try:
            cursor.execute(f"EXPLAIN EXECUTE {statement.name}({arguments})", params)
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute(f"DEALLOCATE {statement.name}")


@pytest.mark.parametrize("filtered", [False, True])
def test_the_report_reads_the_rollup_from_its_keys_alone(filtered):
    """A year of rollup rows for two services and every channel: the report's days are read
    by index-only scans of the daily rollup's keys (which carry the counts), not fetched row
    by row from the tables; the histogram of every service and channel when none is chosen."""
    services = [ServiceFactory().pk, ServiceFactory().pk]
    with connection.cursor() as cursor:
        for table, period, step in (
            ("requests_dailyrequests", "day", "1 day"),
            ("requests_monthlyrequests", "month", "1 month"),
        ):
            cursor.execute(
                f"INSERT INTO {table} ({period}, service_id, channel, submitted, completed) "  # noqa: S608
                "SELECT d, s, c, 3, 2 FROM generate_series('2025-01-01'::date, '2026-03-31', "
                "%s::interval) d, unnest(%s::bigint[]) s, unnest(%s::varchar[]) c",
                [step, services, list(Channel.values)],
            )
        for table, period, step in (
            ("requests_dailydecisionwaits", "day", "1 day"),
            ("requests_monthlydecisionwaits", "month", "1 month"),
        ):
            cursor.execute(
                f"INSERT INTO {table} ({period}, service_id, channel, days, decided) "  # noqa: S608
                "SELECT d, s, c, w, 1 FROM generate_series('2025-01-01'::date, '2026-03-31', "
                "%s::interval) d, unnest(%s::bigint[]) s, unnest(%s::varchar[]) c, "
                "generate_series(1, 4) w",
                [step, services, list(Channel.values)],
            )
        for table, period, step in (
            ("requests_dailydecisionwaittotals", "day", "1 day"),
            ("requests_monthlydecisionwaittotals", "month", "1 month"),
        ):
            cursor.execute(
                f"INSERT INTO {table} ({period}, days, decided) "  # noqa: S608
                "SELECT d, w, 5 FROM generate_series('2025-01-01'::date, '2026-03-31', "
                "%s::interval) d, generate_series(0, 30) w",
                [step],
            )
        cursor.execute(
            "ANALYZE requests_dailyrequests, requests_monthlyrequests, "
            "requests_dailydecisionwaits, requests_monthlydecisionwaits, "
            "requests_dailydecisionwaittotals, requests_monthlydecisionwaittotals"
        )
    sql, params = decision_figures_query(
        start=d(2025, 9, 14),
        end=d(2026, 3, 10),
        service_id=services[0] if filtered else None,
        channel=Channel.PHONE if filtered else None,
        today=d(2026, 3, 10),
    )
    plan = _generic_plan(sql, params)
    assert "Index Only Scan using daily_requests_key on" in plan, plan
    if filtered:
        assert "Index Only Scan using daily_waits_key on" in plan, plan
        assert "waittotals" not in plan, plan
    else:
        # The histogram of every service and channel, a few rows a day, by its key.
        assert "daily_wait_totals_key" in plan, plan
        assert "Seq Scan on requests_dailydecisionwaittotals" not in plan, plan
        assert "decisionwaits " not in plan, plan
    assert "Heap Scan on requests_dailyrequests" not in plan, plan
    assert "Heap Scan on requests_dailydecisionwaits " not in plan, plan
    assert "Seq Scan on requests_daily" not in plan, plan

"""The request-side rollup the managers' reports read (daily and monthly, like the surveys'):
requests submitted and completed per period, and the histogram of days to a decision per
period of completion (by service and channel, and with them all together).
`request_transition` keeps it in step in the move's transaction (`rollup_move`);
`rollup_rebuild` recounts it from the requests (the data migration, bulk loads, a repair);
`decision_figures` reads every figure of a date range from it."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils import timezone

from makin.periods import month_split

from .workflow import DECISION_DAYS

COUNTS = {"day": "requests_dailyrequests", "month": "requests_monthlyrequests"}
WAITS = {"day": "requests_dailydecisionwaits", "month": "requests_monthlydecisionwaits"}
# The histogram with every service and channel together, read when the report chooses none.
WAIT_TOTALS = {
    "day": "requests_dailydecisionwaittotals",
    "month": "requests_monthlydecisionwaittotals",
}


@dataclass(frozen=True)
class Counted:
    """What one request adds to the rollup."""

    service_id: int
    channel: str
    submitted: datetime.date | None = None
    completed: datetime.date | None = None
    # Started days from completion to the decision; None while undecided.
    waited: int | None = None


def waited_days(completed_at: datetime.datetime, decided_at: datetime.datetime) -> int:
    """Days started between completion and decision: 14 days to the second is still 14."""
    delta = decided_at - completed_at
    if delta <= datetime.timedelta(0):
        return 0
    return delta.days + (1 if delta.seconds or delta.microseconds else 0)


def counted(request) -> Counted:
    def day(value):
        return timezone.localdate(value) if value else None

    completed = day(request.completed_at)
    waited = None
    if completed and request.decided_at:
        waited = waited_days(request.completed_at, request.decided_at)
    return Counted(
        service_id=request.service_id,
        channel=request.channel,
        submitted=day(request.submitted_at),
        completed=completed,
        waited=waited,
    )


def _deltas(c: Counted, sign: int, counts: dict, waits: dict) -> None:
    for period in ("day", "month"):

        def start(d, period=period):
            return d if period == "day" else d.replace(day=1)

        if c.submitted:
            counts[(period, start(c.submitted), c.service_id, c.channel)][0] += sign
        if c.completed:
            counts[(period, start(c.completed), c.service_id, c.channel)][1] += sign
            if c.waited is not None:
                waits[(period, start(c.completed), c.service_id, c.channel, c.waited)] += sign


def rollup_move(*, before: Counted, after: Counted) -> None:
    """Take back what the request added before its move and add what it adds now, in the
    caller's transaction. Moves that change none of its dates write nothing."""
    if before == after:
        return
    counts = defaultdict(lambda: [0, 0])
    waits = defaultdict(int)
    _deltas(before, -1, counts, waits)
    _deltas(after, 1, counts, waits)
    # In one order, so two moves at once lock the rollup's rows in the same order.
    with connection.cursor() as cursor:
        for (period, start, service_id, channel), (submitted, completed) in sorted(counts.items()):
            if not (submitted or completed):
                continue
            table = COUNTS[period]
            cursor.execute(  # fixed table names, values as parameters
                f"INSERT INTO {table} ({period}, service_id, channel, submitted, completed) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s) "
                f"ON CONFLICT ({period}, service_id, channel) DO UPDATE SET "
                f"submitted = {table}.submitted + EXCLUDED.submitted, "
                f"completed = {table}.completed + EXCLUDED.completed",
                [start, service_id, channel, submitted, completed],
            )
        for (period, start, service_id, channel, days), decided in sorted(waits.items()):
            if not decided:
                continue
            table = WAITS[period]
            cursor.execute(
                f"INSERT INTO {table} ({period}, service_id, channel, days, decided) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s) "
                f"ON CONFLICT ({period}, service_id, channel, days) DO UPDATE SET "
                f"decided = {table}.decided + EXCLUDED.decided",
                [start, service_id, channel, days, decided],
            )
        totals = defaultdict(int)
        for (period, start, _service_id, _channel, days), decided in waits.items():
            totals[(period, start, days)] += decided
        for (period, start, days), decided in sorted(totals.items()):
            if not decided:
                continue
            table = WAIT_TOTALS[period]
            cursor.execute(
                f"INSERT INTO {table} ({period}, days, decided) VALUES (%s, %s, %s) "  # noqa: S608
                f"ON CONFLICT ({period}, days) DO UPDATE SET "
                f"decided = {table}.decided + EXCLUDED.decided",
                [start, days, decided],
            )


_LOCAL = "({column} AT TIME ZONE %s)::date"
_WAITED = "GREATEST(0, CEIL(EXTRACT(EPOCH FROM decided_at - completed_at) / 86400))::int"

REBUILD_SQL = {
    "counts": """
INSERT INTO {table} ({period}, service_id, channel, submitted, completed)
SELECT period, service_id, channel, SUM(submitted), SUM(completed) FROM (
    SELECT {submitted} AS period, service_id, channel, 1 AS submitted, 0 AS completed
    FROM requests_supportrequest WHERE submitted_at IS NOT NULL
    UNION ALL
    SELECT {completed}, service_id, channel, 0, 1
    FROM requests_supportrequest WHERE completed_at IS NOT NULL
) counted
GROUP BY 1, 2, 3
""",
    "waits": """
INSERT INTO {table} ({period}, service_id, channel, days, decided)
SELECT {completed}, service_id, channel, {waited}, COUNT(*)
FROM requests_supportrequest
WHERE completed_at IS NOT NULL AND decided_at IS NOT NULL
GROUP BY 1, 2, 3, 4
""",
    "wait_totals": """
INSERT INTO {table} ({period}, days, decided)
SELECT {completed}, {waited}, COUNT(*)
FROM requests_supportrequest
WHERE completed_at IS NOT NULL AND decided_at IS NOT NULL
GROUP BY 1, 2
""",
}


def rollup_rebuild() -> None:
    """Recount the rollup from the requests, in the caller's transaction."""
    tz = settings.TIME_ZONE
    with connection.cursor() as cursor:
        for period in ("day", "month"):
            submitted = _LOCAL.format(column="submitted_at")
            completed = _LOCAL.format(column="completed_at")
            if period == "month":
                submitted = f"date_trunc('month', {submitted})::date"
                completed = f"date_trunc('month', {completed})::date"
            for kind, table, params in (
                ("counts", COUNTS[period], [tz, tz]),
                ("waits", WAITS[period], [tz]),
                ("wait_totals", WAIT_TOTALS[period], [tz]),
            ):
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608  fixed table names
                cursor.execute(
                    REBUILD_SQL[kind].format(
                        table=table,
                        period=period,
                        submitted=submitted,
                        completed=completed,
                        waited=_WAITED,
                    ),
                    params,
                )


@dataclass
class DecisionFigures:
    """Requests completed in a range: decided, decided within 14 days, overdue (undecided
    past the day their decision was due), the median days to a decision; and the requests
    submitted in the range by channel and by service."""

    completed: int = 0
    decided: int = 0
    on_time: int = 0
    overdue: int = 0
    median_days: float | None = None
    by_channel: dict = field(default_factory=dict)
    by_service: dict = field(default_factory=dict)


def _segments(start: datetime.date, end: datetime.date, today: datetime.date):
    """The range cut at the last completion day whose decision is overdue today (due before
    today), each part split into whole months and edge days: (overdue?, m1, m2, d1..d4)."""
    last_overdue = today - datetime.timedelta(days=DECISION_DAYS + 1)
    parts = []
    if start <= min(end, last_overdue):
        parts.append((True, start, min(end, last_overdue)))
    if max(start, last_overdue + datetime.timedelta(days=1)) <= end:
        parts.append((False, max(start, last_overdue + datetime.timedelta(days=1)), end))
    return [(past, *month_split(a, b)) for past, a, b in parts]


def _union(tables: dict, columns: str, segments, where: str, extra: list):
    """One SELECT per table and segment, tagged with whether its days are past due."""
    parts, params = [], []
    for past, m1, m2, (d1, d2), (d3, d4) in segments:
        tag = "TRUE" if past else "FALSE"
        parts.append(
            f"SELECT {tag} AS past, {columns} FROM {tables['month']} "  # noqa: S608  fixed names
            f"WHERE month >= %s AND month < %s {where}"
        )
        params += [m1, m2, *extra]
        # Each edge of days a range of its own: two ranges ORed are read by a bitmap scan,
        # which fetches every row from the table; one range is read from the key alone.
        for first, after in ((d1, d2), (d3, d4)):
            parts.append(
                f"SELECT {tag}, {columns} FROM {tables['day']} "  # noqa: S608
                f"WHERE day >= %s AND day < %s {where}"
            )
            params += [first, after, *extra]
    return " UNION ALL ".join(parts), params


def decision_figures(
    *,
    start: datetime.date,
    end: datetime.date,
    service_id: int | None = None,
    channel: str | None = None,
    today: datetime.date | None = None,
) -> DecisionFigures:
    """Every request-side figure of the days [start, end], from the rollup in one query."""
    query = decision_figures_query(
        start=start, end=end, service_id=service_id, channel=channel, today=today
    )
    if query is None:
        return DecisionFigures()
    with connection.cursor() as cursor:
        cursor.execute(*query)
        return decision_figures_read(cursor.fetchall())


def decision_figures_query(
    *,
    start: datetime.date,
    end: datetime.date,
    service_id: int | None = None,
    channel: str | None = None,
    today: datetime.date | None = None,
) -> tuple[str, list] | None:
    """The statement of `decision_figures` (None when the range has no day), for a caller that
    sends it with others: `decision_figures_read` reads its rows."""
    today = today or timezone.localdate()
    where, extra = "", []
    if service_id is not None:
        where += " AND service_id = %s"
        extra.append(service_id)
    if channel:
        where += " AND channel = %s"
        extra.append(channel)
    segments = _segments(start, end, today)
    if not segments:
        return None
    counts_sql, counts_params = _union(
        COUNTS, "service_id, channel, submitted, completed", segments, where, extra
    )
    # With no service or channel chosen, the histogram of them all: a sixth of the rows at
    # national volume.
    waits = WAITS if where else WAIT_TOTALS
    waits_sql, waits_params = _union(waits, "days, decided", segments, where, extra)
    # The counts by period, channel and service and the histogram of days to a decision, in
    # one statement: each row says which of the two it belongs to.
    sql = (
        "SELECT FALSE AS waits, GROUPING(past), GROUPING(channel), "  # noqa: S608
        "past, channel, service_id, NULL::integer AS days, SUM(submitted), SUM(completed) "
        f"FROM ({counts_sql}) c "
        "GROUP BY GROUPING SETS ((past), (channel), (service_id)) "
        "UNION ALL "
        "SELECT TRUE, 1, 1, past, NULL, NULL, days, 0, SUM(decided) "
        f"FROM ({waits_sql}) w "
        "GROUP BY past, days HAVING SUM(decided) <> 0"
    )
    return sql, counts_params + waits_params


def decision_figures_read(rows) -> DecisionFigures:
    figures = DecisionFigures()
    completed_past = decided_past = 0
    histogram = defaultdict(int)
    for waits, g_past, g_channel, past, chan, service, days, submitted, completed in rows:
        if waits:
            decided = int(completed)
            histogram[days] += decided
            figures.decided += decided
            if days <= DECISION_DAYS:
                figures.on_time += decided
            if past:
                decided_past += decided
        elif not g_past:
            figures.completed += int(completed)
            if past:
                completed_past = int(completed)
        elif not g_channel:
            if submitted:
                figures.by_channel[chan] = int(submitted)
        elif submitted:
            figures.by_service[service] = int(submitted)
    figures.overdue = completed_past - decided_past
    figures.median_days = histogram_median(histogram)
    return figures


def histogram_median(histogram: dict[int, int]) -> float | None:
    """The median of the values counted in `histogram`, as percentile_cont(0.5) reads it:
    the middle value, or halfway between the two middle ones."""
    n = sum(histogram.values())
    if n <= 0:
        return None
    low_rank, high_rank = (n - 1) // 2, n // 2
    low = high = None
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if low is None and seen > low_rank:
            low = value
        if seen > high_rank:
            high = value
            break
    return (low + high) / 2

"""The managers' reports. Every figure is a PostgreSQL aggregate, read in three queries: the
satisfaction figures from the daily and monthly rollups (`DailyAnswers`) in one GROUPING SETS
query that also reads the response rate, the staff's names, the questions' wording and the
complaints' figures; the request figures from the requests app's rollup (`requests.rollup`);
the latest comments. Python only arranges the few grouped rows."""

import datetime
import functools
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from makin import dates
from makin.bilingual import in_language
from makin.case import fetch_together
from makin.channels import Channel
from makin.periods import month_split
from requests.models import Service
from requests.rollup import DecisionFigures, decision_figures_query, decision_figures_read

from .models import (
    FeedbackKind,
    FeedbackStatus,
    QuestionKind,
)


@dataclass(frozen=True)
class ReportFilter:
    start: datetime.date
    end: datetime.date
    service: Service | None = None
    channel: str | None = None
    calendar: str = dates.GREGORIAN  # the calendar of the monthly trend's months

    @property
    def start_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def end_before(self) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min)
        )


def default_filter(today: datetime.date | None = None) -> ReportFilter:
    """The last six whole months and the current one."""
    today = today or timezone.localdate()
    month = today.month - 6
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return ReportFilter(start=datetime.date(year, month, 1), end=today)


@dataclass
class Rated:
    """Counts of one group of rating answers."""

    label: str = ""
    counts: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)
    answers: int = 0
    yes: int = 0
    no: int = 0
    key: object = None

    @property
    def rated(self) -> int:
        return sum(self.counts)

    @property
    def index(self) -> float | None:
        """Share of 4 and 5 among the ratings, in percent."""
        return 100 * (self.counts[3] + self.counts[4]) / self.rated if self.rated else None

    @property
    def mean(self) -> float | None:
        if not self.rated:
            return None
        return sum((n + 1) * c for n, c in enumerate(self.counts)) / self.rated

    @property
    def yes_share(self) -> float | None:
        total = self.yes + self.no
        return 100 * self.yes / total if total else None


@dataclass
class Report:
    filter: ReportFilter
    overall: Rated = field(default_factory=Rated)
    questions: list = field(default_factory=list)
    monthly: list = field(default_factory=list)
    by_channel: list = field(default_factory=list)
    by_service: list = field(default_factory=list)
    by_staff: list = field(default_factory=list)
    invitations: int = 0
    responses: int = 0
    decisions: dict = field(default_factory=dict)
    volume_channel: list = field(default_factory=list)
    volume_service: list = field(default_factory=list)
    complaints: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)

    @property
    def response_rate(self) -> float | None:
        return 100 * self.responses / self.invitations if self.invitations else None


# The satisfaction figures grouped by question, month, channel, service and staff member,
# and overall. Filtered by service or channel, from the answer rollups (every combination of
# the keys). Unfiltered, from the facet rollups: each grouping sums the rows of its own facet
# (the months and the whole period those of the channels, since every answer has one), a
# tenth of the rows to group.
_GROUPED_SQL = {
    "answers": """
counts AS (
    SELECT month AS month, question_id, channel, service_id, staff_id,
           answers, r1, r2, r3, r4, r5, yes, no
    FROM surveys_monthlyanswers
    WHERE month >= %s AND month < %s {where}
    UNION ALL
    SELECT date_trunc('month', day)::date, question_id, channel, service_id, staff_id,
           answers, r1, r2, r3, r4, r5, yes, no
    FROM surveys_dailyanswers
    WHERE ((day >= %s AND day < %s) OR (day >= %s AND day < %s)) {where}
),
grouped AS (
    SELECT GROUPING(q.code) AS g_code, GROUPING(d.month) AS g_month,
           GROUPING(d.channel) AS g_channel, GROUPING(d.service_id) AS g_service,
           GROUPING(d.staff_id) AS g_staff,
           q.code, d.month, d.channel, d.service_id, d.staff_id,
           SUM(d.answers) AS answers, SUM(d.r1) AS r1, SUM(d.r2) AS r2, SUM(d.r3) AS r3,
           SUM(d.r4) AS r4, SUM(d.r5) AS r5, SUM(d.yes) AS yes, SUM(d.no) AS no
    FROM counts d
    JOIN surveys_question q ON q.id = d.question_id
    GROUP BY GROUPING SETS ((q.code), (d.month), (d.channel), (d.service_id), (d.staff_id), ())
),""",
    "facets": """
counts AS (
    SELECT month AS month, facet, question_id, channel, service_id, staff_id,
           answers, r1, r2, r3, r4, r5, yes, no
    FROM surveys_monthlyfacets
    WHERE month >= %s AND month < %s
    UNION ALL
    SELECT date_trunc('month', day)::date, facet, question_id, channel, service_id, staff_id,
           answers, r1, r2, r3, r4, r5, yes, no
    FROM surveys_dailyfacets
    WHERE ((day >= %s AND day < %s) OR (day >= %s AND day < %s))
),
grouped AS (
    SELECT GROUPING(q.code) AS g_code, GROUPING(d.month) AS g_month,
           GROUPING(d.channel) AS g_channel, GROUPING(d.service_id) AS g_service,
           GROUPING(d.staff_id) AS g_staff,
           q.code, d.month, d.channel, d.service_id, d.staff_id,
           SUM(d.answers) AS answers, SUM(d.r1) AS r1, SUM(d.r2) AS r2, SUM(d.r3) AS r3,
           SUM(d.r4) AS r4, SUM(d.r5) AS r5, SUM(d.yes) AS yes, SUM(d.no) AS no
    FROM counts d
    LEFT JOIN surveys_question q ON q.id = d.question_id
    GROUP BY d.facet, GROUPING SETS ((q.code), (d.month), (d.channel), (d.service_id), (d.staff_id))
    HAVING (GROUPING(q.code) = 0 AND d.facet = 'question')
        OR (GROUPING(d.service_id) = 0 AND d.facet = 'service')
        OR (GROUPING(d.staff_id) = 0 AND d.facet = 'staff')
        OR (GROUPING(d.month) = 0 AND d.facet = 'channel')
        OR (GROUPING(d.channel) = 0 AND d.facet = 'channel')
    UNION ALL
    -- The whole period: a row even when nothing was answered, as the grouping set () gives.
    SELECT 1, 1, 1, 1, 1, NULL::varchar, NULL::date, NULL::varchar, NULL::bigint, NULL::bigint,
           SUM(answers), SUM(r1), SUM(r2), SUM(r3), SUM(r4), SUM(r5), SUM(yes), SUM(no)
    FROM counts WHERE facet = 'channel'
),""",
}

_SATISFACTION_SQL = """
WITH {grouped}
rate AS (
    SELECT COALESCE(SUM(sent), 0) AS sent, COALESCE(SUM(answered), 0) AS answered FROM (
        SELECT sent, answered FROM surveys_monthlyinvitations
        WHERE month >= %s AND month < %s {where}
        UNION ALL
        SELECT sent, answered FROM surveys_dailyinvitations
        WHERE ((day >= %s AND day < %s) OR (day >= %s AND day < %s)) {where}
    ) invited
),
feedback AS (
    SELECT COUNT(*) AS total,
           COUNT(*) FILTER (WHERE kind = %s) AS complaints,
           COUNT(*) FILTER (WHERE kind = %s) AS suggestions,
           -- Closed without a reply (spam, a duplicate) is neither still open nor resolved.
           COUNT(*) FILTER (WHERE status IN (%s, %s)) AS open,
           COUNT(*) FILTER (WHERE status = %s) AS resolved,
           AVG(EXTRACT(EPOCH FROM resolved_at - created_at) / 3600.0)
               FILTER (WHERE status = %s)::float8 AS mean_hours,
           percentile_cont(0.5) WITHIN GROUP (
               ORDER BY EXTRACT(EPOCH FROM resolved_at - created_at) / 3600.0
           ) FILTER (WHERE status = %s) AS median_hours
    FROM surveys_feedback
    WHERE created_at >= %s AND created_at < %s
)
SELECT g.g_code, g.g_month, g.g_channel, g.g_service, g.g_staff,
       g.code, g.month, g.channel, g.service_id, g.staff_id,
       g.answers, g.r1, g.r2, g.r3, g.r4, g.r5, g.yes, g.no,
       rate.sent, rate.answered,
       feedback.total, feedback.complaints, feedback.suggestions, feedback.open,
       feedback.resolved, feedback.mean_hours, feedback.median_hours,
       u.username, u.first_name, u.last_name,
       latest.kind, latest.position, latest.text_ar, latest.text_en
FROM grouped g
CROSS JOIN rate
CROSS JOIN feedback
LEFT JOIN makin_user u ON g.g_staff = 0 AND u.id = g.staff_id
LEFT JOIN LATERAL (
    -- The newest wording of the question: that of its newest version.
    SELECT nq.kind, nq.position, nq.text_ar, nq.text_en
    FROM surveys_question nq
    JOIN surveys_surveyversion v ON v.id = nq.version_id
    WHERE g.g_code = 0 AND nq.code = g.code
    ORDER BY v.number DESC, nq.id DESC
    LIMIT 1
) latest ON TRUE
"""


_COMPLAINTS = (
    "total",
    "complaints",
    "suggestions",
    "open",
    "resolved",
    "mean_hours",
    "median_hours",
)


def _satisfaction_query(f: ReportFilter) -> tuple[str, list]:
    """The satisfaction figures, the response rate, the staff's names and the questions'
    newest wording from the rollups, and the complaints and suggestions of the period (which
    have no service or channel), in one statement."""
    where, extra = _rollup_where(f)
    m1, m2, (d1, d2), (d3, d4) = month_split(f.start, f.end)
    period = [m1, m2, *extra, d1, d2, d3, d4, *extra]
    resolved = FeedbackStatus.RESOLVED
    feedback = [
        FeedbackKind.COMPLAINT,
        FeedbackKind.SUGGESTION,
        FeedbackStatus.OPEN,
        FeedbackStatus.IN_PROGRESS,
        resolved,
        resolved,
        resolved,
        f.start_at,
        f.end_before,
    ]
    grouped = _GROUPED_SQL["answers"].format(where=where) if where else _GROUPED_SQL["facets"]
    return _SATISFACTION_SQL.format(grouped=grouped, where=where), period + period + feedback


def _satisfaction_read(report: Report, rows, service_names) -> None:
    groups = {"question": [], "month": [], "channel": [], "service": [], "staff": []}
    staff, latest = {}, {}
    for row in rows:
        flags = row[0:5]
        keys = row[5:10]
        answers, r1, r2, r3, r4, r5, yes, no = (int(v or 0) for v in row[10:18])
        sent, answered = row[18:20]
        complaints = dict(zip(_COMPLAINTS, row[20:27], strict=True))
        username, first_name, last_name = row[27:30]
        kind, position, text_ar, text_en = row[30:34]
        rated = Rated(counts=(r1, r2, r3, r4, r5), answers=answers, yes=yes, no=no)
        if all(flags):
            report.overall = rated
            report.invitations, report.responses = int(sent), int(answered)
            report.complaints = complaints
            continue
        for name, flag, key in zip(groups, flags, keys, strict=True):
            if not flag:
                rated.key = key
                groups[name].append(rated)
        if username is not None:
            # As the person's str(): the full name (Django's get_full_name), else the username.
            staff[rated.key] = f"{first_name} {last_name}".strip() or username
        if kind is not None:
            # The question's newest wording in the reader's language (as `Question.text`).
            latest[rated.key] = (kind, position, in_language(text_ar, text_en))
    report.monthly = sorted(groups["month"], key=lambda r: r.key)
    for r in report.monthly:
        r.label = _month_label(r.key)
    channel_labels = _in_language(_CHANNELS, _channel_names)
    for r in groups["channel"]:
        r.label = str(channel_labels.get(r.key, r.key))
    services = service_names() if any(r.key for r in groups["service"]) else {}
    for r in groups["service"]:
        r.label = services[r.key].name if r.key in services else _("No service")
    for r in groups["staff"]:
        r.label = staff[r.key] if r.key in staff else _("Not recorded")
    report.by_channel = _ranked(groups["channel"])
    report.by_service = _ranked(groups["service"])
    report.by_staff = _ranked(groups["staff"])
    questions = []
    for r in groups["question"]:
        if r.key not in latest:
            continue
        kind, position, text = latest[r.key]
        if kind not in (QuestionKind.RATING, QuestionKind.YES_NO):
            continue
        r.label = text
        r.kind = kind
        r.position = position
        questions.append(r)
    report.questions = sorted(questions, key=lambda r: r.position)


def _ranked(rows: list[Rated]) -> list[Rated]:
    """The groups with ratings, the most satisfied first; among equals, the one with more
    ratings, then by name (not in the order the database happened to group them)."""
    return sorted((r for r in rows if r.rated), key=lambda r: (-(r.index or 0), -r.rated, r.label))


def _month_label(day: datetime.date) -> str:
    return f"{_in_language(_MONTHS, _month_names)[day.month]} {day.year}"


# The channels' and months' names, translated once per process and language.
_CHANNELS: dict[str, dict] = {}
_MONTHS: dict[str, dict] = {}


def _in_language(kept: dict, make) -> dict:
    language = get_language()
    names = kept.get(language)
    if names is None:
        names = kept[language] = make()
    return names


def _channel_names() -> dict:
    return {value: str(label) for value, label in Channel.choices}


def _month_names() -> dict:
    from django.utils.dates import MONTHS as DJANGO_MONTHS

    return {number: str(name) for number, name in DJANGO_MONTHS.items()}


_HIJRI_MONTHLY_SQL = """
SELECT b.start, SUM(d.answers), SUM(d.r1), SUM(d.r2), SUM(d.r3), SUM(d.r4), SUM(d.r5),
       SUM(d.yes), SUM(d.no)
FROM surveys_dailyanswers d
JOIN unnest(%s::date[], %s::date[]) AS b(start, stop) ON d.day >= b.start AND d.day < b.stop
WHERE d.day >= %s AND d.day < %s {where}
GROUP BY b.start
ORDER BY b.start
"""


def _hijri_monthly_query(f: ReportFilter) -> tuple[str, list, dict]:
    """The satisfaction trend in Umm al-Qura months, whose edges are not Gregorian months':
    the daily rollup's days bucketed by the Hijri months the period touches."""
    after_end = f.end + datetime.timedelta(days=1)
    months = dates.hijri_months(f.start, f.end)
    starts = [first for first, _name in months]
    stops = [*starts[1:], after_end]
    where, extra = _rollup_where(f)
    params = [starts, stops, f.start, after_end, *extra]
    return _HIJRI_MONTHLY_SQL.format(where=where), params, dict(months)


def _hijri_monthly_read(report: Report, rows, names: dict) -> None:
    monthly = []
    for start, answers, r1, r2, r3, r4, r5, yes, no in rows:
        counts = tuple(int(v or 0) for v in (r1, r2, r3, r4, r5))
        rated = Rated(counts=counts, answers=int(answers), yes=int(yes), no=int(no), key=start)
        rated.label = names[start]
        monthly.append(rated)
    report.monthly = monthly


def _rollup_where(f: ReportFilter, table: str = "") -> tuple[str, list]:
    column = f"{table}." if table else ""
    where, extra = "", []
    if f.service is not None:
        where += f" AND {column}service_id = %s"
        extra.append(f.service.pk)
    if f.channel:
        where += f" AND {column}channel = %s"
        extra.append(f.channel)
    return where, extra


def _decisions_read(report: Report, figures: DecisionFigures, service_names) -> None:
    """Requests completed in the period: decided within 14 days of completion, and the median
    days to a decision; requests submitted in it by channel and by service. Requests still
    undecided count against compliance once their decision was due (14 days after the day
    they became complete); those not yet due are pending and not counted. All from the
    requests app's rollup, whatever the number of requests."""
    counted = figures.decided + figures.overdue
    report.decisions = {
        "completed": figures.completed,
        "decided": figures.decided,
        "on_time": figures.on_time,
        "overdue": figures.overdue,
        "median_days": figures.median_days,
        "pending": figures.completed - counted,
        "late": figures.decided - figures.on_time,
        "compliance": 100 * figures.on_time / counted if counted else None,
    }
    labels = _in_language(_CHANNELS, _channel_names)
    report.volume_channel = [
        {"label": str(labels.get(channel, channel)), "count": n}
        for channel, n in sorted(figures.by_channel.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    services = service_names() if figures.by_service else {}
    report.volume_service = [
        {"label": services[service].name, "count": n}
        for service, n in sorted(figures.by_service.items(), key=lambda kv: (-kv[1], kv[0]))
        if service in services
    ]


_COMMENTS_SQL = """
SELECT a.text, r.submitted_at
FROM surveys_answer a
JOIN surveys_question q ON q.id = a.question_id
JOIN surveys_response r ON r.id = a.response_id
WHERE q.kind = %s AND r.submitted_at >= %s AND r.submitted_at < %s AND a.text <> ''
ORDER BY r.submitted_at DESC
LIMIT %s
"""

_COMMENTS_FILTERED_SQL = """
SELECT c.text, c.submitted_at
FROM surveys_invitation i
CROSS JOIN LATERAL (
    SELECT a.text, r.submitted_at
    FROM surveys_response r
    JOIN surveys_answer a ON a.response_id = r.id
    JOIN surveys_question q ON q.id = a.question_id
    WHERE r.invitation_id = i.id AND r.submitted_at >= %s AND r.submitted_at < %s
      AND q.kind = %s AND a.text <> ''
    LIMIT %s  -- not merged into the outer join: one invitation at a time, newest first
) c
WHERE i.answered_at >= %s AND i.answered_at < %s {where}
ORDER BY i.answered_at DESC, i.id DESC
LIMIT %s
"""


def _comments_query(f: ReportFilter, limit: int = 8) -> tuple[str, list]:
    """The latest written comments of the period. Filtered by service or channel (which the
    invitation holds), they are read from the invitations answered in the period, newest
    first by the indexes of their service and of their channel: an invitation is answered
    when its response is submitted (`response_submit` sets both from one moment), so the
    walk stops at the eighth comment instead of joining every comment of the period to its
    invitation."""
    start, end = f.start_at, f.end_before
    if f.service is None and not f.channel:
        return _COMMENTS_SQL, [QuestionKind.TEXT, start, end, limit]
    where, extra = _rollup_where(f, "i")
    params = [start, end, QuestionKind.TEXT, limit, start, end, *extra, limit]
    return _COMMENTS_FILTERED_SQL.format(where=where), params


def _comments_read(report: Report, rows) -> None:
    report.comments = [
        {"text": text, "response__submitted_at": submitted_at} for text, submitted_at in rows
    ]


def report_build(f: ReportFilter, services=None) -> Report:
    """Every figure of the report, its statements sent in one round trip. `services`: the
    service catalogue when the caller reads it anyway (the filter form's list of services); a
    queryset not yet read is read in the same round trip (and kept in it for its caller), else
    the catalogue is read here if needed."""
    report = Report(filter=f)
    statements = []
    catalogue = _catalogue_statement(services)
    if catalogue is not None:
        statements.append(catalogue)
    # The services, read at most once for the satisfaction and the volume by service (the
    # catalogue is a few dozen rows).
    if services is None:
        service_names = functools.cache(Service.objects.in_bulk)
    else:
        service_names = functools.cache(lambda: {s.pk: s for s in services})
    statements.append(_satisfaction_query(f))
    hijri = _hijri_monthly_query(f) if f.calendar == dates.HIJRI else None
    if hijri is not None:
        statements.append(hijri[:2])
    decisions = decision_figures_query(
        start=f.start,
        end=f.end,
        service_id=f.service.pk if f.service is not None else None,
        channel=f.channel or None,
    )
    if decisions is not None:
        statements.append(decisions)
    statements.append(_comments_query(f))
    results = iter(read_together(statements))
    if catalogue is not None:
        _catalogue_read(services, next(results))
    _satisfaction_read(report, next(results), service_names)
    if hijri is not None:
        _hijri_monthly_read(report, next(results), hijri[2])
    figures = decision_figures_read(next(results)) if decisions is not None else DecisionFigures()
    _decisions_read(report, figures, service_names)
    _comments_read(report, next(results))
    return report


def _catalogue_statement(services) -> tuple[str, list] | None:
    """The statement of a queryset of whole services not yet read (the filter form's), to be
    read with the report's own: one round trip fewer."""
    if not isinstance(services, QuerySet) or services._result_cache is not None:
        return None
    query = services.query
    if (
        services.model is not Service
        or services._fields is not None
        or services._prefetch_related_lookups
        or query.select_related
        or query.annotations
        or query.deferred_loading != (frozenset(), True)
    ):
        return None
    if _shape(query) == _whole_catalogue()[0]:
        # Every service in the model's order (the form's list): its SQL made once.
        sql, params = _whole_catalogue()[1]
        return sql, list(params)
    sql, params = query.sql_with_params()
    return sql, list(params)


def _shape(query) -> tuple:
    """What makes a query of whole services other than every service in the model's order."""
    return (
        bool(query.where),
        query.order_by,
        query.extra_order_by,
        query.default_ordering,
        query.standard_ordering,
        query.distinct,
        query.distinct_fields,
        query.low_mark,
        query.high_mark,
        query.extra,
        query.combinator,
        query.select_for_update,
    )


@functools.cache
def _whole_catalogue() -> tuple[tuple, tuple[str, list]]:
    """Every service in the model's order: its query's shape, and its SQL made once per process
    (the reports page read it on every visit, compiling it each time)."""
    query = Service.objects.all().query
    shape = _shape(query)  # before compiling, which adds the table's alias
    sql, params = query.sql_with_params()
    return shape, (sql, list(params))


def _catalogue_read(services: QuerySet, rows) -> None:
    """The queryset's rows as its own reading would give them, kept in it (as a read queryset
    keeps its rows), so its later uses (the form's choices) read nothing more."""
    names = [f.attname for f in Service._meta.concrete_fields]
    services._result_cache = [Service.from_db(services.db, names, row) for row in rows]
    services._prefetch_done = True


def read_together(statements: list[tuple[str, list]]) -> list[list[tuple]]:
    """The rows of each statement, the statements sent to PostgreSQL as one: one round trip,
    each planned once per connection (`makin.case.fetch_together`)."""
    return fetch_together(statements)

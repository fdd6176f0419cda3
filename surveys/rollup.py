"""The two rollups of answer counts (daily and monthly) that the reports read: kept in step
by `services.response_submit`, rebuilt from the answers by `rollup_rebuild` (after a bulk load
or a repair)."""

import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import Answer, Facet

COUNTS = ["answers", "r1", "r2", "r3", "r4", "r5", "yes", "no"]
KEY = ["question_id", "channel", "service_id", "staff_id"]
TABLES = {"day": "surveys_dailyanswers", "month": "surveys_monthlyanswers"}
CONSTRAINTS = {"day": "daily_answers_key", "month": "monthly_answers_key"}
FACET_TABLES = {"day": "surveys_dailyfacets", "month": "surveys_monthlyfacets"}
FACET_CONSTRAINTS = {"day": "daily_facets_key", "month": "monthly_facets_key"}
# Each facet's key column; the facet rows leave the other three empty.
FACET_KEYS = {
    Facet.QUESTION: "question_id",
    Facet.CHANNEL: "channel",
    Facet.SERVICE: "service_id",
    Facet.STAFF: "staff_id",
}


def _upsert_sql(period: str, values: str) -> str:
    table = TABLES[period]
    updates = ", ".join(f"{c} = {table}.{c} + EXCLUDED.{c}" for c in COUNTS)
    return (
        f"INSERT INTO {table} ({period}, {', '.join(KEY)}, {', '.join(COUNTS)}) {values} "
        f"ON CONFLICT ON CONSTRAINT {CONSTRAINTS[period]} DO UPDATE SET {updates}"
    )


INVITATION_TABLES = {"day": "surveys_dailyinvitations", "month": "surveys_monthlyinvitations"}
INVITATION_CONSTRAINTS = {"day": "daily_invitations_key", "month": "monthly_invitations_key"}


def invitations_add(*, invitation, sent: int, answered: int) -> None:
    """Count an invitation sent, or answered, on the day it was sent."""
    day = timezone.localdate(invitation.created_at)
    with connection.cursor() as cursor:
        for period, start in (("day", day), ("month", day.replace(day=1))):
            table = INVITATION_TABLES[period]
            cursor.execute(  # fixed table names, values as parameters
                f"INSERT INTO {table} ({period}, channel, service_id, staff_id, sent, answered) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s, %s) "
                f"ON CONFLICT ON CONSTRAINT {INVITATION_CONSTRAINTS[period]} DO UPDATE SET "
                f"sent = {table}.sent + EXCLUDED.sent, "
                f"answered = {table}.answered + EXCLUDED.answered",
                [
                    start,
                    invitation.channel,
                    invitation.service_id,
                    invitation.staff_id,
                    sent,
                    answered,
                ],
            )


def rollup_add(*, invitation, answers: list[Answer], day: datetime.date) -> None:
    """Count one response's rating and yes/no answers in both rollups."""
    counted = [a for a in answers if a.rating is not None or a.yes is not None]
    if not counted:
        return
    placeholders = ", ".join(["(%s, %s, %s, %s, %s, 1, %s, %s, %s, %s, %s, %s, %s)"] * len(counted))
    with connection.cursor() as cursor:
        for period, start in (("day", day), ("month", day.replace(day=1))):
            params = []
            for a in counted:
                params += [
                    start,
                    a.question_id,
                    invitation.channel,
                    invitation.service_id,
                    invitation.staff_id,
                    *[int(a.rating == n) for n in range(1, 6)],
                    int(a.yes is True),
                    int(a.yes is False),
                ]
            cursor.execute(_upsert_sql(period, f"VALUES {placeholders}"), params)
        _facets_add(cursor, invitation=invitation, answers=counted, day=day)


def _facets_add(cursor, *, invitation, answers: list[Answer], day: datetime.date) -> None:
    """The same answers added to the facet rollups: one row per question answered, and one
    for the invitation's channel, service and staff member each (summed here first, since one
    statement may not update a row twice)."""
    sums: dict[tuple, list[int]] = {}
    for a in answers:
        counts = [
            1,
            *[int(a.rating == n) for n in range(1, 6)],
            int(a.yes is True),
            int(a.yes is False),
        ]
        for facet, key in (
            (Facet.QUESTION, a.question_id),
            (Facet.CHANNEL, invitation.channel),
            (Facet.SERVICE, invitation.service_id),
            (Facet.STAFF, invitation.staff_id),
        ):
            row = sums.setdefault((facet, key), [0] * len(COUNTS))
            for i, n in enumerate(counts):
                row[i] += n
    columns = ["facet", *FACET_KEYS.values()]
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(sums))
    for period, start in (("day", day), ("month", day.replace(day=1))):
        table = FACET_TABLES[period]
        params = []
        for (facet, key), counts in sums.items():
            keys = [key if FACET_KEYS[facet] == column else None for column in FACET_KEYS.values()]
            params += [start, str(facet), *keys, *counts]
        updates = ", ".join(f"{c} = {table}.{c} + EXCLUDED.{c}" for c in COUNTS)
        cursor.execute(  # fixed table names, values as parameters
            f"INSERT INTO {table} ({period}, {', '.join(columns)}, {', '.join(COUNTS)}) "  # noqa: S608
            f"VALUES {values} "
            f"ON CONFLICT ON CONSTRAINT {FACET_CONSTRAINTS[period]} DO UPDATE SET {updates}",
            params,
        )


# The facet rollups summed from the answer rollups (`rollup_rebuild`, the data migration).
FACETS_FROM_ANSWERS_SQL = """
INSERT INTO {facets} ({period}, facet, question_id, channel, service_id, staff_id, {counts})
SELECT {period}, %s, question_id, NULL::varchar, NULL::bigint, NULL::bigint, {sums}
FROM {answers} GROUP BY 1, 3
UNION ALL
SELECT {period}, %s, NULL::bigint, channel, NULL::bigint, NULL::bigint, {sums}
FROM {answers} GROUP BY 1, 4
UNION ALL
SELECT {period}, %s, NULL::bigint, NULL::varchar, service_id, NULL::bigint, {sums}
FROM {answers} GROUP BY 1, 5
UNION ALL
SELECT {period}, %s, NULL::bigint, NULL::varchar, NULL::bigint, staff_id, {sums}
FROM {answers} GROUP BY 1, 6
"""


def facets_rebuild(cursor) -> None:
    """Recount the facet rollups from the answer rollups."""
    for period in ("day", "month"):
        cursor.execute(f"DELETE FROM {FACET_TABLES[period]}")  # noqa: S608  fixed table names
        cursor.execute(
            FACETS_FROM_ANSWERS_SQL.format(
                facets=FACET_TABLES[period],
                period=period,
                answers=TABLES[period],
                counts=", ".join(COUNTS),
                sums=", ".join(f"SUM({c})" for c in COUNTS),
            ),
            [str(f) for f in FACET_KEYS],
        )


_REBUILD = """
SELECT {period_expr} AS period, a.question_id, i.channel, i.service_id, i.staff_id,
       COUNT(*), COUNT(*) FILTER (WHERE a.rating = 1), COUNT(*) FILTER (WHERE a.rating = 2),
       COUNT(*) FILTER (WHERE a.rating = 3), COUNT(*) FILTER (WHERE a.rating = 4),
       COUNT(*) FILTER (WHERE a.rating = 5), COUNT(*) FILTER (WHERE a.yes),
       COUNT(*) FILTER (WHERE NOT a.yes)
FROM surveys_answer a
JOIN surveys_response r ON r.id = a.response_id
JOIN surveys_invitation i ON i.id = r.invitation_id
WHERE a.rating IS NOT NULL OR a.yes IS NOT NULL
GROUP BY 1, 2, 3, 4, 5
"""


_REBUILD_INVITATIONS = """
SELECT {period_expr}, channel, service_id, staff_id, COUNT(*), COUNT(answered_at)
FROM surveys_invitation
GROUP BY 1, 2, 3, 4
"""


def rollup_rebuild() -> None:
    """Recount the rollups from the invitations and answers, in the caller's transaction."""
    local_day = "(r.submitted_at AT TIME ZONE %s)::date"
    sent_day = "(created_at AT TIME ZONE %s)::date"
    with connection.cursor() as cursor:
        for period, expr in (
            ("day", sent_day),
            ("month", f"date_trunc('month', {sent_day})::date"),
        ):
            table = INVITATION_TABLES[period]
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608  fixed table names
            cursor.execute(
                f"INSERT INTO {table} ({period}, channel, service_id, staff_id, sent, answered) "
                + _REBUILD_INVITATIONS.format(period_expr=expr),
                [settings.TIME_ZONE],
            )
        for period, expr in (
            ("day", local_day),
            ("month", f"date_trunc('month', {local_day})::date"),
        ):
            cursor.execute(f"DELETE FROM {TABLES[period]}")  # noqa: S608  fixed table names
            cursor.execute(
                f"INSERT INTO {TABLES[period]} ({period}, {', '.join(KEY)}, {', '.join(COUNTS)}) "
                + _REBUILD.format(period_expr=expr),
                [settings.TIME_ZONE],
            )
        facets_rebuild(cursor)

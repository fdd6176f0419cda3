"""The two rollups of answer counts (daily and monthly) that the reports read: kept in step
by `services.response_submit`, rebuilt from the answers by `rollup_rebuild` (after a bulk load
or a repair)."""

import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import Answer

COUNTS = ["answers", "r1", "r2", "r3", "r4", "r5", "yes", "no"]
KEY = ["question_id", "channel", "service_id", "staff_id"]
TABLES = {"day": "surveys_dailyanswers", "month": "surveys_monthlyanswers"}
CONSTRAINTS = {"day": "daily_answers_key", "month": "monthly_answers_key"}


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

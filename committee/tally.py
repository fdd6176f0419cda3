"""The count of the committee's final decisions by deadline (`DecisionTally`): added to in the
decision's transaction, recounted from the decisions, read by the managers' home."""

import datetime

from django.db import connection

from requests.models import COMMITTEE_WAITING, OpenRequests

from .models import DecisionTally, Outcome

ON_TIME, LATE, UNDATED = "on_time", "late", "undated"
# The final decisions: those a letter follows.
LETTER_OUTCOMES = (Outcome.APPROVE, Outcome.REJECT)


def _kind(within_deadline: bool | None) -> str:
    return UNDATED if within_deadline is None else ON_TIME if within_deadline else LATE


def decision_tally_add(*, outcome: str, within_deadline: bool | None) -> None:
    """Count one decision just recorded (inside its transaction): a final one only. An upsert,
    so that a row missing (a table emptied) starts again from this decision."""
    if outcome not in LETTER_OUTCOMES:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {DecisionTally._meta.db_table} (kind, decisions) VALUES (%s, 1) "  # noqa: S608
            "ON CONFLICT (kind) DO UPDATE SET decisions = "
            f"{DecisionTally._meta.db_table}.decisions + 1",
            [_kind(within_deadline)],
        )


def decision_tally_rebuild() -> None:
    """Recount the tally from every decision (after a bulk load, or to repair it)."""
    table = DecisionTally._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {table} (kind, decisions) "  # noqa: S608
            f"SELECT CASE WHEN within_deadline IS NULL THEN '{UNDATED}' "
            f"WHEN within_deadline THEN '{ON_TIME}' ELSE '{LATE}' END, count(*) "
            "FROM committee_decision WHERE outcome = ANY(%s) GROUP BY 1",
            [[str(o) for o in LETTER_OUTCOMES]],
        )


def decision_tally() -> dict[str, int]:
    """The final decisions on time, late and undated, in one query of three rows."""
    counted = dict(DecisionTally.objects.values_list("kind", "decisions"))
    return {kind: counted.get(kind, 0) for kind in (ON_TIME, LATE, UNDATED)}


# The overdue requests from the open requests' counts (`requests.open_counts`), not a count of
# the requests themselves.
_TALLY_AND_OVERDUE_SQL = (
    f"SELECT kind, decisions FROM {DecisionTally._meta.db_table} "  # noqa: S608  fixed names
    "UNION ALL "
    f"SELECT NULL, COALESCE(SUM(n), 0) FROM {OpenRequests._meta.db_table} "
    "WHERE status = ANY(%s) AND decision_due < %s"
)


def decision_tally_and_overdue(*, today: datetime.date) -> tuple[dict[str, int], int]:
    """The tally (as `decision_tally`) and the requests ready for or before the committee
    whose decision was due before `today`, in one statement: what the managers' home shows."""
    with connection.cursor() as cursor:
        cursor.execute(_TALLY_AND_OVERDUE_SQL, [[str(s) for s in COMMITTEE_WAITING], today])
        rows = cursor.fetchall()
    counted = {kind: n for kind, n in rows if kind is not None}
    overdue = next(n for kind, n in rows if kind is None)
    return {kind: counted.get(kind, 0) for kind in (ON_TIME, LATE, UNDATED)}, overdue


# The tally as one value ({kind: decisions}), for the managers' home's one statement
# (`requests.selectors.dashboard_summary(extra=...)`).
TALLY_SQL = f"(SELECT json_object_agg(kind, decisions) FROM {DecisionTally._meta.db_table})"  # noqa: S608


def deadline_row(tally: dict[str, int] | None, waiting_overdue: int) -> dict:
    """The managers' deadline cards' figures (as `committee.selectors.deadline_summary`) from
    the tally's kinds and the requests before the committee past their deadline."""
    counted = {kind: (tally or {}).get(kind, 0) for kind in (ON_TIME, LATE, UNDATED)}
    judged = counted[ON_TIME] + counted[LATE]
    return {
        "total": judged + counted[UNDATED],
        "on_time": counted[ON_TIME],
        "late": counted[LATE],
        "percent": round(100 * counted[ON_TIME] / judged) if judged else None,
        "waiting_overdue": waiting_overdue,
    }

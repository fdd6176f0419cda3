"""The open requests by status, researcher and decision deadline (`OpenRequests`), the numbers
the roles' homes show. `request_transition` and `request_assign_researcher` move a request's
count in their transaction (`open_count_move`); `open_counts_rebuild` recounts every count
from the requests (the data migration, bulk loads, a repair)."""

import datetime

from django.db import connection

from .models import QUEUE_OPEN, OpenRequests, SupportRequest

TABLE = OpenRequests._meta.db_table
_OPEN = frozenset(str(s) for s in QUEUE_OPEN)

# Both sides of a move in one statement (their keys differ, so no row is hit twice).
_MOVE_SQL = (
    f"INSERT INTO {TABLE} (status, researcher_id, decision_due, n) VALUES %s "  # noqa: S608
    "ON CONFLICT (status, researcher_id, decision_due) "
    f"DO UPDATE SET n = {TABLE}.n + EXCLUDED.n"
)

# A count the move emptied goes, so that the counts stay as many as the keys open requests
# have now, not every key they ever had (the key a request leaves is the only one that empties).
_EMPTIED_SQL = (
    f"DELETE FROM {TABLE} WHERE n = 0 AND status = %s"  # noqa: S608
    " AND researcher_id IS NOT DISTINCT FROM %s AND decision_due IS NOT DISTINCT FROM %s"
)

# The recount, as the data migration `0018_open_requests` does it.
RECOUNT_SQL = (
    f"INSERT INTO {TABLE} (status, researcher_id, decision_due, n) "  # noqa: S608
    "SELECT status, researcher_id, decision_due, COUNT(*) "
    f"FROM {SupportRequest._meta.db_table} WHERE status = ANY(%s) GROUP BY 1, 2, 3"
)

Key = tuple[str, int | None, object] | None


def open_key(request: SupportRequest) -> Key:
    """Where the request is counted: its status, researcher and deadline while it is open;
    nowhere once it is a draft or finished."""
    status = str(request.status)
    if status not in _OPEN:
        return None
    return (status, request.researcher_id, request.decision_due)


def _lock_order(row: tuple) -> tuple:
    status, researcher_id, decision_due, _sign = row
    return (status, researcher_id or 0, decision_due or datetime.date.min)


def open_count_move(*, before: Key, after: Key) -> None:
    """Take the request from its count before the change and add it to its count now, in the
    caller's transaction. A change that moves neither writes nothing."""
    if before == after:
        return
    rows = [(*key, sign) for key, sign in ((before, -1), (after, 1)) if key is not None]
    # Rows locked in one order whatever the move's direction: two requests moving at once
    # between the same two counts, one each way, wait for each other instead of deadlocking.
    rows.sort(key=_lock_order)
    sql = _MOVE_SQL % ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    params = [value for row in rows for value in row]
    if before is not None:
        # The same round trip (the driver binds on the client: one simple query).
        sql, params = f"{sql}; {_EMPTIED_SQL}", [*params, *before]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def open_counts_rebuild() -> None:
    """Recount every open request (after a bulk load, or to repair the counts)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
        cursor.execute(RECOUNT_SQL, [sorted(_OPEN)])

"""The first steps of every status change, whatever moves (a request, a complaint): lock and
re-read the row, refuse a page that showed another status, find the move in the app's table.
Each app keeps its own enum, table, error class and wording; this is only the common door."""

from django.db.models import Model, QuerySet


def move_lookup(
    *,
    queryset: QuerySet,
    pk,
    status,
    to,
    moves: dict,
    error: type[Exception],
    expected=None,
    stale_text: str,
    refused_text: str,
) -> tuple[Model, object, object]:
    """Lock and re-read row `pk` of `queryset` (call inside `transaction.atomic()`), and return
    it with its current status and the move from there to `to` in `moves`.

    Raises `error` with code "stale" (`stale_text`, given `%(status)s`) when the status is not
    `expected`, and with code "move_not_allowed" (`refused_text`, given `%(current)s` and
    `%(target)s`) when the table has no such move."""
    locked = queryset.select_for_update(of=("self",)).get(pk=pk)
    current = status(locked.status)
    if expected is not None and current != expected:
        raise error(stale_text % {"status": current.label}, code="stale")
    target = status(to)
    move = moves.get((current, target))
    if move is None:
        raise error(
            refused_text % {"current": current.label, "target": target.label},
            code="move_not_allowed",
        )
    return locked, current, move

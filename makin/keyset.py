"""Keyset pagination: a page continues from the last row of the previous one ("the rows after
this key"), so page 11,000 costs what page 1 costs, and a row added meanwhile never makes a row
appear twice or be skipped. The keys must end with a unique one (the primary key), and an index
on exactly those expressions serves the order and the comparison `ROW(keys) > ROW(cursor)`.

The page object answers like Django's `Page` where it can (`has_next`, `has_previous`,
`has_other_pages`, iteration), with `next_cursor`/`previous_cursor` instead of page numbers, as
the one pagination bar (`includes/_pagination.html`) reads them into one `cursor` parameter:
"n~<keys>" for the rows after those keys, "p~<keys>" for the rows before them. Counting stops at
a cap ("more than 10,000"), because an exact count of a national table costs more than the
page."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, F, Func, IntegerField, Subquery
from django.utils.functional import cached_property

from makin.case import Statement, run_together

CURSOR_SEPARATOR = "~"


class Row(Func):
    function = "ROW"


class RowCompare(Func):
    """ROW(a, b) > ROW(x, y): compared column by column, as a btree index orders them."""

    arg_joiner = " "
    template = "(%(expressions)s)"
    output_field = BooleanField()

    def __init__(self, left: list, op: str, right: list):
        if op not in {"<", ">"}:
            raise ValueError(op)
        self.op = op
        super().__init__(Row(*left), Row(*right))

    def as_sql(self, compiler, connection, **extra):
        left, left_params = compiler.compile(self.source_expressions[0])
        right, right_params = compiler.compile(self.source_expressions[1])
        return f"({left} {self.op} {right})", (*left_params, *right_params)


def cursor_encode(values) -> str:
    return CURSOR_SEPARATOR.join(
        v.isoformat() if isinstance(v, datetime.date | datetime.datetime) else str(v)
        for v in values
    )


def _value(text: str):
    if text.lstrip("-").isdigit():
        return int(text)
    if "T" in text or " " in text:
        return datetime.datetime.fromisoformat(text)
    return datetime.date.fromisoformat(text)


NEXT, PREVIOUS = "n", "p"


def cursor_decode(cursor: str | None, length: int) -> list | None:
    """The key values of a cursor, or None when there is none or it is not one of ours."""
    if not cursor:
        return None
    parts = cursor.split(CURSOR_SEPARATOR)
    if len(parts) != length:
        return None
    try:
        return [_value(p) for p in parts]
    except ValueError:
        return None


@dataclass
class KeysetPage:
    object_list: list
    count: int | None
    count_capped: bool
    next_cursor: str | None = None
    previous_cursor: str | None = None
    cap: int = 10_000
    # The rows of the statements read along with the page (`keyset_rows(along=…)`), one list
    # per statement; None when they were not read with it.
    along: list | None = None

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.next_cursor is not None

    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()


def capped_count(queryset, cap: int) -> tuple[int, bool]:
    """The number of rows, counting no further than cap + 1."""
    found = queryset.order_by().values("pk")[: cap + 1].count()
    return min(found, cap), found > cap


class CappedCount(Subquery):
    """`capped_count` as a column of another query: an uncorrelated subquery, which PostgreSQL
    runs once for the statement (an InitPlan), so that a page and its count come in one
    query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS capped)"
    output_field = IntegerField()

    def __init__(self, queryset, cap: int):
        super().__init__(queryset.order_by().values("pk")[: cap + 1])


class CappedPaginator(Paginator):
    """Django's Paginator counting no further than `cap` + 1 rows: a search that matches more
    says "more than cap" (`count_capped`) and offers the pages of the first `cap` rows, so a
    common word does not cost an exact count of thousands of rows on every page."""

    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.count_capped = False

    @cached_property
    def count(self) -> int:
        found, self.count_capped = capped_count(self.object_list, self.cap)
        return found


def _keyed(queryset, keys):
    names = [f"keyset_{i}" for i in range(len(keys))]
    return queryset.annotate(**dict(zip(names, keys, strict=True))), names


def keyset_page(
    queryset,
    *,
    keys: list,
    descending: bool = False,
    cursor: str | None = None,
    size: int = 25,
    cap: int = 10_000,
    counted: bool = True,
    count_in_page: bool = False,
) -> KeysetPage:
    """One page of queryset in the order of keys (all ascending, or all descending): the first,
    or the one a cursor of a previous page points to (the rows after it, or before it).
    `counted=False` for a page that shows no count (its `count` is then None);
    `count_in_page=True` reads the count with the page's rows, in one query (a second one only
    for a page a cursor finds empty)."""
    count, capped = (None, False)
    if counted and not count_in_page:
        count, capped = capped_count(queryset, cap)
    keyed, names = _keyed(queryset, keys)
    if counted and count_in_page:
        keyed = keyed.annotate(keyset_count=CappedCount(queryset, cap))
    direction, _sep, encoded = (cursor or "").partition(CURSOR_SEPARATOR)
    values = cursor_decode(encoded, len(keys))
    after_values = values if direction == NEXT else None
    before_values = values if direction == PREVIOUS else None
    forward_op, backward_op = ("<", ">") if descending else (">", "<")
    refs = [F(n) for n in names]
    if before_values is not None:
        order = [r.asc() if descending else r.desc() for r in refs]
        rows = list(
            keyed.filter(RowCompare(list(keys), backward_op, before_values)).order_by(*order)[
                : size + 1
            ]
        )
        has_previous = len(rows) > size
        rows = rows[:size][::-1]
        has_next = True
    else:
        order = [r.desc() if descending else r.asc() for r in refs]
        page = keyed
        if after_values is not None:
            page = page.filter(RowCompare(list(keys), forward_op, after_values))
        rows = list(page.order_by(*order)[: size + 1])
        has_next = len(rows) > size
        rows = rows[:size]
        has_previous = after_values is not None
    if counted and count_in_page:
        if rows:
            found = rows[0].keyset_count
            count, capped = min(found, cap), found > cap
        elif values is None:
            count = 0
        else:
            count, capped = capped_count(queryset, cap)
    return KeysetPage(
        object_list=rows,
        count=count,
        count_capped=capped,
        next_cursor=_cursor(NEXT, rows[-1], names) if has_next and rows else None,
        previous_cursor=_cursor(PREVIOUS, rows[0], names) if has_previous and rows else None,
        cap=cap,
    )


def _cursor(direction: str, row, names) -> str:
    return direction + CURSOR_SEPARATOR + cursor_encode(getattr(row, n) for n in names)


def cursor_at(queryset, *, keys: list, descending: bool = False, offset: int) -> str | None:
    """The cursor that opens the page starting after `offset` rows (for benchmarks and tests;
    the pages themselves only ever go from one page to the next)."""
    keyed, names = _keyed(queryset, keys)
    refs = [F(n) for n in names]
    order = [r.desc() if descending else r.asc() for r in refs]
    rows = list(keyed.order_by(*order).values_list(*names)[offset - 1 : offset])
    return NEXT + CURSOR_SEPARATOR + cursor_encode(rows[0]) if rows else None


# --- Pages of plain rows, their SQL compiled once per shape -------------------------------------


@dataclass(frozen=True)
class Shaped:
    """A query given by its shape and its values: `build(values)` makes the queryset, and every
    query of one shape has the same SQL, each value a parameter of it as given (never a value
    worked out from another, which would be frozen into every run). `keyset_rows` compiles
    that SQL once per process and shape, with stand-ins for the values, and runs it with each
    request's values: the ORM's compiling cost a list page more than PostgreSQL's running."""

    shape: tuple
    build: object
    values: dict
    # Prepared on each connection (`makin.case.run_together`) and run by one plan made for
    # every value (a generic plan: PostgreSQL, left to choose, kept planning a deep page of the
    # researcher's queue for its values, 2.4 ms of planning for 0.8 of running): only for a
    # query whose values do not change which plan is best (the keyset's cursor, the signed-in
    # person), never for filters a person chooses (a status most requests have, or one almost
    # none has).
    prepare: bool = False


# Per process: (shape, page kind, value kinds) → (SQL, its parameters, where each value goes).
# The shapes in use are few (the filters in use × the orders × first/next/previous page); the
# cache is emptied should cursors typed by hand ever make it grow past a bound.
_COMPILED: dict = {}
_COMPILED_MAX = 1024
_STAND_IN_BASE = -7_340_000_000


def _kind(value):
    """The kind of a value a stand-in can take the place of, or None."""
    kind = type(value)
    if kind is datetime.datetime:
        return kind if value.tzinfo is not None else None
    return kind if kind in (int, str, datetime.date) else None


def _stand_in(kind, i: int):
    if kind is int:
        return _STAND_IN_BASE - i
    if kind is str:
        return f"\ufffekeyset stand-in {i}"
    if kind is datetime.date:
        return datetime.date(1, 1, 1) + datetime.timedelta(days=i)
    return datetime.datetime(1, 1, 2, tzinfo=datetime.UTC) + datetime.timedelta(seconds=i)


def _base_kind(value):
    """The kind a parameter is of, for a stand-in's kind (a driver's int subclass, as
    psycopg's Int4 for an integer the ORM typed, is an int)."""
    for kind in (bool, datetime.datetime, datetime.date, int, str):
        if isinstance(value, kind):
            return None if kind is bool else kind
    return None


def _compile(make, kinds: dict) -> tuple:
    stand_ins = {name: _stand_in(kind, i) for i, (name, kind) in enumerate(kinds.items())}
    sql, params = make(stand_ins).query.sql_with_params()
    named = {(type(v), v): name for name, v in stand_ins.items()}
    places = []
    for i, param in enumerate(params):
        kind = _base_kind(param)
        name = named.get((kind, param)) if kind is not None else None
        if name is not None:
            # The value is typed as the ORM typed its stand-in.
            places.append((i, name, None if type(param) is kind else type(param)))
    if {place[1] for place in places} != set(stand_ins):
        raise ValueError(f"A value is not a parameter of the query as given: {params!r}")
    # The same with the values as a prepared statement's ($1…), the rest written into it.
    statement = Statement.make(connection.alias, sql, params, [place[0] for place in places])
    return sql, tuple(params), tuple(places), statement


def _run_shaped(
    key: tuple, make, values: dict, along=(), along_rows=None, prepare: bool = False
) -> list | None:
    """The rows of make(values), its SQL compiled once for key; None when a value is of a
    kind no stand-in takes the place of (the caller then asks the ORM). The statements of
    `along` ((sql, params), values bound on the client) are sent in the same round trip, their
    rows appended to `along_rows`; one given as (`Statement`, values) is run as that statement
    (prepared, when the page is). `prepare`: see `Shaped`."""
    kinds = {name: _kind(v) for name, v in values.items()}
    if None in kinds.values():
        return None
    key = (*key, tuple(kinds.values()))
    entry = _COMPILED.get(key)
    if entry is None:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        entry = _COMPILED[key] = _compile(make, kinds)
    sql, frozen, places, statement = entry
    params = list(frozen)
    for i, name, typed in places:
        params[i] = values[name] if typed is None else typed(values[name])
    if prepare:
        compiled = [(statement, tuple(params[i] for i, _name, _typed in places))]
        compiled += [
            other
            if isinstance(other[0], Statement)
            else (Statement.of(connection.alias, *other), tuple(other[1]))
            for other in along
        ]
        first, *others = run_together(compiled, connection.alias, generic=True)
        along_rows.extend(others)
        return first
    for other, other_params in along:
        if isinstance(other, Statement):
            other, other_params = other.sql, other.filled(other_params)
        sql = f"{sql};\n{other}"
        params.extend(other_params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        for _statement in along:
            cursor.nextset()
            along_rows.append(cursor.fetchall())
        return rows


def _plain(*values):
    return values


def keyset_rows(
    source,
    *,
    keys: list,
    columns: tuple,
    row=None,
    descending: bool = False,
    cursor: str | None = None,
    size: int = 25,
    cap: int = 10_000,
    along=(),
) -> KeysetPage:
    """`keyset_page` with the count in the page's query, each row made by `row` from the
    values of `columns` (no model instances). `source` is a queryset, or a `Shaped` query whose
    SQL is compiled once per process and shape. The statements of `along` ((sql, params), or
    (`makin.case.Statement`, values): what else the page shows) are read in the page's round
    trip when the page is read by its compiled SQL: their rows are the page's `along`, else it
    is None."""
    direction, _sep, encoded = (cursor or "").partition(CURSOR_SEPARATOR)
    values = cursor_decode(encoded, len(keys))
    if direction not in (NEXT, PREVIOUS):
        values = None
    backward = values is not None and direction == PREVIOUS
    forward_op, backward_op = ("<", ">") if descending else (">", "<")
    ascending = descending if backward else not descending

    def page_query(queryset, after):
        keyed, names = _keyed(queryset, keys)
        keyed = keyed.annotate(keyset_count=CappedCount(queryset, cap))
        if after is not None:
            op = backward_op if backward else forward_op
            keyed = keyed.filter(RowCompare(list(keys), op, after))
        order = [F(n).asc() if ascending else F(n).desc() for n in names]
        return keyed.order_by(*order).values_list(*columns, *names, "keyset_count")[: size + 1]

    fetched = None
    fetched_by_sql = False
    if isinstance(source, Shaped):
        at = {f"keyset_cursor_{i}": v for i, v in enumerate(values or ())}
        kind = "first" if values is None else direction
        key = (source.shape, kind, tuple(map(id, keys)), columns, descending, size, cap)

        def make(given):
            after = [given[name] for name in at] if values is not None else None
            return page_query(source.build(given), after)

        along_rows = []
        fetched = _run_shaped(
            key, make, {**source.values, **at}, along, along_rows, prepare=source.prepare
        )
        if fetched is None:
            source = source.build(source.values)
        else:
            fetched_by_sql = True
    if fetched is None:
        fetched = list(page_query(source, values))
    more = len(fetched) > size
    fetched = fetched[:size]
    if backward:
        fetched.reverse()
    has_next, has_previous = (True, more) if backward else (more, values is not None)
    width, ends = len(columns), len(columns) + len(keys)
    if fetched:
        found = fetched[0][-1]
        count, capped = min(found, cap), found > cap
    elif values is None:
        count, capped = 0, False
    else:
        queryset = source.build(source.values) if isinstance(source, Shaped) else source
        count, capped = capped_count(queryset, cap)

    def cursor_of(direction, t):
        return direction + CURSOR_SEPARATOR + cursor_encode(t[width:ends])

    return KeysetPage(
        object_list=[(row or _plain)(*t[:width]) for t in fetched],
        count=count,
        count_capped=capped,
        next_cursor=cursor_of(NEXT, fetched[-1]) if has_next and fetched else None,
        previous_cursor=cursor_of(PREVIOUS, fetched[0]) if has_previous and fetched else None,
        cap=cap,
        along=along_rows if along and fetched_by_sql else None,
    )

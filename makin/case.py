"""A person's case: the staff file page gathers what every app holds about the person.

Each app lists, in its AppConfig's `case_sections`, dotted paths to functions
`section(*, beneficiary, user) -> CaseSection | None` (None when the user's role may not see
that part), as apps list their navigation. `makin` and `beneficiaries` so import no app that
builds on them, and the dependencies keep pointing one way."""

import datetime
import functools
import hashlib
import json
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connections, models
from django.db.models import Func, signals
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.functions import Cast, JSONObject
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class CaseSection:
    key: str
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


@dataclass(frozen=True, eq=False)
class Rows:
    """A list a page shows, read within one query with the page's other lists (`read_rows`)
    rather than in a round trip of its own: the rows of `queryset`, in its order, with only
    `fields` (`a__b` for a column of a related row; the key of every row comes too).

    Declared once, at module level, its queryset tied to the page's row by `OuterRef` (e.g.
    `filter(beneficiary=OuterRef("pk"))`): the query it makes is then the same for every
    person, and is compiled once per process (`read_rows`). A section puts it in its context
    where it would put `list(queryset)`."""

    queryset: models.QuerySet
    fields: tuple[str, ...]


def person_columns(link: str) -> tuple[str, ...]:
    """The columns of the person `link` points to that their name is drawn from
    (`User.__str__`: the full name, else the username), for a `Rows`' fields."""
    return tuple(f"{link}__{name}" for name in ("first_name", "last_name", "username"))


# The SQL of `read_rows` by the page's model, lists and write: compiled once, whoever reads. Its
# only per-request parameters are the page's row's key and the values written. Bounded, should
# Rows ever be made per call.
_READS: dict[tuple, "Statement"] = {}
_READS_KEPT = 64


@dataclass(frozen=True)
class Write:
    """A row written by the statement that reads a page, in a data-modifying `WITH` before the
    read (one round trip, one transaction: the read fails if the write fails). `sql` is an
    INSERT whose `%s` take the values given per call, in order; the same SQL for every call."""

    sql: str
    values: tuple


def read_rows(anchor: models.Model, rows: dict[str, Rows]) -> dict[str, list]:
    """Each of `rows` as a list of model instances (the fields not read are deferred, as with
    `.only()`), all in one query: each list an array of JSON objects in the query of the row
    `anchor`, `SELECT ARRAY(SELECT jsonb_build_object(…) … WHERE x = outer.id …), … FROM
    outer WHERE outer.id = %s`."""
    if not rows:
        return {}
    return read_anchored(type(anchor), anchor.pk, rows)


def read_anchored(
    model: type[models.Model],
    pk,
    rows: dict[str, Rows],
    *,
    write: Write | None = None,
    by: str = "pk",
) -> dict[str, list] | None:
    """`read_rows` of the row of `model` whose `by` (its key, or another unique field) is `pk`,
    given that value only (None when there is no such row), the `write` made by the same
    statement."""
    key = (model, by, *rows.values(), write.sql if write else None)
    statement = _READS.get(key)
    if statement is None:
        arrays = {
            f"rows_{index}": ArraySubquery(
                spec.queryset.values(row=_json_object(_columns(spec.queryset.model, spec.fields)))
            )
            for index, spec in enumerate(rows.values())
        }
        query = model._base_manager.filter(**{by: pk}).order_by().values(**arrays)
        sql, params = query.query.get_compiler(using=query.db).as_sql()
        # The WHERE comes after the arrays: its one parameter, the row's key, is the last.
        if not (params and params[-1] == pk and sql.endswith("= %s")):
            raise ValueError("read_rows: the page's row must be the query's last parameter")
        params = list(params)
        variables = [len(params) - 1]
        if write is not None:
            sql = f'WITH "written" AS ({write.sql}) {sql}'
            variables = [*range(len(write.values)), len(write.values) + variables[0]]
            params = [*write.values, *params]
        statement = Statement.make(query.db, sql, params, variables)
        if len(_READS) < _READS_KEPT:
            _READS[key] = statement
    read = statement.fetch_one((*(write.values if write else ()), pk))
    if read is None:
        return None
    lists = {}
    for index, (name, spec) in enumerate(rows.items()):
        plan = _plan(spec.queryset.model, _with_keys(spec.queryset.model, spec.fields))
        lists[name] = [
            _build(plan, json.loads(row) if isinstance(row, str) else row) for row in read[index]
        ]
    return lists


# Whether each statement ran (SEEN) or is prepared (PREPARED) on a database connection, by the
# driver's connection (a new one after a reconnection). Planning a page's statement of a dozen
# subqueries cost more than running it (~3–7 ms against ~2 at national volume): the second time
# it runs on a connection it is prepared (`PREPARE`), then run by name (`EXECUTE`), planned
# once per connection. A connection made for one request (CONN_MAX_AGE=0, as behind a
# transaction-pooling PgBouncer) so never prepares: its statements run as they are. A run by
# name or with its PREPARE that fails leaves the statement unprepared for good on that
# connection (PLAIN): a prepared statement outlives the failed transaction, and preparing it
# again, or running by name one a pooler discarded, would fail every later page.
_RUN: "weakref.WeakKeyDictionary[object, dict[str, str]]" = weakref.WeakKeyDictionary()
SEEN, PREPARED, PLAIN = "seen", "prepared", "plain"


# Statements sent together, by their SQL: compiled once per process, each value a per-call one.
# Bounded, as `_READS`: a caller's SQL takes a handful of shapes (its filters).
_TOGETHER: dict[str, "Statement"] = {}
_TOGETHER_KEPT = 256


@dataclass(frozen=True)
class Statement:
    """A statement compiled once: its SQL and parameters with the per-call ones (`variables`,
    their places) left to fill; the same as a prepared statement (`body`, with `$1`… for the
    per-call values, the other parameters written into it) and its name."""

    using: str
    sql: str
    params: tuple
    variables: tuple[int, ...]
    name: str
    body: str

    @classmethod
    def make(cls, using: str, sql: str, params: list, variables: list[int]) -> "Statement":
        ops = connections[using].ops
        marks = {place: f"makin-variable-{uuid.uuid4().hex}" for place in variables}
        body = ops.compose_sql(sql, [marks.get(i, p) for i, p in enumerate(params)])
        for number, place in enumerate(variables, 1):
            quoted = ops.compose_sql("%s", [marks[place]])
            if body.count(quoted) != 1:
                raise ValueError("read_rows: a per-call value must stand once in the SQL")
            body = body.replace(quoted, f"${number}")
        name = "makin_read_" + hashlib.sha256(body.encode()).hexdigest()[:20]
        # Doubled: the statement goes through the driver's placeholders with its values.
        return cls(using, sql, tuple(params), tuple(variables), name, body.replace("%", "%%"))

    @classmethod
    def of(cls, using: str, sql: str, params) -> "Statement":
        """`sql` with every value a per-call one, compiled once per process (`_TOGETHER`)."""
        statement = _TOGETHER.get(sql)
        if statement is None:
            statement = cls.make(using, sql, list(params), list(range(len(params))))
            if len(_TOGETHER) < _TOGETHER_KEPT:
                _TOGETHER[sql] = statement
        return statement

    def fetch_all(self, values: tuple) -> list:
        """Every row of a run with `values` (`fetch_one`: the first)."""
        return run_together([(self, values)], self.using)[0]

    def fetch_one(self, values: tuple):
        rows = self.fetch_all(values)
        return rows[0] if rows else None

    def filled(self, values: tuple) -> list:
        """The SQL's parameters with `values` in the per-call places (to run `sql`)."""
        params = list(self.params)
        for place, value in zip(self.variables, values, strict=True):
            params[place] = value
        return params


class _Joined(Func):
    """JSON objects joined into one (`a || b`)."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = models.JSONField()


def _json_object(columns: dict):
    """`JSONObject(**columns)`; in parts joined by `||` past PostgreSQL's 100 arguments of a
    function (50 columns), as a row with its related rows has."""
    items = list(columns.items())
    parts = [JSONObject(**dict(items[at : at + 50])) for at in range(0, len(items), 50)]
    return parts[0] if len(parts) == 1 else _Joined(*parts)


def _columns(model, names) -> dict:
    columns = {}
    for name in _with_keys(model, names):
        model_field = _field(model, name)
        # numeric as text: JSON would turn 1500.00 into the float 1500.0.
        columns[name] = (
            Cast(name, models.TextField())
            if isinstance(model_field, models.DecimalField)
            else models.F(name)
        )
    return columns


@functools.cache
def _with_keys(model, names: tuple[str, ...]) -> tuple[str, ...]:
    """The names with the key of the row and of every related row they go through."""
    out = ["pk"]
    for name in names:
        path = name.split("__")
        for depth in range(1, len(path)):
            key = "__".join([*path[:depth], "pk"])
            if key not in out:
                out.append(key)
        if name not in out:
            out.append(name)
    return tuple(out)


def _field(model, name):
    *path, last = name.split("__")
    for step in path:
        model = model._meta.get_field(step).related_model
    return model._meta.pk if last == "pk" else model._meta.get_field(last)


@dataclass(frozen=True)
class _Plan:
    """How a JSON object of `_columns` becomes an instance of `model`, worked out once per
    model and columns: each own value's key, its place among the model's concrete fields and
    its conversion; each related row's link, place and own plan."""

    model: type
    size: int
    key: str
    own: tuple
    related: tuple
    # Whether instances may be made without `Model.__init__` (`_build`): no receiver of the
    # model's `pre_init`/`post_init`, and each value set as `__init__` would set it.
    direct: bool = False
    names: tuple = ()


# Columns whose JSON value is already the Python value the ORM gives (exact classes only: a
# subclass, such as a phone number field, converts its text).
_AS_IS = (
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
    models.CharField,
    models.IntegerField,
    models.JSONField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SlugField,
    models.TextField,
)


def _converter(model_field):
    if isinstance(model_field, models.ForeignKey):
        model_field = model_field.target_field
    if type(model_field) in _AS_IS:
        return None
    if type(model_field) is models.DateTimeField:
        return _datetime(model_field)
    if type(model_field) is models.DateField:
        return datetime.date.fromisoformat
    return model_field.to_python


def _datetime(model_field):
    def convert(value):
        try:
            # PostgreSQL's JSON of a timestamptz: ISO 8601 with its offset.
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            return model_field.to_python(value)

    return convert


@functools.cache
def _plan(model, names: tuple[str, ...], prefix: str = "") -> _Plan:
    opts = model._meta
    places = {f.attname: index for index, f in enumerate(opts.concrete_fields)}
    own, heads = [], {}
    for name in names:
        head, _, rest = name.partition("__")
        if rest:
            heads.setdefault(head, []).append(rest)
            continue
        model_field = opts.pk if head == "pk" else opts.get_field(head)
        own.append((prefix + name, places[model_field.attname], _converter(model_field)))
    related = []
    for head, rest in heads.items():
        link = opts.get_field(head)
        plan = _plan(link.related_model, tuple(rest), f"{prefix}{head}__")
        related.append((link, places[link.attname], plan))
    attnames = [f.attname for f in opts.concrete_fields]
    names = tuple(attnames[place] for _key, place, _convert in own)
    link_names = tuple(attnames[place] for _link, place, _plan in related)
    direct = _settable(model, names + link_names)
    return _Plan(model, len(places), f"{prefix}pk", tuple(own), tuple(related), direct, names)


@functools.cache
def _settable(model, names: tuple[str, ...]) -> bool:
    """Whether an instance of `model` with the fields `names` (attribute names) may be made
    without `Model.__init__`, its values set straight into it: no receiver of the model's
    `pre_init`/`post_init`, and no descriptor that would convert what `__init__` sets through
    it (a link's id, set through Django's own, is kept as given)."""
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        return False
    for name in names:
        descriptor = getattr(model, name, None)
        if hasattr(descriptor, "__set__") and not isinstance(
            descriptor, ForeignKeyDeferredAttribute
        ):
            return False
    return True


def loaded(model, values: dict, using: str | None = None) -> models.Model:
    """An instance of `model` as the ORM makes one of a row it read: `values` its columns by
    attribute name, already Python values, the fields not read deferred. Without
    `Model.__init__`, which walks every field of the model, where that makes the same instance
    (`_settable`); through `Model.from_db` otherwise."""
    if not _settable(model, tuple(values)):
        fields = [f.attname for f in model._meta.concrete_fields if f.attname in values]
        return model.from_db(using, fields, [values[name] for name in fields])
    instance = model.__new__(model)
    instance.__dict__.update(values)
    state = instance._state = ModelState()
    state.adding, state.db = False, using
    return instance


def _build(plan: _Plan, row: dict) -> models.Model:
    """An instance from a JSON object of `_columns`: each value turned into its field's Python
    value, the related rows' values into their own instances, cached on it as `select_related`
    does (None where a nullable link is empty); the fields not read deferred, as `.only()`
    leaves them."""
    if plan.direct:
        return _build_direct(plan, row)
    values = [models.DEFERRED] * plan.size
    for key, place, convert in plan.own:
        value = row[key]
        values[place] = value if value is None or convert is None else convert(value)
    links = []
    for link, place, related in plan.related:
        target = None if row[related.key] is None else _build(related, row)
        values[place] = None if target is None else target.pk
        links.append((link, target))
    instance = plan.model.from_db(None, None, values)
    for link, target in links:
        link.set_cached_value(instance, target)
    return instance


def _build_direct(plan: _Plan, row: dict) -> models.Model:
    """`_build` without `Model.__init__`, which walks every field of the model to skip those
    not read: the values read set as `__init__` sets them (in the instance's `__dict__`, the
    state of a row read from the database), the fields not read left out, deferred."""
    instance = plan.model.__new__(plan.model)
    state = instance._state = ModelState()
    state.adding, state.db = False, None
    values = instance.__dict__
    for (key, _place, convert), name in zip(plan.own, plan.names, strict=True):
        value = row[key]
        values[name] = value if value is None or convert is None else convert(value)
    for link, _place, related in plan.related:
        target = None if row[related.key] is None else _build(related, row)
        values[link.attname] = None if target is None else target.pk
        link.set_cached_value(instance, target)
    return instance


def request_sections(*, support_request, user) -> list[CaseSection]:
    """What other apps add to the applicant's page of their own request (the committee: the
    decision and its letter), from each AppConfig's `request_sections`, the same way: each
    function `section(*, support_request, user) -> CaseSection | None`. Applicant audience
    only."""
    sections = _sections("request_sections", support_request=support_request, user=user)
    return _read(support_request, sections, {})[0]


def case_sections(*, beneficiary, user) -> list[CaseSection]:
    return case_read(beneficiary=beneficiary, user=user)[0]


def case_read(
    *, beneficiary, user, rows: dict[str, Rows] | None = None, write: Write | None = None
) -> tuple[list[CaseSection], dict[str, list]] | None:
    """The person's case sections, and the page's own `rows`, all their lists read in one
    query (`read_rows`), with the `write` made by it. `beneficiary` may stand for the file by
    its key alone (the sections are given it; the page reads the file's row among its `rows`):
    None when there is no such file."""
    sections = _sections("case_sections", beneficiary=beneficiary, user=user)
    return _read(beneficiary, sections, rows or {}, write=write)


def _sections(attribute: str, **arguments) -> list[CaseSection]:
    """Call each function an AppConfig lists under `attribute`, keep the sections given, in
    their order."""
    sections = []
    for config in apps.get_app_configs():
        for path in getattr(config, attribute, ()):
            section = import_string(path)(**arguments)
            if section is not None:
                sections.append(section)
    return sorted(sections, key=lambda s: (s.order, s.key))


def _read(anchor, sections: list[CaseSection], rows: dict[str, Rows], write=None):
    """Read every `Rows` of the sections' contexts and of `rows` together; the sections with
    their lists in place (None when the row `anchor` stands for does not exist)."""
    wanted = dict(rows)
    for section in sections:
        for name, value in section.context.items():
            if isinstance(value, Rows):
                wanted[f"{section.key}:{name}"] = value
    read = read_anchored(type(anchor), anchor.pk, wanted, write=write) if wanted else {}
    if read is None:
        return None
    sections = [
        replace(
            section,
            context={
                name: read[f"{section.key}:{name}"] if isinstance(value, Rows) else value
                for name, value in section.context.items()
            },
        )
        if any(isinstance(value, Rows) for value in section.context.values())
        else section
        for section in sections
    ]
    return sections, {name: read[name] for name in rows}


def fetch_together(statements: list[tuple[str, list]], using: str = "default") -> list[list]:
    """The rows of each statement, the statements sent as one (the cursor binds the values on
    the client, so they travel as one simple query): one round trip. Each is prepared on its
    connection the second time it runs there and run by name after, as `read_rows`' statement
    is, and planned once (a generic plan): a report's statements took PostgreSQL about as long
    to plan as to run, and their values (dates) do not change which plan is best."""
    compiled = [(Statement.of(using, sql, params), tuple(params)) for sql, params in statements]
    return run_together(compiled, using, generic=True)


def run_together(
    compiled: list[tuple[Statement, tuple]], using: str = "default", *, generic: bool = False
) -> list[list]:
    """The rows of each statement run with its values, in one round trip: each prepared on its
    connection the second time it runs there and run by name after. `generic`: the prepared
    ones planned once for every value (else PostgreSQL plans the first five runs for their
    values and keeps a generic plan only when it costs no more than theirs did)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        run = _RUN.setdefault(connection.connection, {})
        parts, values, skips, states = [], [], [], []
        for statement, params in compiled:
            state = run.get(statement.name)
            arguments = ", ".join(["%s"] * len(params))
            execute = f"EXECUTE {statement.name}" + (f"({arguments})" if params else "")
            if state == PREPARED:
                parts.append(execute)
                skips.append(0)
            elif state == SEEN:
                # The PREPARE's result first, then the EXECUTE's.
                parts.append(f"PREPARE {statement.name} AS {statement.body};\n{execute}")
                skips.append(1)
            else:
                parts.append(statement.sql)
                skips.append(0)
                params = statement.filled(params)
            values.extend(params)
            states.append(state)
        try:
            # For this query's implicit transaction (or, within an atomic block, until its end:
            # set back after).
            forced = generic and any(state == PREPARED for state in states)
            if forced:
                parts.insert(0, "SET LOCAL plan_cache_mode = force_generic_plan")
                parts.append("SET LOCAL plan_cache_mode TO DEFAULT")
            cursor.execute(";\n".join(parts), values)
            results = []
            for index, skip in enumerate(skips):
                if index or forced:
                    cursor.nextset()
                for _skipped in range(skip):
                    cursor.nextset()
                results.append(cursor.fetchall())
        except Exception:
            for (statement, _params), state in zip(compiled, states, strict=True):
                if state in (SEEN, PREPARED):
                    run[statement.name] = PLAIN
            raise
    for (statement, _params), state in zip(compiled, states, strict=True):
        if state is None:
            run[statement.name] = SEEN
        elif state == SEEN:
            run[statement.name] = PREPARED
    return results


@dataclass(frozen=True, eq=False)
class HomePart:
    """A part of the applicant's home that an app adds (its AppConfig's `home_parts`, dotted
    paths to module-level `HomePart`s): the lists it shows, tied to the person by `OuterRef`
    ("pk" is the person's key), and `draw(lists, *, user) -> markup` making it from them. The
    home reads every part's lists in one statement (`home_read`)."""

    key: str
    rows: dict[str, Rows]
    draw: Callable[..., str]


def home_read(*, user) -> dict[str, str]:
    """Each part of the applicant's home, by key, as markup: every part's lists read in one
    statement anchored on the person (`read_anchored`, compiled once per process, prepared
    on a connection's second run)."""
    parts = [
        import_string(path)
        for config in apps.get_app_configs()
        for path in getattr(config, "home_parts", ())
    ]
    wanted = {f"{part.key}:{name}": spec for part in parts for name, spec in part.rows.items()}
    read = read_anchored(get_user_model(), user.pk, wanted) if wanted else {}
    return {
        part.key: part.draw({name: read[f"{part.key}:{name}"] for name in part.rows}, user=user)
        for part in parts
    }

"""Reads the committee's pages share. Each that returns objects to a person takes that person:
a list holds nothing for someone without its capability, and a fetch of one thing answers 404
("not yours" and "does not exist" are the same)."""

import datetime
import functools
import json
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, JSONObject
from django.db.models.sql import Query
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.sql.constants import MULTI
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from beneficiaries.arabic import normalize_arabic_name
from beneficiaries.models import (
    Beneficiary,
    BeneficiaryCategory,
    Document,
    HouseholdMember,
    IncomeSource,
    VerificationStatus,
)
from makin.case import Statement, loaded, run_together
from makin.keyset import Shaped, keyset_page, keyset_rows
from makin.rules import holds
from makin.validators import western_digits
from requests.models import (
    COMMITTEE_WAITING,
    FINISHED,
    ResearchReport,
    Service,
    Status,
    SupportRequest,
)

from .models import (
    DELIVERY_STATUSES,
    AgendaItem,
    CommitteeMember,
    Decision,
    Delivery,
    Meeting,
    MeetingStatus,
    Outcome,
    RejectionReason,
    Vote,
)
from .tally import LATE, LETTER_OUTCOMES, ON_TIME, UNDATED, decision_tally_and_overdue

User = get_user_model()

# What the committee's lists of requests show (never the signature or the whole file).
LISTED_COLUMNS = (
    "reference",
    "status",
    "decision_due",
    "beneficiary__first_name",
    "beneficiary__father_name",
    "beneficiary__grandfather_name",
    "beneficiary__family_name",
    "service__name_ar",
    "service__name_en",
)


def _file_columns(request: str, file: str) -> dict:
    """What the committee reads about a request besides its row, as columns of the query that
    reads the request (`request` and `file` name the request's and its file's keys there): the
    latest research report, the verified documents and the incomes as JSON, the household's
    size. Four prefetch queries fewer per page, and no model object per report or document.
    Amounts come as text (their exact decimals), dates as ISO text."""
    report = (
        ResearchReport.objects.filter(request=OuterRef(request))
        .order_by("-created_at", "-pk")
        .values(
            json=JSONObject(
                recommendation="recommendation",
                visit_kind="visit_kind",
                visit_date="visit_date",
                met_with="met_with",
                findings="findings",
                household_matches_file="household_matches_file",
                proposed_support="proposed_support",
                proposed_amount=Cast("proposed_amount", CharField()),
                author_first_name="author__first_name",
                author_last_name="author__last_name",
                author_username="author__username",
            )
        )[:1]
    )
    documents = (
        Document.objects.filter(beneficiary=OuterRef(file), status=VerificationStatus.VERIFIED)
        .order_by("kind_id", "pk")
        .values(
            json=JSONObject(
                name_ar="kind__name_ar", name_en="kind__name_en", expiry_date="expiry_date"
            )
        )
    )
    incomes = (
        IncomeSource.objects.filter(beneficiary=OuterRef(file))
        .order_by("pk")
        .values(json=JSONObject(source="source", amount=Cast("monthly_amount", CharField())))
    )
    return {
        "file_report": Subquery(report, output_field=JSONField()),
        "file_documents": ArraySubquery(documents),
        "file_incomes": ArraySubquery(incomes),
        "household_size": _count_of(HouseholdMember, beneficiary=OuterRef(file)),
    }


def file_report(read):
    """The request's latest research report as `_file_columns` reads it (`file_report`,
    JSON), with its amount a Decimal, its date a date and its author's name; None without."""
    report = read.file_report
    if report is None:
        return None
    amount = report["proposed_amount"]
    return {
        **report,
        "proposed_amount": Decimal(amount) if amount is not None else None,
        "visit_date": datetime.date.fromisoformat(report["visit_date"]),
        # As `str(user)`: the full name, else the username.
        "author": f"{report['author_first_name']} {report['author_last_name']}".strip()
        or report["author_username"],
    }


def _request_file_queryset():
    """Requests with what the committee reads about each: beneficiary, service, the latest
    research report, the verified documents, the household's size and the incomes."""
    return SupportRequest.objects.select_related(
        "beneficiary", "beneficiary__category", "service"
    ).annotate(**_file_columns("pk", "beneficiary_id"))


def _reachable_by(user, capability: str) -> None:
    """Fetch-and-authorise: a person without the capability finds nothing ("not found")."""
    if not holds(user, capability):
        raise Http404


def _visible_to(user, capability: str, queryset):
    """The list for a person holding `capability`; an empty one for anyone else."""
    return queryset if holds(user, capability) else queryset.none()


def _undecided_items():
    return AgendaItem.objects.filter(decision__isnull=True).exclude(
        meeting__status=MeetingStatus.CLOSED
    )


def waiting_requests(*, user):
    """Requests waiting for the committee (ready, or before it and undecided), the oldest
    deadline (overdue ones) first."""
    return _visible_to(user, "committee.view_committee", _waiting_query())


@functools.cache
def _candidates_query():
    """The agenda's candidates' query, built once per process (see `_agenda_query`)."""
    pending_item = _undecided_items().filter(request=OuterRef("pk"))
    return (
        SupportRequest.objects.filter(status__in=COMMITTEE_WAITING)
        .exclude(Exists(pending_item))
        .select_related("beneficiary", "service")
        .only(*LISTED_COLUMNS)
        .order_by(F("decision_due").asc(nulls_last=True), "pk")
    )


# The waiting list's columns and the agenda the request is on, if any.
WAITING_ROW = (*LISTED_COLUMNS, "agenda_item")


def _waiting_query():
    pending_item = _undecided_items().filter(request=OuterRef("pk"))
    return (
        SupportRequest.objects.filter(status__in=COMMITTEE_WAITING)
        .select_related("beneficiary", "service")
        .only(*LISTED_COLUMNS)
        .annotate(agenda_item=Subquery(pending_item.values("pk")[:1]))
        .order_by(F("decision_due").asc(nulls_last=True), "pk")
    )


def _values_sql(queryset) -> tuple[str, tuple, tuple[str, ...]]:
    """The SQL of a `values()` query of constant parameters, with its columns' names. Only for
    columns PostgreSQL gives as Python wants them (no converter: text, numbers, dates, keys,
    times with their zone)."""
    query = queryset.query
    sql, params = query.sql_with_params()
    return sql, params, (*query.extra_select, *query.values_select, *query.annotation_select)


def agenda_candidates(*, user):
    """Requests the chair may put on an agenda: ready for the committee, or carried over from
    a closed meeting without a decision."""
    return _visible_to(user, "committee.chair_committee", _candidates_query().all())


CANDIDATES_PER_PAGE = 50


# What the candidates' page shows of each request, read as plain values (`CandidateRow`).
CANDIDATE_COLUMNS = ("pk", *LISTED_COLUMNS)


class CandidateRow(NamedTuple):
    """A request the chair may put on the agenda, as its page draws it
    (`committee_tags.agenda_candidate`)."""

    pk: int
    reference: str
    status: str
    decision_due: datetime.date | None
    first_name: str
    father_name: str
    grandfather_name: str
    family_name: str
    service_name_ar: str
    service_name_en: str


def _candidates_build(given: dict):
    return _candidates_query().all()


def agenda_candidates_page(*, user, query: str = "", cursor: str | None = None, along=()):
    """One page of the agenda's candidates in their order (oldest deadline first), by keyset,
    narrowed to a reference or a name when the chair looks for one: a national committee has
    thousands waiting, and drawing every one made the meeting page cost seconds. Read as plain
    rows (`CandidateRow`) with their capped count in one statement; unsearched, its SQL is
    compiled once per process (`makin.keyset.Shaped`), a search's through the ORM (its values
    are worked out of what was typed). `along`: as `keyset_rows`' (read only with an
    unsearched page)."""
    query = query.strip()
    if not holds(user, "committee.chair_committee"):
        candidates = _candidates_query().none()
    elif query:
        candidates = _candidates_query().filter(
            Q(reference__icontains=western_digits(query))
            | Q(beneficiary__name_normalized__contains=normalize_arabic_name(query))
        )
    else:
        candidates = Shaped(
            shape=("committee.candidates",), build=_candidates_build, values={}, prepare=True
        )
    return keyset_rows(
        candidates,
        keys=CANDIDATE_KEYS,
        columns=CANDIDATE_COLUMNS,
        row=CandidateRow,
        cursor=cursor,
        size=CANDIDATES_PER_PAGE,
        along=along,
    )


# The candidates' order (their keyset index, `request_committee_keyset_idx`): made once, the
# compiled SQL is kept by these expressions.
CANDIDATE_KEYS = [Coalesce("decision_due", Value(FINISHED)), F("id")]


# What the committee home's agenda outline shows of each item.
OUTLINE_ROW = (
    "pk",
    "request__reference",
    "request__status",
    "request__decision_due",
    "request__beneficiary__first_name",
    "request__beneficiary__father_name",
    "request__beneficiary__grandfather_name",
    "request__beneficiary__family_name",
    "decision__outcome",
)


def agenda_outline(*, user, meeting: Meeting):
    """The agenda as the committee's home lists it: reference, name, deadline and decision;
    none of the file (reports, documents, household) the meeting page shows."""
    return _visible_to(
        user,
        "committee.view_committee",
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("request__beneficiary", "decision")
        .only("meeting_id", *OUTLINE_ROW)
        .order_by(F("request__decision_due").asc(nulls_last=True), "pk"),
    )


def agenda_outline_rows(*, user, meeting: Meeting) -> list[dict]:
    """`agenda_outline` as plain rows (`OUTLINE_ROW`), as the committee home draws them."""
    return list(agenda_outline(user=user, meeting=meeting).values(*OUTLINE_ROW))


def _count_of(model, **lookup):
    """The number of `model` rows matching `lookup` (e.g. of each meeting, by `OuterRef`), as
    a subquery in the query that reads the rows: a GROUP BY over every meeting's items would
    be worked out for all of them before a page is cut, and a count of its own is a query
    more."""
    rows = model.objects.filter(**lookup).order_by().values(*lookup).annotate(n=Count("*"))
    return Coalesce(Subquery(rows.values("n")), 0)


def meeting_list(*, user):
    return _visible_to(
        user,
        "committee.view_committee",
        Meeting.objects.annotate(
            item_count=_count_of(AgendaItem, meeting=OuterRef("pk")),
            attendee_count=_count_of(Meeting.attendees.through, meeting=OuterRef("pk")),
        ).order_by("-starts_at", "-number"),
    )


MEETINGS_PER_PAGE = 25


def meeting_list_page(*, user, cursor: str | None = None):
    """One page of the meetings, the latest first, by keyset: a committee meeting every week
    for years is hundreds of meetings, a national one thousands."""
    return keyset_page(
        meeting_list(user=user),
        keys=[F("starts_at"), F("number")],
        descending=True,
        cursor=cursor,
        size=MEETINGS_PER_PAGE,
        counted=False,
    )


# The next meeting's columns on the committee home, and its agenda's lines (`OUTLINE_ROW`).
HOME_MEETING = ("id", "number", "starts_at", "status")


@functools.cache
def _home_statements(limit: int) -> tuple[Statement, Statement, tuple, tuple]:
    """The committee home's two statements, made once per process: the next meeting with its
    agenda's outline (as JSON), and the first `limit` waiting requests (`WAITING_ROW`). Their
    values are constants, written into them: prepared, each is planned once per connection."""
    outline = (
        AgendaItem.objects.filter(meeting=OuterRef("pk"))
        .order_by(F("request__decision_due").asc(nulls_last=True), "pk")
        .values(json=JSONObject(**{name: name for name in OUTLINE_ROW}))
    )
    meetings = (
        Meeting.objects.exclude(status=MeetingStatus.CLOSED)
        .annotate(outline=ArraySubquery(outline))
        .order_by("starts_at", "number")
        .values(*HOME_MEETING, "outline")[:1]
    )
    made = [
        _values_sql(meetings),
        _values_sql(_waiting_query().values(*WAITING_ROW)[:limit]),
    ]
    meeting, waiting = (
        Statement.make(DEFAULT_DB_ALIAS, sql, list(params), []) for sql, params, _ in made
    )
    return meeting, waiting, made[0][2], made[1][2]


def committee_home(*, user, limit: int) -> tuple[Meeting | None, list[dict], list[dict]]:
    """What the committee's home lists, in one round trip: the next meeting (`next_meeting`),
    its agenda's lines as `agenda_outline_rows` gives them, and the first `limit` requests
    waiting (`WAITING_ROW`, oldest deadline first) as plain rows: fifty requests with their
    files and services as model objects took longer to make than their query took to run,
    and planning the two statements as long as running them."""
    if not holds(user, "committee.view_committee"):
        return None, [], []
    meeting_statement, waiting_statement, meeting_names, waiting_names = _home_statements(limit)
    meetings, waiting = run_together([(meeting_statement, ()), (waiting_statement, ())])
    waiting = [dict(zip(waiting_names, row, strict=True)) for row in waiting]
    if not meetings:
        return None, [], waiting
    row = dict(zip(meeting_names, meetings[0], strict=True))
    items = _json_rows(row.pop("outline"))
    for item in items:
        due = item["request__decision_due"]
        item["request__decision_due"] = datetime.date.fromisoformat(due) if due else None
    return loaded(Meeting, row, DEFAULT_DB_ALIAS), items, waiting


def next_meeting(*, user) -> Meeting | None:
    meetings = Meeting.objects.exclude(status=MeetingStatus.CLOSED)
    return (
        _visible_to(user, "committee.view_committee", meetings)
        .order_by("starts_at", "number")
        .first()
    )


# What the meeting's pages show of a person: their name, and whether they chair.
PERSON_JSON = {
    "pk": "id",
    "first_name": "first_name",
    "last_name": "last_name",
    "username": "username",
    "is_committee_chair": "is_committee_chair",
}


def _people(rows) -> list:
    """The people of a JSON column read by `meeting_get` as users (not saved, not read again)."""
    return [User(**row) for row in rows]


def _prepared_params(params, placeholders) -> tuple[str, tuple, tuple[int, ...]]:
    params = tuple(params)
    if any(params.count(p) != 1 for p in placeholders):
        raise ValueError(f"A placeholder of a prepared query is not unique: {params!r}")
    return "", params, tuple(params.index(p) for p in placeholders)


def _parameters(prepared, *values) -> list:
    _sql, params, places = prepared
    params = list(params)
    for place, value in zip(places, values, strict=True):
        params[place] = value
    return params


# Stands for a meeting's number or key while a query of it is made once (no meeting has it).
_STAND_IN = 2_147_390_617


@functools.cache
def _meeting_statement() -> tuple[Statement, tuple[str, ...]]:
    """The meeting's statement by its number (`meeting_get`) and its columns' names: made once
    per process (building it with its two JSON arrays took ~3 ms of every meeting page),
    prepared on a connection's second run, so that a page may read it with its own statement
    in one round trip (`meeting_with_agenda`, `agenda_add_page`)."""
    person = JSONObject(**{k: f"user__{v}" for k, v in PERSON_JSON.items()})
    present = (
        Meeting.attendees.through.objects.filter(meeting=OuterRef("pk"))
        .order_by("user_id")
        .values(json=person)
    )
    serving = (
        CommitteeMember.objects.filter(is_active=True)
        .order_by("-is_chair", "user__first_name", "user_id")
        .values(json=person)
    )
    queryset = Meeting.objects.filter(number=_STAND_IN).values(
        *(f.attname for f in Meeting._meta.concrete_fields),
        present_json=ArraySubquery(present),
        serving_json=ArraySubquery(serving),
    )
    query = queryset.query
    # The columns in the order the ORM selects them (as `ValuesIterable` names them).
    names = (*query.extra_select, *query.values_select, *query.annotation_select)
    sql, params = query.sql_with_params()
    _sql, params, places = _prepared_params(params, (_STAND_IN,))
    return Statement.make(DEFAULT_DB_ALIAS, sql, list(params), list(places)), names


def _meeting_made(rows: list, names: tuple[str, ...]) -> Meeting:
    """The meeting of `_meeting_statement`'s rows, with those present and the members serving
    now; 404 when there is none."""
    if not rows:
        raise Http404
    values = dict(zip(names, rows[0], strict=True))
    present, serving = values.pop("present_json"), values.pop("serving_json")
    meeting = loaded(Meeting, values, DEFAULT_DB_ALIAS)
    meeting.present_json = _json_rows(present)
    meeting.serving_json = _json_rows(serving)
    meeting.serving_count = len(meeting.serving_json)
    return meeting


def meeting_get(*, user, number: int) -> Meeting:
    """The meeting with, in the same query, those present (`attendees_of`) and the members
    serving now (`serving_members_of`: the attendance form's choices, and their number the
    quorum of a meeting not yet opened, `serving_count`): the meeting's page was three
    queries."""
    _reachable_by(user, "committee.view_committee")
    statement, names = _meeting_statement()
    return _meeting_made(statement.fetch_all((number,)), names)


def meeting_with_agenda(*, user, number: int) -> tuple[Meeting, list[AgendaItem]]:
    """The meeting (`meeting_get`) and its agenda (`agenda_entries`), their two prepared
    statements sent in one round trip: the meeting page's reads."""
    _reachable_by(user, "committee.view_committee")
    meeting_statement, meeting_names = _meeting_statement()
    agenda_statement, names, decision_columns = _agenda_columns()
    meeting_rows, agenda_rows = run_together(
        [(meeting_statement, (number,)), (agenda_statement, (number,))]
    )
    meeting = _meeting_made(meeting_rows, meeting_names)
    return meeting, _entries(agenda_rows, names, decision_columns)


def agenda_add_page(*, user, number: int, query: str = "", cursor: str | None = None):
    """The meeting (`meeting_get`) and a page of the agenda's candidates
    (`agenda_candidates_page`): unsearched, the meeting's statement is sent in the page's round
    trip."""
    _reachable_by(user, "committee.view_committee")
    statement, names = _meeting_statement()
    page = agenda_candidates_page(
        user=user, query=query, cursor=cursor, along=[(statement, (number,))]
    )
    if page.along is None:
        return meeting_get(user=user, number=number), page
    return _meeting_made(page.along[0], names), page


def _json_rows(rows) -> list[dict]:
    """An array of JSON objects as read by a raw query (text, or already parsed)."""
    return [json.loads(row) if isinstance(row, str) else row for row in rows]


def attendees_of(meeting: Meeting) -> list:
    """Those present at a meeting, the chair first, then by name: as `meeting_get` read them
    with the meeting, else (a meeting read otherwise) by a query."""
    present = getattr(meeting, "present_json", None)
    people = _people(present) if present is not None else meeting.attendees.all()
    return sorted(people, key=lambda a: (not a.is_committee_chair, str(a)))


def serving_members_of(meeting: Meeting) -> list:
    """The members serving now, as `meeting_get` read them with the meeting (the chair first,
    then by first name): the attendance form's choices."""
    return _people(meeting.serving_json)


AGENDA_REQUEST_COLUMNS = ("reference", "status", "decision_due", "details", "amount_requested")
AGENDA_FILE_COLUMNS = (
    "first_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "national_id",
    "marital_status",
    "housing",
    "rent_amount",
)


@functools.cache
def _agenda_query():
    """The agenda's query, without its meeting: built once per process, as a view's
    `queryset` attribute is (its five subqueries took ~3 ms to build on every request); each
    page filters a copy of it, never this one."""
    return (
        AgendaItem.objects.select_related(
            "decision", "request__beneficiary__category", "request__service"
        )
        # What the page shows of each request, its file and service (the file is the
        # committee_tags request_file tag), not every column of each.
        .only(
            "meeting_id",
            *(f"request__{name}" for name in AGENDA_REQUEST_COLUMNS),
            *(f"request__beneficiary__{name}" for name in AGENDA_FILE_COLUMNS),
            "request__beneficiary__category__name_ar",
            "request__beneficiary__category__name_en",
            "request__service__name_ar",
            "request__service__name_en",
            "request__service__max_amount",
            *(f"decision__{f.name}" for f in Decision._meta.concrete_fields),
        )
        .annotate(
            **_file_columns("request_id", "request__beneficiary_id"),
            vote_count=_count_of(Vote, item=OuterRef("pk")),
        )
        .prefetch_related("decision__rejection_reason")
        .order_by(F("request__decision_due").asc(nulls_last=True), "pk")
    )


class _Made(NamedTuple):
    """What the ORM made of a query once: its SQL and parameters, where the run's own values
    go among them, and the select list and column maps it builds its objects from."""

    sql: str
    params: tuple
    places: tuple[int, ...]
    select: list
    klass_info: dict
    annotation_col_map: dict
    has_extra_select: bool
    # The same SQL as a statement PostgreSQL plans once per connection (`makin.case`), when
    # planning it cost more than running it.
    statement: Statement | None = None


class _MadeCompiler(SQLCompiler):
    """Gives the SQL made once (`_MadeQuery`) with the run's values, instead of making it."""

    def as_sql(self, with_limits=True, with_col_aliases=False):
        made = self.query.made
        self.select, self.klass_info = made.select, made.klass_info
        self.annotation_col_map = made.annotation_col_map
        self.col_count = len(made.select)
        self.has_extra_select = made.has_extra_select
        prepared = ("", made.params, made.places)
        return made.sql, tuple(_parameters(prepared, *self.query.values))

    def execute_sql(self, result_type=MULTI, chunked_fetch=False, chunk_size=100):
        statement = self.query.made.statement
        if result_type != MULTI or statement is None:
            return super().execute_sql(result_type, chunked_fetch, chunk_size)
        self.as_sql()  # the select list and column maps the objects are built from
        # As Django's: the rows in one chunk, read into memory.
        return [statement.fetch_all(tuple(self.query.values))]


class _MadeQuery(Query):
    def __init__(self, model, made: _Made, values: tuple):
        super().__init__(model)
        self.made, self.values = made, values

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return _MadeCompiler(self, connection or connections[using], using, elide_empty)


def _make(queryset, *placeholders) -> _Made:
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    _sql, params, places = _prepared_params(params, placeholders)
    return _Made(
        sql,
        params,
        places,
        compiler.select,
        compiler.klass_info,
        compiler.annotation_col_map,
        compiler.has_extra_select,
    )


def _made_queryset(queryset, made: _Made, *values):
    """`queryset` (its model and prefetches) running the query made once with `values`: the
    ORM's objects as it would build them, without making the SQL again."""
    run = queryset.model._default_manager.all()
    run.query = _MadeQuery(queryset.model, made, values)
    run._prefetch_related_lookups = queryset._prefetch_related_lookups
    return run


@functools.cache
def _agenda_made() -> _Made:
    """The agenda's SQL made once, run as a prepared statement: of its ~3.5 ms in PostgreSQL
    at national volume, 2.3 ms were planning its subqueries and joins on every page."""
    made = _make(_agenda_query().filter(meeting_id=_STAND_IN), _STAND_IN)
    return made._replace(
        statement=Statement.make(DEFAULT_DB_ALIAS, made.sql, list(made.params), made.places)
    )


def agenda_items(*, user, meeting: Meeting):
    """The meeting's agenda, oldest deadline first, with each file (`_file_columns`), the
    number of votes and the decision in one query, its SQL made once per process (making it
    took ~3 ms, longer than PostgreSQL took to run it); the decisions' reasons by a query of
    their own once there are decisions (joined to the items' seven tables, the reason and its
    decider took PostgreSQL ~5 ms to plan)."""
    if not holds(user, "committee.view_committee"):
        return AgendaItem.objects.none()
    return _made_queryset(_agenda_query(), _agenda_made(), meeting.pk)


# The agenda's rows as the meeting page reads them (`agenda_entries`): by model, the columns of
# each object and where they stand in the row (`_agenda_columns`).
_ENTRY_MODELS = (
    ("item", AgendaItem, "", ("id", "meeting_id", "request_id")),
    (
        "request",
        SupportRequest,
        "request__",
        ("id", *AGENDA_REQUEST_COLUMNS, "beneficiary_id", "service_id"),
    ),
    (
        "beneficiary",
        Beneficiary,
        "request__beneficiary__",
        ("id", *AGENDA_FILE_COLUMNS, "category_id"),
    ),
    ("service", Service, "request__service__", ("id", "name_ar", "name_en", "max_amount")),
    (
        "category",
        BeneficiaryCategory,
        "request__beneficiary__category__",
        ("id", "name_ar", "name_en"),
    ),
    ("reason", RejectionReason, "decision__rejection_reason__", ("id", "name_ar", "name_en")),
)
_ENTRY_ANNOTATIONS = (
    "file_report",
    "file_documents",
    "file_incomes",
    "household_size",
    "vote_count",
)


@functools.cache
def _agenda_columns() -> tuple[Statement, tuple[str, ...], tuple[str, ...]]:
    """The agenda's statement of plain values (every object's columns, the decision's, the
    file's JSON columns), made once per process, prepared once per connection; its names."""
    names = [
        f"{prefix}{column}" for _key, _model, prefix, columns in _ENTRY_MODELS for column in columns
    ]
    decision = tuple(f.attname for f in Decision._meta.concrete_fields)
    names += [f"decision__{name}" for name in decision]
    queryset = (
        _agenda_query()
        .prefetch_related(None)
        .filter(meeting__number=_STAND_IN)
        .values(*names, *_ENTRY_ANNOTATIONS)
    )
    sql, params = queryset.query.sql_with_params()
    _sql, params, places = _prepared_params(params, (_STAND_IN,))
    statement = Statement.make(DEFAULT_DB_ALIAS, sql, list(params), list(places))
    return statement, (*names, *_ENTRY_ANNOTATIONS), decision


def agenda_entries(*, user, meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda as `agenda_items` reads it (the same items, requests, files,
    services, decisions and their reasons, in the same order), from plain values of one
    prepared statement: what the meeting page draws, no other field."""
    if not holds(user, "committee.view_committee"):
        return []
    statement, names, decision_columns = _agenda_columns()
    return _entries(statement.fetch_all((meeting.number,)), names, decision_columns)


def _entries(rows, names, decision_columns) -> list[AgendaItem]:
    """The agenda items of `_agenda_columns`' rows, each with its request, file, service,
    decision and reason cached on it."""
    entries = []
    for values in rows:
        row = dict(zip(names, values, strict=True))
        made = {
            key: loaded(model, {c: row[f"{prefix}{c}"] for c in columns}, DEFAULT_DB_ALIAS)
            for key, model, prefix, columns in _ENTRY_MODELS
        }
        item, request, beneficiary = made["item"], made["request"], made["beneficiary"]
        beneficiary._state.fields_cache["category"] = (
            made["category"] if beneficiary.category_id is not None else None
        )
        request._state.fields_cache["beneficiary"] = beneficiary
        request._state.fields_cache["service"] = made["service"]
        item._state.fields_cache["request"] = request
        decision = None
        if row["decision__id"] is not None:
            decision = loaded(
                Decision, {c: row[f"decision__{c}"] for c in decision_columns}, DEFAULT_DB_ALIAS
            )
            decision._state.fields_cache["rejection_reason"] = (
                made["reason"] if decision.rejection_reason_id is not None else None
            )
            decision._state.fields_cache["item"] = item
        item._state.fields_cache["decision"] = decision
        report = row["file_report"]
        item.file_report = json.loads(report) if isinstance(report, str) else report
        item.file_documents = _json_rows(row["file_documents"])
        item.file_incomes = _json_rows(row["file_incomes"])
        item.household_size = row["household_size"]
        item.vote_count = row["vote_count"]
        entries.append(item)
    return entries


def minutes_items(*, user, meeting: Meeting):
    """The agenda as the minutes print it, in the meeting page's order: each request with its
    file's name, its service and its research reports, the votes and the decision; not the
    documents, household and incomes the meeting page shows."""
    return _visible_to(
        user,
        "committee.view_committee",
        AgendaItem.objects.filter(meeting=meeting)
        .select_related(
            "decision",
            "decision__rejection_reason",
            "request__beneficiary",
            "request__service",
        )
        .defer("request__signature")  # the drawn signature is not printed in the minutes
        .prefetch_related(
            Prefetch(
                "request__research_reports",
                queryset=ResearchReport.objects.order_by("-created_at", "-pk"),
                to_attr="reports",
            ),
            Prefetch("votes", queryset=Vote.objects.select_related("member")),
        )
        .order_by(F("request__decision_due").asc(nulls_last=True), "pk"),
    )


def item_get(*, user, pk: int) -> AgendaItem:
    _reachable_by(user, "committee.view_committee")
    item = _agenda_items_any().filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def _agenda_items_any():
    return AgendaItem.objects.select_related(
        "meeting", "decision", "decision__rejection_reason", "decision__decided_by"
    ).prefetch_related(
        Prefetch("request", queryset=_request_file_queryset()),
        Prefetch("votes", queryset=Vote.objects.select_related("member")),
        "meeting__attendees",
    )


def members(*, user):
    return _visible_to(
        user,
        "committee.manage_members",
        CommitteeMember.objects.select_related("user").order_by(
            "-is_active", "-is_chair", "term_start", "pk"
        ),
    )


def rejection_reasons(*, user):
    return _visible_to(
        user,
        "committee.manage_members",
        RejectionReason.objects.annotate(uses=Count("decision")).order_by("-is_active", "pk"),
    )


def rejection_reason_get(*, user, pk: int) -> RejectionReason:
    _reachable_by(user, "committee.manage_members")
    return get_object_or_404(RejectionReason, pk=pk)


def member_get(*, user, pk: int) -> CommitteeMember:
    _reachable_by(user, "committee.manage_members")
    return get_object_or_404(CommitteeMember.objects.select_related("user"), pk=pk)


# Letters ---------------------------------------------------------------------------------------


def letters_for(user):
    """The decision letters of the applicant's own requests."""
    if not user.is_authenticated:
        return Decision.objects.none()
    return (
        Decision.objects.filter(outcome__in=LETTER_OUTCOMES, item__request__beneficiary__owner=user)
        .select_related(
            "item__meeting",
            "item__request__service",
            "item__request__beneficiary",
            "rejection_reason",
        )
        .order_by("-decided_at", "-pk")
    )


def letter_lines(*, user, limit: int = 5) -> list[Decision]:
    """The applicant's latest letters as their home lists them: each decision's outcome, its
    request's reference and service. Read without the meeting, the file and the rejection's
    reason the letters' list joins: PostgreSQL planned that seven-table join for 3.8 ms, this
    one for 1.1 ms."""
    return list(
        letters_for(user)
        .select_related(None)
        .select_related("item__request__service")
        .only(
            "outcome",
            "item__request__reference",
            "item__request__service__name_ar",
            "item__request__service__name_en",
        )[:limit]
    )


def letter_get(*, user, pk: int) -> Decision:
    return get_object_or_404(letters_for(user), pk=pk)


def letter_get_for_staff(*, user, pk: int) -> Decision:
    _reachable_by(user, "committee.print_letters")
    return get_object_or_404(
        Decision.objects.filter(outcome__in=LETTER_OUTCOMES).select_related(
            "item__meeting",
            "item__request__service",
            "item__request__beneficiary",
            "rejection_reason",
            "decided_by",
        ),
        pk=pk,
    )


# Managers' view --------------------------------------------------------------------------------


def final_decisions(*, user):
    return _visible_to(
        user,
        "committee.view_decision_report",
        Decision.objects.filter(outcome__in=LETTER_OUTCOMES)
        .select_related("item__request__service", "item__request__beneficiary", "item__meeting")
        .order_by("-decided_at", "-pk"),
    )


def deadline_summary(*, user) -> dict:
    """How many final decisions were made within the two weeks, and the share: from the tally
    kept with each decision (`committee.tally`), not a count of every decision ever made; and
    the requests waiting for the committee past their deadline, in the same statement."""
    _reachable_by(user, "committee.view_decision_report")
    tally, waiting_overdue = decision_tally_and_overdue(today=timezone.localdate())
    row = {
        "total": tally[ON_TIME] + tally[LATE] + tally[UNDATED],
        "on_time": tally[ON_TIME],
        "late": tally[LATE],
    }
    judged = row["on_time"] + row["late"]
    row["percent"] = round(100 * row["on_time"] / judged) if judged else None
    row["waiting_overdue"] = waiting_overdue
    return row


# Delivery --------------------------------------------------------------------------------------


def delivery_queue(*, user):
    """Approved requests to deliver and delivered ones to close."""
    approval = Decision.objects.filter(
        item__request=OuterRef("pk"), outcome=Outcome.APPROVE
    ).order_by("-decided_at")
    return _visible_to(
        user,
        "committee.record_delivery",
        SupportRequest.objects.filter(status__in=DELIVERY_STATUSES)
        .select_related("beneficiary", "service")
        .annotate(
            granted_amount=Subquery(approval.values("amount")[:1]),
        )
        .order_by("decided_at", "pk"),
    )


def delivery_request_get(*, user, reference: str) -> SupportRequest:
    _reachable_by(user, "committee.record_delivery")
    return get_object_or_404(
        SupportRequest.objects.select_related("beneficiary", "service"),
        reference=reference,
        status__in=[*DELIVERY_STATUSES, Status.CLOSED],
    )


def delivery_get(*, user, pk: int) -> Delivery:
    _reachable_by(user, "committee.record_delivery")
    return get_object_or_404(Delivery.objects.select_related("request"), pk=pk)

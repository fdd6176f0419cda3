"""Reads the request pages share. Each also authorises: a request that is not the person's is
"not found", exactly like one that does not exist."""

import datetime
import functools
from collections import namedtuple
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from beneficiaries.models import (
    Beneficiary,
    Document,
    DocumentKind,
)
from beneficiaries.selectors import file_lists
from makin.case import Rows, person_columns, read_anchored, read_rows
from makin.keyset import Shaped, keyset_rows
from makin.roles import Role
from makin.rules import holds

from .models import (
    NEGATIVE_ID,
    QUEUE_DEADLINE,
    QUEUE_OPEN,
    ContactLog,
    MissingItem,
    Referral,
    ResearchAttachment,
    ResearchDraft,
    ResearchReport,
    Service,
    StaffTool,
    Status,
    StatusChange,
    SupportRequest,
)
from .workflow import MOVES, Move, document_counts, documents_day

# The moves the request pages offer; the committee app offers the committee's own.
INTAKE_TARGETS = frozenset(
    {
        Status.SUBMITTED,
        Status.INCOMPLETE,
        Status.VERIFIED,
        Status.IN_RESEARCH,
        Status.READY_FOR_COMMITTEE,
        Status.CANCELLED,
    }
)


def _staff_or_404(user) -> None:
    if not holds(user, "requests.view_request"):
        raise Http404


def requests_of_applicant(*, user) -> QuerySet[SupportRequest]:
    return SupportRequest.objects.filter(beneficiary__owner=user).select_related("service")


def request_for_applicant(*, user, reference: str) -> SupportRequest:
    found = (
        requests_of_applicant(user=user)
        .select_related("beneficiary")
        .filter(reference=reference)
        .first()
    )
    if found is None:
        raise Http404
    return found


def request_for_staff(*, user, reference: str) -> SupportRequest:
    _staff_or_404(user)
    found = (
        SupportRequest.objects.select_related("beneficiary", "service", "researcher", "received_by")
        .prefetch_related(
            Prefetch("timeline", queryset=StatusChange.objects.select_related("actor")),
            Prefetch(
                "research_reports",
                queryset=ResearchReport.objects.select_related("author").prefetch_related(
                    "attachments"
                ),
            ),
        )
        .filter(reference=reference)
        .first()
    )
    if found is None:
        raise Http404
    return found


def request_page_for_staff(*, user, reference: str) -> SupportRequest:
    """The request of its staff page, with its file, service, researcher and receiving officer;
    its lists come in one query of their own (`request_page_lists`)."""
    _staff_or_404(user)
    found = (
        SupportRequest.objects.select_related("beneficiary", "service", "researcher", "received_by")
        .filter(reference=reference)
        .first()
    )
    if found is None:
        raise Http404
    return found


# The lists of a request's staff page, tied to the request by OuterRef and read in one query
# (`makin.case.Rows`), each with only the columns the page shows.
PAGE_TIMELINE = Rows(
    StatusChange.objects.filter(request=OuterRef("pk")).order_by("created_at", "pk"),
    (
        "from_status",
        "to_status",
        "event",
        "params",
        "note",
        "audience",
        "created_at",
        *person_columns("actor"),
    ),
)
PAGE_REPORTS = Rows(
    ResearchReport.objects.filter(request=OuterRef("pk")).order_by("-created_at", "-pk"),
    (
        "visit_kind",
        "visit_date",
        "met_with",
        "findings",
        "household_matches_file",
        "recommendation",
        "proposed_support",
        "proposed_amount",
        *person_columns("author"),
    ),
)
PAGE_ATTACHMENTS = Rows(
    ResearchAttachment.objects.filter(report__request=OuterRef("pk")).order_by("pk"),
    ("report__pk", "original_name"),
)
PAGE_REQUIRED_KINDS = Rows(
    DocumentKind.objects.filter(service=OuterRef("service_id")).order_by("pk"),
    ("code", "name_ar", "name_en"),
)
PAGE_MISSING_ITEMS = Rows(
    MissingItem.objects.filter(request=OuterRef("pk")).order_by("asked_at", "pk"),
    (
        "label",
        "asked_at",
        "answered_at",
        "kind__code",
        "kind__name_ar",
        "kind__name_en",
        "kind__has_expiry",
        "document__uuid",
        "document__title",
        "document__kind__name_ar",
        "document__kind__name_en",
    ),
)
PAGE_CONTACTS = Rows(
    ContactLog.objects.filter(request=OuterRef("pk")).order_by("-created_at", "-pk"),
    ("channel", "created_at", "summary"),
)
# The request's file: its documents (for the file's list and the checklist), household and
# incomes.
PAGE_DOCUMENTS, PAGE_HOUSEHOLD, PAGE_INCOMES = file_lists("beneficiary_id")


def _related_columns(link: str, model) -> tuple[str, ...]:
    return tuple(f"{link}__{f.name}" for f in model._meta.concrete_fields if not f.primary_key)


# The request of its staff page, read with its lists (`request_page_read`): every field of the
# request, its file, service, researcher and receiving officer, as `request_page_for_staff`
# reads them.
PAGE_REQUEST = Rows(
    SupportRequest.objects.filter(pk=OuterRef("pk")),
    (
        *(f.name for f in SupportRequest._meta.concrete_fields if not f.primary_key),
        *_related_columns("beneficiary", Beneficiary),
        *_related_columns("service", Service),
        *_related_columns("researcher", get_user_model()),
        *_related_columns("received_by", get_user_model()),
    ),
)


def _page_rows(with_file: bool) -> dict[str, Rows]:
    rows = {
        "timeline": PAGE_TIMELINE,
        "reports": PAGE_REPORTS,
        "attachments": PAGE_ATTACHMENTS,
        "required_kinds": PAGE_REQUIRED_KINDS,
        "items": PAGE_MISSING_ITEMS,
        "contacts": PAGE_CONTACTS,
        "documents": PAGE_DOCUMENTS,
    }
    if with_file:
        rows.update(household=PAGE_HOUSEHOLD, incomes=PAGE_INCOMES)
    return rows


def request_page_read(*, user, reference: str) -> tuple[SupportRequest, dict[str, list]]:
    """A request's staff page for a user who may see every file (404 when there is no such
    request): the request as `request_page_for_staff` gives it and its lists with the file's
    (`request_page_lists`), all read by one statement, compiled and prepared once."""
    _staff_or_404(user)
    read = read_anchored(
        SupportRequest, reference, {**_page_rows(True), "request": PAGE_REQUEST}, by="reference"
    )
    if read is None:
        raise Http404
    (request,) = read.pop("request")
    return request, _page_lists(request, read)


def request_page_lists(*, request: SupportRequest, with_file: bool) -> dict[str, list]:
    """Everything a request's staff page lists, in one query: its timeline, research reports
    (each with its `attachment_list`), the documents the service requires, the items asked
    for, the contacts, the file's documents (the checklist reads them), and with the file
    (`with_file`) its household and incomes."""
    return _page_lists(request, read_rows(request, _page_rows(with_file)))


def _page_lists(request: SupportRequest, read: dict[str, list]) -> dict[str, list]:
    file = request.beneficiary
    for document in read["documents"]:
        # The object rules of each document read its file's owner: the request's file.
        document.beneficiary = file
    for entry in read["timeline"]:
        entry.request = request
    for item in read["items"]:
        item.request = request
    attachments = read.pop("attachments")
    for report in read["reports"]:
        report.request = request
        report.attachment_list = [a for a in attachments if a.report_id == report.pk]
    read.setdefault("household", [])
    read.setdefault("incomes", [])
    return read


# The applicant's page of a request: its timeline (who moved it is not shown) and the items.
MY_TIMELINE = Rows(
    StatusChange.objects.filter(request=OuterRef("pk")).order_by("created_at", "pk"),
    ("from_status", "to_status", "event", "params", "note", "audience", "created_at"),
)


# The applicant's request of its page, read with its lists (`my_request_read`): every field of
# the request, its service and its file, as `request_for_applicant` reads them.
MY_REQUEST = Rows(
    SupportRequest.objects.filter(pk=OuterRef("pk")),
    (
        *(f.name for f in SupportRequest._meta.concrete_fields if not f.primary_key),
        *_related_columns("service", Service),
        *_related_columns("beneficiary", Beneficiary),
    ),
)


def my_request_read(*, user, reference: str) -> tuple[SupportRequest, dict[str, list]]:
    """The applicant's page of their request: the request as `request_for_applicant` gives it
    and its lists (`my_request_lists`), read by one statement; 404 when there is no such
    request or it is not of the person's file (nothing of it shown)."""
    read = read_anchored(
        SupportRequest,
        reference,
        {"timeline": MY_TIMELINE, "items": PAGE_MISSING_ITEMS, "request": MY_REQUEST},
        by="reference",
    )
    if read is None:
        raise Http404
    (request,) = read.pop("request")
    if not (user.is_authenticated and request.beneficiary.owner_id == user.pk):
        raise Http404
    for row in (*read["timeline"], *read["items"]):
        row.request = request
    return request, read


def my_request_lists(*, request: SupportRequest) -> dict[str, list]:
    """The applicant's page of their request: its timeline and the items asked for, in one
    query (`makin.case.read_rows`)."""
    read = read_rows(request, {"timeline": MY_TIMELINE, "items": PAGE_MISSING_ITEMS})
    for row in (*read["timeline"], *read["items"]):
        row.request = request
    return read


def missing_items_of(request: SupportRequest) -> list[MissingItem]:
    """Every item staff asked for on the request, answered or open, with its document."""
    return list(
        MissingItem.objects.filter(request=request).select_related("kind", "document__kind")
    )


def missing_item_of(*, request: SupportRequest, pk: int) -> MissingItem:
    """One item of a request the caller already fetched for this person ("not found" when it
    belongs to another request)."""
    found = MissingItem.objects.filter(request=request, pk=pk).select_related("kind").first()
    if found is None:
        raise Http404
    found.request = request
    return found


def research_attachment_get(*, user, pk: int) -> ResearchAttachment:
    """A report's attachment for staff; a draft's for its author only."""
    _staff_or_404(user)
    found = (
        ResearchAttachment.objects.select_related(
            "report__request__beneficiary", "draft__request__beneficiary"
        )
        .filter(Q(report__isnull=False) | Q(draft__author=user), pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def research_draft_for(*, user, request: SupportRequest):
    """The researcher's own draft of a report on this request, with its photos, or None."""
    return (
        ResearchDraft.objects.prefetch_related("attachments")
        .filter(request=request, author=user)
        .first()
    )


def services_for_catalogue(*, user) -> QuerySet[Service]:
    """Every service, active or not, for the managers' catalogue page."""
    return Service.objects.prefetch_related("required_document_kinds")


# The queues' columns: what the rows show, never the drawn signature or the details.
QUEUE_COLUMNS = (
    "reference",
    "status",
    "channel",
    "created_at",
    "submitted_at",
    "decision_due",
    "beneficiary__first_name",
    "beneficiary__father_name",
    "beneficiary__grandfather_name",
    "beneficiary__family_name",
    "beneficiary__national_id",
    "service__name_ar",
    "service__name_en",
)


@dataclass(frozen=True)
class QueueOrder:
    keys: tuple
    descending: bool


QUEUE_ORDERS = {
    "due": QueueOrder(keys=(QUEUE_DEADLINE, NEGATIVE_ID), descending=False),
    "newest": QueueOrder(keys=(F("created_at"), F("id")), descending=True),
    "oldest": QueueOrder(keys=(F("created_at"), F("id")), descending=False),
}


def staff_queue(*, user) -> QuerySet[SupportRequest]:
    _staff_or_404(user)
    return (
        SupportRequest.objects.select_related("beneficiary", "service")
        .only(*QUEUE_COLUMNS)
        .exclude(status=Status.DRAFT)
    )


def _research_scope(queue: QuerySet, researcher_id, open_only: bool) -> QuerySet:
    queue = queue.filter(
        Q(researcher_id=researcher_id) | Q(status=Status.VERIFIED, researcher__isnull=True)
    )
    return queue.filter(status__in=QUEUE_OPEN) if open_only else queue


def research_queue(*, user, open_only: bool = True) -> QuerySet[SupportRequest]:
    """The researcher's own requests, and verified ones nobody has taken yet; open ones only
    unless they ask for a status."""
    return _research_scope(staff_queue(user=user), user.pk, open_only)


def assigned_to(queryset: QuerySet, person_id) -> QuerySet:
    """ "Assigned to me": the requests whose researcher is this person."""
    return queryset.filter(researcher_id=person_id)


# The filters whose SQL compares a column with the value as typed (or chosen): a queue narrowed
# by these alone is a `Shaped` query, its SQL compiled once per process. The search and the due
# state work values out of the input (a name's words, today's date) and go through the ORM.
PLAIN_FILTERS = ("status", "service", "channel", "submitted_from", "submitted_to")


def filtered_queue(*, user, filterset, research: bool = False, open_only: bool = True):
    """A queue as its filter set narrows it: the reception's (every request but drafts) or the
    researcher's (`research_queue`), for `queue_page`."""
    _staff_or_404(user)
    used = filterset.narrowing()
    mine = bool(used.pop("mine", False))
    used.pop("order", None)
    if not set(used) <= set(PLAIN_FILTERS):
        queue = staff_queue(user=user)
        if research:
            queue = _research_scope(queue, user.pk, open_only)
        return filterset.filter_queryset(queue)
    values = {name: getattr(v, "pk", v) for name, v in used.items()}
    if research or mine:
        values["person"] = user.pk

    def build(given: dict) -> QuerySet:
        queue = SupportRequest.objects.exclude(status=Status.DRAFT)
        if research:
            queue = _research_scope(queue, given["person"], open_only)
        for name in used:
            queue = filterset.filters[name].filter(queue, given[name])
        return assigned_to(queue, given["person"]) if mine else queue

    shape = ("requests.queue", research, open_only, mine, tuple(used))
    # Unfiltered (but for the person), its plan is the same for every value: prepared.
    return Shaped(shape=shape, build=build, values=values, prepare=not used)


# What a queue's row shows, read as plain values (`queue_page`).
QueueRow = namedtuple(
    "QueueRow",
    [
        "pk",
        "reference",
        "status",
        "channel",
        "submitted_at",
        "decision_due",
        "first_name",
        "father_name",
        "grandfather_name",
        "family_name",
        "national_id",
        "service_name_ar",
        "service_name_en",
    ],
)
# The queue's columns as a row reads them: its key, and what the row shows (not the creation
# time, which only orders the list).
QUEUE_ROW_COLUMNS = ("pk", *(name for name in QUEUE_COLUMNS if name != "created_at"))


# A queue counts its requests no further than this ("more than 1,000 requests"): counting ten
# thousand index entries on every page cost a millisecond of the page's five.
QUEUE_COUNT_CAP = 1_000


def queue_page(queue, *, order: str = "due", cursor: str | None = None, size: int = 25, along=()):
    """One page of a queue (a queryset, or `filtered_queue`'s shaped query) in one of
    QUEUE_ORDERS, by keyset (see makin.keyset), its rows as `QueueRow`s, with its count
    (capped at QUEUE_COUNT_CAP) read in the same query; `along`: statements read in the same
    round trip (`keyset_rows`)."""
    order = order if order in QUEUE_ORDERS else "due"
    chosen = QUEUE_ORDERS[order]
    if isinstance(queue, Shaped):
        queue = Shaped(
            shape=(*queue.shape, order),
            build=queue.build,
            values=queue.values,
            prepare=queue.prepare,
        )
    return keyset_rows(
        queue,
        keys=list(chosen.keys),
        columns=QUEUE_ROW_COLUMNS,
        row=QueueRow,
        descending=chosen.descending,
        cursor=cursor,
        size=size,
        cap=QUEUE_COUNT_CAP,
        along=along,
    )


@dataclass
class ChecklistRow:
    kind: DocumentKind
    documents: list
    ok: bool


def document_checklist(
    request: SupportRequest, day=None, documents=None, kinds=None
) -> list[ChecklistRow]:
    """Each document kind the service requires, the file's documents of that kind, and whether
    one of them is verified and valid on the submission day. A page that has already read the
    file's documents (with their kinds) passes them as `documents`, and the kinds the service
    requires as `kinds`."""
    day = day or documents_day(request)
    if documents is None:
        documents = list(
            Document.objects.filter(beneficiary_id=request.beneficiary_id).select_related("kind")
        )
    rows = []
    if kinds is None:
        kinds = request.service.required_document_kinds.all()
    for kind in kinds:
        mine = [d for d in documents if d.kind_id == kind.pk]
        ok = any(document_counts(d, day) for d in mine)
        rows.append(ChecklistRow(kind=kind, documents=mine, ok=ok))
    return rows


def document_for_request(*, request: SupportRequest, uuid) -> Document:
    document = Document.objects.filter(beneficiary_id=request.beneficiary_id, uuid=uuid).first()
    if document is None:
        raise Http404
    return document


def actions_for(*, request: SupportRequest, user) -> list[Move]:
    """The intake moves this person may offer on this request now (guards are checked when they
    act, so that the refusal explains what is missing)."""
    roles = user.roles
    return [
        m
        for m in MOVES
        if m.source == request.status
        and (m.target in INTAKE_TARGETS or _decided_without_committee(m, request))
        and m.roles & roles
        and m.roles & roles != {Role.APPLICANT}
    ]


def _decided_without_committee(move: Move, request: SupportRequest) -> bool:
    return (move.source, move.target) == (Status.IN_RESEARCH, Status.APPROVED) and (
        not request.service.needs_committee
    )


def contacts(*, user) -> QuerySet[ContactLog]:
    _staff_or_404(user)
    return ContactLog.objects.select_related("beneficiary", "request", "officer")


def referrals(*, user) -> QuerySet[Referral]:
    _staff_or_404(user)
    return Referral.objects.select_related("beneficiary", "request", "asked_by", "researcher")


def tools_for(*, user) -> QuerySet[StaffTool]:
    tools = StaffTool.objects.filter(is_active=True)
    if holds(user, "requests.view_private_tools"):
        return tools
    return tools.filter(is_public=True)


def tools_listed_for(*, user) -> QuerySet[StaffTool]:
    """The tools page: managers see every tool (to edit them), others what `tools_for` gives."""
    if holds(user, "requests.manage_catalogue"):
        return StaffTool.objects.all()
    return tools_for(user=user)


def catalogue_services() -> QuerySet[Service]:
    """The public catalogue: the services offered now."""
    return Service.objects.filter(is_active=True).prefetch_related("required_document_kinds")


# "My requests", read anchored on the person (`my_requests_read`): the columns its rows show,
# and whether they have a file (a key at most).
MY_REQUESTS = {
    "requests": Rows(
        SupportRequest.objects.filter(beneficiary__owner=OuterRef("pk")).order_by(
            "-created_at", "-pk"
        ),
        ("reference", "status", "created_at", "service__name_ar", "service__name_en"),
    ),
    "file": Rows(Beneficiary.objects.filter(owner=OuterRef("pk")), ()),
}


def my_requests_read(*, user) -> tuple[list[SupportRequest], bool]:
    """The person's requests, newest first, with only the columns "My requests" shows, and
    whether they have a file, in one statement compiled once per process (prepared on a
    connection's second run)."""
    read = read_anchored(get_user_model(), user.pk, MY_REQUESTS)
    return read["requests"], bool(read["file"])


def has_file(*, user) -> bool:
    return Beneficiary.objects.filter(owner=user).exists()


def file_of(*, user) -> Beneficiary | None:
    return Beneficiary.objects.filter(owner=user).first()


@functools.cache
def _summary_sql(everyone: bool, extra: tuple[str, ...] = ()) -> str:
    """The home's statement, from the open requests' counts (`requests.open_counts`): one row
    per open status (one row of NULLs when there is none), each with the single figures (the
    unassigned, the open referrals, then `extra`: fixed scalar subqueries of the page's other
    panels, so that the home reads all in one round trip). Parameters: today, today, the
    near-due day, then the researcher unless `everyone`."""
    from .open_counts import TABLE

    mine = "" if everyone else " WHERE researcher_id = %s"
    more = "".join(f" {sql}," for sql in extra)
    return (
        f"SELECT (SELECT COALESCE(SUM(n), 0) FROM {TABLE}"  # noqa: S608  fixed names
        f" WHERE status = '{Status.VERIFIED.value}' AND researcher_id IS NULL),"
        f" (SELECT COUNT(*) FROM {Referral._meta.db_table} WHERE answered_at IS NULL),{more}"
        " g.status, g.n, g.overdue, g.near"
        " FROM (SELECT 1) AS one LEFT JOIN"
        " (SELECT status, SUM(n) AS n,"
        " COALESCE(SUM(n) FILTER (WHERE decision_due < %s), 0) AS overdue,"
        " COALESCE(SUM(n) FILTER (WHERE decision_due >= %s AND decision_due <= %s), 0) AS near"
        f" FROM {TABLE}{mine} GROUP BY status) AS g ON TRUE"
    )


def dashboard_summary(*, user, extra: tuple[str, ...] = ()) -> dict:
    """The numbers each role's home shows about requests: the open requests by status and by
    the committee's deadline, the verified requests without a researcher (all three from the
    open requests' counts, `requests.open_counts`) and the unanswered referrals, in one
    statement (one round trip). `extra`: scalar subqueries of the home's other panels, fixed
    SQL without parameters, read in the same statement; their values in `summary["extra"]`."""
    from django.db import connection

    from .deadlines import NEAR_DUE_DAYS, WAITING_FOR_DECISION

    today = timezone.localdate()
    near = today + datetime.timedelta(days=NEAR_DUE_DAYS)
    summary: dict = {"roles": user.roles}
    if holds(user, "requests.view_request"):
        everyone = holds(user, "requests.count_every_request")
        params = [today, today, near] if everyone else [today, today, near, user.pk]
        with connection.cursor() as cursor:
            cursor.execute(_summary_sql(everyone, extra), params)
            rows = cursor.fetchall()
        width = 2 + len(extra)
        by_status = {
            status: {"n": n, "overdue": overdue, "near": near_due}
            for status, n, overdue, near_due in (row[width:] for row in rows)
            if status is not None
        }

        def counted(statuses, figure="n"):
            return sum(by_status[s][figure] for s in statuses if s in by_status)

        summary["counts"] = {
            "submitted": counted([Status.SUBMITTED]),
            "incomplete": counted([Status.INCOMPLETE]),
            "in_research": counted([Status.IN_RESEARCH]),
            "ready": counted([Status.READY_FOR_COMMITTEE]),
            "overdue": counted(WAITING_FOR_DECISION, "overdue"),
            "near": counted(WAITING_FOR_DECISION, "near"),
        }
        summary["unassigned"], summary["open_referrals"] = rows[0][0], rows[0][1]
        summary["extra"] = rows[0][2:width]
        summary["by_status"] = by_status
    if holds(user, "requests.view_own_requests"):
        summary["mine"] = list(requests_of_applicant(user=user)[:3])
    return summary

"""Reads the committee's pages share. Each that returns objects to a person takes that person:
a list holds nothing for someone without its capability, and a fetch of one thing answers 404
("not yours" and "does not exist" are the same)."""

import datetime
import functools
from decimal import Decimal

from django.contrib.postgres.expressions import ArraySubquery
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
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from beneficiaries.arabic import normalize_arabic_name
from beneficiaries.models import Document, HouseholdMember, IncomeSource, VerificationStatus
from makin.keyset import keyset_page
from makin.rules import holds
from makin.validators import western_digits
from requests.models import (
    COMMITTEE_WAITING,
    FINISHED,
    ResearchReport,
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
    pending_item = _undecided_items().filter(request=OuterRef("pk"))
    return _visible_to(
        user,
        "committee.view_committee",
        SupportRequest.objects.filter(status__in=COMMITTEE_WAITING)
        .select_related("beneficiary", "service")
        .only(*LISTED_COLUMNS)
        .annotate(agenda_item=Subquery(pending_item.values("pk")[:1]))
        .order_by(F("decision_due").asc(nulls_last=True), "pk"),
    )


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


def waiting_rows(*, user, limit: int) -> list[dict]:
    """The first `limit` waiting requests as the committee home lists them, as plain rows
    (`WAITING_ROW`): fifty requests with their files and services as model objects took
    longer to make than their query took to run."""
    return list(waiting_requests(user=user).values(*WAITING_ROW)[:limit])


def agenda_candidates(*, user):
    """Requests the chair may put on an agenda: ready for the committee, or carried over from
    a closed meeting without a decision."""
    return _visible_to(user, "committee.chair_committee", _candidates_query().all())


CANDIDATES_PER_PAGE = 50


def agenda_candidates_page(*, user, query: str = "", cursor: str | None = None):
    """One page of the agenda's candidates in their order (oldest deadline first), by keyset,
    narrowed to a reference or a name when the chair looks for one: a national committee has
    thousands waiting, and drawing every one made the meeting page cost seconds."""
    candidates = agenda_candidates(user=user)
    query = query.strip()
    if query:
        candidates = candidates.filter(
            Q(reference__icontains=western_digits(query))
            | Q(beneficiary__name_normalized__contains=normalize_arabic_name(query))
        )
    return keyset_page(
        candidates,
        keys=[Coalesce("decision_due", Value(FINISHED)), F("id")],
        cursor=cursor,
        size=CANDIDATES_PER_PAGE,
    )


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


def next_meeting(*, user) -> Meeting | None:
    meetings = Meeting.objects.exclude(status=MeetingStatus.CLOSED)
    return (
        _visible_to(user, "committee.view_committee", meetings)
        .order_by("starts_at", "number")
        .first()
    )


def meeting_get(*, user, number: int) -> Meeting:
    _reachable_by(user, "committee.view_committee")
    return get_object_or_404(
        Meeting.objects.prefetch_related("attendees")
        # The members serving now (the quorum of a meeting not yet opened), in the same query.
        .annotate(serving_count=_count_of(CommitteeMember, is_active=True)),
        number=number,
    )


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


def agenda_items(*, user, meeting: Meeting):
    """The meeting's agenda, oldest deadline first, with each file (`_file_columns`), the
    number of votes and the decision in one query; the decisions' reasons by a query of their
    own once there are decisions (joined to the items' seven tables, the reason and its
    decider took PostgreSQL ~5 ms to plan)."""
    return _visible_to(user, "committee.view_committee", _agenda_query().filter(meeting=meeting))


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

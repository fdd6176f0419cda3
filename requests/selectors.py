"""Reads the request pages share. Each also authorises: a request that is not the person's is
"not found", exactly like one that does not exist."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from beneficiaries.models import Document, DocumentKind
from makin.roles import STAFF_ROLES, Role

from .models import (
    ContactLog,
    Referral,
    ResearchReport,
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
    if not (user.is_authenticated and user.roles & STAFF_ROLES):
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


def staff_queue(*, user) -> QuerySet[SupportRequest]:
    _staff_or_404(user)
    return SupportRequest.objects.select_related("beneficiary", "service", "researcher").exclude(
        status=Status.DRAFT
    )


def research_queue(*, user) -> QuerySet[SupportRequest]:
    """The researcher's own requests, and verified ones nobody has taken yet."""
    return staff_queue(user=user).filter(
        Q(researcher=user) | Q(status=Status.VERIFIED, researcher__isnull=True)
    )


@dataclass
class ChecklistRow:
    kind: DocumentKind
    documents: list
    ok: bool


def document_checklist(request: SupportRequest, day=None) -> list[ChecklistRow]:
    """Each document kind the service requires, the file's documents of that kind, and whether
    one of them is verified and valid on the submission day."""
    day = day or documents_day(request)
    documents = list(
        Document.objects.filter(beneficiary_id=request.beneficiary_id).select_related("kind")
    )
    rows = []
    for kind in request.service.required_document_kinds.all():
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
    if user.is_authenticated and user.roles & STAFF_ROLES:
        return tools
    return tools.filter(is_public=True)


def dashboard_summary(*, user) -> dict:
    """The numbers each role's home shows about requests, in one query per part."""
    from django.db.models import Count

    from .deadlines import NEAR_DUE_DAYS, WAITING_FOR_DECISION

    today = timezone.localdate()
    near = today + datetime.timedelta(days=NEAR_DUE_DAYS)
    roles = user.roles
    summary: dict = {"roles": roles}
    if roles & STAFF_ROLES:
        waiting = Q(status__in=WAITING_FOR_DECISION, decision_due__isnull=False)
        scope = SupportRequest.objects.all()
        if roles & {Role.RESEARCHER} and not roles & {Role.RECEPTION, Role.MANAGER}:
            scope = scope.filter(researcher=user)
        summary["counts"] = scope.aggregate(
            submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
            incomplete=Count("pk", filter=Q(status=Status.INCOMPLETE)),
            in_research=Count("pk", filter=Q(status=Status.IN_RESEARCH)),
            ready=Count("pk", filter=Q(status=Status.READY_FOR_COMMITTEE)),
            overdue=Count("pk", filter=waiting & Q(decision_due__lt=today)),
            near=Count("pk", filter=waiting & Q(decision_due__gte=today, decision_due__lte=near)),
        )
        summary["unassigned"] = SupportRequest.objects.filter(
            status=Status.VERIFIED, researcher__isnull=True
        ).count()
        summary["open_referrals"] = Referral.objects.filter(answered_at__isnull=True).count()
    if Role.APPLICANT in roles:
        summary["mine"] = list(requests_of_applicant(user=user)[:3])
    return summary

"""The request's status machine: one table of allowed moves, who may make each, and its guard.
`requests.services.request_transition` is the only code that changes a request's status."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import VerificationStatus
from makin.audience import Audience
from makin.roles import Role

from .models import Status

S = Status
FINAL = frozenset({S.REJECTED, S.CLOSED, S.WITHDRAWN, S.CANCELLED})
# The applicant (or reception for them) may still change these.
EDITABLE = frozenset({S.DRAFT, S.INCOMPLETE})
# The committee answers within 14 days of the documents being verified (the policy's two weeks).
DECISION_DAYS = 14


@dataclass(frozen=True)
class Move:
    source: Status
    target: Status
    roles: frozenset[Role]
    # Checks that must hold; each returns the list of what is missing (empty when all is well).
    guards: tuple[Callable, ...] = ()
    note_required: bool = False
    label: str = field(default="", compare=False)
    # Who reads what is written on this move: the applicant is told why their request is
    # incomplete, decided, cancelled; the research and the deliberation stay inside.
    audience: Audience = Audience.STAFF


def guard_declaration_signed(request, **data) -> list[str]:
    """Signed on screen (typed name and drawn signature) or on paper, scanned and attached."""
    if request.declaration_signed_at is None and not request.signed_form:
        return [str(_("The applicant has not signed the declaration."))]
    return []


def guard_missing_items_answered(request, **data) -> list[str]:
    """Every item staff asked for when marking the request incomplete has its document."""
    open_items = request.missing_items.filter(document__isnull=True).select_related("kind")
    return [str(_("Not answered yet: %(item)s") % {"item": item.name}) for item in open_items]


def guard_researcher_assigned(request, **data) -> list[str]:
    if request.researcher_id is None:
        return [str(_("No social researcher is assigned yet."))]
    return []


def guard_no_committee_needed(request, **data) -> list[str]:
    """A service marked as not needing the committee is decided by the manager after research."""
    if request.service.needs_committee:
        return [str(_("This service is decided by the research committee."))]
    return []


def guard_research_report(request, **data) -> list[str]:
    if not request.research_reports.exists():
        return [str(_("The research report is not written yet."))]
    return []


def documents_day(request) -> datetime.date:
    """The day documents must be valid on: the submission day (today for a draft)."""
    return (
        timezone.localdate(request.submitted_at) if request.submitted_at else timezone.localdate()
    )


def document_counts(document, day: datetime.date) -> bool:
    """A document counts towards the service's list when verified and valid on `day`."""
    return document.status == VerificationStatus.VERIFIED and document.is_valid_on(day)


def guard_documents_verified(request, **data) -> list[str]:
    """Every document the service requires is present, verified and valid on submission."""
    day = documents_day(request)
    problems = []
    if not request.beneficiary.id_valid_on(day):
        problems.append(str(_("The ID had expired on the submission date.")))
    documents = list(request.beneficiary.documents.all())
    for kind in request.service.required_document_kinds.all():
        if not any(d.kind_id == kind.pk and document_counts(d, day) for d in documents):
            problems.append(str(_("Missing or unverified document: %(kind)s") % {"kind": kind}))
    return problems


STAFF_INTAKE = frozenset({Role.RECEPTION, Role.RESEARCHER})
DESK = frozenset({Role.RECEPTION, Role.MANAGER})
OPEN_STATUSES = [s for s in Status if s not in FINAL]

MOVES: list[Move] = [
    Move(
        S.DRAFT,
        S.SUBMITTED,
        frozenset({Role.APPLICANT, Role.RECEPTION}),
        (guard_declaration_signed,),
        label=_("Submit"),
        audience=Audience.APPLICANT,
    ),
    Move(
        S.SUBMITTED,
        S.INCOMPLETE,
        STAFF_INTAKE,
        note_required=True,
        label=_("Mark incomplete"),
        audience=Audience.APPLICANT,
    ),
    Move(
        S.INCOMPLETE,
        S.SUBMITTED,
        frozenset({Role.APPLICANT, Role.RECEPTION}),
        (guard_declaration_signed, guard_missing_items_answered),
        label=_("Submit again"),
        audience=Audience.APPLICANT,
    ),
    Move(S.SUBMITTED, S.VERIFIED, STAFF_INTAKE, (guard_documents_verified,), label=_("Verify")),
    Move(
        S.VERIFIED,
        S.IN_RESEARCH,
        frozenset({Role.RECEPTION, Role.RESEARCHER, Role.MANAGER}),
        (guard_researcher_assigned,),
        label=_("Send to research"),
    ),
    Move(
        S.IN_RESEARCH,
        S.READY_FOR_COMMITTEE,
        frozenset({Role.RESEARCHER}),
        (guard_research_report,),
        label=_("Send to the committee"),
    ),
    Move(
        S.IN_RESEARCH,
        S.APPROVED,
        frozenset({Role.MANAGER}),
        (guard_no_committee_needed, guard_research_report),
        label=_("Approve without the committee"),
        audience=Audience.APPLICANT,
    ),
    Move(
        S.READY_FOR_COMMITTEE,
        S.IN_COMMITTEE,
        frozenset({Role.COMMITTEE}),
        label=_("Put on a meeting's agenda"),
    ),
    Move(
        S.IN_COMMITTEE,
        S.APPROVED,
        frozenset({Role.COMMITTEE}),
        label=_("Approve"),
        audience=Audience.APPLICANT,
    ),
    Move(
        S.IN_COMMITTEE,
        S.REJECTED,
        frozenset({Role.COMMITTEE}),
        note_required=True,
        label=_("Reject"),
        audience=Audience.APPLICANT,
    ),
    Move(
        S.IN_COMMITTEE,
        S.DEFERRED,
        frozenset({Role.COMMITTEE}),
        note_required=True,
        label=_("Defer"),
        audience=Audience.COMMITTEE,
    ),
    Move(
        S.DEFERRED,
        S.IN_RESEARCH,
        frozenset({Role.RESEARCHER, Role.COMMITTEE}),
        label=_("Back to research"),
        audience=Audience.COMMITTEE,
    ),
    Move(S.APPROVED, S.IN_DELIVERY, DESK, label=_("Start delivery"), audience=Audience.APPLICANT),
    Move(S.IN_DELIVERY, S.DELIVERED, DESK, label=_("Record delivery"), audience=Audience.APPLICANT),
    Move(S.DELIVERED, S.CLOSED, DESK, label=_("Close"), audience=Audience.APPLICANT),
    *[
        Move(
            source,
            S.WITHDRAWN,
            frozenset({Role.APPLICANT}),
            label=_("Withdraw"),
            audience=Audience.APPLICANT,
        )
        for source in (S.DRAFT, S.SUBMITTED, S.INCOMPLETE, S.VERIFIED, S.IN_RESEARCH)
    ],
    *[
        Move(
            source,
            S.CANCELLED,
            DESK,
            note_required=True,
            label=_("Cancel"),
            audience=Audience.APPLICANT,
        )
        for source in OPEN_STATUSES
    ],
]

MOVE_TABLE: dict[tuple[Status, Status], Move] = {(m.source, m.target): m for m in MOVES}


def moves_from(status: Status) -> list[Move]:
    return [m for m in MOVES if m.source == status]

"""How a complaint or suggestion moves: one table of allowed moves, the capability that may make
each, and what each asks for. `surveys.services.feedback_transition` is the only code that
changes a complaint's status."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import FeedbackStatus

S = FeedbackStatus
# Nothing moves a complaint out of these.
FINAL = frozenset({S.RESOLVED, S.CLOSED})


@dataclass(frozen=True)
class Move:
    source: FeedbackStatus
    target: FeedbackStatus
    capability: str
    # Resolving sends the reply to the person; closing without one needs staff's reason.
    reply_required: bool = False
    note_required: bool = False
    label: str = field(default="", compare=False)


HANDLE = "surveys.handle_feedback"
CLOSE = "surveys.close_feedback"

MOVES: list[Move] = [
    Move(S.OPEN, S.IN_PROGRESS, HANDLE, label=_("Start handling")),
    Move(S.OPEN, S.RESOLVED, HANDLE, reply_required=True, label=_("Reply and resolve")),
    Move(S.IN_PROGRESS, S.RESOLVED, HANDLE, reply_required=True, label=_("Reply and resolve")),
    Move(S.OPEN, S.CLOSED, CLOSE, note_required=True, label=_("Close without a reply")),
    Move(S.IN_PROGRESS, S.CLOSED, CLOSE, note_required=True, label=_("Close without a reply")),
]

MOVE_TABLE: dict[tuple[FeedbackStatus, FeedbackStatus], Move] = {
    (m.source, m.target): m for m in MOVES
}


def moves_from(status: FeedbackStatus) -> list[Move]:
    return [m for m in MOVES if m.source == status]

"""The committee's answer is due 14 days after the request became complete (the policy's two
weeks). Staff lists show days left, near-due (3 days or fewer) and overdue."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .models import QUEUE_WAITING

NEAR_DUE_DAYS = 3
# The clock runs from "verified" until the committee decides (one list with the queues' order).
WAITING_FOR_DECISION = frozenset(QUEUE_WAITING)


@dataclass(frozen=True)
class Due:
    days_left: int
    state: str  # "ok", "near" or "overdue"
    due: datetime.date

    @property
    def overdue_by(self) -> int:
        return -self.days_left


def due_state(request, today: datetime.date | None = None) -> Due | None:
    """None when no answer is awaited (not complete yet, or already decided)."""
    if request.decision_due is None or request.status not in WAITING_FOR_DECISION:
        return None
    today = today or timezone.localdate()
    days = (request.decision_due - today).days
    state = "overdue" if days < 0 else "near" if days <= NEAR_DUE_DAYS else "ok"
    return Due(days_left=days, state=state, due=request.decision_due)

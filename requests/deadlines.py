"""The committee's answer is due 14 days after the request became complete (the policy's two
weeks). Staff lists show days left, near-due (3 days or fewer) and overdue."""

import datetime
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Status

NEAR_DUE_DAYS = 3
# The clock runs from "verified" until the committee decides.
WAITING_FOR_DECISION = frozenset(
    {
        Status.VERIFIED,
        Status.IN_RESEARCH,
        Status.READY_FOR_COMMITTEE,
        Status.IN_COMMITTEE,
        Status.DEFERRED,
    }
)


class DueState(TextChoices):
    OVERDUE = "overdue", _("Overdue")
    TODAY = "today", _("Due today")
    NEAR = "near", _("Due in 3 days or fewer")
    OK = "ok", _("On time")


@dataclass(frozen=True)
class Due:
    days_left: int
    state: DueState
    due: datetime.date

    @property
    def overdue_by(self) -> int:
        return -self.days_left

    @property
    def is_overdue(self) -> bool:
        return self.state == DueState.OVERDUE

    @property
    def is_today(self) -> bool:
        return self.state == DueState.TODAY


def due_state(request, today: datetime.date | None = None) -> Due | None:
    """None when no answer is awaited (not complete yet, or already decided)."""
    if request.decision_due is None or request.status not in WAITING_FOR_DECISION:
        return None
    today = today or timezone.localdate()
    days = (request.decision_due - today).days
    return Due(days_left=days, state=state_of(days), due=request.decision_due)


def state_of(days_left: int) -> DueState:
    if days_left < 0:
        return DueState.OVERDUE
    if days_left == 0:
        return DueState.TODAY
    return DueState.NEAR if days_left <= NEAR_DUE_DAYS else DueState.OK

"""Every write on support requests. `request_transition` is the one door to a status change."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from makin.notifications import notify
from makin.roles import Role

from .models import Status, StatusChange, SupportRequest
from .signals import request_moved
from .workflow import DECISION_DAYS, MOVE_TABLE


class TransitionError(ValidationError):
    """A move that is not allowed now, with the reasons a person can read."""


def request_transition(
    *,
    request: SupportRequest,
    to: Status,
    actor,
    note: str = "",
    expected: Status | None = None,
) -> SupportRequest:
    """Move `request` to `to` on behalf of `actor`.

    The row is locked and re-read, so two people acting at once cannot both win: the second sees
    the status the first left and gets a TransitionError. `expected` is the status the actor saw
    on their page; if the request moved meanwhile, the move is refused rather than applied to a
    state they did not see."""
    with transaction.atomic():
        locked = (
            SupportRequest.objects.select_for_update(of=("self",))
            .select_related("beneficiary", "service")
            .get(pk=request.pk)
        )
        current = Status(locked.status)
        if expected is not None and current != expected:
            raise TransitionError(
                _(
                    "This request was changed by someone else meanwhile; it is now “%(status)s”. "
                    "Please review it again."
                )
                % {"status": current.label}
            )
        move = MOVE_TABLE.get((current, Status(to)))
        if move is None:
            raise TransitionError(
                _("A request that is “%(current)s” cannot become “%(target)s”.")
                % {"current": current.label, "target": Status(to).label}
            )
        if not (actor.roles & move.roles):
            raise PermissionDenied(_("Your role does not allow this action."))
        if move.roles & actor.roles == {Role.APPLICANT} and locked.beneficiary.owner_id != actor.pk:
            raise PermissionDenied(_("Your role does not allow this action."))
        if move.note_required and not note.strip():
            raise TransitionError(_("Please write the reason."))
        problems = [p for guard in move.guards for p in guard(locked)]
        if problems:
            raise TransitionError(problems)

        now = timezone.now()
        locked.status = to
        if to == Status.SUBMITTED and locked.submitted_at is None:
            locked.submitted_at = now
        if to == Status.VERIFIED:
            locked.completed_at = now
            locked.decision_due = timezone.localdate(now) + datetime.timedelta(days=DECISION_DAYS)
        if to in (Status.APPROVED, Status.REJECTED):
            locked.decided_at = now
        locked._change_reason = note
        locked.save()
        StatusChange.objects.create(
            request=locked, from_status=current, to_status=to, actor=actor, note=note
        )
        transaction.on_commit(
            lambda: request_moved.send(
                sender=SupportRequest, request=locked, source=current, target=to, actor=actor
            )
        )
        if locked.beneficiary.owner_id:
            notify(
                user=locked.beneficiary.owner,
                event="request_status_changed",
                context={"request": locked, "note": note},
                sms=True,
            )
    return locked

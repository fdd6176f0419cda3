"""Every write of the research committee: members, meetings, agenda, votes, decisions and
delivery. Each takes the acting person, checks who they are, works in one transaction, and moves
requests only through `requests.services.request_transition`.

Locks are always taken in one order, meeting then agenda item then request, so that two people
acting at once wait for each other instead of deadlocking."""

import datetime
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beneficiaries.models import FileAccess
from beneficiaries.services import beneficiary_record_access
from makin.display import money
from makin.files import files_removed_on_error
from makin.notifications import notify
from makin.roles import Role
from makin.rules import require
from requests.models import Status, SupportRequest
from requests.services import request_transition

from . import selectors
from .models import (
    DELIVERABLE,
    AgendaItem,
    CommitteeMember,
    Decision,
    Delivery,
    Meeting,
    MeetingMode,
    MeetingStatus,
    Opinion,
    Outcome,
    RejectionReason,
    SupportKind,
    Vote,
)
from .tally import decision_tally_add

User = get_user_model()


class CommitteeError(ValidationError):
    """A committee action that is not allowed now, with reasons a person can read."""


# Quorum ----------------------------------------------------------------------------------------


def quorum_fraction() -> Fraction:
    return Fraction(settings.COMMITTEE_QUORUM)


def quorum_needed(members: int) -> int:
    """The fewest members present for a quorum: more than the set share of the members."""
    return int(members * quorum_fraction()) + 1


def has_quorum(*, present: int, members: int) -> bool:
    return members > 0 and present >= quorum_needed(members)


def serving_members():
    return CommitteeMember.objects.filter(is_active=True)


# Members -------------------------------------------------------------------------------------


def _committee_group() -> Group:
    return Group.objects.get(name=Role.COMMITTEE)


def _set_chair_flag(user, value: bool) -> None:
    if user.is_committee_chair != value:
        user.is_committee_chair = value
        user.save(update_fields=["is_committee_chair"])


def _step_down_chairs(*, keep=None) -> None:
    for term in CommitteeMember.objects.select_for_update().filter(is_active=True, is_chair=True):
        if term.user_id != getattr(keep, "pk", None):
            term.is_chair = False
            term.save()
    for user in User.objects.filter(is_committee_chair=True):
        if user.pk != getattr(keep, "pk", None):
            _set_chair_flag(user, False)


@transaction.atomic
def member_add(
    *,
    user,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    is_chair: bool = False,
    actor,
) -> CommitteeMember:
    """Start `user`'s term on the committee: the committee role, and the chair if asked (the
    former chair steps down)."""
    require(actor, "committee.manage_members")
    user = User.objects.select_for_update().get(pk=user.pk)
    if CommitteeMember.objects.filter(user=user, is_active=True).exists():
        raise CommitteeError(
            {
                "user": ValidationError(
                    _("This person is already a serving member."), code="already_serving"
                )
            }
        )
    if term_end is not None and term_end < term_start:
        raise CommitteeError(
            {
                "term_end": ValidationError(
                    _("The term cannot end before it starts."), code="term_ends_before_start"
                )
            }
        )
    if is_chair:
        _step_down_chairs(keep=user)
    term = CommitteeMember.objects.create(
        user=user, is_chair=is_chair, term_start=term_start, term_end=term_end, added_by=actor
    )
    user.groups.add(_committee_group())
    _set_chair_flag(user, is_chair)
    return term


@transaction.atomic
def member_make_chair(*, member: CommitteeMember, actor) -> CommitteeMember:
    require(actor, "committee.manage_members")
    term = CommitteeMember.objects.select_for_update().select_related("user").get(pk=member.pk)
    if not term.is_active:
        raise CommitteeError(_("This member's term has ended."), code="term_ended")
    _step_down_chairs(keep=term.user)
    term.is_chair = True
    term.save()
    _set_chair_flag(term.user, True)
    return term


@transaction.atomic
def member_end(*, member: CommitteeMember, actor, day: datetime.date | None = None):
    """End a member's term: they leave the committee role (and the chair)."""
    require(actor, "committee.manage_members")
    term = CommitteeMember.objects.select_for_update().select_related("user").get(pk=member.pk)
    if not term.is_active:
        raise CommitteeError(_("This member's term has already ended."), code="term_ended")
    day = day or timezone.localdate()
    term.is_active = False
    term.is_chair = False
    if term.term_end is None or term.term_end > day:
        term.term_end = max(day, term.term_start)
    term.save()
    term.user.groups.remove(_committee_group())
    _set_chair_flag(term.user, False)
    return term


# Rejection reasons (a managed list) ----------------------------------------------------------


@transaction.atomic
def rejection_reason_create(*, name_ar: str, name_en: str = "", actor) -> RejectionReason:
    require(actor, "committee.manage_members")
    name_ar = name_ar.strip()
    if RejectionReason.objects.filter(name_ar=name_ar).exists():
        raise CommitteeError(
            {
                "name_ar": ValidationError(
                    _("This reason is already on the list."), code="reason_exists"
                )
            }
        )
    code = f"reason-{RejectionReason.objects.count() + 1}"
    while RejectionReason.objects.filter(code=code).exists():
        code += "-1"
    return RejectionReason.objects.create(code=code, name_ar=name_ar, name_en=name_en.strip())


@transaction.atomic
def rejection_reason_set_active(*, reason: RejectionReason, active: bool, actor) -> RejectionReason:
    """Reasons are retired, never deleted: past decisions keep theirs."""
    require(actor, "committee.manage_members")
    reason = RejectionReason.objects.select_for_update().get(pk=reason.pk)
    reason.is_active = active
    reason.save()
    return reason


# Meetings ------------------------------------------------------------------------------------


def next_meeting_number() -> int:
    last = Meeting.objects.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def meeting_create(
    *,
    number: int,
    starts_at: datetime.datetime,
    mode: str,
    place: str = "",
    online_link: str = "",
    actor,
) -> Meeting:
    require(actor, "committee.chair_committee")
    errors = {}
    if Meeting.objects.filter(number=number).exists():
        errors["number"] = ValidationError(
            _("A meeting with this number already exists."), code="number_taken"
        )
    if mode == MeetingMode.IN_PERSON and not place.strip():
        errors["place"] = ValidationError(
            _("Write where the meeting is held."), code="place_required"
        )
    if mode == MeetingMode.ONLINE and not online_link.strip():
        errors["online_link"] = ValidationError(
            _("Give the link of the online meeting."), code="link_required"
        )
    if errors:
        raise CommitteeError(errors)
    try:
        with transaction.atomic():
            return Meeting.objects.create(
                number=number,
                starts_at=starts_at,
                mode=mode,
                place=place.strip(),
                online_link=online_link.strip(),
                created_by=actor,
            )
    except IntegrityError:
        raise CommitteeError(
            {
                "number": ValidationError(
                    _("A meeting with this number already exists."), code="number_taken"
                )
            }
        ) from None


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _refuse_closed(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CLOSED:
        raise CommitteeError(
            _("This meeting is closed; nothing in it can change."), code="meeting_closed"
        )


def _check_attendees(attendees) -> list:
    attendees = list(attendees)
    serving = set(serving_members().values_list("user_id", flat=True))
    if any(a.pk not in serving for a in attendees):
        raise CommitteeError(
            {
                "attendees": ValidationError(
                    _("Only serving committee members can attend."), code="not_serving"
                )
            }
        )
    return attendees


@transaction.atomic
def meeting_open(*, meeting: Meeting, attendees, actor) -> Meeting:
    """The chair opens a scheduled meeting with the members present. A meeting may open
    without a quorum (it is written in the minutes) but then cannot decide."""
    require(actor, "committee.chair_committee")
    meeting = _lock_meeting(meeting)
    _refuse_closed(meeting)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise CommitteeError(_("This meeting is already open."), code="meeting_already_open")
    attendees = _check_attendees(attendees)
    meeting.status = MeetingStatus.OPEN
    meeting.opened_at = timezone.now()
    meeting.members_count = serving_members().count()
    meeting.save()
    meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def meeting_set_attendees(*, meeting: Meeting, attendees, actor) -> Meeting:
    """Record who is present (a member may arrive late) while the meeting is not closed."""
    require(actor, "committee.chair_committee")
    meeting = _lock_meeting(meeting)
    _refuse_closed(meeting)
    meeting.attendees.set(_check_attendees(attendees))
    if meeting.status == MeetingStatus.OPEN:
        meeting.members_count = serving_members().count()
        meeting.save()
    return meeting


@transaction.atomic
def meeting_close(*, meeting: Meeting, actor) -> Meeting:
    """The chair closes an open meeting. Requests left undecided stay before the committee and
    can be carried over to the next meeting's agenda."""
    require(actor, "committee.chair_committee")
    meeting = _lock_meeting(meeting)
    _refuse_closed(meeting)
    if meeting.status != MeetingStatus.OPEN:
        raise CommitteeError(_("Only an open meeting can be closed."), code="meeting_not_open")
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = timezone.now()
    meeting.save()
    return meeting


# Agenda ----------------------------------------------------------------------------------------


def is_carried_over(request: SupportRequest) -> bool:
    """Before the committee, undecided, and on no meeting that is still to be held or open."""
    return (
        request.status == Status.IN_COMMITTEE
        and not AgendaItem.objects.filter(request=request, decision__isnull=True)
        .exclude(meeting__status=MeetingStatus.CLOSED)
        .exists()
    )


@transaction.atomic
def agenda_add(*, meeting: Meeting, requests, actor) -> list[AgendaItem]:
    """Put requests on the meeting's agenda; a request ready for the committee moves to
    "before the committee" (one carried over from a closed meeting already is)."""
    require(actor, "committee.chair_committee")
    meeting = _lock_meeting(meeting)
    _refuse_closed(meeting)
    items = []
    for given in requests:
        request = SupportRequest.objects.get(pk=given.pk)
        if AgendaItem.objects.filter(meeting=meeting, request=request).exists():
            raise CommitteeError(
                _("Request %(reference)s is already on this agenda.")
                % {"reference": request.reference},
                code="already_on_agenda",
            )
        if request.status == Status.READY_FOR_COMMITTEE:
            request_transition(
                request=request,
                to=Status.IN_COMMITTEE,
                actor=actor,
                event="agenda",
                params={"meeting": meeting.number},
                expected=Status.READY_FOR_COMMITTEE,
            )
        elif not is_carried_over(request):
            raise CommitteeError(
                _("Request %(reference)s is not ready for the committee.")
                % {"reference": request.reference},
                code="not_ready_for_committee",
            )
        items.append(AgendaItem.objects.create(meeting=meeting, request=request, added_by=actor))
    return items


# Votes -----------------------------------------------------------------------------------------

VOTING_OPINIONS = (Opinion.APPROVE, Opinion.REJECT, Opinion.DEFER)


def vote_cast(
    *,
    item: AgendaItem,
    actor,
    opinion: str = "",
    conflict_of_interest: bool = False,
    note: str = "",
) -> Vote:
    """A member present records (or changes) their opinion on an item of an open meeting. A
    member who declares a conflict of interest abstains."""
    require(actor, "committee.cast_vote")
    with transaction.atomic():
        # The meeting's row lock orders votes, the chair's decision and closing: a vote is
        # never lost, and none lands after the decision or the close.
        meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
        if meeting.status != MeetingStatus.OPEN:
            raise CommitteeError(
                _("Votes are recorded only while the meeting is open."), code="meeting_not_open"
            )
        if not meeting.attendees.filter(pk=actor.pk).exists():
            raise CommitteeError(
                _("Only the members present at the meeting vote."), code="not_present"
            )
        if Decision.objects.filter(item_id=item.pk).exists():
            raise CommitteeError(
                _("The decision on this request is recorded; votes are final."), code="votes_final"
            )
        if conflict_of_interest:
            opinion = Opinion.ABSTAIN
        elif opinion not in VOTING_OPINIONS:
            raise CommitteeError(
                {
                    "opinion": ValidationError(
                        _("Choose approve, reject or defer."), code="unknown_opinion"
                    )
                }
            )
        vote, _created = Vote.objects.update_or_create(
            item_id=item.pk,
            member=actor,
            defaults={
                "opinion": opinion,
                "conflict_of_interest": conflict_of_interest,
                "note": note.strip(),
            },
        )
    return vote


OPINION_OF_OUTCOME = {
    Outcome.APPROVE: Opinion.APPROVE,
    Outcome.REJECT: Opinion.REJECT,
    Outcome.DEFER: Opinion.DEFER,
}
OUTCOME_OF_OPINION = {v: k for k, v in OPINION_OF_OUTCOME.items()}


def tally(votes) -> dict[str, int]:
    counts = {o.value: 0 for o in Opinion}
    for vote in votes:
        counts[vote.opinion] += 1
    return counts


def leading_outcomes(counts: dict[str, int]) -> list[Outcome]:
    """The outcomes with the most votes (abstentions aside): one when there is a majority,
    several when tied, none when nobody voted."""
    top = max(counts[o] for o in VOTING_OPINIONS)
    if top == 0:
        return []
    return [OUTCOME_OF_OPINION[o] for o in VOTING_OPINIONS if counts[o] == top]


STATUS_OF_OUTCOME = {
    Outcome.APPROVE: Status.APPROVED,
    Outcome.REJECT: Status.REJECTED,
    Outcome.DEFER: Status.DEFERRED,
}
MONEY_KINDS = (SupportKind.ONE_PAYMENT, SupportKind.INSTALMENTS)


def approval_errors(*, service, support_kind, amount, instalments) -> dict:
    """What is wrong with the support granted (the decision form shows it before confirming)."""
    errors = {}
    if support_kind not in SupportKind.values:
        errors["support_kind"] = ValidationError(
            _("Choose the kind of support granted."), code="support_kind_required"
        )
    if amount is None and support_kind in MONEY_KINDS:
        errors["amount"] = ValidationError(
            _("Write the amount granted in riyals."), code="amount_required"
        )
    elif amount is not None and amount < 0:
        errors["amount"] = ValidationError(
            _("The amount cannot be negative."), code="amount_negative"
        )
    elif amount is not None and service.max_amount is not None and amount > service.max_amount:
        errors["amount"] = ValidationError(
            _("The amount is above this service's limit of %(limit)s.")
            % {"limit": money(service.max_amount)},
            code="amount_above_limit",
        )
    if support_kind == SupportKind.INSTALMENTS and not (instalments and instalments >= 2):
        errors["instalments"] = ValidationError(
            _("Support in instalments needs two instalments or more."), code="instalments_too_few"
        )
    return errors


def decision_record(
    *,
    item: AgendaItem,
    outcome: str,
    actor,
    support_kind: str = "",
    amount: Decimal | None = None,
    instalments: int | None = None,
    duration_months: int | None = None,
    conditions: str = "",
    rejection_reason: RejectionReason | None = None,
    reason_text: str = "",
    questions: str = "",
) -> Decision:
    """The chair records the committee's decision on an item: the majority of the votes of the
    members present, the chair choosing between tied outcomes. Approval carries the support
    granted, rejection its reason, deferral the questions for the researcher. The request moves
    through its one status function; a deferred one goes back to research."""
    require(actor, "committee.record_decision")
    outcome = Outcome(outcome)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
        _refuse_closed(meeting)
        if meeting.status != MeetingStatus.OPEN:
            raise CommitteeError(
                _("Open the meeting before recording decisions."), code="meeting_not_open"
            )
        item = (
            AgendaItem.objects.select_for_update(of=("self",))
            .select_related("request__service", "request__beneficiary")
            .get(pk=item.pk)
        )
        if Decision.objects.filter(item=item).exists():
            raise CommitteeError(
                _("A decision on this request is already recorded."), code="already_decided"
            )
        present = meeting.attendees.count()
        if not has_quorum(present=present, members=meeting.members_count):
            raise CommitteeError(
                _(
                    "The meeting has no quorum (%(present)s present of %(members)s members; "
                    "%(needed)s are needed), so it cannot decide."
                )
                % {
                    "present": present,
                    "members": meeting.members_count,
                    "needed": quorum_needed(meeting.members_count),
                },
                code="no_quorum",
            )
        counts = tally(item.votes.all())
        leading = leading_outcomes(counts)
        if not leading:
            raise CommitteeError(
                _("No member present has voted on this request yet."), code="no_votes"
            )
        if outcome not in leading:
            if len(leading) == 1:
                message = _("The majority voted “%(outcome)s”; the decision follows it.") % {
                    "outcome": leading[0].label
                }
            else:
                message = _(
                    "The votes are tied between %(outcomes)s; the chair's decision is one of them."
                ) % {"outcomes": _(" and ").join(str(o.label) for o in leading)}
            raise CommitteeError(message, code="against_the_votes")

        request = item.request
        errors = {}
        if outcome == Outcome.APPROVE:
            errors = approval_errors(
                service=request.service,
                support_kind=support_kind,
                amount=amount,
                instalments=instalments,
            )
        elif outcome == Outcome.REJECT:
            if rejection_reason is None or not rejection_reason.is_active:
                errors["rejection_reason"] = ValidationError(
                    _("Choose the reason for rejection."), code="rejection_reason_required"
                )
            if not reason_text.strip():
                errors["reason_text"] = ValidationError(
                    _("Explain the reason to the applicant."), code="reason_text_required"
                )
        elif not questions.strip():
            errors["questions"] = ValidationError(
                _("Write the questions the researcher should answer."), code="questions_required"
            )
        if errors:
            raise CommitteeError(errors)

        now = timezone.now()
        fields = {"item": item, "outcome": outcome, "decided_by": actor, "decided_at": now}
        if outcome == Outcome.APPROVE:
            fields |= {
                "support_kind": support_kind,
                "amount": amount,
                "instalments": instalments if support_kind == SupportKind.INSTALMENTS else None,
                "duration_months": duration_months,
                "conditions": conditions.strip(),
            }
            # What the timeline says, as a code and parameters; the applicant reads it.
            said = {"event": "approved", "params": {"support_kind": support_kind}, "note": ""}
        elif outcome == Outcome.REJECT:
            fields |= {"rejection_reason": rejection_reason, "reason_text": reason_text.strip()}
            said = {
                "event": "rejected",
                "params": {
                    "reason_ar": rejection_reason.name_ar,
                    "reason_en": rejection_reason.name_en,
                },
                "note": reason_text.strip(),
            }
        else:
            fields |= {"questions": questions.strip()}
            # The questions are for the researcher: the committee's audience, not the applicant's.
            said = {"event": "", "params": {}, "note": questions.strip()}
        due = request.decision_due
        try:
            with transaction.atomic():
                decision = Decision.objects.create(
                    **fields,
                    votes_approve=counts[Opinion.APPROVE],
                    votes_reject=counts[Opinion.REJECT],
                    votes_defer=counts[Opinion.DEFER],
                    abstentions=counts[Opinion.ABSTAIN],
                    casting_vote=len(leading) > 1,
                    within_deadline=None if due is None else timezone.localdate(now) <= due,
                )
                decision_tally_add(outcome=outcome, within_deadline=decision.within_deadline)
        except IntegrityError:
            raise CommitteeError(
                _("A decision on this request is already recorded."), code="already_decided"
            ) from None

        # An applicant with an account gets the decision letter instead of the status message.
        letter_follows = outcome != Outcome.DEFER and bool(request.beneficiary.owner_id)
        request_transition(
            request=request,
            to=STATUS_OF_OUTCOME[outcome],
            actor=actor,
            **said,
            expected=Status.IN_COMMITTEE,
            notify_applicant=not letter_follows,
        )
        if outcome == Outcome.DEFER:
            request_transition(
                request=request,
                to=Status.IN_RESEARCH,
                actor=actor,
                **said,
                expected=Status.DEFERRED,
            )
        elif request.beneficiary.owner_id:
            owner = request.beneficiary.owner
            with translation.override(owner.language or settings.LANGUAGE_CODE):
                letter_path = reverse("committee:letter", kwargs={"pk": decision.pk})
            notify(
                user=owner,
                event="committee_decision",
                context={
                    "request": request,
                    "decision": decision,
                    "letter_url": settings.MAKIN_SITE_URL.rstrip("/") + letter_path,
                },
                sms=True,
                attachment=f"committee.letter:{decision.pk}",
            )
    return decision


# Delivery ------------------------------------------------------------------------------------


def approved_decision(request: SupportRequest) -> Decision | None:
    return (
        Decision.objects.filter(item__request=request, outcome=Outcome.APPROVE)
        .order_by("-decided_at")
        .first()
    )


def delivery_record(
    *,
    request: SupportRequest,
    delivered_on: datetime.date,
    delivered_by,
    actor,
    received_by_name: str = "",
    amount_paid: Decimal | None = None,
    service_given: str = "",
    attachment=None,
) -> Delivery:
    """Staff record the approved support handed over; the request moves to "delivered"."""
    require(actor, "committee.record_delivery")
    # The attachment is written before the row; if the transaction fails it is removed again.
    with files_removed_on_error() as saved, transaction.atomic():
        request = SupportRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
        if request.status not in DELIVERABLE:
            raise CommitteeError(
                _("Only an approved request can be delivered."), code="not_approved"
            )
        decision = approved_decision(request)
        errors = {}
        if amount_paid is None and not service_given.strip():
            errors["amount_paid"] = ValidationError(
                _("Write the amount paid or describe the service given."),
                code="amount_paid_required",
            )
        elif amount_paid is not None and amount_paid < 0:
            errors["amount_paid"] = ValidationError(
                _("The amount cannot be negative."), code="amount_negative"
            )
        elif (
            amount_paid is not None
            and decision is not None
            and decision.amount is not None
            and amount_paid > decision.amount
        ):
            errors["amount_paid"] = ValidationError(
                _("The amount is above the %(amount)s the committee granted.")
                % {"amount": money(decision.amount)},
                code="amount_above_granted",
            )
        if delivered_on > timezone.localdate():
            errors["delivered_on"] = ValidationError(
                _("The date of delivery cannot be in the future."), code="delivered_in_future"
            )
        elif decision is not None and delivered_on < timezone.localdate(decision.decided_at):
            errors["delivered_on"] = ValidationError(
                _("The date of delivery cannot be before the decision."),
                code="delivered_before_decision",
            )
        if not delivered_by.is_portal_staff:
            errors["delivered_by"] = ValidationError(
                _("Choose a member of staff."), code="staff_required"
            )
        if errors:
            raise CommitteeError(errors)
        if request.status == Status.APPROVED:
            request_transition(
                request=request, to=Status.IN_DELIVERY, actor=actor, expected=Status.APPROVED
            )
        delivery = Delivery(
            request=request,
            delivered_on=delivered_on,
            delivered_by=delivered_by,
            received_by_name=received_by_name.strip(),
            amount_paid=amount_paid,
            service_given=service_given.strip(),
            recorded_by=actor,
        )
        if attachment is not None:
            delivery.attachment_name = attachment.name[:255]
            delivery.attachment.save("attachment", attachment, save=False)
            saved.append(delivery.attachment)
        try:
            with transaction.atomic():
                delivery.save()
        except IntegrityError:
            raise CommitteeError(
                _("This delivery is already recorded."), code="already_delivered"
            ) from None
        request_transition(
            request=request, to=Status.DELIVERED, actor=actor, expected=Status.IN_DELIVERY
        )
    return delivery


def delivery_close(*, request: SupportRequest, actor) -> SupportRequest:
    """The file is closed once the support is delivered."""
    require(actor, "committee.record_delivery")
    return request_transition(
        request=request, to=Status.CLOSED, actor=actor, expected=Status.DELIVERED
    )


def delivery_attachment_open(*, user, pk: int) -> Delivery:
    """The one door to a delivery's attached receipt: the desk's check (`delivery_get`) and
    the file's access-log entry, like every other paper of the file."""
    delivery = selectors.delivery_get(user=user, pk=pk)
    if not delivery.attachment:
        raise Http404
    beneficiary_record_access(
        beneficiary=delivery.request.beneficiary, user=user, action=FileAccess.Action.DELIVERY
    )
    return delivery

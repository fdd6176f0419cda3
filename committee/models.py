"""The research committee: members and chair, meetings, agenda, votes, decisions and the
delivery of approved support."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from makin.constraints import in_range, keep_choices, not_negative
from makin.fields import amount_field
from makin.models import BilingualName
from requests.models import Status, SupportRequest


class CommitteeMember(models.Model):
    """A person's term on the committee. Kept consistent with the `committee` role group and
    `User.is_committee_chair` by committee.services (member_add, member_end)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="committee_terms",
    )
    is_chair = models.BooleanField(_("chair"), default=False)
    term_start = models.DateField(_("start of term"))
    term_end = models.DateField(_("end of term"), null=True, blank=True)
    is_active = models.BooleanField(_("serving"), default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["-is_chair", "term_start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(is_active=True), name="one_active_term_per_user"
            ),
            models.UniqueConstraint(
                fields=["is_chair"],
                condition=Q(is_active=True, is_chair=True),
                name="one_active_chair",
            ),
        ]

    def __str__(self):
        return str(self.user)


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


@keep_choices
class Meeting(models.Model):
    number = models.PositiveIntegerField(_("meeting number"), unique=True)
    starts_at = models.DateTimeField(_("date and time"))
    mode = models.CharField(
        _("held"), max_length=10, choices=MeetingMode.choices, default=MeetingMode.IN_PERSON
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online meeting link"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MeetingStatus.choices,
        default=MeetingStatus.SCHEDULED,
        db_index=True,
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendees"),
        blank=True,
        related_name="committee_meetings",
    )
    # The number of serving members when the meeting opened: the base of its quorum.
    members_count = models.PositiveIntegerField(_("serving members"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-number"]
        indexes = [
            # The meetings not yet closed: one or two among thousands, read by every list of
            # what waits for the committee (its undecided agenda items) and the next meeting.
            models.Index(
                fields=["id"],
                name="meeting_not_closed_idx",
                condition=~models.Q(status=MeetingStatus.CLOSED),
            ),
        ]

    def __str__(self):
        return _("Meeting no. %(number)s") % {"number": self.number}

    @property
    def is_open(self) -> bool:
        return self.status == MeetingStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == MeetingStatus.CLOSED


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    request = models.ForeignKey(
        SupportRequest,
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "request"], name="request_once_per_meeting")
        ]

    def __str__(self):
        return f"{self.meeting} — {self.request}"


class Opinion(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    DEFER = "defer", _("Defer for more information")
    ABSTAIN = "abstain", _("Abstains (conflict of interest)")


@keep_choices
class Vote(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opinion = models.CharField(_("opinion"), max_length=10, choices=Opinion.choices)
    conflict_of_interest = models.BooleanField(_("conflict of interest declared"), default=False)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="one_vote_per_member")
        ]

    def __str__(self):
        return f"{self.member}: {self.get_opinion_display()}"


class RejectionReason(BilingualName):
    """A managed list of the reasons a request is rejected for."""

    code = models.SlugField(_("code"), unique=True)

    class Meta:
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")
        ordering = ["pk"]


class Outcome(models.TextChoices):
    APPROVE = "approve", _("Approved")
    REJECT = "reject", _("Rejected")
    DEFER = "defer", _("Deferred to research")


class SupportKind(models.TextChoices):
    ONE_PAYMENT = "one_payment", _("Financial aid, one payment")
    INSTALMENTS = "instalments", _("Financial aid in instalments")
    IN_KIND = "in_kind", _("Support in kind")
    SERVICE = "service", _("A service (course, programme, sponsorship)")


@keep_choices
class Decision(models.Model):
    """The committee's decision on an agenda item, recorded by the chair. One per item: the
    one-to-one key refuses a second."""

    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    # Approval
    support_kind = models.CharField(
        _("kind of support"), max_length=15, choices=SupportKind.choices, blank=True
    )
    amount = amount_field(_("amount granted (SAR)"))
    instalments = models.PositiveSmallIntegerField(
        _("number of instalments"), null=True, blank=True
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True
    )
    conditions = models.TextField(_("conditions"), blank=True)
    # Rejection
    rejection_reason = models.ForeignKey(
        RejectionReason,
        verbose_name=_("reason"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    reason_text = models.TextField(_("explanation"), blank=True)
    # Deferral
    questions = models.TextField(_("questions for the researcher"), blank=True)
    # Tally when decided, for the minutes.
    votes_approve = models.PositiveSmallIntegerField(default=0)
    votes_reject = models.PositiveSmallIntegerField(default=0)
    votes_defer = models.PositiveSmallIntegerField(default=0)
    abstentions = models.PositiveSmallIntegerField(default=0)
    casting_vote = models.BooleanField(_("the chair broke a tie"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    # On time when decided on or before the request's decision date.
    within_deadline = models.BooleanField(_("within the deadline"), null=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at", "-pk"]
        constraints = [
            not_negative("amount"),
            in_range("instalments", 2, 60),
            in_range("duration_months", 1, 120),
        ]

    def __str__(self):
        return f"{self.item.request}: {self.get_outcome_display()}"

    @property
    def is_approval(self) -> bool:
        return self.outcome == Outcome.APPROVE

    @property
    def is_rejection(self) -> bool:
        return self.outcome == Outcome.REJECT

    @property
    def is_deferral(self) -> bool:
        return self.outcome == Outcome.DEFER


# The statuses in which the support handed over may be recorded; the delivery queue also lists
# delivered requests, to close them.
DELIVERABLE = frozenset({Status.APPROVED, Status.IN_DELIVERY})
DELIVERY_STATUSES = DELIVERABLE | {Status.DELIVERED}


def delivery_path(instance, filename):
    # The original name is kept in the row, never in the path.
    return f"deliveries/{timezone.now():%Y%m}/{instance.uuid}"


class DecisionTally(models.Model):
    """The committee's final decisions (approve or reject) counted by whether they came
    within the request's deadline: one row per `kind`, `on_time`, `late` or `undated` (the
    request had no deadline). `decision_record` adds to it in the decision's transaction;
    `committee.tally.decision_tally_rebuild` recounts it (bulk loads, a repair). The managers'
    home reads its rows instead of counting every decision ever made."""

    kind = models.CharField(primary_key=True, max_length=10)
    decisions = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.kind}: {self.decisions}"


class Delivery(models.Model):
    """The approved support handed over to the beneficiary."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.OneToOneField(
        SupportRequest, on_delete=models.PROTECT, related_name="delivery"
    )
    delivered_on = models.DateField(_("date of delivery"))
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delivered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_by_name = models.CharField(_("received by"), max_length=150, blank=True)
    amount_paid = amount_field(_("amount paid (SAR)"))
    service_given = models.TextField(_("service given"), blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to=delivery_path, max_length=255, blank=True
    )
    attachment_name = models.CharField(max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-delivered_on", "-pk"]
        constraints = [
            not_negative("amount_paid"),
        ]

    def __str__(self):
        return f"{self.request} — {self.delivered_on}"

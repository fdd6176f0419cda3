"""Support requests: the service catalogue, the request (the case), its status and timeline."""

import datetime
import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from beneficiaries.models import Beneficiary, Document, DocumentKind
from makin.audience import Audience
from makin.bilingual import in_language
from makin.channels import Channel
from makin.constraints import keep_choices, not_negative
from makin.fields import amount_field, optional_link
from makin.models import BilingualName


def _upload_path(folder: str, instance) -> str:
    # The original name is kept in the row, never in the path.
    return f"requests/{folder}/{timezone.now():%Y%m}/{uuid.uuid4()}"


def signed_form_path(instance, filename):
    return _upload_path("signed-forms", instance)


def research_attachment_path(instance, filename):
    return _upload_path("research", instance)


def staff_tool_path(instance, filename):
    return _upload_path("tools", instance)


class SignatureMethod(models.TextChoices):
    DRAWN = "drawn", _("typed name and drawn signature")
    TYPED = "typed", _("typed name and the signed statement")


class Service(BilingualName):
    """An entry of the service catalogue, managed by managers."""

    code = models.SlugField(_("code"), unique=True)
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    eligibility_ar = models.TextField(_("eligibility in Arabic"), blank=True)
    eligibility_en = models.TextField(_("eligibility in English"), blank=True)
    required_document_kinds = models.ManyToManyField(
        DocumentKind, verbose_name=_("required documents"), blank=True
    )
    needs_committee = models.BooleanField(_("the committee decides"), default=True)
    max_amount = amount_field(_("highest amount (SAR)"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["pk"]
        constraints = [
            not_negative("max_amount"),
        ]

    @property
    def description(self) -> str:
        return in_language(self.description_ar, self.description_en)

    @property
    def eligibility(self) -> str:
        return in_language(self.eligibility_ar, self.eligibility_en)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    INCOMPLETE = "incomplete", _("Incomplete")
    VERIFIED = "verified", _("Verified")
    IN_RESEARCH = "in_research", _("In social research")
    READY_FOR_COMMITTEE = "ready_for_committee", _("Ready for the committee")
    IN_COMMITTEE = "in_committee", _("Before the committee")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred for more information")
    IN_DELIVERY = "in_delivery", _("Being delivered")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")


# The staff queues' default order: requests waiting for the committee's answer by their
# deadline (overdue first, then the nearest), then the other open ones, then the finished ones;
# newest first within each. The lists are sorted because the indexes below hold these exact
# expressions, and PostgreSQL uses an index only for the expression written the same way.
QUEUE_WAITING = sorted(
    [
        Status.VERIFIED,
        Status.IN_RESEARCH,
        Status.READY_FOR_COMMITTEE,
        Status.IN_COMMITTEE,
        Status.DEFERRED,
    ]
)
QUEUE_FINISHED = sorted([Status.REJECTED, Status.CLOSED, Status.WITHDRAWN, Status.CANCELLED])
QUEUE_OPEN_NOT_WAITING = sorted(
    s for s in Status if s not in QUEUE_WAITING and s not in QUEUE_FINISHED and s != Status.DRAFT
)
QUEUE_OPEN = sorted(QUEUE_WAITING + QUEUE_OPEN_NOT_WAITING)
# Ready for the committee or before it: the committee's home and the agenda's candidates.
COMMITTEE_WAITING = sorted([Status.READY_FOR_COMMITTEE, Status.IN_COMMITTEE])
NO_DEADLINE_YET = datetime.date(9000, 1, 1)
FINISHED = datetime.date(9999, 12, 31)
QUEUE_DEADLINE = models.Case(
    models.When(
        status__in=QUEUE_WAITING,
        then=models.Func(
            models.F("decision_due"), models.Value(NO_DEADLINE_YET), function="COALESCE"
        ),
    ),
    models.When(status__in=QUEUE_OPEN_NOT_WAITING, then=models.Value(NO_DEADLINE_YET)),
    default=models.Value(FINISHED),
    output_field=models.DateField(),
)
NEGATIVE_ID = models.Func(models.F("id"), template="(-%(expressions)s)")


@keep_choices
class SupportRequest(models.Model):
    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("beneficiary"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.WEBSITE
    )
    details = models.TextField(_("details of the request"), blank=True)
    amount_requested = amount_field(_("amount asked (SAR)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("receiving officer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("social researcher"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="research_requests",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The request became complete (verified): the committee's answer is due 14 days later.
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    decision_due = models.DateField(_("decision due"), null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # One intake form, one request: a second POST of the same form (double click, back button,
    # two tabs) finds the row this token made instead of making another.
    intake_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # The declaration: signed on screen (typed name + drawn signature) or on paper (scanned).
    declaration_signed_at = models.DateTimeField(_("declaration signed at"), null=True, blank=True)
    declaration_version = models.CharField(_("declaration version"), max_length=10, blank=True)
    declaration_name = models.CharField(
        _("name typed in the declaration"), max_length=250, blank=True
    )
    declaration_ip = models.GenericIPAddressField(_("signed from address"), null=True, blank=True)
    # How the on-screen declaration was signed: the typed name with a drawing, or the typed
    # name with the ticked statement that it stands for a signature (no drawing needed).
    declaration_method = models.CharField(
        _("signed by"), max_length=10, choices=SignatureMethod.choices, blank=True
    )
    signature = models.TextField(_("signature"), blank=True)
    signed_form = models.FileField(
        _("scanned signed form"), upload_to=signed_form_path, max_length=255, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "decision_due"], name="request_queue_idx"),
            # The queues: by deadline (all requests, and the open ones the researcher sees),
            # newest and oldest first; the search by part of a reference number.
            models.Index(QUEUE_DEADLINE, NEGATIVE_ID, name="request_queue_due_idx"),
            models.Index(
                QUEUE_DEADLINE,
                NEGATIVE_ID,
                name="request_open_queue_due_idx",
                condition=models.Q(status__in=QUEUE_OPEN),
            ),
            models.Index(fields=["created_at", "id"], name="request_queue_created_idx"),
            # The researcher's queue and its count (their own open requests and the verified
            # ones nobody has taken) read from the index alone: 20 ms -> 3 ms at 280k requests.
            # With the deadline beside them, the researcher's home counts their open requests
            # by status and deadline from the index alone too (4.2 -> 1.9 ms for 8,241).
            models.Index(
                fields=["researcher", "status"],
                name="request_research_open_idx",
                include=["decision_due"],
                condition=models.Q(status__in=QUEUE_OPEN),
            ),
            # The committee's waiting list and the agenda's candidates, by deadline: a few
            # thousand rows, where the deadline index walked all 280k.
            models.Index(
                fields=["decision_due", "id"],
                name="request_committee_due_idx",
                condition=models.Q(status__in=COMMITTEE_WAITING),
            ),
            # The agenda's candidates a page at a time, by keyset on (deadline or "never", id):
            # the index walked in that order stops after a page instead of sorting thousands.
            models.Index(
                Coalesce("decision_due", models.Value(FINISHED)),
                "id",
                name="request_committee_keyset_idx",
                condition=models.Q(status__in=COMMITTEE_WAITING),
            ),
            GinIndex(
                fields=["reference"],
                name="request_reference_trgm",
                opclasses=["gin_trgm_ops"],
                fastupdate=False,
            ),
        ]
        constraints = [
            not_negative("amount_requested"),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("requests:detail", kwargs={"reference": self.reference})

    @property
    def owner_id(self):
        """The applicant's account, for the object rules."""
        return self.beneficiary.owner_id


@keep_choices
class StatusChange(models.Model):
    """One line of a request's timeline: who moved it, from what, to what, when and why."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="timeline")
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # What the system says about the move, as a code and its parameters, rendered in the
    # reader's language (`requests.timeline`); `note` is what a person typed, kept as typed.
    event = models.CharField(_("event"), max_length=40, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Who may read the entry's words (its event and note); the move itself is the status the
    # applicant sees on their request anyway.
    audience = models.CharField(
        _("who may read it"), max_length=10, choices=Audience.choices, default=Audience.STAFF
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.request}: {self.from_status} → {self.to_status}"

    @property
    def text(self) -> str:
        """The system's words about the move, in the active language."""
        from .timeline import event_text

        return event_text(self.event, self.params)

    @property
    def html(self):
        """The same words for a page (what people typed marked `dir="auto"`)."""
        from .timeline import event_html

        return event_html(self.event, self.params)

    @property
    def for_applicant(self) -> bool:
        return self.audience == Audience.APPLICANT


class MissingItem(models.Model):
    """One thing staff asked for when they marked a request incomplete: a document kind the
    service requires, or a free item they typed (a salary certificate). The applicant, or
    reception for a walk-in, answers it with a document of the person's file."""

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="missing_items"
    )
    kind = models.ForeignKey(
        DocumentKind,
        verbose_name=_("kind of document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    label = models.CharField(_("missing item"), max_length=200, blank=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now, editable=False)
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answered_items",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("missing item")
        verbose_name_plural = _("missing items")
        ordering = ["asked_at", "pk"]
        constraints = [
            # A required document kind or a free label, never both, never neither.
            models.CheckConstraint(
                condition=(models.Q(kind__isnull=False) & models.Q(label=""))
                | (models.Q(kind__isnull=True) & ~models.Q(label="")),
                name="requests_missingitem_kind_or_label",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The kind's name in the reader's language, or the label as staff typed it."""
        return self.kind.name if self.kind_id else self.label

    @property
    def is_answered(self) -> bool:
        return self.document_id is not None


class VisitKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    INTERVIEW = "interview", _("Interview at the office")
    PHONE = "phone", _("Phone interview")


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    PARTIAL = "partial", _("Approve in part")


@keep_choices
class ResearchReport(models.Model):
    """The social researcher's interview or home visit and recommendation to the committee."""

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="research_reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("researcher"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    visit_kind = models.CharField(_("kind of visit"), max_length=15, choices=VisitKind.choices)
    visit_date = models.DateField(_("date of the visit"))
    met_with = models.CharField(_("who was met"), max_length=200)
    findings = models.TextField(_("findings"))
    household_matches_file = models.BooleanField(_("the household matches the file"))
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices
    )
    proposed_support = models.TextField(_("proposed support"), blank=True)
    proposed_amount = amount_field(_("proposed amount (SAR)"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("research report")
        verbose_name_plural = _("research reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            not_negative("proposed_amount"),
        ]

    def __str__(self):
        return f"{self.request} — {self.get_visit_kind_display()}"


class ReferenceCounter(models.Model):
    """The last reference number given in each Hijri year (MK-1448-000123)."""

    year = models.PositiveIntegerField(primary_key=True)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self):
        return f"{self.year}: {self.value}"


@keep_choices
class ResearchDraft(models.Model):
    """A research report being written: what the researcher typed and the photos they chose,
    kept until they submit it (the report is then written from it and the draft removed).
    Every field may be empty; the submitted report is checked in full. One per researcher and
    request, seen only by its author."""

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="research_drafts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("researcher"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    visit_kind = models.CharField(
        _("kind of visit"), max_length=15, choices=VisitKind.choices, blank=True
    )
    visit_date = models.DateField(_("date of the visit"), null=True, blank=True)
    met_with = models.CharField(_("who was met"), max_length=200, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    household_matches_file = models.BooleanField(
        _("the household matches the file"), null=True, blank=True
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )
    proposed_support = models.TextField(_("proposed support"), blank=True)
    proposed_amount = amount_field(_("proposed amount (SAR)"))
    updated_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("research report draft")
        verbose_name_plural = _("research report drafts")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "author"], name="requests_research_draft_one_per_author"
            ),
            not_negative("proposed_amount"),
        ]

    def __str__(self):
        return f"{self.request} — {self.author}"


class ResearchAttachment(models.Model):
    """A photo or document the researcher attached to a research report, or chose while the
    report was a draft (stored once: submitting the report moves it from the draft)."""

    report = models.ForeignKey(
        ResearchReport,
        on_delete=models.CASCADE,
        related_name="attachments",
        null=True,
        blank=True,
    )
    draft = models.ForeignKey(
        ResearchDraft,
        on_delete=models.CASCADE,
        related_name="attachments",
        null=True,
        blank=True,
    )
    file = models.FileField(_("file"), upload_to=research_attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("research attachment")
        verbose_name_plural = _("research attachments")
        ordering = ["pk"]
        constraints = [
            # Of a report or of a draft, never both nor neither.
            models.CheckConstraint(
                condition=models.Q(report__isnull=False, draft__isnull=True)
                | models.Q(report__isnull=True, draft__isnull=False),
                name="requests_researchattachment_report_or_draft",
            ),
        ]

    def __str__(self):
        return self.original_name


class ContactKind(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    REQUEST = "request", _("About a request")
    FOLLOW_UP = "follow_up", _("Follow-up")
    COMPLAINT = "complaint", _("Complaint or suggestion")


@keep_choices
class ContactLog(models.Model):
    """One contact with a beneficiary or visitor on any of the policy's eight channels."""

    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    kind = models.CharField(
        _("kind of contact"),
        max_length=15,
        choices=ContactKind.choices,
        default=ContactKind.INQUIRY,
    )
    beneficiary = optional_link(Beneficiary, _("beneficiary"), "contacts")
    request = optional_link(SupportRequest, _("request"), "contacts")
    # A visitor without a file yet: who they are and how to reach them.
    visitor_name = models.CharField(_("visitor's name"), max_length=150, blank=True)
    visitor_phone = models.CharField(_("visitor's phone"), max_length=20, blank=True)
    summary = models.TextField(_("summary"))
    # Empty for a message the person sent in by SMS or WhatsApp (the portal logged it).
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contact log")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_channel_display()} — {self.created_at:%Y-%m-%d}"


class Referral(models.Model):
    """A question referred to the social researcher, and its answer."""

    contact = models.ForeignKey(
        ContactLog, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    beneficiary = optional_link(Beneficiary, _("beneficiary"), "referrals")
    request = optional_link(SupportRequest, _("request"), "referrals")
    question = models.TextField(_("question"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("social researcher"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("referred at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referral to the researcher")
        verbose_name_plural = _("referrals to the researcher")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.question[:60]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class ToolKind(models.TextChoices):
    BYLAWS = "bylaws", _("The association's bylaws")
    RESEARCH_GUIDE = "research_guide", _("Social-research services guide")
    SUPPORT_POLICY = "support_policy", _("Beneficiary support policy guide")
    REQUEST_FORM = "request_form", _("Support request form")
    OTHER = "other", _("Other")


@keep_choices
class StaffTool(BilingualName):
    """One of the beneficiary-relations officer's tools (bylaws, guides, the printed form)."""

    kind = models.CharField(_("kind"), max_length=20, choices=ToolKind.choices)
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    file = models.FileField(_("file"), upload_to=staff_tool_path, max_length=255, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=50, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("officer's tool")
        verbose_name_plural = _("officer's tools")
        ordering = ["pk"]


class TrackingAttempt(models.Model):
    """One look-up on the public tracking page, kept to limit guessing (database-based, so the
    limit holds across every web process)."""

    ip = models.GenericIPAddressField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["ip", "created_at"], name="tracking_ip_idx")]

    def __str__(self):
        return f"{self.ip} {self.created_at}"


class RequestCounts(models.Model):
    """The reports' request-side rollup, per period and (service, channel): requests submitted
    in the period (counted on the submission day) and requests completed in it (counted on the
    day they became complete). `request_transition` keeps it in step in the move's
    transaction; `requests.rollup.rollup_rebuild` recounts it from the requests. The period's
    key carries the counts (`include`), so the reports read a range from the key alone (an
    index-only scan) instead of fetching each row from wherever the table holds it."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    submitted = models.IntegerField(default=0)
    completed = models.IntegerField(default=0)

    class Meta:
        abstract = True


@keep_choices
class DailyRequests(RequestCounts):
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "service", "channel"],
                include=["submitted", "completed"],
                name="daily_requests_key",
            )
        ]

    def __str__(self):
        return f"{self.day} {self.service_id} {self.channel}"


@keep_choices
class MonthlyRequests(RequestCounts):
    month = models.DateField(help_text="The first day of the month.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "service", "channel"],
                include=["submitted", "completed"],
                name="monthly_requests_key",
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.service_id} {self.channel}"


class DecisionWaits(models.Model):
    """The histogram of days to a decision, per period of completion and (service, channel):
    how many requests completed in the period were decided after `days` days (started days:
    a decision 2 hours after completion waited 1 day, one 14 days later is still on time).
    The median and the decisions within 14 days are read from it, from the period's key alone
    (it carries `decided`)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    days = models.IntegerField()
    decided = models.IntegerField(default=0)

    class Meta:
        abstract = True


@keep_choices
class DailyDecisionWaits(DecisionWaits):
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "service", "channel", "days"],
                include=["decided"],
                name="daily_waits_key",
            )
        ]

    def __str__(self):
        return f"{self.day} {self.service_id} {self.channel} {self.days}"


@keep_choices
class MonthlyDecisionWaits(DecisionWaits):
    month = models.DateField(help_text="The first day of the month.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "service", "channel", "days"],
                include=["decided"],
                name="monthly_waits_key",
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.service_id} {self.channel} {self.days}"


class DecisionWaitTotals(models.Model):
    """The same histogram with every service and channel together, what the reports read when
    none is chosen: a row per period and days waited instead of one per service and channel
    besides. Kept and recounted with the histogram by (service, channel), in the same
    transaction."""

    days = models.IntegerField()
    decided = models.IntegerField(default=0)

    class Meta:
        abstract = True


class DailyDecisionWaitTotals(DecisionWaitTotals):
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "days"], include=["decided"], name="daily_wait_totals_key"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.days}"


class MonthlyDecisionWaitTotals(DecisionWaitTotals):
    month = models.DateField(help_text="The first day of the month.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "days"], include=["decided"], name="monthly_wait_totals_key"
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.days}"


class OpenRequests(models.Model):
    """The open requests counted by status, researcher and decision deadline: what the roles'
    homes show (by status, overdue and near due, without a researcher, everyone's or one
    researcher's) read from a few hundred rows instead of counting the open requests on every
    visit. `request_transition` and `request_assign_researcher` keep it in step in the move's
    transaction (`requests.open_counts.open_count_move`); `open_counts_rebuild` recounts it
    from the requests (the data migration, bulk loads, a repair)."""

    status = models.CharField(max_length=20)
    researcher_id = models.BigIntegerField(null=True)
    decision_due = models.DateField(null=True)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["status", "researcher_id", "decision_due"],
                name="open_requests_key",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.status} {self.researcher_id} {self.decision_due}: {self.n}"

"""Satisfaction surveys (versioned question sets, invitations, responses), complaints and
suggestions, and the daily rollup the managers' reports read."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from makin.audience import Audience
from makin.bilingual import in_language
from makin.channels import Channel
from makin.constraints import keep_choices
from makin.models import BilingualName


class Survey(BilingualName):
    """A questionnaire. Its questions live in versions; invitations use the newest published
    version of the active survey."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["pk"]


class SurveyVersion(models.Model):
    """A frozen set of questions once published: a response keeps the version it answered, and
    editing a published version makes a new draft version."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey version")
        verbose_name_plural = _("survey versions")
        ordering = ["survey", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="survey_version_unique")
        ]

    def __str__(self):
        return f"{self.survey} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Rating from 1 to 5")
    YES_NO = "yes_no", _("Yes or no")
    CHOICE = "choice", _("One choice from a list")
    TEXT = "text", _("Free text")


# The five points of every rating question, worst to best.
RATING_LABELS = {
    1: _("Very dissatisfied"),
    2: _("Dissatisfied"),
    3: _("Neutral"),
    4: _("Satisfied"),
    5: _("Very satisfied"),
}


@keep_choices
class Question(models.Model):
    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="questions")
    # Stable across versions, so that the reports follow one question through its versions.
    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text_ar = models.CharField(_("question in Arabic"), max_length=300)
    text_en = models.CharField(_("question in English"), max_length=300, blank=True)
    # For choice questions: one option per line, the same number of lines in both languages.
    choices_ar = models.TextField(_("options in Arabic"), blank=True)
    choices_en = models.TextField(_("options in English"), blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="question_code_unique")
        ]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        return in_language(self.text_ar, self.text_en)

    @property
    def options(self) -> list[str]:
        arabic = [line.strip() for line in self.choices_ar.splitlines() if line.strip()]
        english = [line.strip() for line in self.choices_en.splitlines() if line.strip()]
        # English options only when they pair one to one with the Arabic.
        return in_language(arabic, english if len(english) == len(arabic) else [])


@keep_choices
class Invitation(models.Model):
    """An invitation to answer the survey, reached by a single-use signed link that works
    without logging in. The link's secret part (`nonce`) is useless without the server's
    signature, so the row never holds a usable link."""

    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary",
        verbose_name=_("beneficiary"),
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    request = models.OneToOneField(
        "requests.SupportRequest",
        verbose_name=_("request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_invitation",
    )
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    service = models.ForeignKey(
        "requests.Service",
        verbose_name=_("service"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    nonce = models.CharField(max_length=40, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The response rate: invitations of a period, filtered by service and channel.
            models.Index(
                fields=["created_at"],
                name="invitation_rate_idx",
                include=["channel", "service", "answered_at"],
            ),
            models.Index(
                fields=["created_at"],
                name="invitation_reminder_idx",
                condition=models.Q(answered_at__isnull=True, reminded_at__isnull=True),
            ),
            # The reports' latest comments of a service, a channel or both, newest first.
            models.Index(
                fields=["service", "channel", "-answered_at"],
                name="invitation_combo_answer_idx",
                condition=models.Q(answered_at__isnull=False),
            ),
            models.Index(
                fields=["service", "-answered_at"],
                name="invitation_service_answer_idx",
                condition=models.Q(answered_at__isnull=False),
            ),
            models.Index(
                fields=["channel", "-answered_at"],
                name="invitation_channel_answer_idx",
                condition=models.Q(answered_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.beneficiary} — {self.created_at:%Y-%m-%d}"


class Response(models.Model):
    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    submitted_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["submitted_at"], name="response_submitted_idx")]

    def __str__(self):
        return f"{self.invitation} → {self.submitted_at:%Y-%m-%d}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    yes = models.BooleanField(null=True, blank=True)
    choice = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            # The written comments alone (a few answers in ten): the reports' latest comments
            # look each recent response up here instead of among all its answers.
            models.Index(
                fields=["response"], condition=~models.Q(text=""), name="answer_comment_idx"
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__range=(1, 5)),
                name="answer_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.response_id}/{self.question_id}"


def _period_key(*fields: str, name: str) -> models.UniqueConstraint:
    """A rollup's one row per period and key; no service or no staff member is a key too."""
    return models.UniqueConstraint(fields=list(fields), name=name, nulls_distinct=False)


class RollupKey(models.Model):
    """What the rollups count by besides the period (and the question): the channel, and the
    service and staff member where there are any."""

    channel = models.CharField(max_length=20, choices=Channel.choices)
    service = models.ForeignKey(
        "requests.Service", on_delete=models.CASCADE, null=True, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )

    class Meta:
        abstract = True


class AnswerCounts(RollupKey):
    """The reports' rollup: per period, question and (channel, service, staff member), how many
    answers of each rating and yes/no. `response_submit` keeps both rollups in step in the
    same transaction, so the reports read thousands of rows instead of millions of answers:
    whole months from the monthly table, the days at the edges of a range from the daily one."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    answers = models.PositiveIntegerField(default=0)
    r1 = models.PositiveIntegerField(default=0)
    r2 = models.PositiveIntegerField(default=0)
    r3 = models.PositiveIntegerField(default=0)
    r4 = models.PositiveIntegerField(default=0)
    r5 = models.PositiveIntegerField(default=0)
    yes = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


@keep_choices
class DailyAnswers(AnswerCounts):
    day = models.DateField()

    class Meta:
        constraints = [
            _period_key("day", "question", "channel", "service", "staff", name="daily_answers_key")
        ]

    def __str__(self):
        return f"{self.day} {self.question_id}"


@keep_choices
class MonthlyAnswers(AnswerCounts):
    month = models.DateField(help_text="The first day of the month.")

    class Meta:
        constraints = [
            _period_key(
                "month", "question", "channel", "service", "staff", name="monthly_answers_key"
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.question_id}"


class Facet(models.TextChoices):
    """What one row of the facet rollups counts by: one of the report's groupings."""

    QUESTION = "question"
    CHANNEL = "channel"
    SERVICE = "service"
    STAFF = "staff"


class FacetCounts(models.Model):
    """The answer rollups summed over all but one of their keys: per period, the counts of
    each question, of each channel, of each service and of each staff member, each as rows of
    its own facet. The unfiltered report groups these few rows (a row per key of a facet per
    period) instead of every combination of question, channel, service and staff member.
    `rollup_add` keeps them in step with `AnswerCounts` in the same transaction; the key of
    the other facets is empty (NULL), as no service or no staff member is."""

    facet = models.CharField(max_length=10, choices=Facet.choices)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, related_name="+")
    # NULL, not "": no key of this facet, like the other facets' empty keys.
    channel = models.CharField(max_length=20, choices=Channel.choices, null=True)  # noqa: DJ001
    service = models.ForeignKey(
        "requests.Service", on_delete=models.CASCADE, null=True, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    answers = models.PositiveIntegerField(default=0)
    r1 = models.PositiveIntegerField(default=0)
    r2 = models.PositiveIntegerField(default=0)
    r3 = models.PositiveIntegerField(default=0)
    r4 = models.PositiveIntegerField(default=0)
    r5 = models.PositiveIntegerField(default=0)
    yes = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


@keep_choices
class DailyFacets(FacetCounts):
    day = models.DateField()

    class Meta:
        constraints = [
            _period_key(
                "day", "facet", "question", "channel", "service", "staff", name="daily_facets_key"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.facet}"


@keep_choices
class MonthlyFacets(FacetCounts):
    month = models.DateField(help_text="The first day of the month.")

    class Meta:
        constraints = [
            _period_key(
                "month",
                "facet",
                "question",
                "channel",
                "service",
                "staff",
                name="monthly_facets_key",
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.facet}"


class InvitationCounts(RollupKey):
    """The response rate's rollup: invitations sent per period of sending and (channel,
    service, staff member), and how many of them were answered (counted on the day the
    invitation was sent, so the rate is "answered among those sent in the period")."""

    sent = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


@keep_choices
class DailyInvitations(InvitationCounts):
    day = models.DateField()

    class Meta:
        constraints = [
            _period_key("day", "channel", "service", "staff", name="daily_invitations_key")
        ]

    def __str__(self):
        return f"{self.day} {self.channel}"


@keep_choices
class MonthlyInvitations(InvitationCounts):
    month = models.DateField(help_text="The first day of the month.")

    class Meta:
        constraints = [
            _period_key("month", "channel", "service", "staff", name="monthly_invitations_key")
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.channel}"


class FeedbackKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")


class FeedbackStatus(models.TextChoices):
    """Where a complaint or suggestion stands; `surveys.workflow.MOVES` says how it moves."""

    OPEN = "open", _("Received")
    IN_PROGRESS = "in_progress", _("Being handled")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed without a reply")


@keep_choices
class Feedback(models.Model):
    """A complaint or a suggestion, from the public form (anonymous allowed) or an applicant's
    account, tracked to its resolution and a reply to the person."""

    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=FeedbackKind.choices)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("details"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    mobile = models.CharField(_("mobile number"), max_length=16, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.WEBSITE
    )
    # A keyed hash of the sender's address, only to limit how often one address may write.
    source_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=FeedbackStatus.choices, default=FeedbackStatus.OPEN
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reply = models.TextField(_("reply to the person"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint or suggestion")
        verbose_name_plural = _("complaints and suggestions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="feedback_queue_idx")]

    def __str__(self):
        return self.reference

    @property
    def owner_id(self):
        return self.user_id

    @property
    def closed_without_reply(self) -> bool:
        return self.status == FeedbackStatus.CLOSED

    @property
    def time_to_resolve(self):
        return self.resolved_at - self.created_at if self.resolved_at else None


@keep_choices
class FeedbackChange(models.Model):
    """One line of a complaint's history: who moved it, from what, to what, when, and the note
    they wrote. The note is staff's own; the person who wrote in sees only the statuses."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("from"), max_length=12, choices=FeedbackStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=FeedbackStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    # Who may read the note: staff only, for every note staff write.
    audience = models.CharField(
        _("who may read it"), max_length=10, choices=Audience.choices, default=Audience.STAFF
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("complaint status change")
        verbose_name_plural = _("complaint status changes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.feedback}: {self.from_status} → {self.to_status}"


class ReportExportState(models.TextChoices):
    QUEUED = "queued", _("Waiting for its turn")
    RUNNING = "running", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be made")


def _report_export_path(export, filename: str) -> str:
    return f"report-exports/{export.pk}.pdf"


@keep_choices
class ReportExport(models.Model):
    """A reports PDF made by the worker for the manager who asked for it. Only that person may
    follow and download it (while they hold the reports' capability); the file is kept in the
    private media folder and deleted with its row after MAKIN_REPORT_EXPORT_HOURS."""

    State = ReportExportState

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The report's filter: start and end (ISO dates), service (its key or null), channel,
    # calendar; and the language the manager asked in.
    filter = models.JSONField()
    language = models.CharField(max_length=10)
    state = models.CharField(
        max_length=10, choices=ReportExportState.choices, default=ReportExportState.QUEUED
    )
    file = models.FileField(upload_to=_report_export_path, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reports PDF")
        verbose_name_plural = _("reports PDFs")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.pk)

    # Still not made after this long, it is taken as failed (its worker was lost).
    PATIENCE = datetime.timedelta(minutes=15)

    @property
    def is_working(self) -> bool:
        """Queued or being made, and not yet given up on."""
        return (
            self.state
            in (
                ReportExportState.QUEUED,
                ReportExportState.RUNNING,
            )
            and self.created_at >= timezone.now() - self.PATIENCE
        )

    @property
    def has_failed(self) -> bool:
        return self.state == ReportExportState.FAILED or (
            self.state != ReportExportState.READY and not self.is_working
        )

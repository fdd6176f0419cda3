"""Support requests: the service catalogue, the request (the case), its status and timeline."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from beneficiaries.models import Beneficiary, DocumentKind
from makin.channels import Channel
from makin.models import BilingualName


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
    max_amount = models.DecimalField(
        _("highest amount (SAR)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["pk"]


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
    amount_requested = models.DecimalField(
        _("amount asked (SAR)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
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

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "decision_due"], name="request_queue_idx")]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("requests:detail", kwargs={"reference": self.reference})

    @property
    def owner_id(self):
        """The applicant's account, for the object rules."""
        return self.beneficiary.owner_id


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
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.request}: {self.from_status} → {self.to_status}"


class VisitKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    INTERVIEW = "interview", _("Interview at the office")
    PHONE = "phone", _("Phone interview")


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    PARTIAL = "partial", _("Approve in part")


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
    proposed_amount = models.DecimalField(
        _("proposed amount (SAR)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("research report")
        verbose_name_plural = _("research reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.request} — {self.get_visit_kind_display()}"

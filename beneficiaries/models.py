"""The beneficiary's file: identity, contact, national address, situation, bank account,
household and documents, each verified by staff."""

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from makin.channels import Channel
from makin.constraints import keep_choices, not_negative
from makin.models import BilingualName
from makin.validators import validate_national_id, validate_saudi_mobile


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Single")
    MARRIED = "married", _("Married")
    DIVORCED = "divorced", _("Divorced")
    WIDOWED = "widowed", _("Widowed")


class Housing(models.TextChoices):
    OWNED = "owned", _("Owned")
    RENTED = "rented", _("Rented")
    WITH_FAMILY = "with_family", _("With family")


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("Not verified yet")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


def _verification_status() -> models.CharField:
    """Where staff's check of a document or a part of the file stands."""
    return models.CharField(
        _("verification"),
        max_length=10,
        choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
    )


def _verifier(**options) -> models.ForeignKey:
    """Who checked it; the record stays if their account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        **options,
    )


class BeneficiaryCategory(BilingualName):
    """A managed list: Quran teacher, memoriser or student, guardian, other."""

    code = models.SlugField(_("code"), unique=True)

    class Meta:
        verbose_name = _("beneficiary category")
        verbose_name_plural = _("beneficiary categories")
        ordering = ["pk"]


class DocumentKind(BilingualName):
    """A managed list: ID copy, family record, income proof, lease, IBAN certificate, teaching
    licence, other."""

    code = models.SlugField(_("code"), unique=True)
    has_expiry = models.BooleanField(_("has an expiry date"), default=False)

    class Meta:
        verbose_name = _("document kind")
        verbose_name_plural = _("document kinds")
        ordering = ["pk"]


digits = RegexValidator(r"^\d+$", _("Enter digits only."))


class MessageMedium(models.TextChoices):
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


@keep_choices
class Beneficiary(models.Model):
    # Identity
    national_id = models.CharField(
        _("ID number"), max_length=10, unique=True, validators=[validate_national_id]
    )
    id_expiry = models.DateField(_("ID expiry date"))
    first_name = models.CharField(_("first name"), max_length=50)
    father_name = models.CharField(_("father's name"), max_length=50)
    grandfather_name = models.CharField(_("grandfather's name"), max_length=50)
    family_name = models.CharField(_("family name"), max_length=50)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    # The four-part name, Arabic-normalised, for duplicate detection and search.
    name_normalized = models.CharField(max_length=250, editable=False, default="")
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    nationality = models.CharField(_("nationality"), max_length=60, default="السعودية")
    marital_status = models.CharField(
        _("marital status"), max_length=10, choices=MaritalStatus.choices, blank=True
    )
    # Contact
    mobile = PhoneNumberField(
        _("mobile number"), region="SA", validators=[validate_saudi_mobile], db_index=True
    )
    phone2 = PhoneNumberField(_("second phone"), region="SA", blank=True)
    # How short messages reach the person; WhatsApp only with their consent, recorded when given.
    preferred_medium = models.CharField(
        _("messages by"),
        max_length=10,
        choices=MessageMedium.choices,
        default=MessageMedium.SMS,
    )
    whatsapp_consented_at = models.DateTimeField(
        _("consented to WhatsApp messages at"), null=True, blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    # Saudi national address
    building_number = models.CharField(
        _("building number"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("The building number is 4 digits."))],
    )
    street = models.CharField(_("street"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    city = models.CharField(_("city"), max_length=60, default="ينبع")
    postal_code = models.CharField(
        _("postal code"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("The postal code is 5 digits."))],
    )
    additional_number = models.CharField(
        _("additional number"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("The additional number is 4 digits."))],
    )
    # Situation
    category = models.ForeignKey(
        BeneficiaryCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    employment = models.CharField(_("employment"), max_length=100, blank=True)
    housing = models.CharField(_("housing"), max_length=15, choices=Housing.choices, blank=True)
    rent_amount = models.DecimalField(
        _("monthly rent (SAR)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    health_notes = models.TextField(_("health notes"), blank=True)
    # Bank account for financial support
    iban = models.CharField(_("IBAN"), max_length=24, blank=True)
    # Who and how
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("online account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="beneficiary",
    )
    registered_via = models.CharField(
        _("registered via"), max_length=20, choices=Channel.choices, default=Channel.WEBSITE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Consent to the privacy notice, before anything is saved
    consent_version = models.CharField(_("privacy notice version"), max_length=20)
    consented_at = models.DateTimeField(_("consented at"))
    # A duplicate merged into another file stays, read-only, pointing at the file kept.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_files",
    )
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # pg_trgm: ILIKE '%part%' and word similarity on the normalised name. No pending
            # list (fastupdate off): after a bulk load every search would scan it.
            GinIndex(
                fields=["name_normalized"],
                name="beneficiary_name_trgm",
                opclasses=["gin_trgm_ops"],
                fastupdate=False,
            ),
            models.Index(fields=["birth_date"], name="beneficiary_birth_date_idx"),
            # A name search's order (name, id) among the files not merged: the page's 25 are
            # read walking it, the name checked in the index itself (an index-only scan),
            # instead of fetching and sorting every file that contains a common word.
            models.Index(
                fields=["name_normalized", "id"],
                name="beneficiary_name_order_idx",
                condition=models.Q(merged_into__isnull=True),
            ),
        ]
        permissions = [
            ("verify_beneficiary", _("Can verify the file's data and documents")),
            ("review_duplicates", _("Can mark possible duplicates distinct or merge them")),
            ("invite_beneficiary", _("Can invite a walk-in beneficiary to an online account")),
            ("view_beneficiary_history", _("Can read the history of a file")),
        ]
        constraints = [
            not_negative("rent_amount"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("beneficiaries:staff_file", kwargs={"pk": self.pk})

    @property
    def full_name(self) -> str:
        return " ".join(
            p
            for p in (self.first_name, self.father_name, self.grandfather_name, self.family_name)
            if p
        )

    def id_valid_on(self, day) -> bool:
        return self.id_expiry >= day

    @property
    def message_medium(self) -> str:
        """The medium the person chose, WhatsApp only while their consent is on record."""
        if self.preferred_medium == MessageMedium.WHATSAPP and self.whatsapp_consented_at:
            return MessageMedium.WHATSAPP
        return MessageMedium.SMS


class IncomeSource(models.Model):
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="incomes")
    source = models.CharField(_("source"), max_length=100)
    monthly_amount = models.DecimalField(
        _("monthly amount (SAR)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("income source")
        verbose_name_plural = _("income sources")
        constraints = [
            not_negative("monthly_amount"),
        ]

    def __str__(self):
        return f"{self.source}: {self.monthly_amount}"


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    SON = "son", _("Son")
    DAUGHTER = "daughter", _("Daughter")
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    BROTHER = "brother", _("Brother")
    SISTER = "sister", _("Sister")
    OTHER = "other", _("Other")


@keep_choices
class HouseholdMember(models.Model):
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="household")
    name = models.CharField(_("name"), max_length=150)
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    national_id = models.CharField(
        _("ID number"), max_length=10, blank=True, validators=[validate_national_id]
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    education = models.CharField(_("education"), max_length=100, blank=True)
    monthly_income = models.DecimalField(
        _("monthly income (SAR)"),
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    health_notes = models.CharField(_("health"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["pk"]
        constraints = [
            not_negative("monthly_income"),
        ]

    def __str__(self):
        return self.name


def document_path(instance, filename):
    # The original name is kept in the row, never in the path.
    return f"documents/{instance.beneficiary_id}/{timezone.now():%Y%m}/{instance.uuid}"


@keep_choices
class Document(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="documents")
    kind = models.ForeignKey(DocumentKind, verbose_name=_("kind"), on_delete=models.PROTECT)
    file = models.FileField(_("file"), upload_to=document_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    # What the document is, when its kind does not say (a document of kind "other" sent for an
    # item staff asked for by name); shown as typed.
    title = models.CharField(_("title"), max_length=200, blank=True)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    status = _verification_status()
    rejection_reason = models.CharField(_("reason for rejection"), max_length=300, blank=True)
    verified_by = _verifier(blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.name} — {self.original_name}"

    @property
    def name(self) -> str:
        """The kind's name, with the document's title when it has one."""
        return f"{self.kind.name}: {self.title}" if self.title else self.kind.name

    def is_valid_on(self, day) -> bool:
        return self.expiry_date is None or self.expiry_date >= day


class FieldGroup(models.TextChoices):
    IDENTITY = "identity", _("Identity")
    CONTACT = "contact", _("Contact")
    ADDRESS = "address", _("National address")
    SITUATION = "situation", _("Situation and income")
    BANK = "bank", _("Bank account")
    HOUSEHOLD = "household", _("Household")


@keep_choices
class FieldGroupVerification(models.Model):
    """Staff's check of one group of the file's fields."""

    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="verifications"
    )
    group = models.CharField(_("part of the file"), max_length=15, choices=FieldGroup.choices)
    status = _verification_status()
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    verified_by = _verifier()
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "group"], name="one_verification_per_group"
            )
        ]

    def __str__(self):
        return f"{self.get_group_display()}: {self.get_status_display()}"


@keep_choices
class FileAccess(models.Model):
    """One staff view of a file or of its documents: who, when, what. Written, never edited."""

    class Action(models.TextChoices):
        FILE = "file", _("Opened the file")
        DOCUMENT = "document", _("Opened a document")
        HISTORY = "history", _("Read the history")
        EXPORT = "export", _("Downloaded the data")
        # A file's papers kept by the requests: through the same door as its documents.
        SIGNED_FORM = "form", _("Opened the scanned signed form")
        ATTACHMENT = "attachment", _("Opened a research attachment")
        DELIVERY = "delivery", _("Opened a delivery receipt")

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("file access")
        verbose_name_plural = _("file accesses")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("To review")
    DISTINCT = "distinct", _("Different people")
    MERGED = "merged", _("Merged")


@keep_choices
class DuplicateCandidate(models.Model):
    """Two files that look like the same person, created anyway. Staff decide: distinct, or
    merged into one; never silently."""

    file = models.ForeignKey(
        Beneficiary, verbose_name=_("file"), on_delete=models.CASCADE, related_name="+"
    )
    other = models.ForeignKey(
        Beneficiary, verbose_name=_("similar file"), on_delete=models.CASCADE, related_name="+"
    )
    similarity = models.FloatField(_("name similarity"))
    same_mobile = models.BooleanField(_("same mobile"), default=False)
    same_birth_date = models.BooleanField(_("same birth date"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN
    )
    found_at = models.DateTimeField(_("found at"), default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["found_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["file", "other"], name="one_candidate_per_pair"),
            models.CheckConstraint(
                condition=models.Q(file__lt=models.F("other")), name="candidate_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "found_at"], name="duplicate_queue_idx")]

    def __str__(self):
        return f"{self.file_id} ~ {self.other_id}"


class ActivationInvite(models.Model):
    """A single-use link that lets a walk-in beneficiary open an online account for the file
    reception already holds."""

    token = models.CharField(max_length=64, unique=True)
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="activation_invites"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("activation invitation")
        verbose_name_plural = _("activation invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.beneficiary_id} {self.created_at:%Y-%m-%d}"

    def is_usable(self, now) -> bool:
        return self.used_at is None and self.expires_at > now

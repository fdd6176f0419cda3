from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from .bilingual import in_language
from .constraints import keep_choices
from .roles import ROLE_PRECEDENCE, STAFF_ROLES, Role
from .validators import validate_national_id


class CalendarFirst(models.TextChoices):
    """Which calendar a person reads first in lists and exports (pages and PDFs show both)."""

    GREGORIAN = "gregorian", _("Gregorian first")
    HIJRI = "hijri", _("Hijri first")


# The attribute the log-in backend gives a user read with their groups' names
# (`makin.backends.IdentifierBackend.get_user`), so that a page costs no query for the roles.
ROLE_NAMES = "role_names"


@keep_choices
class User(AbstractUser):
    """A person who logs in. Applicants log in with their ID number (also kept as their
    username), staff with a username."""

    national_id = models.CharField(
        _("ID number"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_national_id],
        help_text=_("National ID or iqama number, 10 digits."),
    )
    mobile = PhoneNumberField(_("mobile number"), blank=True, region="SA")
    language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("ar", _("Arabic")), ("en", _("English"))],
        default="ar",
    )
    calendar_first = models.CharField(
        _("calendar shown first"),
        max_length=10,
        choices=CalendarFirst.choices,
        default=CalendarFirst.GREGORIAN,
        help_text=_("Dates in lists, CSV and Excel files show this calendar first."),
    )
    is_committee_chair = models.BooleanField(
        _("committee chair"),
        default=False,
        help_text=_("The chair opens and closes meetings and records decisions."),
    )
    # Raised to end every session of the person at once (their second factor was reset).
    sessions_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret=None):
        """Django ends a session whose hash no longer matches (a new password does that); the
        epoch too, so raising it ends every session. Epoch 0 gives Django's own hash, so
        existing sessions live on."""
        if not self.sessions_epoch:
            return super()._get_session_auth_hash(secret=secret)
        key_salt = "makin.models.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.sessions_epoch}", secret=secret, algorithm="sha256"
        ).hexdigest()

    @cached_property
    def roles(self) -> frozenset[Role]:
        """The person's roles, read once per request from their groups: with the person
        themselves when the log-in backend read them so (`role_names`), else by a query."""
        names = getattr(self, ROLE_NAMES, None)
        names = {g.name for g in self.groups.all()} if names is None else set(names)
        if self.is_superuser:
            names.add(Role.ADMIN)
        return frozenset(Role(n) for n in names if n in Role.values)

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def primary_role(self) -> Role | None:
        return next((r for r in ROLE_PRECEDENCE if r in self.roles), None)

    @property
    def is_portal_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)


class BilingualName(models.Model):
    """A managed list entry (document kinds, categories, services...) named in both languages."""

    name_ar = models.CharField(_("name in Arabic"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_ar, self.name_en)


class Notification(models.Model):
    """A message to one person about one event, written in their language when the event
    happened. It is listed in the portal and sent through its deliveries (e-mail, SMS).
    The key names the event: one person gets one message per key, whatever retries happen.
    A person without an account (a walk-in beneficiary, an anonymous complainant) has no
    `user`: their message is only sent, and its key alone is unique."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("person"),
        null=True,
        blank=True,
    )
    event = models.CharField(_("event"), max_length=64)
    key = models.CharField(_("idempotency key"), max_length=200)
    language = models.CharField(_("language"), max_length=5)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_event"),
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(user__isnull=True),
                name="notification_once_per_event_without_account",
            ),
        ]
        indexes = [
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            )
        ]

    def __str__(self):
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")


@keep_choices
class Delivery(models.Model):
    """Sending one notification through one medium. It stays pending until the medium accepts
    it, is tried again with growing pauses, and is marked failed (kept, never dropped) after
    the last attempt, or at once when the provider refuses it for good. The provider's
    receipt then moves a sent SMS or WhatsApp message to delivered, or to failed with its
    reason, matched by the provider's message id."""

    class Medium(models.TextChoices):
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")

    State = DeliveryState  # module level, so that Meta's index can name a state

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    medium = models.CharField(_("medium"), max_length=8, choices=Medium.choices)
    address = models.CharField(_("address"), max_length=254)
    text = models.TextField(_("text"))
    # A document made when the message is sent ("kind:argument", see makin.notifications).
    attachment = models.CharField(_("attachment"), max_length=100, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    # WhatsApp: the approved template that carries `text`; empty for a free-text reply.
    template = models.CharField(_("template"), max_length=64, blank=True)
    provider_message_id = models.CharField(_("provider's message id"), max_length=128, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "medium"], name="delivery_once_per_medium"
            ),
            models.UniqueConstraint(
                fields=["medium", "provider_message_id"],
                condition=~models.Q(provider_message_id=""),
                name="delivery_provider_message_id_unique",
            ),
        ]
        indexes = [
            # A file's messages by its mobile, newest first (the file page).
            models.Index(fields=["address", "id"], name="delivery_address_idx"),
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(state=DeliveryState.PENDING),
                name="delivery_pending_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_medium_display()} #{self.notification_id}"


@keep_choices
class SecondFactorEvent(models.Model):
    """The audit record of a person's second factor: enrolled, or reset by an administrator."""

    class Action(models.TextChoices):
        ENROLLED = "enrolled", _("enrolled")
        RESET = "reset", _("reset by an administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="second_factor_events",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("second factor event")
        verbose_name_plural = _("second factor events")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user} {self.action} {self.created_at:%Y-%m-%d %H:%M}"


class RateLimitAttempt(models.Model):
    """One counted attempt at something strangers may try (sign-up, password reset), kept in the
    database so the limit holds across every web process. The key is a digest of the address
    or the target (an ID number, an e-mail address), never the value itself."""

    scope = models.CharField(max_length=30)
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["scope", "key", "created_at"], name="rate_limit_key_idx"),
            models.Index(fields=["created_at"], name="rate_limit_created_idx"),
        ]

    def __str__(self):
        return f"{self.scope} {self.created_at:%Y-%m-%d %H:%M}"


class Session(AbstractBaseSession):
    """The portal's sessions (`makin.sessions`): Django's, with the signed-in person's id kept
    beside the data when the session is saved, so that each request reads the session, the
    person and their roles in one query. Deleting a person deletes their sessions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        # A session saved for a person deleted at that moment must not fail to save: the
        # person is read by a left join, and a session whose person is gone signs nobody in.
        db_constraint=False,
        related_name="+",
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "makin_session"

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from beneficiaries.models import Beneficiary
from requests.models import ContactLog


class Provider(models.TextChoices):
    TAQNYAT = "taqnyat", _("SMS (Taqnyat)")
    WHATSAPP = "whatsapp", _("WhatsApp")


class InboxState(models.TextChoices):
    UNREAD = "unread", _("unread")
    READ = "read", pgettext_lazy("message state", "read")
    DISCARDED = "discarded", _("discarded")


class InboundMessage(models.Model):
    """A message a person sent to the association by SMS or WhatsApp. From a known mobile it
    is logged at once on that person's file (`contact`); from an unknown one it waits in the
    desk's inbox until staff attach it to a file or discard it. The provider's message id is
    unique, so a webhook delivered twice stores the message once."""

    provider = models.CharField(_("provider"), max_length=10, choices=Provider.choices)
    provider_message_id = models.CharField(_("provider's message id"), max_length=128)
    sender = models.CharField(_("from"), max_length=20)
    text = models.TextField(_("text"))
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("beneficiary"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inbound_messages",
    )
    contact = models.OneToOneField(
        ContactLog,
        verbose_name=_("contact-log entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inbound_message",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=InboxState.choices, default=InboxState.UNREAD
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        verbose_name = _("incoming message")
        verbose_name_plural = _("incoming messages")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_message_id"], name="inbound_message_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["received_at"],
                condition=models.Q(state="unread"),
                name="inbound_unread_idx",
            )
        ]

    def __str__(self):
        return f"{self.get_provider_display()} {self.received_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("messaging:detail", kwargs={"pk": self.pk})

    @property
    def is_unread(self) -> bool:
        return self.state == InboxState.UNREAD

    @property
    def is_discarded(self) -> bool:
        return self.state == InboxState.DISCARDED

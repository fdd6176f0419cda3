"""Messages coming in from the providers, and the desk's work on them. Every write is here:
the webhooks and the inbox pages only call these."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries.models import Beneficiary
from makin.channels import Channel
from makin.models import Delivery
from makin.notifications import text_send
from makin.rules import require
from makin.validators import validate_saudi_mobile
from requests.models import ContactKind, ContactLog

from .models import InboundMessage, InboxState, Provider

logger = logging.getLogger(__name__)

# The policy's channel for each provider: a text message is the phone channel, WhatsApp is
# social media.
CHANNEL = {Provider.TAQNYAT: Channel.PHONE, Provider.WHATSAPP: Channel.SOCIAL_MEDIA}
# The medium that answers a message, by the provider it came through.
REPLY_MEDIUM = {Provider.TAQNYAT: Delivery.Medium.SMS, Provider.WHATSAPP: Delivery.Medium.WHATSAPP}


class NotSaudiNumber(ValueError):
    """The sender's number is not a Saudi mobile."""


def saudi_mobile(number: str) -> str:
    """966551234567, +966551234567 or 0551234567 → +966551234567; anything else raises
    NotSaudiNumber."""
    digits = "".join(c for c in number if c.isdigit())
    if digits.startswith("00"):
        digits = digits[2:]
    candidate = "+" + digits if digits.startswith("966") else digits
    try:
        validate_saudi_mobile(candidate)
    except ValidationError:
        raise NotSaudiNumber from None
    return "+966" + digits[-9:]


def _known_file(mobile: str) -> Beneficiary | None:
    """The one open file with this mobile; none when no file or several files have it."""
    files = list(Beneficiary.objects.filter(mobile=mobile, merged_into__isnull=True)[:2])
    return files[0] if len(files) == 1 else None


def _log_contact(*, message: InboundMessage, beneficiary: Beneficiary, officer) -> ContactLog:
    return ContactLog.objects.create(
        channel=CHANNEL[message.provider],
        kind=ContactKind.FOLLOW_UP,
        beneficiary=beneficiary,
        summary=message.text,
        officer=officer,
        created_at=message.received_at,
    )


def inbound_receive(
    *, provider: str, provider_message_id: str, sender: str, text: str
) -> tuple[InboundMessage | None, bool]:
    """Store a message a person sent; (message, True) the first time, (message, False) for a
    replay of the same provider id. From a known mobile it is logged on the person's file at
    once. A number that is not a Saudi mobile raises NotSaudiNumber and nothing is stored."""
    mobile = saudi_mobile(sender)
    existing = InboundMessage.objects.filter(
        provider=provider, provider_message_id=provider_message_id
    ).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            message = InboundMessage.objects.create(
                provider=provider,
                provider_message_id=provider_message_id,
                sender=mobile,
                text=text,
            )
            beneficiary = _known_file(mobile)
            if beneficiary is not None:
                message.beneficiary = beneficiary
                message.contact = _log_contact(
                    message=message, beneficiary=beneficiary, officer=None
                )
                message.save(update_fields=["beneficiary", "contact"])
    except IntegrityError:  # the same message, stored by a concurrent delivery of the hook
        return InboundMessage.objects.get(
            provider=provider, provider_message_id=provider_message_id
        ), False
    return message, True


def _locked(message: InboundMessage) -> InboundMessage:
    return InboundMessage.objects.select_for_update().get(pk=message.pk)


def _handled(message: InboundMessage, actor, state: str) -> None:
    message.state = state
    message.handled_by = actor
    message.handled_at = timezone.now()


@transaction.atomic
def inbound_mark_read(*, message: InboundMessage, actor) -> InboundMessage:
    require(actor, "messaging.handle_message")
    message = _locked(message)
    if message.state == InboxState.UNREAD:
        _handled(message, actor, InboxState.READ)
        message.save(update_fields=["state", "handled_by", "handled_at"])
    return message


@transaction.atomic
def inbound_attach(*, message: InboundMessage, beneficiary: Beneficiary, actor) -> InboundMessage:
    """Staff recognised the sender: the message goes on that person's file, as a contact."""
    require(actor, "messaging.handle_message")
    message = _locked(message)
    if message.beneficiary_id is not None:
        raise ValidationError(_("This message is already on a file."), code="on_file")
    if message.state == InboxState.DISCARDED:
        raise ValidationError(_("This message was discarded."), code="discarded")
    message.beneficiary = beneficiary
    message.contact = _log_contact(message=message, beneficiary=beneficiary, officer=actor)
    _handled(message, actor, InboxState.READ)
    message.save()
    return message


@transaction.atomic
def inbound_discard(*, message: InboundMessage, actor) -> InboundMessage:
    """A message from an unknown number that belongs to no file (a wrong number, spam)."""
    require(actor, "messaging.handle_message")
    message = _locked(message)
    if message.beneficiary_id is not None:
        raise ValidationError(_("A message on a file cannot be discarded."), code="on_file")
    _handled(message, actor, InboxState.DISCARDED)
    message.save(update_fields=["state", "handled_by", "handled_at"])
    return message


@transaction.atomic
def inbound_reply(*, message: InboundMessage, text: str, actor) -> InboundMessage:
    """Answer the person through the medium they wrote on; on their file, the answer is
    logged as a contact too. Answering marks the message read."""
    require(actor, "messaging.handle_message")
    message = _locked(message)
    if message.state == InboxState.DISCARDED:
        raise ValidationError(_("This message was discarded."), code="discarded")
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the reply first."), code="empty_reply")
    beneficiary = message.beneficiary
    text_send(
        user=beneficiary.owner if beneficiary and beneficiary.owner_id else None,
        mobile=message.sender,
        medium=REPLY_MEDIUM[message.provider],
        text=text,
    )
    if beneficiary is not None:
        ContactLog.objects.create(
            channel=CHANNEL[message.provider],
            kind=ContactKind.FOLLOW_UP,
            beneficiary=beneficiary,
            summary=text,
            officer=actor,
        )
    if message.state == InboxState.UNREAD:
        _handled(message, actor, InboxState.READ)
        message.save(update_fields=["state", "handled_by", "handled_at"])
    return message

"""Sending SMS. A backend is a class with `send(to, text)`; the setting MAKIN_SMS_BACKEND names
the one in use. Development prints messages on the console, the tests keep them in memory.

`makin.sms_gateway.TaqnyatSmsBackend` sends through a Saudi gateway. Another provider plugs in
as a subclass of `BaseSmsBackend` whose `send` calls its API and returns the provider's message
id (matched later by its delivery receipts); it raises `SmsError` for a failure worth trying
again and `PermanentSendError` for a refusal that no retry will change."""

import logging
import math
import sys

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway did not accept the message; the caller tries again later."""


class PermanentSendError(SmsError):
    """The provider refused the message for good (a bad number, an unregistered sender, a
    rejected template): the delivery fails at once with this reason, without retrying."""


class BaseSmsBackend:
    def send(self, to: str, text: str) -> str | None:
        """Send `text` to the number `to` (E.164, e.g. +966551234567) and return the provider's
        message id (None when it gives none), or raise."""
        raise NotImplementedError


# The GSM 03.38 alphabet (its basic set, and the extension characters that count twice).
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")


def sms_parts(text: str) -> tuple[int, int, str]:
    """What `text` costs as an SMS: (parts, characters per part, encoding). GSM-7 text fits
    160 characters in one part and 153 per part when split; anything else (Arabic) travels as
    UCS-2: 70 characters in one part, 67 per part when split."""
    if all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text):
        length = sum(2 if c in GSM7_EXTENDED else 1 for c in text)
        single, multi, encoding = 160, 153, "GSM-7"
    else:
        # UCS-2 counts UTF-16 code units: a character outside the BMP (an emoji) takes two.
        length = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "UCS-2"
    if length <= single:
        return (1 if length else 0), single, encoding
    return math.ceil(length / multi), multi, encoding


class ConsoleSmsBackend(BaseSmsBackend):
    """Development: writes the message on the console."""

    def send(self, to: str, text: str) -> None:
        sys.stdout.write(f"SMS to {to}:\n{text}\n{'-' * 40}\n")
        sys.stdout.flush()


# Messages sent with LocmemSmsBackend, oldest first (like django.core.mail.outbox).
outbox: list[tuple[str, str]] = []


class LocmemSmsBackend(BaseSmsBackend):
    """Tests: keeps the messages in `makin.sms.outbox`."""

    def send(self, to: str, text: str) -> None:
        outbox.append((to, text))


def get_sms_backend() -> BaseSmsBackend:
    return import_string(settings.MAKIN_SMS_BACKEND)()


def send_sms(to: str, text: str) -> str | None:
    return get_sms_backend().send(to, text)

"""Sending SMS. A backend is a class with `send(to, text)`; the setting MAKIN_SMS_BACKEND names
the one in use. Development prints messages on the console, the tests keep them in memory.

To plug a Saudi SMS gateway (e.g. the association's provider, with a sender name registered
with the CST), write a subclass of `BaseSmsBackend` whose `send` calls the provider's API and
raises on any failure (the notification is then tried again later), put its credentials in
environment variables read in its `__init__`, and set MAKIN_SMS_BACKEND to its dotted path."""

import logging
import sys

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway did not accept the message; the caller tries again later."""


class BaseSmsBackend:
    def send(self, to: str, text: str) -> None:
        """Send `text` to the number `to` (E.164, e.g. +966551234567), or raise."""
        raise NotImplementedError


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


def send_sms(to: str, text: str) -> None:
    get_sms_backend().send(to, text)

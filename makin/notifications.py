"""Messages to people. Every message goes through `notify`, which sends after the current
transaction commits, in the person's language, by e-mail (and SMS where the person has a mobile
and the event asks for it).

Message texts are templates: `notifications/<event>_subject.txt`, `notifications/<event>.txt`
and, for SMS, `notifications/<event>_sms.txt`."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def notify(*, user, event: str, context: dict | None = None, sms: bool = False) -> None:
    """Tell `user` about `event` once the current transaction commits."""
    context = {"user": user, **(context or {})}
    transaction.on_commit(lambda: _deliver(user=user, event=event, context=context, sms=sms))


def _deliver(*, user, event: str, context: dict, sms: bool) -> None:
    with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
        if user.email:
            subject = render_to_string(f"notifications/{event}_subject.txt", context).strip()
            body = render_to_string(f"notifications/{event}.txt", context)
            send_mail(subject, body, None, [user.email])
        if sms and getattr(user, "mobile", None):
            text = render_to_string(f"notifications/{event}_sms.txt", context).strip()
            logger.info("SMS to user %s: %s", user.pk, text)

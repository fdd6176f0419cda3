"""Background tasks (django-tasks). They run on `manage.py db_worker`, any number of which, on
any number of machines, share the queue in PostgreSQL; the tests run them in-process."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from .models import Delivery
from .notifications import render_attachment
from .sms import PermanentSendError, send_sms
from .whatsapp import get_whatsapp_backend, whatsapp_enabled

logger = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """The medium refused the message; it is tried again later."""


def retry_delay(attempts: int) -> datetime.timedelta:
    """The pause after the given number of failed attempts: 1, 2, 4, 8... times the base."""
    return datetime.timedelta(seconds=settings.MAKIN_NOTIFY_RETRY_SECONDS * 2 ** (attempts - 1))


def _schedule(task_obj, run_after: datetime.datetime, *args) -> None:
    """Enqueue `task_obj` to run at `run_after` where the backend can wait (the database
    queue); elsewhere `manage.py notifications_retry` picks the delivery up when due."""
    if task_obj.get_backend().supports_defer:
        task_obj.using(run_after=run_after).enqueue(*args)


@task()
def send_delivery(delivery_id: int) -> str:
    """Send one delivery unless it was sent already. The row stays locked while it is sent, so
    two workers given the same delivery (a retry and a late duplicate) cannot both send it."""
    error = None
    with transaction.atomic():
        delivery = (
            # Lock the delivery row only: locking its notification too would make the e-mail
            # and the SMS of one notification skip each other, and one would never be sent.
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("notification")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return "busy"
        if delivery.state != Delivery.State.PENDING:
            return delivery.state
        delivery.attempts += 1
        fallback = None
        try:
            delivery.provider_message_id = _send(delivery) or ""
        except PermanentSendError as exc:  # refused for good: no retry
            error = exc
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:500]
            delivery.state = Delivery.State.FAILED
            if delivery.medium == Delivery.Medium.WHATSAPP and delivery.template:
                fallback = sms_fallback(delivery)
        except Exception as exc:  # any other failure of the medium: try again later
            error = exc
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:500]
            if delivery.attempts >= settings.MAKIN_NOTIFY_MAX_ATTEMPTS:
                delivery.state = Delivery.State.FAILED
            else:
                delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
        else:
            delivery.state = Delivery.State.SENT
            delivery.sent_at = timezone.now()
            delivery.last_error = ""
        delivery.save()
        if fallback is not None:
            transaction.on_commit(lambda: send_delivery.enqueue(fallback.pk))
    if error is None:
        return delivery.state
    if delivery.state == Delivery.State.PENDING:
        _schedule(send_delivery, delivery.next_attempt_at, delivery.pk)
    logger.warning(
        "Delivery %s (%s) failed on attempt %s: %s",
        delivery.pk,
        delivery.medium,
        delivery.attempts,
        delivery.last_error,
    )
    # Fail the task too, so the queue's record shows it.
    raise DeliveryFailed(delivery.last_error) from error


def _send(delivery: Delivery) -> str | None:
    """Hand the delivery to its medium; the provider's message id, when it gives one."""
    if delivery.medium == Delivery.Medium.EMAIL:
        message = EmailMessage(
            delivery.notification.subject, delivery.text, None, [delivery.address]
        )
        if delivery.attachment:
            with translation.override(delivery.notification.language):
                message.attach(*render_attachment(delivery.attachment))
        message.send()
        return None
    if delivery.medium == Delivery.Medium.WHATSAPP:
        if not whatsapp_enabled():  # switched off since the message was written
            raise PermanentSendError("WhatsApp is switched off")
        backend = get_whatsapp_backend()
        if delivery.template:
            return backend.send_template(
                delivery.address,
                delivery.template,
                delivery.notification.language,
                [delivery.text],
            )
        return backend.send_text(delivery.address, delivery.text)
    return send_sms(delivery.address, delivery.text)


def sms_fallback(delivery: Delivery) -> Delivery | None:
    """WhatsApp refused a template message: the same text goes by SMS (once)."""
    sms, created = Delivery.objects.get_or_create(
        notification=delivery.notification,
        medium=Delivery.Medium.SMS,
        defaults={"address": delivery.address, "text": delivery.text},
    )
    return sms if created else None


@task()
def send_password_reset(
    user_id: int,
    domain: str,
    site_name: str,
    use_https: bool,
    subject_template_name: str,
    email_template_name: str,
    attempt: int = 1,
) -> str:
    """The password-reset e-mail. The link's token is made here, on the worker, so it is never
    stored in the queue."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return "no-recipient"
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": site_name,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
    try:
        EmailMessage(subject, body, None, [user.email]).send()
    except Exception as exc:
        if attempt < settings.MAKIN_NOTIFY_MAX_ATTEMPTS:
            _schedule(
                send_password_reset,
                timezone.now() + retry_delay(attempt),
                user_id,
                domain,
                site_name,
                use_https,
                subject_template_name,
                email_template_name,
                attempt + 1,
            )
        logger.warning("Password reset e-mail to user %s failed: %s", user_id, type(exc).__name__)
        raise
    return "sent"

"""Messages to people. Every message goes through `notify`, inside the transaction of the change
it reports: it writes the in-portal notification and one delivery per medium (e-mail, SMS) in
that transaction, and after the commit enqueues the task that sends each delivery on the
background worker. A rollback leaves neither rows nor tasks behind.

The text is written at once, in the person's language (`User.language`), from templates:
`notifications/<event>_subject.txt`, `notifications/<event>.txt` and, for SMS,
`notifications/<event>_sms.txt`.

`user` is an account, or any object with `email`, `mobile`, `language` and `first_name` for a
person without one (a walk-in beneficiary): their message is sent but not listed in the portal.

`key` names the event (e.g. "status-change:42"); one person gets one message per key, enforced
by a unique constraint, so calling `notify` twice for the same event sends once. Without a key
every call is a new event."""

import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.backends.django import DjangoTemplates
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import Delivery, Notification
from .whatsapp import TEMPLATES as WHATSAPP_TEMPLATES
from .whatsapp import whatsapp_enabled


@dataclass(frozen=True)
class Recipient:
    """A person to tell who has no account (a walk-in beneficiary, an anonymous complainant):
    what `notify` reads from a user."""

    email: str
    mobile: str
    language: str = "ar"
    first_name: str = ""
    pk: None = None
    # "whatsapp" only for a person who consented to WhatsApp (see `short_medium`).
    preferred_medium: str = "sms"


# What each event is called where its code would otherwise show (the admin's list and filter
# of messages). An event is named by its templates, `notifications/<event>*.txt`.
EVENT_LABELS = {
    "account_created": _("Account created"),
    "activation_invite": _("Invitation to activate an account"),
    "committee_decision": _("The committee's decision"),
    "deadline_reminder": _("Deadline reminder"),
    "feedback_reply": _("Reply to a complaint or suggestion"),
    "referral_answered": _("Referral answered"),
    "referral_created": _("Referral received"),
    "request_assigned": _("Request assigned"),
    "request_status_changed": _("Request status changed"),
    "signup_existing": _("Sign-up with an existing account"),
    "survey_invitation": _("Survey invitation"),
    "survey_reminder": _("Survey reminder"),
}


def event_label(code: str) -> str:
    return str(EVENT_LABELS.get(code, code))


# Documents an e-mail can carry, made by the worker when it sends the message:
# {kind: renderer(argument) -> (file name, bytes, MIME type)}. Apps register theirs in ready().
ATTACHMENT_RENDERERS: dict[str, Callable[[str], tuple[str, bytes, str]]] = {}


def register_attachment(kind: str, renderer: Callable[[str], tuple[str, bytes, str]]) -> None:
    ATTACHMENT_RENDERERS[kind] = renderer


def render_attachment(reference: str) -> tuple[str, bytes, str]:
    kind, _sep, argument = reference.partition(":")
    return ATTACHMENT_RENDERERS[kind](argument)


def notify(
    *,
    user,
    event: str,
    context: dict | None = None,
    sms: bool = False,
    key: str | None = None,
    attachment: str = "",
) -> Notification:
    """Tell `user` about `event`: in the portal now, by e-mail and SMS once the current
    transaction commits. `attachment` ("kind:argument", a registered renderer) adds a document
    to the e-mail, made in the person's language when it is sent."""
    key = key or f"{event}:{uuid.uuid4()}"
    language = getattr(user, "language", None) or settings.LANGUAGE_CODE
    context = {"user": user, **(context or {})}
    mobile = getattr(user, "mobile", None)
    medium = short_medium(user, event, sms=sms) if mobile else None
    with translation.override(language):
        subject = render_to_string(f"notifications/{event}_subject.txt", context).strip()
        body = render_to_string(f"notifications/{event}.txt", context).strip()
        sms_text = (
            render_to_string(f"notifications/{event}_sms.txt", context).strip() if medium else ""
        )
    has_account = isinstance(user, get_user_model()) and user.pk is not None
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            user=user if has_account else None,
            key=key[:200],
            defaults={"event": event, "language": language, "subject": subject, "body": body},
        )
        if not created:
            return notification
        deliveries = []
        if user.email:
            deliveries.append(
                Delivery.objects.create(
                    notification=notification,
                    medium=Delivery.Medium.EMAIL,
                    address=user.email,
                    text=body,
                    attachment=attachment,
                )
            )
        if medium:
            deliveries.append(
                Delivery.objects.create(
                    notification=notification,
                    medium=medium,
                    address=str(mobile),
                    text=sms_text,
                    template=WHATSAPP_TEMPLATES.get(event, "")
                    if medium == Delivery.Medium.WHATSAPP
                    else "",
                )
            )
    for delivery in deliveries:
        # Robust: if queueing fails the row stays pending and notifications_retry sends it.
        transaction.on_commit(_enqueuer(delivery.pk), robust=True)
    return notification


def text_send(*, user, mobile: str, medium: str, text: str) -> Notification:
    """Send a text staff wrote (a reply to a person's message) as typed, by SMS or as a
    WhatsApp text (allowed as an answer to the person's own message), once the current
    transaction commits. `user` (an account, or None) sees it in the portal too."""
    language = getattr(user, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = str(_("A message from the association"))
    with transaction.atomic():
        notification = Notification.objects.create(
            user=user,
            event="staff_reply",
            key=f"staff_reply:{uuid.uuid4()}",
            language=language,
            subject=subject,
            body=text,
        )
        delivery = Delivery.objects.create(
            notification=notification, medium=medium, address=str(mobile), text=text
        )
    transaction.on_commit(_enqueuer(delivery.pk))
    return notification


def short_medium(user, event: str, *, sms: bool) -> str | None:
    """How the short text reaches the person: by WhatsApp when it is on, the event has an
    approved template and the person chose WhatsApp (consenting to it); else by SMS when the
    event asks for one; else not at all."""
    if whatsapp_enabled() and event in WHATSAPP_TEMPLATES:
        preferred = getattr(user, "preferred_medium", None)
        if preferred is None:
            # An account: the choice is kept on the person's beneficiary file, if any.
            preferred = getattr(getattr(user, "beneficiary", None), "message_medium", "sms")
        if preferred == Delivery.Medium.WHATSAPP:
            return Delivery.Medium.WHATSAPP
    return Delivery.Medium.SMS if sms else None


@functools.cache
def _text_templates() -> DjangoTemplates:
    """The project's templates without HTML escaping: messages are plain text (a note with
    "&" or quotes must reach the person as typed; the portal escapes it when it shows it)."""
    return DjangoTemplates(
        {
            "NAME": "notifications",
            "DIRS": settings.TEMPLATES[0]["DIRS"],
            "APP_DIRS": True,
            "OPTIONS": {"autoescape": False},
        }
    )


def render_to_string(name: str, context: dict) -> str:
    return _text_templates().get_template(name).render(context)


def _enqueuer(delivery_id: int):
    def enqueue():
        from .tasks import send_delivery

        send_delivery.enqueue(delivery_id)

    return enqueue

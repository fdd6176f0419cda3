"""The providers' webhooks, under /hooks/: delivery receipts and messages people send.

Each request proves where it comes from (WhatsApp: the `X-Hub-Signature-256` HMAC-SHA256 of the
body with the app secret; Taqnyat: the shared secret in `X-Makin-Hook-Secret`) or is refused
with 403 before anything is read from it. A body too large or not the provider's JSON gets
400. A provider's message id is stored once, so a replayed hook changes nothing. A number that
is not a Saudi mobile is acknowledged and ignored. No session, no CSRF token (the provider has
neither), and the log says what happened without the number or the text."""

import hashlib
import hmac
import json
import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from makin.models import Delivery
from makin.services import delivery_receipt

from .models import Provider
from .services import NotSaudiNumber, inbound_receive

logger = logging.getLogger(__name__)

# Statuses a provider reports: delivered, or failed for good. Others ("sent", "read"...) only
# confirm what the portal knows.
DELIVERED = {"delivered", "read"}
FAILED = {"failed", "undelivered", "rejected", "expired"}


class BadPayload(ValueError):
    """The body is not the provider's format."""


def _body(request) -> bytes | None:
    """The raw body, or None when it is larger than MAKIN_HOOK_MAX_BYTES."""
    limit = settings.MAKIN_HOOK_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if declared > limit:
        return None
    body = request.read(limit + 1)
    return None if len(body) > limit else body


def _json(body: bytes) -> dict:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadPayload("not JSON") from exc
    if not isinstance(data, dict):
        raise BadPayload("not an object")
    return data


def _text(value, name: str) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool) or str(value) == "":
        raise BadPayload(f"{name} missing")
    return str(value)


def _receive(provider: str, message_id: str, sender: str, text: str) -> str:
    try:
        _message, created = inbound_receive(
            provider=provider, provider_message_id=message_id, sender=sender, text=text
        )
    except NotSaudiNumber:
        return "ignored (not a Saudi mobile)"
    return "stored" if created else "replayed"


def _receipt(medium: str, message_id: str, status: str, reason: str) -> str:
    if status not in DELIVERED | FAILED:
        return f"status {status} noted"
    delivery = delivery_receipt(
        medium=medium,
        provider_message_id=message_id,
        delivered=status in DELIVERED,
        reason=reason,
    )
    return "receipt for an unknown message" if delivery is None else f"receipt {status}"


# WhatsApp Cloud API -------------------------------------------------------------------------


def _whatsapp_signed(request, body: bytes) -> bool:
    secret = settings.MAKIN_WHATSAPP_APP_SECRET
    given = request.headers.get("X-Hub-Signature-256", "")
    if not secret or not given.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(given.removeprefix("sha256="), expected)


def _whatsapp_events(data: dict) -> list[tuple]:
    """The payload's receipts and messages, checked for shape before anything is stored."""
    if data.get("object") != "whatsapp_business_account" or not isinstance(data.get("entry"), list):
        raise BadPayload("not a WhatsApp Business Account notification")
    events = []
    for entry in data["entry"]:
        for change in (entry or {}).get("changes") or []:
            value = (change or {}).get("value") or {}
            if not isinstance(value, dict):
                raise BadPayload("value is not an object")
            for status in value.get("statuses") or []:
                errors = status.get("errors") or [{}]
                first = errors[0] if isinstance(errors[0], dict) else {}
                reason = f"{first.get('code', '')} {first.get('title', '')}".strip()
                events.append(
                    (
                        "receipt",
                        _text(status.get("id"), "id"),
                        _text(status.get("status"), "status"),
                        reason,
                    )
                )
            for message in value.get("messages") or []:
                kind = message.get("type")
                body = (message.get("text") or {}).get("body") if kind == "text" else None
                events.append(
                    (
                        "message",
                        _text(message.get("id"), "id"),
                        _text(message.get("from"), "from"),
                        body if isinstance(body, str) else f"[{kind or 'message'}]",
                    )
                )
    return events


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp(request):
    if request.method == "GET":
        # The Cloud API's subscription handshake: echo the challenge for the right token.
        token = settings.MAKIN_WHATSAPP_VERIFY_TOKEN
        given = request.GET.get("hub.verify_token", "")
        if (
            request.GET.get("hub.mode") == "subscribe"
            and token
            and hmac.compare_digest(given.encode(), token.encode())
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        logger.warning("WhatsApp hook: handshake refused")
        return HttpResponseForbidden("forbidden", content_type="text/plain")
    body = _body(request)
    if body is None:
        logger.warning("WhatsApp hook: body too large")
        return HttpResponseBadRequest("too large", content_type="text/plain")
    if not _whatsapp_signed(request, body):
        logger.warning("WhatsApp hook: bad signature")
        return HttpResponseForbidden("forbidden", content_type="text/plain")
    try:
        events = _whatsapp_events(_json(body))
    except (BadPayload, AttributeError, TypeError) as exc:
        logger.warning("WhatsApp hook: malformed body (%s)", type(exc).__name__)
        return HttpResponseBadRequest("malformed", content_type="text/plain")
    for kind, message_id, detail, extra in events:
        if kind == "receipt":
            outcome = _receipt(Delivery.Medium.WHATSAPP, message_id, detail, extra)
        else:
            outcome = _receive(Provider.WHATSAPP, message_id, detail, extra)
        logger.info("WhatsApp hook: %s %s: %s", kind, message_id, outcome)
    return HttpResponse("ok", content_type="text/plain")


# Taqnyat ------------------------------------------------------------------------------------


@csrf_exempt
@require_http_methods(["POST"])
def taqnyat(request):
    """Taqnyat's receipts and replies, as one JSON object per request:
    {"type": "receipt", "messageId", "status", "reason"} or
    {"type": "inbound", "messageId", "from", "body"}."""
    secret = settings.MAKIN_TAQNYAT_HOOK_SECRET
    given = request.headers.get("X-Makin-Hook-Secret", "")
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        logger.warning("Taqnyat hook: bad secret")
        return HttpResponseForbidden("forbidden", content_type="text/plain")
    body = _body(request)
    if body is None:
        logger.warning("Taqnyat hook: body too large")
        return HttpResponseBadRequest("too large", content_type="text/plain")
    try:
        data = _json(body)
        kind = data.get("type")
        message_id = _text(data.get("messageId"), "messageId")
        if kind == "receipt":
            status = _text(data.get("status"), "status").lower()
            reason = str(data.get("reason") or "")[:200]
            outcome = _receipt(Delivery.Medium.SMS, message_id, status, reason)
        elif kind == "inbound":
            sender = _text(data.get("from"), "from")
            text = data.get("body")
            if not isinstance(text, str):
                raise BadPayload("body missing")
            outcome = _receive(Provider.TAQNYAT, message_id, sender, text)
        else:
            raise BadPayload("unknown type")
    except BadPayload as exc:
        logger.warning("Taqnyat hook: malformed body (%s)", exc)
        return HttpResponseBadRequest("malformed", content_type="text/plain")
    logger.info("Taqnyat hook: %s %s: %s", kind, message_id, outcome)
    return HttpResponse("ok", content_type="text/plain")

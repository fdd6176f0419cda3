"""Sending SMS through Taqnyat (taqnyat.sa), a Saudi gateway, over its REST API:
POST {base}/v1/messages with a bearer token and a JSON body {"recipients": [...], "body": ...,
"sender": ...}; 201 (or 200) with a `messageId` means accepted.

Settings (environment variables, see the README): MAKIN_TAQNYAT_BASE_URL, MAKIN_TAQNYAT_TOKEN,
MAKIN_TAQNYAT_SENDER and MAKIN_SMS_TIMEOUT. Set MAKIN_SMS_BACKEND to
`makin.sms_gateway.TaqnyatSmsBackend` to use it.

Failures are classified for the delivery task: a refusal the provider will repeat (a bad
number, an unregistered sender, a wrong token, no balance) raises `PermanentSendError`; a
timeout, a lost connection, a 5xx or a 429 raises `SmsError`, tried again later."""

import http.client
import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .sms import BaseSmsBackend, PermanentSendError, SmsError

logger = logging.getLogger(__name__)

# Answers worth trying again: the provider is busy, down or limiting our rate.
TEMPORARY_STATUSES = {408, 425, 429, 500, 502, 503, 504}


def provider_number(to: str) -> str:
    """+966551234567 → 966551234567 (the providers want the international number, digits only)."""
    return "".join(c for c in to if c.isdigit())


def post_json(url: str, payload: dict, *, token: str, timeout: float) -> tuple[int, dict]:
    """POST `payload` as JSON with a bearer token; return (status, decoded answer). Raises
    `SmsError` when no usable answer came back (timeout, refused connection, not JSON)."""
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310
        url,
        data=data,
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status, body = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    except TimeoutError as exc:
        raise SmsError("timeout") from exc
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        raise SmsError(f"connection: {type(exc).__name__}") from exc
    try:
        answer = json.loads(body.decode("utf-8")) if body else {}
    except (UnicodeDecodeError, ValueError):
        answer = {}
    if not isinstance(answer, dict):
        answer = {}
    return status, answer


class TaqnyatSmsBackend(BaseSmsBackend):
    def __init__(self):
        self.base_url = settings.MAKIN_TAQNYAT_BASE_URL.rstrip("/")
        self.token = settings.MAKIN_TAQNYAT_TOKEN
        self.sender = settings.MAKIN_TAQNYAT_SENDER
        self.timeout = settings.MAKIN_SMS_TIMEOUT
        if not self.token or not self.sender:
            raise ImproperlyConfigured(
                "MAKIN_TAQNYAT_TOKEN and MAKIN_TAQNYAT_SENDER are needed to send SMS via Taqnyat."
            )

    def send(self, to: str, text: str) -> str | None:
        payload = {"recipients": [provider_number(to)], "body": text, "sender": self.sender}
        status, answer = post_json(
            f"{self.base_url}/v1/messages", payload, token=self.token, timeout=self.timeout
        )
        reason = str(answer.get("message") or answer.get("statusDescription") or "")[:300]
        if status in TEMPORARY_STATUSES:
            raise SmsError(f"Taqnyat {status}: {reason}".strip())
        if status not in (200, 201):
            raise PermanentSendError(f"Taqnyat {status}: {reason}".strip())
        rejected = str(answer.get("rejected") or "").strip("[], ")
        if rejected:
            raise PermanentSendError("Taqnyat: number rejected")
        message_id = answer.get("messageId")
        return str(message_id) if message_id is not None else None


# The name the README's production example used before a provider was chosen.
GatewaySmsBackend = TaqnyatSmsBackend

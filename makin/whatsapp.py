"""Sending WhatsApp messages through Meta's WhatsApp Business Cloud API:
POST {base}/{version}/{phone number id}/messages with a bearer token. A message that starts a
conversation must be an approved template; a free text is allowed only as an answer within 24
hours of the person's own message (the desk's replies).

Settings (environment variables, see the README): MAKIN_WHATSAPP_BACKEND (empty: WhatsApp off),
MAKIN_WHATSAPP_BASE_URL, MAKIN_WHATSAPP_API_VERSION, MAKIN_WHATSAPP_PHONE_NUMBER_ID,
MAKIN_WHATSAPP_TOKEN, MAKIN_WHATSAPP_APP_SECRET (webhook signatures),
MAKIN_WHATSAPP_VERIFY_TOKEN (the webhook handshake) and MAKIN_SMS_TIMEOUT.

A refusal (an unknown template, a number without WhatsApp, an expired token) raises
`PermanentSendError`, and the delivery task falls back to SMS; a timeout, a 5xx or a rate
limit raises `SmsError`, tried again later."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .sms import PermanentSendError, SmsError
from .sms_gateway import TEMPORARY_STATUSES, post_json, provider_number

# The approved templates, by the portal event they carry. Each has one body parameter: the
# message's short text in the person's language (the same text an SMS would carry).
TEMPLATES = {
    "request_status_changed": "makin_status_changed",
    "committee_decision": "makin_decision_letter_ready",
    "survey_invitation": "makin_survey_invitation",
    "survey_reminder": "makin_deadline_reminder",
}

# Cloud API error codes that say "later": rate limits, throughput, a passing outage.
TEMPORARY_CODES = {4, 80007, 130429, 131000, 131016, 131048, 131056}


class BaseWhatsAppBackend:
    def send_template(self, to: str, template: str, language: str, parameters: list[str]) -> str:
        raise NotImplementedError

    def send_text(self, to: str, text: str) -> str:
        raise NotImplementedError


# Messages kept by LocmemWhatsAppBackend, oldest first: (to, template or "", text or parameters).
outbox: list[tuple[str, str, object]] = []


class LocmemWhatsAppBackend(BaseWhatsAppBackend):
    """Tests: keeps the messages in `makin.whatsapp.outbox`."""

    def send_template(self, to, template, language, parameters):
        outbox.append((to, template, list(parameters)))
        return f"wamid.locmem.{len(outbox)}"

    def send_text(self, to, text):
        outbox.append((to, "", text))
        return f"wamid.locmem.{len(outbox)}"


class CloudApiWhatsAppBackend(BaseWhatsAppBackend):
    def __init__(self):
        self.url = "{}/{}/{}/messages".format(
            settings.MAKIN_WHATSAPP_BASE_URL.rstrip("/"),
            settings.MAKIN_WHATSAPP_API_VERSION,
            settings.MAKIN_WHATSAPP_PHONE_NUMBER_ID,
        )
        self.token = settings.MAKIN_WHATSAPP_TOKEN
        self.timeout = settings.MAKIN_SMS_TIMEOUT
        if not self.token or not settings.MAKIN_WHATSAPP_PHONE_NUMBER_ID:
            raise ImproperlyConfigured(
                "MAKIN_WHATSAPP_TOKEN and MAKIN_WHATSAPP_PHONE_NUMBER_ID are needed for WhatsApp."
            )

    def send_template(self, to, template, language, parameters):
        return self._post(
            {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": provider_number(to),
                "type": "template",
                "template": {
                    "name": template,
                    "language": {"code": language},
                    "components": [
                        {
                            "type": "body",
                            "parameters": [{"type": "text", "text": p} for p in parameters],
                        }
                    ],
                },
            }
        )

    def send_text(self, to, text):
        return self._post(
            {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": provider_number(to),
                "type": "text",
                "text": {"preview_url": False, "body": text},
            }
        )

    def _post(self, payload: dict) -> str:
        status, answer = post_json(self.url, payload, token=self.token, timeout=self.timeout)
        error = answer.get("error") if isinstance(answer.get("error"), dict) else {}
        code = error.get("code")
        reason = f"WhatsApp {status}: {code or ''} {error.get('message') or ''}".strip()[:300]
        if status in TEMPORARY_STATUSES or code in TEMPORARY_CODES:
            raise SmsError(reason)
        messages = answer.get("messages") or []
        if status != 200 or not messages or not isinstance(messages[0], dict):
            raise PermanentSendError(reason)
        return str(messages[0].get("id") or "")


def whatsapp_enabled() -> bool:
    return bool(settings.MAKIN_WHATSAPP_BACKEND)


def get_whatsapp_backend() -> BaseWhatsAppBackend:
    return import_string(settings.MAKIN_WHATSAPP_BACKEND)()

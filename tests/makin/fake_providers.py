"""A stand-in for the providers, served over real HTTP on 127.0.0.1 by a thread: Taqnyat's
REST API (POST /v1/messages) and the WhatsApp Cloud API (POST /<version>/<phone id>/messages),
with the request and answer formats of their documentation. The backends talk to it exactly as
to the provider; the tests choose how it answers (`server.answer`) and read what it received
(`server.received`).

It also plays the provider's side of the webhooks: it builds the receipts and inbound messages
the providers post (`whatsapp_status`, `whatsapp_inbound`, `taqnyat_receipt`, ...), signs them
(`meta_signature`) and posts them over HTTP (`post`)."""

import hashlib
import hmac
import http.server
import json
import sys
import threading
import time
import urllib.error
import urllib.request

TAQNYAT_TOKEN = "taqnyat-test-token"
WHATSAPP_TOKEN = "meta-test-token"
PHONE_NUMBER_ID = "106540352242922"
APP_SECRET = "meta-app-secret"

# How the stand-in answers the next sends: "ok", "permanent", "temporary", "rate_limited",
# "slow" (answers after SLOW_SECONDS), "bad_number" (Taqnyat: accepted nothing).
SLOW_SECONDS = 1.5


class _Handler(http.server.BaseHTTPRequestHandler):
    server: "FakeProviders"

    def log_message(self, *args):  # keep the test output quiet
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            body = None
        self.server.received.append(
            {"path": self.path, "headers": dict(self.headers.items()), "json": body}
        )
        answer = self.server.answer
        if answer == "slow":
            time.sleep(SLOW_SECONDS)
            answer = "ok"
        if self.path == "/v1/messages":
            self._taqnyat(body, answer)
        elif self.path.endswith(f"/{PHONE_NUMBER_ID}/messages"):
            self._whatsapp(body, answer)
        else:
            self._json(404, {"message": "not found"})

    def _taqnyat(self, body, answer):
        if self.headers.get("Authorization") != f"Bearer {TAQNYAT_TOKEN}":
            return self._json(401, {"statusCode": 401, "message": "Unauthorized"})
        if answer == "permanent":
            return self._json(
                400, {"statusCode": 400, "message": "Sender name is not active or not found"}
            )
        if answer == "temporary":
            return self._json(503, {"statusCode": 503, "message": "Service Unavailable"})
        if answer == "rate_limited":
            return self._json(429, {"statusCode": 429, "message": "Too Many Requests"})
        recipients = body["recipients"]
        rejected = recipients if answer == "bad_number" else []
        accepted = [] if answer == "bad_number" else recipients
        self.server.sequence += 1
        self._json(
            201,
            {
                "statusCode": 201,
                "messageId": 7000 + self.server.sequence,
                "cost": "0.0500",
                "currency": "SAR",
                "totalCount": len(accepted),
                "msgLength": 1,
                "accepted": "[" + ",".join(accepted) + ("," if accepted else "") + "]",
                "rejected": "[" + ",".join(rejected) + ("," if rejected else "") + "]",
            },
        )

    def _whatsapp(self, body, answer):
        if self.headers.get("Authorization") != f"Bearer {WHATSAPP_TOKEN}":
            return self._json(401, _meta_error(190, "Invalid OAuth access token."))
        if answer == "permanent":
            return self._json(
                404, _meta_error(132001, "Template name does not exist in the translation")
            )
        if answer == "temporary":
            return self._json(500, _meta_error(131016, "Service unavailable"))
        if answer == "rate_limited":
            return self._json(400, _meta_error(130429, "Rate limit hit"))
        self.server.sequence += 1
        self._json(
            200,
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                "messages": [{"id": f"wamid.TEST{self.server.sequence:04d}"}],
            },
        )

    def _json(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _meta_error(code, message):
    return {
        "error": {
            "message": message,
            "type": "OAuthException",
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": message},
            "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam",
        }
    }


class FakeProviders(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answer = "ok"
        self.received: list[dict] = []
        self.sequence = 0
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self):
        self.thread.start()
        return self

    def handle_error(self, request, client_address):
        # The client of a slow answer gave up before it came: expected, not a failure.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def stop(self):
        self.shutdown()
        self.server_close()


# The provider's side of the webhooks ------------------------------------------------------


def meta_signature(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _whatsapp_envelope(value: dict) -> dict:
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "966500000000",
                                "phone_number_id": PHONE_NUMBER_ID,
                            },
                            **value,
                        },
                    }
                ],
            }
        ],
    }


def whatsapp_status(message_id: str, status: str, *, recipient="966551234567", error=None):
    entry = {
        "id": message_id,
        "status": status,
        "timestamp": "1764500000",
        "recipient_id": recipient,
    }
    if error:
        entry["errors"] = [{"code": error[0], "title": error[1], "message": error[1]}]
    return _whatsapp_envelope({"statuses": [entry]})


def whatsapp_inbound(message_id: str, sender: str, text: str, *, name="Sender"):
    return _whatsapp_envelope(
        {
            "contacts": [{"profile": {"name": name}, "wa_id": sender}],
            "messages": [
                {
                    "from": sender,
                    "id": message_id,
                    "timestamp": "1764500000",
                    "type": "text",
                    "text": {"body": text},
                }
            ],
        }
    )


def taqnyat_receipt(message_id, status: str, *, mobile="966551234567", reason=""):
    return {
        "type": "receipt",
        "messageId": message_id,
        "mobile": mobile,
        "status": status,
        "reason": reason,
    }


def taqnyat_inbound(message_id: str, sender: str, text: str):
    return {"type": "inbound", "messageId": message_id, "from": sender, "body": text}


def post(url: str, payload, *, headers: dict | None = None) -> int:
    """Post `payload` (a dict, encoded as JSON, or raw bytes) as the provider would; the status
    the portal answered."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    request = urllib.request.Request(  # noqa: S310
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code

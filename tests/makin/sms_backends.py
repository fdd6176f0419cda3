"""SMS backends that fail on purpose, for the retry tests (named by MAKIN_SMS_BACKEND)."""

import os
import time
from pathlib import Path

from makin.sms import BaseSmsBackend, SmsError, outbox


class BrokenSmsBackend(BaseSmsBackend):
    """A gateway that is down."""

    def send(self, to, text):
        raise SmsError("gateway unreachable")


class FlakySmsBackend(BaseSmsBackend):
    """Fails while the file named by MAKIN_TEST_SMS_FAILURES holds a positive number, counting
    it down; then sends. A file, so that a worker in another process sees it too; each sent
    message is appended to MAKIN_TEST_SMS_SENT."""

    def send(self, to, text):
        failures = Path(os.environ["MAKIN_TEST_SMS_FAILURES"])
        left = int(failures.read_text() or 0)
        if left > 0:
            failures.write_text(str(left - 1))
            raise SmsError("gateway busy")
        sent = os.environ.get("MAKIN_TEST_SMS_SENT")
        if sent:
            with open(sent, "a", encoding="utf-8") as f:
                f.write(f"{to}\t{text}\n")
        outbox.append((to, text))


class HeldSmsBackend(BaseSmsBackend):
    """A gateway the test holds: the send marks MAKIN_TEST_SMS_STARTED, then waits while the
    file MAKIN_TEST_SMS_HOLD exists, so that a worker can be killed in the middle of it.
    MAKIN_TEST_SMS_HOLD_AT says whether the hold comes before the gateway accepts the message
    ("before") or after ("after": the message is out, the worker has not recorded it yet).
    Each accepted message is appended to MAKIN_TEST_SMS_SENT."""

    def send(self, to, text):
        hold = Path(os.environ["MAKIN_TEST_SMS_HOLD"])
        after = os.environ.get("MAKIN_TEST_SMS_HOLD_AT") == "after"
        if after:
            self._accept(to, text)
        with open(os.environ["MAKIN_TEST_SMS_STARTED"], "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        while hold.exists():
            time.sleep(0.05)
        if not after:
            self._accept(to, text)

    def _accept(self, to, text):
        with open(os.environ["MAKIN_TEST_SMS_SENT"], "a", encoding="utf-8") as f:
            f.write(f"{to}\t{text}\n")
        outbox.append((to, text))

"""Logs without personal data. `PersonalDataFilter` masks national ID and iqama numbers, Saudi
mobile numbers and e-mail addresses in the message and the traceback of every record;
`JsonFormatter` writes one JSON object a line for log collectors. Neither imports Django, so
gunicorn's own logging can use them too (see gunicorn.conf.py)."""

import json
import logging
import numbers
import re
from collections.abc import Mapping
from datetime import UTC, datetime

# \d also matches Eastern Arabic digits (٠-٩), which people type too.
_NATIONAL_ID = re.compile(r"(?<!\d)[12١٢]\d{7}(\d{2})(?!\d)")
_SAUDI_MOBILE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)?(?:966|٩٦٦)[\s-]?|0|٠)?[5٥](?:[\s-]?\d){6}[\s-]?(\d)[\s-]?(\d)(?!\d)"
)
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")


def mask_personal_data(text: str) -> str:
    """The text with ID numbers and phones reduced to their last two digits, e-mail addresses
    to their domain."""
    text = _EMAIL.sub(r"***@\1", text)
    text = _NATIONAL_ID.sub(r"********\1", text)
    return _SAUDI_MOBILE.sub(r"*******\1\2", text)


def _mask_argument(value):
    # Numbers stay numbers: an access log's status and size are arguments of their own, and
    # masking the joined line could read "503 1234567" as a phone and hide the status.
    if isinstance(value, numbers.Number):
        return value
    return mask_personal_data(str(value))


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logged as it is rather than dropped
            return True
        if isinstance(record.args, Mapping):  # gunicorn's access log: a mapping of atoms
            for key, value in list(record.args.items()):
                record.args[key] = _mask_argument(value)
        elif record.args:
            record.args = tuple(_mask_argument(value) for value in record.args)
        record.msg = mask_personal_data(str(record.msg))
        try:
            record.getMessage()
        except Exception:  # an argument no longer fits its format: mask the whole text
            record.msg, record.args = mask_personal_data(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        return json.dumps(entry, ensure_ascii=False)

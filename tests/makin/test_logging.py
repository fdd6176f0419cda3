"""Logs carry no personal data: ID numbers, phones and e-mail addresses are masked."""

import json
import logging

import pytest

from makin.logging import JsonFormatter, PersonalDataFilter, mask_personal_data


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Not Found: /track/?id=1000000008", "Not Found: /track/?id=********08"),
        ("iqama 2123456789 expired", "iqama ********89 expired"),
        ("هوية ١٠٠٠٠٠٠٠٠٨ منتهية", "هوية ********٠٨ منتهية"),
        ("SMS to +966551234567 failed", "SMS to *******67 failed"),
        ("call 0551234567", "call *******67"),
        ("call 00966 55 123 4567 now", "call *******67 now"),
        ("mail teacher.one@example.com bounced", "mail ***@example.com bounced"),
        (
            "request MK-2026-00042, 3 items, 12345 riyals",
            "request MK-2026-00042, 3 items, 12345 riyals",
        ),
    ],
)
def test_personal_data_is_masked(text, masked):
    assert mask_personal_data(text) == masked


def make_record(msg, *args, exc_info=None):
    return logging.LogRecord("makin.test", logging.WARNING, __file__, 1, msg, args, exc_info)


def test_the_filter_masks_arguments_and_tracebacks():
    try:
        raise ValueError("bad number 0551234567")
    except ValueError:
        import sys

        record = make_record(
            "login failed for %s from %s", "1000000008", "+966551234567", exc_info=sys.exc_info()
        )
    assert PersonalDataFilter().filter(record) is True
    assert record.getMessage() == "login failed for ********08 from *******67"
    assert "0551234567" not in record.exc_text
    assert "*******67" in record.exc_text


def test_json_lines_for_log_collectors():
    record = make_record("delivery %s failed", 7)
    PersonalDataFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "makin.test"
    assert entry["message"] == "delivery 7 failed"
    assert entry["time"].endswith("+00:00")


def test_the_configured_console_handler_masks(settings):
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["personal_data"]
    assert settings.LOGGING["filters"]["personal_data"]["()"] == "makin.logging.PersonalDataFilter"


@pytest.mark.parametrize(
    ("msg", "args", "shown"),
    [
        # runserver's access line: request, status, size
        (
            '"%s" %s %s',
            ("GET /staff/ HTTP/1.1", 503, 123456),
            '"GET /staff/ HTTP/1.1" 503 123456',
        ),
        (
            '"%s" %s %s',
            ("GET /track/?m=0551234567 HTTP/1.1", 500, 234567),
            '"GET /track/?m=*******67 HTTP/1.1" 500 234567',
        ),
    ],
)
def test_masking_never_hides_an_access_log_status(msg, args, shown):
    record = logging.LogRecord("django.server", logging.ERROR, __file__, 1, msg, args, None)
    PersonalDataFilter().filter(record)
    assert record.getMessage() == shown


def test_masking_keeps_gunicorns_access_atoms_apart():
    atoms = {
        "h": "10.0.0.1",
        "m": "GET",
        "U": "/my/0551234567/",
        "s": "503",
        "B": "123456",
        "M": "12",
    }
    record = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        __file__,
        1,
        '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms',
        (atoms,),
        None,
    )
    PersonalDataFilter().filter(record)
    assert record.getMessage() == '10.0.0.1 "GET /my/*******67/" 503 123456 12ms'

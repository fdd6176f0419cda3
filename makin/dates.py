"""Gregorian and Umm al-Qura (Hijri) dates side by side."""

import datetime
import re

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from hijridate import Gregorian, Hijri

from .validators import western_digits


def hijri(value: datetime.date) -> str:
    """'15 جمادى الآخرة 1446 هـ' (or the English month name), or '' outside Umm al-Qura's
    range."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    try:
        h = Gregorian(value.year, value.month, value.day).to_hijri()
    except (OverflowError, ValueError):
        return ""
    language = "ar" if translation.get_language() == "ar" else "en"
    return _("%(day)s %(month)s %(year)s AH") % {
        "day": h.day,
        "month": h.month_name(language),
        "year": h.year,
    }


def gregorian(value: datetime.date) -> str:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return _("%(date)s CE") % {"date": formats.date_format(value, "j F Y")}


def dual(value: datetime.date | None) -> str:
    if value is None:
        return ""
    h = hijri(value)
    return f"{gregorian(value)} — {h}" if h else gregorian(value)


def parse(text: str) -> datetime.date | None:
    """A date typed in either calendar: year, month and day (or day, month, year) with any of
    - / . or spaces between, in Western or Eastern digits. A year from 1300 to 1599 is Hijri
    (Umm al-Qura), converted to Gregorian; otherwise Gregorian. None if it is no date."""
    parts = re.split(r"[\s/.\-]+", western_digits(text).strip())
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    numbers = [int(p) for p in parts]
    if len(parts[2]) == 4 and len(parts[0]) <= 2:
        numbers.reverse()
    year, month, day = numbers
    try:
        if 1300 <= year < 1600:
            return Hijri(year, month, day).to_gregorian()
        if 1800 <= year < 2300:
            return datetime.date(year, month, day)
    except (OverflowError, ValueError):
        return None
    return None


def other_calendar(text: str) -> str:
    """What a typed date is in both calendars, for the echo beside a date field; '' if no
    date."""
    value = parse(text)
    return dual(value) if value else ""

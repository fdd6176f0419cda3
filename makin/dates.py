"""Gregorian and Umm al-Qura (Hijri) dates side by side."""

import datetime

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from hijridate import Gregorian


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

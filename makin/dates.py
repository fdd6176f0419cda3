"""Gregorian and Umm al-Qura (Hijri) dates side by side."""

import datetime
import functools
import re
from dataclasses import dataclass

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


def dual(value: datetime.date | None, first: str = "gregorian") -> str:
    """Both calendars, the Gregorian first unless `first` is "hijri" (a person's choice, for
    lists); pages and PDFs keep the Gregorian first."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return _dual_day(value, first, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _dual_day(day: datetime.date, first: str, language: str | None) -> str:
    """`dual` of one day in one language, worked out once: a list shows the same few days on
    every row and every page, and the Umm al-Qura conversion is the dear part."""
    h = hijri(day)
    if not h:
        return gregorian(day)
    return f"{h} — {gregorian(day)}" if first == "hijri" else f"{gregorian(day)} — {h}"


def dual_datetime(value: datetime.datetime | None, first: str = "gregorian") -> str:
    """A point in time: the dual date (`dual`, in the same calendar order) and the local time
    on the 24-hour clock, one way on every page, PDF and message:
    "30 November 2026 CE — 19 Jumada II 1448 AH, 14:05"; '' for no time."""
    if value is None:
        return ""
    value = _local(value)
    if isinstance(value, datetime.datetime):
        # Already local: its day read as `dual` reads it, its time as `time_format(…, "H:i")`
        # writes it (without looking the format up in the locale's modules on every call).
        day = _dual_day(value.date(), first, translation.get_language())
        time = f"{value.hour:02d}:{value.minute:02d}"
    else:
        day, time = dual(value, first), formats.time_format(value, "H:i")
    return _("%(date)s, %(time)s") % {"date": day, "time": time}


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def ymd(value: datetime.date, calendar: str) -> str:
    """A date (and the time of a datetime) as year-month-day in `calendar`, for exports:
    '1448-06-20 14:05' / '2026-11-30 14:05'; '' for no date."""
    if value is None:
        return ""
    value = _local(value)
    day = value.date() if isinstance(value, datetime.datetime) else value
    text = as_typed(day, calendar) if calendar == "hijri" and hijri(day) else day.isoformat()
    if isinstance(value, datetime.datetime):
        text += value.strftime(" %H:%M")
    return text


def export_columns(label: str, first: str) -> list[str]:
    """The two column names of a date in a CSV or XLSX file, the person's calendar first:
    ['submitted at (Hijri)', 'submitted at (Gregorian)']."""
    names = {
        "hijri": _("%(label)s (Hijri)") % {"label": label},
        "gregorian": _("%(label)s (Gregorian)") % {"label": label},
    }
    return [names[c] for c in _order(first)]


def export_values(value, first: str) -> list[str]:
    """The date in both calendars as year-month-day, the person's calendar first."""
    return [ymd(value, c) for c in _order(first)]


def _order(first: str) -> tuple[str, str]:
    return ("hijri", "gregorian") if first == "hijri" else ("gregorian", "hijri")


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
            g = Hijri(year, month, day).to_gregorian()
            return datetime.date(g.year, g.month, g.day)
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


HIJRI = "hijri"
GREGORIAN = "gregorian"
CALENDARS = (HIJRI, GREGORIAN)


def calendar_of(text: str) -> str | None:
    """Which calendar a typed date is written in (by its year), or None if it is no date."""
    if parse(text) is None:
        return None
    years = [p for p in re.split(r"[\s/.\-]+", western_digits(text).strip()) if len(p) == 4]
    return HIJRI if years and 1300 <= int(years[0]) < 1600 else GREGORIAN


def month_name(calendar: str, year: int, month: int) -> str:
    """'جمادى الآخرة 1448' / 'Jumada al-Akhirah 1448', or 'نوفمبر 2026' / 'November 2026'."""
    if calendar == HIJRI:
        language = "ar" if translation.get_language() == "ar" else "en"
        return f"{Hijri(year, month, 1).month_name(language)} {year}"
    from django.utils.dates import MONTHS

    return f"{MONTHS[month]} {year}"


def hijri_month_start(value: datetime.date) -> datetime.date:
    """The Gregorian day on which the Umm al-Qura month holding `value` begins."""
    h = Gregorian(value.year, value.month, value.day).to_hijri()
    g = Hijri(h.year, h.month, 1).to_gregorian()
    return datetime.date(g.year, g.month, g.day)


def hijri_months(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, str]]:
    """The Umm al-Qura months that the days [start, end] touch: (first Gregorian day, name)."""
    months = []
    day = hijri_month_start(start)
    while day <= end:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
        months.append((day, month_name(HIJRI, h.year, h.month)))
        day += datetime.timedelta(days=h.month_length())
    return months


def as_typed(value: datetime.date, calendar: str) -> str:
    """A Gregorian date written as year-month-day in `calendar`, as a person would type it."""
    if calendar == HIJRI:
        h = Gregorian(value.year, value.month, value.day).to_hijri()
        return f"{h.year:04d}-{h.month:02d}-{h.day:02d}"
    return value.isoformat()


@dataclass(frozen=True)
class Month:
    """One month of a calendar for the date picker: its name, the neighbouring months' first
    days, and weeks of days (None before the first and after the last day)."""

    calendar: str
    name: str
    previous: datetime.date
    following: datetime.date
    weeks: list


@dataclass(frozen=True)
class Day:
    number: int
    date: datetime.date
    typed: str
    label: str


def month(calendar: str, value: datetime.date) -> Month:
    """The month of `calendar` (Hijri Umm al-Qura or Gregorian) that holds the day `value`,
    weeks from Sunday to Saturday. Outside Umm al-Qura's range (1343-1500 AH), Gregorian."""
    if calendar == HIJRI and not hijri(value):
        calendar = GREGORIAN
    if calendar == HIJRI:
        first = hijri_month_start(value)
        h = Gregorian(first.year, first.month, first.day).to_hijri()
        length, name = h.month_length(), month_name(HIJRI, h.year, h.month)
    else:
        first = value.replace(day=1)
        length = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - first
        length, name = length.days, month_name(GREGORIAN, first.year, first.month)
    days = [first + datetime.timedelta(days=n) for n in range(length)]
    cells = [None] * ((first.weekday() + 1) % 7)
    cells += [Day(n + 1, d, as_typed(d, calendar), dual(d)) for n, d in enumerate(days)]
    cells += [None] * (-len(cells) % 7)
    return Month(
        calendar=calendar,
        name=name,
        previous=first - datetime.timedelta(days=1),
        following=first + datetime.timedelta(days=length),
        weeks=[cells[i : i + 7] for i in range(0, len(cells), 7)],
    )

"""Date ranges read from daily and monthly rollups: whole months from the monthly table, the
days at either edge from the daily one."""

import datetime


def first_of_next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_split(start: datetime.date, end: datetime.date):
    """Split the days [start, end] into whole months [m1, m2), read from the monthly rollup,
    and the days of the partial months at either edge, [d1, d2) and [d3, d4), read from the
    daily one. With no whole month, m1 == m2 and all days are in [d1, d2)."""
    after_end = end + datetime.timedelta(days=1)
    m1 = start if start.day == 1 else first_of_next_month(start)
    m2 = after_end.replace(day=1)
    if m1 >= m2:
        return start, start, (start, after_end), (after_end, after_end)
    return m1, m2, (start, m1), (m2, after_end)

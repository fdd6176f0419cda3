"""Charts drawn on the server: the same markup goes into the page and the PDF, with no
JavaScript. The shapes are SVG; the words stay in HTML table cells, because WeasyPrint draws SVG
text without Arabic shaping or right-to-left ordering. A table also gives the right-to-left
layout for free (in Arabic the first row's label is on the right and the months run from the
right) and is what a screen reader reads."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language_bidi

GREEN = "#0b5d4b"
TRACK = "#e6e1d3"


def percent(value) -> str:
    return "—" if value is None else f"{value:.0f}%"


def _bar(fraction: float, rtl: bool) -> SafeString:
    length = max(0.0, min(fraction, 1.0)) * 100
    x = 100 - length if rtl else 0
    return format_html(
        '<svg class="chart-bar" viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" '
        'height="18" aria-hidden="true" focusable="false">'
        '<rect x="0" y="0" width="100" height="10" fill="{}" rx="1"/>'
        '<rect x="{}" y="0" width="{}" height="10" fill="{}" rx="1"/></svg>',
        TRACK,
        f"{x:.2f}",
        f"{length:.2f}",
        GREEN,
    )


def bar_chart(
    rows, *, title: str, value_max: float = 100.0, fmt=percent, stored=False
) -> SafeString:
    """Horizontal bars. rows: (label, value or None, note); note is shown after the value
    (e.g. how many answers it rests on). `stored`: the labels are stored data (people's and
    services' names), isolated in their own direction."""
    rtl = get_language_bidi()
    head = '<th scope="row"><bdi>{}</bdi></th>' if stored else '<th scope="row">{}</th>'
    body = format_html_join(
        "",
        "<tr>" + head + '<td class="chart-track">{}</td>'
        '<td class="chart-value"><strong dir="ltr">{}</strong><br><small>{}</small></td></tr>',
        (
            (
                label,
                _bar(0 if value is None else value / value_max, rtl),
                fmt(value),
                note,
            )
            for label, value, note in rows
        ),
    )
    return format_html(
        '<figure class="chart"><figcaption>{}</figcaption>'
        '<table class="chart-bars">{}</table></figure>',
        title,
        body,
    )


def column_chart(rows, *, title: str, value_max: float = 100.0, fmt=percent) -> SafeString:
    """Vertical columns in time order (a monthly trend). rows: (label, value or None)."""
    values = format_html_join(
        "", '<td class="chart-value"><span dir="ltr">{}</span></td>', ((fmt(v),) for _l, v in rows)
    )
    columns = format_html_join(
        "",
        "<td>{}</td>",
        ((_column(0 if v is None else v / value_max),) for _l, v in rows),
    )
    labels = format_html_join("", '<th scope="col">{}</th>', ((label,) for label, _v in rows))
    return format_html(
        '<figure class="chart"><figcaption>{}</figcaption><table class="chart-columns">'
        "<tr>{}</tr><tr>{}</tr><tr>{}</tr></table></figure>",
        title,
        values,
        columns,
        labels,
    )


def _column(fraction: float) -> SafeString:
    height = max(0.0, min(fraction, 1.0)) * 100
    return format_html(
        '<svg class="chart-column" viewBox="0 0 30 100" preserveAspectRatio="none" width="30" '
        'height="140" aria-hidden="true" focusable="false">'
        '<rect x="0" y="0" width="30" height="100" fill="{}" rx="2"/>'
        '<rect x="0" y="{}" width="30" height="{}" fill="{}" rx="2"/></svg>',
        TRACK,
        f"{100 - height:.2f}",
        f"{height:.2f}",
        GREEN,
    )

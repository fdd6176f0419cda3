"""Charts drawn on the server, with no JavaScript: the same tables go into the page and the
PDF. The page's shapes are SVG, the PDF's plain boxes painted by a gradient (WeasyPrint lays out
each SVG as a document of its own); the words stay in HTML table cells, because WeasyPrint
draws SVG text without Arabic shaping or right-to-left ordering. A table also gives the
right-to-left layout for free (in Arabic the first row's label is on the right and the months
run from the right) and is what a screen reader reads."""

from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language_bidi, ngettext
from django.utils.translation import gettext as _

GREEN = "#0b5d4b"
TRACK = "#e6e1d3"


def percent(value) -> str:
    return "—" if value is None else f"{value:.0f}%"


def _bar(fraction: float, rtl: bool, printed: bool = False) -> SafeString:
    length = max(0.0, min(fraction, 1.0)) * 100
    if printed:
        # In the PDF one box painted by a gradient with a hard stop, not an SVG of two
        # rectangles: WeasyPrint parses, lays out and draws each SVG as a document of its own.
        return format_html(
            '<span class="chart-bar" style="background: linear-gradient(to {}, {} {}%, {} {}%)">'
            "</span>",
            "left" if rtl else "right",
            GREEN,
            f"{length:.2f}",
            TRACK,
            f"{length:.2f}",
        )
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
    rows, *, title: str, value_max: float = 100.0, fmt=percent, stored=False, printed=False
) -> SafeString:
    """Horizontal bars. rows: (label, value or None, note); note is shown after the value
    (e.g. how many answers it rests on). `stored`: the labels are stored data (people's and
    services' names), isolated in their own direction. `printed`: for the PDF."""
    rtl = get_language_bidi()
    head = '<th scope="row"><bdi>{}</bdi></th>' if stored else '<th scope="row">{}</th>'
    # In the PDF the value and its note are two blocks (the same two lines): WeasyPrint lays
    # a line broken by <br> out far slower.
    value = (
        '<td class="chart-value"><strong dir="ltr">{}</strong><small>{}</small></td></tr>'
        if printed
        else '<td class="chart-value"><strong dir="ltr">{}</strong><br><small>{}</small></td></tr>'
    )
    body = format_html_join(
        "",
        "<tr>" + head + '<td class="chart-track">{}</td>' + value,
        (
            (
                label,
                _bar(0 if value is None else value / value_max, rtl, printed),
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


def column_chart(
    rows, *, title: str, value_max: float = 100.0, fmt=percent, printed=False
) -> SafeString:
    """Vertical columns in time order (a monthly trend). rows: (label, value or None).
    `printed`: for the PDF."""
    values = format_html_join(
        "", '<td class="chart-value"><span dir="ltr">{}</span></td>', ((fmt(v),) for _l, v in rows)
    )
    columns = format_html_join(
        "",
        "<td>{}</td>",
        ((_column(0 if v is None else v / value_max, printed),) for _l, v in rows),
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


def _column(fraction: float, printed: bool = False) -> SafeString:
    height = max(0.0, min(fraction, 1.0)) * 100
    if printed:
        return format_html(
            '<span class="chart-column" '
            'style="background: linear-gradient(to top, {} {}%, {} {}%)"></span>',
            GREEN,
            f"{height:.2f}",
            TRACK,
            f"{height:.2f}",
        )
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


def _ratings(n: int) -> str:
    return ngettext("%(n)s rating", "%(n)s ratings", n) % {"n": n}


def report_charts(report, printed: bool = False) -> dict:
    """The managers' report's charts, for its page and (`printed`) its PDF, whose bars and
    columns are plain boxes painted by a gradient, the same shapes and colours as the page's
    SVG ones."""
    from .models import QuestionKind

    def rows(items):
        return [(r.label, r.index, _ratings(r.rated)) for r in items]

    return {
        "monthly": column_chart(
            [(r.label, r.index) for r in report.monthly],
            title=_("Satisfaction index by month"),
            printed=printed,
        ),
        "questions": bar_chart(
            [
                (r.label, r.mean, _ratings(r.rated))
                for r in report.questions
                if r.kind == QuestionKind.RATING
            ],
            title=_("Mean rating per question (out of 5)"),
            value_max=5,
            fmt=lambda v: "—" if v is None else f"{v:.2f}",
            printed=printed,
        ),
        "channel": bar_chart(
            rows(report.by_channel), title=_("Satisfaction index by channel"), printed=printed
        ),
        "service": bar_chart(
            rows(report.by_service),
            title=_("Satisfaction index by service"),
            stored=True,
            printed=printed,
        ),
        "staff": bar_chart(
            rows(report.by_staff),
            title=_("Satisfaction index by staff member"),
            stored=True,
            printed=printed,
        ),
    }


def _decimal1(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def report_tables(report) -> dict:
    """The managers' report's tables of figures (a label and a number a row), for its page and
    its PDF: requests by channel and by service, the committee's decisions, complaints."""
    no_requests = _("No requests in this period.")
    decisions, complaints = report.decisions, report.complaints
    return {
        "channel": {
            "title": _("Requests by channel"),
            "rows": [(row["label"], row["count"]) for row in report.volume_channel],
            "empty": no_requests,
        },
        "service": {
            "title": _("Requests by service"),
            "rows": [(row["label"], row["count"]) for row in report.volume_service],
            "empty": no_requests,
            "stored": True,
        },
        "decisions": {
            "title": _("Committee decisions"),
            "rows": [
                (_("Requests completed in the period"), decisions["completed"]),
                (_("Decided within 14 days"), decisions["on_time"]),
                (_("Decided late"), decisions["late"]),
                (_("Past 14 days with no decision"), decisions["overdue"]),
                (_("Still within their 14 days"), decisions["pending"]),
                (_("Median days to decision"), _decimal1(decisions["median_days"])),
            ],
        },
        "complaints": {
            "title": _("Complaints and suggestions"),
            "rows": [
                (_("Complaints received"), complaints["complaints"]),
                (_("Suggestions received"), complaints["suggestions"]),
                (_("Still open"), complaints["open"]),
                (_("Resolved"), complaints["resolved"]),
                (_("Mean hours to resolve"), _decimal1(complaints["mean_hours"])),
                (_("Median hours to resolve"), _decimal1(complaints["median_hours"])),
            ],
        },
    }


def figures_table(table: dict, heading_id: str = "") -> SafeString:
    """One of `report_tables`' tables as the page and the PDF show it: its title, then a row
    per (label, number), or the table's words for none; stored labels (services' names) are
    isolated in their own direction."""
    rows = table["rows"]
    if rows:
        head = (
            '<th scope="row"><bdi>{}</bdi></th>'
            if table.get("stored")
            else '<th scope="row">{}</th>'
        )
        body = format_html_join(
            "",
            "<tr>" + head + '<td><span dir="ltr">{}</span></td></tr>',
            ((label, localize(value)) for label, value in rows),
        )
    else:
        body = format_html('<tr><td colspan="2">{}</td></tr>', table["empty"])
    return format_html(
        '<h2 class="h5"{}>{}</h2>'
        '<table class="table table-sm report-table"><tbody>{}</tbody></table>',
        format_html(' id="{}"', heading_id) if heading_id else "",
        table["title"],
        body,
    )

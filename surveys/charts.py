"""Charts drawn on the server, with no JavaScript: the same tables go into the page and the
PDF. The page's shapes are SVG, the PDF's plain boxes painted by a gradient (WeasyPrint lays out
each SVG as a document of its own); the words stay in HTML table cells, because WeasyPrint
draws SVG text without Arabic shaping or right-to-left ordering. A table also gives the
right-to-left layout for free (in Arabic the first row's label is on the right and the months
run from the right) and is what a screen reader reads."""

import functools

from django.conf import settings
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_bidi, gettext_noop, ngettext
from django.utils.translation import gettext as _

# Django's conditional_escape, without its lazy-argument checks on every word of every row.
from makin.markup import escaped as escape

GREEN = "#0b5d4b"
TRACK = "#e6e1d3"


def percent(value) -> str:
    return "—" if value is None else f"{value:.0f}%"


# The charts' rows are joined as plain strings (every word escaped, the numbers formatted
# here) and marked safe once: the same markup as format_html's, without its per-argument work
# for every row of every chart on every request of the reports page.


def _bar(fraction: float, rtl: bool, printed: bool = False) -> str:
    length = max(0.0, min(fraction, 1.0)) * 100
    if printed:
        # In the PDF one box painted by a gradient with a hard stop, not an SVG of two
        # rectangles: WeasyPrint parses, lays out and draws each SVG as a document of its own.
        # Its length a class per whole percent (`printed_chart_styles`), not a style attribute
        # WeasyPrint would parse for each bar, and whose style it could not share.
        return f'<span class="chart-bar bar-{int(length + 0.5)}"></span>'
    x = 100 - length if rtl else 0
    return (
        '<svg class="chart-bar" viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" '
        'height="18" aria-hidden="true" focusable="false">'
        f'<rect x="0" y="0" width="100" height="10" fill="{TRACK}" rx="1"/>'
        f'<rect x="{x:.2f}" y="0" width="{length:.2f}" height="10" fill="{GREEN}" rx="1"/></svg>'
    )


def bar_chart(
    rows, *, title: str, value_max: float = 100.0, fmt=percent, stored=False, printed=False
) -> SafeString:
    """Horizontal bars. rows: (label, value or None, note); note is shown after the value
    (e.g. how many answers it rests on). `stored`: the labels are stored data (people's and
    services' names), isolated in their own direction. `printed`: for the PDF."""
    rtl = get_language_bidi()
    head = '<tr><th scope="row"><bdi>%s</bdi></th>' if stored else '<tr><th scope="row">%s</th>'
    # In the PDF the value and its note are two blocks (the same two lines): WeasyPrint lays
    # a line broken by <br> out far slower. A number alone in its block reads the same in
    # either direction, and the block keeps the cell's (and its alignment).
    value = (
        '<td class="chart-value"><strong>%s</strong><small>%s</small></td></tr>'
        if printed
        else '<td class="chart-value"><strong dir="ltr">%s</strong><br><small>%s</small></td></tr>'
    )
    body = "".join(
        head % escape(label)
        + '<td class="chart-track">'
        + _bar(0 if number is None else number / value_max, rtl, printed)
        + "</td>"
        + value % (escape(fmt(number)), escape(note))
        for label, number, note in rows
    )
    # Every word above is escaped.
    return mark_safe(
        f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
        f'<table class="chart-bars">{body}</table></figure>'
    )


def column_chart(
    rows, *, title: str, value_max: float = 100.0, fmt=percent, printed=False
) -> SafeString:
    """Vertical columns in time order (a monthly trend). rows: (label, value or None).
    `printed`: for the PDF."""
    values = "".join(
        f'<td class="chart-value"><span dir="ltr">{escape(fmt(v))}</span></td>' for _l, v in rows
    )
    columns = "".join(
        f"<td>{_column(0 if v is None else v / value_max, printed)}</td>" for _l, v in rows
    )
    labels = "".join(f'<th scope="col">{escape(label)}</th>' for label, _v in rows)
    # Every word above is escaped.
    return mark_safe(
        f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
        f'<table class="chart-columns"><tr>{values}</tr><tr>{columns}</tr><tr>{labels}</tr>'
        "</table></figure>"
    )


def _column(fraction: float, printed: bool = False) -> str:
    height = max(0.0, min(fraction, 1.0)) * 100
    if printed:
        return f'<span class="chart-column column-{int(height + 0.5)}"></span>'
    return (
        '<svg class="chart-column" viewBox="0 0 30 100" preserveAspectRatio="none" width="30" '
        'height="140" aria-hidden="true" focusable="false">'
        f'<rect x="0" y="0" width="30" height="100" fill="{TRACK}" rx="2"/>'
        f'<rect x="0" y="{100 - height:.2f}" width="30" height="{height:.2f}" fill="{GREEN}" '
        'rx="2"/></svg>'
    )


@functools.cache
def _printed_styles(rtl: bool) -> str:
    side = "left" if rtl else "right"
    return "\n".join(
        f".bar-{n} {{ background: linear-gradient(to {side}, {GREEN} {n}%, {TRACK} {n}%); }}"
        f" .column-{n} {{ background: linear-gradient(to top, {GREEN} {n}%, {TRACK} {n}%); }}"
        for n in range(101)
    )


def printed_chart_styles() -> SafeString:
    """The PDF's bars and columns, one class per whole percent filled, in the active
    language's direction: the same text on every render, so its stylesheet is parsed once
    per process (`makin.pdf`)."""
    return mark_safe(_printed_styles(get_language_bidi()))  # numbers and colours only


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
        head = '<tr><th scope="row"><bdi>' if table.get("stored") else '<tr><th scope="row">'
        tail = "</bdi></th>" if table.get("stored") else "</th>"
        body = "".join(
            f'{head}{escape(label)}{tail}<td><span dir="ltr">{_number(value)}</span></td></tr>'
            for label, value in rows
        )
    else:
        body = f'<tr><td colspan="2">{escape(table["empty"])}</td></tr>'
    heading = f' id="{escape(heading_id)}"' if heading_id else ""
    # Every word above is escaped.
    return mark_safe(
        f'<h2 class="h5"{heading}>{escape(table["title"])}</h2>'
        f'<table class="table table-sm report-table"><tbody>{body}</tbody></table>'
    )


# The report's body, made in Python from its words in the reader's language (translated once
# per process and language) and the figures: the same markup as a template gave, without a
# template's work for every figure and row. The words are the portal's own.
_BODY_WORDS = {
    "key_figures": gettext_noop("Key figures"),
    "index": gettext_noop("Satisfaction index (share of 4 and 5)"),
    "mean": gettext_noop("Mean rating (out of 5)"),
    "response_rate": gettext_noop("Response rate"),
    "compliance": gettext_noop("Decided within 14 days of completion"),
    "complaints_open": gettext_noop("Complaints and suggestions still open"),
    "per_question": gettext_noop("Per question"),
    "question": gettext_noop("Question"),
    "answers": gettext_noop("Answers"),
    "mean_of_5": gettext_noop("Mean (out of 5)"),
    "satisfaction_index": gettext_noop("Satisfaction index"),
    "yes": gettext_noop("Yes"),
    "no_answers": gettext_noop("No answers in this period."),
    "latest_comments": gettext_noop("Latest comments"),
}
_BODY_PARTS: dict[str, dict[str, str]] = {}


def _body_parts() -> dict[str, str]:
    language = get_language()
    parts = _BODY_PARTS.get(language)
    if parts is None:
        words = {name: escape(_(text)) for name, text in _BODY_WORDS.items()}
        parts = {
            "figures_head": (
                '<section class="report-section" aria-labelledby="figures-heading">'
                f'<h2 class="h5" id="figures-heading">{words["key_figures"]}</h2>'
                '<div class="report-figures">'
            ),
            "questions_head": (
                '<section class="report-section" aria-labelledby="questions-heading">'
                f'<h2 class="h5" id="questions-heading">{words["per_question"]}</h2>'
                '<div class="table-responsive"><table class="table table-sm report-table">'
                f'<thead><tr><th scope="col">{words["question"]}</th>'
                f'<th scope="col">{words["answers"]}</th>'
                f'<th scope="col">{words["mean_of_5"]}</th>'
                f'<th scope="col">{words["satisfaction_index"]}</th>'
                f'<th scope="col">{words["yes"]}</th></tr></thead><tbody>'
            ),
            "no_answers_row": f'<tr><td colspan="5">{words["no_answers"]}</td></tr>',
            "comments_head": (
                '<section class="report-section" aria-labelledby="comments-heading">'
                f'<h2 class="h5" id="comments-heading">{words["latest_comments"]}</h2>'
                '<ul class="report-comments">'
            ),
            **words,
        }
        _BODY_PARTS[language] = parts
    return parts


def _figure(name: str, value: str, label: str, note: str = "") -> str:
    note = f'<div class="report-figure-note">{note}</div>' if note else ""
    return (
        f'<div class="report-figure"><div class="report-figure-value" data-figure="{name}">'
        f'<span dir="ltr">{value}</span></div><div class="report-figure-label">{label}</div>'
        f"{note}</div>"
    )


def _number(value) -> str:
    """A figure as a template writes it (`{{ n }}`): localised and escaped (a count without
    thousands separators is its digits)."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return escape(localize(value))


def _decimal2(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def report_body(report, charts: dict, tables: dict) -> SafeString:
    """The report's sections as its page and its PDF show them: the key figures, the charts
    (`report_charts`), the figures per question, the tables of figures (`report_tables`) and
    the latest comments."""
    parts = _body_parts()
    overall, decisions, complaints = report.overall, report.decisions, report.complaints
    rated = overall.rated
    figures = "".join(
        (
            _figure(
                "index",
                escape(percent(overall.index)),
                parts["index"],
                ngettext("%(n)s rating", "%(n)s ratings", rated) % {"n": _number(rated)},
            ),
            _figure("mean", escape(_decimal2(overall.mean)), parts["mean"]),
            _figure(
                "response-rate",
                escape(percent(report.response_rate)),
                parts["response_rate"],
                _("%(answered)s answered of %(sent)s invitations")
                % {"answered": _number(report.responses), "sent": _number(report.invitations)},
            ),
            _figure(
                "compliance",
                escape(percent(decisions["compliance"])),
                parts["compliance"],
                _("Median: %(days)s days") % {"days": escape(_decimal1(decisions["median_days"]))},
            ),
            _figure(
                "complaints-open",
                _number(complaints["open"]),
                parts["complaints_open"],
                _("%(resolved)s resolved, median %(hours)s hours")
                % {
                    "resolved": _number(complaints["resolved"]),
                    "hours": escape(_decimal1(complaints["median_hours"])),
                },
            ),
        )
    )
    questions = "".join(
        (
            f'<tr><th scope="row"><bdi>{escape(row.label)}</bdi></th>'
            if row.label
            else '<tr><th scope="row"></th>'
        )
        + f'<td><span dir="ltr">{_number(row.answers)}</span></td>'
        f'<td><span dir="ltr">{escape(_decimal2(row.mean))}</span></td>'
        f'<td><span dir="ltr">{escape(percent(row.index))}</span></td>'
        f'<td><span dir="ltr">{escape(percent(row.yes_share))}</span></td></tr>'
        for row in report.questions
    )
    comments = ""
    if report.comments:
        comments = (
            parts["comments_head"]
            + "".join(f'<li dir="auto">{escape(c["text"])}</li>' for c in report.comments)
            + "</ul></section>"
        )
    # Every word and figure above is escaped; the charts and tables are made escaped.
    return mark_safe(
        f"{parts['figures_head']}{figures}</div></section>\n"
        f'<section class="report-section">{charts["monthly"]}</section>\n'
        f'<section class="report-section report-two"><div>{charts["questions"]}</div>'
        f"<div>{charts['channel']}</div></section>\n"
        f'<section class="report-section report-two"><div>{charts["service"]}</div>'
        f"<div>{charts['staff']}</div></section>\n"
        f"{parts['questions_head']}{questions or parts['no_answers_row']}</tbody></table></div>"
        "</section>\n"
        '<section class="report-section report-two" aria-labelledby="volume-heading">'
        f"<div>{figures_table(tables['channel'], 'volume-heading')}</div>"
        f"<div>{figures_table(tables['service'])}</div></section>\n"
        f'<section class="report-section report-two"><div>{figures_table(tables["decisions"])}'
        f"</div><div>{figures_table(tables['complaints'])}</div></section>\n"
        f"{comments}"
    )

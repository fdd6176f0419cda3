import datetime
import functools
import html

from django import template
from django.utils import timezone, translation
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from makin import dates
from makin.badges import badge_html
from makin.channels import Channel
from makin.links import keyed_url
from makin.markup import escaped, format_markup, join_markup
from requests.deadlines import DueState, due_state
from requests.models import Status

register = template.Library()


@register.simple_tag(takes_context=True)
def due_badge(context, request):
    """Days left before the committee's answer is due; near-due and overdue stand out. Built in
    Python rather than by a template of its own: the queues draw one on every row."""
    today = context.get("today") or timezone.localdate()
    return _due_of(request, today, translation.get_language())


# The words and badges below depend only on their arguments and the language: each is worked
# out once per process (a queue shows the same few on every row and every page).


@functools.lru_cache(maxsize=4096)
def _due_html(days_left: int, state, due: datetime.date, language: str | None) -> str:
    if state == DueState.OVERDUE:
        days = -days_left
        words = ngettext("Overdue by %(days)s day", "Overdue by %(days)s days", days)
    elif state == DueState.TODAY:
        days, words = None, gettext("Due today")
    else:
        days = days_left
        words = ngettext("%(days)s day left", "%(days)s days left", days)
    if days is not None:
        words %= {"days": localize(days)}
    return badge_html(state, label=words, title=dates.dual(due))


@functools.lru_cache(maxsize=256)
def _status_badge(status: str, language: str | None) -> str:
    return badge_html(status, "requests.Status")


@functools.lru_cache(maxsize=256)
def _channel_label(channel: str, language: str | None) -> str:
    return str(dict(Channel.choices).get(channel, channel))


# A queue's row; the column names (the data-label of each cell) are put in once a page, the
# row's values each escaped as format_html would.
QUEUE_ROW = (
    "<tr>"
    '<td class="text-nowrap card-first" data-label="{}"><a href="{{}}" dir="ltr">{{}}</a></td>'
    '<td class="card-first" data-label="{}"><bdi>{{}}</bdi>'
    '<div class="small text-muted" dir="ltr">{{}}</div></td>'
    '<td data-label="{}">{{}}</td>'
    '<td class="text-nowrap card-first" data-label="{}">{{}}</td>'
    '<td class="small" data-label="{}">{{}}</td>'
    '<td class="small" data-label="{}">{{}}</td>'
    '<td class="text-nowrap card-first" data-label="{}">{{}}</td>'
    "</tr>\n"
)


def _service_name(arabic: str, english: str, language: str | None) -> str:
    """`portal.named` of a service read as its two names, escaped."""
    if language != "ar" and not english:
        return '<bdi lang="ar" dir="rtl">' + html.escape(arabic) + "</bdi>"
    return html.escape(english if language != "ar" else arabic)


@register.simple_tag(takes_context=True)
def queue_rows(context, page):
    """A queue's rows (`selectors.QueueRow`): reference (the link to the request), beneficiary,
    service, status, channel, submitted on, answer due. Built in Python, the column names
    translated and put in once for the page, and the request's address from its reference
    (`makin.links`)."""
    first = getattr(context.get("user"), "calendar_first", None) or "gregorian"
    language = translation.get_language()
    today = context.get("today") or timezone.localdate()
    labels = (
        gettext("Reference number"),
        gettext("Beneficiary"),
        gettext("Service"),
        gettext("Status"),
        gettext("Channel"),
        gettext("Submitted on"),
        gettext("Answer due"),
    )
    row = QUEUE_ROW.format(*map(html.escape, labels)).format
    detail_url = keyed_url("requests:detail")
    escape = html.escape
    return mark_safe(
        "".join(
            row(
                escape(detail_url(r.reference)),
                escape(r.reference),
                escape(
                    " ".join(
                        p
                        for p in (r.first_name, r.father_name, r.grandfather_name, r.family_name)
                        if p
                    )
                ),
                escape(r.national_id),
                _service_name(r.service_name_ar, r.service_name_en, language),
                escaped(_status_badge(r.status, language)),
                escaped(_channel_label(r.channel, language)),
                escape(dates.dual(r.submitted_at, first)),
                escaped(_due_of(r, today, language)),
            )
            for r in page
        )
    )


_NO_DUE = mark_safe('<span class="text-muted">—</span>')


def _due_of(row, today: datetime.date, language: str | None) -> str:
    due = due_state(row, today)
    if due is None:
        return _NO_DUE
    return _due_html(due.days_left, due.state, due.due, language)


MY_REQUEST_ROW = (
    '<div class="list-group-item">'
    '<div class="d-flex flex-wrap justify-content-between align-items-center gap-2">'
    '<div><a class="fw-bold" href="{}">{}</a>'
    '<div class="small text-muted"><span dir="ltr">{}</span> — {}</div></div>'
    '<div class="d-flex align-items-center gap-2">{}{}</div>'
    "</div></div>\n"
)
CONTINUE_LINK = '<a class="btn btn-sm btn-outline-success" href="{}">{}</a>'


@register.simple_tag(takes_context=True)
def my_request_rows(context, rows, editable):
    """An applicant's requests: the service (the link to the request), reference and date,
    the status, and "Continue" for a request still being written (its status in `editable`).
    Built in Python, the addresses from each request's reference (`makin.links`)."""
    first = getattr(context.get("user"), "calendar_first", None) or "gregorian"
    language = translation.get_language()
    detail_url = keyed_url("requests:my_detail")
    continue_url = keyed_url("requests:step_details")
    words = gettext("Continue")
    return join_markup(
        "",
        MY_REQUEST_ROW,
        (
            (
                detail_url(r.reference),
                mark_safe(_service_name(r.service.name_ar, r.service.name_en, language)),
                r.reference,
                dates.dual(r.created_at, first),
                _status_badge(r.status, language),
                format_markup(CONTINUE_LINK, continue_url(r.reference), words)
                if r.status in editable
                else "",
            )
            for r in rows
        ),
    )


@register.filter
def status_happened(status) -> str:
    """What a move to this status means, in plain words for the applicant."""
    from requests.text import STATUS_STORY

    return STATUS_STORY[Status(status)][0]


@register.inclusion_tag("requests/includes/_dashboard_panel.html", takes_context=True)
def requests_panel(context):
    """The requests part of a role's home: work waiting, due dates, shortcuts."""
    from makin.rules import holds
    from requests.selectors import dashboard_summary

    user = context["user"]
    return {
        "user": user,
        "can_walk_in": holds(user, "requests.register_walk_in"),
        "can_research": holds(user, "requests.view_research_queue"),
        **dashboard_summary(user=user),
    }


MY_SUMMARY = (
    '<dl class="row mb-0">\n'
    '  <dt class="col-sm-4">{}</dt>\n'
    '  <dd class="col-sm-8">\n'
    '    <bdi>{}</bdi> (<span dir="ltr">{}</span>)\n'
    "  </dd>\n"
    '  <dt class="col-sm-4">{}</dt>\n'
    '  <dd class="col-sm-8">\n    {}\n  </dd>\n'
    '  <dt class="col-sm-4">{}</dt>\n'
    '  <dd class="col-sm-8">\n    {}\n  </dd>\n'
    '  <dt class="col-sm-4">{}</dt>\n'
    '  <dd class="col-sm-8 text-break" dir="auto">\n    {}\n  </dd>\n'
    '  <dt class="col-sm-4">{}</dt>\n'
    '  <dd class="col-sm-8">\n    {}\n  </dd>\n'
    "{}{}</dl>"
)
MY_SUMMARY_DATE = '  <dt class="col-sm-4">{}</dt>\n  <dd class="col-sm-8">\n    {}\n  </dd>\n'


@register.simple_tag
def my_request_summary(obj):
    """The applicant's page's summary of their request, as `includes/_request_summary.html`
    (which the staff's pages keep) marks it up, built in Python: the beneficiary, service,
    channel, details, amount, and the submission and deadline dates when there are any. The
    labels go in as `{% translate %}` puts them, unescaped."""
    from django.template.defaultfilters import linebreaksbr

    from makin.display import money

    beneficiary = obj.beneficiary
    language = translation.get_language()
    return format_markup(
        MY_SUMMARY,
        mark_safe(gettext("Beneficiary")),
        beneficiary.full_name,
        beneficiary.national_id,
        mark_safe(gettext("Service")),
        mark_safe(_service_name(obj.service.name_ar, obj.service.name_en, language)),
        mark_safe(gettext("Channel")),
        obj.get_channel_display(),
        mark_safe(gettext("Details of the request")),
        linebreaksbr(obj.details, autoescape=True) if obj.details else "—",
        mark_safe(gettext("Amount asked")),
        money(obj.amount_requested) if obj.amount_requested is not None else "—",
        format_markup(
            MY_SUMMARY_DATE, mark_safe(gettext("Submitted on")), dates.dual(obj.submitted_at)
        )
        if obj.submitted_at
        else "",
        format_markup(
            MY_SUMMARY_DATE,
            mark_safe(gettext("The committee's answer is due by")),
            dates.dual(obj.decision_due),
        )
        if obj.decision_due
        else "",
    )

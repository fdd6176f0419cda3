"""The request app's rows on a person's case page, and a request's timeline, built in Python
with the same markup as a template would give: the column names translated and the request's
address reversed once for the section rather than on every row."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from makin import dates
from makin.badges import badge_html
from makin.links import keyed_url
from makin.markup import format_markup, join_markup
from makin.templatetags.portal import stored

from .requests_tags import due_badge, status_happened

register = template.Library()

REQUEST_ROW = (
    "<tr>"
    '<td class="card-first text-nowrap" data-label="{}"><a href="{}" dir="ltr">{}</a></td>'
    '<td data-label="{}">{}</td>'
    '<td class="card-first" data-label="{}">{}</td>'
    '<td class="card-first" data-label="{}">{}</td>'
    '<td data-label="{}">{}</td>'
    "</tr>\n"
)


@register.simple_tag(takes_context=True)
def case_request_rows(context, requests):
    """The person's requests: reference (the link to the request), service, status, when the
    decision is due, opened on."""
    reference, service, status, due, opened = (
        gettext("Reference"),
        gettext("Service"),
        gettext("Status"),
        gettext("Decision due"),
        gettext("Opened on"),
    )
    detail = keyed_url("requests:detail")
    return join_markup(
        "",
        REQUEST_ROW,
        (
            (
                reference,
                detail(item.reference),
                item.reference,
                service,
                item.service,
                status,
                badge_html(item.status, "requests.Status"),
                due,
                due_badge(context, item),
                opened,
                dates.dual(item.created_at),
            )
            for item in requests
        ),
    )


@register.simple_tag
def timeline_entries(timeline, show_actor=False, show_all=False):
    """A request's timeline (`includes/_timeline.html`): each change's status and time, what
    it means, who made it (`show_actor`), and its words and note when the reader may see them
    (`show_all`: staff, who also read to whom a change was not shown)."""
    by, hidden = gettext("By"), gettext("Not shown to the applicant")
    entries = []
    for change in timeline:
        parts = [
            format_markup(
                '<li class="border-start border-3 ps-3 pb-3">'
                '<div class="d-flex flex-wrap gap-2 align-items-center">{}'
                '<span class="small text-muted">{}</span></div><div>{}</div>',
                badge_html(change.to_status, "requests.Status"),
                dates.dual_datetime(change.created_at),
                status_happened(change.to_status),
            )
        ]
        if show_actor and change.actor:
            parts.append(format_markup('<div class="small">{}: {}</div>', by, stored(change.actor)))
        if show_all or change.for_applicant:
            if show_all and not change.for_applicant:
                parts.append(
                    format_markup(
                        '<div class="small text-muted">{}: {}</div>',
                        hidden,
                        change.get_audience_display(),
                    )
                )
            html = change.html
            if html:
                parts.append(format_markup('<div class="small">{}</div>', html))
            if change.note:
                parts.append(
                    format_markup(
                        '<div class="small text-break notes" dir="auto">{}</div>',
                        linebreaksbr(change.note, autoescape=True),
                    )
                )
        parts.append("</li>\n")
        entries.append("".join(parts))
    return mark_safe("".join(entries))  # each part built by format_html

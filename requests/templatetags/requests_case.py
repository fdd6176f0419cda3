"""The request app's rows on a person's case page, built in Python with the same markup as a
template would give: the column names translated and the request's address reversed once for
the section rather than on every row."""

from django import template
from django.utils.html import format_html_join
from django.utils.translation import gettext

from makin import dates
from makin.badges import badge_html
from makin.links import Link

from .requests_tags import due_badge

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
    detail = Link("requests:detail")
    return format_html_join(
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

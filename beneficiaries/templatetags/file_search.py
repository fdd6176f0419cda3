"""The file search's rows, made in Python: a search page shows 25 of them."""

import html

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from makin import dates
from makin.links import keyed_url

register = template.Library()

# The column names (each cell's data-label) are put in once a page; the row's values each
# escaped as format_html would.
FILE_ROW = (
    "<tr>"
    '<td class="card-first" data-label="{}"><a href="{{}}"><bdi>{{}}</bdi></a></td>'
    '<td class="card-first" data-label="{}"><span dir="ltr">{{}}</span></td>'
    '<td class="d-none d-md-table-cell" data-label="{}"><span dir="ltr">{{}}</span></td>'
    '<td class="d-none d-md-table-cell" data-label="{}">{{}}</td>'
    '<td class="d-none d-lg-table-cell" data-label="{}">{{}}</td>'
    "</tr>\n"
)


@register.simple_tag(takes_context=True)
def file_rows(context, files):
    """Name (the link to the file), ID number, mobile, birth date, district; the column names
    translated once for the page, each file's address from its key (`makin.links`). A file is
    a Beneficiary or a `selectors.FileRow` (a name's first page)."""
    first = getattr(context.get("user"), "calendar_first", None) or "gregorian"
    labels = (
        gettext("Name"),
        gettext("ID number"),
        gettext("Mobile"),
        gettext("Birth date"),
        gettext("District"),
    )
    row = FILE_ROW.format(*map(html.escape, labels)).format
    file_url = keyed_url("beneficiaries:staff_file")
    escape = html.escape
    return mark_safe(
        "".join(
            row(
                escape(file_url(file.pk)),
                escape(file.full_name),
                escape(file.national_id),
                conditional_escape(file.mobile),
                escape(dates.dual(file.birth_date, first)),
                escape(file.district),
            )
            for file in files
        )
    )

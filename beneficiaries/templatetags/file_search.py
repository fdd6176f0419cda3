"""The file search's rows, made in Python: a search page shows 25 of them."""

from django import template
from django.utils.html import format_html_join
from django.utils.translation import gettext

from makin import dates
from makin.links import keyed_url

register = template.Library()

FILE_ROW = (
    "<tr>"
    '<td class="card-first" data-label="{}"><a href="{}"><bdi>{}</bdi></a></td>'
    '<td class="card-first" data-label="{}"><span dir="ltr">{}</span></td>'
    '<td class="d-none d-md-table-cell" data-label="{}"><span dir="ltr">{}</span></td>'
    '<td class="d-none d-md-table-cell" data-label="{}">{}</td>'
    '<td class="d-none d-lg-table-cell" data-label="{}">{}</td>'
    "</tr>\n"
)


@register.simple_tag(takes_context=True)
def file_rows(context, files):
    """Name (the link to the file), ID number, mobile, birth date, district; the column names
    translated once for the page, each file's address from its key (`makin.links`)."""
    first = getattr(context.get("user"), "calendar_first", None) or "gregorian"
    name, national_id, mobile, birth_date, district = (
        gettext("Name"),
        gettext("ID number"),
        gettext("Mobile"),
        gettext("Birth date"),
        gettext("District"),
    )
    file_url = keyed_url("beneficiaries:staff_file")
    return format_html_join(
        "",
        FILE_ROW,
        (
            (
                name,
                file_url(file.pk),
                file.full_name,
                national_id,
                file.national_id,
                mobile,
                file.mobile,
                birth_date,
                dates.dual(file.birth_date, first),
                district,
                file.district,
            )
            for file in files
        ),
    )

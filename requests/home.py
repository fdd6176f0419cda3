"""The applicant's requests on their home (`makin.case.HomePart`): their latest three, read
with the home's other lists in one statement and drawn in Python with the markup the
requests panel's template gave them.
The catalogue's words go in as the template's `{% translate %}` put them, unescaped."""

from django.db.models import OuterRef
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from makin.case import HomePart, Rows
from makin.links import address, keyed_url
from makin.markup import format_markup, join_markup

from .models import SupportRequest
from .templatetags.requests_tags import _service_name, _status_badge

LATEST = Rows(
    SupportRequest.objects.filter(beneficiary__owner=OuterRef("pk")).order_by("-created_at", "-pk")[
        :3
    ],
    ("reference", "status", "service__name_ar", "service__name_en"),
)

PANEL = (
    '\n\n  <section class="card p-4 mt-3" aria-labelledby="requests-panel-title">\n'
    '    <div class="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-2">\n'
    '      <h2 class="h5 mb-0" id="requests-panel-title">{}</h2>\n'
    '      <a class="btn btn-sm btn-success" href="{}">{}</a>\n'
    "    </div>\n"
    '    <ul class="list-unstyled mb-2">\n'
    "      {}\n"
    "    </ul>\n"
    '    <a href="{}">{}</a>\n'
    "  </section>\n\n"
)
ROW = (
    "\n"
    '        <li class="d-flex justify-content-between align-items-center gap-2 py-1">\n'
    '          <a href="{}">{} — <span dir="ltr">{}</span></a>\n'
    "          {}\n"
    "        </li>\n"
    "      "
)
NONE = '\n        <li class="text-muted">{}</li>\n      '


def draw(lists, *, user) -> str:
    language = translation.get_language()
    latest = lists["latest"]
    if latest:
        detail_url = keyed_url("requests:my_detail")
        rows = join_markup(
            "",
            ROW,
            (
                (
                    detail_url(r.reference),
                    mark_safe(_service_name(r.service.name_ar, r.service.name_en, language)),
                    r.reference,
                    _status_badge(r.status, language),
                )
                for r in latest
            ),
        )
    else:
        rows = format_markup(NONE, mark_safe(gettext("You have no requests yet.")))
    return format_markup(
        PANEL,
        mark_safe(gettext("My requests")),
        address("requests:new"),
        mark_safe(gettext("New request")),
        rows,
        address("requests:my_list"),
        mark_safe(gettext("All my requests")),
    )


MY_REQUESTS = HomePart("requests", {"latest": LATEST}, draw)

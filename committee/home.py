"""The committee's decisions on the applicant's home (`makin.case.HomePart`): the latest
letters, each with its request's reference and service, read with the home's other lists in
one statement and drawn in Python with the markup of the applicant panel's template.
The catalogue's words go in as the template's `{% translate %}` put them, unescaped."""

from django.db.models import OuterRef
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from makin.badges import badge_html
from makin.case import HomePart, Rows
from makin.links import address, keyed_url
from makin.markup import format_markup, join_markup
from requests.templatetags.requests_tags import _service_name

from .models import Decision
from .tally import LETTER_OUTCOMES

# As `selectors.letter_lines`: the five latest.
LETTERS = Rows(
    Decision.objects.filter(
        outcome__in=LETTER_OUTCOMES, item__request__beneficiary__owner=OuterRef("pk")
    ).order_by("-decided_at", "-pk")[:5],
    (
        "outcome",
        "item__request__reference",
        "item__request__service__name_ar",
        "item__request__service__name_en",
    ),
)

PANEL = (
    '\n\n  <section class="card p-4 mt-3" aria-labelledby="my-decisions">\n'
    '    <h2 class="h5" id="my-decisions">{}</h2>\n'
    '    <ul class="list-unstyled mb-2">\n'
    "      {}\n"
    "    </ul>\n"
    '    <a href="{}">{}</a>\n'
    "  </section>\n\n"
)
ROW = (
    "\n"
    '        <li class="mb-2">\n'
    '          <span dir="ltr">{}</span> — {}:\n'
    "          {}\n\n"
    '          <a href="{}">{}</a>\n'
    "        </li>\n"
    "      "
)


def draw(lists, *, user) -> str:
    letters = lists["letters"]
    if not letters:
        return "\n\n"
    language = translation.get_language()
    letter_url = keyed_url("committee:letter")
    words = mark_safe(gettext("The letter (PDF)"))
    rows = join_markup(
        "",
        ROW,
        (
            (
                d.item.request.reference,
                mark_safe(
                    _service_name(
                        d.item.request.service.name_ar, d.item.request.service.name_en, language
                    )
                ),
                badge_html(d.outcome, "committee.Outcome"),
                letter_url(d.pk),
                words,
            )
            for d in letters
        ),
    )
    return format_markup(
        PANEL,
        mark_safe(gettext("The committee's decisions on your requests")),
        rows,
        address("committee:letter_list"),
        mark_safe(gettext("All my letters")),
    )


MY_LETTERS = HomePart("letters", {"letters": LETTERS}, draw)

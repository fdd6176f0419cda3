"""The staff homes' panels (reception, the researcher, the manager) drawn in Python with the
markup their templates had: a panel's words and addresses made once per language, the figures
put in per request. Every figure of the home comes from one statement (`dashboard_summary`
with the other panels' reads as `extra`)."""

import functools

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop, ngettext

from beneficiaries.selectors import AWAITING_FILES_SQL, OPEN_DUPLICATES_SQL, awaiting_files_read
from makin.links import _reversal, address, keyed_url
from makin.markup import escaped, join_markup
from makin.rules import holds
from requests.selectors import dashboard_summary

register = template.Library()


def _card(figure: str, label: str, link: str = "", border: str = "") -> tuple[str, str]:
    """One figure's box (a link to the queue filtered to it, when there is one), as the text
    before the figure and the figure's name."""
    if link:
        opening = (
            f'<a class="d-block border{border} rounded p-2 text-decoration-none" href="{link}">'
        )
        closing = "</a>"
    else:
        opening, closing = '<span class="d-block border rounded p-2">', "</span>"
    return (
        f'<div class="col-6 col-md-2">{opening}<span class="d-block fs-4">',
        figure,
        f'</span><span class="small">{escaped(label)}</span>{closing}</div>',
    )


def _button(css: str, view_name: str, label: str, query: str = "") -> str:
    return f'<a class="btn btn-sm {css}" href="{escaped(address(view_name))}{query}">{label}</a>'


@functools.lru_cache(maxsize=64)
def _requests_panel(can_walk_in: bool, can_research: bool, *_language) -> tuple[str, ...]:
    """The requests panel of a staff home: its text in pieces, every other piece the name of
    a figure (`submitted`, `incomplete`, `unassigned`, `in_research`, `near`, `overdue`,
    `referrals`), in the language and under the addresses of `_language`
    (`makin.links._reversal`)."""
    queue = escaped(address("requests:queue"))
    pieces = [
        '<section class="card p-4 mt-3" aria-labelledby="requests-panel-title">'
        f'<h2 class="h5" id="requests-panel-title">{escaped(gettext("Requests"))}</h2>'
        '<div class="row g-2 text-center mb-3">'
    ]
    for card in (
        _card("submitted", gettext("To check"), f"{queue}?status=submitted"),
        _card("incomplete", gettext("Waiting for the applicant")),
        _card("unassigned", gettext("Without a researcher")),
        _card("in_research", gettext("In social research")),
        _card("near", gettext("Due in 3 days or fewer"), f"{queue}?due=near", " border-warning"),
        _card("overdue", gettext("Overdue"), f"{queue}?due=overdue", " border-danger"),
    ):
        pieces[-1] += card[0]
        pieces += [card[1], card[2]]
    pieces[-1] += '</div><div class="d-flex flex-wrap gap-2">'
    if can_walk_in:
        pieces[-1] += _button(
            "btn-success", "requests:walk_in", escaped(gettext("Request for a visitor"))
        ) + _button(
            "btn-outline-success", "requests:contact_new", escaped(gettext("Log a contact"))
        )
    if can_research:
        pieces[-1] += _button(
            "btn-success", "requests:research_queue", escaped(gettext("My research queue"))
        )
    referrals = escaped(address("requests:referrals"))
    pieces[-1] += f'<a class="btn btn-sm btn-outline-secondary" href="{referrals}?open=1">'
    pieces += [
        "referrals",
        "</a>"
        + _button("btn-outline-secondary", "requests:tools", escaped(gettext("Guides and forms")))
        + "</div></section>",
    ]
    return tuple(pieces)


def requests_panel_html(user, summary: dict) -> str:
    """The requests panel of a staff home with `summary`'s figures (`dashboard_summary`)."""
    counts = summary["counts"]
    n = summary["open_referrals"]
    figures = {
        **counts,
        "unassigned": summary["unassigned"],
        # `{% blocktranslate count %}`'s words, with its escaping of the number.
        "referrals": ngettext("%(n)s unanswered referral", "%(n)s unanswered referrals", n)
        % {"n": escaped(n)},
    }
    pieces = _requests_panel(
        holds(user, "requests.register_walk_in"),
        holds(user, "requests.view_research_queue"),
        *_reversal(),
    )
    return mark_safe(  # the pieces escaped once per language, the figures numbers or escaped
        "".join(piece if i % 2 == 0 else str(figures[piece]) for i, piece in enumerate(pieces))
    )


@functools.lru_cache(maxsize=64)
def _file_panel(can_search: bool, can_register: bool, *_language) -> tuple[str, str, str]:
    """The staff's part of the beneficiary files' panel: the text before the duplicates'
    line (the card's heading alone for a person who may not search), the duplicates' link
    and the awaiting files' heading."""
    card = f'<div class="card p-4 mb-3"><h2 class="h5">{escaped(gettext("Beneficiary files"))}</h2>'
    if not can_search:
        return card, "", ""
    hint = escaped(gettext("ID number, mobile or name"))
    before = card + (
        f'<form method="get" action="{escaped(address("beneficiaries:search"))}"'
        ' class="d-flex gap-2 mb-3" role="search">'
        f'<label class="visually-hidden" for="panel-q">{hint}</label>'
        '<input type="search" name="q" id="panel-q" class="form-control"'
        f' placeholder="{hint}">'
        f'<button type="submit" class="btn btn-primary">{escaped(gettext("Search"))}</button>'
        '</form><ul class="list-inline mb-2">'
    )
    if can_register:
        before += (
            '<li class="list-inline-item"><a class="btn btn-outline-primary btn-sm"'
            f' href="{escaped(address("beneficiaries:register"))}">'
            f"{escaped(gettext('Register a visitor'))}</a></li>"
        )
    duplicates = (
        f'<li class="list-inline-item"><a href="{escaped(address("beneficiaries:duplicates"))}">'
    )
    heading = f'<h3 class="h6 mt-3">{escaped(gettext("Files with documents to verify"))}</h3>'
    return before, duplicates, heading


def file_panel_html(user, open_duplicates: int | None, awaiting: list) -> str:
    """The beneficiary files' panel of a staff home (search, registering, the duplicates to
    review, the files with documents to verify), as `_file_panel.html` drew it for staff."""
    if not holds(user, "beneficiaries.search_files"):
        return mark_safe(_file_panel(False, False, *_reversal())[0] + "</div>")  # escaped once
    before, duplicates, heading = _file_panel(
        True, holds(user, "beneficiaries.register_file"), *_reversal()
    )
    parts = [before]
    if open_duplicates is not None:
        words = ngettext(
            "%(n)s possible duplicate to review",
            "%(n)s possible duplicates to review",
            open_duplicates,
        ) % {"n": escaped(open_duplicates)}
        parts += [duplicates, words, "</a></li>"]
    parts.append("</ul>")
    if awaiting:
        link = keyed_url("beneficiaries:staff_file")
        parts += [
            heading,
            '<ul class="mb-0">',
            join_markup(
                "",
                '<li><a href="{}"><bdi>{}</bdi></a> '
                '<span class="text-muted small" dir="ltr">{}</span></li>',
                ((link(f.pk), f.full_name, f.national_id) for f in awaiting),
            ),
            "</ul>",
        ]
    parts.append("</div>")
    return mark_safe("".join(parts))  # the pieces escaped once per language, the rows escaped


@register.simple_tag(takes_context=True)
def desk_home(context) -> dict:
    """`{% desk_home as home %}`: the requests panel and the beneficiary files' panel of the
    reception's and the researcher's homes (`home.requests`, `home.files`), every figure in
    one statement. A person who is also an applicant gets the panels the applicant's home has
    (`home.fallback`)."""
    user = context["user"]
    if not holds(user, "requests.view_request") or holds(user, "beneficiaries.view_own_file"):
        return {"fallback": True}
    duplicates = holds(user, "beneficiaries.handle_duplicates")
    verify = holds(user, "beneficiaries.verify_file")
    extra = (OPEN_DUPLICATES_SQL,) * duplicates + (AWAITING_FILES_SQL,) * verify
    summary = dashboard_summary(user=user, extra=extra)
    values = list(summary["extra"])
    open_duplicates = values.pop(0) if duplicates else None
    awaiting = awaiting_files_read(values.pop(0)) if verify else []
    return {
        "requests": requests_panel_html(user, summary),
        "files": file_panel_html(user, open_duplicates, awaiting),
    }


# The satisfaction links of `_surveys_panel.html`, each shown to who holds its capability.
_SURVEY_LINKS = (
    ("surveys.view_reports", "surveys:report", gettext_noop("Satisfaction and service reports")),
    ("surveys.manage_surveys", "surveys:survey_list", gettext_noop("Surveys")),
    ("surveys.send_invitation", "surveys:invite", gettext_noop("Send a satisfaction survey")),
    (
        "surveys.handle_feedback",
        "surveys:feedback_queue",
        gettext_noop("Complaints and suggestions"),
    ),
    (
        "surveys.send_account_feedback",
        "surveys:my_feedback",
        gettext_noop("Send a complaint or a suggestion"),
    ),
)
# The "Your work" list of each staff home (`_reception_tasks.html` and its siblings).
_TASKS = {
    "reception": (
        gettext_noop("Receive walk-in and phone visitors politely and answer their questions."),
        gettext_noop("Register their file and request, and log every contact on any channel."),
        gettext_noop(
            "Check that the data is complete and valid at the time of submission (for "
            "example, the ID is not expired)."
        ),
        gettext_noop("Refer them to the social researcher when the procedure is unclear to them."),
    ),
    "researcher": (
        gettext_noop("Verify the data of the requests assigned to you."),
        gettext_noop("Record the home visit or interview and its findings."),
        gettext_noop("Write your recommendation to the research committee."),
    ),
    "manager": (
        gettext_noop("Follow beneficiary satisfaction and the service-level reports."),
        gettext_noop("Manage the service catalogue and the satisfaction surveys."),
        gettext_noop("Watch the two-week decision deadline across all requests."),
    ),
}


@functools.lru_cache(maxsize=128)
def _home_rows(role: str, shown: tuple[bool, ...], *_language) -> str:
    links = "".join(
        f'<li><a href="{escaped(address(view_name))}">{escaped(gettext(words))}</a></li>'
        for (_capability, view_name, words), show in zip(_SURVEY_LINKS, shown, strict=True)
        if show
    )
    tasks = "".join(f"<li>{escaped(gettext(task))}</li>" for task in _TASKS[role])
    return (
        '<div class="row g-3"><div class="col-12">'
        '<section class="card p-4" aria-labelledby="surveys-panel-heading">'
        '<h2 class="h5" id="surveys-panel-heading">'
        f"{escaped(gettext('Satisfaction and complaints'))}</h2>"
        f'<ul class="mb-0">{links}</ul></section></div></div>'
        '<div class="row g-3 mt-1"><div class="col-md-8"><div class="card p-4 h-100">'
        f'<h2 class="h5">{escaped(gettext("Your work"))}</h2><ul class="mb-0">{tasks}</ul>'
        '</div></div><div class="col-md-4"><div class="card p-4 h-100">'
        f'<h2 class="h5">{escaped(gettext("References"))}</h2><ul class="mb-0">'
        f'<li><a href="{escaped(address("makin:policy"))}">'
        f"{escaped(gettext('Beneficiary relations policy'))}</a></li>"
        f'<li><a href="{escaped(address("accounts:password_change"))}">'
        f"{escaped(gettext('Change your password'))}</a></li>"
        "</ul></div></div></div>"
    )


@register.simple_tag(takes_context=True)
def home_rows(context, role: str) -> str:
    """`{% home_rows "reception" %}`: a staff home's last rows, as `_surveys_panel.html` and
    `_work_and_references.html` drew them: the satisfaction links the person may follow, the
    role's work and the references. Made once per language and set of links."""
    perms = context["perms"]
    shown = tuple(capability in perms for capability, _view, _words in _SURVEY_LINKS)
    return mark_safe(_home_rows(role, shown, *_reversal()))  # escaped once per language

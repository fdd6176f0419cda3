"""The manager's home: the requests panel and the committee's deadline cards from one
statement (the open requests' counts and the decisions' tally together)."""

import functools

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from makin.links import _reversal, address
from makin.markup import escaped
from makin.rules import holds
from requests.models import COMMITTEE_WAITING
from requests.selectors import dashboard_summary
from requests.templatetags.staff_home import requests_panel_html

from ..tally import TALLY_SQL, deadline_row

register = template.Library()


@register.simple_tag(takes_context=True)
def manager_home(context) -> dict:
    """`{% manager_home as home %}`: `home.requests` (the requests panel) and `home.deadline`
    (the committee's deadline cards, the figures `committee.selectors.deadline_summary`
    gives). A
    person who may not read both, or is also an applicant, gets the panels one by one
    (`home.fallback`)."""
    user = context["user"]
    if (
        not holds(user, "requests.view_request")
        or not holds(user, "committee.view_decision_report")
        or holds(user, "requests.view_own_requests")
    ):
        return {"fallback": True}
    summary = dashboard_summary(user=user, extra=(TALLY_SQL,))
    waiting_overdue = sum(
        summary["by_status"][s]["overdue"] for s in COMMITTEE_WAITING if s in summary["by_status"]
    )
    return {
        "requests": requests_panel_html(user, summary),
        "deadline": deadline_cards_html(deadline_row(summary["extra"][0], waiting_overdue)),
    }


def _box(label: str, figure: str, extra: str = "", css: str = "") -> str:
    return (
        '<div class="col-sm-4"><div class="card p-3 h-100 text-center">'
        f'<div class="small text-muted">{escaped(label)}</div>'
        f'<div class="fs-3 fw-bold{css}" dir="ltr">{figure}</div>{extra}</div></div>'
    )


@functools.lru_cache(maxsize=16)
def _deadline_words(*_language) -> tuple[str, ...]:
    """The cards' words and the link to every decision, in the language of `_language`."""
    decisions = address("committee:decision_report")
    return (
        '<section class="card p-4 mt-3" aria-labelledby="committee-deadline">'
        '<h2 class="h5" id="committee-deadline">'
        f"{escaped(gettext('Committee decisions within the deadline'))}</h2>"
        '<div class="row g-3">',
        gettext("Decided within two weeks"),
        gettext("%(on_time)s of %(total)s decisions"),
        gettext("Decided late"),
        gettext("Waiting and overdue now"),
        f'</div><a class="d-inline-block mt-3" href="{escaped(decisions)}">'
        f"{escaped(gettext('All decisions'))}</a></section>",
    )


def deadline_cards_html(summary: dict) -> str:
    """The managers' deadline cards (`_manager_panel.html` with `_deadline_cards.html`) drawn
    with `summary`'s figures (`deadline_row`)."""
    opening, within, of_total, late, waiting, closing = _deadline_words(*_reversal())
    percent = "—" if summary["percent"] is None else f"{escaped(summary['percent'])}%"
    share = of_total % {
        "on_time": escaped(summary["on_time"]),
        "total": escaped(summary["total"]),
    }
    overdue = summary["waiting_overdue"]
    return mark_safe(  # words escaped once per language, figures escaped
        opening
        + _box(within, percent, f'<div class="small">{share}</div>')
        + _box(late, escaped(summary["late"]))
        + _box(waiting, escaped(overdue), css=" text-danger" if overdue else "")
        + closing
    )

"""The manager's home: the requests panel and the committee's deadline cards from one
statement (the open requests' counts and the decisions' tally together)."""

from django import template

from makin.rules import holds
from requests.models import COMMITTEE_WAITING
from requests.selectors import dashboard_summary
from requests.templatetags.staff_home import requests_panel_html

from ..tally import TALLY_SQL, deadline_row

register = template.Library()


@register.simple_tag(takes_context=True)
def manager_home(context) -> dict:
    """`{% manager_home as home %}`: `home.requests` (the requests panel) and `home.summary`
    (the deadline cards' figures, as `committee.selectors.deadline_summary` gives them). A
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
        "summary": deadline_row(summary["extra"][0], waiting_overdue),
    }

"""Small display helpers of the committee's pages and the panels it adds to the role homes."""

import datetime

from django import template
from django.utils import timezone

from requests.models import Status

from .. import selectors
from ..models import Outcome

register = template.Library()

REQUEST_BADGES = {
    Status.READY_FOR_COMMITTEE: "text-bg-info",
    Status.IN_COMMITTEE: "text-bg-primary",
    Status.APPROVED: "text-bg-success",
    Status.REJECTED: "text-bg-danger",
    Status.DEFERRED: "text-bg-warning",
    Status.IN_RESEARCH: "text-bg-warning",
    Status.IN_DELIVERY: "text-bg-success",
    Status.DELIVERED: "text-bg-success",
    Status.CLOSED: "text-bg-dark",
}
OUTCOME_BADGES = {
    Outcome.APPROVE: "text-bg-success",
    Outcome.REJECT: "text-bg-danger",
    Outcome.DEFER: "text-bg-warning",
}


@register.filter
def days_left(due: datetime.date | None) -> int | None:
    """Days from today to the decision date (negative when overdue)."""
    if due is None:
        return None
    return (due - timezone.localdate()).days


@register.filter
def request_badge(status: str) -> str:
    return REQUEST_BADGES.get(Status(status), "text-bg-secondary")


@register.filter
def outcome_badge(outcome: str) -> str:
    return OUTCOME_BADGES[Outcome(outcome)]


@register.filter
def money(value) -> str:
    """An amount in riyals as 3,600.00, the way the association writes it on every page."""
    if value in (None, ""):
        return ""
    return f"{value:,.2f}"


@register.filter
def absolute(value: int) -> int:
    return abs(value)


@register.inclusion_tag("committee/includes/_dashboard.html", takes_context=True)
def committee_dashboard(context):
    """The committee's home: requests waiting by days left (overdue first) and the next
    meeting's agenda."""
    meeting = selectors.next_meeting()
    return {
        "user": context["user"],
        "waiting": list(selectors.waiting_requests()[:50]),
        "meeting": meeting,
        "items": list(selectors.agenda_items(meeting)) if meeting else [],
    }


@register.inclusion_tag("committee/includes/_manager_panel.html")
def committee_manager_panel():
    return {"summary": selectors.deadline_summary()}


@register.inclusion_tag("committee/includes/_applicant_panel.html", takes_context=True)
def committee_applicant_panel(context):
    return {"letters": list(selectors.letters_for(context["user"])[:5])}

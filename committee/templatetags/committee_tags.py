"""Small display helpers of the committee's pages and the panels it adds to the role homes."""

from django import template

from .. import selectors

register = template.Library()


@register.filter
def money(value) -> str:
    """An amount in riyals as 3,600.00, the way the association writes it on every page."""
    if value in (None, ""):
        return ""
    return f"{value:,.2f}"


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

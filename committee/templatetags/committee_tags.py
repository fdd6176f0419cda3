"""Small display helpers of the committee's pages and the panels it adds to the role homes."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("committee/includes/_dashboard.html", takes_context=True)
def committee_dashboard(context):
    """The committee's home: requests waiting by days left (overdue first) and the next
    meeting's agenda."""
    user = context["user"]
    meeting = selectors.next_meeting(user=user)
    return {
        "user": user,
        "waiting": list(selectors.waiting_requests(user=user)[:50]),
        "meeting": meeting,
        "items": list(selectors.agenda_outline(user=user, meeting=meeting)) if meeting else [],
    }


@register.inclusion_tag("committee/includes/_manager_panel.html", takes_context=True)
def committee_manager_panel(context):
    return {"summary": selectors.deadline_summary(user=context["user"])}


@register.inclusion_tag("committee/includes/_applicant_panel.html", takes_context=True)
def committee_applicant_panel(context):
    return {"letters": list(selectors.letters_for(context["user"])[:5])}

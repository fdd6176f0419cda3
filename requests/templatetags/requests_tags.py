from django import template
from django.utils import timezone

from requests.deadlines import due_state
from requests.models import Status

register = template.Library()


@register.inclusion_tag("requests/includes/_due.html", takes_context=True)
def due_badge(context, request):
    """Days left before the committee's answer is due; near-due and overdue stand out."""
    today = context.get("today") or timezone.localdate()
    return {"due": due_state(request, today)}


@register.filter
def status_happened(status) -> str:
    """What a move to this status means, in plain words for the applicant."""
    from requests.text import STATUS_STORY

    return STATUS_STORY[Status(status)][0]


@register.inclusion_tag("requests/includes/_dashboard_panel.html", takes_context=True)
def requests_panel(context):
    """The requests part of a role's home: work waiting, due dates, shortcuts."""
    from makin.rules import holds
    from requests.selectors import dashboard_summary

    user = context["user"]
    return {
        "user": user,
        "can_walk_in": holds(user, "requests.register_walk_in"),
        "can_research": holds(user, "requests.view_research_queue"),
        **dashboard_summary(user=user),
    }

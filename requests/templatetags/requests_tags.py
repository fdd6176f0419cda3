from django import template
from django.utils import timezone
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from makin import dates
from makin.badges import badge_html
from requests.deadlines import due_state
from requests.models import Status

register = template.Library()


@register.simple_tag(takes_context=True)
def due_badge(context, request):
    """Days left before the committee's answer is due; near-due and overdue stand out. Built in
    Python rather than by a template of its own: the queues draw one on every row."""
    today = context.get("today") or timezone.localdate()
    due = due_state(request, today)
    if due is None:
        return mark_safe('<span class="text-muted">—</span>')
    if due.is_overdue:
        days = due.overdue_by
        words = ngettext("Overdue by %(days)s day", "Overdue by %(days)s days", days)
    elif due.is_today:
        days, words = None, gettext("Due today")
    else:
        days = due.days_left
        words = ngettext("%(days)s day left", "%(days)s days left", days)
    if days is not None:
        words %= {"days": localize(days)}
    return badge_html(due.state, label=words, title=dates.dual(due.due))


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

from django import template
from django.utils.html import format_html

from surveys.models import FeedbackKind, FeedbackStatus

register = template.Library()

_BADGES = {
    FeedbackStatus.OPEN: "text-bg-warning",
    FeedbackStatus.IN_PROGRESS: "text-bg-info",
    FeedbackStatus.RESOLVED: "text-bg-success",
}


@register.simple_tag
def feedback_status_badge(status: str):
    """The status of a complaint or suggestion as a badge, from the enum."""
    status = FeedbackStatus(status)
    return format_html('<span class="badge {}">{}</span>', _BADGES[status], status.label)


@register.simple_tag
def feedback_kind_label(kind: str):
    return FeedbackKind(kind).label


@register.filter
def percent(value):
    return "—" if value is None else f"{value:.0f}%"


@register.filter
def decimal1(value):
    return "—" if value is None else f"{value:.1f}"


@register.filter
def decimal2(value):
    return "—" if value is None else f"{value:.2f}"


@register.filter
def hours(duration):
    """A timedelta as hours with one decimal: the time a complaint took to resolve."""
    return "—" if duration is None else f"{duration.total_seconds() / 3600:.1f}"

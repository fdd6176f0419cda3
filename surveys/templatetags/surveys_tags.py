from django import template

from surveys.models import FeedbackKind

register = template.Library()


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

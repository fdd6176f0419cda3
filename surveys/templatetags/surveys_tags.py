from django import template

from surveys.charts import figures_table
from surveys.charts import report_body as charts_report_body
from surveys.models import FeedbackKind

register = template.Library()


@register.simple_tag
def feedback_kind_label(kind: str):
    return FeedbackKind(kind).label


def _figure(value, template: str) -> str:
    """`value` written by `template` (a `str.format` one), or a dash where there is none."""
    return "—" if value is None else template.format(value)


@register.filter
def percent(value):
    return _figure(value, "{:.0f}%")


@register.filter
def decimal1(value):
    return _figure(value, "{:.1f}")


@register.filter
def decimal2(value):
    return _figure(value, "{:.2f}")


@register.filter
def hours(duration):
    """A timedelta as hours with one decimal: the time a complaint took to resolve."""
    return "—" if duration is None else f"{duration.total_seconds() / 3600:.1f}"


@register.filter
def report_table(table, heading_id=""):
    """A table of the report's figures: `{{ tables.channel|report_table:"volume-heading" }}`."""
    return figures_table(table, heading_id)


@register.simple_tag
def report_body(report, charts, tables):
    """The managers' report's sections: `{% report_body report charts tables %}`."""
    return charts_report_body(report, charts, tables)

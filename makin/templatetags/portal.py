from django import template

from makin import dates

register = template.Library()


@register.filter
def dual_date(value):
    """A date in Gregorian and Hijri (Umm al-Qura): `{{ request.created_at|dual_date }}`."""
    return dates.dual(value)


@register.filter
def hijri_date(value):
    return dates.hijri(value) if value else ""


@register.simple_tag(takes_context=True)
def case_section(context, section):
    """One part of a person's case (`makin.case.CaseSection`), rendered with its own context."""
    from django.template.loader import render_to_string

    return render_to_string(
        section.template,
        {**section.context, "today": context.get("today")},
        request=context.get("request"),
    )

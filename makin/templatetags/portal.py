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

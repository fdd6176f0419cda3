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


@register.inclusion_tag("includes/_badge.html")
def badge(value, enum=None, label=None, title=None):
    """`{% badge request.status %}` for an enum member, `{% badge r.status "requests.Status" %}`
    for a bare code; the colour comes from `makin.badges`' one table, the words from the enum
    unless the page gives its own `label`."""
    from makin import badges

    words, tone = badges.badge(value, enum)
    return {"label": label or words, "tone": tone, "title": title}


@register.simple_tag(takes_context=True)
def case_section(context, section):
    """One part of a person's case (`makin.case.CaseSection`), rendered with its own context."""
    from django.template.loader import render_to_string

    return render_to_string(
        section.template,
        {**section.context, "today": context.get("today")},
        request=context.get("request"),
    )

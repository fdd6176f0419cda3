from django import template
from django.forms import BaseForm, BaseFormSet

from makin import dates

register = template.Library()


@register.filter
def dual_date(value):
    """A date in Gregorian and Hijri (Umm al-Qura): `{{ request.created_at|dual_date }}`."""
    return dates.dual(value)


@register.filter
def hijri_date(value):
    return dates.hijri(value) if value else ""


def _form_errors(form):
    """(anchor, label, message) for each error of a bound form, in the form's field order."""
    rows = [(None, None, error) for error in form.non_field_errors()]
    for field in form:
        if not field.errors:
            continue
        widget = field.field.widget
        anchor = widget.id_for_label(field.auto_id) or f"{field.auto_id}_0"
        rows.extend((anchor, field.label, error) for error in field.errors)
    return rows


@register.inclusion_tag("includes/_error_summary.html", takes_context=True)
def error_summary(context):
    """One summary at the top of every page whose forms failed: each error links to its field.
    Found in the page's context, so a new form page needs nothing to get it."""
    seen, rows = set(), []
    for layer in context.dicts:
        for value in layer.values() if isinstance(layer, dict) else ():
            if id(value) in seen:
                continue
            seen.add(id(value))
            # type(), not isinstance(): a lazy value (csrf_token, user) must stay unevaluated.
            kind = type(value)
            if issubclass(kind, BaseFormSet) and value.is_bound:
                rows.extend((None, None, error) for error in value.non_form_errors())
                for form in value.forms:
                    rows.extend(_form_errors(form))
            elif issubclass(kind, BaseForm) and value.is_bound and value.errors:
                rows.extend(_form_errors(value))
    return {"errors": rows}

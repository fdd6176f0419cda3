"""The committee's lines on a person's case page, built in Python with the same markup as a
template would give: the request's and the letter's addresses reversed once for the section
rather than on every line."""

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from makin import dates
from makin.display import money
from makin.links import keyed_url
from makin.markup import format_markup, join_markup, words_per_language

from ..models import Outcome

register = template.Library()


@register.simple_tag
def case_decision_lines(decisions, can_print_letters):
    """Each decision: its day, the request, the outcome, the amount, the reason of a refusal,
    and the letter for those who print letters."""
    detail = keyed_url("requests:detail")
    letter = keyed_url("committee:staff_letter") if can_print_letters else None
    letter_words = gettext("Decision letter (PDF)")
    lines = []
    for decision in decisions:
        reference = decision.item.request.reference
        parts = [
            format_markup(
                '<li>{} — <a href="{}" dir="ltr">{}</a> — {}',
                dates.dual(decision.decided_at),
                detail(reference),
                reference,
                decision.get_outcome_display(),
            )
        ]
        if decision.amount is not None:
            parts.append(format_markup(" — {}", money(decision.amount)))
        if decision.rejection_reason:
            parts.append(format_markup(" — {}", decision.rejection_reason))
        # A deferral is no answer to the applicant: it has no letter.
        if letter is not None and decision.outcome != Outcome.DEFER:
            parts.append(format_markup(' — <a href="{}">{}</a>', letter(decision.pk), letter_words))
        parts.append("</li>\n")
        lines.append("".join(parts))
    return mark_safe("".join(lines))  # each part built by format_html


@register.simple_tag
def case_delivery_lines(deliveries):
    """Each delivery: its day, the request, the amount paid, the service given."""
    detail = keyed_url("requests:detail")
    return join_markup(
        "",
        '<li>{} — <a href="{}" dir="ltr">{}</a>{}{}</li>\n',
        (
            (
                dates.dual(delivery.delivered_on),
                detail(delivery.request.reference),
                delivery.request.reference,
                format_markup(" — {}", money(delivery.amount_paid))
                if delivery.amount_paid is not None
                else "",
                format_markup(' — <span dir="auto">{}</span>', delivery.service_given)
                if delivery.service_given
                else "",
            )
            for delivery in deliveries
        ),
    )


@words_per_language
def _section_words() -> dict:
    """The decisions section's words (`makin.markup.words_per_language`)."""
    return {
        "decisions": gettext("Decisions"),
        "no_decision": gettext("No decision yet."),
        "deliveries": gettext("Deliveries"),
        "no_delivery": gettext("No delivery yet."),
    }


@register.simple_tag
def case_decisions(decisions, deliveries, can_print_letters):
    """The decisions section of a person's case (`_case_decisions.html`): the decisions' and
    the deliveries' lines, or that there is none yet."""
    words = _section_words(translation.get_language())
    parts = [f'\n<h3 class="h6">{words["decisions"]}</h3>\n']
    if decisions:
        lines = case_decision_lines(decisions, can_print_letters)
        parts.append(f'\n  <ul class="small">\n    {lines}\n  </ul>\n')
    else:
        parts.append(f'\n  <p class="small text-muted">{words["no_decision"]}</p>\n')
    parts.append(f'\n<h3 class="h6">{words["deliveries"]}</h3>\n')
    if deliveries:
        lines = case_delivery_lines(deliveries)
        parts.append(f'\n  <ul class="small mb-0">\n    {lines}\n  </ul>\n')
    else:
        parts.append(f'\n  <p class="small text-muted mb-0">{words["no_delivery"]}</p>\n')
    return mark_safe("".join(parts))  # the lines built by format_markup, the words escaped

"""The satisfaction app's lines on a person's case page, built in Python with the same markup
as a template would give: addresses reversed once for the section rather than on every line."""

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from makin import dates
from makin.links import keyed_url
from makin.markup import format_markup, join_markup, words_per_language

register = template.Library()


@register.simple_tag
def case_invitation_lines(invitations):
    """Each survey sent: its day, the survey, the request it was about, answered or not."""
    detail = keyed_url("requests:detail")
    answered, not_answered = gettext("Answered"), gettext("Not answered")
    return join_markup(
        "",
        "<li>{} — {}{} — {}</li>\n",
        (
            (
                dates.dual(invitation.created_at),
                invitation.version.survey,
                format_markup(
                    ' (<a href="{}" dir="ltr">{}</a>)',
                    detail(invitation.request.reference),
                    invitation.request.reference,
                )
                if invitation.request
                else "",
                format_markup("{} {}", answered, dates.dual(invitation.answered_at))
                if invitation.answered_at
                else not_answered,
            )
            for invitation in invitations
        ),
    )


@register.simple_tag
def case_feedback_lines(feedback):
    """Each complaint or suggestion: its day, its reference (the link to handle it), its kind,
    subject and status."""
    handle = keyed_url("surveys:feedback_handle")
    return join_markup(
        "",
        '<li>{} — <a href="{}" dir="ltr">{}</a> — {}: <span dir="auto"><bdi>{}</bdi></span>'
        " — {}</li>\n",
        (
            (
                dates.dual(entry.created_at),
                handle(entry.reference),
                entry.reference,
                entry.get_kind_display(),
                entry.subject,
                entry.get_status_display(),
            )
            for entry in feedback
        ),
    )


@words_per_language
def _section_words() -> dict:
    """The surveys section's words (`makin.markup.words_per_language`)."""
    return {
        "surveys": gettext("Satisfaction surveys"),
        "no_survey": gettext("No survey sent."),
        "feedback": gettext("Complaints and suggestions"),
        "none": gettext("None."),
    }


@register.simple_tag
def case_surveys(invitations, feedback, can_feedback):
    """The surveys section of a person's case (`_case_surveys.html`): the surveys sent, and
    the complaints and suggestions for those who handle them."""
    words = _section_words(translation.get_language())
    parts = [f'\n<h3 class="h6">{words["surveys"]}</h3>\n']
    if invitations:
        lines = case_invitation_lines(invitations)
        parts.append(f'\n  <ul class="small">\n    {lines}\n  </ul>\n')
    else:
        parts.append(f'\n  <p class="small text-muted">{words["no_survey"]}</p>\n')
    parts.append("\n")
    if can_feedback:
        parts.append(f'\n  <h3 class="h6">{words["feedback"]}</h3>\n')
    parts.append("\n")
    if feedback:
        lines = case_feedback_lines(feedback)
        parts.append(f'\n  <ul class="small mb-0">\n    {lines}\n  </ul>\n')
    elif can_feedback:
        parts.append(f'\n  <p class="small text-muted mb-0">{words["none"]}</p>\n')
    return mark_safe("".join(parts))  # the lines built by format_markup, the words escaped

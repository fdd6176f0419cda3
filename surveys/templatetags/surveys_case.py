"""The satisfaction app's lines on a person's case page, built in Python with the same markup
as a template would give: addresses reversed once for the section rather than on every line."""

from django import template
from django.utils.translation import gettext

from makin import dates
from makin.links import keyed_url
from makin.markup import format_markup, join_markup

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

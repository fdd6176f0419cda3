"""The request app's rows on a person's case page, and a request's timeline, built in Python
with the same markup as a template would give: the column names translated and the request's
address reversed once for the section rather than on every row."""

import functools

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from makin import dates
from makin.badges import badge_html
from makin.display import choice_label
from makin.links import address, keyed_url
from makin.markup import escaped, format_markup, join_markup, words_per_language
from makin.templatetags.portal import stored

from .requests_tags import due_badge, status_happened

register = template.Library()

REQUEST_ROW = (
    "<tr>"
    '<td class="card-first text-nowrap" data-label="{}"><a href="{}" dir="ltr">{}</a></td>'
    '<td data-label="{}">{}</td>'
    '<td class="card-first" data-label="{}">{}</td>'
    '<td class="card-first" data-label="{}">{}</td>'
    '<td data-label="{}">{}</td>'
    "</tr>\n"
)


@register.simple_tag(takes_context=True)
def case_request_rows(context, requests):
    """The person's requests: reference (the link to the request), service, status, when the
    decision is due, opened on."""
    reference, service, status, due, opened = (
        gettext("Reference"),
        gettext("Service"),
        gettext("Status"),
        gettext("Decision due"),
        gettext("Opened on"),
    )
    detail = keyed_url("requests:detail")
    return join_markup(
        "",
        REQUEST_ROW,
        (
            (
                reference,
                detail(item.reference),
                item.reference,
                service,
                item.service,
                status,
                badge_html(item.status, "requests.Status"),
                due,
                due_badge(context, item),
                opened,
                dates.dual(item.created_at),
            )
            for item in requests
        ),
    )


@functools.lru_cache(maxsize=16)
def _requests_frame(language: str | None) -> tuple[str, str, str]:
    """The requests section's table around its rows, and its words when there is no request,
    in `language` (the active one), as `_case_requests.html` drew them."""
    head = "".join(
        f'          <th scope="col">{escaped(words)}</th>\n'
        for words in (
            gettext("Reference"),
            gettext("Service"),
            gettext("Status"),
            gettext("Decision due"),
            gettext("Opened on"),
        )
    )
    before = (
        '\n  <div class="table-responsive">\n'
        '    <table class="table table-cards table-sm small mb-0">\n'
        f"      <thead>\n        <tr>\n{head}        </tr>\n      </thead>\n      <tbody>\n        "
    )
    after = "\n      </tbody>\n    </table>\n  </div>\n"
    # (No gettext inside an f-string: makemessages would not find the words.)
    none = escaped(gettext("No request yet."))
    empty = f'\n  <p class="small text-muted mb-0">{none}</p>\n'
    return before, after, empty


@register.simple_tag(takes_context=True)
def case_requests(context, requests):
    """The requests section of a person's case (`_case_requests.html`): their requests' table,
    or that there is none yet."""
    before, after, empty = _requests_frame(translation.get_language())
    if not requests:
        return mark_safe(empty)
    return mark_safe(before + case_request_rows(context, requests) + after)  # rows escaped


@words_per_language
def _contacts_words() -> dict:
    """The contacts section's words (`makin.markup.words_per_language`)."""
    return {
        "contacts": gettext("Contacts"),
        "no_contact": gettext("No contact logged."),
        "referrals": gettext("Referrals to the social researcher"),
        "answered": gettext("Answered"),
        "waiting": gettext("Waiting for an answer"),
        "no_referral": gettext("No referral."),
    }


# `_case_contacts.html`'s lines, whitespace included.
CONTACT_LINE = (
    '\n      <li>\n        {} — {}, {}\n        — {}:\n        <span dir="auto">{}</span>\n        '
)
CONTACT_REQUEST = '\n          (<a href="{}" dir="ltr">{}</a>)\n        '
REFERRAL_LINE = '\n      <li>\n        {} — <span dir="auto">{}</span>\n        '
REFERRAL_ANSWER = '\n          — {}: <span dir="auto">{}</span>\n        '
LINE_END = "\n      </li>\n    "


@register.simple_tag
def case_contacts(contacts, referrals):
    """The contacts and referrals section of a person's case (`_case_contacts.html`): each
    contact's day, channel and kind, officer, summary and request; each referral's day,
    question and answer, or the link to those waiting."""
    words = _contacts_words(translation.get_language())
    parts = [f'\n<h3 class="h6">{words["contacts"]}</h3>\n']
    if contacts:
        detail = keyed_url("requests:detail")
        parts.append('\n  <ul class="small">\n    ')
        for contact in contacts:
            parts.append(
                CONTACT_LINE.format(
                    escaped(dates.dual(contact.created_at)),
                    escaped(choice_label(contact, "channel")),
                    escaped(choice_label(contact, "kind")),
                    escaped(stored(contact.officer)),
                    escaped(contact.summary),
                )
            )
            if contact.request:
                reference = contact.request.reference
                parts.append(CONTACT_REQUEST.format(escaped(detail(reference)), escaped(reference)))
            parts.append(LINE_END)
        parts.append("\n  </ul>\n")
    else:
        parts.append(f'\n  <p class="small text-muted">{words["no_contact"]}</p>\n')
    parts.append(f'\n<h3 class="h6">{words["referrals"]}</h3>\n')
    if referrals:
        waiting = (
            f'\n          — <a href="{escaped(address("requests:referrals"))}">'
            f"{words['waiting']}</a>\n        "
        )
        parts.append('\n  <ul class="small mb-0">\n    ')
        for referral in referrals:
            parts.append(
                REFERRAL_LINE.format(
                    escaped(dates.dual(referral.created_at)), escaped(referral.question)
                )
            )
            if referral.is_answered:
                parts.append(REFERRAL_ANSWER.format(words["answered"], escaped(referral.answer)))
            else:
                parts.append(waiting)
            parts.append(LINE_END)
        parts.append("\n  </ul>\n")
    else:
        parts.append(f'\n  <p class="small text-muted mb-0">{words["no_referral"]}</p>\n')
    return mark_safe("".join(parts))  # every value escaped


@register.simple_tag
def timeline_entries(timeline, show_actor=False, show_all=False):
    """A request's timeline (`includes/_timeline.html`): each change's status and time, what
    it means, who made it (`show_actor`), and its words and note when the reader may see them
    (`show_all`: staff, who also read to whom a change was not shown)."""
    by, hidden = gettext("By"), gettext("Not shown to the applicant")
    entries = []
    for change in timeline:
        parts = [
            format_markup(
                '<li class="border-start border-3 ps-3 pb-3">'
                '<div class="d-flex flex-wrap gap-2 align-items-center">{}'
                '<span class="small text-muted">{}</span></div><div>{}</div>',
                badge_html(change.to_status, "requests.Status"),
                dates.dual_datetime(change.created_at),
                status_happened(change.to_status),
            )
        ]
        if show_actor and change.actor:
            parts.append(format_markup('<div class="small">{}: {}</div>', by, stored(change.actor)))
        if show_all or change.for_applicant:
            if show_all and not change.for_applicant:
                parts.append(
                    format_markup(
                        '<div class="small text-muted">{}: {}</div>',
                        hidden,
                        change.get_audience_display(),
                    )
                )
            html = change.html
            if html:
                parts.append(format_markup('<div class="small">{}</div>', html))
            if change.note:
                parts.append(
                    format_markup(
                        '<div class="small text-break notes" dir="auto">{}</div>',
                        linebreaksbr(change.note, autoescape=True),
                    )
                )
        parts.append("</li>\n")
        entries.append("".join(parts))
    return mark_safe("".join(entries))  # each part built by format_html

"""Parts of the file page drawn many times (a verification form under each field group and
each document, a row for each field, the documents), built in Python with the same markup as
their templates gave."""

import datetime
import functools
import unicodedata
from decimal import Decimal

from django import template
from django.db import models
from django.template.base import render_value_in_context
from django.template.defaultfilters import filesizeformat
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext

from makin import dates
from makin.badges import badge_html
from makin.display import choice_label, money
from makin.links import UUID_PLACEHOLDER, address, keyed_url
from makin.markup import escaped, format_markup, join_markup, words_per_language
from makin.rules import holds
from makin.templatetags.portal import case_section, stored

from ..models import Beneficiary, FieldGroup
from ..selectors import FIELD_GROUP_FIELDS

register = template.Library()

VERIFY_FORM = (
    '<form method="post" action="{action}" class="border-top pt-2 mt-auto small">{csrf}'
    "<fieldset>"
    '<legend class="visually-hidden">{legend}</legend>'
    '<div class="d-flex flex-wrap align-items-center gap-3 mb-2">'
    '<div class="form-check">'
    '<input class="form-check-input" type="radio" name="status" value="verified"'
    ' id="v-{prefix}-ok" required>'
    '<label class="form-check-label" for="v-{prefix}-ok">{verified}</label>'
    "</div>"
    '<div class="form-check">'
    '<input class="form-check-input" type="radio" name="status" value="rejected"'
    ' id="v-{prefix}-no">'
    '<label class="form-check-label" for="v-{prefix}-no">{rejected}</label>'
    "</div>"
    "</div>"
    '<div class="d-flex gap-2">'
    '<label class="visually-hidden" for="v-{prefix}-reason">{reason}</label>'
    '<input type="text" class="form-control form-control-sm" name="reason"'
    ' id="v-{prefix}-reason" maxlength="300" placeholder="{reason}">'
    '<button type="submit" class="btn btn-sm btn-outline-primary text-nowrap">{record}</button>'
    "</div>"
    "</fieldset>"
    "</form>\n"
)


@words_per_language
def _words() -> dict:
    """The page's own words, escaped and marked safe, so that `escaped` and `format_markup`
    take them as they are: translated once per process and language
    (`makin.markup.words_per_language`), not on every file drawn."""
    return {
        # The verification form's.
        "legend": gettext("Verification"),
        "verified": gettext("Verified"),
        "rejected": gettext("Rejected"),
        "reason": gettext("Reason (when rejecting)"),
        "record": gettext("Record"),
        # The documents'.
        "association": gettext("the association"),
        "expires": gettext("expires"),
        "download": gettext("Download"),
        "remove": gettext("Remove"),
        # The file's heading.
        "id_number": gettext("ID number"),
        "mobile": gettext("Mobile"),
        "has_account": gettext("Has an online account"),
        "no_account": gettext("No online account"),
        "documents": gettext("Documents"),
        "add_document": gettext("Add a document"),
        "no_document": gettext("No document yet."),
        # The field groups', incomes' and household's.
        "by_source": gettext("Monthly income by source"),
        "no_income": gettext("No income recorded."),
        "no_household": gettext("No household member recorded."),
        "name": gettext("Name"),
        "relation": gettext("Relation"),
        "national_id": gettext("ID number"),
        "birth_date": gettext("Birth date"),
        "income": gettext("Income"),
        # The file's buttons.
        "edit": gettext("Edit the data"),
        "household": gettext("Household"),
        "history": gettext("History"),
        "invite": gettext("Invite to an online account"),
        "survey": gettext("Send a satisfaction survey"),
        "case_pdf": gettext("Case summary (PDF)"),
        "data": gettext("Download all data"),
        "my_edit": gettext("Edit my data"),
        "my_household": gettext("My household"),
        "my_documents": gettext("My documents"),
        "my_data": gettext("Download all my data"),
        "actions": gettext("File actions"),
        # The messages sent.
        "messages_sent": gettext("Messages sent"),
        "messages_by": gettext("Messages by"),
        "consented": gettext("consented to WhatsApp on"),
        "date": gettext("Date"),
        "medium": gettext("Medium"),
        "message": gettext("Message"),
        "state": gettext("State"),
        "no_messages": gettext("No messages sent yet."),
        # The checklist's.
        "nothing": gettext("Nothing"),
        "at_a_glance": gettext("At a glance"),
        "complete": gettext("The file is complete and every part is verified."),
        "missing": gettext("Missing"),
        "not_verified": gettext("Not verified yet"),
        "rejected_heading": gettext("Rejected"),
        "expired_or_expiring": gettext("Expired or expiring"),
    }


@functools.cache
def _phrases(language: str | None) -> dict:
    """The page's sentences with a place for a value, as `{% blocktranslate %}` gives them
    (their words not escaped, the values put in escaped), in `language` (the active one)."""
    return {
        "uploaded": gettext("uploaded by <bdi>%(who)s</bdi> on %(when)s"),
        "checked_by": gettext("Checked by %(who)s"),
        "expired": gettext("%(what)s expired on"),
        "expiring": gettext("%(what)s expires on"),
    }


@register.simple_tag(takes_context=True)
def verify_form(context, action, prefix):
    """A staff member's verdict on a field group or a document: verified, or rejected with a
    reason; posted to `action`, its ids made unique by `prefix`."""
    # The words and the token are the same for every form of the page: worked out once.
    words = context.render_context.get(VERIFY_FORM)
    if words is None:
        page = _words(translation.get_language())
        words = context.render_context[VERIFY_FORM] = {
            "csrf": escaped(CsrfTokenNode().render(context)),
            **{name: page[name] for name in ("legend", "verified", "rejected", "reason", "record")},
        }
    # Every value escaped (the token is markup).
    return mark_safe(VERIFY_FORM.format(action=escaped(action), prefix=escaped(prefix), **words))


@register.simple_tag(takes_context=True)
def field_rows(context, rows):
    """A field group's rows (`selectors.file_sections`): the label, and the value (a dual date,
    a dash when empty, else the value isolated in `<bdi>`)."""
    empty = mark_safe('<span class="text-muted">—</span>')
    return join_markup(
        "",
        '<dt class="col-5 fw-normal text-muted">{}</dt><dd class="col-7 mb-1">{}</dd>\n',
        (
            (
                capfirst(row["label"]),
                empty
                if row["value"] is None or row["value"] == ""
                else dates.dual(row["value"])
                if row["is_date"]
                else format_markup("<bdi>{}</bdi>", render_value_in_context(row["value"], context)),
            )
            for row in rows
        ),
    )


@functools.lru_cache(maxsize=4096)
def _size(size: int, language: str | None) -> str:
    """`filesizeformat` of a size in `language` (the active one), worked out once per process,
    as `dates.dual` is per day: a file's documents are shown on each of its pages."""
    return filesizeformat(size)


@register.simple_tag(takes_context=True)
def document_items(context, documents, show_delete=False, can_verify=False, file=None):
    """A file's documents (`includes/_documents_table.html`): each with its link, status,
    original name, size, who uploaded it and when, its expiry, a rejection's reason, the
    download link, the removal link for those who may remove it (`show_delete`), and the
    verification form for staff who verify (`can_verify`, not on a merged file)."""
    user = context.get("user")
    document_link = keyed_url("beneficiaries:document", UUID_PLACEHOLDER)
    delete_link = keyed_url("beneficiaries:document_delete", UUID_PLACEHOLDER)
    verify_link = keyed_url("beneficiaries:document_verify", UUID_PLACEHOLDER)
    verifies = can_verify and not (file is not None and file.merged_into_id)
    language = translation.get_language()
    words, uploaded_by = _words(language), _phrases(language)["uploaded"]
    association, expires = words["association"], words["expires"]
    download, remove = words["download"], words["remove"]
    items = []
    for document in documents:
        address = document_link(document.uuid)
        uploaded = mark_safe(  # the words as `{% blocktranslate %}` gives them, values escaped
            uploaded_by
            % {
                "who": _value(document.uploaded_by, context)
                if document.uploaded_by
                else association,
                "when": escaped(dates.dual(document.uploaded_at)),
            }
        )
        parts = [
            format_markup(
                '<li class="border-top py-2">'
                '<div class="d-flex flex-wrap justify-content-between gap-2"><div>'
                '<a href="{}" target="_blank" rel="noopener">{}</a> {}'
                '<div class="small text-muted"><bdi>{}</bdi> · <span dir="ltr">{}</span> · {}',
                address,
                document.name,
                badge_html(document.status, "beneficiaries.VerificationStatus"),
                document.original_name,
                _size(document.size, language),
                uploaded,
            )
        ]
        if document.expiry_date:
            parts.append(format_markup(" · {} {}", expires, dates.dual(document.expiry_date)))
        parts.append("</div>")
        if document.rejection_reason:
            parts.append(
                format_markup(
                    '<div class="small text-danger" dir="auto">{}</div>',
                    document.rejection_reason,
                )
            )
        parts.append(
            format_markup(
                '</div><div class="d-flex gap-2 align-items-start">'
                '<a class="btn btn-sm btn-outline-secondary" href="{}?download=1">{}</a>',
                address,
                download,
            )
        )
        if show_delete and holds(user, "beneficiaries.delete_file_document", document):
            parts.append(
                format_markup(
                    '<a class="btn btn-sm btn-outline-danger" href="{}">{}</a>',
                    delete_link(document.uuid),
                    remove,
                )
            )
        parts.append("</div></div>")
        if verifies:
            parts.append(verify_form(context, verify_link(document.uuid), document.pk))
        parts.append("</li>\n")
        items.append("".join(parts))
    return mark_safe("".join(items))  # each part built by format_html


CASE_CARD = (
    '\n    <section class="card p-3 mb-3" id="case-{0}" aria-labelledby="h-case-{0}">\n'
    '      <h2 class="h5" id="h-case-{0}">{1}</h2>\n      {2}\n    </section>\n  '
)


@register.simple_tag(takes_context=True)
def case_cards(context, sections):
    """The person's case on the file page (`file_detail.html`): each section in its card, its
    heading and its part (`portal.case_section`)."""
    return mark_safe(  # the key and title escaped, the part made markup by its template
        "".join(
            CASE_CARD.format(
                escaped(section.key), escaped(section.title), case_section(context, section)
            )
            for section in sections
        )
    )


@register.simple_tag(takes_context=True)
def file_summary(context, file, staff_view):
    """The line under the file's name (`file_detail.html`): the ID number and mobile, and for
    staff how the file was registered and whether it has an online account."""
    w = _words(translation.get_language())
    parts = [
        '<p class="text-muted mb-0">\n'
        f'        {w["id_number"]} <span dir="ltr">{_value(file.national_id, context)}</span>\n'
        f'        · {w["mobile"]} <span dir="ltr">{_value(file.mobile, context)}</span>\n        '
    ]
    if staff_view:
        account = w["has_account"] if file.owner_id else w["no_account"]
        via = escaped(choice_label(file, "registered_via"))
        parts.append(f"\n          · {via}\n          · {account}\n        ")
    parts.append("\n      </p>")
    return mark_safe("".join(parts))  # every value escaped, the words by _words


@register.simple_tag(takes_context=True)
def file_documents(context, file, documents, staff_view, can_change, can_verify):
    """The file's documents section (`file_detail.html`): its heading, the link to add one for
    those who may change the file, and the list (`includes/_documents_table.html`'s markup)."""
    w = _words(translation.get_language())
    parts = [
        '<section class="card p-3 mt-3" id="documents" aria-labelledby="h-documents">\n'
        '    <div class="d-flex justify-content-between align-items-center mb-2">\n'
        f'      <h2 class="h5 mb-0" id="h-documents">{w["documents"]}</h2>\n      '
    ]
    if can_change:
        add = (
            keyed_url("beneficiaries:staff_documents")(file.pk)
            if staff_view
            else address("beneficiaries:my_documents")
        )
        parts.append(
            '\n        <a class="btn btn-sm btn-outline-primary"\n'
            f'           href="{escaped(add)}">{w["add_document"]}</a>\n      '
        )
    parts.append("\n    </div>\n    \n")
    if documents:
        items = document_items(context, documents, can_verify=can_verify, file=file)
        parts.append(f'\n  <ul class="list-unstyled mb-0">\n    {items}\n  </ul>\n')
    else:
        parts.append(f'\n  <p class="text-muted mb-0">{w["no_document"]}</p>\n')
    parts.append("\n\n  </section>")
    return mark_safe("".join(parts))  # every value escaped, the words by _words


@functools.cache
def _group_layout(language: str) -> tuple:
    """The field groups in order, each with its heading and its fields (name, label, whether
    the value is shown by its choice's words, whether it is a date), in `language`: made once
    per language."""
    layout = []
    for group in FieldGroup:
        fields = []
        for name in FIELD_GROUP_FIELDS[group]:
            field = Beneficiary._meta.get_field(name)
            fields.append(
                (
                    name,
                    escaped(capfirst(field.verbose_name)),
                    bool(field.choices),
                    isinstance(field, models.DateField),
                )
            )
        layout.append((group, escaped(group.value), escaped(group.label), tuple(fields)))
    return tuple(layout)


GROUP_HEAD = (
    '<div class="col-lg-6">\n'
    '<section class="card p-3 h-100" id="group-{0}" aria-labelledby="h-{0}">\n'
    '<div class="d-flex justify-content-between align-items-center mb-2">\n'
    '<h2 class="h5 mb-0" id="h-{0}">{1}</h2>\n{2}\n</div>\n'
)
FIELD_ROW = '<dt class="col-5 fw-normal text-muted">{}</dt><dd class="col-7 mb-1">{}</dd>\n'
EMPTY_VALUE = '<span class="text-muted">—</span>'


# What `render_value_in_context` localises (a datetime also put in the local time).
LOCALISED = (bool, int, float, Decimal, datetime.date, datetime.time)


def _value(value, context) -> str:
    """A value as the template gave it: a number or a date localised, anything else (text,
    a phone number, a person, a list entry) as its text, escaped."""
    if isinstance(value, LOCALISED):
        return render_value_in_context(value, context)
    return escaped(value)


@register.simple_tag(takes_context=True)
def field_groups(context, file, verifications, incomes, household, can_verify):
    """The file's field groups (`file_detail.html`): each a card with its heading and its
    verification's badge, a rejection's reason, its fields (a dual date, a dash when empty,
    else the value isolated in `<bdi>`), the incomes under the situation and the household
    under its own, who checked it and when, and the verification form for staff who verify
    (not on a merged file)."""
    verify = can_verify and not file.merged_into_id
    if verify:
        # One reverse for the six groups: each group's code (a slug) in the first one's place.
        first = FieldGroup.IDENTITY.value
        before, _, after = reverse("beneficiaries:verify_group", args=[file.pk, first]).rpartition(
            first
        )
    language = translation.get_language()
    words, checked_by = _words(language), _phrases(language)["checked_by"]
    parts = []
    for group, value, label, fields in _group_layout(language):
        verification = verifications.get(group.value)
        parts.append(
            GROUP_HEAD.format(
                value,
                label,
                badge_html(
                    verification.status if verification else "",
                    "beneficiaries.VerificationStatus",
                ),
            )
        )
        if verification and verification.reason:
            parts.append(
                f'<p class="text-danger small mb-2"><bdi>{escaped(verification.reason)}</bdi></p>\n'
            )
        if fields:
            parts.append('<dl class="row small mb-2">\n')
            for name, field_label, by_choice, is_date in fields:
                shown = choice_label(file, name) if by_choice else getattr(file, name)
                if shown is None or shown == "":
                    shown = EMPTY_VALUE
                elif is_date:
                    shown = escaped(dates.dual(shown))
                else:
                    shown = f"<bdi>{_value(shown, context)}</bdi>"
                parts.append(FIELD_ROW.format(field_label, shown))
            parts.append("</dl>\n")
        if group == FieldGroup.SITUATION:
            parts.append(f'<h3 class="h6">{words["by_source"]}</h3>\n')
            parts.append(income_list(incomes))
        if group == FieldGroup.HOUSEHOLD:
            parts.append(household_table(context, household))
        if verification and verification.verified_by:
            parts.append(
                '<p class="small text-muted mb-2">{} — {}</p>\n'.format(
                    # The words as `{% blocktranslate %}` gives them, the name escaped.
                    checked_by % {"who": stored(verification.verified_by)},
                    escaped(dates.dual_datetime(verification.verified_at)),
                )
            )
        if verify:
            parts.append(verify_form(context, before + group.value + after, group.value))
        parts.append("</section>\n</div>\n")
    return mark_safe("".join(parts))  # every value escaped


@register.simple_tag
def income_list(incomes) -> str:
    """The file's incomes: each source and its monthly amount, or that none is recorded."""
    if not incomes:
        none = _words(translation.get_language())["no_income"]
        return mark_safe(f'<p class="small text-muted">{none}</p>\n')
    items = "".join(
        INCOME_ITEM.format(escaped(income.source), escaped(money(income.monthly_amount)))
        for income in incomes
    )
    return mark_safe(f'<ul class="small">\n{items}</ul>\n')  # every value escaped


INCOME_ITEM = "<li><bdi>{}</bdi>: {}</li>\n"


@register.simple_tag(takes_context=True)
def household_table(context, household):
    """The file's household (the file page and a request's staff page): each member's name,
    relation, ID number, birth date (dual) and income, or that none is recorded."""
    words = _words(translation.get_language())
    if not household:
        return mark_safe(f'<p class="small text-muted">{words["no_household"]}</p>\n')
    head = "".join(
        f'<th scope="col">{words[column]}</th>\n'
        for column in ("name", "relation", "national_id", "birth_date", "income")
    )
    rows = "".join(
        '<tr>\n<td><bdi>{}</bdi></td>\n<td>{}</td>\n<td><span dir="ltr">{}</span></td>\n'
        '<td>{}</td>\n<td><span dir="ltr">{}</span></td>\n</tr>\n'.format(
            escaped(member.name),
            escaped(choice_label(member, "relation")),
            escaped(member.national_id or "—"),
            escaped((dates.dual(member.birth_date) if member.birth_date else "") or "—"),
            _value(member.monthly_income, context),
        )
        for member in household
    )
    return mark_safe(  # every value escaped
        '<div class="table-responsive">\n<table class="table table-sm small mb-2">\n'
        f"<thead>\n<tr>\n{head}</tr>\n</thead>\n<tbody>\n{rows}</tbody>\n</table>\n</div>\n"
    )


@register.simple_tag
def file_messages(file, deliveries):
    """The messages sent to the person (`file_detail.html`, staff only): by which medium they
    want them, since when they consented to WhatsApp, and the latest messages' table."""
    w = _words(translation.get_language())
    parts = [
        '<section class="card p-3 mt-3" id="messages" aria-labelledby="h-messages">\n'
        f'      <h2 class="h5" id="h-messages">{w["messages_sent"]}</h2>\n'
        '      <p class="text-muted small">\n'
        f"        {w['messages_by']}: {escaped(choice_label(file, 'preferred_medium'))}\n        "
    ]
    if file.whatsapp_consented_at:
        consented = escaped(dates.dual(file.whatsapp_consented_at))
        parts.append(f"\n          · {w['consented']} {consented}\n        ")
    parts.append("\n      </p>\n      ")
    if deliveries:
        head = "".join(
            f'              <th scope="col">{w[column]}</th>\n'
            for column in ("date", "medium", "message", "state")
        )
        parts.append(
            '\n        <table class="table table-sm align-middle">\n          <thead>\n'
            f"            <tr>\n{head}            </tr>\n          </thead>\n"
            f"          <tbody>\n            {sent_message_rows(deliveries)}\n"
            "          </tbody>\n        </table>\n      "
        )
    else:
        parts.append(f'\n        <p class="text-muted mb-0">{w["no_messages"]}</p>\n      ')
    parts.append("\n    </section>")
    return mark_safe("".join(parts))  # every value escaped, the words by _words


@register.simple_tag
def sent_message_rows(deliveries):
    """The messages sent to the person (`file_detail.html`): when, by which medium, the text
    (its first 80 characters), and its state with the error of a failed one."""
    from makin.models import Delivery

    rows = []
    for delivery in deliveries:
        # As Truncator reads it (NFC); one of 80 characters or fewer is not cut.
        text = unicodedata.normalize("NFC", str(delivery.text))
        if len(text) > 80:
            text = Truncator(text).chars(80)
        state = badge_html(delivery.state, "makin.DeliveryState")
        if delivery.state == Delivery.State.FAILED and delivery.last_error:
            error = escaped(delivery.last_error)
            state += f'\n<div class="small text-danger" dir="ltr">{error}</div>'
        rows.append(
            "<tr>\n<td>{}</td>\n<td>{}</td>\n<td>{}</td>\n<td>\n{}\n</td>\n</tr>\n".format(
                escaped(dates.dual_datetime(delivery.notification.created_at)),
                escaped(choice_label(delivery, "medium")),
                f"<bdi>{escaped(text)}</bdi>" if text else "",
                state,
            )
        )
    return mark_safe("".join(rows))  # every value escaped


BUTTON = '<a class="btn btn-sm {}" href="{}">{}</a>\n'


@register.simple_tag(takes_context=True)
def file_actions(context, file, staff_view, can_change):
    """The file's buttons (`file_detail.html`): for staff, editing the data and the household
    (those who may change it), the history, an invitation to an online account (a file with
    none), a survey, the case summary and all the data; for the applicant, their own pages."""
    user = context.get("user")
    w = _words(translation.get_language())
    if staff_view:
        links = []
        if can_change:
            links += [
                ("btn-primary", "beneficiaries:staff_edit", w["edit"]),
                ("btn-outline-primary", "beneficiaries:staff_household", w["household"]),
            ]
        if holds(user, "beneficiaries.read_file_history"):
            links.append(("btn-outline-secondary", "beneficiaries:history", w["history"]))
        if (
            holds(user, "beneficiaries.invite_holder")
            and not file.owner_id
            and not file.merged_into_id
        ):
            links.append(("btn-outline-secondary", "beneficiaries:invite", w["invite"]))
        buttons = [
            BUTTON.format(style, escaped(keyed_url(name)(file.pk)), words)
            for style, name, words in links
        ]
        if holds(user, "surveys.send_invitation") and not file.merged_into_id:
            buttons.append(
                BUTTON.format(
                    "btn-outline-secondary",
                    escaped(f"{address('surveys:invite')}?national_id={file.national_id}"),
                    w["survey"],
                )
            )
        buttons += [
            BUTTON.format(style, escaped(keyed_url(name)(file.pk)), words)
            for style, name, words in (
                ("btn-outline-secondary", "beneficiaries:case_pdf", w["case_pdf"]),
                ("btn-outline-secondary", "beneficiaries:staff_data", w["data"]),
            )
        ]
    else:
        buttons = [
            BUTTON.format(style, escaped(address(name)), words)
            for style, name, words in (
                ("btn-primary", "beneficiaries:my_edit", w["my_edit"]),
                ("btn-outline-primary", "beneficiaries:my_household", w["my_household"]),
                ("btn-outline-primary", "beneficiaries:my_documents", w["my_documents"]),
                ("btn-outline-secondary", "beneficiaries:my_data", w["my_data"]),
            )
        ]
    return mark_safe(  # every value escaped (the words by _words)
        f'<nav aria-label="{w["actions"]}" class="d-flex flex-wrap gap-2">\n'
        f"{''.join(buttons)}</nav>\n"
    )


def _checklist_column(words, heading, items, danger=True) -> str:
    head = f'<div class="col-md-6 col-lg-3">\n<h3 class="h6">{words[heading]}</h3>\n'
    if not items:
        return f'{head}<p class="text-muted mb-0">{words["nothing"]}</p>\n</div>\n'
    style = "mb-0 text-danger" if danger else "mb-0"
    return f'{head}<ul class="{style}">\n{"".join(items)}</ul>\n</div>\n'


@register.simple_tag
def file_checklist(checklist):
    """The file at a glance (`file_detail.html`): what is missing, not verified yet,
    rejected, expired or expiring; or that the file is complete and verified."""
    language = translation.get_language()
    words = _words(language)
    head = (
        '<section class="card p-3 mb-3" aria-labelledby="checklist-heading">\n'
        f'<h2 class="h5" id="checklist-heading">{words["at_a_glance"]}</h2>\n'
    )
    if checklist.is_verified:
        done = words["complete"]
        return mark_safe(f'{head}<p class="text-success mb-0">{done}</p>\n</section>\n')
    missing = [
        *(f"<li>{escaped(capfirst(label))}</li>\n" for label in checklist.missing_fields),
        *(f"<li>{escaped(kind.name)}</li>\n" for kind in checklist.missing_documents),
    ]
    unverified = [
        *(f"<li>{escaped(label)}</li>\n" for label in checklist.unverified_groups),
        *(f"<li>{escaped(d.kind.name)}</li>\n" for d in checklist.unverified_documents),
    ]
    rejected = [
        *(f"<li>{escaped(label)}</li>\n" for label in checklist.rejected_groups),
        *(
            f"<li>{escaped(d.kind.name)}: {escaped(d.rejection_reason)}</li>\n"
            for d in checklist.rejected_documents
        ),
    ]
    # The words as `{% blocktranslate %}` gives them, the label escaped.
    expired, expiring = _phrases(language)["expired"], _phrases(language)["expiring"]
    dated = [
        *(
            f'<li class="text-danger">\n{expired % {"what": escaped(label)}}\n'
            f"{escaped(dates.dual(day))}\n</li>\n"
            for label, day in checklist.expired
        ),
        *(
            f'<li class="text-warning-emphasis">\n{expiring % {"what": escaped(label)}}\n'
            f"{escaped(dates.dual(day))}\n</li>\n"
            for label, day in checklist.expiring
        ),
    ]
    columns = (
        _checklist_column(words, "missing", missing)
        + _checklist_column(words, "not_verified", unverified, danger=False)
        + _checklist_column(words, "rejected_heading", rejected)
        + _checklist_column(words, "expired_or_expiring", dated, danger=False)
    )
    return mark_safe(  # every value escaped
        f'{head}<div class="row g-3 small">\n{columns}</div>\n</section>\n'
    )

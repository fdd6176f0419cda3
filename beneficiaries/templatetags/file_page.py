"""Parts of the file page drawn many times (a verification form under each field group and
each document, a row for each field, the documents), built in Python with the same markup as
their templates gave."""

from django import template
from django.template.base import render_value_in_context
from django.template.defaultfilters import filesizeformat
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from makin import dates
from makin.badges import badge_html
from makin.links import UUID_PLACEHOLDER, keyed_url
from makin.rules import holds

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


@register.simple_tag(takes_context=True)
def verify_form(context, action, prefix):
    """A staff member's verdict on a field group or a document: verified, or rejected with a
    reason; posted to `action`, its ids made unique by `prefix`."""
    # The words and the token are the same for every form of the page: worked out once.
    words = context.render_context.get(VERIFY_FORM)
    if words is None:
        words = context.render_context[VERIFY_FORM] = {
            "csrf": CsrfTokenNode().render(context),
            "legend": gettext("Verification"),
            "verified": gettext("Verified"),
            "rejected": gettext("Rejected"),
            "reason": gettext("Reason (when rejecting)"),
            "record": gettext("Record"),
        }
    return format_html(VERIFY_FORM, action=action, prefix=prefix, **words)


@register.simple_tag(takes_context=True)
def field_rows(context, rows):
    """A field group's rows (`selectors.file_sections`): the label, and the value (a dual date,
    a dash when empty, else the value isolated in `<bdi>`)."""
    empty = mark_safe('<span class="text-muted">—</span>')
    return format_html_join(
        "",
        '<dt class="col-5 fw-normal text-muted">{}</dt><dd class="col-7 mb-1">{}</dd>\n',
        (
            (
                capfirst(row["label"]),
                empty
                if row["value"] is None or row["value"] == ""
                else dates.dual(row["value"])
                if row["is_date"]
                else format_html("<bdi>{}</bdi>", render_value_in_context(row["value"], context)),
            )
            for row in rows
        ),
    )


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
    association, expires = gettext("the association"), gettext("expires")
    download, remove = gettext("Download"), gettext("Remove")
    items = []
    for document in documents:
        address = document_link(document.uuid)
        uploaded = mark_safe(  # the words as `{% blocktranslate %}` gives them, values escaped
            gettext("uploaded by <bdi>%(who)s</bdi> on %(when)s")
            % {
                "who": render_value_in_context(document.uploaded_by or association, context),
                "when": conditional_escape(dates.dual(document.uploaded_at)),
            }
        )
        parts = [
            format_html(
                '<li class="border-top py-2">'
                '<div class="d-flex flex-wrap justify-content-between gap-2"><div>'
                '<a href="{}" target="_blank" rel="noopener">{}</a> {}'
                '<div class="small text-muted"><bdi>{}</bdi> · <span dir="ltr">{}</span> · {}',
                address,
                document.name,
                badge_html(document.status, "beneficiaries.VerificationStatus"),
                document.original_name,
                filesizeformat(document.size),
                uploaded,
            )
        ]
        if document.expiry_date:
            parts.append(format_html(" · {} {}", expires, dates.dual(document.expiry_date)))
        parts.append("</div>")
        if document.rejection_reason:
            parts.append(
                format_html(
                    '<div class="small text-danger" dir="auto">{}</div>',
                    document.rejection_reason,
                )
            )
        parts.append(
            format_html(
                '</div><div class="d-flex gap-2 align-items-start">'
                '<a class="btn btn-sm btn-outline-secondary" href="{}?download=1">{}</a>',
                address,
                download,
            )
        )
        if show_delete and holds(user, "beneficiaries.delete_file_document", document):
            parts.append(
                format_html(
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

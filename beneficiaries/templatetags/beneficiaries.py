from django import template

from makin.rules import holds

register = template.Library()


@register.inclusion_tag("beneficiaries/includes/_file_panel.html", takes_context=True)
def beneficiary_panel(context):
    """The dashboards' panel on beneficiary files, by role."""
    from django.utils import timezone

    from .. import selectors

    user = context["request"].user
    panel = {"user": user, "is_applicant": holds(user, "beneficiaries.view_own_file")}
    if panel["is_applicant"]:
        file = selectors.beneficiary_of(user)
        panel["own_file"] = file
        if file:
            panel["checklist"] = selectors.file_checklist_read(
                beneficiary=file, today=timezone.localdate()
            )
    if holds(user, "beneficiaries.search_files"):
        panel["can_search"] = True
        panel["can_register"] = holds(user, "beneficiaries.register_file")
    if holds(user, "beneficiaries.handle_duplicates"):
        panel["open_duplicates"] = selectors.open_duplicates_count()
    if holds(user, "beneficiaries.verify_file"):
        panel["awaiting"] = list(selectors.files_awaiting_verification())
    return panel


@register.filter
def deletable_by(document, user) -> bool:
    """`{% if document|deletable_by:user %}`: the rules decide (not verified, and theirs or
    staff who may remove documents)."""
    return holds(user, "beneficiaries.delete_file_document", document)


@register.inclusion_tag("beneficiaries/includes/_case_link.html", takes_context=True)
def case_link(context, beneficiary, label=None):
    """`{% case_link beneficiary %}`: the way back to the person's case page, shown only to a
    reader who may open it (`beneficiaries.open_case`). With a `label` (a list's person's
    name), a reader who may not open the case reads the label without the link."""
    user = context["request"].user
    shown = beneficiary is not None and holds(user, "beneficiaries.open_case", beneficiary)
    return {"beneficiary": beneficiary, "shown": shown, "label": label}

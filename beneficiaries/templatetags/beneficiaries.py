from django import template

register = template.Library()


@register.inclusion_tag("beneficiaries/includes/_file_panel.html", takes_context=True)
def beneficiary_panel(context):
    """The dashboards' panel on beneficiary files, by role."""
    from django.utils import timezone

    from makin.roles import Role

    from .. import selectors

    user = context["request"].user
    panel = {"user": user, "is_applicant": user.has_role(Role.APPLICANT)}
    if panel["is_applicant"]:
        file = selectors.beneficiary_of(user)
        panel["own_file"] = file
        if file:
            panel["checklist"] = selectors.file_checklist(
                beneficiary=file, today=timezone.localdate()
            )
    if user.has_perm("beneficiaries.view_beneficiary"):
        panel["can_search"] = True
        panel["can_register"] = user.has_perm("beneficiaries.add_beneficiary")
    if user.has_perm("beneficiaries.review_duplicates"):
        panel["open_duplicates"] = selectors.open_duplicates_count()
    if user.has_perm("beneficiaries.verify_beneficiary"):
        panel["awaiting"] = list(selectors.files_awaiting_verification())
    return panel


@register.filter
def deletable_by(document, user) -> bool:
    """`{% if document|deletable_by:user %}`: the rules decide (not verified, and theirs or
    staff who may remove documents)."""
    return user.has_perm("beneficiaries.delete_file_document", document)

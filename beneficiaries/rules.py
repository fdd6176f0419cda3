"""Who may reach which file and document. An applicant reaches only their own file and its
documents; staff what their role's model permissions allow. Merged files are read-only."""

import rules

from .models import VerificationStatus


@rules.predicate
def is_file_owner(user, beneficiary) -> bool:
    return bool(
        beneficiary is not None and user.is_authenticated and beneficiary.owner_id == user.pk
    )


@rules.predicate
def is_document_owner(user, document) -> bool:
    return bool(
        document is not None and user.is_authenticated and document.beneficiary.owner_id == user.pk
    )


@rules.predicate
def file_is_open(user, beneficiary) -> bool:
    return beneficiary is not None and beneficiary.merged_into_id is None


@rules.predicate
def document_not_verified(user, document) -> bool:
    return document is not None and document.status != VerificationStatus.VERIFIED


def _model_perm(codename: str):
    @rules.predicate(name=f"can_{codename}")
    def predicate(user) -> bool:
        return user.has_perm(f"beneficiaries.{codename}")

    return predicate


can_view_files = _model_perm("view_beneficiary")
can_change_files = _model_perm("change_beneficiary")
can_view_documents = _model_perm("view_document")
can_add_documents = _model_perm("add_document")
can_delete_documents = _model_perm("delete_document")

rules.add_perm("beneficiaries.view_file", is_file_owner | can_view_files)
rules.add_perm("beneficiaries.change_file", file_is_open & (is_file_owner | can_change_files))
rules.add_perm(
    "beneficiaries.upload_file_document", file_is_open & (is_file_owner | can_add_documents)
)
rules.add_perm("beneficiaries.view_file_document", is_document_owner | can_view_documents)
rules.add_perm(
    "beneficiaries.delete_file_document",
    document_not_verified & (is_document_owner | can_delete_documents),
)

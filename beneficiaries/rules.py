"""Who may reach which file and document. An applicant reaches only their own file and its
documents; staff what their role's model permissions allow, read from the roles. Merged files
are read-only."""

import operator
from functools import reduce

import rules

from makin.rules import (
    has_role,
    is_applicant,
    is_committee,
    is_manager,
    is_reception,
    is_researcher,
)

from .apps import BeneficiariesConfig
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


def _granted(codename: str):
    """The roles whose groups hold the model permission `codename` (the permissions Django's
    admin uses, in BeneficiariesConfig.role_permissions), as a role predicate: the same people,
    answered from the roles read once per request instead of a permission query."""
    permission = f"beneficiaries.{codename}"
    granted = [
        has_role(role)
        for role, permissions in BeneficiariesConfig.role_permissions.items()
        if permission in permissions
    ]
    return reduce(operator.or_, granted)


can_view_files = _granted("view_beneficiary")
can_change_files = _granted("change_beneficiary")
can_view_documents = _granted("view_document")
can_add_documents = _granted("add_document")
can_delete_documents = _granted("delete_document")

# Pages, granted by role (the same roles whose groups hold the model permissions that Django's
# admin uses, in BeneficiariesConfig.role_permissions). The applicant's own file (my/):
rules.add_perm("beneficiaries.view_own_file", is_applicant)
# Staff (URLs under staff/): which file a page shows is the object rules below (404 otherwise).
searches_files = is_reception | is_researcher | is_committee | is_manager
rules.add_perm("beneficiaries.search_files", searches_files)
rules.add_perm("beneficiaries.register_file", is_reception)
rules.add_perm("beneficiaries.verify_file", is_reception | is_researcher)
rules.add_perm("beneficiaries.read_file_history", is_reception | is_researcher | is_manager)
rules.add_perm("beneficiaries.invite_holder", is_reception)
rules.add_perm("beneficiaries.handle_duplicates", is_reception | is_researcher)
# A document's address: any signed-in person; which document, `view_file_document` (404).
rules.add_perm("beneficiaries.open_documents", rules.is_authenticated)

# Objects.

rules.add_perm("beneficiaries.view_file", is_file_owner | can_view_files)
# The person's case page (/staff/files/<pk>/): every page about a piece of the case links back
# to it for those who hold this, and for no one else. The roles that search files are the roles
# whose groups view every file (BeneficiariesConfig.role_permissions), so the case page's object
# rule adds nothing for them, and a list of many rows asks no permission query.
rules.add_perm("beneficiaries.open_case", searches_files)
rules.add_perm("beneficiaries.change_file", file_is_open & (is_file_owner | can_change_files))
rules.add_perm(
    "beneficiaries.upload_file_document", file_is_open & (is_file_owner | can_add_documents)
)
rules.add_perm("beneficiaries.view_file_document", is_document_owner | can_view_documents)
# The file's other papers (the scanned signed form, research attachments), given the file: the
# same people as its documents.
rules.add_perm("beneficiaries.view_file_paper", is_file_owner | can_view_documents)
rules.add_perm(
    "beneficiaries.delete_file_document",
    document_not_verified & (is_document_owner | can_delete_documents),
)

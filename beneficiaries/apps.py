from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from makin.badges import Tone
from makin.navigation import GROUP_FILES, NavItem
from makin.roles import Role


def _perms(*codenames: str) -> list[str]:
    return [f"beneficiaries.{c}" for c in codenames]


FILE_EDIT = (
    "view_beneficiary",
    "change_beneficiary",
    "view_householdmember",
    "add_householdmember",
    "change_householdmember",
    "delete_householdmember",
    "view_incomesource",
    "add_incomesource",
    "change_incomesource",
    "delete_incomesource",
    "view_document",
    "add_document",
    "change_document",
    "delete_document",
    "view_fieldgroupverification",
    "verify_beneficiary",
    "view_beneficiary_history",
    "view_duplicatecandidate",
    "review_duplicates",
)


class BeneficiariesConfig(AppConfig):
    name = "beneficiaries"
    verbose_name = _("Beneficiaries")
    home_parts = ["beneficiaries.home.MY_FILE"]

    role_permissions = {
        Role.RECEPTION: _perms(*FILE_EDIT, "add_beneficiary", "invite_beneficiary"),
        Role.RESEARCHER: _perms(*FILE_EDIT),
        Role.COMMITTEE: _perms("view_beneficiary", "view_householdmember", "view_document"),
        Role.MANAGER: _perms("view_beneficiary", "view_beneficiary_history"),
        Role.ADMIN: _perms(
            "view_beneficiarycategory",
            "add_beneficiarycategory",
            "change_beneficiarycategory",
            "view_documentkind",
            "add_documentkind",
            "change_documentkind",
        ),
    }

    navigation = [
        NavItem(_("My file"), "beneficiaries:my_file", "beneficiaries.view_own_file"),
        NavItem(
            _("Beneficiaries"),
            "beneficiaries:search",
            "beneficiaries.search_files",
            group=GROUP_FILES,
        ),
        NavItem(
            _("Register a visitor"),
            "beneficiaries:register",
            "beneficiaries.register_file",
            group=GROUP_FILES,
        ),
        NavItem(
            _("Possible duplicates"),
            "beneficiaries:duplicates",
            "beneficiaries.handle_duplicates",
            group=GROUP_FILES,
        ),
    ]

    def ready(self):
        from .models import DuplicateStatus, VerificationStatus

        # The colour of each verification and duplicate-review state, for `{% badge %}`.
        self.badges = {
            VerificationStatus.PENDING: Tone.SECONDARY,
            VerificationStatus.VERIFIED: Tone.SUCCESS,
            VerificationStatus.REJECTED: Tone.DANGER,
            DuplicateStatus.OPEN: Tone.WARNING,
            DuplicateStatus.DISTINCT: Tone.SECONDARY,
            DuplicateStatus.MERGED: Tone.INFO,
        }

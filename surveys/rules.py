"""Who may do what in the surveys app."""

import rules

from makin.rules import is_applicant, is_manager, is_reception, is_researcher


@rules.predicate
def asked_for_the_export(user, export) -> bool:
    return export is not None and export.requested_by_id == user.pk


# Reports carry per-staff figures: managers only, never other staff.
rules.add_perm("surveys.view_reports", is_manager)
# A reports PDF made by the worker: only the manager who asked for it, while still a manager.
rules.add_perm("surveys.view_report_export", is_manager & asked_for_the_export)
rules.add_perm("surveys.manage_surveys", is_manager)
rules.add_perm("surveys.handle_feedback", is_manager | is_reception)
# Closing a complaint without a reply to the person (spam, a duplicate, nobody to reach).
rules.add_perm("surveys.close_feedback", is_manager)
rules.add_perm("surveys.send_invitation", is_reception | is_researcher | is_manager)
rules.add_perm("surveys.send_account_feedback", is_applicant)

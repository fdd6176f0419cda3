"""Who may reach the committee's pages. Services check again: they are the single door."""

import rules

from makin.rules import is_applicant, is_committee, is_committee_chair, is_manager, is_reception

rules.add_perm("committee.view_committee", is_committee)
rules.add_perm("committee.chair_committee", is_committee_chair)
rules.add_perm("committee.manage_members", is_manager)
rules.add_perm("committee.view_decision_report", is_manager)
rules.add_perm("committee.record_delivery", is_reception | is_manager)
rules.add_perm("committee.view_own_letters", is_applicant)
# Staff print a letter for an applicant without an online account (a walk-in or phone visitor).
rules.add_perm("committee.print_letters", is_committee | is_reception | is_manager)

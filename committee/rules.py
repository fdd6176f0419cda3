"""Who may reach the committee's pages and take its actions. Views name these capabilities,
navigation items name them, and services check the same ones (`makin.rules.require`)."""

import rules

from makin.rules import (
    is_applicant,
    is_committee,
    is_committee_chair,
    is_committee_member,
    is_manager,
    is_reception,
)

# Members: meetings, agenda items, minutes, votes.
rules.add_perm("committee.view_committee", is_committee_member)
rules.add_perm("committee.cast_vote", is_committee_member)
# The chair: schedules, opens and closes meetings, builds the agenda, records decisions.
rules.add_perm("committee.chair_committee", is_committee_chair)
rules.add_perm("committee.record_decision", is_committee_chair)
# Managers: members, the list of rejection reasons, the deadline report.
rules.add_perm("committee.manage_members", is_manager)
rules.add_perm("committee.view_decision_report", is_manager)
rules.add_perm("committee.record_delivery", is_reception | is_manager)
rules.add_perm("committee.view_own_letters", is_applicant)
# Staff print a letter for an applicant without an online account (a walk-in or phone visitor).
rules.add_perm("committee.print_letters", is_committee | is_reception | is_manager)

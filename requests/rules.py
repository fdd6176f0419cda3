"""Who may open each request page and take each action. Views name these capabilities,
navigation shows a link exactly when its page's capability holds, and services check the same
one. Which request a person reaches is the selectors' rule: another applicant's request is
"not found". Which status moves a role may make is `workflow.MOVES`."""

import rules

from makin.rules import (
    is_applicant,
    is_committee,
    is_desk,
    is_manager,
    is_reception,
    is_researcher,
    is_staff_member,
)

# The applicant's own requests.
rules.add_perm("requests.view_own_requests", is_applicant)
rules.add_perm("requests.start_request", is_applicant)
rules.add_perm("requests.withdraw_request", is_applicant)
# What staff asked for when marking a request incomplete: the applicant answers on their
# request's page, reception for a visitor on the staff page.
rules.add_perm("requests.answer_own_missing_item", is_applicant)
rules.add_perm("requests.answer_missing_item_for_visitor", is_reception)
# The wizard: the applicant fills their own request, reception fills one for a visitor.
rules.add_perm("requests.fill_request", is_applicant | is_reception)
# Any request, not only one's own: reception starts and fills requests for visitors.
rules.add_perm("requests.fill_for_visitor", is_reception)
rules.add_perm("requests.view_receipt", is_applicant | is_staff_member)

# Staff: queues and one request's pages.
rules.add_perm("requests.view_queue", is_reception | is_researcher | is_manager | is_committee)
rules.add_perm("requests.view_research_queue", is_researcher)
rules.add_perm("requests.view_request", is_staff_member)
# A role's home counts every request; a researcher alone counts the ones assigned to them.
rules.add_perm(
    "requests.count_every_request", is_staff_member & (~is_researcher | is_reception | is_manager)
)
rules.add_perm("requests.move_request", is_staff_member)
rules.add_perm("requests.assign_researcher", is_desk)
rules.add_perm("requests.write_research_report", is_researcher)
rules.add_perm("requests.review_document", is_reception | is_researcher)
rules.add_perm("requests.print_request_form", is_reception)
rules.add_perm("requests.attach_signed_form", is_reception)

# The desk: walk-ins, contacts and referrals.
rules.add_perm("requests.register_walk_in", is_reception)
rules.add_perm("requests.log_contact", is_desk)
rules.add_perm("requests.view_referrals", is_desk)
rules.add_perm("requests.refer_question", is_desk)
rules.add_perm("requests.answer_referral", is_researcher)

# Managers: the service catalogue and the officer's tools. The tools page itself is public
# (private tools are listed to staff); its menu entry is for the desk.
rules.add_perm("requests.manage_catalogue", is_manager)
rules.add_perm("requests.use_officer_tools", is_desk)
rules.add_perm("requests.view_private_tools", is_staff_member)

"""The capabilities that replaced role checks inside the requests app, held by exactly the
roles below (literal table; the pages that use them are held by the role × URL matrix)."""

import pytest

from makin.roles import Role
from makin.rules import holds
from tests.factories import ApplicantFactory, UserFactory, staff

pytestmark = pytest.mark.django_db

# fmt: off
HOLDERS = {
    "requests.fill_for_visitor":    {Role.RECEPTION},
    "requests.count_every_request": {Role.RECEPTION, Role.COMMITTEE, Role.MANAGER, Role.ADMIN},
    "requests.view_private_tools":  {Role.RECEPTION, Role.RESEARCHER, Role.COMMITTEE,
                                     Role.MANAGER, Role.ADMIN},
    "requests.view_research_queue": {Role.RESEARCHER},
    "requests.view_own_requests":   {Role.APPLICANT},
}
# fmt: on


@pytest.mark.parametrize("capability", list(HOLDERS))
def test_each_capability_is_held_by_exactly_its_roles(capability):
    people = {role: staff(role) for role in Role if role != Role.APPLICANT}
    people[Role.APPLICANT] = ApplicantFactory()
    assert {role for role, user in people.items() if holds(user, capability)} == HOLDERS[capability]


def test_a_researcher_who_is_also_at_the_desk_counts_every_request():
    both = UserFactory(roles=[Role.RESEARCHER, Role.RECEPTION])
    assert holds(both, "requests.count_every_request")

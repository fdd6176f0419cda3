"""The signed-in person's roles come with the person (one query), and the capabilities named
without an object are answered from the roles, once for each set of roles."""

import pytest
import rules
from django.contrib.auth.models import Group

from makin import sessions
from makin.backends import IdentifierBackend
from makin.models import Session
from makin.roles import Role
from makin.rules import holds
from tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db


def test_the_person_is_read_with_their_roles_in_one_query(django_assert_num_queries):
    user = UserFactory(roles=[Role.RECEPTION, Role.MANAGER])
    with django_assert_num_queries(1):
        read = IdentifierBackend().get_user(user.pk)
        assert read.roles == frozenset({Role.RECEPTION, Role.MANAGER})
        assert read.primary_role == Role.MANAGER
        assert read.is_portal_staff is True


def test_a_person_without_a_group_has_no_role_and_no_second_query(django_assert_num_queries):
    user = UserFactory()
    with django_assert_num_queries(1):
        assert IdentifierBackend().get_user(user.pk).roles == frozenset()


def test_a_superuser_holds_the_admin_role_read_with_them():
    user = UserFactory(is_superuser=True)
    assert IdentifierBackend().get_user(user.pk).roles == frozenset({Role.ADMIN})


def test_an_inactive_or_missing_person_is_nobody():
    user = UserFactory(roles=[Role.RECEPTION], is_active=False)
    backend = IdentifierBackend()
    assert backend.get_user(user.pk) is None
    assert backend.get_user(987654) is None


def test_a_user_read_otherwise_reads_their_roles_from_their_groups(django_assert_num_queries):
    user = UserFactory(roles=[Role.RESEARCHER])
    user.__dict__.pop("roles", None)
    with django_assert_num_queries(1):
        assert user.roles == frozenset({Role.RESEARCHER})


def test_a_role_given_or_taken_away_holds_from_the_next_page(client_for):
    user = staff(Role.RESEARCHER)
    client = client_for(user)
    assert client.get("/staff/reception/").status_code == 403
    user.groups.add(Group.objects.get(name=Role.RECEPTION))
    assert client.get("/staff/reception/").status_code == 200
    user.groups.remove(Group.objects.get(name=Role.RECEPTION))
    assert client.get("/staff/reception/").status_code == 403


def test_a_signed_in_page_reads_the_session_with_the_person_and_their_roles(
    client_for, django_assert_num_queries
):
    client = client_for(staff(Role.RECEPTION))
    # Prepared on the connection by its second run at the latest, run by name after.
    client.get("/staff/reception/")
    client.get("/staff/reception/")
    # The header's unread count: the session with the person and their roles, the count.
    with django_assert_num_queries(2) as context:
        assert client.get("/notifications/unread/").status_code == 200
    sql = [query["sql"] for query in context.captured_queries]
    statement, _fields = sessions.session_statement(Session, "default")
    assert 'AS "role_names" FROM "makin_session" LEFT OUTER JOIN "makin_user"' in statement.body
    assert sql[0].startswith(f"EXECUTE {statement.name}("), sql[0]
    assert 'FROM "makin_notification"' in sql[1]


@pytest.mark.parametrize(
    ("roles", "capability", "held"),
    [
        ([Role.RECEPTION], "requests.view_queue", True),
        ([Role.RECEPTION], "requests.view_research_queue", False),
        ([Role.RESEARCHER], "requests.view_research_queue", True),
        ([Role.RESEARCHER], "requests.count_every_request", False),
        ([Role.RESEARCHER, Role.RECEPTION], "requests.count_every_request", True),
        ([Role.APPLICANT], "requests.view_queue", False),
        ([Role.APPLICANT], "makin.view_own_notifications", True),
        ([Role.MANAGER], "surveys.view_reports", True),
        ([Role.COMMITTEE], "committee.record_decision", False),
        ([], "requests.view_queue", False),
    ],
)
def test_a_capability_without_an_object_is_the_roles(roles, capability, held):
    first, second = UserFactory(roles=roles), UserFactory(roles=roles)
    assert holds(first, capability) is held
    assert holds(second, capability) is held


def test_the_chair_flag_is_part_of_what_is_answered():
    member = UserFactory(roles=[Role.COMMITTEE])
    chair = UserFactory(roles=[Role.COMMITTEE], is_committee_chair=True)
    assert holds(member, "committee.record_decision") is False
    assert holds(chair, "committee.record_decision") is True
    assert holds(member, "committee.record_decision") is False


def test_an_inactive_person_holds_nothing_and_a_superuser_everything():
    assert (
        holds(UserFactory(roles=[Role.RECEPTION], is_active=False), "requests.view_queue") is False
    )
    assert holds(UserFactory(is_superuser=True), "requests.view_research_queue") is True


def test_a_rule_that_reads_more_than_the_roles_is_asked_for_each_person():
    @rules.predicate
    def named_ali(user):
        return user.first_name == "علي"

    rules.add_perm("tests.be_ali", named_ali)
    try:
        assert holds(UserFactory(first_name="علي"), "tests.be_ali") is True
        assert holds(UserFactory(first_name="سعد"), "tests.be_ali") is False
        assert holds(UserFactory(first_name="علي"), "tests.be_ali") is True
    finally:
        rules.remove_perm("tests.be_ali")


def test_a_rule_declared_again_is_answered_again():
    user = UserFactory(roles=[Role.RECEPTION])
    rules.add_perm("tests.desk_only", rules.always_false)
    try:
        assert holds(user, "tests.desk_only") is False
        rules.set_perm("tests.desk_only", rules.always_true)
        assert holds(user, "tests.desk_only") is True
    finally:
        rules.remove_perm("tests.desk_only")

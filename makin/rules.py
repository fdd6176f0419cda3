"""Role predicates and the portal-wide permissions (`rules`). Apps add their own object rules
in their `rules.py`, built from these predicates."""

import rules

from .roles import STAFF_ROLES, Role


def _has_role(role: Role):
    @rules.predicate(name=f"is_{role.value}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.has_role(role))

    return predicate


is_applicant = _has_role(Role.APPLICANT)
is_reception = _has_role(Role.RECEPTION)
is_researcher = _has_role(Role.RESEARCHER)
is_committee = _has_role(Role.COMMITTEE)
is_manager = _has_role(Role.MANAGER)
is_admin = _has_role(Role.ADMIN)


@rules.predicate
def is_staff_member(user) -> bool:
    return bool(user and user.is_authenticated and user.roles & STAFF_ROLES)


@rules.predicate
def is_committee_chair(user) -> bool:
    return bool(user and user.is_authenticated and user.is_committee_chair) and is_committee(user)


@rules.predicate
def is_owner(user, obj) -> bool:
    """The object belongs to the user: it is the user, or its `owner` is."""
    if obj is None or not user.is_authenticated:
        return False
    owner_id = obj.pk if obj.__class__ is user.__class__ else getattr(obj, "owner_id", None)
    return owner_id == user.pk


rules.add_perm("makin.view_applicant_home", is_applicant)
rules.add_perm("makin.view_reception_home", is_reception)
rules.add_perm("makin.view_researcher_home", is_researcher)
rules.add_perm("makin.view_committee_home", is_committee)
rules.add_perm("makin.view_manager_home", is_manager)
rules.add_perm("makin.view_admin_home", is_admin)
rules.add_perm("makin.view_own_account", is_owner)

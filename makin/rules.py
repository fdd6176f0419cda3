"""Role predicates and the portal-wide capabilities (`rules`). Each page and each action names
one capability, declared once in its app's `rules.py` with the roles and object rules that
grant it, built from the predicates here. Views name it (`makin.views.CapabilityRequiredMixin`),
navigation items name it, services check it (`require`), and the role × URL matrix test holds
the table."""

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

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
_BY_ROLE = {
    Role.APPLICANT: is_applicant,
    Role.RECEPTION: is_reception,
    Role.RESEARCHER: is_researcher,
    Role.COMMITTEE: is_committee,
    Role.MANAGER: is_manager,
    Role.ADMIN: is_admin,
}


def has_role(role: Role):
    """The predicate "holds `role`" (one per role, shared by every app's rules)."""
    return _BY_ROLE[role]


@rules.predicate
def is_staff_member(user) -> bool:
    return bool(user and user.is_authenticated and user.roles & STAFF_ROLES)


# The three groups the apps share, defined here once.
# A committee member: holds the committee role (votes, reads the agenda).
is_committee_member = is_committee


@rules.predicate
def is_committee_chair(user) -> bool:
    """The member whose current term is the chair's (opens and closes meetings, decides)."""
    return bool(user and user.is_authenticated and user.is_committee_chair) and is_committee(user)


# The desk: the staff who receive people and move requests through intake (contacts,
# referrals, assigning a researcher).
is_desk = is_reception | is_researcher | is_manager


@rules.predicate
def is_owner(user, obj) -> bool:
    """The object belongs to the user: it is the user, or its `owner` is."""
    if obj is None or not user.is_authenticated:
        return False
    owner_id = obj.pk if obj.__class__ is user.__class__ else getattr(obj, "owner_id", None)
    return owner_id == user.pk


class _RoleHolder:
    """Whoever holds these roles (and the chair's flag), and nothing else of a person: a rule
    answered for it depends on the roles alone."""

    is_authenticated = True
    is_active = True
    is_superuser = False

    def __init__(self, roles: frozenset, is_committee_chair: bool):
        self.roles = roles
        self.is_committee_chair = is_committee_chair

    def has_role(self, role: Role) -> bool:
        return role in self.roles


# A capability named without an object, answered once per process for each set of roles (and
# chair's flag), by its rule as declared (a rule declared again is answered again). A rule that
# reads more of the person than their roles (the stand-in lacks it) is marked and asked for
# each person as before.
_BY_ROLES: dict[tuple, bool | None] = {}


def _by_roles(user, capability: str) -> bool:
    rule = rules.permissions.permissions.get(capability)
    key = (capability, rule, user.roles, bool(getattr(user, "is_committee_chair", False)))
    answer = _BY_ROLES.get(key)
    if answer is None:
        if key in _BY_ROLES:
            return rules.has_perm(capability, user)
        try:
            answer = rules.has_perm(capability, _RoleHolder(key[2], key[3]))
        except AttributeError:
            _BY_ROLES[key] = None
            return rules.has_perm(capability, user)
        _BY_ROLES[key] = answer
    return answer


def by_roles_alone(user, capability: str) -> bool:
    """Whether `holds(user, capability)` is the answer of the person's roles (and chair's
    flag) alone, the same for everyone who has them: False for a rule that reads more of the
    person."""
    rule = rules.permissions.permissions.get(capability)
    key = (capability, rule, user.roles, bool(getattr(user, "is_committee_chair", False)))
    if key not in _BY_ROLES:
        _by_roles(user, capability)
    return _BY_ROLES.get(key) is not None


def holds(user, capability: str, obj=None) -> bool:
    """Whether `user` holds the capability (for `obj`, when it has an object rule). Read from
    the capabilities declared with `rules` (an active superuser holds every one), so that a
    refusal costs no query for Django's model permissions. Without an object, the answer is
    the roles': worked out once for each set of roles, not at each of a page's ~30 checks."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if obj is None:
        return _by_roles(user, capability)
    return rules.has_perm(capability, user, obj)


def require(actor, capability: str, obj=None) -> None:
    """A service's own check of the capability its page names: PermissionDenied unless the
    actor holds it (for `obj`, when the capability has an object rule)."""
    if not holds(actor, capability, obj):
        raise PermissionDenied(_("Your role does not allow this action."))


rules.add_perm("makin.view_applicant_home", is_applicant)
rules.add_perm("makin.view_reception_home", is_reception)
rules.add_perm("makin.view_researcher_home", is_researcher)
rules.add_perm("makin.view_committee_home", is_committee)
rules.add_perm("makin.view_manager_home", is_manager)
rules.add_perm("makin.view_admin_home", is_admin)
rules.add_perm("makin.reset_second_factor", is_admin)
rules.add_perm("makin.view_own_account", is_owner)
rules.add_perm("makin.view_own_notifications", rules.is_authenticated)

"""The navigation each role sees. Apps add their entries to NAVIGATION as they grow."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[Role]


NAVIGATION: list[NavItem] = [
    NavItem(_("My home"), "makin:home_applicant", frozenset({Role.APPLICANT})),
    NavItem(_("Reception desk"), "makin:home_reception", frozenset({Role.RECEPTION})),
    NavItem(_("Research desk"), "makin:home_researcher", frozenset({Role.RESEARCHER})),
    NavItem(_("Committee"), "makin:home_committee", frozenset({Role.COMMITTEE})),
    NavItem(_("Management"), "makin:home_manager", frozenset({Role.MANAGER})),
    NavItem(_("Administration"), "makin:home_admin", frozenset({Role.ADMIN})),
]


def navigation_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    roles = user.roles
    return [
        {"label": item.label, "url": reverse(item.url_name)}
        for item in NAVIGATION
        if item.roles & roles
    ]

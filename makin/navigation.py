"""The navigation each role sees: the role homes here, then what each app's AppConfig lists
in its `navigation` attribute (a list of NavItem)."""

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


def all_items() -> list[NavItem]:
    from django.apps import apps

    items = list(NAVIGATION)
    for config in apps.get_app_configs():
        items.extend(getattr(config, "navigation", []))
    return items


def navigation_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    roles = user.roles
    return [
        {"label": item.label, "url": reverse(item.url_name)}
        for item in all_items()
        if item.roles & roles
    ]

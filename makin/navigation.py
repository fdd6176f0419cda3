"""The navigation each role sees: the role homes here, then what each app's AppConfig lists
in its `navigation` attribute (a list of NavItem). Items that name a `group` are shown together
in one menu of the bar, so that a role with many pages still gets one tidy line."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[Role]
    group: str | None = None


# The menus of the bar, in the order they appear.
GROUP_FILES = _("Files")
GROUP_REQUESTS = _("Requests")
GROUP_COMMITTEE = _("Committee")
GROUP_SATISFACTION = _("Satisfaction")
GROUP_SETTINGS = _("Catalogue and guides")


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
    """The bar's entries for `user`: links ({"label", "url"}) and menus ({"label", "children"}),
    a menu with a single link for this user being shown as that link."""
    if not user.is_authenticated:
        return []
    roles = user.roles
    entries: list[dict] = []
    menus: dict[str, dict] = {}
    for item in all_items():
        if not item.roles & roles:
            continue
        link = {"label": item.label, "url": reverse(item.url_name)}
        if item.group is None:
            entries.append(link)
            continue
        key = str(item.group)
        if key not in menus:
            menus[key] = {"label": item.group, "children": []}
            entries.append(menus[key])
        menus[key]["children"].append(link)
    return [e["children"][0] if "children" in e and len(e["children"]) == 1 else e for e in entries]

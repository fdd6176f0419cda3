"""The navigation each person sees: the role homes here, then what each app's AppConfig lists
in its `navigation` attribute (a list of NavItem). An item names the capability of its page
(the one its view names), and is shown exactly when the person holds it. Items that name a
`group` are shown together in one menu of the bar, so that a role with many pages still gets
one tidy line."""

from dataclasses import dataclass

import rules
from django.utils.translation import gettext_lazy as _

from .links import _reversal, address
from .rules import by_roles_alone, holds


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: str
    group: str | None = None


# The menus of the bar, in the order they appear.
GROUP_FILES = _("Files")
GROUP_REQUESTS = _("Requests")
GROUP_COMMITTEE = _("Committee")
GROUP_SATISFACTION = _("Satisfaction")
GROUP_SETTINGS = _("Catalogue and guides")


NAVIGATION: list[NavItem] = [
    NavItem(_("My home"), "makin:home_applicant", "makin.view_applicant_home"),
    NavItem(_("Reception desk"), "makin:home_reception", "makin.view_reception_home"),
    NavItem(_("Research desk"), "makin:home_researcher", "makin.view_researcher_home"),
    NavItem(_("Committee"), "makin:home_committee", "makin.view_committee_home"),
    NavItem(_("Management"), "makin:home_manager", "makin.view_manager_home"),
    NavItem(_("Administration"), "makin:home_admin", "makin.view_admin_home"),
]


def all_items() -> list[NavItem]:
    from django.apps import apps

    items = list(NAVIGATION)
    for config in apps.get_app_configs():
        items.extend(getattr(config, "navigation", []))
    return items


# The bar of each set of roles (and chair's flag) in each language, script prefix and URLconf,
# kept when every item's capability is answered by the roles alone; the rules of the items are
# part of the key (a rule declared again is answered again).
_BARS: dict[tuple, list[dict]] = {}


def navigation_for(user) -> list[dict]:
    """The bar's entries for `user`: links ({"label", "url"}) and menus ({"label", "children"}),
    a menu with a single link for this user being shown as that link. Worked out once per
    process for each set of roles (the entries are shared: read them, do not change them)."""
    if not user.is_authenticated:
        return []
    if not user.is_active:
        return _navigation(user)
    items = all_items()
    holder = (
        ("superuser",)
        if user.is_superuser
        else (
            user.roles,
            bool(getattr(user, "is_committee_chair", False)),
        )
    )
    declared = rules.permissions.permissions
    key = (holder, *_reversal(), tuple(declared.get(item.capability) for item in items))
    bar = _BARS.get(key)
    if bar is None:
        bar = _navigation(user, items)
        if user.is_superuser or all(by_roles_alone(user, item.capability) for item in items):
            _BARS[key] = bar
    return bar


def _navigation(user, items=None) -> list[dict]:
    entries: list[dict] = []
    menus: dict[str, dict] = {}
    for item in items if items is not None else all_items():
        if not holds(user, item.capability):
            continue
        link = {"label": str(item.label), "url": address(item.url_name)}
        if item.group is None:
            entries.append(link)
            continue
        key = str(item.group)
        if key not in menus:
            menus[key] = {"label": key, "children": []}
            entries.append(menus[key])
        menus[key]["children"].append(link)
    return [e["children"][0] if "children" in e and len(e["children"]) == 1 else e for e in entries]

from django.conf import settings
from django.contrib.auth.context_processors import PermLookupDict, PermWrapper

from .navigation import navigation_for
from .rules import holds


class _Capabilities(PermLookupDict):
    def __getitem__(self, name):
        return holds(self.user, f"{self.app_label}.{name}")


class Capabilities(PermWrapper):
    """`{{ perms.app.capability }}` in templates: the capabilities declared with `rules`, read
    as views, navigation and services read them (`makin.rules.holds`), so a template's check
    costs no query for Django's model permissions."""

    def __getitem__(self, app_label):
        return _Capabilities(self.user, app_label)

    def __contains__(self, perm_name):
        return holds(self.user, perm_name)


def portal(request):
    return {
        "association": settings.MAKIN_ASSOCIATION,
        "nav_items": navigation_for(request.user),
        # Replaces django.contrib.auth's `perms` (this processor runs after it).
        "perms": Capabilities(request.user),
    }

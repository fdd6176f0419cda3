from functools import partial

from django.conf import settings
from django.contrib.auth.context_processors import PermLookupDict, PermWrapper
from django.utils.functional import SimpleLazyObject

from .navigation import navigation_for
from .rules import holds


class _Capabilities(PermLookupDict):
    def __init__(self, user, app_label, answers):
        super().__init__(user, app_label)
        self.answers = answers

    def __getitem__(self, name):
        capability = f"{self.app_label}.{name}"
        if capability not in self.answers:
            self.answers[capability] = holds(self.user, capability)
        return self.answers[capability]


class Capabilities(PermWrapper):
    """`{{ perms.app.capability }}` in templates: the capabilities declared with `rules`, read
    as views, navigation and services read them (`makin.rules.holds`), so a template's check
    costs no query for Django's model permissions. Each is worked out once per request, however
    many templates of the page ask."""

    def __init__(self, user):
        super().__init__(user)
        self.answers: dict[str, bool] = {}

    def __getitem__(self, app_label):
        return _Capabilities(self.user, app_label, self.answers)

    def __contains__(self, perm_name):
        if perm_name not in self.answers:
            self.answers[perm_name] = holds(self.user, perm_name)
        return self.answers[perm_name]


def portal(request):
    # A page whose parts are rendered on their own (the case page's sections) runs the context
    # processors once per part: the navigation and the capabilities are kept on the request.
    # (Worked out again if the person changed within the request: a log-in or a log-out.)
    user, shared = getattr(request, "_makin_portal_context", (None, None))
    if shared is None or user is not request.user:
        shared = {
            "association": settings.MAKIN_ASSOCIATION,
            # Worked out when a template first reads it: a fragment without the header (the
            # unread count every page fetches) never builds the navigation.
            "nav_items": SimpleLazyObject(partial(navigation_for, request.user)),
            # Replaces django.contrib.auth's `perms` (this processor runs after it).
            "perms": Capabilities(request.user),
        }
        request._makin_portal_context = (request.user, shared)
    return shared

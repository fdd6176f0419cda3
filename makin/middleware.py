"""Staff sessions end after MAKIN_STAFF_IDLE_SECONDS without a request (30 minutes);
applicants keep theirs for SESSION_COOKIE_AGE. At log-in a staff member's session is marked and
given the short expiry (see `mark_staff_session`); each request then pushes the expiry forward,
writing the session at most once a minute so that pages cost no extra query."""

import functools
import http.client
import time
from urllib.parse import urlencode

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import SimpleLazyObject

from . import sessions

STAFF_SESSION_KEY = "_makin_staff_idle"
REFRESH_EVERY = 60  # seconds


def mark_staff_session(sender, request, user, **kwargs):
    """`user_logged_in` receiver: give staff the short, idle-based expiry."""
    if request is not None and hasattr(request, "session") and user.is_portal_staff:
        request.session[STAFF_SESSION_KEY] = int(time.time())
        request.session.set_expiry(settings.MAKIN_STAFF_IDLE_SECONDS)


class StaffIdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None:
            last = session.get(STAFF_SESSION_KEY)
            now = int(time.time())
            if last is not None and now - last >= REFRESH_EVERY:
                session[STAFF_SESSION_KEY] = now
                session.set_expiry(settings.MAKIN_STAFF_IDLE_SECONDS)
        return self.get_response(request)


class RejectNulMiddleware:
    """A NUL character in the path or the query string is never a real address: PostgreSQL
    refuses NUL in text, so it would reach the database as a server error. Answer 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            from .errors import bad_request

            return bad_request(request)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Pages shown to a signed-in person carry their data (requests, files, votes): no cache
    on the way or in the browser may keep them. Responses that chose their own caching (a
    private file download, a public PDF) keep it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


# What a half-signed-in person (password given, code not yet) may open.
SECOND_FACTOR_OPEN = frozenset(
    {"accounts:otp_verify", "accounts:otp_setup", "accounts:logout", "set_language"}
)


class SecondFactorMiddleware:
    """Until the second factor is given, every page sends a person whose log-in needs it to the
    code page (see makin.second_factor). Reads the session only: no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .second_factor import is_pending

        if is_pending(request) and not self._open(request):
            if request.headers.get("HX-Request"):
                # A fragment fetched by htmx (the header's unread count): nothing to swap in.
                return HttpResponse(status=204)
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:otp_verify')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _open(request) -> bool:
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in SECOND_FACTOR_OPEN


def _request_user(request):
    """Django's `auth.get_user`, with the person the session's query read offered to the log-in
    backend (`makin.sessions.reading`): Django's checks (the backend named in the session,
    the session hash, an inactive person) all run as they do without it."""
    if not hasattr(request, "_cached_user"):
        token = sessions.reading.set(request.session)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            sessions.reading.reset(token)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, but the signed-in person comes from the session's own query (one round trip
    for the session, the person and their roles)."""

    def process_request(self, request):
        super().process_request(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # A request with a session reads it anyway (StaffIdleTimeoutMiddleware), and the
            # person with it: the person itself then, not Django's lazy stand-in, whose every
            # use passes through a proxy (~130 uses a staff page).
            request.user = _request_user(request)
        else:
            request.user = SimpleLazyObject(lambda: _request_user(request))


# The response's own policy (django-csp's decorators) or a nonce a page asked for.
_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


@functools.cache
def _policies() -> tuple[str, str]:
    """The Content-Security-Policy and its report-only twin as the settings make them (no
    nonce): the same for every page."""
    return build_policy(), build_policy(report_only=True)


@receiver(setting_changed)
def _forget_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policies.cache_clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's, with the headers of a page that asks for nothing of its own (no nonce,
    no decorator) built once per process from the settings, not twice per request."""

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in _PER_RESPONSE
        ):
            return super().process_response(request, response)
        debug_codes = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)
        if response.status_code in debug_codes and settings.DEBUG:
            return response
        csp, csp_ro = _policies()
        for header, policy, exempt, setting in (
            (HEADER, csp, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (HEADER_REPORT_ONLY, csp_ro, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            if not policy or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        # As django-csp: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

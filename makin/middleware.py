"""Staff sessions end after MAKIN_STAFF_IDLE_SECONDS without a request (30 minutes);
applicants keep theirs for SESSION_COOKIE_AGE. At log-in a staff member's session is marked and
given the short expiry (see `mark_staff_session`); each request then pushes the expiry forward,
writing the session at most once a minute so that pages cost no extra query."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
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
        request.user = SimpleLazyObject(lambda: _request_user(request))

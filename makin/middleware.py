"""Staff sessions end after MAKIN_STAFF_IDLE_SECONDS without a request (30 minutes);
applicants keep theirs for SESSION_COOKIE_AGE. At log-in a staff member's session is marked and
given the short expiry (see `mark_staff_session`); each request then pushes the expiry forward,
writing the session at most once a minute so that pages cost no extra query."""

import time

from django.conf import settings

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

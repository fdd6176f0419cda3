"""Django's database sessions (`SESSION_ENGINE = "makin.sessions"`), the session of each request
read by the ORM's own SQL compiled once per process: compiling the lookup took more of a page's
time than running it. Everything else is Django's."""

import datetime
import functools

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from .compiled import compiled, parameters

_KEY = "makin-session-key-placeholder"
_NOW = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@functools.cache
def _session_sql(model) -> tuple[str, tuple[int, ...]]:
    """The SQL of Django's lookup (`session_key = …`, `expire_date > now`)."""
    return compiled(model.objects.filter(session_key=_KEY, expire_date__gt=_NOW), _KEY, _NOW)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        sql, places = _session_sql(self.model)
        params = parameters(places, self.session_key, timezone.now())
        session = next(iter(self.model.objects.raw(sql, params)), None)
        if session is None:
            self._session_key = None
        return session

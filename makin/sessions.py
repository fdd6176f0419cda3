"""The portal's database sessions (`SESSION_ENGINE = "makin.sessions"`, the table
`makin_session`): Django's, with the signed-in person's id kept in a column of its own, so that
the one query that reads a request's session also reads its person with their roles' names.
The lookup is the ORM's SQL compiled once per process (compiling it took more of a page's time
than running it) and prepared on a connection the second time it runs there (planning it took
PostgreSQL about as long as running it). Everything else — expiry, `cycle_key`, `flush`,
`clearsessions`, the session-hash check — is Django's."""

import contextvars
import datetime
import functools

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import OuterRef
from django.utils import timezone

from .case import Statement
from .compiled import compiled, parameters
from .models import ROLE_NAMES

_KEY = "makin-session-key-placeholder"
_NOW = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)

# The session store whose person `makin.backends.IdentifierBackend.get_user` may take instead
# of reading them again: set only while Django's `auth.get_user` runs for a request
# (`makin.middleware.AuthenticationMiddleware`).
reading = contextvars.ContextVar("makin_session_reading", default=None)


@functools.cache
def session_statement(model, using: str) -> tuple[Statement, tuple]:
    """Django's lookup (`session_key = …`, `expire_date > now`) with the person joined (every
    column the ORM reads of a person) and their groups' names, as a statement run with the
    session's key and the time (`makin.case.run_together`: prepared on the connection its
    second time there); and the person's fields in the order of their columns."""
    person_fields = tuple(get_user_model()._meta.concrete_fields)
    names = ArraySubquery(Group.objects.filter(user=OuterRef("user_id")).order_by().values("name"))
    query = (
        model.objects.filter(session_key=_KEY, expire_date__gt=_NOW)
        .annotate(**{ROLE_NAMES: names})
        .values_list(
            "session_key",
            "session_data",
            "expire_date",
            *(f"user__{field.name}" for field in person_fields),
            ROLE_NAMES,
        )
    )
    sql, places = compiled(query, _KEY, _NOW)
    params = parameters(places, _KEY, _NOW)
    return Statement.make(using, sql, params, list(places)), person_fields


def _person(fields, values, role_names, connection):
    """The person as the ORM reads them (with its value converters), their roles' names set as
    `User.roles` reads them."""
    converted = []
    for field, value in zip(fields, values, strict=True):
        for converter in field.get_db_converters(connection):
            value = converter(value, field, connection)
        converted.append(value)
    person = get_user_model().from_db(connection.alias, [f.attname for f in fields], converted)
    setattr(person, ROLE_NAMES, role_names)
    return person


def _with_person_id(session, data):
    user_id = data.get(SESSION_KEY)
    try:
        session.user_id = get_user_model()._meta.pk.to_python(user_id) if user_id else None
    except ValidationError:  # not a person's id: the session then signs nobody in by its join
        session.user_id = None
    return session


class SessionStore(DatabaseSessionStore):
    # The person read with the session (None when the session has none, or was not read).
    person = None

    @classmethod
    def get_model_class(cls):
        from .models import Session

        return Session

    def _get_session_from_db(self):
        self.person = None
        connection = connections[router.db_for_read(self.model)]
        statement, fields = session_statement(self.model, connection.alias)
        row = statement.fetch_one((self.session_key, timezone.now()))
        if row is None:
            self._session_key = None
            return None
        session = self.model.from_db(
            connection.alias, ["session_key", "session_data", "expire_date"], row[:3]
        )
        if row[3] is not None:  # the person's id: None when the session has no person
            self.person = _person(fields, row[3:-1], row[-1], connection)
        return session

    def create_model_instance(self, data):
        """Django's, with the id of the person signed in by this session (none before log-in
        or after log-out)."""
        return _with_person_id(super().create_model_instance(data), data)

    async def acreate_model_instance(self, data):
        return _with_person_id(await super().acreate_model_instance(data), data)

    def flush(self):
        self.person = None
        super().flush()

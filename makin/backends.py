import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef

from . import sessions
from .compiled import compiled, parameters
from .models import ROLE_NAMES
from .validators import western_digits


class IdentifierBackend(ModelBackend):
    """Log in with an ID number (applicants; Eastern Arabic digits accepted) or a username
    (staff)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        identifier = western_digits(username.strip())
        user_model = get_user_model()
        field = "national_id" if identifier.isdigit() and len(identifier) == 10 else "username"
        try:
            user = user_model._default_manager.get(**{field: identifier})
        except user_model.DoesNotExist:
            # Spend the hashing time anyway, so timing does not tell which IDs exist.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The signed-in person of each request, read with their groups' names in the same
        query (`User.roles` reads them), so that no page pays a query for the roles; on a
        request, the person the session's own query read (`makin.sessions`), so no query of
        its own. Read afresh on every request: a role given or taken away in the admin holds
        from the person's next page."""
        user_model = get_user_model()
        user_id = user_model._meta.pk.to_python(user_id)
        store = sessions.reading.get()
        person = getattr(store, "person", None)
        if person is not None and person.pk == user_id:
            # Read with the session in the same query (`makin.sessions`), this request.
            return person if self.user_can_authenticate(person) else None
        sql, places = _user_sql(user_model)
        user = next(iter(user_model._default_manager.raw(sql, parameters(places, user_id))), None)
        return user if user is not None and self.user_can_authenticate(user) else None


@functools.cache
def _user_sql(user_model) -> tuple[str, tuple[int, ...]]:
    """The ORM's SQL of a person with their groups' names (`ROLE_NAMES`), made once."""
    names = ArraySubquery(Group.objects.filter(user=OuterRef("pk")).order_by().values("name"))
    return compiled(user_model._default_manager.annotate(**{ROLE_NAMES: names}).filter(pk=0), 0)

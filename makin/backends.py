from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef

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
        query (`User.roles` reads them), so that no page pays a query for the roles. Read
        afresh on every request: a role given or taken away in the admin holds from the
        person's next page."""
        user_model = get_user_model()
        names = ArraySubquery(Group.objects.filter(user=OuterRef("pk")).order_by().values("name"))
        try:
            user = user_model._default_manager.annotate(**{ROLE_NAMES: names}).get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

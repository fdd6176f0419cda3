from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from .roles import ROLE_PRECEDENCE, STAFF_ROLES, Role
from .validators import validate_national_id


class User(AbstractUser):
    """A person who logs in. Applicants log in with their ID number (also kept as their
    username), staff with a username."""

    national_id = models.CharField(
        _("ID number"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_national_id],
        help_text=_("National ID or iqama number, 10 digits."),
    )
    mobile = PhoneNumberField(_("mobile number"), blank=True, region="SA")
    language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("ar", _("Arabic")), ("en", _("English"))],
        default="ar",
    )
    is_committee_chair = models.BooleanField(
        _("committee chair"),
        default=False,
        help_text=_("The chair opens and closes meetings and records decisions."),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    @cached_property
    def roles(self) -> frozenset[Role]:
        """The person's roles, read once per request from their groups."""
        names = {g.name for g in self.groups.all()}
        if self.is_superuser:
            names.add(Role.ADMIN)
        return frozenset(Role(n) for n in names if n in Role.values)

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def primary_role(self) -> Role | None:
        return next((r for r in ROLE_PRECEDENCE if r in self.roles), None)

    @property
    def is_portal_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)


class BilingualName(models.Model):
    """A managed list entry (document kinds, categories, services...) named in both languages."""

    name_ar = models.CharField(_("name in Arabic"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        from django.utils import translation

        if translation.get_language() != "ar" and self.name_en:
            return self.name_en
        return self.name_ar

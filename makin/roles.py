"""The portal's roles. Each is a Django Group created by a data migration; `Role` is the one
place their names are written."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    RECEPTION = "reception", _("Reception officer")
    RESEARCHER = "researcher", _("Social researcher")
    COMMITTEE = "committee", _("Committee member")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("System administrator")


STAFF_ROLES = frozenset({Role.RECEPTION, Role.RESEARCHER, Role.COMMITTEE, Role.MANAGER, Role.ADMIN})


# When a person holds more than one role, the first in this order decides their home page.
ROLE_PRECEDENCE = [
    Role.ADMIN,
    Role.MANAGER,
    Role.COMMITTEE,
    Role.RESEARCHER,
    Role.RECEPTION,
    Role.APPLICANT,
]

# The Django model permissions of each role's group ("app_label.codename"). Each app adds its own
# in its AppConfig as `role_permissions`; object-level rules (who may see which file or
# request) live in each app's rules.py.
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.MANAGER: ["makin.view_user"],
    Role.ADMIN: [
        "makin.add_user",
        "makin.change_user",
        "makin.view_user",
        "auth.view_group",
        "auth.change_group",
        "auth.view_permission",
        # Messages and the task queue: to see what was sent and send a failed message again.
        "makin.view_notification",
        "makin.view_delivery",
        "makin.change_delivery",
        "django_tasks_database.view_dbtaskresult",
    ],
}


def role_permissions() -> dict[Role, set[str]]:
    """ROLE_PERMISSIONS with what every installed app's `role_permissions` adds."""
    from django.apps import apps

    merged: dict[Role, set[str]] = {role: set() for role in Role}
    sources = [ROLE_PERMISSIONS] + [
        getattr(config, "role_permissions", {}) for config in apps.get_app_configs()
    ]
    for source in sources:
        for role, perms in source.items():
            merged[Role(role)].update(perms)
    return merged


def sync_role_groups(group_model, permission_model) -> None:
    """Create every role's group and give it exactly its permissions (those that exist yet).
    Idempotent: run by the roles migration and after every migrate."""
    for role, perms in role_permissions().items():
        group, _ = group_model.objects.get_or_create(name=role.value)
        wanted = permission_model.objects.none()
        for perm in sorted(perms):
            app_label, codename = perm.split(".")
            wanted |= permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            )
        group.permissions.set(wanted)

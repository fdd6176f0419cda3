"""The portal's roles as Groups, with the permissions of makin.roles.ROLE_PERMISSIONS. The same
sync runs after every migrate (makin.apps), so permissions of later models reach the groups."""

from django.db import migrations

ROLES = ["applicant", "reception", "researcher", "committee", "manager", "admin"]


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from makin.roles import sync_role_groups

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_role_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("makin", "0001_initial")]

    operations = [migrations.RunPython(create_roles, remove_roles)]

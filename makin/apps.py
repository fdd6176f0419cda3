from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from django.contrib.auth.models import Group, Permission

    from .roles import sync_role_groups

    sync_role_groups(Group, Permission)


class MakinConfig(AppConfig):
    name = "makin"
    verbose_name = _("Portal")

    def ready(self):
        # After Django creates the permissions of new models (its own post_migrate hook, which
        # runs first because auth is installed before makin), give them to the roles.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="makin.sync_roles")
        from django.contrib.auth.signals import user_logged_in

        from .middleware import mark_staff_session

        user_logged_in.connect(mark_staff_session, dispatch_uid="makin.staff_idle_session")

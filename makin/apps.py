from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    """Give the roles their permissions once Django has created those of every app: it sends
    post_migrate once per installed app, in order, creating each app's permissions as it goes,
    so the roles are synced on the last one (apps without models get no signal)."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    from .roles import sync_role_groups

    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender is not with_models[-1]:
        return
    sync_role_groups(Group, Permission)


class MakinConfig(AppConfig):
    name = "makin"
    verbose_name = _("Portal")

    def ready(self):
        post_migrate.connect(_sync_roles, dispatch_uid="makin.sync_roles")
        from django.contrib.auth.signals import user_logged_in

        from .middleware import mark_staff_session

        user_logged_in.connect(mark_staff_session, dispatch_uid="makin.staff_idle_session")

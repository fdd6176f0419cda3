"""Words that third-party apps show (Django's admin and auth forms, django-tasks-db,
django-simple-history) where their own Arabic is missing or wrong. Our catalogue comes first
(LOCALE_PATHS), so its translations of these same texts are the ones shown; listing them here
keeps `makemessages` from dropping them."""

from django.utils.translation import gettext_noop as _

LABELS = [
    # django-simple-history: its Arabic for "Created" is misspelt ("تم انشاءه").
    _("Created"),
    _("Changed"),
    _("Deleted"),
    # Django's auth forms, newer than its Arabic catalogue.
    _("Password-based authentication"),
    _("Enabled"),
    _("Disabled"),
    _("Reset password"),
    _("Set password"),
    # django-tasks-db, which has no Arabic.
    _("Task Result"),
    _("Task Results"),
    _("enqueued at"),
    _("started at"),
    _("finished at"),
    _("args kwargs"),
    _("priority"),
    _("task path"),
    _("worker id"),
    _("queue name"),
    _("backend name"),
    _("run after"),
    _("return value"),
    _("exception class path"),
    _("traceback"),
]

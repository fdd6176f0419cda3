"""The test suite: the same PostgreSQL as development (pytest-django makes test_<name>)."""

from .base import *
from .base import BASE_DIR, env

SECRET_KEY = "test-only-key-not-secret"
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://makin:makin@127.0.0.1:5433/makin")
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAKIN_DEMO_DATA_ALLOWED = True
# Tasks run in-process, at once; a test may name another backend (the real worker's test).
TASKS = {
    "default": {
        "BACKEND": env(
            "MAKIN_TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
MAKIN_SMS_BACKEND = env("MAKIN_SMS_BACKEND", default="makin.sms.LocmemSmsBackend")

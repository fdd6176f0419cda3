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

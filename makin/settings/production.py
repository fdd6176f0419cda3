"""Production: every secret comes from the environment, without defaults. Every web server is
stateless (sessions and the task queue are in PostgreSQL, uploaded files on the server's disk or
on S3-compatible storage), so any number of them can stand behind a load balancer."""

from .base import *
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
# Through a transaction-pooling PgBouncer, set DJANGO_CONN_MAX_AGE=0 and
# DJANGO_DISABLE_SERVER_SIDE_CURSORS=true (a cursor does not survive between transactions).
# Values are bound on the client (no "server_side_binding" option): the reports send several
# statements at once and the case pages run prepared reads by name (README, deployment).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
    "DJANGO_DISABLE_SERVER_SIDE_CURSORS", default=False
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Uploaded files: the local disk (DJANGO_MEDIA_ROOT) on one server; with several, an
# S3-compatible bucket (django-storages), chosen by setting MAKIN_S3_BUCKET.
if env("MAKIN_S3_BUCKET", default=""):
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("MAKIN_S3_BUCKET"),
            "endpoint_url": env("MAKIN_S3_ENDPOINT_URL", default=None),
            "region_name": env("MAKIN_S3_REGION", default=None),
            "access_key": env("MAKIN_S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("MAKIN_S3_SECRET_ACCESS_KEY", default=None),
            "location": env("MAKIN_S3_PREFIX", default="media"),
            # Personal documents: private objects, short-lived signed links, never overwritten.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    # Compressed (gzip, and brotli when installed) copies and content-hashed names.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# A load balancer may check health over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
MAKIN_DEMO_DATA_ALLOWED = False
LOGGING["handlers"]["console"]["formatter"] = env("DJANGO_LOG_FORMAT", default="json")

"""Settings shared by every environment. Values that differ between machines come from
environment variables through one `env` object; local.py, test.py and production.py only
override what they must."""

import datetime
from pathlib import Path

import environ
from django.contrib.messages import constants as message_levels
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A git-ignored .env file may hold local values (e.g. DATABASE_URL); real environment wins.
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "phonenumber_field",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rules.apps.AutodiscoverRulesConfig",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "makin",
    "beneficiaries",
    "requests",
    "committee",
    "surveys",
    "messaging",
    # Demo data (development only; its command refuses elsewhere).
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "makin.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "makin.middleware.AuthenticationMiddleware",
    "makin.middleware.RejectNulMiddleware",
    "makin.middleware.PrivatePagesMiddleware",
    "makin.middleware.StaffIdleTimeoutMiddleware",
    "makin.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "makin.urls"
WSGI_APPLICATION = "makin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "makin.context_processors.portal",
            ],
        },
    },
]

AUTH_USER_MODEL = "makin.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "makin.backends.IdentifierBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "makin:landing"
LOGOUT_REDIRECT_URL = "makin:home"

# django-axes: lock an account and address after repeated failed log-ins.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
# A lock holds one account from one address only, so a stranger who types a staff member's
# username wrongly five times locks themselves out, not the staff member everywhere else.
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=60))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "makin.views.locked_out"
# A right password alone does not clear the failures: wrong second-factor codes count too, and
# the failures are forgotten once the whole log-in (password and code) succeeds.
AXES_RESET_ON_SUCCESS = False
# Failed log-ins are counted by the client's real address (makin.http.client_ip).
AXES_CLIENT_IP_CALLABLE = "makin.http.axes_client_ip"
AXES_USERNAME_CALLABLE = "makin.http.axes_username"

# The reverse proxies whose X-Forwarded-For is believed (addresses or networks). The documented
# set-up runs nginx on the same machine, so only loopback is trusted by default.
MAKIN_TRUSTED_PROXIES = env.list("MAKIN_TRUSTED_PROXIES", default=["127.0.0.1/32", "::1/128"])

# The second factor (makin.second_factor): the issuer an authenticator app shows.
OTP_TOTP_ISSUER = "Makin"

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Saudi number formats for Arabic (makin/formats/ar/formats.py).
FORMAT_MODULE_PATH = ["makin.formats"]
TIME_ZONE = "Asia/Riyadh"
USE_I18N = True
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = "SA"
PHONENUMBER_DEFAULT_FORMAT = "E164"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "private-media")
# Uploaded files are personal data: they are never served from a public URL, only through
# views that check who asks (see beneficiaries.views).
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Makin <no-reply@makin.org.sa>")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Django's database sessions, read by SQL compiled once per process (makin/sessions.py).
SESSION_ENGINE = "makin.sessions"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# The association, as printed on pages and documents.
MAKIN_ASSOCIATION = {
    "phone": env("MAKIN_PHONE", default="+966 14 322 0000"),
    "whatsapp": env("MAKIN_WHATSAPP", default="+966 55 000 0000"),
    "email": env("MAKIN_EMAIL", default="info@makin.org.sa"),
    "address": env("MAKIN_ADDRESS", default=""),
    "x_account": env("MAKIN_X_ACCOUNT", default="@makin_yanbu"),
}

# Logs never carry personal data: the filter masks ID numbers, phone numbers and e-mail
# addresses in every record; DJANGO_LOG_FORMAT=json writes one JSON object a line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "makin.logging.PersonalDataFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "makin.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("DJANGO_LOG_FORMAT", default="plain"),
            "filters": ["personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}

# Background work (django-tasks; its database backend and worker come from django-tasks-db):
# the queue is a table in PostgreSQL, processed by `manage.py db_worker` on any machine.
TASKS = {
    "default": {"BACKEND": env("MAKIN_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}
}
# Notifications: a failed send is tried again after 1, 2, 4, 8... minutes, up to this many times.
MAKIN_NOTIFY_MAX_ATTEMPTS = env.int("MAKIN_NOTIFY_MAX_ATTEMPTS", default=8)
MAKIN_NOTIFY_RETRY_SECONDS = env.int("MAKIN_NOTIFY_RETRY_SECONDS", default=60)
# The worker (manage.py worker) looks for stuck messages this often, and queues again a message
# still pending this long after it was due with no live task (its worker was killed).
MAKIN_WORKER_SWEEP_SECONDS = env.int("MAKIN_WORKER_SWEEP_SECONDS", default=60)
MAKIN_WORKER_GRACE_SECONDS = env.int("MAKIN_WORKER_GRACE_SECONDS", default=300)
# SMS: the class that sends a text (`send(to, text)`); a Saudi gateway plugs in here.
MAKIN_SMS_BACKEND = env("MAKIN_SMS_BACKEND", default="makin.sms.ConsoleSmsBackend")
# Seconds to wait for a provider (SMS gateway, WhatsApp) before trying again later.
MAKIN_SMS_TIMEOUT = env.float("MAKIN_SMS_TIMEOUT", default=10.0)
# Taqnyat (makin.sms_gateway.TaqnyatSmsBackend): API address, bearer token, registered sender.
MAKIN_TAQNYAT_BASE_URL = env("MAKIN_TAQNYAT_BASE_URL", default="https://api.taqnyat.sa")
MAKIN_TAQNYAT_TOKEN = env("MAKIN_TAQNYAT_TOKEN", default="")
MAKIN_TAQNYAT_SENDER = env("MAKIN_TAQNYAT_SENDER", default="")
# The shared secret Taqnyat sends (header X-Makin-Hook-Secret) with receipts and replies.
MAKIN_TAQNYAT_HOOK_SECRET = env("MAKIN_TAQNYAT_HOOK_SECRET", default="")
# WhatsApp Cloud API (makin.whatsapp): empty backend = WhatsApp off, everyone gets SMS.
MAKIN_WHATSAPP_BACKEND = env("MAKIN_WHATSAPP_BACKEND", default="")
MAKIN_WHATSAPP_BASE_URL = env("MAKIN_WHATSAPP_BASE_URL", default="https://graph.facebook.com")
MAKIN_WHATSAPP_API_VERSION = env("MAKIN_WHATSAPP_API_VERSION", default="v21.0")
MAKIN_WHATSAPP_PHONE_NUMBER_ID = env("MAKIN_WHATSAPP_PHONE_NUMBER_ID", default="")
MAKIN_WHATSAPP_TOKEN = env("MAKIN_WHATSAPP_TOKEN", default="")
MAKIN_WHATSAPP_APP_SECRET = env("MAKIN_WHATSAPP_APP_SECRET", default="")
MAKIN_WHATSAPP_VERIFY_TOKEN = env("MAKIN_WHATSAPP_VERIFY_TOKEN", default="")
# The largest webhook body accepted, in bytes.
MAKIN_HOOK_MAX_BYTES = env.int("MAKIN_HOOK_MAX_BYTES", default=64 * 1024)

# Sessions: staff are logged out after 30 idle minutes, applicants after two weeks.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=14 * 24 * 3600)
MAKIN_STAFF_IDLE_SECONDS = env.int("MAKIN_STAFF_IDLE_SECONDS", default=30 * 60)

# Content-Security-Policy (django-csp 4): our pages load scripts, styles and fonts from our own
# address only, with nothing inline. Bootstrap draws a few icons as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# The beneficiary file (beneficiaries app).
# Uploaded documents: the largest accepted file, in bytes (PDF, JPEG and PNG only).
# A reports PDF made by the worker is kept this long for the manager who asked, then deleted.
MAKIN_REPORT_EXPORT_HOURS = env.int("MAKIN_REPORT_EXPORT_HOURS", default=24)
MAKIN_DOCUMENT_MAX_BYTES = env.int("MAKIN_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
# A picture larger than this in pixels is refused before it is decoded (a decompression bomb).
MAKIN_IMAGE_MAX_PIXELS = env.int("MAKIN_IMAGE_MAX_PIXELS", default=40_000_000)
# The version of the privacy notice applicants accept; change it when the notice changes.
MAKIN_PRIVACY_NOTICE_VERSION = "2026-1"
# pg_trgm similarity of two normalised names above which two files may be one person.
MAKIN_DUPLICATE_NAME_SIMILARITY = 0.7
# Days an activation link for a walk-in beneficiary stays valid; days before an expiry date
# that a file shows it as expiring.
MAKIN_ACTIVATION_DAYS = 7
MAKIN_EXPIRY_WARNING_DAYS = 30
# Days before the committee's decision date when the people holding a request are reminded.
MAKIN_DEADLINE_REMINDER_DAYS = env.int("MAKIN_DEADLINE_REMINDER_DAYS", default=3)

# The research committee decides only when more than this share of its serving members attend:
# "1/2" means more than half, "2/3" more than two thirds.
COMMITTEE_QUORUM = env("COMMITTEE_QUORUM", default="1/2")
# The portal's public address, for links in messages (decision letters, survey invitations).
MAKIN_SITE_URL = env("MAKIN_SITE_URL", default="http://127.0.0.1:8000")

# Bootstrap calls the error alert "danger".
MESSAGE_TAGS = {message_levels.ERROR: "danger"}

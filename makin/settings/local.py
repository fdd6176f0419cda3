"""Development on one machine: the local cluster made by scripts/run, console e-mail."""

from .base import *
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-makin-portal")
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://makin:makin@127.0.0.1:5433/makin")
}
DATABASES["default"]["CONN_MAX_AGE"] = 60
# Demo users with known passwords may only be created under these settings.
MAKIN_DEMO_DATA_ALLOWED = True

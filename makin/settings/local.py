"""Development on one machine: the local cluster made by scripts/run, console e-mail."""

from .base import *
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-makin-portal")
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://makin:makin@127.0.0.1:5433/makin")
}
# runserver serves each request in a thread of its own: a persistent connection per thread
# piles up idle connections until PostgreSQL refuses more (STACK notes), so none are kept.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
# Demo users with known passwords may only be created under these settings.
MAKIN_DEMO_DATA_ALLOWED = True

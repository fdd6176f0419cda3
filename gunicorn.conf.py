"""gunicorn settings: `gunicorn -c gunicorn.conf.py` (the application is makin.wsgi, which uses
makin.settings.production). Every value can be changed by an environment variable."""

import multiprocessing
import os

wsgi_app = "makin.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers, one per core, were the steadiest on our measurements (see STACK notes).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then so that a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
# Load Django once, before the workers fork (each worker loads WeasyPrint in a thread: below).
preload_app = True


def post_worker_init(worker):
    """Each worker loads WeasyPrint and the PDF fonts in a thread of its own once it has
    started (`makin.pdf.warm_up_beside`), so that its first PDF is not the one that pays for
    them (~0.6 s of CPU to import WeasyPrint, more from a cold disk) and its first page is not
    kept waiting for them."""
    from makin.pdf import warm_up_beside

    warm_up_beside(worker.log)


# The reverse proxy that sets X-Forwarded-Proto (its address, or a comma-separated list).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket: it lives at one path per user and two instances would fight over it.
control_socket_disable = True

# Access log: the path without its query string (which can hold ID numbers), through the same
# personal-data filter and JSON lines as the application's logs.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "makin.logging.PersonalDataFilter"}},
    "formatters": {"json": {"()": "makin.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["personal_data"],
            "stream": "ext://sys.stdout",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

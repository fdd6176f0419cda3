"""`manage.py worker`: the background worker the portal runs (scripts/run, the systemd unit in
deploy/). It takes every option of django-tasks' `db_worker` and adds the sweep of stuck
messages and the wait for a lost database (makin.worker)."""

from django.conf import settings
from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker

from makin.worker import Worker


class Command(db_worker.Command):
    help = "Run the background worker: tasks, the sweep of stuck messages, database outages."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--sweep-every",
            type=float,
            default=settings.MAKIN_WORKER_SWEEP_SECONDS,
            help="Seconds between two sweeps for stuck messages (default: %(default)s).",
        )
        parser.add_argument(
            "--grace",
            type=float,
            default=settings.MAKIN_WORKER_GRACE_SECONDS,
            help="A pending message this many seconds past due, with no live task, is "
            "queued again (default: %(default)s).",
        )
        parser.add_argument(
            "--reconnect-pause",
            type=float,
            default=2.0,
            help="Seconds between two tries while the database is away (default: %(default)s).",
        )

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        exclude_queues,
        sweep_every,
        grace,
        reconnect_pause,
        reload,
        **options,
    ):
        # Never under the autoreloader: its thread would die with the database and leave a
        # process that sends nothing.
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            sweep_every=sweep_every,
            grace=grace,
            reconnect_pause=reconnect_pause,
        )
        worker.configure_signals()
        worker.run()

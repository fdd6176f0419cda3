"""The background worker (`manage.py worker`): django-tasks' database worker, made to last.

- It outlives the database: losing PostgreSQL (a restart, a failover, a network cut) is logged
  and the worker tries again every few seconds, then carries on sending where it stopped. The
  library's worker ends (or, under the autoreloader, keeps a process that does nothing).
- Every `sweep_every` seconds it looks for messages nobody is sending (`deliveries_sweep`): a
  delivery still pending `grace` seconds after it was due, whose task was lost with a worker
  that was killed, or never reached the queue, is queued again, once. Its task record, left
  "running" by the dead worker, is closed as failed so the queue tells the truth."""

import datetime
import logging
import time

from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connections,
    transaction,
)
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from .models import Delivery
from .pdf import warm_up_beside
from .tasks import send_delivery

logger = logging.getLogger(__name__)

LOST = "makin.worker.WorkerLost"


def deliveries_sweep(*, grace: datetime.timedelta) -> list[int]:
    """Queue again the deliveries that are pending more than `grace` after they were due and
    that no task will send: none waiting in the queue, none being sent (a worker sending one
    holds its row lock, which dies with the worker). The ids queued.

    A delivery is sent at most once whatever the number of tasks naming it (`send_delivery`
    locks it and checks its state), so a sweep racing a worker or another sweep is harmless."""
    now = timezone.now()
    with transaction.atomic():
        due = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(state=Delivery.State.PENDING, next_attempt_at__lte=now - grace)
            .values_list("pk", flat=True)
        )
        if not due:
            return []
        tasks = DBTaskResult.objects.filter(task_path=send_delivery.module_path)
        waiting = {
            args_kwargs["args"][0]
            for args_kwargs in tasks.filter(status=TaskResultStatus.READY).values_list(
                "args_kwargs", flat=True
            )
        }
        orphans = [pk for pk in due if pk not in waiting]
        # The tasks of those deliveries still marked running belong to a dead worker.
        for result in tasks.filter(status=TaskResultStatus.RUNNING, started_at__lte=now - grace):
            if result.args_kwargs.get("args", [None])[0] in orphans:
                result.status = TaskResultStatus.FAILED
                result.finished_at = now
                result.exception_class_path = LOST
                result.traceback = "The worker running this task stopped before it finished."
                result.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
    # Queued after the commit; if that fails, the next sweep finds them again.
    for pk in orphans:
        send_delivery.enqueue(pk)
    if orphans:
        logger.warning("Deliveries %s were stuck; queued again.", orphans)
    return orphans


class Worker(db_worker.Worker):
    """The library's worker loop, with the sweep and the database coming back."""

    def __init__(self, *, sweep_every: float, grace: float, reconnect_pause: float, **kwargs):
        super().__init__(**kwargs)
        self.sweep_every = sweep_every
        self.grace = datetime.timedelta(seconds=grace)
        self.reconnect_pause = reconnect_pause
        self.next_sweep = 0.0
        self.outage_since = None

    def run(self) -> None:
        logger.info(
            "Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names)
        )
        # The reports PDF is made here: its first one need not pay for loading WeasyPrint.
        warm_up_beside(logger)
        while self.running:
            try:
                self.sweep_when_due()
                ran = self.run_one()
            except (OperationalError, InterfaceError) as error:
                self.database_lost(error)
                continue
            if self.outage_since is not None:
                logger.warning(
                    "The database is back after %.0f s; sending again.",
                    time.monotonic() - self.outage_since,
                )
                self.outage_since = None
            if self.batch and not ran:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if self.running and not ran:
                time.sleep(self.interval)

    def sweep_when_due(self) -> None:
        if time.monotonic() >= self.next_sweep:
            deliveries_sweep(grace=self.grace)
            self.next_sweep = time.monotonic() + self.sweep_every

    def run_one(self) -> bool:
        """Claim and run the next ready task; whether there was one."""
        close_old_connections()
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        if task_result is None:
            return False
        # A task the database loss interrupted stays "running"; the sweep takes it up again.
        self.run_task(task_result)
        close_old_connections()
        return True

    def database_lost(self, error: Exception) -> None:
        if self.outage_since is None:
            self.outage_since = time.monotonic()
        logger.warning(
            "The database is unreachable (%s); trying again in %s s.",
            str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__,
            self.reconnect_pause,
        )
        for conn in connections.all(initialized_only=True):
            try:
                conn.close()
            except Exception:  # a broken connection may fail to close; drop it
                conn.connection = None
        time.sleep(self.reconnect_pause)

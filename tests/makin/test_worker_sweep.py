"""The worker (`manage.py worker`, makin.worker) on the real database queue: a message whose
worker was killed while sending it is sent again by the next worker's own sweep, exactly once;
and a worker that loses its database connection carries on sending when it is back."""

import datetime
import logging
import threading
import time

import psycopg
import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from makin.models import Delivery
from makin.notifications import notify
from makin.worker import Worker, deliveries_sweep
from tests.factories import ApplicantFactory

EVENT = "account_created"
GRACE = datetime.timedelta(minutes=5)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def worker(**kwargs):
    options = {
        "queue_names": ["*"],
        "excluded_queue_names": [],
        "interval": 0,
        "batch": True,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "test-worker",
        "sweep_every": 0,
        "grace": GRACE.total_seconds(),
        "reconnect_pause": 0.2,
    }
    return Worker(**{**options, **kwargs})


def queued_message(django_capture_on_commit_callbacks, *, minutes_ago: int):
    """A welcome e-mail queued `minutes_ago` minutes ago: its delivery and its task."""
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=ApplicantFactory(email="owner@example.com", mobile=""), event=EVENT)
    then = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    Delivery.objects.update(next_attempt_at=then)
    return Delivery.objects.get(), DBTaskResult.objects.get()


@pytest.mark.django_db(transaction=True)
def test_a_message_left_running_by_a_killed_worker_is_sent_once_by_the_next_sweep(
    database_queue, django_capture_on_commit_callbacks
):
    delivery, task = queued_message(django_capture_on_commit_callbacks, minutes_ago=10)
    # A worker claimed the task and was killed (SIGKILL) while sending: the task stays
    # "running" for ever and its transaction, holding the delivery, was rolled back.
    task.claim("killed-worker")
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=delivery.next_attempt_at)
    mail.outbox = []

    worker().run()

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("sent", 1)
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]
    task.refresh_from_db()
    assert (task.status, task.exception_class_path) == ("FAILED", "makin.worker.WorkerLost")
    resent = DBTaskResult.objects.exclude(pk=task.pk).get()
    assert (resent.status, resent.worker_ids) == ("SUCCESSFUL", ["test-worker"])

    worker(worker_id="second-worker").run()  # the next sweep sends nothing more

    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_sweep_waits_for_the_grace_and_leaves_messages_whose_task_is_waiting(
    database_queue, django_capture_on_commit_callbacks
):
    delivery, task = queued_message(django_capture_on_commit_callbacks, minutes_ago=10)
    # Its task waits in a long queue: the sweep does not queue a second one.
    assert deliveries_sweep(grace=GRACE) == []

    task.claim("killed-worker")
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now())
    Delivery.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(minutes=4))
    # Due four minutes ago: within the five minutes' grace, nothing is done yet.
    assert deliveries_sweep(grace=GRACE) == []
    Delivery.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(minutes=6))
    assert deliveries_sweep(grace=GRACE) == [delivery.pk]
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def database_accepts_connections(accept: bool) -> None:
    """Open or close the test database to new sessions and end the others, as a stopped
    server would; this test's own session stays."""
    settings = connection.settings_dict
    mine = connection.cursor().connection.info.backend_pid
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        name = connection.ops.quote_name(settings["NAME"])
        admin.execute(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS {str(accept).lower()}")
        if not accept:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> %s",
                [settings["NAME"], mine],
            )


@pytest.mark.django_db(transaction=True)
def test_a_worker_that_loses_the_database_carries_on_sending_when_it_is_back(
    database_queue, caplog, django_capture_on_commit_callbacks
):
    running = worker(batch=False, interval=0.1, sweep_every=3600)
    thread = threading.Thread(target=lambda: (running.run(), connection.close()), daemon=True)
    with caplog.at_level(logging.WARNING, logger="makin.worker"):
        thread.start()
        time.sleep(0.5)
        try:
            database_accepts_connections(False)
            time.sleep(1.5)
            assert thread.is_alive()
        finally:
            database_accepts_connections(True)
        mail.outbox = []
        with django_capture_on_commit_callbacks(execute=True):
            notify(user=ApplicantFactory(email="owner@example.com", mobile=""), event=EVENT)
        deadline = time.monotonic() + 20
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.1)
        running.running = False
        thread.join(timeout=10)

    assert [m.to for m in mail.outbox] == [["owner@example.com"]]
    assert Delivery.objects.get().state == "sent"
    assert not thread.is_alive()
    messages = [r.getMessage() for r in caplog.records]
    assert "is not currently accepting connections" in next(
        m for m in messages if m.startswith("The database is unreachable (")
    )
    assert any(m.startswith("The database is back after ") for m in messages)


@pytest.mark.django_db(transaction=True)
def test_the_worker_loads_the_pdf_fonts_in_a_thread_once_started(database_queue, monkeypatch):
    """The worker makes the PDFs too long for a page (the reports): it loads WeasyPrint and
    the fonts beside its first task, as a web worker does beside its first page; a failure to
    is logged, and the worker runs its tasks all the same."""
    from makin import pdf

    warmed = threading.Event()
    monkeypatch.setattr(pdf, "warm_up", warmed.set)
    worker().run()
    assert warmed.wait(timeout=10)

    def broken():
        raise OSError("no fonts")

    monkeypatch.setattr(pdf, "warm_up", broken)
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logging.getLogger("makin.worker").addHandler(handler)
    try:
        worker().run()
        for thread in threading.enumerate():
            if thread.name == "pdf-warm-up":
                thread.join(timeout=10)
    finally:
        logging.getLogger("makin.worker").removeHandler(handler)
    assert [r.getMessage() for r in records if r.exc_info] == ["The PDF warm-up failed"]

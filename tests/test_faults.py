"""Faults, proved with real processes (marked slow).

A worker killed with SIGKILL in the middle of sending a message. The message is never lost:
the next worker's sweep sends it. It is sent at least once and at most once more: exactly once
when the kill lands before the provider accepted it (the killed worker's transaction is rolled
back and nothing went out), twice when the provider had accepted it and the worker was killed
before recording that (nothing can tell the next worker it went out; SMS and e-mail providers
offer no way to ask).

PostgreSQL stopped for ten seconds under load (`manage.py fault_drill`, described there)."""

import os
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from makin.management.commands.fault_drill import PGBIN
from makin.models import Delivery
from makin.notifications import notify
from tests.factories import ApplicantFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"waited {seconds} s for {what}")


@pytest.mark.parametrize(("hold_at", "sends"), [("before", 1), ("after", 2)])
def test_a_worker_killed_while_sending_loses_no_message(settings, tmp_path, hold_at, sends):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    hold, started, sent = tmp_path / "hold", tmp_path / "started", tmp_path / "sent"
    hold.touch()
    notify(
        user=ApplicantFactory(email="", mobile="+966551234567"), event="account_created", sms=True
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "makin.settings.test",
        "DATABASE_URL": database_url(),
        "MAKIN_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MAKIN_SMS_BACKEND": "tests.makin.sms_backends.HeldSmsBackend",
        "MAKIN_TEST_SMS_HOLD": str(hold),
        "MAKIN_TEST_SMS_HOLD_AT": hold_at,
        "MAKIN_TEST_SMS_STARTED": str(started),
        "MAKIN_TEST_SMS_SENT": str(sent),
    }

    def start_worker(worker_id):
        command = [sys.executable, "manage.py", "worker", "--queue-name", "*"]
        options = ["--interval", "0.2", "--no-startup-delay", "--worker-id", worker_id]
        # The sweep every half second, for messages half a second past due.
        sweep = ["--sweep-every", "0.5", "--grace", "0.5"]
        return subprocess.Popen(
            [*command, *options, *sweep],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    first = start_worker("first")
    try:
        wait_for(lambda: started.exists() and started.read_text(), 60, "the first worker to send")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    assert first.returncode == -signal.SIGKILL
    task = DBTaskResult.objects.get()
    assert (task.status, task.worker_ids) == ("RUNNING", ["first"])
    assert Delivery.objects.get().state == "pending"  # the killed transaction was rolled back

    hold.unlink()
    second = start_worker("second")
    try:
        wait_for(lambda: Delivery.objects.get().state == "sent", 60, "the message to be sent")
        time.sleep(1.0)  # two more sweeps, which must not send it again
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)

    assert len(sent.read_text().splitlines()) == sends
    assert started.read_text().count("\n") == 2  # each worker started sending once
    assert Delivery.objects.get().attempts == 1  # the killed attempt was never recorded
    assert sorted(DBTaskResult.objects.values_list("status", "worker_ids")) == [
        ("FAILED", ["first"]),
        ("SUCCESSFUL", ["second"]),
    ]
    assert DBTaskResult.objects.get(status="FAILED").exception_class_path == (
        "makin.worker.WorkerLost"
    )


@pytest.mark.skipif(
    not (PGBIN / "initdb").exists() or not (PGBIN / "pg_ctl").exists(),
    reason=f"the PostgreSQL drill needs initdb and pg_ctl in {PGBIN}",
)
def test_postgresql_stopped_for_ten_seconds_under_load(tmp_path):
    """manage.py fault_drill on a copy of the test database: the Arabic 500 page and a 503
    health check while PostgreSQL is stopped, the portal serving again after without a restart
    of gunicorn, and every acknowledged complaint in the database."""
    out = StringIO()
    call_command("fault_drill", outage=10, clone_from=database_url(), stdout=out)
    lines = out.getvalue().splitlines()
    assert [line for line in lines if line.startswith("FAIL")] == []
    assert [line.split(" (")[0] for line in lines if line.startswith("PASS")] == [
        "PASS: before: the page answers 200",
        "PASS: before: /health/ answers 200",
        "PASS: meanwhile: the page answers 500",
        "PASS: meanwhile: the 500 page is the Arabic one",
        "PASS: meanwhile: /health/ answers 503",
        "PASS: after: the page answers 200",
        "PASS: gunicorn was never restarted",
        "PASS: submissions are acknowledged again after the restart",
        "PASS: every acknowledged submission is in the database",
    ]
    assert lines[-1] == "The drill passed."

"""The real worker: `manage.py worker` processes, in other processes, the tasks queued in
PostgreSQL; two of them at once send every message exactly once, a failed send included."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from makin.models import Delivery
from makin.notifications import notify
from tests.factories import ApplicantFactory

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_workers_send_queued_notifications_once_each_after_a_failure(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    users = [ApplicantFactory() for _ in range(3)]
    with transaction.atomic():
        for user in users:
            notify(user=user, event="account_created", sms=True, key="welcome")
        assert not DBTaskResult.objects.exists()  # nothing queued before the commit
    assert DBTaskResult.objects.filter(status="READY").count() == 6  # e-mail and SMS each

    failures, sent = tmp_path / "failures", tmp_path / "sent"
    failures.write_text("1")  # the gateway refuses the first SMS
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "makin.settings.test",
        "DATABASE_URL": database_url(),
        "MAKIN_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MAKIN_SMS_BACKEND": "tests.makin.sms_backends.FlakySmsBackend",
        "MAKIN_NOTIFY_RETRY_SECONDS": "0",
        "MAKIN_TEST_SMS_FAILURES": str(failures),
        "MAKIN_TEST_SMS_SENT": str(sent),
    }
    command = [
        sys.executable,
        "manage.py",
        "worker",
        "--batch",
        "--no-reload",
        "--no-startup-delay",
        "--queue-name",
        "*",
    ]
    # Workers in batch mode stop when nothing is ready; a retry queued while the other worker
    # was stopping waits for the next round, as it would for a long-running worker.
    for _round in range(5):
        workers = [
            subprocess.Popen(
                [*command, "--worker-id", f"test-{n}"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for n in (1, 2)
        ]
        outputs = [w.communicate(timeout=120)[0] for w in workers]
        assert [w.returncode for w in workers] == [0, 0], outputs
        if not DBTaskResult.objects.filter(status="READY").exists():
            break

    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}, outputs
    lines = sent.read_text().splitlines()
    assert sorted(line.split("\t")[0] for line in lines) == sorted(str(u.mobile) for u in users)
    sms = Delivery.objects.filter(medium="sms")
    assert sorted(d.attempts for d in sms) == [1, 1, 2]
    results = DBTaskResult.objects.all()
    assert results.filter(status="FAILED").count() == 1  # the refused SMS...
    assert results.filter(status="SUCCESSFUL").count() == 6  # ...sent by its retry
    assert all(r.worker_ids for r in results)
    assert {wid for r in results for wid in r.worker_ids} <= {"test-1", "test-2"}

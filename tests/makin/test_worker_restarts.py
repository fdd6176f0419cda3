"""The worker and the web server come back by themselves after PostgreSQL was away: the worker
(`manage.py worker`) waits for it (tests/makin/test_worker_sweep.py), systemd restarts either
without a limit should it end, and scripts/run starts the worker again in a loop."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize("unit", ["makin-worker@.service", "makin-web.service"])
def test_the_units_restart_without_a_limit(unit):
    lines = (ROOT / "deploy" / "systemd" / unit).read_text().splitlines()
    assert "StartLimitIntervalSec=0" in lines
    assert "Restart=always" in lines
    assert "RestartSec=5" in lines


def test_scripts_run_starts_the_worker_again_until_stopped():
    script = (ROOT / "scripts" / "run").read_text()
    assert "while true; do" in script
    assert 'manage.py worker --queue-name "*" --interval 1 && break' in script
    assert "sleep 5" in script


def test_the_worker_unit_runs_the_portals_worker():
    lines = (ROOT / "deploy" / "systemd" / "makin-worker@.service").read_text().splitlines()
    assert (
        "ExecStart=/srv/makin/.venv/bin/python manage.py worker --queue-name * --worker-id %H-%i"
    ) in lines
    assert "KillSignal=SIGTERM" in lines

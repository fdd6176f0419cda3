"""The worker and the web server come back by themselves after PostgreSQL was away: systemd
restarts them without a limit, and scripts/run starts the worker again in a loop."""

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
    assert 'manage.py db_worker --queue-name "*" --interval 1 && break' in script
    assert "sleep 5" in script

"""Production readiness: the deploy check, the security headers and CSP, gunicorn with
WhiteNoise serving hashed compressed files, the health endpoint, idle staff sessions, and the
backup / restore round trip."""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from makin.middleware import STAFF_SESSION_KEY
from makin.models import Session
from makin.roles import Role
from tests.factories import PASSWORD, ApplicantFactory, staff

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MAKIN_"))}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "makin.settings.production",
        "DJANGO_SECRET_KEY": "x7!Qp2#test-only-" + "k" * 40 + "-Zr9$Lm4&Vb8",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,portal.example.org",
        "DATABASE_URL": database_url(),
        **extra,
    }


@pytest.mark.django_db
def test_production_settings_pass_the_deploy_check_with_zero_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_s3_storage_is_chosen_by_environment_variables():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.STORAGES['default']['BACKEND'], settings.STORAGES['default']['OPTIONS']"
        "['bucket_name'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(
            MAKIN_S3_BUCKET="makin-files", MAKIN_S3_ENDPOINT_URL="https://s3.example"
        ),
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["storages.backends.s3.S3Storage", "makin-files"], result.stderr


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    re.compile(r"<style\b", re.I),
    re.compile(r"\sstyle\s*=", re.I),
    re.compile(r"\son[a-z]+\s*=", re.I),
    re.compile(r"javascript:", re.I),
]


def test_no_served_template_needs_inline_script_or_style():
    """Templates under a pdf/ folder are rendered by WeasyPrint only, never served."""
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        if "pdf" in path.relative_to(ROOT / "templates").parts:
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(ROOT)}: {p.pattern}" for p in INLINE if p.search(text)]
    assert offenders == []


@pytest.mark.django_db
def test_health_answers_ok_when_the_database_answers(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_health_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db import OperationalError

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/health/")
    assert response.status_code == 503


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.RECEPTION, Role.RESEARCHER, Role.MANAGER, Role.ADMIN])
def test_staff_sessions_end_after_30_idle_minutes(client, role):
    user = staff(role)
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert client.session.get_expiry_age() == 30 * 60
    # Active: each request (at most once a minute) pushes the end forward.
    session = client.session
    session[STAFF_SESSION_KEY] = int(time.time()) - 120
    session.save()
    client.get(reverse("makin:landing"))
    assert client.session[STAFF_SESSION_KEY] >= int(time.time()) - 5
    # Idle past the limit: the session is gone and the next page asks to log in again.
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timezone.timedelta(seconds=1)
    )
    response = client.get(reverse("makin:landing"))
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_applicants_keep_their_session_longer(client, settings):
    applicant = ApplicantFactory(national_id="1000000008")
    client.post("/accounts/login/", {"username": "1000000008", "password": PASSWORD})
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert STAFF_SESSION_KEY not in client.session
    assert applicant.pk == int(client.session["_auth_user_id"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
    response = conn.getresponse()
    return response, response.read()


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_the_portal_with_production_settings(tmp_path):
    static_root = tmp_path / "static"
    env = production_env(DJANGO_STATIC_ROOT=str(static_root))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    manifest = (static_root / "staticfiles.json").read_text()
    hashed_css = re.search(r'"css/makin.css": "([^"]+)"', manifest).group(1)
    assert re.fullmatch(r"css/makin\.[0-9a-f]{12}\.css", hashed_css)
    assert (static_root / f"{hashed_css}.gz").exists()

    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(100):
            try:
                response, body = fetch(port, "/health/")
                break
            except OSError:
                time.sleep(0.1)
        assert (response.status, body) == (200, b"ok")

        response, _ = fetch(port, "/")
        assert response.status == 301
        assert response.getheader("Location") == "https://127.0.0.1/"

        https = {"X-Forwarded-Proto": "https"}
        response, body = fetch(port, "/en/", https)
        assert response.status == 200
        assert "max-age=31536000" in response.getheader("Strict-Transport-Security")
        assert "script-src 'self'" in response.getheader("Content-Security-Policy")
        assert response.getheader("Referrer-Policy") == "strict-origin-when-cross-origin"
        assert f"/static/{hashed_css}".encode() in body

        response, _ = fetch(port, f"/static/{hashed_css}", {**https, "Accept-Encoding": "gzip"})
        assert response.status == 200
        assert response.getheader("Content-Encoding") == "gzip"
        assert "immutable" in response.getheader("Cache-Control")

        fetch(port, "/track/?id=1000000008&mobile=0551234567", https)
        for _ in range(50):  # the access line is written just after the response
            if "/track/" in log.read_text():
                break
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=20)
    logged = log.read_text()
    messages = [json.loads(line)["message"] for line in logged.splitlines()]
    assert any('"GET /track/"' in m for m in messages)  # the path, not the query string
    assert "1000000008" not in logged
    assert "0551234567" not in logged


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_check_round_trip(tmp_path):
    for _ in range(3):
        ApplicantFactory()
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "id.pdf").write_bytes(b"%PDF-1.4 test")
    backups = tmp_path / "backups"
    result = subprocess.run(
        ["bash", "scripts/backup"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "makin.settings.test",
            "DATABASE_URL": database_url(),
            "DJANGO_MEDIA_ROOT": str(media),
            "MAKIN_BACKUP_DIR": str(backups),
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Restore check passed" in result.stdout
    assert re.search(r"makin_user\s+3\s+3\s+ok", result.stdout)
    (dump,) = backups.glob("makin-*.dump")
    (archive,) = backups.glob("makin-media-*.tar.gz")
    with tarfile.open(archive) as tar:
        assert "./documents/id.pdf" in tar.getnames()

    # A dump that no longer matches the database is reported.
    ApplicantFactory()
    with pytest.raises(CommandError, match="makin_user"):
        call_command("restore_check", str(dump), stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.mark.django_db
def test_restore_check_refuses_a_file_that_is_not_a_dump(tmp_path):
    bad = tmp_path / "bad.dump"
    bad.write_text("not a dump")
    with pytest.raises(CommandError, match="pg_restore failed"):
        call_command("restore_check", str(bad))


@pytest.mark.django_db
def test_the_500_page_is_served_under_the_policy_with_our_own_files_only(client, settings):
    settings.ROOT_URLCONF = "tests.makin.urls_failing"
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert "حدث خطأ من جهتنا" in page
    assert not any(p.search(page) for p in INLINE)

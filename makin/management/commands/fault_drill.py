"""`manage.py fault_drill`: stop PostgreSQL for a while under load and report what the portal
did. It makes a scratch cluster (initdb in a temporary folder, a free port, `fsync=off`: a
drill, never real data), fills it (`--clone-from` copies a migrated database with pg_dump;
otherwise it migrates), serves the portal with gunicorn and the production settings, and sends
complaints through the public form (`/feedback/`) in a loop while it stops the cluster for
`--outage` seconds and starts it again, without touching gunicorn. It checks:

- before: pages and `/health/` answer 200;
- meanwhile: pages answer the Arabic 500 page, `/health/` answers 503;
- after: `/health/` and pages answer 200 again, gunicorn never restarted;
- every submission that was acknowledged (redirected to the thanks page) is in the database.

Each check prints PASS or FAIL; the command fails if one does. As root, PostgreSQL runs as
the `postgres` user (`runuser`), as scripts/lib.sh does."""

# ruff: noqa: S603 - the commands run are PostgreSQL's, gunicorn and manage.py, never input.

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
ARABIC_500 = "حدث خطأ من جهتنا"
PAGE = "/services/"  # a public page that reads the database


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class Portal:
    """HTTP to the portal as the reverse proxy would forward it (HTTPS, the client's address)."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.origin = f"https://127.0.0.1:{port}"

    def call(self, path, *, data=None, cookies="", client="10.0.0.1", timeout=10):
        request = urllib.request.Request(  # noqa: S310 - our own server
            self.base + path,
            data=data,
            headers={
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": client,
                "Origin": self.origin,
                "Cookie": cookies,
                "Accept-Language": "ar",
            },
        )
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=timeout) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()
        except OSError as error:
            return 0, {}, str(error)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Submitter(threading.Thread):
    """Sends complaints in a loop, each from its own address; keeps the acknowledged ones."""

    def __init__(self, portal: Portal):
        super().__init__(daemon=True)
        self.portal = portal
        self.stop = threading.Event()
        self.acknowledged: list[tuple[str, float]] = []  # (marker, when)
        self.tried = 0

    def run(self):
        while not self.stop.is_set():
            self.tried += 1
            marker = f"drill-{self.tried}-{secrets.token_hex(4)}"
            client = f"10.{self.tried // 65536 % 256}.{self.tried // 256 % 256}.{self.tried % 256}"
            status, headers, body = self.portal.call("/feedback/", client=client)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
            cookies = "; ".join(headers.get_all("Set-Cookie") or []) if headers else ""
            cookie = re.search(r"csrftoken=([^;]+)", cookies)
            if status != 200 or not token or not cookie:
                time.sleep(0.2)
                continue
            form = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token.group(1),
                    "kind": "complaint",
                    "subject": "تأخر الرد",
                    "body": marker,
                }
            ).encode()
            status, headers, _body = self.portal.call(
                "/feedback/", data=form, cookies=f"csrftoken={cookie.group(1)}", client=client
            )
            if status == 302 and headers.get("Location", "").endswith("/feedback/thanks/"):
                self.acknowledged.append((marker, time.monotonic()))


class Command(BaseCommand):
    help = "Stop PostgreSQL for a while under load and check the portal's answers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--outage", type=float, default=10.0, help="Seconds without PostgreSQL."
        )
        parser.add_argument(
            "--clone-from",
            default="",
            help="A migrated database (URL) to copy instead of migrating (faster).",
        )
        parser.add_argument(
            "--static-root",
            default="",
            help="Collected static files to reuse (default: collect them into the scratch folder).",
        )

    def handle(self, *, outage, clone_from, static_root, **options):
        if not (PGBIN / "initdb").exists() or not (PGBIN / "pg_ctl").exists():
            raise CommandError(f"initdb and pg_ctl are needed in {PGBIN} (set PGBIN).")
        self.failures = []
        scratch = Path(tempfile.mkdtemp(prefix="makin-drill-"))
        os.chmod(scratch, 0o755)  # noqa: S103 - the postgres user must reach its folder
        data = scratch / "pgdata"
        data.mkdir(mode=0o700)
        if os.geteuid() == 0:
            shutil.chown(data, "postgres", "postgres")
        db_port, web_port = free_port(), free_port()
        gunicorn = None
        try:
            self.step("creating a scratch PostgreSQL cluster")
            self.run(
                as_postgres(
                    [
                        *(str(PGBIN / "initdb"), "-D", str(data), "-U", "drill", "-E", "UTF8"),
                        *("--locale=C.UTF-8", "--auth=trust"),
                    ]
                )
            )
            pg_ctl = as_postgres([str(PGBIN / "pg_ctl"), "-D", str(data), "-w", "-l"])
            pg_ctl.append(str(data / "log"))
            server = f"-p {db_port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"
            start = [*pg_ctl, "-o", server, "start"]
            self.run(start)
            admin = f"postgres://drill@127.0.0.1:{db_port}/postgres"
            url = f"postgres://drill@127.0.0.1:{db_port}/makin"
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute("CREATE DATABASE makin")
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "makin.settings.production",
                "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                "DATABASE_URL": url,
                "DJANGO_STATIC_ROOT": static_root or str(scratch / "static"),
                "DJANGO_MEDIA_ROOT": str(scratch / "media"),
                "GUNICORN_BIND": f"127.0.0.1:{web_port}",
                "WEB_CONCURRENCY": "2",
                "MAKIN_TRUSTED_PROXIES": "127.0.0.1/32",
            }
            if clone_from:
                self.step("copying the database")
                dump = subprocess.run(
                    [str(PGBIN / "pg_dump"), "--no-owner", "--no-privileges", clone_from],
                    check=True,
                    capture_output=True,
                )
                subprocess.run(
                    [str(PGBIN / "psql"), "-q", "-v", "ON_ERROR_STOP=1", url],
                    input=dump.stdout,
                    check=True,
                    capture_output=True,
                )
            else:
                self.step("migrating")
                self.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env)
            if not static_root:
                self.step("collecting static files")
                self.run(
                    [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], env
                )
            self.step("starting gunicorn")
            gunicorn = subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            portal = Portal(web_port)
            self.wait(lambda: portal.call("/health/")[0] == 200, 60, "gunicorn to answer")
            self.drill(portal, start, pg_ctl, outage, url, gunicorn)
        finally:
            if gunicorn is not None:
                gunicorn.terminate()
                gunicorn.wait(timeout=30)
            subprocess.run(
                as_postgres([str(PGBIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                capture_output=True,
            )
            shutil.rmtree(scratch, ignore_errors=True)
        if self.failures:
            raise CommandError("The drill failed: " + "; ".join(self.failures))
        self.stdout.write("The drill passed.")

    def drill(self, portal, start, pg_ctl, outage, url, gunicorn):
        self.verdict("before: the page answers 200", portal.call(PAGE)[0] == 200)
        self.verdict("before: /health/ answers 200", portal.call("/health/")[0] == 200)
        submitter = Submitter(portal)
        submitter.start()
        time.sleep(2)
        self.step(f"stopping PostgreSQL for {outage:g} s under load")
        self.run([*pg_ctl, "-m", "fast", "stop"])
        stopped = time.monotonic()
        pages, health = set(), set()
        arabic = True
        while time.monotonic() - stopped < outage:
            status, _headers, body = portal.call(PAGE)
            pages.add(status)
            arabic = arabic and (status != 500 or ARABIC_500 in body)
            health.add(portal.call("/health/")[0])
            time.sleep(0.5)
        self.verdict(f"meanwhile: the page answers 500 (saw {sorted(pages)})", pages == {500})
        self.verdict("meanwhile: the 500 page is the Arabic one", arabic)
        self.verdict(f"meanwhile: /health/ answers 503 (saw {sorted(health)})", health == {503})
        self.step("starting PostgreSQL again")
        self.run(start)
        back = time.monotonic()
        self.wait(lambda: portal.call("/health/")[0] == 200, 30, "/health/ to answer 200")
        self.stdout.write(f"  /health/ answered 200 {time.monotonic() - back:.1f} s later")
        self.verdict("after: the page answers 200", portal.call(PAGE)[0] == 200)
        time.sleep(2)
        submitter.stop.set()
        submitter.join(timeout=30)
        self.verdict("gunicorn was never restarted", gunicorn.poll() is None)
        with psycopg.connect(url) as conn:
            saved = {
                row[0]
                for row in conn.execute(
                    "SELECT body FROM surveys_feedback WHERE body LIKE 'drill-%%'"
                )
            }
        acknowledged = {marker for marker, _when in submitter.acknowledged}
        after = sum(1 for _marker, when in submitter.acknowledged if when > back)
        self.stdout.write(
            f"  {submitter.tried} submissions tried, {len(acknowledged)} acknowledged, "
            f"{len(saved)} in the database"
        )
        self.verdict(
            f"submissions are acknowledged again after the restart ({after})",
            after > 0 and len(acknowledged) > after,
        )
        self.verdict(
            f"every acknowledged submission is in the database ({len(acknowledged - saved)} "
            "missing)",
            acknowledged <= saved,
        )

    def step(self, text):
        self.stdout.write(f"==> {text}")

    def verdict(self, text, ok):
        self.stdout.write(f"{'PASS' if ok else 'FAIL'}: {text}")
        if not ok:
            self.failures.append(text)

    def run(self, command, env=None):
        result = subprocess.run(
            command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
        )
        if result.returncode:
            raise CommandError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")

    def wait(self, condition, seconds, what):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.2)
        raise CommandError(f"waited {seconds} s for {what}")

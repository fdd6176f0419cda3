"""Every page of every role, every PDF, the name searches and the report ranges, at national
volume, on a scratch database, in one run.

    manage.py benchmark_pages [--files 100000] [--requests 280000] [--answers 940000]
                              [--runs 15] [--keep] [--json PATH]

The scratch database is `<your database>_bench`, made, migrated and dropped at the end (unless
--keep) like `benchmark_reports` and `bench_beneficiary_search` do, whose seeding it reuses: the
demo data (one account per role, the committee's meeting), then closed requests of the last
year with their survey invitations, responses and answers (SQL, `benchmark_reports`), files
with realistic Arabic names (COPY, `bench_beneficiary_search`), one request in seventeen still
open, and the closed ones on agenda items of closed meetings with their decisions.

Each page is requested in this process through Django's test client (the whole middleware
stack) by a person of the role that uses it. Per request: the queries, the application's CPU
time (`time.process_time`, robust on a busy machine: it does not count time waiting for
PostgreSQL or for other processes) and the database time (wall time inside every query, from
`connection.execute_wrapper`). "Share of bare" is the throughput of the page as a fraction of
the benchmark's own bare view (an empty page behind the same middleware, reachable only here):
(app CPU + database ms) of the bare view ÷ the same of the page, medians of --runs requests.

It lives in the demo app with the other benchmarks and their bulk seeding (`demo.bulk`): it
needs every app."""

import io
import json
import statistics
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import override_settings
from django.urls import path
from django.utils import timezone, translation

from demo import bulk
from demo.scratch import scratch_database

from .bench_beneficiary_search import Command as SearchBenchmark
from .benchmark_reports import report_cases, signed_in

BARE_URL = "/__benchmark__/bare/"


def bare_view(request):
    return HttpResponse("ok")


def _urlpatterns():
    from makin.urls import urlpatterns as portal

    return [path(BARE_URL.strip("/") + "/", bare_view), *portal]


# This module is the URLconf while pages are measured: the portal's URLs and the bare view.
urlpatterns = _urlpatterns()
handler403 = "makin.errors.permission_denied"
handler404 = "makin.errors.page_not_found"
handler500 = "makin.errors.server_error"


class Meter:
    """Counts the queries of a request and the time spent waiting for each."""

    def __init__(self):
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def measure(fn, runs: int) -> dict:
    """Median application CPU ms and database ms of `runs` calls of fn, and its queries."""
    cpu, db, queries = [], [], []
    for _run in range(runs):
        meter = Meter()
        with connection.execute_wrapper(meter):
            started = time.process_time()
            fn()
            cpu.append((time.process_time() - started) * 1000)
        db.append(meter.seconds * 1000)
        queries.append(meter.queries)
    return {
        "queries": max(queries),
        "app_cpu_ms": round(statistics.median(cpu), 1),
        "db_ms": round(statistics.median(db), 1),
    }


class Command(BaseCommand):
    help = "Time every page, PDF, name search and report range at national volume."

    def add_arguments(self, parser):
        parser.add_argument("--files", type=int, default=100_000)
        parser.add_argument("--requests", type=int, default=280_000)
        parser.add_argument("--answers", type=int, default=940_000)
        parser.add_argument("--runs", type=int, default=15)
        parser.add_argument(
            "--rounds",
            type=int,
            default=3,
            help="measure every page this many times, one round through them all after the "
            "other, and keep each page's quietest round (the machine's speed drifts from one "
            "minute to the next; another process only ever adds to a page's figures)",
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="keep the scratch database (and measure a kept one again without seeding)",
        )
        parser.add_argument("--json", dest="json_path", help="write every figure to this file")
        parser.add_argument(
            "--profile",
            metavar="PAGE",
            help="only the pages whose label contains PAGE, each followed by its top functions "
            "(cProfile over --runs requests); no PDFs, searches or report ranges",
        )

    def handle(
        self,
        *args,
        files,
        requests,
        answers,
        runs,
        keep,
        json_path,
        profile=None,
        rounds=3,
        **options,
    ):
        with scratch_database(self.stdout, keep=keep, reuse=True) as reused:
            if reused:
                self.stdout.write(
                    f"Measuring the kept scratch database {connection.settings_dict['NAME']} again."
                )
                call_command("migrate", verbosity=0)
            else:
                self._prepare(files=files, requests=requests, answers=answers)
            result = self._run(runs=runs, profile=profile, rounds=rounds)
        if json_path:
            Path(json_path).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
            self.stdout.write(f"Wrote {json_path}.")

    # Seeding ------------------------------------------------------------------------------------

    def _prepare(self, *, files: int, requests: int, answers: int) -> None:
        self.stdout.write(f"Migrating the scratch database {connection.settings_dict['NAME']}…")
        call_command("migrate", verbosity=0)
        call_command("load_demo_data", stdout=io.StringIO())
        self._seed(files=files, requests=requests, answers=answers)

    def _run(self, *, runs: int, profile: str | None = None, rounds: int = 3) -> dict:
        volume = self._volume()
        self.stdout.write("Volume: " + ", ".join(f"{k} {v:,}" for k, v in volume.items()))
        if profile is not None:
            with translation.override("ar"):
                return {"volume": volume, "pages": self._pages(runs, profile=profile)}
        with translation.override("ar"):
            pages = self._pages(runs, rounds=rounds)
            pdfs = self._pdfs(rounds=rounds)
            search = self._search()
            reports = self._reports(runs)
        return {
            "volume": volume,
            "pages": pages,
            "pdfs": pdfs,
            "search": search,
            "reports": reports,
        }

    def _seed(self, *, files: int, requests: int, answers: int) -> None:
        from beneficiaries.models import Beneficiary
        from requests.rollup import rollup_rebuild as request_rollup_rebuild

        invited = int(answers / bulk.ANSWERS_PER_RESPONSE / bulk.ANSWERED_SHARE)
        self.stdout.write(f"Seeding {requests:,} requests, ~{answers:,} survey answers…")
        bulk.requests_with_answers(requests, invited=min(invited, requests), step=self._step)
        missing = files - Beneficiary.objects.count()
        if missing > 0:
            started = time.perf_counter()
            # ID numbers from 50,000,000 up: clear of the demo's and benchmark_reports' files.
            bulk.files_copy(missing, first_number=50_000_000)
            self.stdout.write(f"  files: {time.perf_counter() - started:.1f} s")
        self._step("open requests and the committee's history", bulk.open_and_decided)
        self._step("request rollup", request_rollup_rebuild)
        self._step("VACUUM ANALYZE", bulk.vacuum_analyze)

    def _step(self, label, fn):
        started = time.perf_counter()
        fn()
        self.stdout.write(f"  {label}: {time.perf_counter() - started:.1f} s")

    def _volume(self) -> dict:
        with connection.cursor() as cursor:
            figures = {}
            for label, sql in (
                ("files", "SELECT count(*) FROM beneficiaries_beneficiary"),
                ("requests", "SELECT count(*) FROM requests_supportrequest"),
                (
                    "open_requests",
                    "SELECT count(*) FROM requests_supportrequest "
                    "WHERE status NOT IN ('closed', 'draft', 'withdrawn', 'cancelled')",
                ),
                ("agenda_items", "SELECT count(*) FROM committee_agendaitem"),
                ("decisions", "SELECT count(*) FROM committee_decision"),
                ("survey_answers", "SELECT count(*) FROM surveys_answer"),
            ):
                cursor.execute(sql)
                figures[label] = cursor.fetchone()[0]
        return figures

    # Pages --------------------------------------------------------------------------------------

    def _client(self, username=None, **lookup) -> Client:
        client = Client(HTTP_HOST="localhost")
        if username or lookup:
            user = get_user_model().objects.get(**({"username": username} if username else lookup))
            signed_in(client, user)
        return client

    def _page_cases(self) -> list[tuple[str, Client, str]]:
        from beneficiaries.models import Beneficiary
        from demo.accounts import APPLICANT
        from requests import selectors
        from requests.models import SupportRequest

        users = {
            u.username: u
            for u in get_user_model().objects.filter(username__in=["reception", "researcher"])
        }
        reception = self._client("reception")
        researcher = self._client("researcher")
        chair = self._client("chair")
        manager = self._client("manager")
        applicant = self._client(national_id=APPLICANT["national_id"])
        public = self._client()
        open_request = (
            SupportRequest.objects.filter(reference__startswith="B-", status="in_research")
            .order_by("pk")
            .first()
        )
        mine = (
            SupportRequest.objects.filter(beneficiary__owner__national_id=APPLICANT["national_id"])
            .exclude(submitted_at=None)
            .order_by("pk")
            .first()
        )
        file = Beneficiary.objects.filter(requests__isnull=False).order_by("pk").first()
        deep_reception = self._deep_cursor(selectors.staff_queue(user=users["reception"]))
        deep_research = "/staff/research/queue/?" + self._deep_cursor(
            selectors.research_queue(user=users["researcher"])
        )
        meeting = f"/committee/meetings/{self._scheduled_meeting().number}/"
        return [
            ("bare view (the benchmark's own)", reception, BARE_URL),
            ("reception queue, first page", reception, "/staff/requests/"),
            ("reception queue, deep page", reception, f"/staff/requests/?{deep_reception}"),
            ("researcher's queue, first page", researcher, "/staff/research/queue/"),
            ("researcher's queue, deep page", researcher, deep_research),
            ("file search, one word", reception, "/staff/files/?q=الحربي"),
            ("file search, two words", reception, "/staff/files/?q=محمد الحربي"),
            ("a request's staff page", reception, open_request.get_absolute_url()),
            ("a file's page", reception, f"/staff/files/{file.pk}/"),
            ("reception's home", reception, "/staff/reception/"),
            ("researcher's home", researcher, "/staff/research/"),
            ("committee home", chair, "/staff/committee/"),
            ("meeting page with its agenda", chair, meeting),
            ("the agenda's candidates", chair, f"{meeting}agenda/add/"),
            ("manager's home", manager, "/staff/manager/"),
            ("managers' reports", manager, "/staff/reports/"),
            ("applicant's home", applicant, "/my/"),
            ("applicant's requests", applicant, "/my/requests/"),
            ("applicant's request page", applicant, f"/my/requests/{mine.reference}/"),
            # The form (its answer, a POST, is rate-limited per address: a loop would be refused).
            ("public tracking page", public, f"/track/?reference={mine.reference}"),
        ]

    def _deep_cursor(self, queue) -> str:
        """The query string of a page nine tenths down the queue in its default order (page
        11,000 of 25 rows at full volume)."""
        from makin.keyset import cursor_at
        from requests import selectors

        depth = int(queue.count() * 0.9)
        cursor = cursor_at(queue, keys=list(selectors.QUEUE_ORDERS["due"].keys), offset=depth)
        return urlencode({"cursor": cursor}) if cursor else ""

    def _pages(self, runs: int, profile: str | None = None, rounds: int = 1) -> list[dict]:
        """Each page's queries, application CPU and database ms (medians of `runs` requests)
        and share of the bare view's throughput. Measured in `rounds` rounds through every
        page, each page's figures are those of its quietest round (the lowest CPU and database
        ms together), the bare view's too; the range of its rounds' CPU ms is printed beside."""
        self.stdout.write(
            f"\n{'page':<36}{'queries':>8}{'app CPU ms':>12}{'db ms':>8}{'share of bare':>15}"
            f"{'CPU ms, rounds':>17}"
        )
        with override_settings(ROOT_URLCONF=__name__):
            cases = self._page_cases()
            if profile is not None:
                cases = [cases[0], *(case for case in cases[1:] if profile in case[0])]
                rounds = 1
            measured = {label: [] for label, _client, _url in cases}
            for _round in range(max(rounds, 1)):
                for label, client, url in cases:

                    def get(client=client, url=url):
                        response = client.get(url)
                        assert response.status_code == 200, (url, response.status_code)

                    get()
                    get()
                    measured[label].append(measure(get, runs))
                    if profile is not None and label != cases[0][0]:
                        self._profile(label, get, runs)
        results = []
        bare_cost = None
        for label, figures in measured.items():
            best = min(figures, key=lambda f: f["app_cpu_ms"] + f["db_ms"])
            best = {**best, "queries": max(f["queries"] for f in figures)}
            cpus = sorted(f["app_cpu_ms"] for f in figures)
            spread = f"{cpus[0]:.1f}–{cpus[-1]:.1f}"
            cost = best["app_cpu_ms"] + best["db_ms"]
            if bare_cost is None:
                bare_cost = cost
                share_text = "100.00%"
            else:
                share = round(bare_cost / cost, 4) if cost else 1.0
                share_text = f"{share * 100:.2f}%"
                results.append(
                    {
                        "page": label,
                        **best,
                        "share_of_bare": share,
                        "rounds": [[f["app_cpu_ms"], f["db_ms"]] for f in figures],
                    }
                )
            self.stdout.write(
                f"{label:<36}{best['queries']:>8}{best['app_cpu_ms']:>12.1f}"
                f"{best['db_ms']:>8.1f}{share_text:>15}{spread:>17}"
            )
        return results

    def _profile(self, label: str, fn, runs: int) -> None:
        """The functions that take the page's time: cProfile over `runs` calls of fn."""
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        for _run in range(runs):
            profiler.runcall(fn)
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        # The portal's own functions (and the template tags they lend) by cumulative time.
        stats.sort_stats("cumulative").print_stats(f"^{settings.BASE_DIR}/(?!\\.venv)", 40)
        stats.strip_dirs().sort_stats("tottime").print_stats(25)
        self.stdout.write(f"\n{label}, {runs} requests:\n{out.getvalue()}")

    # PDFs ---------------------------------------------------------------------------------------

    def _scheduled_meeting(self):
        from committee.models import Meeting, MeetingStatus

        return Meeting.objects.filter(status=MeetingStatus.SCHEDULED).order_by("number").first()

    def _pdfs(self, rounds: int = 1) -> list[dict]:
        """Each PDF's first rendering in the process and its warm median of five, the warm
        one in `rounds` rounds through every kind, the quietest kept (as the pages')."""
        from committee import documents, services
        from committee.models import Decision
        from demo.accounts import APPLICANT
        from requests.models import SupportRequest
        from surveys.reports import default_filter
        from surveys.services import report_pdf_render

        chair_user = get_user_model().objects.get(username="chair")
        meeting = self._scheduled_meeting()
        ready = SupportRequest.objects.filter(status="ready_for_committee").order_by("pk")
        have = meeting.items.count()
        if have < 12:
            services.agenda_add(
                meeting=meeting, requests=list(ready[: 12 - have]), actor=chair_user
            )
        mine = (
            SupportRequest.objects.filter(beneficiary__owner__national_id=APPLICANT["national_id"])
            .exclude(submitted_at=None)
            .order_by("pk")
            .first()
        )
        decision = Decision.objects.select_related("item__request").order_by("pk").first()
        applicant = self._client(national_id=APPLICANT["national_id"])

        def fetch(client, url):
            def get():
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
                assert response["Content-Type"] == "application/pdf"

            return get

        cases = [
            ("receipt", fetch(applicant, f"/requests/{mine.reference}/receipt/")),
            ("letter", lambda: documents.letter_pdf(decision=decision)),
            ("minutes", lambda: documents.minutes_pdf(meeting=meeting, user=chair_user)),
            # Made by the worker (surveys.services.report_export_make): its rendering.
            ("reports", lambda: report_pdf_render(report_filter=default_filter())),
        ]
        self.stdout.write(f"\n{'PDF':<36}{'first ms':>10}{'warm ms':>10}{'warm, rounds':>15}")
        first = {document: measure(fn, 1) for document, fn in cases}
        warm = {document: [] for document, _fn in cases}
        for _round in range(max(rounds, 1)):
            for document, fn in cases:
                figures = measure(fn, 5)
                warm[document].append(round(figures["app_cpu_ms"] + figures["db_ms"], 1))
        results = []
        for document, _fn in cases:
            row = {
                "document": document,
                "first_ms": round(first[document]["app_cpu_ms"] + first[document]["db_ms"], 1),
                "warm_ms": min(warm[document]),
            }
            results.append(row)
            spread = f"{min(warm[document]):.0f}–{max(warm[document]):.0f}"
            self.stdout.write(
                f"{document:<36}{row['first_ms']:>10.0f}{row['warm_ms']:>10.0f}{spread:>15}"
            )
        return results

    # Name searches and report ranges ------------------------------------------------------------

    def _search(self) -> list[dict]:

        self.stdout.write("\nName searches (bench_beneficiary_search), ms:")
        return SearchBenchmark(stdout=self.stdout).bench(20)

    def _reports(self, runs: int) -> list[dict]:
        from surveys.reports import report_build

        self.stdout.write(f"\n{'report range':<40}{'SQL ms':>8}{'median ms':>11}")
        results = []
        for label, report_filter in report_cases(timezone.localdate()).items():
            sql, total = [], []
            for _run in range(runs):
                meter = Meter()
                with connection.execute_wrapper(meter):
                    started = time.perf_counter()
                    report_build(report_filter)
                    total.append((time.perf_counter() - started) * 1000)
                sql.append(meter.seconds * 1000)
            row = {
                "range": label,
                "sql_ms": round(statistics.median(sql), 1),
                "median_ms": round(statistics.median(total), 1),
            }
            results.append(row)
            self.stdout.write(f"{label:<40}{row['sql_ms']:>8.1f}{row['median_ms']:>11.1f}")
        return results

"""Seed a scratch database with a million survey answers (and the requests, invitations and
responses behind them) and time the managers' reports on it.

    manage.py benchmark_reports [--answers 1000000] [--keep]

The scratch database is `<your database>_bench`, created, migrated, bulk-loaded with SQL
(`INSERT ... SELECT generate_series`, the fastest way to get the rows in; a benchmark has no
history to keep) and dropped at the end unless --keep. Your own database is not touched."""

import datetime
import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from demo.bulk import ANSWERED_SHARE, ANSWERS_PER_RESPONSE, requests_with_answers
from demo.scratch import scratch_database
from makin.channels import Channel


def signed_in(client: Client, user) -> Client:
    """A whole staff log-in, second factor included (as after typing the code)."""
    from makin.second_factor import SESSION_KEY, VERIFIED

    client.force_login(user, backend="makin.backends.IdentifierBackend")
    session = client.session
    session[SESSION_KEY] = VERIFIED
    session.save()
    return client


def report_cases(today: datetime.date) -> dict:
    """The date ranges (and one filtered case) every report benchmark times."""
    from requests.models import Service
    from surveys.reports import ReportFilter, default_filter

    service = Service.objects.filter(code="bench-2").first()
    default = default_filter(today)
    return {
        "default (last 6 months + this one)": default,
        "whole year": ReportFilter(start=today.replace(year=today.year - 1), end=today),
        "one service, one channel, 6 months": ReportFilter(
            start=default.start, end=today, service=service, channel=Channel.PHONE
        ),
        "odd dates (15th to 14th, 3 months)": ReportFilter(
            start=(today - datetime.timedelta(days=100)).replace(day=15),
            end=today.replace(day=14) if today.day > 14 else today,
        ),
    }


class Command(BaseCommand):
    help = "Time the managers' reports on a scratch database with a million survey answers."

    def add_arguments(self, parser):
        parser.add_argument("--answers", type=int, default=1_000_000)
        parser.add_argument("--keep", action="store_true", help="keep the scratch database")
        parser.add_argument("--runs", type=int, default=7)

    def handle(self, *args, answers, keep, runs, **options):
        with scratch_database(self.stdout, keep=keep):
            self._run(answers=answers, runs=runs)

    def _step(self, label, fn):
        started = time.perf_counter()
        result = fn()
        self.stdout.write(f"  {label}: {time.perf_counter() - started:.1f} s")
        return result

    def _run(self, *, answers: int, runs: int):
        self.stdout.write("Migrating the scratch database…")
        call_command("migrate", verbosity=0)
        responses = int(answers / ANSWERS_PER_RESPONSE)
        requests_count = int(responses / ANSWERED_SHARE)
        self.stdout.write(
            f"Seeding {requests_count:,} requests and invitations, {responses:,} responses, "
            f"about {answers:,} answers over twelve months…"
        )
        manager = self._seed(requests_count)
        self.stdout.write(
            "Rows: "
            + ", ".join(
                f"{t} {self._count(t):,}"
                for t in (
                    "requests_supportrequest",
                    "surveys_invitation",
                    "surveys_response",
                    "surveys_answer",
                    "surveys_dailyanswers",
                    "surveys_monthlyanswers",
                    "surveys_dailyinvitations",
                    "surveys_monthlyinvitations",
                )
            )
        )
        self._time(manager, runs)

    def _count(self, table: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608  fixed names
            return cursor.fetchone()[0]

    def _seed(self, n: int, invited: int | None = None):
        """n closed requests of the last year with their survey answers (`demo.bulk`)."""
        return requests_with_answers(n, invited=invited, step=self._step)

    def _time(self, manager, runs: int):
        from requests.models import Service
        from surveys.reports import report_build

        today = timezone.localdate()
        service = Service.objects.filter(code="bench-2").first()
        cases = report_cases(today)
        default = cases["default (last 6 months + this one)"]
        self.stdout.write(f"\nreport_build (all figures), median and max of {runs} runs:")
        with translation.override("ar"):
            for label, f in cases.items():
                timings = []
                for _run in range(runs):
                    started = time.perf_counter()
                    report = report_build(f)
                    timings.append(time.perf_counter() - started)
                self.stdout.write(
                    f"  {label}: {statistics.median(timings) * 1000:.0f} ms "
                    f"(max {max(timings) * 1000:.0f} ms) — {report.overall.rated:,} ratings, "
                    f"{report.responses:,}/{report.invitations:,} answered"
                )
        client = Client(HTTP_HOST="localhost")
        signed_in(client, manager)
        self.stdout.write("\nThe whole page (GET /staff/reports/, rendered HTML):")
        for label, query in (
            ("default filters", ""),
            ("a service and a channel", f"?service={service.pk}&channel=phone"),
        ):
            timings = []
            for _run in range(runs):
                started = time.perf_counter()
                response = client.get("/staff/reports/" + query)
                timings.append(time.perf_counter() - started)
                assert response.status_code == 200, response.status_code
            self.stdout.write(
                f"  {label}: {statistics.median(timings) * 1000:.0f} ms "
                f"(max {max(timings) * 1000:.0f} ms)"
            )
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(
                "SELECT a.question_id, count(*) FILTER (WHERE a.rating >= 4), count(a.rating) "
                "FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id "
                "WHERE r.submitted_at >= %s GROUP BY 1",
                [default.start_at],
            )
            raw = time.perf_counter() - started
        self.stdout.write(
            f"\nFor comparison, one GROUP BY over the raw answers of the default period: "
            f"{raw * 1000:.0f} ms."
        )

"""Seed a scratch database with a million survey answers (and the requests, invitations and
responses behind them) and time the managers' reports on it.

    manage.py benchmark_reports [--answers 1000000] [--keep]

The scratch database is `<your database>_bench`, created, migrated, bulk-loaded with SQL
(`INSERT ... SELECT generate_series`, the fastest way to get the rows in; a benchmark has no
history to keep) and dropped at the end unless --keep. Your own database is not touched."""

import datetime
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, connections, models, transaction
from django.test import Client
from django.utils import timezone, translation

from makin.channels import Channel
from makin.roles import Role

ANSWERS_PER_RESPONSE = 5.1  # four ratings, a yes/no, and a comment one time in ten
ANSWERED_SHARE = 0.7


def _insert_sql(model, overrides: dict[str, str], source: str) -> tuple[str, list]:
    """INSERT INTO <model's table> (every column) SELECT <expressions> <source>: the columns
    not in `overrides` get NULL or their Django default, so the statement keeps working when
    other apps add fields with defaults."""
    columns, expressions, params = [], [], []
    for f in model._meta.concrete_fields:
        if isinstance(f, models.AutoField | models.BigAutoField):
            continue
        columns.append(f.column)
        if f.column in overrides:
            expressions.append(overrides[f.column])
        elif f.null:
            expressions.append("NULL")
        else:
            expressions.append("%s")
            params.append(f.get_db_prep_save(f.get_default(), connection))
    table = model._meta.db_table
    sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(expressions)} {source}"
    return sql, params


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
        original = settings.DATABASES["default"]["NAME"]
        scratch = f"{original}_bench"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
            cursor.execute(f'CREATE DATABASE "{scratch}"')
        connections["default"].close()
        connections["default"].settings_dict["NAME"] = scratch
        try:
            self._run(answers=answers, runs=runs)
        finally:
            connections["default"].close()
            connections["default"].settings_dict["NAME"] = original
            if not keep:
                with connection.cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
                connections["default"].close()
            else:
                self.stdout.write(f"Kept the scratch database {scratch}.")

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
        """n closed requests of the last year; a survey invitation after each of them (or after
        the first `invited`), 70% answered."""
        from beneficiaries.models import Beneficiary
        from demo import surveys as demo
        from requests.models import Service, SupportRequest
        from requests.rollup import rollup_rebuild as request_rollup_rebuild
        from surveys.models import Invitation
        from surveys.rollup import rollup_rebuild

        User = get_user_model()
        manager = User.objects.create_user(username="bench-manager", password="x" * 12)
        manager.groups.add(Group.objects.get(name=Role.MANAGER))
        staff = [
            User.objects.create_user(username=f"bench-staff-{i}", first_name=f"موظف {i}")
            for i in range(12)
        ]
        services = [
            Service.objects.create(code=f"bench-{i}", name_ar=f"خدمة {i}") for i in range(6)
        ]
        demo.survey_publish(manager)
        staff_ids = "ARRAY[" + ",".join(str(u.pk) for u in staff) + "]"
        service_ids = "ARRAY[" + ",".join(str(s.pk) for s in services) + "]"
        channels = "ARRAY[" + ",".join(f"'{c}'" for c in Channel.values) + "]"
        beneficiaries = 20_000
        # Day g of the year before today, spread by a multiplicative hash.
        days_ago = "((g * 7919) %% 365)"
        with transaction.atomic(), connection.cursor() as cursor:
            sql, params = _insert_sql(
                Beneficiary,
                {
                    # Out of the way of the demo files' ID numbers (1…), which may be loaded too.
                    "national_id": "'2' || lpad(g::text, 9, '0')",
                    "id_expiry": "DATE '2030-01-01'",
                    "first_name": "'محمد'",
                    "father_name": "'عبدالله'",
                    "grandfather_name": "'سالم'",
                    "family_name": "'الحربي'",
                    "gender": "'male'",
                    "birth_date": "DATE '1985-03-14'",
                    "mobile": "'+9665' || lpad(g::text, 8, '0')",
                    "consent_version": "'1'",
                    "consented_at": "now()",
                    "created_at": "now()",
                    "updated_at": "now()",
                },
                f"FROM generate_series(1::bigint, {beneficiaries}) AS g",
            )
            self._step("beneficiaries", lambda: cursor.execute(sql, params))
            first_beneficiary = Beneficiary.objects.order_by("pk").values_list("pk", flat=True)[0]
            completed = (
                f"(now() - ({days_ago} + 20) * interval '1 day' - (g %% 9) * interval '1 hour')"
            )
            sql, params = _insert_sql(
                SupportRequest,
                {
                    "reference": "'B-' || g",
                    "beneficiary_id": f"{first_beneficiary} + (g %% {beneficiaries})",
                    "service_id": f"({service_ids})[1 + (g * 31) %% 6]",
                    "status": "'closed'",
                    "channel": f"({channels})[1 + ((g / 5) * 17) %% 8]",
                    "received_by_id": f"({staff_ids})[1 + ((g / 2) * 13) %% 12]",
                    "created_at": f"{completed} - interval '3 days'",
                    "updated_at": "now()",
                    "submitted_at": f"{completed} - interval '2 days'",
                    "completed_at": completed,
                    "decision_due": f"({completed} + interval '14 days')::date",
                    "decided_at": f"{completed} + (1 + (g * 7) %% 20) * interval '1 day'",
                },
                f"FROM generate_series(1::bigint, {n}) AS g",
            )
            self._step("requests", lambda: cursor.execute(sql, params))
            version = demo.survey_services.current_version()
            sql, params = _insert_sql(
                Invitation,
                {
                    "beneficiary_id": "r.beneficiary_id",
                    "request_id": "r.id",
                    "version_id": str(version.pk),
                    "channel": "r.channel",
                    "service_id": "r.service_id",
                    "staff_id": "r.received_by_id",
                    "nonce": "md5(r.id::text)",
                    "created_at": "r.completed_at + interval '20 days'",
                    "expires_at": "r.completed_at + interval '50 days'",
                    "answered_at": (
                        f"CASE WHEN (r.id * 7) %% 10 < {int(ANSWERED_SHARE * 10)} "
                        "THEN r.completed_at + interval '20 days' "
                        "+ (r.id %% 48) * interval '1 hour' "
                        "END"
                    ),
                },
                "FROM requests_supportrequest r WHERE r.reference LIKE 'B-%%'"
                + ("" if invited is None else f" ORDER BY r.id LIMIT {int(invited)}"),
            )
            # Only the rows made here get responses and answers (demo data may be there too).
            cursor.execute("SELECT coalesce(max(id), 0) FROM surveys_invitation")
            last_invitation = cursor.fetchone()[0]
            cursor.execute("SELECT coalesce(max(id), 0) FROM surveys_response")
            last_response = cursor.fetchone()[0]
            self._step("invitations", lambda: cursor.execute(sql, params))
            self._step(
                "responses",
                lambda: cursor.execute(
                    "INSERT INTO surveys_response (invitation_id, version_id, submitted_at) "
                    "SELECT id, version_id, answered_at FROM surveys_invitation "
                    "WHERE answered_at IS NOT NULL AND id > %s",
                    [last_invitation],
                ),
            )
            # Ratings skewed towards satisfied, as real surveys are: 5% 1, 7% 2, 18% 3, 35% 4.
            rating = (
                "CASE WHEN h < 5 THEN 1 WHEN h < 12 THEN 2 WHEN h < 30 THEN 3 "
                "WHEN h < 65 THEN 4 ELSE 5 END"
            )
            self._step(
                "answers",
                lambda: cursor.execute(
                    "INSERT INTO surveys_answer "  # noqa: S608  fixed SQL, no user input
                    "(response_id, question_id, rating, yes, choice, text) "
                    f"SELECT r.id, q.id, CASE WHEN q.kind = 'rating' THEN {rating} END, "
                    "CASE WHEN q.kind = 'yes_no' THEN h < 82 END, NULL, "
                    "CASE WHEN q.kind = 'text' THEN 'شكرًا لكم' ELSE '' END "
                    "FROM surveys_response r "
                    "CROSS JOIN surveys_question q "
                    "CROSS JOIN LATERAL "
                    "(SELECT ((r.id * 2654435761 + q.id * 40503) %% 100) AS h) x "
                    "WHERE q.version_id = %s AND (q.kind <> 'text' OR r.id %% 10 = 0) "
                    "AND r.id > %s",
                    [version.pk, last_response],
                ),
            )
            self._step("rollups", rollup_rebuild)
            self._step("request rollup", request_rollup_rebuild)
        self._step("VACUUM ANALYZE", self._vacuum)
        return manager

    def _vacuum(self):
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

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
        client.force_login(manager, backend="makin.backends.IdentifierBackend")
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

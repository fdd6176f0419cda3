"""Bulk seeding for the benchmarks (`benchmark_pages`, `benchmark_reports`,
`bench_beneficiary_search`): national volume in minutes, on their scratch database only.

The rows go in with SQL (`INSERT ... SELECT generate_series`) and COPY, past the services and
django-simple-history on purpose: a benchmark needs 280,000 requests in seconds, not their
history. The rollups the reports read are recounted afterwards from the rows, as after any
bulk load (`rollup_rebuild` of the requests and surveys apps, the committee's tally and the
open requests' counts)."""

import datetime
import json
import random
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, models, transaction
from django.utils import timezone

from beneficiaries.arabic import normalize_arabic_name
from beneficiaries.models import Beneficiary
from committee.models import AgendaItem, Decision, Meeting
from committee.tally import decision_tally_rebuild
from makin.channels import Channel
from makin.roles import Role
from makin.validators import national_id_check_digit
from requests.models import Service, SupportRequest
from requests.open_counts import open_counts_rebuild
from requests.rollup import rollup_rebuild as request_rollup_rebuild
from surveys.models import Invitation
from surveys.rollup import rollup_rebuild

from . import surveys as demo_surveys

ANSWERS_PER_RESPONSE = 5.1  # four ratings, a yes/no, and a comment one time in ten
ANSWERED_SHARE = 0.7
# The statuses one bulk request in seventeen goes back to (the open work of the queues).
OPEN_STATUSES = [
    "submitted",
    "incomplete",
    "verified",
    "in_research",
    "ready_for_committee",
    "in_committee",
    "in_delivery",
]
NAMES_FILE = Path(__file__).resolve().parents[1] / "beneficiaries" / "data" / "names-ar.json"
# The ID numbers of the reports' files (after their first digit): clear of the demo's files (0…)
# and of benchmark_pages' own (50,000,000…).
REPORT_FILES_FROM = 60_000_000
VARIANTS = [("أ", "ا"), ("إ", "ا"), ("ة", "ه"), ("ي", "ى"), ("عبدال", "عبد ال"), ("ؤ", "و")]


def _quiet(label, fn):
    return fn()


def variant(name: str, rng: random.Random) -> str:
    """The name as people also type it: two of hamza, taa marbuta, alef maqsura, "عبد الله"."""
    for plain, other in rng.sample(VARIANTS, 2):
        name = name.replace(plain, other)
    return name


def insert_sql(model, overrides: dict[str, str], source: str) -> tuple[str, list]:
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


def requests_with_answers(n: int, *, invited: int | None = None, step=_quiet):
    """n closed requests of the last year; a survey invitation after each of them (or after
    the first `invited`), 70% answered."""

    User = get_user_model()
    manager = User.objects.create_user(username="bench-manager", password="x" * 12)
    manager.groups.add(Group.objects.get(name=Role.MANAGER))
    staff = [
        User.objects.create_user(username=f"bench-staff-{i}", first_name=f"موظف {i}")
        for i in range(12)
    ]
    services = [Service.objects.create(code=f"bench-{i}", name_ar=f"خدمة {i}") for i in range(6)]
    demo_surveys.survey_publish(manager)
    staff_ids = "ARRAY[" + ",".join(str(u.pk) for u in staff) + "]"
    service_ids = "ARRAY[" + ",".join(str(s.pk) for s in services) + "]"
    channels = "ARRAY[" + ",".join(f"'{c}'" for c in Channel.values) + "]"
    beneficiaries = 20_000
    # Day g of the year before today, spread by a multiplicative hash.
    days_ago = "((g * 7919) %% 365)"
    with transaction.atomic(), connection.cursor() as cursor:
        # Files as the portal's own: realistic names with the normalised form the services
        # store (a search finds them, and they do not all share one name and birth date).
        before = Beneficiary.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        step("beneficiaries", lambda: files_copy(beneficiaries, first_number=REPORT_FILES_FROM))
        first_beneficiary = (
            Beneficiary.objects.filter(pk__gt=before).order_by("pk").values_list("pk", flat=True)[0]
        )
        completed = f"(now() - ({days_ago} + 20) * interval '1 day' - (g %% 9) * interval '1 hour')"
        sql, params = insert_sql(
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
        step("requests", lambda: cursor.execute(sql, params))
        version = demo_surveys.survey_services.current_version()
        sql, params = insert_sql(
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
        step("invitations", lambda: cursor.execute(sql, params))
        step(
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
        step(
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
        step("rollups", rollup_rebuild)
        step("request rollup", request_rollup_rebuild)
        step("open requests' counts", open_counts_rebuild)
    step("VACUUM ANALYZE", vacuum_analyze)
    return manager


def vacuum_analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def open_and_decided() -> None:
    """One bulk request in seventeen back to an open status (due around today, half of them
    with the demo researcher), and every other one on an agenda item of a closed meeting,
    twenty to a meeting, with its decision: the history a national committee accumulates."""

    User = get_user_model()
    researcher = User.objects.get(username="researcher").pk
    chair = User.objects.get(username="chair").pk
    statuses = "ARRAY[" + ",".join(f"'{s}'" for s in OPEN_STATUSES) + "]"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE requests_supportrequest SET "  # noqa: S608  fixed SQL
            f"status = ({statuses})[1 + (id / 17) %% {len(OPEN_STATUSES)}], "
            "decided_at = NULL, "
            "completed_at = now() - ((id %% 20) * interval '1 day'), "
            "decision_due = (now() + ((14 - id %% 20) * interval '1 day'))::date, "
            "researcher_id = CASE WHEN id %% 2 = 0 THEN %s END "
            "WHERE reference LIKE 'B-%%' AND id %% 17 = 0",
            [researcher],
        )
        cursor.execute(
            "SELECT count(*) FROM requests_supportrequest "
            "WHERE reference LIKE 'B-%%' AND status = 'closed'"
        )
        closed = cursor.fetchone()[0]
        meetings = closed // 20 + 1
        sql, params = insert_sql(
            Meeting,
            {
                "number": "1000 + g",
                "starts_at": "now() - (g %% 365) * interval '1 day'",
                "status": "'closed'",
                "mode": "'in_person'",
                "created_by_id": str(chair),
                "created_at": "now()",
                "opened_at": "now() - (g %% 365) * interval '1 day'",
                "closed_at": "now() - (g %% 365) * interval '1 day'",
                "members_count": "3",
            },
            f"FROM generate_series(1::bigint, {meetings}) AS g",
        )
        cursor.execute(sql, params)
        cursor.execute("SELECT min(id) FROM committee_meeting WHERE number > 1000")
        first_meeting = cursor.fetchone()[0]
        sql, params = insert_sql(
            AgendaItem,
            {
                "meeting_id": f"{first_meeting} + (r.n / 20)",
                "request_id": "r.id",
                "added_by_id": str(chair),
                "added_at": "r.completed_at",
            },
            "FROM (SELECT id, completed_at, row_number() OVER (ORDER BY id) AS n "
            "FROM requests_supportrequest "
            "WHERE reference LIKE 'B-%%' AND status = 'closed') r",
        )
        cursor.execute(sql, params)
        sql, params = insert_sql(
            Decision,
            {
                "item_id": "i.id",
                "outcome": "'approve'",
                "support_kind": "'one_payment'",
                "amount": "3000",
                "votes_approve": "3",
                "decided_by_id": str(chair),
                "decided_at": "r.decided_at",
                "within_deadline": "r.decided_at::date <= r.decision_due",
            },
            "FROM committee_agendaitem i "
            "JOIN requests_supportrequest r ON r.id = i.request_id "
            "WHERE r.reference LIKE 'B-%%'",
        )
        cursor.execute(sql, params)
    decision_tally_rebuild()
    open_counts_rebuild()


def file_rows(count: int, first_number: int = 0):
    """`first_number` moves the ID numbers (and mobiles) out of the way of files already there,
    and draws other names: each call from a number of its own seeds files of its own."""
    names = json.loads(NAMES_FILE.read_text())
    rng = random.Random(2026 + first_number)  # noqa: S311  reproducible data, not secrets
    now = timezone.now()
    today = datetime.date.today()
    fields = [f for f in Beneficiary._meta.concrete_fields if not f.primary_key]
    for n in range(count):
        male = rng.random() < 0.6
        parts = [
            rng.choice(names["male_first"] if male else names["female_first"]),
            rng.choice(names["male_first"]),
            rng.choice(names["male_first"]),
            rng.choice(names["family"]),
        ]
        if rng.random() < 0.33:
            parts = [variant(p, rng) for p in parts]
        first_nine = f"{rng.choice('12')}{first_number + n:08d}"
        values = {
            "national_id": first_nine + national_id_check_digit(first_nine),
            "id_expiry": today + datetime.timedelta(days=rng.randint(-200, 2000)),
            "first_name": parts[0],
            "father_name": parts[1],
            "grandfather_name": parts[2],
            "family_name": parts[3],
            "name_normalized": normalize_arabic_name(" ".join(parts)),
            "gender": "male" if male else "female",
            "birth_date": datetime.date(1950, 1, 1)
            + datetime.timedelta(days=rng.randint(0, 20_000)),
            "mobile": f"+9665{((first_number + n) * 7919) % 10**8:08d}",
            "district": rng.choice(names["yanbu_districts"]),
            "registered_via": rng.choice(["website", "interview", "phone"]),
            "created_at": now,
            "updated_at": now,
            "consent_version": "bench",
            "consented_at": now,
        }
        yield [
            values[f.attname]
            if f.attname in values
            else f.get_db_prep_save(f.get_default(), connection)
            for f in fields
        ]


def files_copy(count: int, first_number: int = 0) -> None:
    fields = [f for f in Beneficiary._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(Beneficiary._meta.db_table)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in file_rows(count, first_number):
                copy.write_row(row)
        cursor.execute(f"ANALYZE {table}")

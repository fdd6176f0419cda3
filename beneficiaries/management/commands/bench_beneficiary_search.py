"""Seed a scratch database with many beneficiary files and time the staff search.

    python manage.py bench_beneficiary_search [--count 100000] [--repeat 20] [--keep]

The files go into a database of their own (`<name>_bench`, made and dropped like a test
database), never into the portal's. They are written with PostgreSQL COPY, which bypasses the
services and django-simple-history on purpose: a benchmark needs 100,000 rows in seconds, not
their history. The names are realistic (Arabic name parts of the shared data file), a third of
them spelled with variants (hamza, taa marbuta, alef maqsura, "عبد الله" apart) as people type
them. Each search is timed as the page runs it: the count, and the first page of 25."""

import datetime
import json
import random
import statistics
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.paginator import Paginator
from django.db import connection
from django.utils import timezone

from beneficiaries.arabic import normalize_arabic_name
from beneficiaries.models import Beneficiary
from beneficiaries.selectors import beneficiary_search, duplicates_find
from makin.validators import national_id_check_digit

NAMES = json.loads((Path(__file__).resolve().parents[2] / "data" / "names-ar.json").read_text())
VARIANTS = [("أ", "ا"), ("إ", "ا"), ("ة", "ه"), ("ي", "ى"), ("عبدال", "عبد ال"), ("ؤ", "و")]
EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _variant(name: str, rng: random.Random) -> str:
    for plain, other in rng.sample(VARIANTS, 2):
        name = name.replace(plain, other)
    return name


class Command(BaseCommand):
    help = "Seed a scratch database with beneficiary files and time searches by ID, mobile, name."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--keep", action="store_true", help="keep the scratch database")

    def handle(self, *args, count, repeat, keep, **options):
        settings_dict = connection.settings_dict
        original = settings_dict["NAME"]
        settings_dict.setdefault("TEST", {})["NAME"] = f"{original}_bench"
        self.stdout.write(f"Scratch database {original}_bench (migrating)...")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep)
        try:
            if Beneficiary.objects.count() < count:
                Beneficiary.objects.all().delete()
                started = time.perf_counter()
                self.seed(count)
                self.stdout.write(
                    f"Seeded {count:,} files with COPY in {time.perf_counter() - started:.1f} s"
                )
            self.bench(repeat)
        finally:
            connection.creation.destroy_test_db(original, verbosity=0, keepdb=keep)

    def rows(self, count: int, first_number: int = 0):
        """`first_number` moves the ID numbers out of the way of files already there."""
        rng = random.Random(2026)  # noqa: S311  reproducible data, not secrets
        now = timezone.now()
        today = datetime.date.today()
        fields = [f for f in Beneficiary._meta.concrete_fields if not f.primary_key]
        for n in range(count):
            male = rng.random() < 0.6
            parts = [
                rng.choice(NAMES["male_first"] if male else NAMES["female_first"]),
                rng.choice(NAMES["male_first"]),
                rng.choice(NAMES["male_first"]),
                rng.choice(NAMES["family"]),
            ]
            if rng.random() < 0.33:
                parts = [_variant(p, rng) for p in parts]
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
                "mobile": f"+9665{(n * 7919) % 10**8:08d}",
                "district": rng.choice(NAMES["yanbu_districts"]),
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

    def seed(self, count: int, first_number: int = 0) -> None:
        fields = [f for f in Beneficiary._meta.concrete_fields if not f.primary_key]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(Beneficiary._meta.db_table)
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in self.rows(count, first_number):
                    copy.write_row(row)
            cursor.execute(f"ANALYZE {table}")

    def bench(self, repeat: int) -> list[dict]:
        """Print each search's median, p95 and max, and return them."""
        rng = random.Random(7)  # noqa: S311
        sample = list(
            Beneficiary.objects.exclude(name_normalized="")
            .order_by("?")
            .values(
                "national_id", "mobile", "family_name", "first_name", "father_name", "birth_date"
            )[:repeat]
        )
        cases = {
            "ID number (10 digits)": [s["national_id"] for s in sample],
            "mobile, 05… in Eastern Arabic digits": [
                ("0" + str(s["mobile"])[4:]).translate(EASTERN) for s in sample
            ],
            "family name (one word, many files)": [s["family_name"] for s in sample],
            "first + family name": [f"{s['first_name']} {s['family_name']}" for s in sample],
            "first + father (variant spelling)": [
                _variant(f"{s['first_name']} {s['father_name']}", rng) for s in sample
            ],
            "part of a word (3 letters)": [s["family_name"][2:5] for s in sample],
        }
        self.stdout.write(
            f"\n{'search':<40}{'median ms':>10}{'p95 ms':>9}{'max ms':>9}{'rows (median)':>15}"
        )
        results = []
        for label, queries in cases.items():
            timings, found = [], []
            for query in queries:
                started = time.perf_counter()
                page = Paginator(beneficiary_search(query=query), 25).get_page(1)
                list(page.object_list)
                found.append(page.paginator.count)
                timings.append((time.perf_counter() - started) * 1000)
            results.append(self.report(label, timings, found))
        timings = []
        for s in sample:
            started = time.perf_counter()
            duplicates_find(
                national_id=s["national_id"],
                name=f"{s['first_name']} {s['father_name']} {s['family_name']}",
                mobile=s["mobile"],
                birth_date=s["birth_date"],
            )
            timings.append((time.perf_counter() - started) * 1000)
        results.append(self.report("duplicate check before registering", timings, [0]))
        return results

    def report(self, label, timings, found) -> dict:
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        median = statistics.median(timings)
        self.stdout.write(
            f"{label:<40}{median:>10.1f}{p95:>9.1f}{max(timings):>9.1f}"
            f"{int(statistics.median(found)):>15,}"
        )
        return {"search": label, "median_ms": round(median, 1), "p95_ms": round(p95, 1)}

"""Seed a scratch database with many beneficiary files and time the staff search.

    python manage.py bench_beneficiary_search [--count 100000] [--repeat 20] [--keep]

The files go into a database of their own (`<name>_bench`, made and dropped like a test
database), never into the portal's. They are written with PostgreSQL COPY, which bypasses the
services and django-simple-history on purpose: a benchmark needs 100,000 rows in seconds, not
their history. The names are realistic (Arabic name parts of the shared data file), a third of
them spelled with variants (hamza, taa marbuta, alef maqsura, "عبد الله" apart) as people type
them. Each search is timed as the page runs it: the count (capped at 500), and the first page of
25."""

import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection

from beneficiaries.models import Beneficiary
from beneficiaries.selectors import duplicates_find, search_page
from demo.bulk import files_copy, variant

EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


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
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=keep
        )
        try:
            if Beneficiary.objects.count() < count:
                Beneficiary.objects.all().delete()
                started = time.perf_counter()
                files_copy(count)
                self.stdout.write(
                    f"Seeded {count:,} files with COPY in {time.perf_counter() - started:.1f} s"
                )
            self.bench(repeat)
        finally:
            connection.creation.destroy_test_db(original, verbosity=0, keepdb=keep)

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
            # A first name alone: a woman's is in no father's or grandfather's name, so all of
            # its files sort together, late in the order for one starting with ن.
            "first name (one word, many files)": [s["first_name"] for s in sample],
            "first + family name": [f"{s['first_name']} {s['family_name']}" for s in sample],
            "first + father (variant spelling)": [
                variant(f"{s['first_name']} {s['father_name']}", rng) for s in sample
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
                page = search_page(query=query, number=1)
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

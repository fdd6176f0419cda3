"""The benchmark commands (in the demo app, seeding with `demo.bulk`) run end to end at a small
volume on their own scratch database."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_benchmark_pages_seeds_and_measures_every_page(tmp_path):
    out = tmp_path / "bench.json"
    call_command(
        "benchmark_pages",
        files=600,
        requests=340,
        answers=1000,
        runs=1,
        rounds=2,
        json_path=str(out),
        stdout=io.StringIO(),
    )
    result = json.loads(out.read_text())
    volume = result["volume"]
    # 340 bulk requests (one in seventeen back to open) beside the demo's own.
    assert volume["requests"] >= 340
    assert volume["files"] >= 600
    assert volume["agenda_items"] == volume["decisions"]
    pages = {p["page"] for p in result["pages"]}
    assert {
        "committee home",
        "managers' reports",
        "file search, one word",
        "reception's home",
        "researcher's home",
        "manager's home",
        "applicant's home",
    } <= pages
    # Two rounds through every page: each page's figures are its quieter round's.
    for page in result["pages"]:
        assert len(page["rounds"]) == 2, page
        costs = [cpu + db for cpu, db in page["rounds"]]
        assert page["app_cpu_ms"] + page["db_ms"] == pytest.approx(min(costs)), page
        assert [page["app_cpu_ms"], page["db_ms"]] in page["rounds"], page
        assert page["share_of_bare"] > 0, page
    assert [p["document"] for p in result["pdfs"]] == ["receipt", "letter", "minutes", "reports"]
    assert len(result["reports"]) == 4
    # The scratch database is dropped, the test database is untouched.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_database WHERE datname = %s",
            [connection.settings_dict["NAME"] + "_bench"],
        )
        assert cursor.fetchone()[0] == 0


def test_benchmark_reports_and_the_name_search_run_on_small_volume():
    reports = io.StringIO()
    call_command("benchmark_reports", answers=2000, runs=1, stdout=reports)
    assert "report_build (all figures)" in reports.getvalue()
    search = io.StringIO()
    call_command("bench_beneficiary_search", count=300, repeat=3, stdout=search)
    assert "family name (one word, many files)" in search.getvalue()

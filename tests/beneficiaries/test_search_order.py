"""The name search reads its page by keys first: with many files found, walking the index of
the name order (index-only); with few, the trigram index and a sort. Either way the person sees
the same files in the same order (name, then file number), page after page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beneficiaries import selectors
from demo.bulk import files_copy
from tests.factories import FileFactory

pytestmark = pytest.mark.django_db

FIRST_NAMES = ["ناصر", "فهد", "سالم", "محمد", "تركي"]


def _harbis():
    for first_name in FIRST_NAMES:
        FileFactory(first_name=first_name, father_name="علي", family_name="الحربي")
    FileFactory(first_name="فهد", father_name="علي", family_name="العتيبي")


def _names(page):
    return [f.first_name for f in page.object_list]


@pytest.mark.parametrize("cap", [500, 3])  # few found (sorted) / more than the cap (walked)
def test_the_pages_of_a_name_search_keep_the_name_order(cap, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", cap)
    _harbis()
    first = selectors.search_page(query="الحربي", number=1, per_page=2)
    second = selectors.search_page(query="الحربي", number=2, per_page=2)
    assert _names(first) == ["تركي", "سالم"]
    assert _names(second) == {500: ["فهد", "محمد"], 3: ["فهد"]}[cap]
    assert first.paginator.count == {500: 5, 3: 3}[cap]
    assert first.paginator.count_capped is {500: False, 3: True}[cap]


def test_a_name_search_counts_once_and_reads_one_page(django_assert_num_queries):
    _harbis()
    with django_assert_num_queries(2):  # the capped count, the page
        page = selectors.search_page(query="علي", number=1)
        assert _names(page) == ["تركي", "سالم", "فهد", "فهد", "محمد", "ناصر"]


def test_a_name_found_nowhere_falls_back_to_similar_names():
    _harbis()
    page = selectors.search_page(query="ناصر علي الحرني", number=1)
    assert _names(page)[0] == "ناصر"


def _page_plan(query: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        list(selectors.search_page(query=query, number=1).object_list)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + queries[-1]["sql"])
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_page_of_a_common_name_walks_the_name_order_index_and_one_of_few_sorts_them():
    files_copy(20_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE beneficiaries_beneficiary")
    common = _page_plan("محمد")
    assert "using beneficiary_name_order_idx" in common, common
    assert "Seq Scan" not in common, common
    few = _page_plan("فهد الجهني")
    assert "beneficiary_name_trgm" in few, few
    assert "beneficiary_name_order_idx" not in few, few
    assert "Seq Scan" not in few, few


def test_postgresql_knows_how_many_files_hold_a_family_name():
    """The plans of a search (the trigram index or a table scan for the count, the name order
    walked or the matches sorted for the page) follow PostgreSQL's estimate of the files that
    contain a word. With its default sample of the names (100) a family name held by one file
    in forty was guessed at ten files or at thousands at national volume; migration 0013 gives
    it a finer sample."""
    files_copy(20_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE beneficiaries_beneficiary")
        for family_name in ["التميمي", "المغربي", "الزهراني", "الحربي", "العتيبي"]:
            pattern = f"%{family_name}%"
            cursor.execute(
                "SELECT count(*) FROM beneficiaries_beneficiary WHERE name_normalized LIKE %s",
                [pattern],
            )
            files = cursor.fetchone()[0]
            cursor.execute(
                "EXPLAIN SELECT id FROM beneficiaries_beneficiary WHERE name_normalized LIKE %s",
                [pattern],
            )
            estimate = int(re.search(r" rows=(\d+) ", cursor.fetchone()[0]).group(1))
            assert files / 2 <= estimate <= files * 2, (family_name, files, estimate)

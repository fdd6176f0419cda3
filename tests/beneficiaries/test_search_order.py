"""The name search reads its page by keys first: with many files found, walking the index of
the name order (index-only); with few, the trigram index and a sort. Either way the person sees
the same files in the same order (name, then file number), page after page."""

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


def _plans(query: str) -> list[str]:
    """The plans of a search's queries: its count, then its page."""
    with CaptureQueriesContext(connection) as queries:
        list(selectors.search_page(query=query, number=1).object_list)
    plans = []
    for query in queries:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def _page_plan(query: str) -> str:
    return _plans(query)[-1]


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


def test_a_family_name_is_counted_by_the_trigram_index_and_its_page_walks_the_name_order(
    monkeypatch,
):
    """One file in forty holds the family name: PostgreSQL, which with its default sample of
    the names guessed such a word at ten files or at thousands, knows it from the finer one
    (migration 0013): no table scan to count, no sort of every match for the page."""
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 100)
    files_copy(20_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE beneficiaries_beneficiary")
    for family_name in ["التميمي", "المغربي", "الزهراني"]:
        count, page = _plans(family_name)
        assert "beneficiary_name_trgm" in count, count
        assert "Seq Scan" not in count, count
        assert "using beneficiary_name_order_idx" in page, page
        assert "Seq Scan" not in page, page
        assert "Sort" not in page.split("Limit")[1], page

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


def test_a_name_search_reads_its_first_page_and_count_in_one_query(django_assert_num_queries):
    _harbis()
    with django_assert_num_queries(1):  # the page, with the capped count
        page = selectors.search_page(query="علي", number=1)
        assert _names(page) == ["تركي", "سالم", "فهد", "فهد", "محمد", "ناصر"]


def test_a_name_found_nowhere_falls_back_to_similar_names(django_assert_num_queries):
    _harbis()
    with django_assert_num_queries(2):  # no file contains every word; the similar ones
        page = selectors.search_page(query="ناصر علي الحرني", number=1)
        assert _names(page)[0] == "ناصر"
    assert page.paginator.count == 1
    # A later page (here past the last) counts first: the files that contain it (none), the
    # similar ones, then the page.
    with django_assert_num_queries(3):
        later = selectors.search_page(query="ناصر علي الحرني", number=2)
        assert _names(later) == ["ناصر"]
    assert later.paginator.count == 1


@pytest.mark.parametrize(
    ("query", "number", "queries", "names", "count"),
    [
        ("علي", None, 1, ["تركي", "سالم"], 6),
        ("علي", "x", 1, ["تركي", "سالم"], 6),  # not a page number: the first page
        ("علي", "1", 1, ["تركي", "سالم"], 6),
        ("علي", "2", 2, ["فهد", "فهد"], 6),  # a later page counts first
        ("علي", "9", 2, ["محمد", "ناصر"], 6),  # past the last: the last
        ("الجهني", None, 2, [], 0),  # nothing contains it, nothing similar either
        ("", None, 0, [], 0),
    ],
)
def test_a_search_page_and_its_count_in_as_few_queries_as_it_can(
    query, number, queries, names, count, django_assert_num_queries
):
    _harbis()
    with django_assert_num_queries(queries):
        page = selectors.search_page(query=query, number=number, per_page=2)
        assert _names(page) == names
    assert page.paginator.count == count


def test_an_id_number_search_reads_its_file_and_count_in_one_query(django_assert_num_queries):
    file = FileFactory(national_id="1000000008")
    with django_assert_num_queries(1):
        page = selectors.search_page(query="١٠٠٠٠٠٠٠٠٨", number=1)
        assert list(page.object_list) == [file]
    assert (page.paginator.count, page.paginator.count_capped) == (1, False)


def _page_plan(query: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        list(selectors.search_page(query=query, number=1).object_list)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + queries[-1]["sql"])
        return "\n".join(row[0] for row in cursor.fetchall())


def _run_plan(query: str) -> list[str]:
    """The plan lines of the search's first page as it ran (branches not run say so)."""
    with CaptureQueriesContext(connection) as queries:
        list(selectors.search_page(query=query, number=1).object_list)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + queries[-1]["sql"])
        return [row[0] for row in cursor.fetchall()]


def _ran(lines: list[str], index: str) -> list[bool]:
    """For each scan of `index` in the plan, whether it ran."""
    return [index in line and "never executed" not in line for line in lines if index in line]


def test_the_first_page_of_a_common_name_walks_the_name_order_and_one_of_few_sorts_them():
    files_copy(20_000)
    for _ in range(3):
        FileFactory(first_name="زمزم", family_name="الجهني")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE beneficiaries_beneficiary")
    common = _run_plan("محمد")  # a quarter of the files
    assert _ran(common, "using beneficiary_name_order_idx") == [True], common
    # The trigram index is read once, for the count (the files found up to the cap).
    assert _ran(common, "on beneficiary_name_trgm").count(True) == 1, common
    few = _run_plan("زمزم الجهني")
    assert True not in _ran(few, "using beneficiary_name_order_idx"), few
    # Once: the files found are counted and sorted from the same read.
    assert _ran(few, "on beneficiary_name_trgm").count(True) == 1, few
    assert not any("Seq Scan" in line and "never" not in line for line in few), few


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Many files, the first of them early in the name order: found by the walk.
        ("احمد", ["احمد", "احمد"]),
        # Many files, all of them late in the name order (a woman's first name): the walk stops
        # at WALKED_AT_MOST files, and they are found by the trigram index and sorted.
        ("يارا", ["يارا", "يارا"]),
    ],
)
def test_a_name_whose_files_sort_late_is_not_walked_through_the_whole_name_order(
    query, expected, monkeypatch
):
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 3)
    monkeypatch.setattr(selectors, "WALKED_AT_MOST", 40)
    for n in range(60):
        FileFactory(first_name="احمد", father_name=f"ب{n:02d}", family_name="الحربي")
    late = [
        FileFactory(first_name="يارا", father_name=father, family_name="العتيبي")
        for father in ("سعد", "خالد", "بدر", "فهد", "تركي")
    ]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE beneficiaries_beneficiary")
    page = selectors.search_page(query=query, number=1, per_page=2)
    assert _names(page) == expected
    assert page.paginator.count == 3
    assert page.paginator.count_capped
    if query == "يارا":
        # The same two files as the name order gives: بدر then تركي.
        assert [f.pk for f in page.object_list] == [late[2].pk, late[4].pk]


def test_the_walk_of_the_name_order_stops_at_its_bound(monkeypatch):
    """At volume: a name held by more files than the cap, none of them among the first files of
    the name order, walks no more than WALKED_AT_MOST of them before the trigram index finds
    them; the page is the name order's first files all the same."""
    from beneficiaries.models import Beneficiary

    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 3)
    monkeypatch.setattr(selectors, "WALKED_AT_MOST", 200)
    files_copy(20_000)
    for father in ("سعد", "خالد", "بدر", "فهد", "تركي", "ماجد"):
        FileFactory(first_name="يارا", father_name=father, family_name="العتيبي")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE beneficiaries_beneficiary")
    expected = list(
        Beneficiary.objects.filter(merged_into=None, name_normalized__contains="يارا")
        .order_by("name_normalized", "pk")
        .values_list("pk", flat=True)[:3]  # the pages offered are the first `cap` files
    )
    page = selectors.search_page(query="يارا", number=1)
    assert [f.pk for f in page.object_list] == expected
    plan = _run_plan("يارا")
    walks = [i for i, line in enumerate(plan) if "using beneficiary_name_order_idx" in line]
    at = walks[0] if walks else None
    assert at is not None, plan  # more than the cap found: the name order is walked first
    # The entries the walk read: those it returned and those its filter (if any) dropped.
    walked = int(re.search(r"actual rows=(\d+)", plan[at]).group(1))
    for line in plan[at + 1 :]:
        if "->" in line:
            break
        removed = re.search(r"Rows Removed by Filter: (\d+)", line)
        walked += int(removed.group(1)) if removed else 0
    assert walked <= 200, plan


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

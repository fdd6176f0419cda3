"""The staff queues at volume: their order, search, "assigned to me", keyset pages, capped
counts, the index their default query uses, and their pinned query counts."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from beneficiaries.arabic import normalize_arabic_name
from makin.keyset import cursor_at
from makin.roles import Role
from requests import selectors
from requests.models import Status, SupportRequest
from tests.factories import BeneficiaryFactory, ServiceFactory, signed_request, staff

pytestmark = pytest.mark.django_db


def _file(first, father, grandfather, family, **kwargs):
    return BeneficiaryFactory(
        first_name=first,
        father_name=father,
        grandfather_name=grandfather,
        family_name=family,
        name_normalized=normalize_arabic_name(f"{first} {father} {grandfather} {family}"),
        **kwargs,
    )


def _due(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def _references(html: str, requests) -> list[str]:
    """The given requests' references in the order the page shows them."""
    found = [(html.find(r.reference), r.reference) for r in requests if r.reference in html]
    return [ref for _pos, ref in sorted(found)]


def _bulk_requests(count: int, *, status: str = "closed") -> None:
    """count requests in one INSERT … SELECT (the factories would take minutes)."""
    from demo.bulk import insert_sql

    beneficiary = BeneficiaryFactory()
    service = ServiceFactory()
    sql, params = insert_sql(
        SupportRequest,
        {
            "reference": "'T-' || g",
            "beneficiary_id": str(beneficiary.pk),
            "service_id": str(service.pk),
            "status": f"'{status}'",
            "channel": "'website'",
            "created_at": "now() - g * interval '1 hour'",
            "updated_at": "now()",
            "submitted_at": "now() - g * interval '1 hour'",
            "decision_due": "(now() + ((g %% 40) - 20) * interval '1 day')::date",
        },
        f"FROM generate_series(1::bigint, {count}) AS g",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.execute("ANALYZE requests_supportrequest")


# --- Order ------------------------------------------------------------------------------------


def test_the_queue_lists_by_the_deadline_overdue_first_then_nearest(client_for):
    closed = signed_request(status=Status.CLOSED, decision_due=_due(-30))
    submitted = signed_request(status=Status.SUBMITTED)
    later = signed_request(status=Status.IN_RESEARCH, decision_due=_due(9))
    overdue = signed_request(status=Status.VERIFIED, decision_due=_due(-2))
    nearest = signed_request(status=Status.READY_FOR_COMMITTEE, decision_due=_due(1))
    page = client_for(staff(Role.RECEPTION)).get(reverse("requests:queue")).content.decode()
    rows = [closed, submitted, later, overdue, nearest]
    assert _references(page, rows) == [
        overdue.reference,
        nearest.reference,
        later.reference,
        submitted.reference,
        closed.reference,
    ]


def test_the_queue_still_offers_newest_and_oldest_first(client_for):
    first = signed_request(
        status=Status.SUBMITTED, created_at=timezone.now() - datetime.timedelta(2)
    )
    second = signed_request(status=Status.CLOSED, created_at=timezone.now() - datetime.timedelta(1))
    third = signed_request(status=Status.VERIFIED, decision_due=_due(3))
    client = client_for(staff(Role.MANAGER))
    newest = client.get(reverse("requests:queue"), {"order": "newest"}).content.decode()
    oldest = client.get(reverse("requests:queue"), {"order": "oldest"}).content.decode()
    rows = [first, second, third]
    assert _references(newest, rows) == [third.reference, second.reference, first.reference]
    assert _references(oldest, rows) == [first.reference, second.reference, third.reference]
    assert "الأحدث أولًا" in newest


# --- Search -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("خالد العتيبي", ["khalid"]),
        ("الزهرانى", ["ahmad"]),
        ("احمد", ["ahmad"]),
        ("أحمد الزهراني", ["ahmad"]),
        ("العتيبى", ["khalid"]),
    ],
)
def test_the_queue_search_is_arabic_normalised_like_the_file_search(client_for, typed, expected):
    people = {
        "khalid": signed_request(
            status=Status.SUBMITTED, beneficiary=_file("خالد", "سعد", "ناصر", "العتيبي")
        ),
        "ahmad": signed_request(
            status=Status.SUBMITTED, beneficiary=_file("أحمد", "علي", "حسن", "الزهراني")
        ),
        "other": signed_request(
            status=Status.SUBMITTED, beneficiary=_file("سلمان", "فهد", "عمر", "الجهني")
        ),
    }
    page = (
        client_for(staff(Role.RECEPTION))
        .get(reverse("requests:queue"), {"q": typed})
        .content.decode()
    )
    shown = sorted(k for k, r in people.items() if r.reference in page)
    assert shown == expected


def test_the_queue_finds_a_request_by_reference_id_number_or_mobile(client_for):
    wanted = signed_request(
        status=Status.SUBMITTED,
        beneficiary=_file("خالد", "سعد", "ناصر", "العتيبي", mobile="+966512345678"),
    )
    other = signed_request(status=Status.SUBMITTED)
    client = client_for(staff(Role.RECEPTION))
    for typed in (
        wanted.reference,
        wanted.reference.lower(),
        wanted.reference[-6:],
        wanted.beneficiary.national_id,
        "0512345678",
        "٠٥١٢٣٤٥٦٧٨",
    ):
        page = client.get(reverse("requests:queue"), {"q": typed}).content.decode()
        assert wanted.reference in page, typed
        assert other.reference not in page, typed


# --- The researcher's queue -------------------------------------------------------------------


def test_the_researchers_queue_shows_open_work_by_default_and_closed_on_request(client_for):
    researcher = staff(Role.RESEARCHER)
    open_one = signed_request(
        status=Status.IN_RESEARCH, researcher=researcher, decision_due=_due(5)
    )
    closed = signed_request(status=Status.CLOSED, researcher=researcher)
    client = client_for(researcher)
    page = client.get(reverse("requests:research_queue")).content.decode()
    assert open_one.reference in page
    assert closed.reference not in page
    assert "الطلبات المفتوحة" in page
    closed_page = client.get(reverse("requests:research_queue"), {"status": "closed"})
    assert closed.reference in closed_page.content.decode()
    assert open_one.reference not in closed_page.content.decode()


def test_assigned_to_me_narrows_the_queue_to_the_researchers_own_requests(client_for):
    researcher = staff(Role.RESEARCHER)
    mine = signed_request(status=Status.IN_RESEARCH, researcher=researcher, decision_due=_due(4))
    unassigned = signed_request(status=Status.VERIFIED, decision_due=_due(6))
    someone_elses = signed_request(
        status=Status.IN_RESEARCH, researcher=staff(Role.RESEARCHER), decision_due=_due(2)
    )
    client = client_for(researcher)
    everything = client.get(reverse("requests:queue")).content.decode()
    assert "مسندة إليّ" in everything
    for r in (mine, unassigned, someone_elses):
        assert r.reference in everything
    only_mine = client.get(reverse("requests:queue"), {"mine": "on"}).content.decode()
    assert mine.reference in only_mine
    assert unassigned.reference not in only_mine
    assert someone_elses.reference not in only_mine
    research = client.get(reverse("requests:research_queue"), {"mine": "on"}).content.decode()
    assert mine.reference in research
    assert unassigned.reference not in research


def test_assigned_to_me_is_offered_to_researchers_only(client_for):
    page = client_for(staff(Role.RECEPTION)).get(reverse("requests:queue")).content.decode()
    assert "مسندة إليّ" not in page


# --- Keyset pages, capped counts --------------------------------------------------------------


@pytest.mark.parametrize("order", ["due", "newest", "oldest"])
def test_keyset_pages_return_every_row_exactly_once_while_rows_are_added(order):
    user = staff(Role.RECEPTION)
    statuses = [Status.SUBMITTED, Status.VERIFIED, Status.IN_RESEARCH, Status.CLOSED]
    for i in range(60):
        signed_request(status=statuses[i % 4], decision_due=_due(i % 9 - 4))
    original = set(SupportRequest.objects.exclude(status=Status.DRAFT).values_list("pk", flat=True))
    seen: list[int] = []
    cursor = None
    for turn in range(10):
        page = selectors.queue_page(selectors.staff_queue(user=user), order=order, cursor=cursor)
        seen.extend(r.pk for r in page)
        # New work arrives between two pages: one due before the page, one after it.
        signed_request(status=Status.VERIFIED, decision_due=_due(-10 - turn))
        signed_request(status=Status.CLOSED)
        if not page.has_next():
            break
        cursor = page.next_cursor
    seen_original = [pk for pk in seen if pk in original]
    assert len(seen) == len(set(seen))
    assert sorted(seen_original) == sorted(original)


def test_keyset_previous_page_returns_the_page_before():
    user = staff(Role.RECEPTION)
    for i in range(30):
        signed_request(status=Status.IN_RESEARCH, decision_due=_due(i))
    queue = selectors.staff_queue(user=user)
    first = selectors.queue_page(queue, size=10)
    second = selectors.queue_page(queue, size=10, cursor=first.next_cursor)
    back = selectors.queue_page(queue, size=10, cursor=second.previous_cursor)
    assert [r.pk for r in back] == [r.pk for r in first]
    assert back.has_next() is True
    assert back.has_previous() is False
    assert first.has_previous() is False
    assert second.has_previous() is True


@pytest.mark.parametrize(
    ("cap", "count", "capped"),
    [(1_000, 30, False), (30, 30, False), (29, 29, True)],
)
def test_a_queue_page_reads_its_capped_count_with_its_rows(
    cap, count, capped, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(selectors, "QUEUE_COUNT_CAP", cap)
    for i in range(30):
        signed_request(status=Status.IN_RESEARCH, decision_due=_due(i))
    queue = selectors.staff_queue(user=staff(Role.RECEPTION))
    with django_assert_num_queries(1):
        first = selectors.queue_page(queue, size=10)
    second = selectors.queue_page(queue, size=10, cursor=first.next_cursor)
    back = selectors.queue_page(queue, size=10, cursor=second.previous_cursor)
    for page in (first, second, back):
        assert (page.count, page.count_capped) == (count, capped)


def test_a_cursor_past_the_last_row_still_counts_the_queue(django_assert_num_queries):
    """An empty page has no row to carry the count: it is counted apart."""
    signed_request(status=Status.IN_RESEARCH, decision_due=_due(1))
    queue = selectors.staff_queue(user=staff(Role.RECEPTION))
    with django_assert_num_queries(2):
        page = selectors.queue_page(queue, cursor="n~9999-12-31~-1")
    assert (list(page), page.count, page.count_capped) == ([], 1, False)


def test_an_empty_queue_counts_nothing_in_one_query(django_assert_num_queries):
    queue = selectors.staff_queue(user=staff(Role.RECEPTION))
    with django_assert_num_queries(1):
        page = selectors.queue_page(queue)
    assert (list(page), page.count, page.count_capped) == ([], 0, False)


def test_a_cursor_that_is_not_one_of_ours_opens_the_first_page(client_for):
    request = signed_request(status=Status.SUBMITTED)
    response = client_for(staff(Role.RECEPTION)).get(
        reverse("requests:queue"), {"cursor": "n~not-a-cursor~x"}
    )
    assert response.status_code == 200
    assert request.reference in response.content.decode()


def test_the_count_stops_at_a_thousand(client_for):
    _bulk_requests(1_001)
    page = client_for(staff(Role.RECEPTION)).get(reverse("requests:queue")).content.decode()
    assert "أكثر من 1,000 طلب" in page


def test_a_queue_of_exactly_a_thousand_is_counted_exactly(client_for):
    _bulk_requests(1_000)
    page = client_for(staff(Role.RECEPTION)).get(reverse("requests:queue")).content.decode()
    assert "1000 طلب" in page
    assert "أكثر من" not in page


def test_the_queue_reads_only_the_columns_it_shows():
    signed_request(status=Status.SUBMITTED)
    sql = _page_queryset(selectors.staff_queue(user=staff(Role.RECEPTION)))
    assert '"signature"' not in sql
    assert '"details"' not in sql
    assert '"missing_items"' not in sql
    assert '"reference"' in sql


# --- The index behind the default order -------------------------------------------------------


def _page_queryset(queryset, order="due", cursor=None):
    """The query queue_page runs for a page, captured."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        selectors.queue_page(queryset, order=order, cursor=cursor)
    return captured.captured_queries[-1]["sql"]


def _explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def _count_apart(plan: str) -> tuple[str, str]:
    """The page's plan without its count (the InitPlan, run once), and that count's plan."""
    page, count, indent = [], [], None
    for line in plan.splitlines():
        depth = len(line) - len(line.lstrip())
        if line.strip().startswith("InitPlan"):
            indent = depth
        elif indent is not None and depth <= indent:
            indent = None
        (count if indent is not None else page).append(line)
    return "\n".join(page), "\n".join(count)


@pytest.mark.parametrize("deep", [False, True])
def test_the_default_queue_query_uses_an_index_not_a_scan_of_the_requests(deep):
    _bulk_requests(20_000)
    user = staff(Role.RECEPTION)
    queue = selectors.staff_queue(user=user)
    cursor = (
        cursor_at(queue, keys=list(selectors.QUEUE_ORDERS["due"].keys), offset=15_000)
        if deep
        else None
    )
    plan, count = _count_apart(_explain(_page_queryset(queue, cursor=cursor)))
    assert "Seq Scan on requests_supportrequest" not in plan, plan
    assert "request_queue_due_idx" in plan, plan
    # The count in the same query reads no more than the cap and one.
    assert "->  Limit  (cost=" in count.splitlines()[2], count
    assert " rows=1001 " in count.splitlines()[2], count


def test_the_researchers_queue_is_read_through_indexes():
    _bulk_requests(20_000)
    with connection.cursor() as cursor:
        # One in ten open, as at national volume (a bulk change: no history needed here).
        cursor.execute(
            "UPDATE requests_supportrequest SET status = 'in_research' WHERE reference LIKE 'T-%%7'"
        )
        cursor.execute("ANALYZE requests_supportrequest")
    queue = selectors.research_queue(user=staff(Role.RESEARCHER))
    plan = _explain(_page_queryset(queue))
    # The researcher's own rows (researcher_id) or the open ones (the partial index): either
    # way, never the whole table.
    assert "Seq Scan on requests_supportrequest" not in plan, plan


def _generic_plan(user, *, research: bool, cursor=None) -> str:
    """The plan of a queue as staff open it (no filter chosen): prepared on the connection by
    its third run and run by name with one plan for every value (`makin.keyset.Shaped`)."""
    import re

    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from requests.filters import RequestFilter

    request = RequestFactory().get("/")
    request.user = user
    with CaptureQueriesContext(connection) as captured:
        for _run in range(3):
            filterset = RequestFilter(request.GET, request=request)
            queue = selectors.filtered_queue(user=user, filterset=filterset, research=research)
            selectors.queue_page(queue, cursor=cursor)
    sql = captured.captured_queries[-1]["sql"]
    assert sql.startswith("SET LOCAL plan_cache_mode = force_generic_plan;"), sql
    execute = re.search(r"^EXECUTE makin_read_\w+(\(.*\))?", sql, re.M).group(0)
    with connection.cursor() as db:
        db.execute("SET plan_cache_mode = force_generic_plan")
        try:
            return _explain(execute)
        finally:
            db.execute("RESET plan_cache_mode")


@pytest.mark.parametrize("research", [False, True])
def test_the_queues_plan_made_once_walks_their_index_first_page_and_deep(research):
    """The one plan PostgreSQL keeps for a queue as staff open it, whatever the cursor or the
    person: the page walks the default order's index, never a scan of the requests, on the
    first page and deep in the list."""
    _bulk_requests(20_000)
    user = staff(Role.RESEARCHER if research else Role.RECEPTION)
    with connection.cursor() as cursor:
        # One in ten open, as at national volume, half of them the researcher's.
        cursor.execute(
            "UPDATE requests_supportrequest SET status = 'in_research', researcher_id = %s"
            " WHERE reference LIKE 'T-%%7' OR reference LIKE 'T-%%3'",
            [user.pk],
        )
        cursor.execute("ANALYZE requests_supportrequest")
    queue = selectors.research_queue(user=user) if research else selectors.staff_queue(user=user)
    keys = list(selectors.QUEUE_ORDERS["due"].keys)
    deep = cursor_at(queue, keys=keys, offset=int(queue.count() * 0.9))
    assert deep
    for cursor in (None, deep):
        plan, _count = _count_apart(_generic_plan(user, research=research, cursor=cursor))
        assert "Seq Scan on requests_supportrequest" not in plan, plan
        assert "queue_due_idx on requests_supportrequest" in plan, plan


# VACUUM (as autovacuum does on a live table) runs outside a transaction.
@pytest.mark.django_db(transaction=True)
def test_the_researchers_queue_is_counted_from_its_index_alone():
    _bulk_requests(20_000)
    researcher = staff(Role.RESEARCHER)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE requests_supportrequest SET status = 'in_research', researcher_id = %s"
            " WHERE reference LIKE 'T-%%7'",
            [researcher.pk],
        )
        cursor.execute("VACUUM ANALYZE requests_supportrequest")
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        selectors.queue_page(selectors.research_queue(user=researcher))
    count_sql = next(q["sql"] for q in captured.captured_queries if "COUNT(*)" in q["sql"])
    plan = _explain(count_sql)
    assert "Index Only Scan using request_research_open_idx" in plan, plan


# --- Query counts, pinned ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "role", "queries"),
    [
        # the session with the user and their roles' names; the page with its capped count and,
        # in the same round trip, the services of the filter form (capabilities are read from
        # the rules, with no query)
        ("requests:queue", Role.RECEPTION, 2),
        ("requests:research_queue", Role.RESEARCHER, 2),
    ],
)
@pytest.mark.parametrize("rows", [3, 30])
def test_the_queues_run_a_pinned_number_of_queries(
    client_for, django_assert_num_queries, name, role, queries, rows
):
    user = staff(role)
    for i in range(rows):
        signed_request(
            status=Status.IN_RESEARCH,
            researcher=user if role == Role.RESEARCHER else None,
            decision_due=_due(i % 10 - 3),
        )
    client = client_for(user)
    client.get(reverse(name))
    with django_assert_num_queries(queries):
        response = client.get(reverse(name))
    assert response.status_code == 200


def test_the_export_link_says_the_file_is_being_made(client_for):
    """Long work shows it: the CSV link announces, in the page's status region, that the file
    is being prepared (static/js/long-work.js)."""
    html = client_for(staff(Role.RECEPTION)).get(reverse("requests:queue")).content.decode()
    assert 'data-long-work="جارٍ إعداد الملف… قد يستغرق ذلك بضع ثوانٍ."' in html
    assert 'id="long-work-status" role="status" aria-live="polite" hidden' in html
    assert "/static/js/long-work.js" in html

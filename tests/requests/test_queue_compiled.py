"""A queue page's SQL is compiled once per process and shape (`makin.keyset.Shaped`,
`requests.selectors.filtered_queue`): the statement it sends is, value for value, the one the
ORM makes from the filter set, and its pages hold the same rows."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import Q
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from makin import case
from makin.keyset import Shaped, keyset_rows
from makin.roles import Role
from requests import selectors
from requests.filters import RequestFilter
from requests.models import Status, SupportRequest
from tests.factories import ServiceFactory, signed_request, staff

pytestmark = pytest.mark.django_db


def _due(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def queue_data():
    researcher = staff(Role.RESEARCHER)
    service = ServiceFactory(code="compiled")
    other = ServiceFactory(code="other")
    statuses = [Status.SUBMITTED, Status.VERIFIED, Status.IN_RESEARCH, Status.CLOSED]
    for i in range(40):
        signed_request(
            status=statuses[i % 4],
            decision_due=_due(i % 9 - 4),
            channel="phone" if i % 3 else "letter",
            service=service if i % 2 else other,
            researcher=researcher if i % 5 == 0 else None,
        )
    return researcher, service


def _filterset(user, data):
    request = RequestFactory().get("/", data)
    request.user = user
    return RequestFilter(request.GET, request=request)


def _unprepared():
    """The connection as a new one: no statement prepared on it."""
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    case._RUN.pop(connection.connection, None)


def _sent(queue, **kwargs):
    """The page and the SQL sent for it, as on a connection that has not run it yet (an
    unfiltered queue is prepared on its second run there: see the tests below)."""
    _unprepared()
    with CaptureQueriesContext(connection) as captured:
        page = selectors.queue_page(queue, **kwargs)
    return page, [q["sql"] for q in captured.captured_queries]


# filters typed × the reception's or the researcher's queue (open only or not)
CASES = [
    ({}, False, True),
    ({"status": "verified"}, False, True),
    ({"channel": "phone", "service": "SERVICE"}, False, True),
    ({"submitted_from": "2020-01-01", "submitted_to": "2100-01-01"}, False, True),
    ({}, True, True),
    ({"mine": "on"}, True, True),
    ({"status": "closed", "mine": "on"}, True, False),
    ({"status": "nope", "channel": "phone"}, False, True),
]


@pytest.mark.parametrize(("data", "research", "open_only"), CASES)
@pytest.mark.parametrize("order", ["due", "newest", "oldest"])
def test_a_compiled_queue_page_sends_the_orms_statement(
    queue_data, data, research, open_only, order
):
    researcher, service = queue_data
    user = researcher if research else staff(Role.RECEPTION)
    data = {k: (str(service.pk) if v == "SERVICE" else v) for k, v in data.items()}
    filterset = _filterset(user, data)
    shaped = selectors.filtered_queue(
        user=user, filterset=filterset, research=research, open_only=open_only
    )
    assert isinstance(shaped, Shaped)
    orm = selectors.staff_queue(user=user)
    if research:
        orm = selectors.research_queue(user=user, open_only=open_only)
    orm = filterset.filter_queryset(orm)
    cursor = None
    for _turn in range(3):
        page, sql = _sent(shaped, order=order, cursor=cursor, size=4)
        expected, expected_sql = _sent(orm, order=order, cursor=cursor, size=4)
        assert sql == expected_sql
        assert list(page) == list(expected)
        assert (page.count, page.next_cursor, page.previous_cursor) == (
            expected.count,
            expected.next_cursor,
            expected.previous_cursor,
        )
        if not page.has_next():
            break
        cursor = page.next_cursor
    if cursor:
        back, sql = _sent(shaped, order=order, cursor=page.previous_cursor, size=4)
        expected, expected_sql = _sent(orm, order=order, cursor=page.previous_cursor, size=4)
        assert sql == expected_sql
        assert list(back) == list(expected)


def test_a_search_or_a_due_state_is_read_through_the_orm(queue_data):
    user = staff(Role.RECEPTION)
    for data in ({"q": "MK"}, {"due": "overdue"}):
        queue = selectors.filtered_queue(user=user, filterset=_filterset(user, data))
        assert not isinstance(queue, Shaped)


@pytest.mark.parametrize("order", ["due", "newest", "oldest"])
def test_compiled_pages_return_every_row_exactly_once_while_rows_are_added(order):
    user = staff(Role.RECEPTION)
    statuses = [Status.SUBMITTED, Status.VERIFIED, Status.IN_RESEARCH, Status.CLOSED]
    for i in range(60):
        signed_request(status=statuses[i % 4], decision_due=_due(i % 9 - 4))
    original = set(SupportRequest.objects.exclude(status=Status.DRAFT).values_list("pk", flat=True))
    seen: list[int] = []
    cursor = None
    for turn in range(10):
        queue = selectors.filtered_queue(user=user, filterset=_filterset(user, {}))
        page = selectors.queue_page(queue, order=order, cursor=cursor)
        seen.extend(r.pk for r in page)
        signed_request(status=Status.VERIFIED, decision_due=_due(-10 - turn))
        signed_request(status=Status.CLOSED)
        if not page.has_next():
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen))
    assert sorted(pk for pk in seen if pk in original) == sorted(original)


def test_a_cursor_no_stand_in_can_take_is_read_through_the_orm(queue_data):
    """A time without a zone (typed by hand into the address) is made aware by the ORM, as it
    always was: such a page is not compiled."""
    user = staff(Role.RECEPTION)
    queue = selectors.filtered_queue(user=user, filterset=_filterset(user, {}))
    cursor = "n~2100-01-01T00:00:00~999999"
    page = selectors.queue_page(queue, order="newest", cursor=cursor, size=5)
    expected = selectors.queue_page(
        selectors.staff_queue(user=user), order="newest", cursor=cursor, size=5
    )
    assert len(page) == 5
    assert list(page) == list(expected)


def test_a_value_worked_out_from_another_is_refused():
    """A value the query does not hold as given would be frozen into every run."""
    signed_request(status=Status.SUBMITTED, reference="MK-1447-000777")
    shaped = Shaped(
        shape=("test.contains",),
        build=lambda given: SupportRequest.objects.filter(Q(reference__contains=given["part"])),
        values={"part": "777"},
    )
    with pytest.raises(ValueError, match="not a parameter"):
        keyset_rows(shaped, keys=list(selectors.QUEUE_ORDERS["newest"].keys), columns=("pk",))


def test_the_same_shape_is_compiled_once(queue_data, monkeypatch):
    from makin import keyset

    monkeypatch.setattr(keyset, "_COMPILED", {})
    user = staff(Role.RECEPTION)
    for status in ("verified", "submitted", "closed"):
        queue = selectors.filtered_queue(user=user, filterset=_filterset(user, {"status": status}))
        page = selectors.queue_page(queue)
        assert {r.status for r in page} == {status}
    assert len(keyset._COMPILED) == 1


def test_the_compiled_statements_are_kept_within_a_bound(queue_data, monkeypatch):
    from makin import keyset

    monkeypatch.setattr(keyset, "_COMPILED", {})
    monkeypatch.setattr(keyset, "_COMPILED_MAX", 2)
    user = staff(Role.RECEPTION)
    queue = selectors.filtered_queue(user=user, filterset=_filterset(user, {}))
    for order in ("due", "newest", "oldest"):
        assert len(selectors.queue_page(queue, order=order, size=5)) == 5
    assert len(keyset._COMPILED) == 1


def test_statements_are_read_along_with_the_page_in_its_round_trip(
    queue_data, django_assert_num_queries
):
    """`along`: what else the page shows (the service filter's list) comes in the page's own
    round trip, each statement's rows in order, a compiled `Statement` with its own values;
    a page read through the ORM reads none."""
    user = staff(Role.RECEPTION)
    queue = selectors.filtered_queue(user=user, filterset=_filterset(user, {"status": "verified"}))
    times = case.Statement.make("default", "SELECT %s::int * %s::int", [3, 0], [1])
    with django_assert_num_queries(1):
        page = selectors.queue_page(
            queue,
            along=[("SELECT 1, 'خدمة'", []), ("SELECT %s::int + 1", [6]), (times, (5,))],
        )
    assert {r.status for r in page} == {"verified"}
    assert page.along == [[(1, "خدمة")], [(7,)], [(15,)]]
    assert selectors.queue_page(queue).along is None
    by_orm = selectors.queue_page(SupportRequest.objects.all(), along=[("SELECT 1", [])])
    assert by_orm.along is None


def _pages(queue, order):
    """Every page of `queue` in `order`, forward then back, as rows, with the statements sent."""
    pages, cursor = [], None
    with CaptureQueriesContext(connection) as captured:
        while True:
            page = selectors.queue_page(queue, order=order, cursor=cursor, size=4)
            pages.append(list(page))
            if not page.has_next():
                break
            cursor = page.next_cursor
        while page.has_previous():
            page = selectors.queue_page(queue, order=order, cursor=page.previous_cursor, size=4)
            pages.append(list(page))
    return pages, [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize(("data", "research"), [({}, False), ({}, True), ({"mine": "on"}, True)])
@pytest.mark.parametrize("order", ["due", "newest", "oldest"])
def test_an_unfiltered_queue_is_prepared_and_reads_what_the_orm_reads(
    queue_data, data, research, order
):
    """The queues as staff open them (no filter chosen, but for the person) are prepared on a
    connection's second run and run by name after, each run with its own values (the cursor,
    the person): page for page the rows the ORM reads."""
    researcher, _service = queue_data
    for i in range(12):
        signed_request(status=Status.VERIFIED, decision_due=_due(i - 6), researcher=researcher)
    user = researcher if research else staff(Role.RECEPTION)
    _unprepared()
    orm = selectors.staff_queue(user=user)
    if research:
        orm = selectors.research_queue(user=user)
    filterset = _filterset(user, data)
    assert filterset.is_valid()
    expected, _sql = _pages(filterset.filter_queryset(orm), order)
    assert sum(map(len, expected)) > 8
    sent = []
    for _run in range(3):
        queue = selectors.filtered_queue(
            user=user, filterset=_filterset(user, data), research=research
        )
        pages, sql = _pages(queue, order)
        assert pages == expected
        sent += sql
    # Run by name with a plan made once (the cursor's and the person's values do not change
    # which plan is best).
    assert any(re.search(r"^PREPARE makin_read_", s, re.M) for s in sent)
    assert re.search(r"^EXECUTE makin_read_", sent[-1], re.M), sent[-1]
    assert sent[-1].startswith("SET LOCAL plan_cache_mode = force_generic_plan;"), sent[-1]


def test_a_queue_narrowed_by_a_filter_is_never_prepared(queue_data):
    """A status most requests have, or one almost none has, would want different plans: a
    filtered queue is planned for its values on every run."""
    user = staff(Role.RECEPTION)
    _unprepared()
    for status in ("verified", "closed", "verified", "closed"):
        queue = selectors.filtered_queue(user=user, filterset=_filterset(user, {"status": status}))
        with CaptureQueriesContext(connection) as captured:
            page = selectors.queue_page(queue)
        assert {r.status for r in page} == {status}
        (sql,) = [q["sql"] for q in captured.captured_queries]
        assert sql.startswith("SELECT ")


def test_a_prepared_queue_reads_its_along_statements_in_the_round_trip(
    queue_data, django_assert_num_queries
):
    user = staff(Role.RECEPTION)
    _unprepared()
    along = [("SELECT 1, 'خدمة'", []), ("SELECT %s::int + 1", [6])]
    for _run in range(3):
        queue = selectors.filtered_queue(user=user, filterset=_filterset(user, {}))
        with django_assert_num_queries(1) as captured:
            page = selectors.queue_page(queue, along=along)
        assert len(page) == 25 or not page.has_next()
        assert page.along == [[(1, "خدمة")], [(7,)]]
    assert re.search(r"^EXECUTE makin_read_", captured.captured_queries[0]["sql"], re.M)

"""Statements sent together in one round trip (`makin.case.fetch_together`), as the managers'
reports send theirs: each prepared on the connection the second time it runs there, then run
by name with a plan made once, and the same rows every time."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from makin.case import fetch_together

pytestmark = pytest.mark.django_db

STATEMENTS = [
    ("SELECT %s::int + %s::int, %s::text", [2, 3, "واحد"]),
    (
        "SELECT d FROM unnest(%s::date[]) d WHERE d >= %s ORDER BY d",
        [
            [datetime.date(2026, 1, 1), datetime.date(2026, 3, 1), datetime.date(2026, 2, 1)],
            datetime.date(2026, 2, 1),
        ],
    ),
    ("SELECT 7", []),
]


def _plan_mode():
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


def test_statements_are_prepared_on_their_second_run_and_read_the_same():
    expected = [
        [(5, "واحد")],
        [(datetime.date(2026, 2, 1),), (datetime.date(2026, 3, 1),)],
        [(7,)],
    ]
    sent = []
    for _run in range(4):
        with CaptureQueriesContext(connection) as queries:
            assert fetch_together(STATEMENTS) == expected
        (query,) = queries  # one round trip
        sent.append(query["sql"])
    assert sent[0].startswith("SELECT 2::int + 3::int, 'واحد'::text;\nSELECT d FROM unnest(")
    assert sent[0].endswith(";\nSELECT 7")
    assert sent[1].count("PREPARE makin_read_") == 3
    assert sent[2] == sent[3]
    assert sent[2].startswith("SET LOCAL plan_cache_mode = force_generic_plan;\nEXECUTE")
    assert "PREPARE" not in sent[2]
    assert sent[2].count("EXECUTE makin_read_") == 3
    # Other values, the same prepared statements.
    assert fetch_together([("SELECT %s::int + %s::int, %s::text", [1, 1, "x"])]) == [[(2, "x")]]


def test_the_plan_mode_is_set_back_within_a_transaction():
    """Within an atomic block the forced generic plan would last to its end: it is set back
    at the end of the statements."""
    with transaction.atomic():
        for _run in range(3):
            fetch_together(STATEMENTS)
        assert _plan_mode() == "auto"


def test_a_failed_run_leaves_the_statements_unprepared_on_that_connection():
    """A prepared statement outlives the transaction whose run failed: after a failed run the
    statements run as they are on that connection, and read again."""
    statements = [("SELECT 10 / %s", [2]), ("SELECT 1 + %s::int", [1])]
    assert fetch_together(statements) == [[(5,)], [(2,)]]  # seen
    with pytest.raises(DatabaseError), transaction.atomic():
        fetch_together([("SELECT 10 / %s", [0]), ("SELECT 1 + %s::int", [1])])
    with CaptureQueriesContext(connection) as queries:
        assert fetch_together(statements) == [[(5,)], [(2,)]]
        assert fetch_together(statements) == [[(5,)], [(2,)]]
    assert [q["sql"] for q in queries] == ["SELECT 10 / 2;\nSELECT 1 + 1::int"] * 2

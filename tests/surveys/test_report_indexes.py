"""The reports' latest comments look recent responses up in the index of written comments,
not among every answer of each response."""

import pytest
from django.db import connection

from surveys.reports import _comments_query, default_filter
from tests.requests.test_queues import _explain

from .test_reports import data  # noqa: F401  the fixture of three answered surveys

pytestmark = pytest.mark.django_db


def test_the_latest_comments_use_the_index_of_written_comments(data):  # noqa: F811
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE surveys_answer")
        cursor.execute("ANALYZE surveys_response")
        # A handful of rows: the planner would scan them all; without that choice, it picks
        # the index it would pick at volume (the smaller of those that find a response's
        # answers).
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = _comments_query(default_filter())
        plan = _explain(cursor.mogrify(sql, params))
    assert "answer_comment_idx" in plan, plan
    assert "surveys_answer_response_id" not in plan, plan

"""The reports' latest comments look recent responses up in the index of written comments,
not among every answer of each response."""

import pytest
from django.db import connection

from surveys.models import Answer, Question, QuestionKind, Response
from surveys.reports import _comments_query, default_filter
from tests.requests.test_queues import _explain

from .test_reports import data  # noqa: F401  the fixture of three answered surveys

pytestmark = pytest.mark.django_db


def test_the_latest_comments_use_the_index_of_written_comments(data):  # noqa: F811
    # Answers without a comment outnumber the comments by far, as they do at volume.
    responses = list(Response.objects.all())
    extra = Question.objects.bulk_create(
        Question(
            version=responses[0].version,
            code=f"extra-{n}",
            position=100 + n,
            kind=QuestionKind.RATING,
            text_ar="سؤال",
        )
        for n in range(300)
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=question, rating=3)
        for response in responses
        for question in extra
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE surveys_answer")
        cursor.execute("ANALYZE surveys_response")
        # Hundreds of rows, not a million: without these the planner would read them all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        sql, params = _comments_query(default_filter())
        plan = _explain(cursor.mogrify(sql, params))
    assert "answer_comment_idx" in plan, plan
    assert "surveys_answer_response_id" not in plan, plan

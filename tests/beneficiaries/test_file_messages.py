"""The file page's latest messages: the texts sent to the file's mobile or to its owner, newest
first, ten at most, read by the mobile's index and the owner's notifications rather than by
walking every delivery backwards until ten match."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beneficiaries.selectors import FILE_MESSAGES
from makin.case import read_rows
from makin.models import Delivery, Notification
from tests.factories import ApplicantFactory, FileFactory

pytestmark = pytest.mark.django_db

MOBILE = "+966501234567"


def _sent(*, address: str, user=None, medium: str = "sms", text: str = "") -> Delivery:
    note = Notification.objects.create(
        user=user, event="bench", key=f"k{Notification.objects.count()}", subject="s", body="b"
    )
    return Delivery.objects.create(notification=note, medium=medium, address=address, text=text)


def _others(count: int) -> None:
    """`count` texts to other numbers, none to the file's."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO makin_notification (event, key, language, subject, body, created_at) "
            "SELECT 'other', 'other:' || g, 'ar', 's', 'b', now() "
            "FROM generate_series(1, %s) AS g",
            [count],
        )
        cursor.execute(
            "INSERT INTO makin_delivery (medium, address, text, state, attempts, "
            "next_attempt_at, last_error, notification_id, attachment, provider_message_id, "
            "template) SELECT 'sms', '+9665' || lpad((id % 5000)::text, 8, '0'), 'x', 'sent', "
            "1, now(), '', id, '', '', '' FROM makin_notification WHERE event = 'other'"
        )
        cursor.execute("ANALYZE makin_delivery")
        cursor.execute("ANALYZE makin_notification")


def test_the_latest_ten_texts_to_the_mobile_or_the_owner_newest_first():
    owner = ApplicantFactory()
    file = FileFactory(owner=owner, mobile=MOBILE)
    by_mobile = [_sent(address=MOBILE, text=f"m{n}") for n in range(7)]
    _sent(address="someone@example.com", user=owner, medium="email", text="mail")
    by_owner = [_sent(address="+966509999999", user=owner, text=f"o{n}") for n in range(6)]
    _sent(address="+966508888888", text="another person's")
    read = read_rows(file, {"messages": FILE_MESSAGES})["messages"]
    assert [d.text for d in read] == ["o5", "o4", "o3", "o2", "o1", "o0", "m6", "m5", "m4", "m3"]
    assert [d.pk for d in read] == sorted((d.pk for d in by_mobile + by_owner), reverse=True)[:10]


def test_a_file_without_an_owner_sees_the_texts_to_its_mobile():
    file = FileFactory(owner=None, mobile=MOBILE)
    _sent(address=MOBILE, text="to the mobile")
    _sent(address="+966508888888", text="another person's")
    read = read_rows(file, {"messages": FILE_MESSAGES})["messages"]
    assert [d.text for d in read] == ["to the mobile"]


def test_the_texts_are_read_by_the_mobiles_index_not_by_every_delivery():
    _others(20_000)
    owner = ApplicantFactory()
    file = FileFactory(owner=owner, mobile=MOBILE)
    _sent(address=MOBILE, text="to the mobile")
    with CaptureQueriesContext(connection) as queries:
        read_rows(file, {"messages": FILE_MESSAGES})
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + query["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "delivery_address_idx" in plan, plan
    assert "Seq Scan on makin_delivery" not in plan, plan
    assert "Index Scan Backward using makin_delivery_pkey" not in plan, plan

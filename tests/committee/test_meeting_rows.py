"""The meetings list's rows, made in Python (`committee_tags.meeting_rows`): number and link,
date and time in the person's calendar, place or how it is held, requests, members present
and status, in Arabic and English."""

import datetime

from django.utils import timezone

from committee import services
from committee.models import MeetingMode
from tests.html import table_rows

from .conftest import on_agenda


def _meetings(board):
    at = timezone.make_aware(datetime.datetime(2026, 12, 20, 19, 30))
    held = services.meeting_create(
        number=7,
        starts_at=at,
        mode=MeetingMode.IN_PERSON,
        place="مقر الجمعية <ينبع>",
        actor=board.chair,
    )
    on_agenda(held, board.chair)
    on_agenda(held, board.chair)
    services.meeting_open(meeting=held, attendees=[board.chair, board.m1], actor=board.chair)
    services.meeting_create(
        number=12,
        starts_at=at + datetime.timedelta(days=7),
        mode=MeetingMode.ONLINE,
        online_link="https://meet.example.com/x",
        actor=board.chair,
    )


def test_the_meetings_list_rows_in_arabic_and_english(board, client_for):
    """The latest first; a place typed by staff escaped and isolated, an online meeting by its
    mode."""
    _meetings(board)
    client = client_for(board.m1)
    assert table_rows(client.get("/committee/meetings/").content.decode()) == [
        '<tr><td class="card-first" data-label="الرقم"><a href="/committee/meetings/12/">'
        '<span dir="ltr">12</span></a></td><td class="card-first" data-label="التاريخ والوقت">'
        "27 ديسمبر 2026 م — 18 رجب 1448 هـ، الساعة 19:30</td>"
        '<td data-label="المكان">عن بُعد</td>'
        '<td data-label="الطلبات"><span dir="ltr">0</span></td>'
        '<td data-label="الحاضرون"><span dir="ltr">0</span></td>'
        '<td class="card-first" data-label="الحالة">'
        '<span class="badge text-bg-secondary">مجدول</span></td></tr>',
        '<tr><td class="card-first" data-label="الرقم"><a href="/committee/meetings/7/">'
        '<span dir="ltr">7</span></a></td><td class="card-first" data-label="التاريخ والوقت">'
        "20 ديسمبر 2026 م — 11 رجب 1448 هـ، الساعة 19:30</td>"
        '<td data-label="المكان"><bdi>مقر الجمعية &lt;ينبع&gt;</bdi></td>'
        '<td data-label="الطلبات"><span dir="ltr">2</span></td>'
        '<td data-label="الحاضرون"><span dir="ltr">2</span></td>'
        '<td class="card-first" data-label="الحالة">'
        '<span class="badge text-bg-success">منعقد</span></td></tr>',
    ]
    english = table_rows(client.get("/en/committee/meetings/").content.decode())
    assert english[0] == (
        '<tr><td class="card-first" data-label="No."><a href="/en/committee/meetings/12/">'
        '<span dir="ltr">12</span></a></td><td class="card-first" data-label="Date and time">'
        "27 December 2026 CE — 18 Rajab 1448 AH, 19:30</td>"
        '<td data-label="Place">Online</td>'
        '<td data-label="Requests"><span dir="ltr">0</span></td>'
        '<td data-label="Present"><span dir="ltr">0</span></td>'
        '<td class="card-first" data-label="Status">'
        '<span class="badge text-bg-secondary">Scheduled</span></td></tr>'
    )


def test_no_meeting_yet(board, client_for):
    """An empty list says so in a row of its own."""
    html = client_for(board.m1).get("/committee/meetings/").content.decode()
    assert table_rows(html) == [
        '<tr><td colspan="6" class="text-muted">لا توجد اجتماعات بعد.</td></tr>'
    ]

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from committee import services
from committee.models import MeetingMode
from tests.factories import committee_member, committee_request


@pytest.fixture
def board(db):
    """The committee: a chair and two members (three serving members, quorum two)."""
    return SimpleNamespace(
        chair=committee_member(chair=True, first_name="عبدالله", last_name="الرفاعي"),
        m1=committee_member(first_name="خالد", last_name="العوفي"),
        m2=committee_member(first_name="فهد", last_name="الصاعدي"),
    )


def schedule(chair, number=None, days=1):
    return services.meeting_create(
        number=number or services.next_meeting_number(),
        starts_at=timezone.now() + datetime.timedelta(days=days),
        mode=MeetingMode.IN_PERSON,
        place="مقر الجمعية في ينبع",
        actor=chair,
    )


@pytest.fixture
def meeting(board):
    return schedule(board.chair)


@pytest.fixture
def open_meeting(board, meeting):
    return services.meeting_open(
        meeting=meeting, attendees=[board.chair, board.m1, board.m2], actor=board.chair
    )


def on_agenda(meeting, chair, **kwargs):
    """A request with its research report, put on the meeting's agenda."""
    request = committee_request(**kwargs)
    (item,) = services.agenda_add(meeting=meeting, requests=[request], actor=chair)
    return item


@pytest.fixture
def item(board, open_meeting):
    return on_agenda(open_meeting, board.chair)

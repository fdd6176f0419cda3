"""Who reaches each committee page: anonymous visitors, every role, the chair, and another
applicant where a page belongs to one."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from committee import services
from committee.models import (
    Decision,
    Meeting,
    Opinion,
    Outcome,
    RejectionReason,
    SupportKind,
    Vote,
)
from makin.roles import Role
from requests.models import Status
from tests.factories import staff

from .conftest import on_agenda

pytestmark = pytest.mark.django_db

CHAIR = "chair"
ALL = [None, *Role, CHAIR]
MEMBERS = {Role.COMMITTEE, CHAIR}
DESK = {Role.RECEPTION, Role.MANAGER}


@pytest.fixture
def world(board, open_meeting, users_by_role):
    users = {**users_by_role, CHAIR: board.chair}
    # The plain committee member of users_by_role attends too, so that they may vote.
    from tests.factories import committee_member

    member = committee_member()
    users[Role.COMMITTEE] = member
    services.meeting_set_attendees(
        meeting=open_meeting,
        attendees=[board.chair, board.m1, board.m2, member],
        actor=board.chair,
    )
    pending = on_agenda(open_meeting, board.chair)
    decided = on_agenda(open_meeting, board.chair, beneficiary__owner=users_by_role[Role.APPLICANT])
    services.vote_cast(item=decided, actor=board.m1, opinion=Opinion.APPROVE)
    decision = services.decision_record(
        item=decided,
        outcome=Outcome.APPROVE,
        actor=board.chair,
        support_kind=SupportKind.ONE_PAYMENT,
        amount=Decimal("1000"),
    )
    officer = staff(Role.RECEPTION)
    delivery = services.delivery_record(
        request=decided.request,
        delivered_on=timezone.localdate(),
        delivered_by=officer,
        amount_paid=Decimal("1000"),
        attachment=SimpleUploadedFile("r.pdf", b"%PDF-1.4 x", "application/pdf"),
        actor=officer,
    )
    return SimpleNamespace(
        users=users,
        meeting=open_meeting,
        pending=pending,
        decision=decision,
        delivery=delivery,
        reference=decided.request.reference,
    )


def pages(w):
    n = w.meeting.number
    member_pk = w.users[CHAIR].committee_terms.get().pk
    return {
        "/committee/meetings/": MEMBERS,
        "/committee/meetings/new/": {CHAIR},
        f"/committee/meetings/{n}/": MEMBERS,
        f"/committee/meetings/{n}/close/": {CHAIR},
        f"/committee/meetings/{n}/minutes.pdf": MEMBERS,
        f"/committee/items/{w.pending.pk}/": MEMBERS,
        "/committee/members/": {Role.MANAGER},
        "/committee/decisions/": {Role.MANAGER},
        "/committee/reasons/": {Role.MANAGER},
        f"/committee/decisions/{w.decision.pk}/letter.pdf": {*MEMBERS, *DESK},
        "/my/letters/": {Role.APPLICANT},
        f"/my/letters/{w.decision.pk}/": {Role.APPLICANT},
        "/delivery/": DESK,
        f"/delivery/{w.reference}/": DESK,
        f"/delivery/attachments/{w.delivery.pk}/": DESK,
        # Confirmation pages of what cannot be undone.
        f"/committee/members/{member_pk}/end/": {Role.MANAGER},
        f"/delivery/{w.reference}/close/": DESK,
        "/en/committee/meetings/": MEMBERS,
    }


@pytest.mark.parametrize("who", ALL, ids=str)
def test_each_page_opens_only_to_its_people(world, client_for, who):
    client = client_for(world.users.get(who))
    for url, allowed in pages(world).items():
        response = client.get(url)
        if who is None:
            assert response.status_code == 302, url
            assert "/accounts/login/" in response.url, url
        elif who in allowed:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 403, (url, who)


def test_another_applicants_letter_is_not_found(world, client_for, other_applicant):
    response = client_for(other_applicant).get(f"/my/letters/{world.decision.pk}/")
    assert response.status_code == 404
    assert world.reference not in client_for(other_applicant).get("/my/letters/").content.decode()


def actions(w):
    n = w.meeting.number
    p = w.pending.pk
    member_pk = w.users[CHAIR].committee_terms.get().pk
    return {
        "/committee/meetings/new/": ({CHAIR}, {"number": 9, "mode": "online"}),
        f"/committee/meetings/{n}/attendance/": ({CHAIR}, {}),
        f"/committee/meetings/{n}/close/": ({CHAIR}, {}),
        f"/committee/meetings/{n}/agenda/add/": ({CHAIR}, {}),
        f"/committee/items/{p}/vote/": (MEMBERS, {"opinion": "approve"}),
        f"/committee/items/{p}/decide/approve/": ({CHAIR}, {"support_kind": "in_kind"}),
        f"/committee/members/{member_pk}/chair/": ({Role.MANAGER}, {}),
        f"/committee/members/{member_pk}/end/": ({Role.MANAGER}, {}),
        f"/delivery/{w.reference}/close/": (DESK, {}),
        "/committee/reasons/": ({Role.MANAGER}, {"name_ar": "سبب"}),
    }


@pytest.mark.parametrize("who", [w for w in ALL if w not in (CHAIR,)], ids=str)
def test_actions_are_refused_to_everyone_else_and_change_nothing(world, client_for, who):
    client = client_for(world.users.get(who))
    for url, (allowed, data) in actions(world).items():
        if who in allowed:
            continue
        response = client.post(url, data)
        if who is None:
            assert response.status_code == 302, url
            assert "/accounts/login/" in response.url
        else:
            assert response.status_code == 403, (url, who)
    world.meeting.refresh_from_db()
    assert world.meeting.is_open
    assert Meeting.objects.count() == 1
    assert not RejectionReason.objects.filter(name_ar="سبب").exists()
    assert Decision.objects.count() == 1
    if who != Role.COMMITTEE:
        assert not Vote.objects.filter(item=world.pending).exists()
    world.users[CHAIR].refresh_from_db()
    assert world.users[CHAIR].is_committee_chair
    if who not in DESK:
        assert world.delivery.request.__class__.objects.get(
            pk=world.delivery.request_id
        ).status == (Status.DELIVERED)

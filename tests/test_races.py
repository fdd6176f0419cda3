"""Fifty people (or one person's fifty clicks) at the same moment: each attempt runs in its own
thread on its own PostgreSQL connection, released together by a barrier. Exactly one wins; the
others get the service's coded refusal (never a server error); the timeline has one row for
it and one message is queued."""

import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection

from committee import services as committee_services
from committee.models import Decision, Opinion, Outcome, SupportKind, Vote
from makin.models import Delivery, Notification
from makin.roles import Role
from requests import services
from requests.models import Status, StatusChange
from tests.errors import codes
from tests.factories import (
    SIGNATURE,
    ApplicantFactory,
    BeneficiaryFactory,
    SupportRequestFactory,
    committee_member,
    committee_request,
    staff,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

N = 50


def fifty_at_once(call):
    """Run `call` in N threads, each on its own connection, released together; what each
    returned or raised."""
    barrier = threading.Barrier(N, timeout=60)
    results = [None] * N

    def run(i):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as error:  # each outcome is what the test checks
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(N)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def outcomes(results, won_type, error_type):
    """(the winners, the refusals' codes); anything else (a server error) fails the test."""
    winners = [r for r in results if isinstance(r, won_type)]
    refusals = [codes(r) for r in results if isinstance(r, error_type)]
    others = [r for r in results if not isinstance(r, (won_type, error_type))]
    assert others == []
    return winners, refusals


@pytest.fixture
def owner():
    applicant = ApplicantFactory(email="owner@example.com")
    BeneficiaryFactory(owner=applicant)
    return applicant


def test_fifty_officers_verifying_one_request_at_once_verify_it_once(owner):
    req = SupportRequestFactory(beneficiary=owner.beneficiary, status=Status.SUBMITTED)
    officer = staff(Role.RECEPTION)
    mail.outbox = []

    results = fifty_at_once(
        lambda: services.request_transition(
            request=req, to=Status.VERIFIED, actor=officer, expected=Status.SUBMITTED
        )
    )

    winners, refusals = outcomes(results, type(req), services.TransitionError)
    assert len(winners) == 1
    assert refusals == [["stale"]] * 49
    req.refresh_from_db()
    assert req.status == Status.VERIFIED
    assert StatusChange.objects.filter(request=req, to_status=Status.VERIFIED).count() == 1
    assert Notification.objects.filter(user=owner, event="request_status_changed").count() == 1
    assert Delivery.objects.filter(notification__user=owner, medium="email").count() == 1
    assert len(mail.outbox) == 1


def test_fifty_final_clicks_of_the_wizard_submit_the_request_once(owner):
    req = SupportRequestFactory(beneficiary=owner.beneficiary)
    mail.outbox = []

    results = fifty_at_once(
        lambda: services.request_declare_and_submit(
            request=req,
            actor=owner,
            typed_name=owner.beneficiary.full_name,
            signature=SIGNATURE,
            ip="10.0.0.1",
        )
    )

    winners, refusals = outcomes(results, type(req), services.TransitionError)
    assert len(winners) == 1
    assert refusals == [["not_editable"]] * 49
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED
    assert StatusChange.objects.filter(request=req).count() == 1
    assert Notification.objects.filter(user=owner, event="request_status_changed").count() == 1
    assert len(mail.outbox) == 1


@pytest.fixture
def item(owner):
    """An item on the agenda of an open meeting of three members; the applicant has an account."""
    chair = committee_member(chair=True)
    members = [committee_member(), committee_member()]
    meeting = committee_services.meeting_create(
        number=committee_services.next_meeting_number(),
        starts_at=owner.date_joined,
        mode="in_person",
        place="مقر الجمعية في ينبع",
        actor=chair,
    )
    committee_services.meeting_open(meeting=meeting, attendees=[chair, *members], actor=chair)
    request = committee_request(beneficiary=owner.beneficiary)
    (item,) = committee_services.agenda_add(meeting=meeting, requests=[request], actor=chair)
    item.chair, item.members = chair, members
    return item


def test_fifty_identical_votes_of_one_member_at_once_keep_one_vote(item):
    member = item.members[0]

    results = fifty_at_once(
        lambda: committee_services.vote_cast(item=item, actor=member, opinion=Opinion.APPROVE)
    )

    winners, refusals = outcomes(results, Vote, committee_services.CommitteeError)
    # A member may change their vote, so every attempt is answered with the one vote.
    assert refusals == []
    assert {vote.pk for vote in winners} == {Vote.objects.get(item=item, member=member).pk}
    assert list(Vote.objects.filter(item=item).values_list("member", "opinion")) == [
        (member.pk, Opinion.APPROVE)
    ]


def test_fifty_identical_decisions_at_once_are_recorded_once(item, owner):
    committee_services.vote_cast(item=item, actor=item.members[0], opinion=Opinion.APPROVE)
    mail.outbox = []

    results = fifty_at_once(
        lambda: committee_services.decision_record(
            item=item,
            outcome=Outcome.APPROVE,
            actor=item.chair,
            support_kind=SupportKind.ONE_PAYMENT,
            amount=Decimal("1000"),
        )
    )

    winners, refusals = outcomes(results, Decision, committee_services.CommitteeError)
    assert len(winners) == 1
    assert refusals == [["already_decided"]] * 49
    assert Decision.objects.filter(item=item).count() == 1
    request = item.request
    request.refresh_from_db()
    assert request.status == Status.APPROVED
    assert StatusChange.objects.filter(request=request, to_status=Status.APPROVED).count() == 1
    # The decision letter replaces the status message: one message, one e-mail with the letter.
    # (the first message told the applicant the request went to the committee)
    assert list(
        Notification.objects.filter(user=owner).order_by("pk").values_list("event", flat=True)
    ) == ["request_status_changed", "committee_decision"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][2] == "application/pdf"

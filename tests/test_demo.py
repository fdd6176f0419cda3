"""The demo data: loaded through the apps' services (every request's timeline complete, from
its draft to where it stands), once, and again without duplicates; refused outside
development."""

import datetime
import importlib
import itertools
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from beneficiaries.models import Beneficiary, DuplicateCandidate, DuplicateStatus
from committee.models import CommitteeMember, Decision, Meeting, MeetingStatus
from demo.accounts import DEMO_PASSWORD
from demo.committee import REQUESTS as COMMITTEE_REQUESTS
from demo.files import WALK_INS, _id
from makin.models import Notification
from requests.models import ResearchReport, Status, StatusChange, SupportRequest
from surveys.models import Feedback, Invitation, Response
from tests.factories import document_kind


@pytest.mark.django_db(transaction=True)
def test_the_demo_loads_through_the_services_once_and_again_without_duplicates():
    """One test, loading twice: loading takes seconds, and each part below reads the same data.
    Transactional, so that what follows each commit (the surveys app's invitation on delivery,
    messages) happens as it does for people."""
    # Managed lists seeded by migrations (a transactional test before this one flushes them).
    seed = importlib.import_module("beneficiaries.migrations.0002_managed_lists")
    for code, *_rest in seed.DOCUMENT_KINDS:
        document_kind(code)
    call_command("load_demo_data", stdout=StringIO())
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    assert DEMO_PASSWORD in out.getvalue()
    check_accounts()
    check_files()
    check_requests()
    check_committee()
    check_history()


def check_accounts():
    User = get_user_model()
    assert User.objects.count() == 8
    assert User.objects.get(username="chair").is_committee_chair
    assert {r.value for u in User.objects.all() for r in u.roles} == {
        "applicant",
        "reception",
        "researcher",
        "committee",
        "manager",
        "admin",
    }


def check_files():
    own = Beneficiary.objects.get(owner__national_id="1000000008")
    assert own.household.count() == 2
    assert own.documents.filter(kind__code="id_copy").count() == 1
    walk_ins = {_id(f"10{n + 4}00770{n}") for n in range(len(WALK_INS))}
    assert Beneficiary.objects.filter(national_id__in=walk_ins, owner__isnull=True).count() == 4
    candidate = DuplicateCandidate.objects.get()
    assert candidate.status == DuplicateStatus.OPEN
    assert {candidate.file.family_name, candidate.other.family_name} == {"الجهني", "الجهنى"}


def check_requests():
    """Each request's timeline starts with its draft and each move starts where the last one
    ended, up to the request's status: no request was written straight into a later stage."""
    requests = SupportRequest.objects.all()
    assert requests.count() == 5 + 3 + 24
    for request in requests:
        changes = list(StatusChange.objects.filter(request=request).order_by("created_at", "pk"))
        assert changes[0].from_status == ""
        assert changes[0].to_status == Status.DRAFT
        for before, after in itertools.pairwise(changes):
            assert after.from_status == before.to_status, request.reference
        assert changes[-1].to_status == request.status, request.reference
    assert sorted(
        SupportRequest.objects.exclude(status=Status.CLOSED).values_list("status", flat=True)
    ) == sorted(
        [
            Status.SUBMITTED,
            Status.INCOMPLETE,
            Status.IN_RESEARCH,
            Status.READY_FOR_COMMITTEE,
            Status.VERIFIED,
            *[Status.READY_FOR_COMMITTEE] * 3,
        ]
    )
    # The people concerned were told, as they are when staff do the same.
    assert Notification.objects.filter(event="request_status_changed").exists()


def check_committee():
    serving = CommitteeMember.objects.filter(is_active=True).select_related("user")
    assert sorted(m.user.username for m in serving) == ["chair", "member1", "member2"]
    assert [m.user.username for m in serving if m.is_chair] == ["chair"]
    ready = SupportRequest.objects.filter(
        status=Status.READY_FOR_COMMITTEE,
        beneficiary__national_id__in=[row[0] for row in COMMITTEE_REQUESTS],
    )
    assert ready.count() == 3
    assert ResearchReport.objects.filter(request__in=ready).count() == 3
    assert ready.filter(beneficiary__owner__national_id="1000000008").count() == 1
    # Deadlines three days ahead, two days past and nine days ahead.
    today = timezone.localdate()
    assert sorted((r.decision_due - today).days for r in ready) == [-2, 3, 9]
    assert Meeting.objects.filter(status=MeetingStatus.SCHEDULED).count() == 1


def check_history():
    assert Meeting.objects.filter(status=MeetingStatus.CLOSED).count() == 8
    assert Decision.objects.count() == 24
    closed = SupportRequest.objects.filter(status=Status.CLOSED)
    assert closed.count() == 24
    # The surveys app invited each beneficiary on delivery; about three in five answered.
    assert Invitation.objects.filter(request__in=closed).count() == 24
    assert 8 <= Response.objects.count() <= 20
    spread = {i.created_at.date().replace(day=1) for i in Invitation.objects.all()}
    assert len(spread) >= 6
    assert Feedback.objects.filter(resolved_at__isnull=False).count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_committees_deadlines_hold_when_the_demo_is_loaded_just_after_midnight():
    """00:30 in Riyadh (21:30 UTC): the requests' submission times stay on their day, so the
    deadlines are the same as at any other hour."""
    seed = importlib.import_module("beneficiaries.migrations.0002_managed_lists")
    for code, *_rest in seed.DOCUMENT_KINDS:
        document_kind(code)
    with time_machine.travel(datetime.datetime(2026, 11, 29, 21, 30, tzinfo=datetime.UTC)):
        call_command("load_demo_data", stdout=StringIO())
        assert timezone.localtime().hour == 0
        check_committee()


@pytest.mark.django_db
def test_demo_data_refused_outside_development(settings):
    settings.MAKIN_DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("load_demo_data", stdout=StringIO())
    assert not get_user_model().objects.exists()

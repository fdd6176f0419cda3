"""The one status function: locks, roles, guards, timeline and notification."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from makin.roles import Role
from requests.models import Status, StatusChange
from requests.services import TransitionError, request_transition
from tests.factories import ApplicantFactory, SupportRequestFactory, staff


@pytest.mark.django_db
def test_a_move_writes_the_timeline_and_tells_the_applicant(
    django_capture_on_commit_callbacks,
):
    applicant = ApplicantFactory(email="a@example.com")
    req = SupportRequestFactory(status=Status.SUBMITTED, beneficiary__owner=applicant)
    officer = staff(Role.RECEPTION)
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(
            request=req, to=Status.INCOMPLETE, actor=officer, note="صورة الهوية غير واضحة"
        )
    req.refresh_from_db()
    assert req.status == Status.INCOMPLETE
    change = StatusChange.objects.get(request=req)
    assert (change.from_status, change.to_status, change.actor) == (
        Status.SUBMITTED,
        Status.INCOMPLETE,
        officer,
    )
    assert change.note == "صورة الهوية غير واضحة"
    assert len(mail.outbox) == 1
    assert req.reference in mail.outbox[0].subject


@pytest.mark.django_db
def test_a_move_not_in_the_table_is_refused_and_changes_nothing():
    req = SupportRequestFactory(status=Status.SUBMITTED)
    with pytest.raises(TransitionError):
        request_transition(request=req, to=Status.APPROVED, actor=staff(Role.RECEPTION))
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED
    assert not StatusChange.objects.exists()


@pytest.mark.django_db
def test_a_role_outside_the_move_is_refused():
    req = SupportRequestFactory(status=Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        request_transition(request=req, to=Status.INCOMPLETE, actor=staff(Role.MANAGER), note="x")


@pytest.mark.django_db
def test_an_applicant_cannot_move_someone_elses_request():
    req = SupportRequestFactory(status=Status.SUBMITTED, beneficiary__owner=ApplicantFactory())
    with pytest.raises(PermissionDenied):
        request_transition(request=req, to=Status.WITHDRAWN, actor=ApplicantFactory())


@pytest.mark.django_db
def test_a_stale_page_is_refused():
    req = SupportRequestFactory(status=Status.INCOMPLETE)
    with pytest.raises(TransitionError, match="عدّل شخص آخر هذا الطلب"):
        request_transition(
            request=req,
            to=Status.INCOMPLETE,
            actor=staff(Role.RECEPTION),
            note="x",
            expected=Status.SUBMITTED,
        )


@pytest.mark.django_db
def test_verifying_needs_a_valid_id_and_starts_the_two_weeks():
    req = SupportRequestFactory(status=Status.SUBMITTED)
    officer = staff(Role.RECEPTION)
    req.beneficiary.id_expiry = datetime.date(2000, 1, 1)
    req.beneficiary.save()
    with pytest.raises(TransitionError):
        request_transition(request=req, to=Status.VERIFIED, actor=officer)
    req.beneficiary.id_expiry = datetime.date.today() + datetime.timedelta(days=30)
    req.beneficiary.save()
    req = request_transition(request=req, to=Status.VERIFIED, actor=officer)
    assert req.decision_due == timezone.localdate(req.completed_at) + datetime.timedelta(days=14)

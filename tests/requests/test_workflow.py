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
    with raises_code(TransitionError, "stale"):
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


# --- Every allowed and forbidden move, for every role ------------------------------------------

import threading  # noqa: E402

from django.db import connection, transaction  # noqa: E402

from tests.errors import codes, raises_code  # noqa: E402
from tests.factories import (  # noqa: E402
    ResearchReportFactory,
    ServiceFactory,
    signed_request,
)


@pytest.fixture
def actors(db):
    """One person per role; the applicant owns the request under test."""
    people = {role: staff(role) for role in Role if role != Role.APPLICANT}
    people[Role.APPLICANT] = ApplicantFactory()
    return people


APPLICANT, RECEPTION, RESEARCHER = Role.APPLICANT, Role.RECEPTION, Role.RESEARCHER
COMMITTEE, MANAGER = Role.COMMITTEE, Role.MANAGER
# The moves of the request's life and who may make each, written out from DESIGN.md ("The
# request's life") rather than read from requests.workflow, so that a wrong row added there
# fails here. Every pair not listed is not a move.
ALLOWED = {
    ("draft", "submitted"): {APPLICANT, RECEPTION},
    ("submitted", "incomplete"): {RECEPTION, RESEARCHER},
    ("incomplete", "submitted"): {APPLICANT, RECEPTION},
    ("submitted", "verified"): {RECEPTION, RESEARCHER},
    ("verified", "in_research"): {RECEPTION, RESEARCHER, MANAGER},
    ("in_research", "ready_for_committee"): {RESEARCHER},
    ("in_research", "approved"): {MANAGER},  # a service decided without the committee
    ("ready_for_committee", "in_committee"): {COMMITTEE},
    ("in_committee", "approved"): {COMMITTEE},
    ("in_committee", "rejected"): {COMMITTEE},
    ("in_committee", "deferred"): {COMMITTEE},
    ("deferred", "in_research"): {RESEARCHER, COMMITTEE},
    ("approved", "in_delivery"): {RECEPTION, MANAGER},
    ("in_delivery", "delivered"): {RECEPTION, MANAGER},
    ("delivered", "closed"): {RECEPTION, MANAGER},
    ("draft", "withdrawn"): {APPLICANT},
    ("submitted", "withdrawn"): {APPLICANT},
    ("incomplete", "withdrawn"): {APPLICANT},
    ("verified", "withdrawn"): {APPLICANT},
    ("in_research", "withdrawn"): {APPLICANT},
    ("draft", "cancelled"): {RECEPTION, MANAGER},
    ("submitted", "cancelled"): {RECEPTION, MANAGER},
    ("incomplete", "cancelled"): {RECEPTION, MANAGER},
    ("verified", "cancelled"): {RECEPTION, MANAGER},
    ("in_research", "cancelled"): {RECEPTION, MANAGER},
    ("ready_for_committee", "cancelled"): {RECEPTION, MANAGER},
    ("in_committee", "cancelled"): {RECEPTION, MANAGER},
    ("approved", "cancelled"): {RECEPTION, MANAGER},
    ("deferred", "cancelled"): {RECEPTION, MANAGER},
    ("in_delivery", "cancelled"): {RECEPTION, MANAGER},
    ("delivered", "cancelled"): {RECEPTION, MANAGER},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("source", list(Status))
def test_every_move_from_every_status_for_every_role_follows_the_table(actors, role, source):
    """Walk all Status pairs: a move happens exactly when the table lists it for the role
    (guards satisfied); otherwise PermissionDenied (role) or TransitionError (not a move)."""
    actor = actors[role]
    # Every guard can pass: signed, no documents required, researcher assigned, report written,
    # and a service decided without the committee (for the manager's direct approval).
    service = ServiceFactory(code="no-committee", needs_committee=False)
    req = signed_request(
        status=source,
        service=service,
        beneficiary__owner=actors[Role.APPLICANT],
        researcher=actors[Role.RESEARCHER],
        submitted_at=timezone.now(),
    )
    ResearchReportFactory(request=req, author=actors[Role.RESEARCHER])
    for target in Status:
        allowed = ALLOWED.get((source.value, target.value))
        with transaction.atomic():
            if allowed is None:
                with pytest.raises(TransitionError):
                    request_transition(request=req, to=target, actor=actor, note="سبب")
            elif role not in allowed:
                with pytest.raises(PermissionDenied):
                    request_transition(request=req, to=target, actor=actor, note="سبب")
            else:
                moved = request_transition(request=req, to=target, actor=actor, note="سبب")
                assert moved.status == target
                assert StatusChange.objects.filter(
                    request=req, from_status=source, to_status=target, actor=actor
                ).exists()
            transaction.set_rollback(True)
        req.refresh_from_db()
        assert req.status == source


@pytest.mark.django_db
def test_submitting_needs_the_declaration_signed():
    applicant = ApplicantFactory()
    req = SupportRequestFactory(beneficiary__owner=applicant)
    with raises_code(TransitionError, "declaration_signed"):
        request_transition(request=req, to=Status.SUBMITTED, actor=applicant)


@pytest.mark.django_db
def test_verifying_needs_every_required_document_present_and_verified():
    from tests.factories import DocumentKindFactory, VerifiedDocumentFactory

    kind = DocumentKindFactory(code="income_proof", name_ar="إثبات الدخل")
    service = ServiceFactory()
    service.required_document_kinds.add(kind)
    req = SupportRequestFactory(
        status=Status.SUBMITTED, service=service, submitted_at=timezone.now()
    )
    officer = staff(Role.RECEPTION)
    with raises_code(TransitionError, "documents_verified"):
        request_transition(request=req, to=Status.VERIFIED, actor=officer)
    document = VerifiedDocumentFactory(beneficiary=req.beneficiary, kind=kind, status="pending")
    with raises_code(TransitionError, "documents_verified"):
        request_transition(request=req, to=Status.VERIFIED, actor=officer)
    document.status = "verified"
    document.expiry_date = datetime.date.today() - datetime.timedelta(days=1)
    document.save()
    with raises_code(TransitionError, "documents_verified"):
        request_transition(request=req, to=Status.VERIFIED, actor=officer)
    document.expiry_date = None
    document.save()
    assert request_transition(request=req, to=Status.VERIFIED, actor=officer).status == (
        Status.VERIFIED
    )


@pytest.mark.django_db
def test_research_needs_a_researcher_and_the_committee_needs_a_report():
    req = SupportRequestFactory(status=Status.VERIFIED)
    with raises_code(TransitionError, "researcher_assigned"):
        request_transition(request=req, to=Status.IN_RESEARCH, actor=staff(Role.RECEPTION))
    researcher = staff(Role.RESEARCHER)
    req.researcher = researcher
    req.save()
    request_transition(request=req, to=Status.IN_RESEARCH, actor=staff(Role.RECEPTION))
    with raises_code(TransitionError, "research_report"):
        request_transition(request=req, to=Status.READY_FOR_COMMITTEE, actor=researcher)


@pytest.mark.django_db
def test_only_a_service_without_the_committee_is_approved_by_the_manager():
    req = SupportRequestFactory(status=Status.IN_RESEARCH, service__needs_committee=True)
    ResearchReportFactory(request=req)
    with raises_code(TransitionError, "no_committee_needed"):
        request_transition(request=req, to=Status.APPROVED, actor=staff(Role.MANAGER))


# --- Two staff at once ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_staff_acting_at_once_one_wins_and_the_other_is_told():
    """Two real database connections: the first holds the row lock while the second tries; the
    second then sees the new status and a clear message, and the timeline has one row."""
    req = signed_request(status=Status.SUBMITTED, submitted_at=timezone.now())
    first_officer, second_officer = staff(Role.RECEPTION), staff(Role.RESEARCHER)
    locked = threading.Event()
    release = threading.Event()
    results: dict[str, object] = {}

    def first():
        try:
            with transaction.atomic():
                request_transition(
                    request=req,
                    to=Status.INCOMPLETE,
                    actor=first_officer,
                    note="الهوية غير واضحة",
                    expected=Status.SUBMITTED,
                )
                locked.set()
                release.wait(10)
            results["first"] = "moved"
        except Exception as error:
            results["first"] = error
        finally:
            connection.close()

    def second():
        locked.wait(10)
        try:
            request_transition(
                request=req, to=Status.VERIFIED, actor=second_officer, expected=Status.SUBMITTED
            )
            results["second"] = "moved"
        except Exception as error:
            results["second"] = error
        finally:
            connection.close()

    one, two = threading.Thread(target=first), threading.Thread(target=second)
    one.start()
    two.start()
    locked.wait(10)
    # The second connection is now waiting on the row lock (or about to); let the first commit.
    threading.Timer(0.5, release.set).start()
    one.join(15)
    two.join(15)
    assert results["first"] == "moved"
    assert isinstance(results["second"], TransitionError)
    assert codes(results["second"]) == ["stale"]
    req.refresh_from_db()
    assert req.status == Status.INCOMPLETE
    rows = list(StatusChange.objects.filter(request=req).values_list("from_status", "to_status"))
    assert rows == [(Status.SUBMITTED, Status.INCOMPLETE)]


@pytest.mark.django_db
def test_a_walk_in_without_an_account_is_told_by_sms(django_capture_on_commit_callbacks):
    from makin import sms

    sms.outbox.clear()
    req = SupportRequestFactory(status=Status.SUBMITTED, beneficiary__owner=None)
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(
            request=req, to=Status.INCOMPLETE, actor=staff(Role.RECEPTION), note="صورة الهوية"
        )
    assert [to for to, _text in sms.outbox] == [str(req.beneficiary.mobile)]
    assert req.reference in sms.outbox[0][1]


@pytest.mark.django_db
def test_a_long_reason_is_kept_whole_in_the_timeline():
    req = SupportRequestFactory(status=Status.SUBMITTED)
    note = "ينقص الملف " * 40
    request_transition(request=req, to=Status.INCOMPLETE, actor=staff(Role.RECEPTION), note=note)
    assert StatusChange.objects.get(request=req).note == note


@pytest.mark.django_db
def test_the_caller_may_send_its_own_message_instead(django_capture_on_commit_callbacks):
    applicant = ApplicantFactory(email="a@example.com")
    req = SupportRequestFactory(status=Status.SUBMITTED, beneficiary__owner=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(
            request=req,
            to=Status.INCOMPLETE,
            actor=staff(Role.RECEPTION),
            note="x",
            notify_applicant=False,
        )
    assert mail.outbox == []

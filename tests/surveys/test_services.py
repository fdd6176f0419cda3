"""Surveys' services: versions, invitations and their tokens, answers, reminders, complaints."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from makin import sms
from makin.channels import Channel
from makin.roles import Role
from requests.models import Status
from requests.services import request_transition
from surveys import services
from surveys.models import (
    Answer,
    DailyAnswers,
    DailyInvitations,
    Feedback,
    FeedbackKind,
    FeedbackStatus,
    Invitation,
    MonthlyAnswers,
    MonthlyInvitations,
    Response,
    SurveyVersion,
)
from surveys.rollup import rollup_rebuild
from tests.factories import (
    SURVEY_QUESTIONS,
    ApplicantFactory,
    BeneficiaryFactory,
    SupportRequestFactory,
    answers_for,
    published_survey,
    staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def version():
    return published_survey()


@pytest.fixture
def invitation(version):
    return services.invitation_create(
        beneficiary=BeneficiaryFactory(email="b@example.com"),
        channel=Channel.INTERVIEW,
        staff=staff(Role.RECEPTION),
    )


# Versions ------------------------------------------------------------------------------------


def test_editing_a_published_version_makes_a_new_draft_and_keeps_the_old_answers(
    version, invitation
):
    response = services.response_submit(
        invitation=invitation, answers=answers_for(version, overall=5, speed=4, recommend=True)
    )
    manager = staff(Role.MANAGER)
    changed = [dict(q) for q in SURVEY_QUESTIONS]
    changed[0]["text_ar"] = "ما مدى رضاك عن خدماتنا؟"
    new = services.version_save_questions(version=version, questions=changed, actor=manager)
    assert new.pk != version.pk
    assert (new.number, new.published_at) == (2, None)
    # The old version and the response that answered it did not change.
    version.refresh_from_db()
    assert version.questions.get(code="overall").text_ar == SURVEY_QUESTIONS[0]["text_ar"]
    assert Response.objects.get(pk=response.pk).version == version
    # New invitations keep asking version 1 until version 2 is published.
    assert services.current_version() == version
    services.version_publish(version=new, actor=manager)
    assert services.current_version() == new
    # The question keeps its code across versions, so the reports follow it.
    assert new.questions.get(code="overall").text_ar == "ما مدى رضاك عن خدماتنا؟"


def test_a_draft_is_edited_in_place():
    manager = staff(Role.MANAGER)
    survey = services.survey_create(name_ar="استبيان", actor=manager)
    draft = survey.versions.get()
    saved = services.version_save_questions(
        version=draft, questions=SURVEY_QUESTIONS[:1], actor=manager
    )
    assert saved.pk == draft.pk
    assert SurveyVersion.objects.filter(survey=survey).count() == 1
    with pytest.raises(ValidationError):
        services.version_save_questions(version=draft, questions=[], actor=manager)


def test_only_managers_change_surveys(version):
    with pytest.raises(PermissionDenied):
        services.version_save_questions(
            version=version, questions=SURVEY_QUESTIONS, actor=staff(Role.RECEPTION)
        )
    with pytest.raises(PermissionDenied):
        services.survey_create(name_ar="x", actor=staff(Role.RESEARCHER))


# Invitations and tokens ----------------------------------------------------------------------


def test_an_invitation_is_sent_by_email_and_sms_with_a_working_link(
    version, django_capture_on_commit_callbacks
):
    sms.outbox.clear()
    beneficiary = BeneficiaryFactory(email="walkin@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            beneficiary=beneficiary, channel=Channel.PHONE, staff=staff(Role.RECEPTION)
        )
    assert len(mail.outbox) == 1
    url = services.invitation_url(invitation)
    assert url in mail.outbox[0].body
    assert mail.outbox[0].to == ["walkin@example.com"]
    assert [to for to, text in sms.outbox if url in text] == [str(beneficiary.mobile)]
    token = url.rsplit("/s/", 1)[1].strip("/")
    assert services.invitation_from_token(token) == invitation
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=30)
    # The row does not hold the link: the nonce alone is not a token.
    assert services.invitation_from_token(invitation.nonce) is None


def test_forged_and_tampered_tokens_are_refused(invitation):
    token = services.invitation_token(invitation)
    value, signature = token.rsplit(".", 1)
    assert services.invitation_from_token(value + ".AAAA") is None
    assert services.invitation_from_token("1-abc." + signature) is None
    assert services.invitation_from_token("") is None
    assert services.invitation_from_token("not-a-token") is None
    # A correctly signed value naming a wrong nonce is refused too.
    forged = services._signer.sign(f"{invitation.pk}-wrong")
    assert services.invitation_from_token(forged) is None


def test_an_invitation_is_answered_once(version, invitation):
    answers = answers_for(version, overall=4, speed=5, recommend=True, comments="شكرًا")
    services.response_submit(invitation=invitation, answers=answers)
    with pytest.raises(services.InvitationUnavailable):
        services.response_submit(invitation=invitation, answers=answers)
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 4
    assert DailyAnswers.objects.filter(question__code="overall").get().r4 == 1


def test_an_expired_invitation_cannot_be_answered(version, invitation):
    later = invitation.expires_at + datetime.timedelta(seconds=1)
    with time_machine.travel(later), pytest.raises(services.InvitationUnavailable):
        services.response_submit(invitation=invitation, answers=answers_for(version, overall=3))
    invitation.refresh_from_db()
    assert invitation.answered_at is None
    assert not Response.objects.exists()


def test_a_missing_required_answer_saves_nothing(version, invitation):
    with pytest.raises(ValidationError):
        services.response_submit(invitation=invitation, answers=answers_for(version, overall=5))
    invitation.refresh_from_db()
    assert invitation.answered_at is None
    assert not Answer.objects.exists()
    assert not DailyAnswers.objects.exists()


def test_a_rating_outside_one_to_five_is_refused(version, invitation):
    with pytest.raises(ValidationError):
        services.response_submit(
            invitation=invitation, answers=answers_for(version, overall=6, speed=1, recommend=True)
        )
    assert not Response.objects.exists()


@pytest.mark.parametrize("target", [Status.DELIVERED, Status.CLOSED])
def test_delivering_or_closing_a_request_invites_once(
    version, target, django_capture_on_commit_callbacks
):
    applicant = ApplicantFactory(email="owner@example.com")
    officer = staff(Role.RECEPTION)
    source = Status.IN_DELIVERY if target == Status.DELIVERED else Status.DELIVERED
    req = SupportRequestFactory(
        status=source, beneficiary__owner=applicant, channel=Channel.PHONE, received_by=officer
    )
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(request=req, to=target, actor=officer)
    invitation = Invitation.objects.get(request=req)
    assert (invitation.channel, invitation.service, invitation.staff) == (
        Channel.PHONE,
        req.service,
        officer,
    )
    assert invitation.version == version
    assert any("/s/" in m.body for m in mail.outbox if m.to == ["owner@example.com"])
    if target == Status.DELIVERED:
        with django_capture_on_commit_callbacks(execute=True):
            request_transition(request=req, to=Status.CLOSED, actor=officer)
        assert Invitation.objects.filter(request=req).count() == 1


def test_other_moves_send_no_invitation(version, django_capture_on_commit_callbacks):
    req = SupportRequestFactory(status=Status.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(request=req, to=Status.IN_DELIVERY, actor=staff(Role.RECEPTION))
    assert not Invitation.objects.exists()


def test_no_invitation_without_a_published_survey():
    req = SupportRequestFactory(status=Status.DELIVERED)
    assert services.invitation_for_request(request=req) is None
    assert not Invitation.objects.exists()


def test_applicants_cannot_send_invitations(version):
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            beneficiary=BeneficiaryFactory(),
            channel=Channel.PHONE,
            staff=None,
            actor=ApplicantFactory(),
        )


def test_one_reminder_after_a_week(version, django_capture_on_commit_callbacks):
    beneficiary = BeneficiaryFactory(email="r@example.com")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=8)):
        old = services.invitation_create(beneficiary=beneficiary, channel=Channel.PHONE, staff=None)
    services.invitation_create(  # too recent for a reminder
        beneficiary=BeneficiaryFactory(), channel=Channel.PHONE, staff=None
    )
    with time_machine.travel(timezone.now() - datetime.timedelta(days=9)):
        answered = services.invitation_create(
            beneficiary=BeneficiaryFactory(), channel=Channel.PHONE, staff=None
        )
    services.response_submit(
        invitation=answered, answers=answers_for(version, overall=5, speed=5, recommend=True)
    )
    with time_machine.travel(timezone.now() - datetime.timedelta(days=31)):
        services.invitation_create(  # expired
            beneficiary=BeneficiaryFactory(), channel=Channel.PHONE, staff=None
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 1
    assert [m.to for m in mail.outbox] == [["r@example.com"]]
    assert services.invitation_url(old) in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 0


def test_the_rollups_match_a_rebuild_from_the_answers(version):
    officer = staff(Role.RECEPTION)
    for n, rating in enumerate([5, 4, 2, 1, 3, 5]):
        with time_machine.travel(timezone.now() - datetime.timedelta(days=40 * n + 1)):
            inv = services.invitation_create(
                beneficiary=BeneficiaryFactory(),
                channel=[Channel.PHONE, Channel.INTERVIEW][n % 2],
                staff=officer,
            )
        with time_machine.travel(inv.created_at + datetime.timedelta(hours=2)):
            services.response_submit(
                invitation=inv,
                answers=answers_for(version, overall=rating, speed=3, recommend=n % 2 == 0),
            )

    def snapshot(model, period):
        return sorted(
            model.objects.values_list(period, "question_id", "channel", "answers", "r5", "yes")
        )

    def invitations():
        return sorted(
            [
                *DailyInvitations.objects.values_list("day", "channel", "sent", "answered"),
                *MonthlyInvitations.objects.values_list("month", "channel", "sent", "answered"),
            ]
        )

    before = (snapshot(DailyAnswers, "day"), snapshot(MonthlyAnswers, "month"), invitations())
    assert sum(row[2] for row in before[2]) == 12  # six invitations, counted daily and monthly
    rollup_rebuild()
    assert (
        snapshot(DailyAnswers, "day"),
        snapshot(MonthlyAnswers, "month"),
        invitations(),
    ) == before


# Complaints and suggestions ------------------------------------------------------------------


def test_anonymous_feedback_is_limited_per_address():
    key = services.feedback_source_key("203.0.113.7")
    for _n in range(services.FEEDBACK_PER_HOUR):
        services.feedback_submit(
            kind=FeedbackKind.SUGGESTION, subject="اقتراح", body="نص", source_key=key
        )
    with pytest.raises(ValidationError):
        services.feedback_submit(
            kind=FeedbackKind.SUGGESTION, subject="اقتراح", body="نص", source_key=key
        )
    assert Feedback.objects.count() == services.FEEDBACK_PER_HOUR
    other = services.feedback_source_key("198.51.100.1")
    services.feedback_submit(kind=FeedbackKind.COMPLAINT, subject="ش", body="ن", source_key=other)
    assert "203.0.113.7" not in key


def test_resolving_needs_a_reply_which_reaches_the_person(django_capture_on_commit_callbacks):
    item = services.feedback_submit(
        kind=FeedbackKind.COMPLAINT,
        subject="تأخر الرد",
        body="لم يرد أحد",
        email="c@example.com",
        mobile="+966551112222",
    )
    manager = staff(Role.MANAGER)
    with pytest.raises(ValidationError):
        services.feedback_transition(
            feedback=item, to=FeedbackStatus.RESOLVED, reply=" ", actor=manager
        )
    services.feedback_transition(feedback=item, to=FeedbackStatus.IN_PROGRESS, actor=manager)
    with django_capture_on_commit_callbacks(execute=True):
        resolved = services.feedback_transition(
            feedback=item,
            to=FeedbackStatus.RESOLVED,
            reply="نعتذر، تمت المعالجة.",
            actor=manager,
        )
    assert resolved.resolved_at is not None
    assert resolved.time_to_resolve >= datetime.timedelta(0)
    assert mail.outbox[-1].to == ["c@example.com"]
    assert "نعتذر، تمت المعالجة." in mail.outbox[-1].body
    with pytest.raises(ValidationError):
        services.feedback_transition(feedback=item, to=FeedbackStatus.OPEN, actor=manager)


def test_only_staff_of_the_desk_handle_feedback():
    item = services.feedback_submit(kind=FeedbackKind.COMPLAINT, subject="x", body="y")
    for role in (Role.RESEARCHER, Role.COMMITTEE, Role.APPLICANT):
        user = ApplicantFactory() if role == Role.APPLICANT else staff(role)
        with pytest.raises(PermissionDenied):
            services.feedback_transition(feedback=item, to=FeedbackStatus.IN_PROGRESS, actor=user)


def test_the_reminder_command_sends_each_reminder_once(version, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with time_machine.travel(timezone.now() - datetime.timedelta(days=10)):
        services.invitation_create(
            beneficiary=BeneficiaryFactory(email="late@example.com"),
            channel=Channel.PHONE,
            staff=None,
        )
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_survey_reminders", stdout=out)
        call_command("send_survey_reminders", stdout=out)
    assert out.getvalue().splitlines() == ["1 reminder(s) sent.", "0 reminder(s) sent."]
    assert [m.to for m in mail.outbox] == [["late@example.com"]]

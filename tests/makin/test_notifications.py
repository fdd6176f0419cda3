"""Notifications: written in the transaction of the change, sent by tasks after the commit,
in the person's language, once per event, retried with back-off and never dropped."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from makin import sms
from makin.models import Delivery, Notification
from makin.notifications import notify
from makin.services import delivery_retry
from makin.tasks import retry_delay, send_delivery
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db

EVENT = "account_created"


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


class Boom(Exception):
    pass


def test_nothing_is_sent_before_the_commit_and_everything_after(
    django_capture_on_commit_callbacks,
):
    user = ApplicantFactory(email="teacher@example.com", mobile="+966551234567")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        notify(user=user, event=EVENT, sms=True)
        assert mail.outbox == []
        assert sms.outbox == []
    assert len(callbacks) == 2  # one task per medium
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["teacher@example.com"]
    assert mail.outbox[0].subject == "مرحبًا بك في بوابة مكين"
    assert sms.outbox == [("+966551234567", "مكين: حسابك في البوابة جاهز. أهلًا بك.")]
    notification = Notification.objects.get(user=user)
    assert {d.medium: d.state for d in notification.deliveries.all()} == {
        "email": "sent",
        "sms": "sent",
    }
    assert notification.read_at is None


def test_a_rollback_leaves_no_notification_and_enqueues_nothing(
    django_capture_on_commit_callbacks,
):
    user = ApplicantFactory()

    def change_that_fails():
        with transaction.atomic():
            notify(user=user, event=EVENT, sms=True)
            raise Boom

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Boom):
        change_that_fails()
    assert callbacks == []
    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()
    assert mail.outbox == []
    assert sms.outbox == []


def test_sms_only_when_asked_and_the_person_has_a_mobile(django_capture_on_commit_callbacks):
    without_mobile = ApplicantFactory(mobile="")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=without_mobile, event=EVENT, sms=True)
        notify(user=ApplicantFactory(), event=EVENT, sms=False)
    assert len(mail.outbox) == 2
    assert sms.outbox == []


def test_the_message_is_in_the_persons_language(django_capture_on_commit_callbacks):
    english = ApplicantFactory(language="en", first_name="Yusuf")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=english, event=EVENT)
    assert mail.outbox[0].subject == "Welcome to the Makin portal"
    assert "Peace be upon you, Yusuf." in mail.outbox[0].body
    assert Notification.objects.get(user=english).language == "en"


def test_one_event_is_sent_once_whatever_the_repeats(django_capture_on_commit_callbacks):
    user = ApplicantFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(user=user, event=EVENT, key="signup:1")
        again = notify(user=user, event=EVENT, key="signup:1")
    assert first == again
    assert Notification.objects.filter(user=user).count() == 1
    assert len(mail.outbox) == 1
    # A task that runs again (a retry racing a late duplicate) finds it sent.
    delivery = Delivery.objects.get(notification=first)
    assert send_delivery.call(delivery.pk) == "sent"
    assert len(mail.outbox) == 1


def test_the_database_refuses_a_second_notification_for_one_event():
    user = ApplicantFactory()
    Notification.objects.create(
        user=user, event=EVENT, key="k", language="ar", subject="s", body="b"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            user=user, event=EVENT, key="k", language="ar", subject="s", body="b"
        )
    # Another person may get a message for the same event.
    Notification.objects.create(
        user=ApplicantFactory(), event=EVENT, key="k", language="ar", subject="s", body="b"
    )


def test_back_off_doubles_from_the_base(settings):
    settings.MAKIN_NOTIFY_RETRY_SECONDS = 60
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]


def test_a_failing_backend_keeps_the_message_and_it_is_sent_on_retry(
    settings, django_capture_on_commit_callbacks, tmp_path, monkeypatch
):
    failures = tmp_path / "failures"
    failures.write_text("1")
    monkeypatch.setenv("MAKIN_TEST_SMS_FAILURES", str(failures))
    settings.MAKIN_SMS_BACKEND = "tests.makin.sms_backends.FlakySmsBackend"
    user = ApplicantFactory(mobile="+966551234567")
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, event=EVENT, sms=True)
    delivery = Delivery.objects.get(medium="sms")
    assert delivery.state == Delivery.State.PENDING
    assert delivery.attempts == 1
    assert "gateway busy" in delivery.last_error
    assert delivery.next_attempt_at >= before + datetime.timedelta(seconds=60)
    assert sms.outbox == []
    assert len(mail.outbox) == 1  # the e-mail went on its own

    # Not due yet: the sweep leaves it alone.
    call_command("notifications_retry", "--grace", "0", stdout=StringIO())
    assert sms.outbox == []
    # Once due, the sweep puts it back in the queue and it goes.
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    out = StringIO()
    call_command("notifications_retry", "--grace", "0", stdout=out)
    assert "1 deliveries enqueued" in out.getvalue()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == ("sent", 2, "")
    assert sms.outbox == [("+966551234567", "مكين: حسابك في البوابة جاهز. أهلًا بك.")]


def test_on_the_database_queue_a_failure_schedules_a_later_attempt(
    settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAKIN_SMS_BACKEND = "tests.makin.sms_backends.BrokenSmsBackend"
    user = ApplicantFactory(email="", mobile="+966551234567")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, event=EVENT, sms=True)
    delivery = Delivery.objects.get()
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs == {"args": [delivery.pk], "kwargs": {}}
    assert queued.run_after.year == 9999  # at once

    with pytest.raises(Exception, match="gateway unreachable"):
        send_delivery.call(delivery.pk)
    delivery.refresh_from_db()
    retry = DBTaskResult.objects.exclude(pk=queued.pk).get()
    assert retry.args_kwargs == {"args": [delivery.pk], "kwargs": {}}
    assert retry.run_after == delivery.next_attempt_at


def test_after_the_last_attempt_the_delivery_is_kept_as_failed_and_can_be_sent_again(
    settings, django_capture_on_commit_callbacks
):
    settings.MAKIN_SMS_BACKEND = "tests.makin.sms_backends.BrokenSmsBackend"
    settings.MAKIN_NOTIFY_MAX_ATTEMPTS = 2
    user = ApplicantFactory(email="", mobile="+966551234567")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, event=EVENT, sms=True)
    delivery = Delivery.objects.get()
    with pytest.raises(Exception, match="gateway unreachable"):
        send_delivery.call(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (Delivery.State.FAILED, 2)

    settings.MAKIN_SMS_BACKEND = "makin.sms.LocmemSmsBackend"
    with django_capture_on_commit_callbacks(execute=True):
        delivery_retry(delivery=delivery)
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT
    assert len(sms.outbox) == 1


def test_signing_up_sends_a_welcome(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "national_id": "1000000008",
                "first_name": "عبدالرحمن",
                "last_name": "القرشي",
                "mobile": "0551234567",
                "email": "abdulrahman@example.com",
                "password1": "Tahfeez-Yanbu-77",
                "password2": "Tahfeez-Yanbu-77",
            },
        )
    assert [m.subject for m in mail.outbox] == ["مرحبًا بك في بوابة مكين"]
    assert "عبدالرحمن" in mail.outbox[0].body
    assert sms.outbox[0][0] == "+966551234567"


def test_password_reset_mail_is_in_the_persons_language(client, django_capture_on_commit_callbacks):
    ApplicantFactory(email="yusuf@example.com", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "yusuf@example.com"})
    assert mail.outbox[0].subject == "Makin portal: choose a new password"
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_the_text_reaches_the_person_as_typed_and_the_portal_escapes_it_once(
    client_for, django_capture_on_commit_callbacks
):
    from makin.roles import Role
    from requests.models import Status
    from requests.services import request_transition
    from tests.factories import SupportRequestFactory, staff

    applicant = ApplicantFactory()
    req = SupportRequestFactory(status=Status.SUBMITTED, beneficiary__owner=applicant)
    note = 'صورة "الهوية" & عقد الإيجار <غير واضحة>'
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(
            request=req, to=Status.INCOMPLETE, actor=staff(Role.RECEPTION), note=note
        )
    assert note in mail.outbox[0].body
    assert note in Notification.objects.get(user=applicant).body
    page = client_for(applicant).get("/notifications/").content.decode()
    assert "صورة &quot;الهوية&quot; &amp; عقد الإيجار &lt;غير واضحة&gt;" in page

"""The Taqnyat SMS backend against the stand-in provider over HTTP: what it sends, how each
answer is classified, and what the delivery task makes of it (sent with the provider's id,
failed at once with the reason, or tried again later)."""

import time

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from makin.models import Delivery
from makin.notifications import notify
from makin.sms import PermanentSendError, SmsError, sms_parts
from makin.sms_gateway import TaqnyatSmsBackend
from tests.factories import ApplicantFactory

ARABIC = "مكين: تم استلام طلبك رقم MK-1447-000001"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (0, 160, "GSM-7")),
        ("Hello", (1, 160, "GSM-7")),
        ("a" * 160, (1, 160, "GSM-7")),
        ("a" * 161, (2, 153, "GSM-7")),
        ("a" * 307, (3, 153, "GSM-7")),
        ("[" * 80, (1, 160, "GSM-7")),  # extension characters count twice
        ("[" * 81, (2, 153, "GSM-7")),
        ("مرحبا", (1, 70, "UCS-2")),
        ("م" * 70, (1, 70, "UCS-2")),
        ("م" * 71, (2, 67, "UCS-2")),
        ("م" * 135, (3, 67, "UCS-2")),
        ("a" * 69 + "م", (1, 70, "UCS-2")),  # one Arabic letter makes all of it UCS-2
    ],
)
def test_sms_parts_counts_gsm7_and_arabic(text, expected):
    assert sms_parts(text) == expected


def test_the_backend_posts_taqnyats_documented_request(providers):
    message_id = TaqnyatSmsBackend().send("+966551234567", ARABIC)
    assert message_id == "7001"
    [request] = providers.received
    assert request["path"] == "/v1/messages"
    assert request["headers"]["Authorization"] == "Bearer taqnyat-test-token"
    assert request["headers"]["Content-Type"] == "application/json; charset=utf-8"
    # Arabic travels as Unicode text, the number as digits only.
    assert request["json"] == {"recipients": ["966551234567"], "body": ARABIC, "sender": "MAKIN"}


@pytest.mark.parametrize(
    ("answer", "error", "reason"),
    [
        ("permanent", PermanentSendError, "Taqnyat 400: Sender name is not active or not found"),
        ("bad_number", PermanentSendError, "Taqnyat: number rejected"),
        ("temporary", SmsError, "Taqnyat 503: Service Unavailable"),
        ("rate_limited", SmsError, "Taqnyat 429: Too Many Requests"),
        ("slow", SmsError, "timeout"),
    ],
)
def test_each_refusal_is_classified(providers, answer, error, reason):
    providers.answer = answer
    with pytest.raises(error) as raised:
        TaqnyatSmsBackend().send("+966551234567", "hello")
    assert type(raised.value) is error
    assert str(raised.value) == reason


def test_a_wrong_token_is_a_permanent_refusal(providers, settings):
    settings.MAKIN_TAQNYAT_TOKEN = "wrong"
    with pytest.raises(PermanentSendError, match=r"^Taqnyat 401: Unauthorized$"):
        TaqnyatSmsBackend().send("+966551234567", "hello")


def test_the_slow_answer_gives_up_after_the_timeout(providers):
    providers.answer = "slow"
    started = time.monotonic()
    with pytest.raises(SmsError):
        TaqnyatSmsBackend().send("+966551234567", "hello")
    assert time.monotonic() - started < 1.4


def test_a_closed_port_is_a_temporary_failure(providers, settings):
    settings.MAKIN_TAQNYAT_BASE_URL = "http://127.0.0.1:9"
    with pytest.raises(SmsError, match=r"^connection: URLError$"):
        TaqnyatSmsBackend().send("+966551234567", "hello")


def test_the_backend_needs_its_token_and_sender(settings):
    settings.MAKIN_TAQNYAT_TOKEN = ""
    settings.MAKIN_TAQNYAT_SENDER = "MAKIN"
    with pytest.raises(ImproperlyConfigured):
        TaqnyatSmsBackend()


def _notify_sms(django_capture_on_commit_callbacks):
    user = ApplicantFactory(email="", mobile="+966551234567")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notify(user=user, event="account_created", sms=True)
    return Delivery.objects.get(notification__user=user, medium="sms")


@pytest.mark.django_db
def test_a_sent_sms_keeps_the_providers_message_id(providers, django_capture_on_commit_callbacks):
    delivery = _notify_sms(django_capture_on_commit_callbacks)
    assert (delivery.state, delivery.provider_message_id, delivery.attempts) == ("sent", "7001", 1)
    assert providers.received[0]["json"]["body"] == "مكين: حسابك في البوابة جاهز. أهلًا بك."


@pytest.mark.django_db
def test_a_permanent_refusal_fails_the_delivery_at_once_with_the_reason(
    providers, django_capture_on_commit_callbacks
):
    providers.answer = "permanent"
    delivery = _notify_sms(django_capture_on_commit_callbacks)
    assert delivery.state == "failed"
    assert delivery.attempts == 1
    assert delivery.last_error == (
        "PermanentSendError: Taqnyat 400: Sender name is not active or not found"
    )
    assert len(providers.received) == 1


@pytest.mark.django_db
def test_a_temporary_refusal_leaves_the_delivery_waiting_for_a_retry(
    providers, django_capture_on_commit_callbacks
):
    providers.answer = "temporary"
    delivery = _notify_sms(django_capture_on_commit_callbacks)
    assert (delivery.state, delivery.attempts) == ("pending", 1)
    assert delivery.last_error == "SmsError: Taqnyat 503: Service Unavailable"

"""The providers' webhooks under /hooks/: the stand-in provider posts receipts and messages,
signed or not; the portal checks each, stores each provider message once, and says nothing
personal in its log."""

import json
import logging

import pytest
from django.db import transaction
from django.utils import timezone

from makin.models import Delivery
from makin.notifications import notify
from messaging.models import InboundMessage
from requests.models import ContactLog
from tests.factories import ApplicantFactory, BeneficiaryFactory
from tests.makin import fake_providers as fake

pytestmark = pytest.mark.django_db

WA = "/hooks/whatsapp/"
TQ = "/hooks/sms/taqnyat/"
SECRET = {"HTTP_X_MAKIN_HOOK_SECRET": "taqnyat-hook-secret"}


def post_whatsapp(client, payload, *, secret=fake.APP_SECRET, signature=None):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return client.post(
        WA,
        body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=signature or fake.meta_signature(body, secret),
    )


def post_taqnyat(client, payload, **headers):
    body = payload if isinstance(payload, bytes) else json.dumps(payload)
    return client.post(TQ, body, content_type="application/json", **{**SECRET, **headers})


# The handshake ------------------------------------------------------------------------------


def test_the_handshake_echoes_the_challenge_for_the_right_token(client, providers):
    response = client.get(
        WA,
        {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "1158201444"},
    )
    assert (response.status_code, response.content) == (200, b"1158201444")


@pytest.mark.parametrize(
    "query",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": "verify-me", "hub.challenge": "1"},
        {"hub.challenge": "1"},
    ],
)
def test_the_handshake_refuses_a_wrong_token(client, providers, query):
    assert client.get(WA, query).status_code == 403


def test_without_a_verify_token_configured_every_handshake_is_refused(client, settings):
    settings.MAKIN_WHATSAPP_VERIFY_TOKEN = ""
    response = client.get(
        WA, {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"}
    )
    assert response.status_code == 403


# Inbound messages ---------------------------------------------------------------------------


def test_a_whatsapp_message_from_a_known_mobile_goes_on_the_file(client, providers):
    file = BeneficiaryFactory(mobile="+966551234567")
    response = post_whatsapp(
        client, fake.whatsapp_inbound("wamid.IN1", "966551234567", "متى موعد اللجنة؟")
    )
    assert response.status_code == 200
    message = InboundMessage.objects.get()
    assert (message.provider, message.sender, message.text, message.state) == (
        "whatsapp",
        "+966551234567",
        "متى موعد اللجنة؟",
        "unread",
    )
    assert message.beneficiary == file
    contact = ContactLog.objects.get()
    assert (contact.beneficiary, contact.channel, contact.summary, contact.officer) == (
        file,
        "social_media",
        "متى موعد اللجنة؟",
        None,
    )
    assert message.contact == contact
    assert "sessionid" not in response.cookies
    assert "csrftoken" not in response.cookies


def test_an_sms_reply_from_a_known_mobile_is_a_phone_contact(client, providers):
    file = BeneficiaryFactory(mobile="+966551234567")
    response = post_taqnyat(client, fake.taqnyat_inbound("88001", "966551234567", "شكرًا لكم"))
    assert response.status_code == 200
    contact = ContactLog.objects.get()
    assert (contact.beneficiary, contact.channel, contact.summary) == (file, "phone", "شكرًا لكم")


def test_a_message_from_an_unknown_number_waits_without_a_file(client, providers):
    response = post_whatsapp(client, fake.whatsapp_inbound("wamid.IN2", "966559999999", "مرحبا"))
    assert response.status_code == 200
    message = InboundMessage.objects.get()
    assert (message.beneficiary, message.contact, message.state) == (None, None, "unread")
    assert ContactLog.objects.count() == 0


def test_a_replayed_message_id_is_stored_once(client, providers):
    BeneficiaryFactory(mobile="+966551234567")
    payload = fake.whatsapp_inbound("wamid.IN3", "966551234567", "السلام عليكم")
    assert [post_whatsapp(client, payload).status_code for _ in range(3)] == [200, 200, 200]
    assert InboundMessage.objects.count() == 1
    assert ContactLog.objects.count() == 1
    payload = fake.taqnyat_inbound("88002", "966551234567", "السلام عليكم")
    assert [post_taqnyat(client, payload).status_code for _ in range(2)] == [200, 200]
    assert InboundMessage.objects.count() == 2
    assert ContactLog.objects.count() == 2


@pytest.mark.parametrize("sender", ["447700900123", "201001234567", "966112345678", "12"])
def test_a_number_that_is_not_a_saudi_mobile_is_acknowledged_and_not_stored(
    client, providers, sender
):
    assert post_whatsapp(client, fake.whatsapp_inbound("wamid.X", sender, "hi")).status_code == 200
    assert post_taqnyat(client, fake.taqnyat_inbound("9", sender, "hi")).status_code == 200
    assert InboundMessage.objects.count() == 0


# Refused requests ---------------------------------------------------------------------------


def test_a_wrong_signature_is_refused_and_nothing_is_stored(client, providers):
    payload = fake.whatsapp_inbound("wamid.IN4", "966551234567", "hi")
    assert post_whatsapp(client, payload, secret="not-the-app-secret").status_code == 403
    assert post_whatsapp(client, payload, signature="sha256=00").status_code == 403
    body = json.dumps(payload).encode()
    assert client.post(WA, body, content_type="application/json").status_code == 403
    assert InboundMessage.objects.count() == 0


def test_a_wrong_or_missing_shared_secret_is_refused(client, providers):
    payload = fake.taqnyat_inbound("88003", "966551234567", "hi")
    assert post_taqnyat(client, payload, HTTP_X_MAKIN_HOOK_SECRET="guess").status_code == 403
    response = client.post(TQ, json.dumps(payload), content_type="application/json")
    assert response.status_code == 403
    assert InboundMessage.objects.count() == 0


def test_without_a_secret_configured_every_post_is_refused(client, settings):
    settings.MAKIN_TAQNYAT_HOOK_SECRET = ""
    payload = fake.taqnyat_inbound("88004", "966551234567", "hi")
    assert post_taqnyat(client, payload, HTTP_X_MAKIN_HOOK_SECRET="").status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[1, 2]",
        b"\xff\xfe",
        json.dumps({"object": "page", "entry": []}).encode(),
        json.dumps({"object": "whatsapp_business_account", "entry": [5]}).encode(),
        json.dumps(
            {
                "object": "whatsapp_business_account",
                "entry": [{"changes": [{"value": {"messages": [{"from": "966551234567"}]}}]}],
            }
        ).encode(),
    ],
)
def test_a_malformed_signed_body_is_a_bad_request(client, providers, body):
    assert post_whatsapp(client, body).status_code == 400
    assert InboundMessage.objects.count() == 0


@pytest.mark.parametrize(
    "payload",
    [
        b"{not json",
        {"type": "inbound", "from": "966551234567", "body": "no id"},
        {"type": "inbound", "messageId": "1", "from": "966551234567"},
        {"type": "something", "messageId": "1"},
        {"type": "receipt", "messageId": "1"},
    ],
)
def test_a_malformed_taqnyat_body_is_a_bad_request(client, providers, payload):
    assert post_taqnyat(client, payload).status_code == 400
    assert InboundMessage.objects.count() == 0


def test_an_oversize_body_is_refused_before_it_is_read(client, providers, settings):
    settings.MAKIN_HOOK_MAX_BYTES = 1000
    payload = fake.whatsapp_inbound("wamid.BIG", "966551234567", "ا" * 600)
    assert post_whatsapp(client, payload).status_code == 400
    assert (
        post_taqnyat(client, fake.taqnyat_inbound("88005", "966551234567", "ا" * 600)).status_code
        == 400
    )
    assert InboundMessage.objects.count() == 0


def test_other_methods_are_not_allowed(client, providers):
    assert client.put(WA, b"{}").status_code == 405
    assert client.get(TQ).status_code == 405


# Delivery receipts --------------------------------------------------------------------------


def _sms_sent(django_capture_on_commit_callbacks):
    user = ApplicantFactory(email="", mobile="+966551234567")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notify(user=user, event="account_created", sms=True)
    return Delivery.objects.get(notification__user=user)


def test_a_taqnyat_receipt_marks_the_sms_delivered(
    client, providers, django_capture_on_commit_callbacks
):
    delivery = _sms_sent(django_capture_on_commit_callbacks)
    assert delivery.provider_message_id == "7001"
    response = post_taqnyat(client, fake.taqnyat_receipt(7001, "delivered"))
    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.state == "delivered"
    assert delivery.delivered_at is not None


def test_a_failed_receipt_keeps_the_reason_for_the_admin_and_the_file(
    client, admin_client, providers, django_capture_on_commit_callbacks
):
    delivery = _sms_sent(django_capture_on_commit_callbacks)
    response = post_taqnyat(
        client, fake.taqnyat_receipt(7001, "undelivered", reason="Absent subscriber")
    )
    assert response.status_code == 200
    delivery.refresh_from_db()
    assert (delivery.state, delivery.last_error) == ("failed", "Receipt: Absent subscriber")
    page = admin_client.get(f"/admin/makin/delivery/{delivery.pk}/change/").content.decode()
    assert "Receipt: Absent subscriber" in page


def test_a_whatsapp_status_marks_the_message_delivered_and_a_replay_changes_nothing(
    client, providers, django_capture_on_commit_callbacks
):
    file = BeneficiaryFactory(
        mobile="+966551234567", preferred_medium="whatsapp", whatsapp_consented_at=timezone.now()
    )
    from beneficiaries.selectors import beneficiary_recipient

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notify(
            user=beneficiary_recipient(file),
            event="survey_invitation",
            context={"url": "https://makin.example/s/x/", "days": 14},
            sms=True,
        )
    delivery = Delivery.objects.get(medium="whatsapp")
    for status in ("sent", "delivered", "delivered", "read"):
        response = post_whatsapp(client, fake.whatsapp_status("wamid.TEST0001", status))
        assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.state == "delivered"


def test_a_receipt_for_an_unknown_message_is_acknowledged(client, providers):
    assert post_taqnyat(client, fake.taqnyat_receipt(1, "delivered")).status_code == 200
    assert post_whatsapp(client, fake.whatsapp_status("wamid.NONE", "failed")).status_code == 200


def test_the_log_names_the_event_but_not_the_number_or_the_text(client, providers, caplog):
    BeneficiaryFactory(mobile="+966551234567")
    with caplog.at_level(logging.INFO, logger="messaging.hooks"):
        post_whatsapp(client, fake.whatsapp_inbound("wamid.LOG", "966551234567", "سر شخصي"))
        post_whatsapp(client, fake.whatsapp_inbound("wamid.LOG2", "966551234567", "x"), secret="x")
    text = caplog.text
    assert "wamid.LOG: stored" in text
    assert "bad signature" in text
    assert "551234567" not in text
    assert "سر شخصي" not in text


# Over real HTTP, as the provider posts ---------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_provider_posts_over_http_to_the_running_portal(live_server, providers):
    BeneficiaryFactory(mobile="+966551234567")
    payload = fake.whatsapp_inbound("wamid.HTTP", "966551234567", "عبر الشبكة")
    body = json.dumps(payload).encode()
    signed = {"X-Hub-Signature-256": fake.meta_signature(body)}
    assert fake.post(live_server.url + WA, body, headers=signed) == 200
    assert fake.post(live_server.url + WA, body, headers={"X-Hub-Signature-256": "sha256=0"}) == 403
    assert InboundMessage.objects.get().text == "عبر الشبكة"


def test_the_persons_file_shows_the_failed_message_and_its_reason(
    client, client_for, providers, django_capture_on_commit_callbacks
):
    from beneficiaries.selectors import beneficiary_recipient
    from makin.roles import Role
    from tests.factories import staff

    file = BeneficiaryFactory(mobile="+966551234567")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notify(
            user=beneficiary_recipient(file),
            event="survey_invitation",
            context={"url": "https://makin.example/s/y/", "days": 14},
            sms=True,
        )
    post_taqnyat(client, fake.taqnyat_receipt(7001, "failed", reason="Absent subscriber"))
    page = client_for(staff(Role.RECEPTION)).get(f"/staff/files/{file.pk}/").content.decode()
    assert "الرسائل المرسلة" in page
    assert "تعذّر الإرسال" in page
    assert "Receipt: Absent subscriber" in page

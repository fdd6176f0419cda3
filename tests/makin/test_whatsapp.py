"""WhatsApp through the Cloud API (the stand-in over HTTP): approved templates for people who
chose WhatsApp and consented to it, SMS for everyone else, and SMS again when WhatsApp refuses."""

import pytest
from django.db import transaction
from django.utils import timezone

from beneficiaries.forms import ApplicantFileForm
from beneficiaries.models import Beneficiary
from beneficiaries.selectors import beneficiary_recipient
from makin.models import Delivery
from makin.notifications import notify
from makin.services import delivery_receipt
from makin.sms import PermanentSendError, SmsError
from makin.whatsapp import CloudApiWhatsAppBackend
from tests.beneficiaries.test_forms import valid_data
from tests.beneficiaries.test_views import file_post
from tests.factories import ApplicantFactory, BeneficiaryFactory, make_national_id

TEXT = "مكين: تغيّرت حالة طلبك MK-1447-000001"


def test_a_template_message_is_posted_in_the_cloud_api_format(providers):
    message_id = CloudApiWhatsAppBackend().send_template(
        "+966551234567", "makin_status_changed", "ar", [TEXT]
    )
    assert message_id == "wamid.TEST0001"
    [request] = providers.received
    assert request["path"] == "/v21.0/106540352242922/messages"
    assert request["headers"]["Authorization"] == "Bearer meta-test-token"
    assert request["json"] == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "966551234567",
        "type": "template",
        "template": {
            "name": "makin_status_changed",
            "language": {"code": "ar"},
            "components": [{"type": "body", "parameters": [{"type": "text", "text": TEXT}]}],
        },
    }


def test_a_free_text_reply_is_posted_as_a_text_message(providers):
    CloudApiWhatsAppBackend().send_text("+966551234567", "وعليكم السلام")
    assert providers.received[0]["json"] == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "966551234567",
        "type": "text",
        "text": {"preview_url": False, "body": "وعليكم السلام"},
    }


@pytest.mark.parametrize(
    ("answer", "error", "reason"),
    [
        (
            "permanent",
            PermanentSendError,
            "WhatsApp 404: 132001 Template name does not exist in the translation",
        ),
        ("temporary", SmsError, "WhatsApp 500: 131016 Service unavailable"),
        ("rate_limited", SmsError, "WhatsApp 400: 130429 Rate limit hit"),
        ("slow", SmsError, "timeout"),
    ],
)
def test_each_cloud_api_refusal_is_classified(providers, answer, error, reason):
    providers.answer = answer
    with pytest.raises(error) as raised:
        CloudApiWhatsAppBackend().send_template("+966551234567", "t", "ar", ["x"])
    assert type(raised.value) is error
    assert str(raised.value) == reason


def _tell(file, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        return notify(
            user=beneficiary_recipient(file),
            event="survey_invitation",
            context={"url": "https://makin.example/s/abc/", "days": 14},
            sms=True,
        )


def _whatsapp_file(**extra):
    return BeneficiaryFactory(
        mobile="+966551234567",
        preferred_medium="whatsapp",
        whatsapp_consented_at=timezone.now(),
        **extra,
    )


@pytest.mark.django_db
def test_a_person_who_chose_whatsapp_gets_the_approved_template(
    providers, django_capture_on_commit_callbacks
):
    notification = _tell(_whatsapp_file(), django_capture_on_commit_callbacks)
    [delivery] = notification.deliveries.all()
    assert (delivery.medium, delivery.template, delivery.state) == (
        "whatsapp",
        "makin_survey_invitation",
        "sent",
    )
    assert delivery.provider_message_id == "wamid.TEST0001"
    [request] = providers.received
    assert request["json"]["template"]["name"] == "makin_survey_invitation"
    assert (
        "https://makin.example/s/abc/"
        in (request["json"]["template"]["components"][0]["parameters"][0]["text"])
    )


@pytest.mark.django_db
def test_an_account_holder_who_chose_whatsapp_gets_it_too(
    providers, django_capture_on_commit_callbacks
):
    owner = ApplicantFactory(email="", mobile="+966551234567")
    notification = _tell(_whatsapp_file(owner=owner), django_capture_on_commit_callbacks)
    assert [d.medium for d in notification.deliveries.all()] == ["whatsapp"]


@pytest.mark.django_db
def test_without_consent_on_record_the_message_goes_by_sms(
    providers, django_capture_on_commit_callbacks
):
    file = BeneficiaryFactory(mobile="+966551234567", preferred_medium="whatsapp")
    notification = _tell(file, django_capture_on_commit_callbacks)
    assert [d.medium for d in notification.deliveries.all()] == ["sms"]
    assert [r["path"] for r in providers.received] == ["/v1/messages"]


@pytest.mark.django_db
def test_with_whatsapp_switched_off_everyone_gets_sms(
    providers, settings, django_capture_on_commit_callbacks
):
    settings.MAKIN_WHATSAPP_BACKEND = ""
    notification = _tell(_whatsapp_file(), django_capture_on_commit_callbacks)
    assert [d.medium for d in notification.deliveries.all()] == ["sms"]


@pytest.mark.django_db
def test_a_refused_template_falls_back_to_sms_at_once(
    providers, django_capture_on_commit_callbacks
):
    providers.answer = "permanent"
    notification = _tell(_whatsapp_file(), django_capture_on_commit_callbacks)
    deliveries = {d.medium: d for d in notification.deliveries.all()}
    assert deliveries["whatsapp"].state == "failed"
    assert deliveries["whatsapp"].attempts == 1
    assert deliveries["whatsapp"].last_error == (
        "PermanentSendError: WhatsApp 404: 132001 Template name does not exist in the translation"
    )
    # The stand-in refuses everything in this mode, so the SMS is refused too: but it was tried.
    assert deliveries["sms"].text == deliveries["whatsapp"].text
    assert [r["path"] for r in providers.received] == [
        "/v21.0/106540352242922/messages",
        "/v1/messages",
    ]


@pytest.mark.django_db
def test_a_failed_receipt_for_a_template_sends_the_sms_instead(
    providers, django_capture_on_commit_callbacks
):
    notification = _tell(_whatsapp_file(), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        delivery_receipt(
            medium="whatsapp",
            provider_message_id="wamid.TEST0001",
            delivered=False,
            reason="131026 Message undeliverable",
        )
    deliveries = {d.medium: d for d in notification.deliveries.all()}
    assert deliveries["whatsapp"].state == "failed"
    assert deliveries["whatsapp"].last_error == "Receipt: 131026 Message undeliverable"
    assert (deliveries["sms"].state, deliveries["sms"].provider_message_id) == ("sent", "7002")


@pytest.mark.django_db
def test_a_delivered_receipt_is_kept_and_a_replay_changes_nothing(
    providers, django_capture_on_commit_callbacks
):
    notification = _tell(_whatsapp_file(), django_capture_on_commit_callbacks)
    for _ in range(2):
        delivery_receipt(medium="whatsapp", provider_message_id="wamid.TEST0001", delivered=True)
    delivered_at = Delivery.objects.get(notification=notification).delivered_at
    delivery_receipt(
        medium="whatsapp", provider_message_id="wamid.TEST0001", delivered=False, reason="late"
    )
    delivery = Delivery.objects.get(notification=notification)
    assert (delivery.state, delivery.delivered_at, delivery.last_error) == (
        "delivered",
        delivered_at,
        "",
    )


# The choice in the person's file -----------------------------------------------------------


@pytest.mark.django_db
def test_choosing_whatsapp_without_agreeing_is_refused_in_arabic():
    form = ApplicantFileForm(
        data=valid_data(preferred_medium="whatsapp"), national_id=make_national_id(1)
    )
    assert not form.is_valid()
    assert form.errors["whatsapp_consent"] == [
        "لاستلام الرسائل عبر واتساب، أشِر إلى موافقتك على ذلك."
    ]
    assert Beneficiary.objects.count() == 0


@pytest.mark.django_db
def test_choosing_whatsapp_with_consent_records_when_and_sms_withdraws_it(client):
    applicant = ApplicantFactory(national_id=make_national_id(2))
    client.force_login(applicant, backend="makin.backends.IdentifierBackend")
    response = client.post(
        "/my/file/new/", file_post(preferred_medium="whatsapp", whatsapp_consent="on")
    )
    assert response.status_code == 302
    file = Beneficiary.objects.get(owner=applicant)
    assert file.preferred_medium == "whatsapp"
    assert file.whatsapp_consented_at is not None
    assert file.message_medium == "whatsapp"
    response = client.post(
        "/my/file/edit/", file_post(preferred_medium="sms", **{"incomes-TOTAL_FORMS": "0"})
    )
    assert response.status_code == 302
    file.refresh_from_db()
    assert (file.preferred_medium, file.whatsapp_consented_at) == ("sms", None)


@pytest.mark.django_db
def test_a_template_written_before_whatsapp_was_switched_off_goes_by_sms(
    providers, settings, django_capture_on_commit_callbacks
):
    with transaction.atomic():
        notification = notify(
            user=beneficiary_recipient(_whatsapp_file()),
            event="survey_invitation",
            context={"url": "https://makin.example/s/abc/", "days": 14},
            sms=True,
        )
    settings.MAKIN_WHATSAPP_BACKEND = ""
    from makin.tasks import send_delivery

    with django_capture_on_commit_callbacks(execute=True):
        send_delivery.enqueue(notification.deliveries.get().pk)
    deliveries = {d.medium: (d.state, d.last_error) for d in notification.deliveries.all()}
    assert deliveries == {
        "whatsapp": ("failed", "PermanentSendError: WhatsApp is switched off"),
        "sms": ("sent", ""),
    }

"""The desk's inbox: unread messages first, attaching an unknown sender's message to a file,
discarding it, and replying through the medium the person wrote on."""

import pytest

from makin.models import Delivery
from makin.roles import Role
from messaging.models import InboundMessage
from requests.models import ContactLog
from tests.factories import ApplicantFactory, BeneficiaryFactory, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client):
    user = staff(Role.RECEPTION, first_name="سارة", last_name="العنزي")
    client.force_login(user, backend="makin.backends.IdentifierBackend")
    client.user = user
    return client


def _message(provider="taqnyat", n=1, sender="+966551234567", **extra):
    return InboundMessage.objects.create(
        provider=provider, provider_message_id=str(n), sender=sender, text="متى موعدي؟", **extra
    )


def test_the_inbox_lists_unread_messages_in_a_fixed_number_of_queries(
    desk, django_assert_num_queries
):
    file = BeneficiaryFactory(mobile="+966551234567")
    for n in range(5):
        _message(n=n, beneficiary=file if n % 2 else None)
    _message(n=9, state="read")
    # session, user with their roles, count, the page of messages with their files
    with django_assert_num_queries(3):
        page = desk.get("/staff/inbox/").content.decode()
    assert page.count("متى موعدي؟") == 5
    assert page.count("رقم غير معروف") == 3
    assert desk.get("/staff/inbox/?state=read").content.decode().count("متى موعدي؟") == 1


def test_attaching_an_unknown_senders_message_logs_it_on_the_file(desk):
    file = BeneficiaryFactory(national_id="1000000008")
    message = _message(sender="+966559999999")
    response = desk.post(f"/staff/inbox/{message.pk}/attach/", {"national_id": "١٠٠٠٠٠٠٠٠٨"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.beneficiary, message.state, message.handled_by) == (file, "read", desk.user)
    contact = ContactLog.objects.get()
    assert (contact.beneficiary, contact.channel, contact.summary, contact.officer) == (
        file,
        "phone",
        "متى موعدي؟",
        desk.user,
    )


@pytest.mark.parametrize(
    ("national_id", "error"),
    [
        ("1000000008", "لا يوجد ملف برقم الهوية هذا."),
        ("123", "رقم الهوية"),
        ("", "هذا الحقل مطلوب"),
    ],
)
def test_attaching_to_a_missing_file_is_refused_in_arabic(desk, national_id, error):
    message = _message()
    response = desk.post(f"/staff/inbox/{message.pk}/attach/", {"national_id": national_id})
    assert response.status_code == 400
    assert error in response.content.decode()
    message.refresh_from_db()
    assert (message.beneficiary, message.state) == (None, "unread")
    assert ContactLog.objects.count() == 0


def test_discarding_takes_the_message_out_of_the_queue(desk):
    message = _message()
    assert desk.post(f"/staff/inbox/{message.pk}/discard/").status_code == 302
    message.refresh_from_db()
    assert message.state == "discarded"
    assert "متى موعدي؟" not in desk.get("/staff/inbox/").content.decode()


def test_a_message_on_a_file_cannot_be_discarded(desk):
    message = _message(beneficiary=BeneficiaryFactory())
    response = desk.post(f"/staff/inbox/{message.pk}/discard/", follow=True)
    assert "لا يمكن تجاهل رسالة مرتبطة بملف." in response.content.decode()
    message.refresh_from_db()
    assert message.state == "unread"


def test_an_sms_reply_goes_through_the_gateway_and_on_the_file(
    desk, providers, django_capture_on_commit_callbacks
):
    owner = ApplicantFactory()
    file = BeneficiaryFactory(mobile="+966551234567", owner=owner)
    message = _message(beneficiary=file)
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(f"/staff/inbox/{message.pk}/reply/", {"text": "موعدك الأحد"})
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert (delivery.medium, delivery.address, delivery.text, delivery.state) == (
        "sms",
        "+966551234567",
        "موعدك الأحد",
        "sent",
    )
    assert delivery.notification.user == owner
    assert providers.received[0]["json"]["body"] == "موعدك الأحد"
    contact = ContactLog.objects.get()
    assert (contact.summary, contact.officer, contact.channel) == (
        "موعدك الأحد",
        desk.user,
        "phone",
    )
    message.refresh_from_db()
    assert message.state == "read"


def test_a_whatsapp_message_is_answered_by_whatsapp_text(
    desk, providers, django_capture_on_commit_callbacks
):
    message = _message(provider="whatsapp")
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(f"/staff/inbox/{message.pk}/reply/", {"text": "أهلًا بك"})
    delivery = Delivery.objects.get()
    assert (delivery.medium, delivery.template, delivery.state) == ("whatsapp", "", "sent")
    assert providers.received[0]["json"]["text"] == {"preview_url": False, "body": "أهلًا بك"}
    assert ContactLog.objects.count() == 0  # no file yet: nothing to log on


@pytest.mark.parametrize(
    ("text", "error"),
    [("   ", "اكتب الرد أولًا."), ("ا" * 1001, "الرد طويل")],
)
def test_an_empty_or_overlong_reply_is_refused_in_arabic_and_nothing_is_sent(desk, text, error):
    message = _message()
    response = desk.post(f"/staff/inbox/{message.pk}/reply/", {"text": text})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert Delivery.objects.count() == 0
    message.refresh_from_db()
    assert message.state == "unread"


def test_the_reply_form_shows_what_the_text_will_cost_in_sms(desk):
    message = _message()
    page = desk.get(f"/staff/inbox/{message.pk}/").content.decode()
    assert 'data-sms-count-for="id_text"' in page
    assert "0 حرفًا: 0 رسالة نصية (160 حرفًا لكل رسالة)" in page
    assert "js/sms-parts.js" in page
    response = desk.post(f"/staff/inbox/{message.pk}/reply/", {"text": "ا" * 1001})
    assert "1001 حرفًا: 15 رسالة نصية (67 حرفًا لكل رسالة)" in response.content.decode()


def test_the_desk_finds_the_inbox_in_its_navigation(desk):
    page = desk.get("/staff/inbox/").content.decode()
    assert 'href="/staff/inbox/"' in page


def test_the_feedback_reply_shows_its_sms_cost_too(desk, applicant):
    from surveys import services as survey_services

    item = survey_services.feedback_submit(
        kind="complaint", subject="تأخر", body="ن", user=applicant
    )
    page = desk.get(f"/staff/feedback/{item.reference}/").content.decode()
    assert 'data-sms-count-for="id_reply"' in page
    assert "js/sms-parts.js" in page

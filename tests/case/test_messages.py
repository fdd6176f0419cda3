"""Messages that are sent: the activation invitation goes through `notify` and the page says
so only when a message was queued; with no mobile, reception prints the link."""

import pytest

from makin import sms
from makin.models import Delivery
from makin.roles import Role
from tests.factories import FileFactory, staff

pytestmark = pytest.mark.django_db


def test_the_invitation_is_sent_by_sms_and_the_page_says_so(
    client_for, django_capture_on_commit_callbacks
):
    sms.outbox.clear()
    file = FileFactory(owner=None, mobile="+966501234567", email="")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff(Role.RECEPTION)).post(f"/staff/files/{file.pk}/invite/")
    page = response.content.decode()
    assert "الرابط في طريقه برسالة نصية إلى جوال الملف." in page
    ((to, text),) = sms.outbox
    assert to == "+966501234567"
    assert "/activate/" in text


def test_without_a_mobile_nothing_is_claimed_and_the_link_is_printed(client_for):
    sms.outbox.clear()
    file = FileFactory(owner=None, mobile="", email="")
    response = client_for(staff(Role.RECEPTION)).post(f"/staff/files/{file.pk}/invite/")
    page = response.content.decode()
    assert "لا رقم جوال ولا بريد إلكتروني في الملف: لم يُرسل شيء." in page
    assert "برسالة نصية" not in page
    assert response.context["link"] in page
    assert not Delivery.objects.exists()


def test_notifications_link_to_what_they_are_about(client_for, django_capture_on_commit_callbacks):
    from requests.models import Status
    from requests.services import request_transition
    from tests.factories import ApplicantFactory, SupportRequestFactory

    owner = ApplicantFactory()
    req = SupportRequestFactory(status=Status.SUBMITTED, beneficiary__owner=owner)
    request_transition(request=req, to=Status.INCOMPLETE, actor=staff(Role.RECEPTION), note="x")
    page = client_for(owner).get("/notifications/").content.decode()
    url = f"http://127.0.0.1:8000/my/requests/{req.reference}/"
    assert f'<a href="{url}"' in page

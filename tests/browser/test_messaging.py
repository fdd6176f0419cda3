"""In Chromium: the desk answers a message from the inbox, and the SMS counter under the reply
follows what is typed (Arabic costs 70 characters per SMS, 67 per part beyond)."""

import pytest
from playwright.sync_api import expect

from makin.roles import Role
from messaging.models import InboundMessage
from tests.browser.conftest import log_in
from tests.factories import staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_reply_counter_follows_the_text(page, live_server, shot):
    staff(Role.RECEPTION, username="desk")
    InboundMessage.objects.create(
        provider="taqnyat", provider_message_id="1", sender="+966559999999", text="متى موعدي؟"
    )
    log_in(page, live_server.url, "desk")
    page.goto(f"{live_server.url}/staff/inbox/")
    page.get_by_role("link", name="متى موعدي؟").click()
    reply = page.get_by_role("textbox", name="الرد")
    counter = page.locator("[data-sms-count-for=id_text]")
    expect(counter).to_have_text("0 حرفًا: 0 رسالة نصية (160 حرفًا لكل رسالة)")
    reply.fill("Hello")
    expect(counter).to_have_text("5 حرفًا: 1 رسالة نصية (160 حرفًا لكل رسالة)")
    reply.fill("م" * 71)
    expect(counter).to_have_text("71 حرفًا: 2 رسالة نصية (67 حرفًا لكل رسالة)")
    shot("inbox-reply-ar")

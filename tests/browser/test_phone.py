"""In Chromium at 390 px: the staff queue is a list of cards, reference, person, status and
deadline first, with nothing scrolling sideways."""

import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from makin.roles import Role
from tests.browser.conftest import log_in
from tests.factories import SupportRequestFactory, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("prefix", "due_text"), [("", "متأخر"), ("/en", "Overdue")])
def test_the_queue_on_a_phone_is_cards_with_the_essentials_first(
    page, live_server, shot, prefix, due_text
):
    reception = staff(Role.RECEPTION)
    SupportRequestFactory(
        reference="MK-1448-000042",
        status="verified",
        submitted_at=timezone.now(),
        decision_due=timezone.localdate() - datetime.timedelta(days=2),
        beneficiary__first_name="سارة",
    )
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, reception.username)
    page.goto(f"{live_server.url}{prefix}/staff/requests/")
    row = page.locator("table.table-cards tbody tr").first
    expect(row).to_contain_text("MK-1448-000042")
    cells = row.locator("td")
    tops = [cells.nth(i).bounding_box()["y"] for i in range(cells.count())]
    # Columns: reference, person, service, status, channel, submitted, due.
    first_four = [tops[0], tops[1], tops[3], tops[6]]
    assert max(first_four) < min(tops[2], tops[4], tops[5])
    expect(cells.nth(6)).to_contain_text(due_text)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    expect(page.locator("table.table-cards thead")).not_to_be_in_viewport()
    shot(f"queue-phone{prefix.replace('/', '-') or '-ar'}")


# (who, address, the columns that come first on a card, counted from 0, of the list's columns).
# The inbox and the delivery queue share the cards but are empty in the demo data.
PHONE_LISTS = [
    ("researcher", "/staff/research/queue/", [0, 1, 3, 6], 7),
    ("reception", "/staff/files/?q=%D8%A7%D9%84", [0, 1], 5),
    ("reception", "/staff/contacts/", [0, 3, 4], 7),
    ("reception", "/staff/feedback/", [0, 3, 4, 5], 6),
    ("chair", "/committee/meetings/", [0, 1, 5], 6),
]


def test_every_staff_list_on_a_phone_is_cards_with_the_essentials_first(page, live_server):
    from django.core.management import call_command

    from demo.accounts import DEMO_PASSWORD

    call_command("load_demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    page.set_viewport_size({"width": 390, "height": 844})
    base = live_server.url
    signed_in = None
    for who, address, first, columns in PHONE_LISTS:
        if who != signed_in:
            page.context.clear_cookies()
            log_in(page, base, who, password=DEMO_PASSWORD)
            signed_in = who
        page.goto(f"{base}{address}")
        row = page.locator("table.table-cards tbody tr").first
        cells = row.locator("td")
        assert cells.count() == columns, address
        # Columns a phone hides altogether (the file search's mobile, birth date, district) have
        # no box.
        boxes = [cells.nth(i).bounding_box() for i in range(columns)]
        assert all(boxes[i] for i in first), address
        rest = [box["y"] for i, box in enumerate(boxes) if box and i not in first]
        assert max(boxes[i]["y"] for i in first) < min(rest, default=10_000), address
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 390, address
        expect(page.locator("table.table-cards thead")).not_to_be_in_viewport()

"""In Chromium, by keyboard alone: the picker beside a date field shows a month of the Hijri
(Umm al-Qura) or Gregorian calendar; arrows move by a day in the page's reading direction or by
a week, Enter picks, Escape closes and gives the focus back to the button."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import ApplicantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_hijri_date_is_picked_by_keyboard(page, live_server):
    applicant = ApplicantFactory()
    log_in(page, live_server.url, applicant.national_id)
    page.goto(live_server.url + "/my/file/")
    field = page.locator("#id_id_expiry")
    field.fill("1448-06-20")  # 30 November 2026
    expect(page.locator("#id_id_expiry_echo")).to_have_text(
        "30 نوفمبر 2026 م — 20 جمادى الآخرة 1448 هـ"
    )
    button = page.locator("#id_id_expiry_pick")
    button.focus()
    page.keyboard.press("Enter")
    picker = page.locator("#id_id_expiry_picker")
    expect(picker.get_by_role("heading")).to_have_text("جمادى الآخرة 1448")
    expect(button).to_have_attribute("aria-expanded", "true")
    focused = picker.locator("[data-date]:focus")
    expect(focused).to_have_attribute("data-typed", "1448-06-20")
    page.keyboard.press("ArrowLeft")  # the next day, in Arabic
    expect(focused).to_have_attribute("data-typed", "1448-06-21")
    page.keyboard.press("ArrowDown")  # a week on
    expect(focused).to_have_attribute("data-typed", "1448-06-28")
    page.keyboard.press("ArrowDown")  # past the month's 29 days, into Rajab
    expect(picker.get_by_role("heading")).to_have_text("رجب 1448")
    expect(focused).to_have_attribute("data-typed", "1448-07-06")
    page.keyboard.press("Enter")
    expect(field).to_have_value("1448-07-06")
    expect(picker).to_be_hidden()
    expect(button).to_be_focused()
    expect(page.locator("#id_id_expiry_echo")).to_have_text("15 ديسمبر 2026 م — 6 رجب 1448 هـ")
    # Escape closes without picking; the Gregorian month is one button away.
    page.keyboard.press("Enter")
    expect(picker.get_by_role("heading")).to_have_text("رجب 1448")
    picker.get_by_role("button", name="اعرض التقويم الميلادي").click()
    expect(picker.get_by_role("heading")).to_have_text("ديسمبر 2026")
    picker.locator("[data-date]:focus").press("Escape")
    expect(picker).to_be_hidden()
    expect(field).to_have_value("1448-07-06")

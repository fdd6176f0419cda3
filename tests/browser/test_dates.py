"""In Chromium, by keyboard alone: the picker beside a date field shows a month of the Hijri
(Umm al-Qura) or Gregorian calendar; arrows move by a day in the page's reading direction or by
a week, Home and End to the week's first and last day, Page Up and Page Down to the same day of
the month before or after (the last day when that month is shorter), Enter picks; Tab stays
inside the open dialog, Escape closes it and gives the focus back to the button."""

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


def open_picker(page, name):
    button = page.locator(f"#id_{name}_pick")
    button.focus()
    page.keyboard.press("Enter")
    return button, page.locator(f"#id_{name}_picker")


def test_home_end_page_keys_and_tab_in_arabic(page, live_server):
    applicant = ApplicantFactory()
    log_in(page, live_server.url, applicant.national_id)
    page.goto(live_server.url + "/my/file/")
    field = page.locator("#id_id_expiry")
    field.fill("1448-06-20")  # a Monday
    button, picker = open_picker(page, "id_expiry")
    focused = picker.locator("[data-date]:focus")
    expect(focused).to_have_attribute("data-typed", "1448-06-20")
    page.keyboard.press("Home")  # Sunday
    expect(focused).to_have_attribute("data-typed", "1448-06-19")
    page.keyboard.press("End")  # Saturday
    expect(focused).to_have_attribute("data-typed", "1448-06-25")
    page.keyboard.press("PageDown")
    expect(picker.get_by_role("heading")).to_have_text("رجب 1448")
    expect(focused).to_have_attribute("data-typed", "1448-07-25")
    page.keyboard.press("PageUp")
    expect(picker.get_by_role("heading")).to_have_text("جمادى الآخرة 1448")
    expect(focused).to_have_attribute("data-typed", "1448-06-25")
    # Tab goes round the dialog: the months' buttons, the other calendar, the day, and back.
    page.keyboard.press("Tab")
    expect(picker.get_by_role("button", name="الشهر السابق")).to_be_focused()
    page.keyboard.press("Tab")
    expect(picker.get_by_role("button", name="الشهر التالي")).to_be_focused()
    page.keyboard.press("Tab")
    expect(picker.get_by_role("button", name="اعرض التقويم الميلادي")).to_be_focused()
    page.keyboard.press("Tab")
    expect(focused).to_have_attribute("data-typed", "1448-06-25")
    page.keyboard.press("Tab")
    expect(picker.get_by_role("button", name="الشهر السابق")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(focused).to_have_attribute("data-typed", "1448-06-25")
    page.keyboard.press("Shift+Tab")
    expect(picker.get_by_role("button", name="اعرض التقويم الميلادي")).to_be_focused()
    page.keyboard.press("Escape")
    expect(picker).to_be_hidden()
    expect(button).to_be_focused()
    expect(field).to_have_value("1448-06-20")
    # Rajab has 30 days, Jumada al-Akhirah 29: Page Up from the 30th lands on the 29th.
    field.fill("1448-07-30")
    open_picker(page, "id_expiry")
    expect(focused).to_have_attribute("data-typed", "1448-07-30")
    page.keyboard.press("PageUp")
    expect(picker.get_by_role("heading")).to_have_text("جمادى الآخرة 1448")
    expect(focused).to_have_attribute("data-typed", "1448-06-29")
    page.keyboard.press("Enter")
    expect(field).to_have_value("1448-06-29")
    expect(button).to_be_focused()


def test_home_end_page_keys_and_tab_in_english(page, live_server):
    applicant = ApplicantFactory()
    log_in(page, live_server.url, applicant.national_id)
    page.goto(live_server.url + "/en/my/file/")
    field = page.locator("#id_id_expiry")
    field.fill("2026-01-31")  # a Saturday
    button, picker = open_picker(page, "id_expiry")
    expect(picker.get_by_role("heading")).to_have_text("January 2026")
    focused = picker.locator("[data-date]:focus")
    expect(focused).to_have_attribute("data-typed", "2026-01-31")
    page.keyboard.press("Home")
    expect(focused).to_have_attribute("data-typed", "2026-01-25")
    page.keyboard.press("ArrowRight")  # the next day, in English
    expect(focused).to_have_attribute("data-typed", "2026-01-26")
    page.keyboard.press("End")
    expect(focused).to_have_attribute("data-typed", "2026-01-31")
    page.keyboard.press("PageDown")  # February has 28 days in 2026
    expect(picker.get_by_role("heading")).to_have_text("February 2026")
    expect(focused).to_have_attribute("data-typed", "2026-02-28")
    page.keyboard.press("PageUp")
    expect(picker.get_by_role("heading")).to_have_text("January 2026")
    expect(focused).to_have_attribute("data-typed", "2026-01-28")
    page.keyboard.press("Tab")
    expect(picker.get_by_role("button", name="Previous month")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(focused).to_have_attribute("data-typed", "2026-01-28")
    page.keyboard.press("Enter")
    expect(field).to_have_value("2026-01-28")
    expect(picker).to_be_hidden()
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(picker.get_by_role("button", name="Next month")).to_be_visible()
    picker.get_by_role("button", name="Next month").focus()
    page.keyboard.press("Escape")
    expect(picker).to_be_hidden()
    expect(button).to_be_focused()

"""In Chromium: the unread count in the header, the notification list in Arabic and English
on a desktop and a phone, and not one Content-Security-Policy violation on our pages."""

import pytest
from playwright.sync_api import expect

from makin.notifications import notify
from tests.browser.conftest import log_in
from tests.factories import ApplicantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def csp_violations(page):
    """Every CSP violation or script error the pages report."""
    found = []
    page.on(
        "console",
        lambda m: found.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda e: found.append(str(e)))
    return found


def test_unread_count_list_and_mark_as_read(page, live_server, shot, csp_violations):
    user = ApplicantFactory(national_id="1000000008", first_name="أحمد", language="ar")
    notify(user=user, event="account_created", key="welcome")
    notify(user=user, event="account_created", key="welcome-again")
    base = live_server.url
    log_in(page, base, "1000000008")
    header = page.locator("header")
    badge = header.locator("#notification-badge")
    expect(badge).to_have_text("2إشعاران غير مقروءين")
    header.get_by_role("link", name="الإشعارات").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("غير المقروءة: 2")
    expect(page.get_by_text("مرحبًا بك في بوابة مكين")).to_have_count(2)
    shot("notifications-ar")

    page.get_by_role("button", name="تعليم كمقروء").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("غير المقروءة: 1")
    expect(badge).to_have_text("1إشعار غير مقروء")

    page.set_viewport_size({"width": 390, "height": 844})
    shot("notifications-ar-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(base + "/en/notifications/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_contain_text("1 unread")
    shot("notifications-en")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("All your notifications are marked as read.")).to_be_visible()
    expect(page.locator("header #notification-badge")).to_have_text("")
    shot("notifications-en-all-read")
    assert csp_violations == []


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_pages_run_under_the_content_security_policy(
    page, live_server, shot, csp_violations, prefix
):
    base = live_server.url
    for path in ["/", "/about/", "/policy/", "/faq/", "/contact/", "/accounts/login/"]:
        page.goto(base + prefix + path)
    page.goto(base + prefix + "/no-such-page/")
    expect(page.get_by_text("404")).to_be_visible()
    # Bootstrap's collapsing menu works on a phone: its script loaded and ran.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + prefix + "/")
    page.locator(".navbar-toggler").click()
    expect(page.locator("#main-nav.show:not(.collapsing)")).to_be_visible()
    expect(page.locator("#main-nav .nav-link").last).to_be_in_viewport()
    shot(f"csp-menu-phone{prefix.replace('/', '-') or '-ar'}")
    assert csp_violations == []

"""In Chromium: the Arabic home page, signing up, and each staff role's home."""

import pytest
from playwright.sync_api import expect

from makin.roles import Role
from tests.browser.conftest import log_in
from tests.factories import staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF_HOMES = {
    Role.RECEPTION: "الاستقبال",
    Role.RESEARCHER: "البحث الاجتماعي",
    Role.COMMITTEE: "لجنة البحث",
    Role.MANAGER: "الإدارة",
    Role.ADMIN: "إدارة النظام",
}


def log_out(page):
    page.get_by_role("button", name="تسجيل الخروج").click()
    expect(page.get_by_role("link", name="تسجيل الدخول").first).to_be_visible()


def test_home_is_arabic_rtl_with_the_shipped_font(page, live_server, shot):
    page.goto(live_server.url + "/")
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    page.evaluate("document.fonts.ready")
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.startswith('"IBM Plex Sans Arabic"')
    assert page.evaluate("document.fonts.check('16px \"IBM Plex Sans Arabic\"', 'مكين')")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    assert any("IBM Plex Sans Arabic" in f for f in loaded)
    shot("home-ar")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    assert page.url.endswith("/en/")
    shot("home-en")


def test_sign_up_log_out_and_each_staff_role_lands_home(page, live_server, shot):
    base = live_server.url
    page.goto(base + "/accounts/signup/")
    page.get_by_label("رقم الهوية").fill("١٠٠٠٠٠٠٠٠٨")
    page.get_by_label("الاسم الأول").fill("عبدالرحمن")
    page.get_by_label("اسم العائلة").fill("القرشي")
    page.get_by_label("رقم الجوال").fill("0551234567")
    page.get_by_label("البريد الإلكتروني").fill("a@example.com")
    page.get_by_label("كلمة المرور*", exact=True).fill("Tahfeez-Yanbu-77")
    page.get_by_label("تأكيد كلمة المرور").fill("Tahfeez-Yanbu-77")
    shot("signup-filled")
    page.get_by_role("button", name="إنشاء حسابي").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("تحقق من رسائلك")
    log_in(page, base, "١٠٠٠٠٠٠٠٠٨", "Tahfeez-Yanbu-77")
    expect(page.get_by_role("heading", level=1)).to_contain_text("أهلاً بك يا عبدالرحمن")
    expect(page.locator("main")).to_contain_text("1000000008")
    shot("applicant-home")
    log_out(page)

    for role, heading in STAFF_HOMES.items():
        user = staff(role)
        log_in(page, base, user.username)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        shot(f"home-{role.value}")
        log_out(page)

    log_in(page, base, "1000000008", "Tahfeez-Yanbu-77")
    expect(page.get_by_role("heading", level=1)).to_contain_text("عبدالرحمن")

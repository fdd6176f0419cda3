from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(autouse=True)
def _short_timeouts(page):
    page.set_default_timeout(10_000)


@pytest.fixture
def shot(page):
    """Save a full-page screenshot under test-artifacts/screenshots/ (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str):
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return take


def log_in(page, base, username, password=PASSWORD):
    """Sign in through the log-in form, as a person does; the one place browser tests sign in.
    Staff then type the code their authenticator shows, computed here from their device (made
    by `tests.factories.staff`; staff made otherwise get one with the same key)."""
    code = _current_code(username)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("رقم الهوية أو اسم المستخدم").fill(username)
    page.get_by_label("كلمة المرور").fill(password)
    page.locator("main").get_by_role("button", name="تسجيل الدخول").click()
    # The log-in page has a heading too: wait until the form has been answered, not for a heading,
    # or the second step can be skipped and the test go on signed out.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if code is not None and "/accounts/2fa/code/" in page.url:
        page.get_by_label("الرمز").fill(code)
        page.get_by_label("الرمز").press("Enter")
        expect(page.get_by_role("heading", level=1)).not_to_have_text("الخطوة الثانية: رمزك")


def _current_code(username):
    """The code the person's authenticator shows now, or None for a password-only account."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from makin.second_factor import current_code, totp_enrol_with_key
    from makin.validators import western_digits
    from tests.factories import STAFF_TOTP_KEY

    user = get_user_model().objects.filter(username=western_digits(username)).first()
    if user is None:
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        if not user.is_portal_staff:
            return None
        device = totp_enrol_with_key(user=user, key_hex=STAFF_TOTP_KEY)
    # A code is accepted once; a second log-in within the same 30 seconds may reuse it here.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return current_code(device)

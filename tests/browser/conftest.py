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
    """Sign in through the log-in form, as a person does; the one place browser tests sign in."""
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("رقم الهوية أو اسم المستخدم").fill(username)
    page.get_by_label("كلمة المرور").fill(password)
    page.locator("main").get_by_role("button", name="تسجيل الدخول").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

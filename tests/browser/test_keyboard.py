"""In Chromium, by keyboard: the focus ring is visible at 3:1 or more wherever it falls, Tab
follows the reading order of the header in both directions, and a failed submit moves the focus
to the error summary, whose links lead to the fields."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import ApplicantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two computed colours "rgb(r, g, b)"."""

    def luminance(colour):
        channels = [int(c) / 255 for c in colour[colour.index("(") + 1 : -1].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def focused(page):
    return page.evaluate(
        "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " const r = e.getBoundingClientRect();"
        " return {text: e.innerText.trim(), id: e.id, outline: s.outlineColor,"
        " width: s.outlineWidth, x: r.left + r.width / 2}; })()"
    )


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_focus_ring_stands_out_on_the_header_and_on_the_sand(page, live_server, prefix):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}{prefix}/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand, on the green header
    ring = focused(page)
    assert (ring["outline"], ring["width"]) == ("rgb(255, 217, 138)", "3px")
    assert contrast(ring["outline"], "rgb(11, 93, 75)") >= 3
    # The hero is green too: the light ring there.
    page.locator(".hero a").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert focused(page)["outline"] == "rgb(255, 217, 138)"
    # On the sand, the white cards and the footer: the dark ring.
    page.locator("footer a").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = focused(page)
    assert ring["outline"] == "rgb(138, 100, 20)"
    assert contrast(ring["outline"], "rgb(247, 244, 236)") >= 3  # sand
    assert contrast(ring["outline"], "rgb(255, 255, 255)") >= 3  # cards
    assert contrast(ring["outline"], "rgb(236, 230, 214)") >= 3  # footer


@pytest.mark.parametrize(
    ("prefix", "names", "rtl"),
    [
        ("", ["جمعية مكين", "الإشعارات", "صفحتي", "ملفي"], True),
        ("/en", ["Makin Association", "Notifications", "My home", "My file"], False),
    ],
)
def test_tab_follows_the_header_in_reading_order(page, live_server, prefix, names, rtl):
    page.set_viewport_size({"width": 1366, "height": 900})
    applicant = ApplicantFactory()
    log_in(page, live_server.url, applicant.username)
    page.goto(f"{live_server.url}{prefix}/my/")
    page.keyboard.press("Tab")  # the skip link
    seen = []
    for _ in names:
        page.keyboard.press("Tab")
        seen.append(focused(page))
    # The brand's text follows its decorative letter; the count may follow "Notifications".
    assert all(name in item["text"].split("\n") for name, item in zip(names, seen, strict=True))
    xs = [item["x"] for item in seen]
    assert xs == sorted(xs, reverse=rtl)


@pytest.mark.parametrize("width", [390, 1366])
def test_a_failed_submit_moves_the_focus_to_the_summary_and_its_links_to_the_fields(
    page, live_server, width
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("رقم الهوية").fill("12345")
    page.get_by_role("button", name="إنشاء حسابي").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("رقم الهوية")).to_be_focused()

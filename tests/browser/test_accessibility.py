"""Every page each person can reach, in Arabic and in English, checked in Chromium: axe-core
with the WCAG 2.0/2.1/2.2 A and AA rules finds nothing critical or serious (moderate findings
are printed), the Nu HTML Checker finds no error in the pages' HTML, and no page shows words
of the other language outside user data: no English on an Arabic page, no Arabic on an English
page, for every person, staff included. User data (names, what people typed, messages sent,
stored Arabic without an English version) is marked where it is shown, by the `stored` filter
(`<bdi>`), `dir="auto"`, or a `lang` naming its language.

The pages are found, not listed: for the anonymous visitor, the applicant and each staff role
(reception, researcher, committee member, chair, manager, admin), the crawl starts from the
header's navigation and from the pages of one object at each status (a request at every
status, its file, a meeting at every status, an item of each outcome, a complaint at every
status, a survey, and a draft in the applicant's wizard), and follows the links of each page's
main content two links deep, visiting one page of each kind per person (addresses that differ
only by a number, a reference or a token are one kind). A page of a kind another person
already checked is not opened again, except the navigation's own pages.

One demo data load, one browser, one context per person, one run of the Nu checker over all
the saved pages. Run alone (15 to 20 minutes on two busy cores):
`.venv/bin/pytest -m browser tests/browser/test_accessibility.py -p no:randomly -s`; set
`MAKIN_A11Y_PEOPLE=reception,chair` to crawl only those people (`anonymous`, `applicant`, or
a staff username). The Nu checker's jar is installed by `scripts/lib.sh` into `.cache/vnu`."""

import json
import os
import re
import subprocess
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse

from demo.accounts import APPLICANT, DEMO_PASSWORD
from tests.browser.conftest import _current_code

pytestmark = [pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(
    os.environ.get("MAKIN_VNU_JAR", ROOT / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
)
HTML_DIR = ROOT / "test-artifacts" / "html"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Who is checked: the anonymous visitor, the applicant and one account of each staff role.
PEOPLE = ["anonymous", "applicant", "reception", "researcher", "member1", "chair", "manager"]
PEOPLE += ["admin"]
# Not our pages (Django's admin), not pages (files, log-out), or the other language's twin.
SKIP = re.compile(r"^(/en)?/(admin|static|media|accounts/logout|i18n)/|\.(pdf|csv|xlsx|ico)$")
DEPTH = 2
KIND = [
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "UUID"),
    (re.compile(r"(MK|FB)-\d+-\d+"), "REF"),
    (re.compile(r"/s/[^/]+/"), "/s/TOKEN/"),
    (re.compile(r"\d+"), "N"),
]
# Latin words an Arabic page may show: the names of formats, currencies and standards, which
# Arabic writing keeps in Latin letters (an IBAN's "SA"), brands (authenticator apps, "X") and
# the prefixes of our references ("MK-1448-000123"). Left-to-right data (`dir="ltr"`: e-mail
# addresses, phone numbers, accounts) is not words.
LATIN_ALLOWED = {"SAR", "PDF", "CSV", "XLSX", "IBAN", "SMS", "WhatsApp", "TOTP", "QR", "ID"}
LATIN_ALLOWED |= {"JPEG", "PNG", "SA", "X", "MK", "FB"}
LATIN_ALLOWED |= {"Google", "Microsoft", "Authenticator", "FreeOTP", "Excel"}

# Each text node and label of the page outside user data whose words belong to the other
# language. User data is marked where it is shown: `dir="auto"`, `<bdi>`, or an element whose
# `lang` is not the page's (the language switcher's "English", a bilingual name).
LEAK_JS = """
(allowed) => {
  const lang = document.documentElement.lang.slice(0, 2);
  const other = lang === "ar" ? /[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]/g : /[\\u0600-\\u06FF]+/g;
  const exempt = (el) => {
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      if (e.matches("script, style, noscript, template, code, kbd, samp, bdi, [dir=auto]"))
        return true;
      if (e.hasAttribute("lang") && e.getAttribute("lang").slice(0, 2) !== lang) return true;
      if (lang === "ar" && e.getAttribute("dir") === "ltr") return true;
      if (e.hidden || e.getAttribute("aria-hidden") === "true") return true;
    }
    return false;
  };
  const found = [];
  const check = (el, text) => {
    const words = (text.match(other) || []).filter((w) => !allowed.includes(w));
    if (words.length && !exempt(el)) found.push(text.trim().replace(/\\s+/g, " ").slice(0, 80));
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement) check(node.parentElement, node.textContent);
  }
  const labelled = "[aria-label], [title], [placeholder], img[alt], input[type=submit]";
  for (const el of document.querySelectorAll(labelled)) {
    for (const name of ["aria-label", "title", "placeholder", "alt", "value"]) {
      if (el.hasAttribute(name) && !(name === "value" && el.type !== "submit"))
        check(el, el.getAttribute(name));
    }
  }
  return [...new Set(found)];
}
"""


@dataclass
class Crawl:
    seconds: float = 0.0
    pages: dict = field(default_factory=dict)  # person -> number of pages checked
    serious: list = field(default_factory=list)
    moderate: list = field(default_factory=list)
    leaks: list = field(default_factory=list)
    broken: list = field(default_factory=list)  # pages that answered with a server error
    html: Path = HTML_DIR


def kind_of(path: str) -> str:
    for pattern, placeholder in KIND:
        path = pattern.sub(placeholder, path)
    return path


def links(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")


def pages_only(route):
    """Let HTML pages through; a file (PDF, CSV, XLSX) becomes an empty text answer, skipped.
    A redirect is left to the browser, so that the address shown is where it leads."""
    request = route.request
    if not request.is_navigation_request() or request.method != "GET":
        route.continue_()
        return
    response = route.fetch(max_redirects=0)
    if 300 <= response.status < 400:
        route.continue_()
    elif "text/html" in response.headers.get("content-type", ""):
        route.fulfill(response=response)
    else:
        route.fulfill(status=200, content_type="text/plain", body="")


def seeded_paths() -> dict[str, list[str]]:
    """One object at each status, the pages a crawl from the navigation may not reach: the
    staff's pages of them, and the applicant's (of their own requests and complaints)."""
    from beneficiaries.models import Beneficiary
    from committee.models import AgendaItem, Meeting, MeetingStatus, Outcome
    from requests.models import Status, SupportRequest
    from surveys.models import Feedback, FeedbackStatus, Survey

    staff, mine = [], []
    for status in Status.values:
        request = SupportRequest.objects.filter(status=status).order_by("pk").first()
        if request is not None:
            staff.append(request.get_absolute_url())
        own = SupportRequest.objects.filter(
            status=status, beneficiary__owner__national_id=APPLICANT["national_id"]
        ).first()
        if own is not None:
            mine.append(reverse("requests:my_detail", kwargs={"reference": own.reference}))
    beneficiary = Beneficiary.objects.order_by("pk").first()
    if beneficiary is not None:
        staff.append(reverse("beneficiaries:staff_file", kwargs={"pk": beneficiary.pk}))
    for status in MeetingStatus.values:
        meeting = Meeting.objects.filter(status=status).order_by("pk").first()
        if meeting is not None:
            staff.append(reverse("committee:meeting_detail", kwargs={"number": meeting.number}))
    items = [AgendaItem.objects.filter(decision__isnull=True).order_by("pk").first()]
    items += [
        AgendaItem.objects.filter(decision__outcome=outcome).order_by("pk").first()
        for outcome in Outcome.values
    ]
    staff += [reverse("committee:item_detail", kwargs={"pk": i.pk}) for i in items if i]
    for status in FeedbackStatus.values:
        feedback = Feedback.objects.filter(status=status).order_by("pk").first()
        if feedback is not None:
            kwargs = {"reference": feedback.reference}
            staff.append(reverse("surveys:feedback_handle", kwargs=kwargs))
    for feedback in Feedback.objects.filter(user__national_id=APPLICANT["national_id"])[:3]:
        kwargs = {"reference": feedback.reference}
        mine.append(reverse("surveys:my_feedback_detail", kwargs=kwargs))
    survey = Survey.objects.order_by("pk").first()
    if survey is not None:
        staff.append(reverse("surveys:survey_detail", kwargs={"pk": survey.pk}))
    return {"staff": staff, "applicant": mine + wizard_paths(), "anonymous": []}


def wizard_paths() -> list[str]:
    """A draft in the demo applicant's wizard, so that its steps are checked too."""
    from beneficiaries.models import Beneficiary
    from requests import services
    from requests.models import Service

    owner = Beneficiary.objects.filter(owner__national_id=APPLICANT["national_id"]).first()
    service = Service.objects.filter(is_active=True).order_by("pk").first()
    if owner is None or service is None:
        return []
    draft = services.request_start(
        beneficiary=owner, service=service, actor=owner.owner, token=uuid.uuid4()
    )
    kwargs = {"reference": draft.reference}
    steps = ["step_details", "step_documents", "step_review", "step_declaration", "receipt"]
    return [reverse(f"requests:{step}", kwargs=kwargs) for step in steps]


def crawl(page, base: str, prefix: str, seeds: list[str], done: set, broken: list):
    """(path, response) of each page kind reachable from the navigation and the seeded pages,
    breadth first. The navigation's pages are checked for every person (each has their own
    header); a page of a kind already checked for someone else is not opened again."""
    page.goto(f"{base}{prefix}/")
    start = [urljoin(f"{base}{prefix}/", h) for h in links(page, "header nav a[href]") if h]
    queue = deque((url, 0, True) for url in start)
    queue += deque((f"{base}{prefix}{path}", 0, False) for path in seeds)
    seen = set()
    while queue:
        url, depth, in_navigation = queue.popleft()
        parts = urlsplit(url)
        path = parts.path
        if parts.netloc != urlsplit(base).netloc or SKIP.search(path):
            continue
        if prefix and not path.startswith(prefix + "/"):
            continue
        if not prefix and path.startswith("/en/"):
            continue
        # A seeded page stands for its object's status, so each is its own kind.
        key = path if depth == 0 and not in_navigation else kind_of(path)
        key = prefix + key + ("?" + kind_of(parts.query) if parts.query else "")
        if key in seen or (key in done and not in_navigation):
            continue
        seen.add(key)
        response = page.goto(url)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        if response.status >= 500:
            broken.append(f"{response.status} {url}")
            continue
        if response.status != 200 or urlsplit(page.url).path != path:
            continue  # not this person's page: refused, or sent elsewhere
        done.add(key)
        yield path, key, response
        if depth < DEPTH:
            for href in links(page, "main a[href]"):
                if href and not href.startswith(("#", "mailto:", "tel:")):
                    queue.append((urljoin(url, href), depth + 1, False))


def sign_in(page, base: str, username: str):
    """Log in through the form, and for staff the second step with their authenticator's code;
    waits for each step to finish, so that no page is checked behind the second step."""
    code = _current_code(username)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("رقم الهوية أو اسم المستخدم").fill(username)
    page.get_by_label("كلمة المرور").fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="تسجيل الدخول").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/2fa/code/" in page.url:
        page.get_by_label("الرمز").fill(code)
        page.get_by_label("الرمز").press("Enter")
        page.wait_for_url(lambda url: "/accounts/2fa/" not in url)
    page.goto(f"{base}/")
    assert "/accounts/" not in page.url, page.url


def check_person(browser, base: str, who: str, seeds: list[str], done: set, result: Crawl):
    context = browser.new_context(bypass_csp=True)
    # axe-core in every page before its own scripts, rather than sent again for each check.
    context.add_init_script(Axe().axe_script)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.route("**/*", pages_only)
    folder = result.html / who
    folder.mkdir(parents=True, exist_ok=True)
    if who != "anonymous":
        sign_in(page, base, APPLICANT["national_id"] if who == "applicant" else who)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    checked = 0
    for prefix in ("", "/en"):
        for path, key, response in crawl(page, base, prefix, seeds, done, result.broken):
            checked += 1
            name = re.sub(r"[/?=&]+", "_", key.removeprefix(prefix).strip("/")) or "home"
            name += "-en" if prefix else ""
            (folder / f"{name}.html").write_text(response.text())
            violations = page.evaluate("options => axe.run(document, options)", options)
            for violation in violations["violations"]:
                targets = [" ".join(n["target"]) for n in violation["nodes"]][:3]
                line = f"[{violation['impact']}] {who} {path}: {violation['id']} {targets}"
                serious = violation["impact"] in ("critical", "serious")
                (result.serious if serious else result.moderate).append(line)
            for text in page.evaluate(LEAK_JS, sorted(LATIN_ALLOWED)):
                result.leaks.append(f"{who} {path}: {text}")
    result.pages[who] = checked
    context.close()


@pytest.fixture(scope="module")
def crawled(browser, live_server, django_db_setup, django_db_blocker):
    """The whole crawl, once for the module's tests; the demo data is removed afterwards."""
    chosen = os.environ.get("MAKIN_A11Y_PEOPLE")
    people = chosen.split(",") if chosen else PEOPLE
    result = Crawl()
    for old in result.html.glob("**/*.html"):
        old.unlink()
    started = time.monotonic()
    live_server._live_server_modified_settings.enable()
    with django_db_blocker.unblock():
        try:
            call_command("load_demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
            seeds = seeded_paths()
            done = set()
            for who in people:
                mine = seeds.get(who, seeds["staff"])
                check_person(browser, live_server.url, who, mine, done, result)
        finally:
            call_command("flush", interactive=False, verbosity=0)
            live_server._live_server_modified_settings.disable()
    result.seconds = time.monotonic() - started
    print(f"\nCrawl: {sum(result.pages.values())} pages in {result.seconds:.0f} s: {result.pages}")
    for line in result.moderate + result.serious + result.leaks:
        print(line)
    return result


def test_every_person_reaches_their_pages(crawled):
    """The crawl finds each person's pages (a broken log-in or navigation would hide them)."""
    # The admin's navigation leads mostly into Django's admin, which the crawl leaves out.
    assert all(count >= 6 for count in crawled.pages.values()), crawled.pages


def test_no_page_answers_with_a_server_error(crawled):
    assert not crawled.broken, "\n".join(crawled.broken)


def test_no_page_has_a_critical_or_serious_axe_finding(crawled):
    assert not crawled.serious, "\n".join(crawled.serious)


def test_every_page_passes_the_html_checker(crawled):
    errors = nu_check(crawled.html)
    assert not errors, "\n".join(errors)


def test_no_page_shows_the_other_language_outside_user_data(crawled):
    assert not crawled.leaks, "\n".join(crawled.leaks)


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
        f"{'/'.join(Path(m.get('url', '')).parts[-2:])}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]

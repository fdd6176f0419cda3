"""Every page's chrome (`makin.chrome`): the header with its bar and language switch and the
footer, drawn in Python from parts made once per language; what is the page's or the
person's (the current link, their name, the CSRF token, the address to come back to) comes
from each request. Also the Content-Security-Policy built once per process."""

import re

import pytest
from django.test import override_settings

from makin.roles import Role
from tests.factories import UserFactory, staff


def squeezed(response) -> str:
    """The page's markup with each run of whitespace as one space."""
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.django_db
def test_a_signed_in_person_sees_their_name_their_bar_and_the_log_out_form(client_for):
    person = staff(Role.RECEPTION, first_name="<نورة>", last_name="الحربي")
    client = client_for(person)
    response = client.get("/staff/requests/?q=<x>")
    page = squeezed(response)
    token = response.context["csrf_token"]
    assert "<bdi>&lt;نورة&gt; الحربي</bdi>" in page
    assert (
        '<li><a class="dropdown-item active" aria-current="page" href="/staff/requests/">'
        "الطلبات</a></li>"
    ) in page
    assert '<a class="dropdown-item" href="/staff/contacts/">سجل التواصل</a>' in page
    assert (
        '<form action="/i18n/setlang/" method="post" class="d-inline"> '
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}"> '
        '<input type="hidden" name="next" value="/staff/requests/?q=%3Cx%3E"> '
        '<button type="submit" name="language" value="en" lang="en" '
        'class="btn btn-sm btn-link link-light text-decoration-none"> English </button> </form>'
    ) in page
    assert (
        '<form method="post" action="/accounts/logout/" class="d-inline"> '
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}"> '
        '<button type="submit" class="btn btn-sm btn-outline-light">تسجيل الخروج</button>'
    ) in page
    assert 'href="/notifications/" > الإشعارات' in page
    assert "تسجيل الدخول" not in page


@pytest.mark.django_db
def test_the_notifications_link_is_marked_on_its_own_page(client_for):
    client = client_for(UserFactory(roles=[Role.APPLICANT]))
    page = squeezed(client.get("/notifications/"))
    assert 'href="/notifications/" aria-current="page"> الإشعارات' in page


@pytest.mark.django_db
def test_a_visitor_sees_the_public_links_and_the_log_in_buttons_in_english(client):
    page = squeezed(client.get("/en/track/"))
    assert '<a class="nav-link active" href="/en/track/">Track a request</a>' in page
    assert '<a class="nav-link" href="/en/faq/">Questions</a>' in page
    assert (
        '<a class="btn btn-sm btn-outline-light" href="/en/accounts/login/">Log in</a> '
        '<a class="btn btn-sm btn-light" href="/en/accounts/signup/">Create an account</a>'
    ) in page
    assert (
        '<button type="submit" name="language" value="ar" lang="ar" '
        'class="btn btn-sm btn-link link-light text-decoration-none"> العربية </button>'
    ) in page
    assert "Log out" not in page
    assert "/notifications/" not in page
    assert '<a href="/en/about/">About us</a>' in page
    assert 'Phone: <span dir="ltr">+966 14 322 0000</span>' in page


@pytest.mark.django_db
def test_the_footer_in_arabic(client):
    page = squeezed(client.get("/track/"))
    assert ('<p class="fw-bold mb-1">جمعية مكين لتأهيل معلمي القرآن والعناية بحفظه</p>') in page
    assert '<a href="/feedback/">الشكاوى والاقتراحات</a>' in page


POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
}


@pytest.mark.django_db
def test_every_page_carries_the_content_security_policy_of_the_settings(client):
    response = client.get("/track/")
    assert set(response.headers["Content-Security-Policy"].split("; ")) == POLICY
    assert "Content-Security-Policy-Report-Only" not in response.headers
    with override_settings(
        CONTENT_SECURITY_POLICY_REPORT_ONLY={"DIRECTIVES": {"default-src": ["'none'"]}}
    ):
        changed = client.get("/track/")
    assert changed.headers["Content-Security-Policy-Report-Only"] == "default-src 'none'"
    assert "Content-Security-Policy-Report-Only" not in client.get("/track/").headers


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_chromes_words_hold_no_brace_that_its_formatted_parts_would_read(language):
    """The header's and footer's parts are filled with `str.format` on every page: a `{` or `}`
    in a translation would break every page (or put the phone where a word stood)."""
    from django.utils import translation

    from makin.chrome import _words

    with translation.override(language):
        braced = {key: value for key, value in _words().items() if "{" in value or "}" in value}
    assert braced == {}

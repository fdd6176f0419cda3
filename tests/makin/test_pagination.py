"""One pagination bar for every list: it keeps the page's filters and serves both numbered
pages and keyset (cursor) pages."""

from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation


def bar(url: str, page, **extra) -> str:
    request = RequestFactory().get(url)
    request.user = AnonymousUser()
    with translation.override("en"):
        return render_to_string("includes/_pagination.html", {"page": page, **extra}, request)


def test_numbered_pages_keep_the_filters_and_replace_the_page():
    page = Paginator(range(60), 25).page(2)
    html = bar("/staff/requests/?status=submitted&q=%D8%A3&page=2", page)
    assert 'href="?status=submitted&amp;q=%D8%A3&amp;page=1"' in html
    assert 'href="?status=submitted&amp;q=%D8%A3&amp;page=3"' in html
    assert "Page 2 of 3" in html


def test_a_single_page_shows_no_bar():
    assert bar("/staff/requests/", Paginator(range(3), 25).page(1)).strip() == ""


def test_cursor_pages_carry_the_cursor_and_drop_the_page_number():
    page = SimpleNamespace(
        has_previous=True, has_next=True, previous_cursor="p-9", next_cursor="n-34"
    )
    html = bar("/staff/requests/?status=verified&page=4", page)
    assert 'href="?status=verified&amp;cursor=p-9"' in html
    assert 'href="?status=verified&amp;cursor=n-34"' in html
    assert "Page" not in html.replace('aria-label="Pages"', "")


def test_the_directions_can_be_named_by_the_page():
    page = Paginator(range(60), 25).page(2)
    html = bar("/notifications/?page=2", page, previous_label="Newer", next_label="Older")
    assert ">Newer</a>" in html
    assert ">Older</a>" in html

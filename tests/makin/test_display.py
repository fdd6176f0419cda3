"""One way to show each thing, in both languages: money, arrows between two states, URLs
inside right-to-left text."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from makin.templatetags.portal import ltr, money

LRI, PDI = "\u2066", "\u2069"


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("ar", Decimal("1500"), f"{LRI}1,500.00{PDI} ريال"),
        ("en", Decimal("1500"), f"{LRI}1,500.00{PDI} SAR"),
        ("ar", Decimal("3600.5"), f"{LRI}3,600.50{PDI} ريال"),
        ("en", 250, f"{LRI}250.00{PDI} SAR"),
        ("ar", None, ""),
        ("en", "", ""),
    ],
)
def test_money_is_one_format_in_both_languages(language, value, shown):
    with translation.override(language):
        assert money(value) == shown


@pytest.mark.parametrize(
    ("language", "html"),
    [
        ("ar", '<span aria-hidden="true">←</span><span class="visually-hidden">إلى</span>'),
        ("en", '<span aria-hidden="true">→</span><span class="visually-hidden">to</span>'),
    ],
)
def test_the_arrow_points_the_way_the_page_reads(language, html):
    with translation.override(language):
        assert Template("{% load portal %}{% forward_arrow %}").render(Context()) == html


def test_a_url_is_isolated_left_to_right():
    assert ltr("http://127.0.0.1:8000/track/") == f"{LRI}http://127.0.0.1:8000/track/{PDI}"
    assert ltr("") == ""

"""A row's link made from one reversed address and the row's key (`makin.links.keyed_url`)
is the address `reverse()` gives, in each language; so is a page's address reversed once
(`makin.links.address`)."""

import pytest
from django.urls import NoReverseMatch
from django.utils import translation

from makin.links import PLACEHOLDER, UUID_PLACEHOLDER, address, keyed_url


@pytest.mark.parametrize(
    ("language", "view_name", "placeholder", "key", "expected"),
    [
        ("ar", "requests:detail", PLACEHOLDER, "MK-1447-000123", "/staff/requests/MK-1447-000123/"),
        ("en", "requests:detail", PLACEHOLDER, "B-19", "/en/staff/requests/B-19/"),
        ("ar", "requests:detail", PLACEHOLDER, "A B ج", "/staff/requests/A%20B%20%D8%AC/"),
        ("ar", "beneficiaries:staff_file", PLACEHOLDER, 42, "/staff/files/42/"),
        ("en", "beneficiaries:staff_file", PLACEHOLDER, 987654321, "/en/staff/files/987654321/"),
        ("ar", "committee:staff_letter", PLACEHOLDER, 70, "/committee/decisions/70/letter.pdf"),
        ("en", "committee:staff_letter", PLACEHOLDER, 7, "/en/committee/decisions/7/letter.pdf"),
        (
            "ar",
            "beneficiaries:document",
            UUID_PLACEHOLDER,
            "5f0c6d2e-1b7a-4c1e-9d3f-2a4b6c8d0e1f",
            "/documents/5f0c6d2e-1b7a-4c1e-9d3f-2a4b6c8d0e1f/",
        ),
        ("ar", "surveys:feedback_handle", PLACEHOLDER, "FB 1/2", "/staff/feedback/FB%201/2/"),
    ],
)
def test_a_keyed_link_is_the_reversed_address(language, view_name, placeholder, key, expected):
    with translation.override(language):
        assert keyed_url(view_name, placeholder)(key) == expected


def test_a_placeholder_that_does_not_fit_the_address_is_refused():
    with pytest.raises(NoReverseMatch):
        keyed_url("beneficiaries:document")


@pytest.mark.parametrize(
    ("language", "view_name", "expected"),
    [
        ("ar", "makin:faq", "/faq/"),
        ("en", "makin:faq", "/en/faq/"),
        ("ar", "requests:track", "/track/"),
        ("en", "requests:track", "/en/track/"),
    ],
)
def test_an_address_is_the_reversed_address_in_each_language(language, view_name, expected):
    with translation.override(language):
        assert address(view_name) == expected

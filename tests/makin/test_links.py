"""A row's link made from one reversed address and the row's key (`makin.links.keyed_url`)
is the address `reverse()` gives, in each language."""

import pytest
from django.utils import translation

from makin.links import address, keyed_url


@pytest.mark.parametrize(
    ("language", "view_name", "key", "expected"),
    [
        ("ar", "requests:detail", "MK-1447-000123", "/staff/requests/MK-1447-000123/"),
        ("en", "requests:detail", "MK-1447-000123", "/en/staff/requests/MK-1447-000123/"),
        ("ar", "requests:detail", "A B ج", "/staff/requests/A%20B%20%D8%AC/"),
        ("ar", "beneficiaries:staff_file", 42, "/staff/files/42/"),
        ("en", "beneficiaries:staff_file", 987654321, "/en/staff/files/987654321/"),
    ],
)
def test_a_keyed_link_is_the_reversed_address(language, view_name, key, expected):
    with translation.override(language):
        assert keyed_url(view_name)(key) == expected


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

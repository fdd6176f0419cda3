"""Links to one object per row of a list, without a `reverse()` per row: the address is
reversed once for a placeholder key, and each row's key put in its place."""

import functools
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS

# Digits, so that it fits an <int:…> as well as a <str:…> part of an address.
PLACEHOLDER = "987654321"
# What reverse() leaves unquoted in an argument.
SAFE = RFC3986_SUBDELIMS + "/~:@"


@functools.lru_cache(maxsize=256)
def _around(view_name: str, language: str | None, prefix: str) -> tuple[str, str]:
    before, _placeholder, after = reverse(view_name, args=[PLACEHOLDER]).rpartition(PLACEHOLDER)
    return before, after


def keyed_url(view_name: str):
    """A function of one key giving `reverse(view_name, args=[key])`, for the rows of a page."""
    before, after = _around(view_name, translation.get_language(), get_script_prefix())
    return lambda key: before + quote(str(key), safe=SAFE) + after

"""Links to one object per row of a list, without a `reverse()` per row: the address is
reversed once for a placeholder key, and each row's key put in its place."""

import functools
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS

# Digits, so that it fits an <int:…> as well as a <str:…> part of an address; a <uuid:…> part
# needs a UUID (`keyed_url(name, UUID_PLACEHOLDER)`).
PLACEHOLDER = "987654321"
UUID_PLACEHOLDER = "98765432-1000-4000-8000-000000000000"
# What reverse() leaves unquoted in an argument.
SAFE = RFC3986_SUBDELIMS + "/~:@"


def _reversal() -> tuple:
    """What an address depends on besides its view: the language (its /en/ prefix), the
    script prefix and the URLconf."""
    return translation.get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF


@functools.lru_cache(maxsize=256)
def _around(view_name: str, placeholder: str, *_key) -> tuple[str, str]:
    before, _placeholder, after = reverse(view_name, args=[placeholder]).rpartition(placeholder)
    return before, after


def keyed_url(view_name: str, placeholder: str = PLACEHOLDER):
    """A function of one key giving `reverse(view_name, args=[key])`, for the rows of a page;
    `placeholder` is a key that fits the address's converter (`reverse()` refuses one that
    does not)."""
    before, after = _around(view_name, placeholder, *_reversal())
    return lambda key: before + quote(str(key), safe=SAFE) + after


@functools.lru_cache(maxsize=512)
def _address(view_name: str, *_key) -> str:
    return reverse(view_name)


def address(view_name: str) -> str:
    """`reverse(view_name)` of a page without arguments (the header's, footer's and menu's
    links), worked out once per language: it depends on nothing else."""
    return _address(view_name, *_reversal())

"""Django's escaping and `format_html` for the rows and fields a page draws by the hundred:
the same markup, without the lazy-argument checks and `SafeString` each call of theirs makes
(they took milliseconds of a queue's, a filter form's and a meeting page's time)."""

import functools
import html

from django.utils.functional import Promise
from django.utils.safestring import mark_safe


def escaped(value) -> str:
    """Django's `conditional_escape`, as text: markup (`__html__`) as it is, anything else
    escaped."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def format_markup(format_string: str, *args):
    """`format_html`, each argument `escaped`."""
    return mark_safe(format_string.format(*map(escaped, args)))  # every argument escaped


def join_markup(sep: str, format_string: str, args_generator):
    """`format_html_join` by `format_markup`."""
    return mark_safe(escaped(sep).join(format_markup(format_string, *a) for a in args_generator))


def words_per_language(make):
    """`make()`'s words (a dict of gettext calls, made in the active language) escaped and
    marked safe, kept once per process and language: a section or row drawn many times does
    not translate its words each time. Called with the active language (its cache key)."""

    @functools.lru_cache(maxsize=16)
    def words(language: str | None) -> dict:
        return {name: mark_safe(escaped(value)) for name, value in make().items()}

    words.__doc__ = make.__doc__
    return words

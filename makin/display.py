"""One way to show each thing, in both languages and in every medium (pages, PDFs, e-mails,
SMS, exports): money, left-to-right runs and a stored choice's words. Dates are `dates.dual`
(and `dates.ymd` in files)."""

import re
from decimal import Decimal

from django.utils import translation
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

LRI, PDI = "\u2066", "\u2069"


def ltr(value):
    """Isolate a URL (or any left-to-right run) inside right-to-left text, with the Unicode
    isolates U+2066…U+2069, so its slashes and dots stay at its own end in plain-text e-mails,
    SMS and PDFs: `{{ url|ltr }}`."""
    return f"{LRI}{value}{PDI}" if value else value


def message_html(text: str) -> str:
    """A plain-text message (e-mail, SMS, notification) on a page: its links made links and
    isolated left to right with HTML instead of the text's Unicode isolates, which would keep
    `urlize` from seeing them."""
    html = urlize(text.replace(LRI, "").replace(PDI, ""), nofollow=True, autoescape=True)
    html = re.sub(r"(<a [^>]*>.*?</a>)", r'<bdi dir="ltr">\1</bdi>', html)
    return mark_safe(linebreaks(html))  # urlize escaped the text


def money(value) -> str:
    """An amount in Saudi riyals, one way on every page, PDF and message, in both languages:
    "1,500.00 ريال" / "1,500.00 SAR". The number is isolated left to right."""
    if value in (None, ""):
        return ""
    return _("%(amount)s SAR") % {"amount": f"\u2066{Decimal(value):,.2f}\u2069"}


# (field, language) -> (the field's choices the words were made from, {value: words}).
_CHOICE_WORDS: dict = {}


def choice_words(field) -> dict:
    """A model field's choices as {value: words} in the active language, made once per field
    and language (Django's `get_FOO_display()` builds the mapping and translates every label
    on each call); made again if the field's choices are replaced."""
    key = (field, translation.get_language())
    made = _CHOICE_WORDS.get(key)
    if made is None or made[0] is not field.choices:
        words = {
            make_hashable(value): force_str(label, strings_only=True)
            for value, label in field.flatchoices
        }
        made = _CHOICE_WORDS[key] = (field.choices, words)
    return made[1]


def choice_label(instance, name: str):
    """`instance.get_<name>_display()`: the words of the field's stored choice, or the value
    itself when it is none of the choices."""
    field = instance._meta.get_field(name)
    value = getattr(instance, field.attname)
    words = choice_words(field)
    try:
        return words[value]
    except KeyError:
        return force_str(value, strings_only=True)
    except TypeError:  # an unhashable value, as Django reads it
        return force_str(words.get(make_hashable(value), value), strings_only=True)

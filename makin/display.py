"""One way to show each thing, in both languages and in every medium (pages, PDFs, e-mails,
SMS, exports): money and left-to-right runs. Dates are `dates.dual` (and `dates.ymd` in files)."""

import re
from decimal import Decimal

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

"""The words the system writes on a request's timeline, kept as an event code and its
parameters and rendered in the reader's language when shown (an English page never shows
Arabic stored at the time of the move, nor the reverse). What people type is kept apart, as
typed, in `StatusChange.note`.

Apps register the events they write in their AppConfig.ready(), as they register navigation,
so `requests` needs no import of the apps that build on it."""

from collections.abc import Callable

from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

EVENT_TEXTS: dict[str, Callable[[dict], str]] = {}
EVENT_HTML: dict[str, Callable[[dict], SafeString]] = {}


def register_event(
    code: str, render: Callable[[dict], str], html: Callable[[dict], SafeString] | None = None
) -> None:
    """`render` gives plain text (messages, PDFs); `html`, when given, the page's markup (e.g.
    what people typed marked `dir="auto"`)."""
    EVENT_TEXTS[code] = render
    if html is not None:
        EVENT_HTML[code] = html


def event_text(code: str, params: dict) -> str:
    if not code:
        return ""
    render = EVENT_TEXTS.get(code)
    return render(params or {}) if render else ""


def event_html(code: str, params: dict) -> SafeString:
    """The event for a page: its own markup, or its text with line breaks (escaped)."""
    render = EVENT_HTML.get(code)
    if render is not None:
        return render(params or {})
    text = event_text(code, params)
    return linebreaksbr(text, autoescape=True) if text else SafeString("")


def bilingual(params: dict, key: str) -> str:
    """A managed name stored in both languages (`<key>_ar`, `<key>_en`), in the active one."""
    from django.utils import translation

    if translation.get_language() != "ar" and params.get(f"{key}_en"):
        return params[f"{key}_en"]
    return params.get(f"{key}_ar", "")


def _recommendation(params: dict) -> str:
    from .models import Recommendation

    return _("The researcher recommends: %(recommendation)s") % {
        "recommendation": Recommendation(params["recommendation"]).label
    }


def _item_name(item) -> str:
    """A kind's name in the reader's language, or a free item as typed (older rows kept the
    item as a plain string)."""
    if isinstance(item, str):
        return item
    if "label" in item:
        return item["label"]
    return bilingual(item, "kind")


def _missing_items(params: dict) -> str:
    items = params.get("items", [])
    return "\n".join([_("What is missing:"), *(f"- {_item_name(item)}" for item in items)])


def _missing_items_html(params: dict) -> SafeString:
    items = params.get("items", [])
    return format_html(
        '<p class="mb-0">{}</p><ul class="mb-0">{}</ul>',
        _("What is missing:"),
        format_html_join(
            "",
            "<li{}>{}</li>",
            (
                (
                    SafeString(' dir="auto"') if isinstance(item, str) or "label" in item else "",
                    _item_name(item),
                )
                for item in items
            ),
        ),
    )


register_event("recommendation", _recommendation)
register_event("missing_items", _missing_items, _missing_items_html)

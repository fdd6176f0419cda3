"""The words the system writes on a request's timeline, kept as an event code and its
parameters and rendered in the reader's language when shown (an English page never shows
Arabic stored at the time of the move, nor the reverse). What people type is kept apart, as
typed, in `StatusChange.note`.

Apps register the events they write in their AppConfig.ready(), as they register navigation,
so `requests` needs no import of the apps that build on it."""

from collections.abc import Callable

from django.utils.translation import gettext as _

EVENT_TEXTS: dict[str, Callable[[dict], str]] = {}


def register_event(code: str, render: Callable[[dict], str]) -> None:
    EVENT_TEXTS[code] = render


def event_text(code: str, params: dict) -> str:
    if not code:
        return ""
    render = EVENT_TEXTS.get(code)
    return render(params or {}) if render else ""


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


def _missing_items(params: dict) -> str:
    items = params.get("items", [])
    return "\n".join([_("What is missing:"), *(f"- {item}" for item in items)])


register_event("recommendation", _recommendation)
register_event("missing_items", _missing_items)

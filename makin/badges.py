"""One badge for every enum the pages show as one (statuses, due states, outcomes, verification,
meetings, complaints): `{% badge value %}` reads the style of each member from one table.

makin imports no app, so each app lends its enums' rows through its AppConfig's `badges`
(as it lends navigation items); `style_table()` gathers them into the one table, keyed by
enum and member (members of different enums may share a code, e.g. "verified")."""

from enum import Enum
from functools import cache, lru_cache

from django.apps import apps
from django.db.models import TextChoices
from django.utils import translation
from django.utils.html import format_html


class Tone(TextChoices):
    """Bootstrap's badge colours, named once."""

    PRIMARY = "text-bg-primary"
    SECONDARY = "text-bg-secondary"
    SUCCESS = "text-bg-success"
    DANGER = "text-bg-danger"
    WARNING = "text-bg-warning"
    INFO = "text-bg-info"
    DARK = "text-bg-dark"
    LIGHT = "text-bg-light border"


def enum_name(enum: type[Enum]) -> str:
    """How a template names an enum when it holds a bare code: "requests.Status"."""
    return f"{enum.__module__.split('.')[0]}.{enum.__name__}"


@cache
def style_table() -> dict[tuple[type[Enum], str], Tone]:
    table = {}
    for config in apps.get_app_configs():
        for member, tone in getattr(config, "badges", {}).items():
            table[type(member), member.value] = tone
    return table


@cache
def _enums() -> dict[str, type[Enum]]:
    return {enum_name(enum): enum for enum, _value in style_table()}


def badge(value, enum: str | None = None) -> tuple[str, Tone]:
    """The label and tone of `value`, an enum member or a code of the enum named `enum`; no
    code at all (a group nobody has checked yet) reads as the enum's first member."""
    if enum:
        members = _enums()[enum]
        value = members(value) if value else next(iter(members))
    return value.label, style_table()[type(value), value.value]


def badge_html(value, enum: str | None = None, label=None, title=None) -> str:
    """The badge's markup, built here rather than by a template of its own: a list draws one
    or two on every row. A badge in its enum's own words is made once per language."""
    if label is None and title is None:
        # Keyed by the enum, not the member alone: members of two enums may share a code.
        if enum:
            return _plain_badge(enum, value, translation.get_language())
        return _plain_badge(type(value), value.value, translation.get_language())
    words, tone = badge(value, enum)
    if title:
        return format_html(
            '<span class="badge {}" title="{}">{}</span>', tone, title, label or words
        )
    return format_html('<span class="badge {}">{}</span>', tone, label or words)


@lru_cache(maxsize=1024)
def _plain_badge(enum, code, language: str | None) -> str:
    """`badge_html` of a code of `enum` (its name, or the enum itself) in its own words."""
    words, tone = badge(code, enum) if isinstance(enum, str) else badge(enum(code))
    return format_html('<span class="badge {}">{}</span>', tone, words)

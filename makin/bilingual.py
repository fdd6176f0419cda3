"""Texts that staff write in both languages (names, descriptions, survey questions)."""

from django.utils import translation


def in_language(arabic, english):
    """The English text on English pages when there is one, else the Arabic."""
    if translation.get_language() != "ar" and english:
        return english
    return arabic

"""One function decides when two spellings of a name are the same."""

import pytest

from beneficiaries.arabic import normalize_arabic_name


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("مُحَمَّد", "محمد"),  # diacritics
        ("محمـــد", "محمد"),  # tatweel
        ("أحمد إبراهيم آمنة", "احمد ابراهيم امنه"),  # alef forms, taa marbuta
        ("مصطفى", "مصطفي"),  # alef maqsura
        ("مؤمن", "مومن"),  # waw with hamza
        ("عائشة", "عايشه"),  # yeh with hamza
        ("محمد بن سالم", "محمد سالم"),  # بن
        ("علي ابن أحمد", "علي احمد"),  # ابن
        ("نورة بنت سعد", "نوره سعد"),  # بنت
        ("عبد الله", "عبدالله"),  # the compound عبد ال…
        ("عبد الرَّحمن", "عبدالرحمن"),
        ("ﷲ", "الله"),  # presentation form
        ("  الجهني ، الحربي  ", "الجهني الحربي"),  # punctuation and spaces
        ("Ahmed AL-Harbi", "ahmed al harbi"),
        ("", ""),
    ],
)
def test_normalize_arabic_name(typed, normalized):
    assert normalize_arabic_name(typed) == normalized


def test_variants_of_one_name_normalise_alike():
    variants = [
        "عبدالله سالم محمد الجهني",
        "عبد الله بن سالم بن محمد الجهنى",
        "عَبْدُ اللَّهِ سالم محمد الجهني",
        "عبـدالله سالم محمد الجهني",
    ]
    assert len({normalize_arabic_name(v) for v in variants}) == 1

"""Arabic name normalisation: the one function that decides when two spellings of a name are
the same for search and duplicate detection."""

import re
import unicodedata

# Harakat, tanween, shadda, sukun, superscript alef and Quranic annotation marks.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",  # Persian yeh, typed on some keyboards
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ک": "ك",  # Persian kaf
    }
)
# Anything that is not a letter or a digit separates words.
_SEPARATORS = re.compile(r"[^\w]+")
# "son of" / "daughter of" between the parts of a name carry no identity.
_PARTICLES = frozenset({"بن", "ابن", "بنت"})


def normalize_arabic_name(value: str) -> str:
    """The comparable form of a name: diacritics and tatweel removed; أ إ آ → ا; ى → ي;
    ة → ه; ؤ → و; ئ → ي; the particles بن / ابن / بنت dropped; "عبد الله" and "عبدالله"
    written alike; words separated by one space; Latin letters in lower case."""
    text = unicodedata.normalize("NFKC", value or "")
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    text = text.translate(_LETTERS).lower()
    words = [w for w in _SEPARATORS.sub(" ", text).replace("_", " ").split() if w]
    joined: list[str] = []
    for word in words:
        if word in _PARTICLES:
            continue
        # The compound عبد + ال… (عبد الله, عبد الرحمن) is one name.
        if joined and joined[-1] == "عبد" and word.startswith("ال"):
            joined[-1] += word
            continue
        joined.append(word)
    return " ".join(joined)

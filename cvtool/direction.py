"""Which way a language is written: the one answer every renderer asks.

``text_direction("ar")`` is ``"rtl"``, ``text_direction("de")`` is ``"ltr"``. An explicit
script subtag decides first (``az-Arab`` is right to left, ``ku-Latn`` left to right); else
CLDR's character order for the language (through Babel); a tag CLDR does not know is read
as left to right.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Literal

Direction = Literal["ltr", "rtl"]

# ISO 15924 codes of the scripts written right to left (Unicode's bidi class R or AL).
RTL_SCRIPTS = frozenset({
    "Adlm", "Arab", "Aran", "Armi", "Avst", "Chrs", "Cprt", "Elym", "Hatr", "Hebr", "Hung",
    "Khar", "Lydi", "Mand", "Mani", "Mend", "Narb", "Nbat", "Nkoo", "Orkh", "Ougr", "Palm",
    "Phli", "Phlp", "Phnx", "Prti", "Rohg", "Samr", "Sarb", "Sogd", "Sogo", "Syrc", "Thaa",
    "Yezi",
})
# When Babel is missing or does not know the language: the living languages whose usual
# script is one of the above.
_RTL_LANGUAGES = frozenset({
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "mzn", "ps", "sd",
    "syr", "ug", "ur", "yi",
})


def _script_subtag(parts: list[str]) -> str | None:
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
    return None


@lru_cache(maxsize=64)
def text_direction(lang: str | None) -> Direction:
    """``"rtl"`` for a language written right to left (a BCP 47 tag: ``ar``, ``he``,
    ``fa-IR``, ``az-Arab``), else ``"ltr"``."""
    if not lang:
        return "ltr"
    parts = lang.replace("_", "-").split("-")
    script = _script_subtag(parts)
    if script is not None:
        return "rtl" if script in RTL_SCRIPTS else "ltr"
    try:
        from babel import Locale, UnknownLocaleError
    except ImportError:  # pragma: no cover - Babel is a dependency
        return "rtl" if parts[0].lower() in _RTL_LANGUAGES else "ltr"
    try:
        order = Locale.parse(lang, sep="-").character_order
    except (UnknownLocaleError, ValueError, TypeError):
        return "rtl" if parts[0].lower() in _RTL_LANGUAGES else "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


def is_rtl(lang: str | None) -> bool:
    return text_direction(lang) == "rtl"


def first_strong(text: str) -> Direction | None:
    """The direction of the first strongly directional character of ``text`` (what HTML's
    ``dir="auto"`` looks at), or None when it has none (digits, punctuation)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None

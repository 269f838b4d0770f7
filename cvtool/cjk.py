"""Which CJK fonts set Chinese, Japanese and Korean text, for both engines.

The CJK fonts are not bundled: they are Debian's ``fonts-noto-cjk`` (Noto Serif CJK and
Noto Sans CJK, regular and bold), installed by ``scripts/install-system-deps.sh`` and found
by family name through fontconfig (the README says why). One font file draws all four
regional forms of the Han characters; the family name picks the forms a reader expects,
from the language being built: ``ja`` Japanese (JP), ``ko`` Korean (KR), ``zh-Hant`` or
Taiwan traditional (TC), Hong Kong and Macau (HK), any other Chinese, and every language
that is not CJK (an English CV with a Chinese name), simplified Chinese (SC).
"""

from __future__ import annotations

from typing import Literal

Region = Literal["SC", "TC", "HK", "JP", "KR"]

# The design's font option → the CJK family that matches it (Song/Mincho or Hei/Gothic).
_STYLES = {"serif": "Noto Serif CJK", "sans": "Noto Sans CJK"}
# Families other systems may have, tried after Noto CJK (the HTML page in a browser).
OTHER_FAMILIES = ("Source Han Serif SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
                  "Droid Sans Fallback")


def region(lang: str) -> Region:
    """The regional glyph forms for a BCP 47 language tag (``zh-Hant-TW``, ``ja``, ...)."""
    subtags = [part.lower() for part in lang.replace("_", "-").split("-")]
    primary, rest = subtags[0], set(subtags[1:])
    if primary == "ja":
        return "JP"
    if primary == "ko":
        return "KR"
    if primary in ("zh", "yue", "cmn", "lzh") or primary.startswith("zh"):
        if rest & {"hk", "mo"} or primary == "yue":
            return "HK"
        if "hant" in rest or "tw" in rest:
            return "TC"
    return "SC"


def family(font: str, lang: str) -> str:
    """The CJK family for the design's font (``serif`` or ``sans``) and the language."""
    return f"{_STYLES[font]} {region(lang)}"


def families(font: str, lang: str) -> tuple[str, ...]:
    """The matching CJK family first, then the other style's, for a system without it."""
    other = "sans" if font == "serif" else "serif"
    return (family(font, lang), family(other, lang))

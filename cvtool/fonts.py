"""Which characters can be drawn, and where in the source each one that cannot was written.

WeasyPrint draws a character with the bundled fonts first, then any font installed on the
system; one that no font covers prints as an empty box ("tofu"). XeLaTeX uses only the fonts
its document names: any other character becomes an empty box (a gap with older XeTeX), and
only its log names it (:mod:`cvtool.renderers.latex_pdf`). Either way the problem is CV201,
located at each field that holds such a character: :func:`missing_glyph_diagnostics` before
WeasyPrint typesets, :func:`lost_glyph_diagnostics` after XeLaTeX did. A PDF build stops on
it unless the CV says ``design: {missing_glyphs: box}``.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from cvtool.errors import Diagnostic, LostCharacter, Severity, SourceLocation, format_path
from cvtool.fontconfig import fc_list
from cvtool.loader import LoadedCv
from cvtool.themes import FONTS_DIR

_IGNORED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn"})


COVERAGE_FILE = FONTS_DIR / "coverage.json"


def compute_bundled_coverage() -> list[tuple[int, int]]:
    """Code point ranges the bundled fonts draw, read from the fonts themselves (slow)."""
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for path in sorted(FONTS_DIR.glob("*.ttf")):
        with TTFont(path, lazy=True) as font:
            covered.update(font.getBestCmap() or {})
    ranges: list[tuple[int, int]] = []
    for code in sorted(covered):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


@lru_cache(maxsize=1)
def bundled_coverage() -> frozenset[int]:
    """The bundled fonts' coverage, from a precomputed file (a test keeps it in sync)."""
    ranges = json.loads(COVERAGE_FILE.read_text(encoding="utf-8"))
    return frozenset(code for low, high in ranges for code in range(low, high + 1))


@lru_cache(maxsize=1)
def system_ranges() -> tuple[tuple[int, int], ...]:
    """Code point ranges of every font fontconfig knows (empty when fc-list is missing)."""
    listing = fc_list("%{charset}\n")
    ranges: set[tuple[int, int]] = set()
    for line in listing.split():
        first, _, last = line.partition("-")
        try:
            ranges.add((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue
    return tuple(sorted(ranges))


def _drawable_by_system(code: int) -> bool:
    return any(low <= code <= high for low, high in system_ranges())


def _needs_a_glyph(char: str) -> bool:
    return unicodedata.category(char) not in _IGNORED_CATEGORIES and not (
        0xFE00 <= ord(char) <= 0xFE0F)


def undrawable(text: str) -> list[str]:
    """Characters of ``text`` that no bundled or installed font can draw, in order."""
    covered = bundled_coverage()
    missing = []
    for char in dict.fromkeys(text):
        if ord(char) in covered or not _needs_a_glyph(char):
            continue
        if not _drawable_by_system(ord(char)):
            missing.append(char)
    return missing


def _strings(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def _as_shown(text: str) -> str:
    """The text and what TeX in it becomes (``$\\mathcal{O}$`` prints 𝒪): a font must draw
    both."""
    if "$" not in text and "\\" not in text:
        return text
    from cvtool.markup import to_text
    from cvtool.texinline import tex

    return f"{text} {to_text(tex(text))}"


def _font_package(chars: list[str]) -> str:
    """The Debian package with a font for these characters."""
    cjk = any(unicodedata.name(c, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))
              or 0x3000 <= ord(c) <= 0x9FFF or 0xAC00 <= ord(c) <= 0xD7AF for c in chars)
    return "fonts-noto-cjk" if cjk else "fonts-noto-core"


_ENGINES = {"xelatex": "XeLaTeX", "lualatex": "LuaLaTeX"}


def _hint(chars: list[str], severity: Severity) -> str:
    install = f"install a font that has {'them' if len(chars) > 1 else 'it'}, " \
              f"e.g. Debian's {_font_package(chars)}"
    if severity is Severity.ERROR:
        return f"{install}, or write `design: {{missing_glyphs: box}}` to build anyway"
    return install


def _shown(chars: list[str]) -> str:
    return ", ".join(f"`{c}` (U+{ord(c):04X})" for c in chars[:5]) + (
        f" and {len(chars) - 5} more" if len(chars) > 5 else "")


def glyph_severity(loaded: LoadedCv) -> Severity:
    """CV201 stops a PDF build unless the CV accepts boxes (``design.missing_glyphs``)."""
    return Severity.WARNING if loaded.cv.design.missing_glyphs == "box" else Severity.ERROR


def missing_glyph_diagnostics(loaded: LoadedCv,
                              severity: Severity = Severity.ERROR) -> list[Diagnostic]:
    """One CV201 per field that holds characters no bundled or installed font can draw."""
    covered = bundled_coverage()
    diagnostics = []
    for path, written in _strings(loaded.data):
        text = _as_shown(written)
        if all(ord(c) in covered or c.isspace() for c in text):
            continue
        missing = undrawable(text)
        if missing:
            diagnostics.append(Diagnostic(
                "CV201", f"no bundled or installed font can draw {_shown(missing)}; it would "
                "print as a box", severity, loaded.source.value_at(path), format_path(path),
                hint=_hint(missing, severity)))
    return diagnostics


def lost_glyph_diagnostics(loaded: LoadedCv, lost: tuple[LostCharacter, ...], engine: str,
                           severity: Severity = Severity.ERROR) -> list[Diagnostic]:
    """One CV201 per field that holds characters a typesetting engine could not print, naming the
    fonts that lack them; one more, unlocated, for characters no field holds (text of the
    theme or cvtool's own words)."""
    fonts: dict[str, list[str]] = {}
    for item in lost:
        fonts.setdefault(item.char, [])
        if item.font not in fonts[item.char]:
            fonts[item.char].append(item.font)
    unplaced = dict.fromkeys(fonts)
    diagnostics = []

    def problem(chars: list[str], where: SourceLocation | None, path: str) -> Diagnostic:
        named = sorted({font for c in chars for font in fonts[c]})
        return Diagnostic(
            "CV201", f"{'' if where else 'text of the theme or of cvtool: '}{_shown(chars)}"
            f" not in the font{'s' if len(named) > 1 else ''} {', '.join(named)}; "
            f"{_ENGINES.get(engine, engine)} cannot print {'them' if len(chars) > 1 else 'it'}"
            " (a box or a gap in the PDF)", severity, where, path, hint=_hint(chars, severity))

    for path, written in _strings(loaded.data):
        text = _as_shown(written)
        here = [c for c in fonts if c in text]
        if here:
            diagnostics.append(problem(here, loaded.source.value_at(path), format_path(path)))
            for char in here:
                unplaced.pop(char, None)
    if unplaced:
        diagnostics.append(problem(list(unplaced), None, ""))
    return diagnostics

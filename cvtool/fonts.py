"""Which characters can be drawn: the bundled fonts first, then fonts installed on the system.

A character no font covers would print as an empty box ("tofu"). The build warns about each
one at the place in the source where it was written; lint can turn that into an error.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from cvtool.errors import Diagnostic, Severity, format_path
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
    if shutil.which("fc-list") is None:
        return ()
    try:
        listing = subprocess.run(["fc-list", "--format", "%{charset}\n"], capture_output=True,
                                 text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
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


def missing_glyph_diagnostics(loaded: LoadedCv) -> list[Diagnostic]:
    """One warning per field that holds characters no font can draw."""
    covered = bundled_coverage()
    diagnostics = []
    for path, written in _strings(loaded.data):
        text = _as_shown(written)
        if all(ord(c) in covered or c.isspace() for c in text):
            continue
        missing = undrawable(text)
        if missing:
            shown = ", ".join(f"`{c}` (U+{ord(c):04X})" for c in missing[:5])
            diagnostics.append(Diagnostic(
                "CV201", f"no bundled or installed font can draw {shown}; it would print as a box",
                Severity.WARNING, loaded.source.value_at(path), format_path(path),
                hint="install a font that covers it, e.g. fonts-noto-cjk for CJK text"))
    return diagnostics

"""Balanced contact lines for WeasyPrint, which has no ``text-wrap: balance``: where the
header's contact list would take more than one line, the items are split into that many
lines of even length, each a run of whole items (XeLaTeX balances the same list itself,
themes/base/latex/cv.tex ``\\cv@balanced``).

Widths are measured from the bundled main face's advance widths (no kerning) with a margin
of error on the safe side, so a line this module plans never wraps again. A design with a
named family, or a header beside a photo, keeps the browser's own wrapping.
"""

from __future__ import annotations

from functools import cache

from cvtool.document.views import ContactView
from cvtool.schema.design import PAGE_MM, length_pt
from cvtool.themes import FONTS_DIR, ResolvedDesign

_ICON_EM = 1.3  # the icon (1em) and the space after it (0.3em), base.css
_GAP_EM = 1.15  # a space widened by the list's word spacing (0.65em to 0.85em)
_SAFETY = 1.04  # measured widths are this much too wide rather than too narrow


@cache
def _advances(stem: str) -> tuple[dict[int, int], int, float]:
    from fontTools.ttLib import TTFont

    with TTFont(FONTS_DIR / f"{stem}.ttf", lazy=True) as font:
        cmap = font.getBestCmap() or {}
        metrics = font["hmtx"].metrics
        widths = {code: metrics[glyph][0] for code, glyph in cmap.items()}
        return widths, metrics[cmap[ord("n")]][0], float(font["head"].unitsPerEm)


def _width_em(text: str, stem: str) -> float:
    widths, fallback, units = _advances(stem)
    return sum(widths.get(ord(c), fallback) for c in text) / units


def balanced_breaks(widths: list[float], gap: float, line: float) -> frozenset[int]:
    """The items that start a new line: as few lines as greedy wrapping gives, with the
    longest line as short as can be."""
    if not widths or sum(widths) + gap * (len(widths) - 1) <= line:
        return frozenset()
    n = len(widths)

    def span(i: int, j: int) -> float:  # items i..j-1 on one line
        return sum(widths[i:j]) + gap * (j - i - 1)

    lines, start = 1, 0
    for k in range(1, n):
        if span(start, k + 1) > line:
            lines, start = lines + 1, k
    best: dict[tuple[int, int], tuple[float, tuple[int, ...]]] = {}

    def solve(i: int, left: int) -> tuple[float, tuple[int, ...]]:
        """Items i.. on ``left`` lines: (longest line, starts of the lines after the first)."""
        if left == 1:
            return span(i, n), ()
        if (i, left) not in best:
            options = []
            for j in range(i + 1, n - left + 2):
                rest, starts = solve(j, left - 1)
                # on a tie, the longer line first (as TeX's balanced lines come out)
                options.append((max(span(i, j), rest), -span(i, j), (j, *starts)))
            longest, _, starts = min(options)
            best[i, left] = longest, starts
        return best[i, left]

    longest, starts = solve(0, lines)
    return frozenset(starts) if longest <= line else frozenset()


def contact_breaks(contacts: tuple[ContactView, ...], design: ResolvedDesign,
                   size_factor: float, photo: bool) -> frozenset[int]:
    """Where the printed contact list starts a new line (indices of items)."""
    if design.family is not None or photo:
        return frozenset()
    stem = "NotoSerif-Regular" if design.font == "serif" else "NotoSans-Regular"
    try:
        margin = length_pt(design.margins)
    except ValueError:
        return frozenset()
    size = design.font_size * size_factor
    page_width = PAGE_MM[design.page_size][0] / 25.4 * 72  # pt
    line = (page_width - 2 * margin) / size
    widths = [(_ICON_EM + _width_em(c.text, stem)) * _SAFETY for c in contacts]
    return balanced_breaks(widths, _GAP_EM, line)

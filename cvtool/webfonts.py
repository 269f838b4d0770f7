"""Fonts for the standalone web page: the faces the PDF uses, cut down to the characters the
page shows and inlined as WOFF2 ``data:`` URIs in ``@font-face`` rules.

Why inline: a build writes one file per format (:mod:`cvtool.build`), and a web page that
falls back to the visitor's Times does not look like its PDF. Subsetting keeps it small: a
Latin CV's four Noto faces shrink from ≈2 MB of TrueType to ≈100 kB of WOFF2.

HarfBuzz's subsetter cuts the faces when the system has it (:mod:`cvtool.hbsubset`), else
fontTools' (slower); fontTools writes the WOFF2. fontTools is imported only when a page is
rendered (``cvtool --help``, ``lint`` and ``validate`` stay fast), and every subset is
cached per process by file and characters, so a preview that re-renders pays once.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Face:
    """One font file declared under a CSS family, weight and style."""

    family: str
    path: Path
    weight: int
    style: str  # normal | italic


def page_characters(page: str) -> frozenset[int]:
    """The code points a page may show: every character of its source (text, attribute
    values and the stylesheet's generated content alike; markup adds only ASCII, which the
    text needs anyway), with character references decoded and both cases of each letter
    (``text-transform: uppercase`` draws capitals the source does not hold)."""
    text = html.unescape(page)
    chars = set(text) | set(text.upper()) | set(text.lower())
    return frozenset(ord(c) for c in chars if ord(c) >= 0x20 and c != "\x7f")


@lru_cache(maxsize=64)
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


@lru_cache(maxsize=128)
def _subset(path: Path, stamp: float, codepoints: frozenset[int]) -> bytes:
    """``path`` cut down to ``codepoints`` (and what its layout features reach from them:
    small capitals, ligatures, kerning), as WOFF2. HarfBuzz cuts when it is installed
    (:mod:`cvtool.hbsubset`, fast), fontTools otherwise; fontTools compresses. ``stamp``:
    the file's mtime, so an edited theme font is cut again."""
    from cvtool import hbsubset

    cut = hbsubset.subset(path, sorted(codepoints))
    if cut is None:
        return _subset_fonttools(path, codepoints)
    from fontTools.ttLib import woff2

    out = io.BytesIO()
    woff2.compress(io.BytesIO(cut), out)
    return out.getvalue()


def _subset_fonttools(path: Path, codepoints: frozenset[int]) -> bytes:
    """What :func:`_subset` does, in fontTools alone (≈0.7 s a face: it parses the layout
    tables in Python)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # small caps (classic), kerning, ligatures, marks
    options.hinting = False  # browsers on screens hint themselves; a third smaller
    options.desubroutinize = True  # compresses better in WOFF2
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # copyright, names and version (the OFL asks)
    with TTFont(path, lazy=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(font)
        out = io.BytesIO()
        font.flavor = "woff2"
        font.save(out)
    return out.getvalue()


def _rule(face: Face, codepoints: frozenset[int]) -> str:
    data = _subset(face.path, face.path.stat().st_mtime, codepoints)
    uri = "data:font/woff2;base64," + base64.b64encode(data).decode("ascii")
    return (f'@font-face {{ font-family: "{face.family}"; src: url("{uri}") format("woff2"); '
            f"font-weight: {face.weight}; font-style: {face.style}; font-display: swap; }}")


def font_face_css(stack: Sequence[Sequence[Face]], page: str,
                  extra: Sequence[Sequence[Face]] = ()) -> str:
    """``@font-face`` rules with inlined subsets for the families of a font stack, in the
    order a browser tries them: each family gets the page's characters that it draws and no
    family before it does (the Arabic face only the Arabic letters, the emoji face only the
    emoji), and a family that gets none is left out. ``extra``: families outside the body's
    stack (the monospace face of ``code``), each cut to all the characters it draws."""
    wanted = page_characters(page)
    rules: list[str] = []
    left = wanted
    for family in stack:
        if not family:
            continue
        mine = left & _cmap(family[0].path)
        if not mine:
            continue
        left = left - mine
        rules += [_rule(face, mine) for face in family]
    for family in extra:
        if family and (mine := wanted & _cmap(family[0].path)):
            rules += [_rule(face, mine) for face in family]
    return "\n".join(rules)

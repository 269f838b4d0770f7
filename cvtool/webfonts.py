"""Fonts for the standalone web page: the faces the PDF uses, cut down to the characters the
page shows and inlined as WOFF2 ``data:`` URIs in ``@font-face`` rules.

Why inline: a build writes one file per format (:mod:`cvtool.build`), and a web page that
falls back to the visitor's Times does not look like its PDF. Subsetting keeps it small: a
Latin CV's four Noto faces shrink from ≈2 MB of TrueType to ≈100 kB of WOFF2.

HarfBuzz's subsetter (through uharfbuzz) cuts the faces, ≈10 ms a face where fontTools'
takes ≈0.7 s (it parses the layout tables in Python); fontTools writes the WOFF2. Both are
imported only when a page is rendered (``cvtool --help``, ``lint`` and ``validate`` stay
fast), and every subset is cached per process by file and characters, so a preview that
re-renders pays once.
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
    small capitals, ligatures, kerning, marks), hinting dropped (screens hint for
    themselves), as WOFF2. ``stamp``: the file's mtime, so an edited theme font is cut
    again."""
    import uharfbuzz as hb
    from fontTools.ttLib import woff2

    request = hb.SubsetInput()
    for codepoint in sorted(codepoints):
        request.unicode_set.add(codepoint)
    features = request.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG)
    features.clear()
    features.invert()  # the empty set inverted: every feature
    request.flags = hb.SubsetFlags.NO_HINTING
    cut = hb.subset(hb.Face(hb.Blob.from_file_path(str(path))), request)
    if cut is None:
        raise ValueError(f"HarfBuzz could not subset {path.name}")
    out = io.BytesIO()
    woff2.compress(io.BytesIO(cut.blob.data), out)
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

"""The header's icons: Tabler Icons' outline SVGs (MIT, see README.md), read from the files
in this folder, the one source for both engines.

HTML and WeasyPrint get the icon as inline SVG (:func:`icon_svg`): drawn with
``currentColor`` so CSS colours it, hidden from assistive technology, and with no text, so
nothing of it reaches a PDF's text layer. XeLaTeX gets the same outlines as SVG path data
(:func:`icon_path`), drawn by TikZ's ``svg.path`` library: no image converter, no font.
Icons are decoration: every contact's meaning is in its text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

ICONS_DIR = Path(__file__).resolve().parent
_SVG = "{http://www.w3.org/2000/svg}"
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_TOKEN = re.compile(rf"[MmLlHhVvCcSsQqTtAaZz]|{_NUMBER}")


def icon_names() -> tuple[str, ...]:
    """The bundled icons, by file name without ``.svg``."""
    return tuple(sorted(p.stem for p in ICONS_DIR.glob("*.svg")))


def _number(value: float) -> str:
    """A number as TeX and SVG both read it: a leading zero, no exponent."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _normalise(data: str) -> str:
    """Path data with every command and number spaced apart and numbers written in full
    (``.5`` as ``0.5``): pgf's parser reads no compressed forms."""
    out = []
    for token in _TOKEN.findall(data):
        out.append(token if token.isalpha() else _number(float(token)))
    return " ".join(out)


def _shape_path(element: ET.Element) -> str:
    """One drawn SVG element as path data (the outline icons use path, and Tabler's other
    shapes are kept for icons added later)."""
    tag = element.tag.removeprefix(_SVG)

    def num(name: str) -> float:
        return float(element.get(name, "0"))

    if tag == "path":
        return element.get("d", "")
    if tag == "line":
        return f"M {num('x1')} {num('y1')} L {num('x2')} {num('y2')}"
    if tag in ("polyline", "polygon"):
        points = re.findall(_NUMBER, element.get("points", ""))
        pairs = [f"{points[i]} {points[i + 1]}" for i in range(0, len(points) - 1, 2)]
        return "M " + " L ".join(pairs) + (" Z" if tag == "polygon" else "")
    if tag in ("circle", "ellipse"):
        cx, cy = num("cx"), num("cy")
        rx = num("r") if tag == "circle" else num("rx")
        ry = num("r") if tag == "circle" else num("ry")
        return (f"M {cx - rx} {cy} a {rx} {ry} 0 1 0 {2 * rx} 0 "
                f"a {rx} {ry} 0 1 0 {-2 * rx} 0 Z")
    if tag == "rect":
        x, y, w, h = num("x"), num("y"), num("width"), num("height")
        r = min(num("rx") or num("ry"), w / 2, h / 2)
        if not r:
            return f"M {x} {y} h {w} v {h} h {-w} Z"
        return (f"M {x + r} {y} h {w - 2 * r} a {r} {r} 0 0 1 {r} {r} v {h - 2 * r} "
                f"a {r} {r} 0 0 1 {-r} {r} h {-(w - 2 * r)} a {r} {r} 0 0 1 {-r} {-r} "
                f"v {-(h - 2 * r)} a {r} {r} 0 0 1 {r} {-r} Z")
    return ""


@cache
def _paths(name: str) -> tuple[str, ...]:
    """The stroked outlines of an icon, each as normalised path data (Tabler's invisible
    24×24 bounding box, ``stroke="none"``, left out)."""
    if name not in icon_names():
        raise KeyError(f"no bundled icon {name!r}")
    root = ET.parse(ICONS_DIR / f"{name}.svg").getroot()
    paths = []
    for element in root.iter():
        if element is root or element.get("stroke") == "none":
            continue
        if data := _shape_path(element):
            paths.append(_normalise(data))
    return tuple(paths)


def icon_path(name: str) -> str:
    """The icon as one SVG path (its shapes one after another), in the 24×24 box with y
    down, for TikZ's ``\\draw svg{...}``."""
    return " ".join(_paths(name))


_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def icon_svg(name: str, css_class: str = "icon", colour: str | None = None) -> str:
    """The icon as inline SVG for HTML: ``aria-hidden`` and not focusable (decoration),
    stroked in ``currentColor``: the ``icon`` style token through CSS in a browser, or
    ``colour`` (#rrggbb) written on the element, for WeasyPrint. Its markup is built from
    the normalised path data only (letters, digits, spaces and dots), so nothing from the
    file reaches the page unchecked."""
    body = "".join(f'<path d="{d}"/>' for d in _paths(name))
    style = f' style="color: {colour}"' if colour and _HEX.fullmatch(colour) else ""
    return (f'<svg class="{css_class}" aria-hidden="true" focusable="false"{style} '
            'viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" '
            f'stroke-linecap="round" stroke-linejoin="round">{body}</svg>')


def icon_background(name: str, colour: str, css_class: str = "icon") -> str:
    """The icon for WeasyPrint's PDF: an empty span with the SVG, stroked in ``colour``
    (#rrggbb), as its background image. WeasyPrint tags an inline ``<svg>`` as a figure in
    the tagged PDF; a background is drawn as an artifact, which is what decoration is (the
    contact's meaning is in its text). The data URI is base64 of the same checked markup."""
    import base64

    if not _HEX.fullmatch(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    svg = icon_svg(name, colour=None).replace("currentColor", colour).replace(
        '<svg class="' + "icon" + '" aria-hidden="true" focusable="false" ',
        '<svg xmlns="http://www.w3.org/2000/svg" ')
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f'<span class="{css_class}" aria-hidden="true" '
            f"style=\"background-image: url('data:image/svg+xml;base64,{data}')\"></span>")


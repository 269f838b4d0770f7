"""The web page's dark colours, derived from the theme's own colour tokens (never a second
palette per theme): each colour keeps its hue and saturation and has its lightness turned
over (dark grey text becomes light grey, a navy accent a light blue), then is lightened
until it reads on the dark background (WCAG contrast 4.5:1 for text, 1.5:1 for rules and
frames, which are decoration). The background is a near-black in the accent's hue.

Pure arithmetic on validated ``#rrggbb`` values; the result is CSS custom properties inside
``@media screen and (prefers-color-scheme: dark)``, so print and the PDF never see it.
"""

from __future__ import annotations

import colorsys

from cvtool.style import Style

TEXT_CONTRAST = 4.5  # WCAG AA for body text
RULE_CONTRAST = 1.5  # hairlines and frames: visible, not loud
_DECORATION = ("rule", "frame")  # colour tokens that are lines, not text
_SURFACE = ("background",)  # colour tokens that are areas under text (a sidebar's tint)


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return r, g, b


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in rgb)


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def background(accent: str) -> str:
    """A near-black tinted with the accent's hue."""
    h, _, s = colorsys.rgb_to_hls(*_rgb(accent))
    return _hex(colorsys.hls_to_rgb(h, 0.085, min(s, 0.3)))


def dark(colour: str, against: str, minimum: float = TEXT_CONTRAST) -> str:
    """``colour`` for a dark background: lightness turned over (saturation capped), then
    raised until its contrast with ``against`` reaches ``minimum``."""
    h, lightness, s = colorsys.rgb_to_hls(*_rgb(colour))
    lightness, s = 1 - lightness, min(s, 0.6)  # light and saturated glares on black
    out = _hex(colorsys.hls_to_rgb(h, lightness, s))
    while contrast(out, against) < minimum and lightness < 1:
        lightness = min(1.0, lightness + 0.02)
        out = _hex(colorsys.hls_to_rgb(h, lightness, s))
    return out


def surface(colour: str, page: str) -> str:
    """An area's tint for a dark page: as far above the page's lightness as the light tint
    is below white, in the tint's hue, so text on it keeps the page's contrast."""
    h, lightness, s = colorsys.rgb_to_hls(*_rgb(colour))
    _, page_lightness, _ = colorsys.rgb_to_hls(*_rgb(page))
    return _hex(colorsys.hls_to_rgb(h, min(page_lightness + (1 - lightness), 0.3),
                                    min(s, 0.3)))


def dark_css(style: Style, accent: str) -> str:
    """The screen's background (white paper, as the PDF's), and the dark scheme as custom
    properties over the ones :func:`cvtool.style.style_css` and the design's ``--accent``
    set; colours that are ``accent`` or ``inherit`` follow from those two."""
    page = background(accent)
    lines = [f"  --web-background: {page};", f"  --accent: {dark(accent, page)};"]
    for name, value in style.colors.model_dump().items():
        if not str(value).startswith("#"):
            continue
        if name.endswith(_SURFACE):
            shade = surface(value, page)
        else:
            minimum = RULE_CONTRAST if name.endswith(_DECORATION) else TEXT_CONTRAST
            shade = dark(value, page, minimum)
        lines.append(f"  --cv-color-{name.replace('_', '-')}: {shade};")
    return ("@media screen { :root { --web-background: #ffffff; } }\n"
            "@media screen and (prefers-color-scheme: dark) {\n"
            ":root { color-scheme: dark;\n" + "\n".join(lines) + " }\n}\n")

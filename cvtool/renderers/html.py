"""HTML from the theme's Jinja2 templates: a standalone page, and the input of the PDF.

Autoescaping is on; the only way markup reaches the page is the ``inline`` filter, which
renders parsed inline nodes through :mod:`cvtool.markup`. CSS is inlined, and the only values
interpolated into CSS are validated design options (numbers, lengths, ``#rrggbb``) and the
theme's validated style tokens (:func:`cvtool.style.style_css`).
"""

from __future__ import annotations

import base64
import json
import re
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from cvtool import markup
from cvtool.document import Document
from cvtool.style import style_css
from cvtool.themes import FONTS_DIR, ResolvedDesign, Theme

# Bundled faces, registered under names of our own so a system font of the same family
# can never stand in for them. (family, file stem, weight, style)
_FACES = [
    ("cvtool Serif", "NotoSerif-Regular", 400, "normal"),
    ("cvtool Serif", "NotoSerif-Italic", 400, "italic"),
    ("cvtool Serif", "NotoSerif-Bold", 700, "normal"),
    ("cvtool Serif", "NotoSerif-BoldItalic", 700, "italic"),
    ("cvtool Sans", "NotoSans-Regular", 400, "normal"),
    ("cvtool Sans", "NotoSans-Italic", 400, "italic"),
    ("cvtool Sans", "NotoSans-Bold", 700, "normal"),
    ("cvtool Sans", "NotoSans-BoldItalic", 700, "italic"),
    ("cvtool Mono", "NotoSansMono-Regular", 400, "normal"),
    ("cvtool Emoji", "NotoEmoji-Regular", 400, "normal"),
]
# After the bundled faces: CJK families a system may have (Debian's fonts-noto-cjk, ...).
_CJK = '"Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei"'


def font_face_css(font: str) -> str:
    """@font-face rules pointing at the bundled files (for the PDF, read locally).

    Only the faces the design uses are declared: WeasyPrint loads every declared face."""
    rules = []
    unused = "cvtool Sans" if font == "serif" else "cvtool Serif"
    for family, stem, weight, style in _FACES:
        if family == unused:
            continue
        url = (FONTS_DIR / f"{stem}.ttf").as_uri()
        rules.append(f'@font-face {{ font-family: "{family}"; src: url("{url}"); '
                     f"font-weight: {weight}; font-style: {style}; }}")
    return "\n".join(rules)


def design_css(design: ResolvedDesign, *, bundled_fonts: bool) -> str:
    """CSS variables and page rules from validated design values only (the theme's style
    tokens follow, from :func:`cvtool.style.style_css`)."""
    if bundled_fonts:
        serif, sans, mono, emoji = ('"cvtool Serif"', '"cvtool Sans"', '"cvtool Mono"',
                                    '"cvtool Emoji"')
    else:  # a web page: the same families when installed, good system faces otherwise
        serif = '"Noto Serif", Georgia, "Times New Roman"'
        sans = '"Noto Sans", "Helvetica Neue", Arial'
        mono = '"Noto Sans Mono", Menlo, Consolas'
        emoji = '"Noto Emoji", "Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji"'
    main = serif if design.font == "serif" else sans
    fallback = "serif" if design.font == "serif" else "sans-serif"
    body = f"{main}, {emoji}, {_CJK}, {fallback}"
    return (
        ":root {\n"
        f"  --accent: {design.accent};\n"
        f"  --font-size: {design.font_size:g}pt;\n"
        f"  --line-height: {design.line_height:g};\n"
        f"  --font-body: {body};\n"
        f"  --font-mono: {mono}, {emoji}, monospace;\n"
        f"  --font-emoji: {emoji}, {main}, {fallback};\n"
        "}\n"
        f"@page {{ size: {design.page_size}; margin: {design.margins};\n"
        "  @bottom-center { content: string(cvname) \" · page \" counter(page) \" of \" "
        f"counter(pages); font-family: {body}; }}\n"
        "}\n"
        "@page :first { @bottom-center { content: none; } }\n"
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


@lru_cache(maxsize=16)
def _environment(folders: tuple[Path, ...], for_print: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=False,
        keep_trailing_newline=True,
        # Plain strings are autoescaped by Jinja; control characters are dropped first.
        finalize=lambda value: value if isinstance(value, Markup) or not isinstance(value, str)
        else markup.strip_controls(value),
    )
    env.filters["inline"] = lambda inline: Markup(
        markup.render(inline, "html", for_print=for_print))
    env.filters["slug"] = _slug
    # Where an item was written, for page fitting to measure and for tools to trace back.
    env.filters["origin"] = lambda origin: json.dumps(list(origin), ensure_ascii=False)
    return env


@lru_cache(maxsize=16)
def _stylesheets(paths: tuple[Path, ...]) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in paths)


def render_html(doc: Document, theme: Theme, design: ResolvedDesign, *, for_print: bool = False,
                created: str | None = None) -> str:
    """The page as text. ``for_print`` adds the bundled @font-face rules for WeasyPrint."""
    css = (design_css(design, bundled_fonts=for_print) + style_css(theme.style)
           + _stylesheets(theme.stylesheets))
    if for_print:
        css = font_face_css(design.font) + "\n" + css
    try:
        template = _environment(theme.folders, for_print).get_template("cv.html.j2")
    except jinja2.TemplateNotFound:
        from cvtool.errors import ThemeError

        raise ThemeError(f"theme `{theme.name}` has no cv.html.j2 template") from None
    photo = None
    if doc.photo is not None:
        photo = doc.photo.as_uri() if for_print else _data_uri(doc.photo)
    return template.render(doc=doc, css=Markup(css), theme=theme.name, created=created,
                           photo=photo)


_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
         ".svg": "image/svg+xml", ".webp": "image/webp"}


def _data_uri(path: Path) -> str:
    """A standalone page carries its photo inside it."""
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:{_MIME[path.suffix.lower()]};base64,{encoded}"

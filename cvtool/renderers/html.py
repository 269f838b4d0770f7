"""HTML from the theme's Jinja2 templates: a standalone page, and the input of the PDF.

Who escapes what: every text of a view reaches the template in one of two forms, and each
has one owner, so nothing is escaped twice and nothing is skipped:

- inline markup (``Inline`` nodes) goes through the ``inline`` filter, which renders it with
  :mod:`cvtool.markup` (which escapes the text leaves) and returns ``Markup``, so Jinja
  leaves it alone. It is the only place rendered text becomes ``Markup`` (besides the
  ``anchor`` filter's ``id`` attribute, also written by :mod:`cvtool.markup`); printing nodes
  without the filter is an error, not a tuple's ``repr`` on the page;
- a plain ``str`` (name, location, dates, labels, section and group titles, link labels
  and URLs, numbers, the ``origin`` filter's JSON) is escaped by Jinja's autoescape, after
  ``finalize`` has dropped its control characters (:func:`cvtool.markup.strip_controls`).
  The document layer never escapes, and no view holds ``Markup``.

Templates mark nothing safe. CSS is inlined, and the only values interpolated into CSS are
validated design options (numbers, lengths, ``#rrggbb``) and the theme's validated style
tokens (:func:`cvtool.style.style_css`).
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from cvtool import cjk, markup, webfonts
from cvtool.darkmode import dark_css
from cvtool.direction import first_strong, text_direction
from cvtool.document import Document
from cvtool.errors import RenderError, ThemeError
from cvtool.icons import icon_background, icon_names, icon_svg
from cvtool.localfiles import IMAGE_SUFFIXES, inside
from cvtool.renderers.contact_lines import contact_breaks
from cvtool.resources import image_format
from cvtool.style import colour_hex, date_column, style_css
from cvtool.themes import FONTS_DIR, FontFiles, ResolvedDesign, Theme, theme_file_error
from cvtool.webfonts import Face
from cvtool.webpage import web_page

if TYPE_CHECKING:
    from cvtool.job import Job, PageLinks

# Bundled faces, registered under names of our own so a system font of the same family
# can never stand in for them. (family, file stem, weight, style)
_FACES = [
    ("cvtool Serif", "NotoSerif-Regular", 400, "normal"),
    ("cvtool Serif", "NotoSerif-Italic", 400, "italic"),
    ("cvtool Serif", "NotoSerif-Bold", 700, "normal"),
    ("cvtool Serif", "NotoSerif-BoldItalic", 700, "italic"),
    ("cvtool Sans", "NotoSans-Regular", 400, "normal"),
    ("cvtool Sans", "NotoSans-Italic", 400, "italic"),
    # Noto Sans alone has a semi-bold (modern's role, compact's labels ask for 600); in the
    # serif, 600 takes the Bold, the nearest heavier face, by CSS font matching.
    ("cvtool Sans", "NotoSans-SemiBold", 600, "normal"),
    ("cvtool Sans", "NotoSans-SemiBoldItalic", 600, "italic"),
    ("cvtool Sans", "NotoSans-Bold", 700, "normal"),
    ("cvtool Sans", "NotoSans-BoldItalic", 700, "italic"),
    ("cvtool Mono", "NotoSansMono-Regular", 400, "normal"),
    ("cvtool Emoji", "NotoEmoji-Regular", 400, "normal"),
    # Right-to-left scripts, after the main family: Naskh (a book face) and Noto Serif
    # Hebrew beside the serif, Noto Sans Arabic and Hebrew beside the sans. They have no
    # italics: the upright face stands in (WeasyPrint slants it).
    ("cvtool Serif Arabic", "NotoNaskhArabic-Regular", 400, "normal"),
    ("cvtool Serif Arabic", "NotoNaskhArabic-Bold", 700, "normal"),
    ("cvtool Serif Hebrew", "NotoSerifHebrew-Regular", 400, "normal"),
    ("cvtool Serif Hebrew", "NotoSerifHebrew-Bold", 700, "normal"),
    ("cvtool Sans Arabic", "NotoSansArabic-Regular", 400, "normal"),
    ("cvtool Sans Arabic", "NotoSansArabic-Bold", 700, "normal"),
    ("cvtool Sans Hebrew", "NotoSansHebrew-Regular", 400, "normal"),
    ("cvtool Sans Hebrew", "NotoSansHebrew-Bold", 700, "normal"),
]
# The bundled right-to-left faces for each main family, in the order they are tried.
_RTL_FAMILIES = {"serif": ("cvtool Serif Arabic", "cvtool Serif Hebrew"),
                 "sans": ("cvtool Sans Arabic", "cvtool Sans Hebrew")}


def bundled_faces(font: str) -> list[tuple[str, str, int, str]]:
    """The bundled faces a design can use: all of :data:`_FACES` but the other main family
    (a serif design never reaches the sans faces). The PDF declares these; the web page
    inlines the ones its characters reach (:func:`web_font_css`)."""
    unused = "cvtool Sans" if font == "serif" else "cvtool Serif"
    return [face for face in _FACES if not face[0].startswith(unused)]


def _theme_faces(theme_font: FontFiles) -> list[tuple[Path, int, str]]:
    """A theme's own font files, as (file, weight, style)."""
    faces = (("regular", 400, "normal"), ("bold", 700, "normal"), ("italic", 400, "italic"),
             ("bold_italic", 700, "italic"))
    return [(path, weight, style) for face, weight, style in faces
            if (path := getattr(theme_font, face)) is not None]


def theme_font_family(family: str) -> str:
    """The name a theme's own font is declared under for WeasyPrint (never a system font)."""
    return f"cvtool theme {family}"


def font_face_css(font: str, theme_font: FontFiles | None = None) -> str:
    """@font-face rules pointing at the bundled files (for the PDF, read locally), and at a
    theme's own font files when the design uses one.

    Only the faces the design uses are declared: WeasyPrint loads every declared face."""
    rules = []
    if theme_font is not None:
        name = theme_font_family(theme_font.family)
        for path, weight, style in _theme_faces(theme_font):
            rules.append(f'@font-face {{ font-family: "{name}"; '
                         f'src: url("{path.as_uri()}"); font-weight: {weight}; '
                         f"font-style: {style}; }}")
    for family, stem, weight, style in bundled_faces(font):
        url = (FONTS_DIR / f"{stem}.ttf").as_uri()
        rules.append(f'@font-face {{ font-family: "{family}"; src: url("{url}"); '
                     f"font-weight: {weight}; font-style: {style}; }}")
    return "\n".join(rules)


def web_font_css(font: str, theme_font: FontFiles | None, page: str) -> str:
    """The web page's ``@font-face`` rules: the same faces as the PDF's, cut to the
    characters ``page`` shows and inlined (:mod:`cvtool.webfonts`), tried in the order of
    the body's font stack: the theme's own font, the main family, the right-to-left faces,
    the emoji face. The monospace face only when the page has code."""
    families: dict[str, list[Face]] = {}
    for family, stem, weight, style in bundled_faces(font):
        families.setdefault(family, []).append(
            Face(family, FONTS_DIR / f"{stem}.ttf", weight, style))
    main = "cvtool Serif" if font == "serif" else "cvtool Sans"
    order = [main, *_RTL_FAMILIES[font], "cvtool Emoji"]
    stack = [families.pop(name, []) for name in order]
    if theme_font is not None:
        name = theme_font_family(theme_font.family)
        stack.insert(0, [Face(name, path, weight, style)
                         for path, weight, style in _theme_faces(theme_font)])
    mono = families.pop("cvtool Mono", [])
    extra = [mono] if "<code" in page else []
    # Any other bundled family (none today) is a fallback after the stack.
    return webfonts.font_face_css([*stack, *families.values()], page, extra)


def _css_string(text: str) -> str:
    """A CSS string literal (the running footer's words, and on the web page the CV's name):
    ``<`` as an escape, so no text can close the ``<style>`` element it is in."""
    text = (markup.strip_controls(text).replace("\\", "\\\\").replace('"', '\\"')
            .replace("<", "\\3c "))
    return f'"{text}"'


def footer_content(page: str, name: str | None = None) -> str:
    """The running footer's ``content``: the name, then the document's words for "page N of
    M" (``page {page} of {pages}``) with its placeholders as CSS page counters. The name is
    the ``.name`` element's text (``string()``, which WeasyPrint reads), or ``name`` as a
    string for a browser printing the web page (Chromium reads margin boxes, not
    ``string()``)."""
    parts = ["string(cvname)" if name is None else _css_string(name)]
    lead = " · "
    for piece in re.split(r"(\{pages?\})", page):
        if piece in ("{page}", "{pages}"):
            if lead:
                parts.append(_css_string(lead))
                lead = ""
            parts.append(f"counter({piece[1:-1]})")
        elif piece or lead:
            parts.append(_css_string(lead + piece))
            lead = ""
    return " ".join(parts)


def cjk_css(font: str, lang: str) -> str:
    """The CJK families after the bundled faces: Noto CJK in the design's style, with the
    regional glyph forms of the language built (:mod:`cvtool.cjk`), then others a system
    may have."""
    return ", ".join(f'"{name}"' for name in (*cjk.families(font, lang), *cjk.OTHER_FAMILIES))


# The bundled Noto faces' ascender and descender (hhea), in em: where a line's baseline sits.
_ASCENT, _DESCENT = 1.069, 0.293


def date_shift_css(theme: Theme, design: ResolvedDesign) -> str:
    """``--cv-date-shift``: how far a date column's text (size ``right``, top-aligned, so a
    date that wraps runs down beside the entry) moves down to share the baseline of its
    entry's first line, in the date's own em. A line box puts its baseline at size × (line
    height + ascent − descent) / 2 from its top; the row's line is set in the body size
    (a title a little larger shares its baseline, measured: it does not move it)."""
    right = float(theme.style.sizes.right or 1)
    shift = (design.line_height + _ASCENT - _DESCENT) / 2 * (1 - right) / right
    return f":root {{ --cv-date-shift: {max(shift, 0.0):.4f}em; }}\n"


def design_css(design: ResolvedDesign, *, bundled_fonts: bool,
               page: str = "page {page} of {pages}", lang: str = "en",
               theme_font: FontFiles | None = None, web: bool = False,
               name: str | None = None) -> str:
    """CSS variables and page rules from validated design values only (the theme's style
    tokens follow, from :func:`cvtool.style.style_css`); ``page``: the footer's words;
    ``lang`` chooses the CJK forms. ``web``: a web page, whose bundled faces are inlined
    (``bundled_fonts``) and whose CJK text falls back to the visitor's own faces; ``name``:
    the footer's name as text (see :func:`footer_content`)."""
    if bundled_fonts and web:  # the inlined faces, then good system faces
        serif, sans, mono = ('"cvtool Serif", Georgia, "Times New Roman"',
                             '"cvtool Sans", "Helvetica Neue", Arial',
                             '"cvtool Mono", Menlo, Consolas')
        emoji = '"cvtool Emoji", "Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji"'
        rtl = ", ".join(f'"{family}"' for family in _RTL_FAMILIES[design.font])
    elif bundled_fonts:
        serif, sans, mono, emoji = ('"cvtool Serif"', '"cvtool Sans"', '"cvtool Mono"',
                                    '"cvtool Emoji"')
        rtl = ", ".join(f'"{family}"' for family in _RTL_FAMILIES[design.font])
    else:  # a web page: the same families when installed, good system faces otherwise
        serif = '"Noto Serif", Georgia, "Times New Roman"'
        sans = '"Noto Sans", "Helvetica Neue", Arial'
        mono = '"Noto Sans Mono", Menlo, Consolas'
        emoji = '"Noto Emoji", "Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji"'
        rtl = ('"Noto Naskh Arabic", "Noto Serif Hebrew"' if design.font == "serif"
               else '"Noto Sans Arabic", "Noto Sans Hebrew"')
    main = serif if design.font == "serif" else sans
    if design.family is not None:  # validated: letters, digits, spaces and ._+-
        named = (theme_font_family(design.family) if theme_font is not None and bundled_fonts
                 else design.family)
        main = f'"{named}", {main}'
    fallback = "serif" if design.font == "serif" else "sans-serif"
    cjk_families = cjk_css(design.font, lang)
    if bundled_fonts and not web:
        body = f"{main}, {rtl}, {emoji}, {cjk_families}, {fallback}"
    else:
        # A browser without Noto Serif would take Latin letters and punctuation from the
        # first installed family on the list that has them: a CJK face, whose ’ “ ” are
        # full width ("Amazon’ s"). The system's own serif or sans comes first; CJK text,
        # which it lacks, still falls through to the CJK faces in the language's forms.
        body = f"{main}, {rtl}, {emoji}, {fallback}, {cjk_families}"
    return (
        ":root {\n"
        f"  --accent: {design.accent};\n"
        f"  --font-size: {design.font_size:g}pt;\n"
        f"  --line-height: {design.line_height:g};\n"
        f"  --font-body: {body};\n"
        f"  --font-mono: {mono}, {emoji}, {cjk_families}, monospace;\n"
        f"  --font-emoji: {emoji}, {main}, {fallback};\n"
        "}\n"
        f"@page {{ size: {design.page_size}; margin: {design.margins};\n"
        f"  @bottom-center {{ content: {footer_content(page, name)}; font-family: {body}; }}\n"
        "}\n"
        "@page :first { @bottom-center { content: none; } }\n"
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


class _ThemeLoader(jinja2.FileSystemLoader):
    """Templates from the theme's folders only: a template that is a symlink leading out of
    its folder is refused like a missing one."""

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not any(real.is_relative_to(Path(folder).resolve()) for folder in self.searchpath):
            raise jinja2.TemplateNotFound(template)
        return source, filename, uptodate


def _is_inline(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(n, markup.NODE_TYPES) for n in value)


def _inline(value: object) -> markup.Inline:
    """What the ``inline`` filter accepts: parsed nodes only (a ``str`` is printed as it is,
    autoescaped, never read as markup)."""
    if not _is_inline(value):
        raise jinja2.TemplateRuntimeError(
            f"the inline filter takes parsed inline markup, not {type(value).__name__}")
    return value  # type: ignore[return-value]


def _isolate(context: jinja2.runtime.Context, value: object, for_print: bool,
             weak: str | None = None) -> Markup:
    """A user text, isolated when it runs the other way than the CV: ``<bdi dir="ltr">``
    around an English title in an Arabic CV (and ``dir="rtl"`` around Arabic in an English
    one), so its punctuation stays where it was written and neighbours keep their order.
    The direction is computed here (the first strong character, as ``dir="auto"`` does)
    because WeasyPrint reads ``dir`` but not ``auto``. Inline markup is rendered as by the
    ``inline`` filter; a ``str`` is escaped by :mod:`cvtool.markup`. ``weak``: the direction
    of a text with no strong character at all (``ltr`` for a phone number, whose digits and
    ``+`` an Arabic line would otherwise reorder)."""
    if isinstance(value, str):
        text = markup.strip_controls(value)
        html = markup.escape(text, "html")
    else:
        text = markup.to_text(_inline(value))
        html = markup.render(value, "html", for_print=for_print)  # type: ignore[arg-type]
    runs = first_strong(text) or weak
    if runs is None or runs == context.get("dir", "ltr"):
        return Markup(html)
    return Markup(f'<bdi dir="{runs}">{html}</bdi>')


def _finalize(value: object) -> object:
    """Every ``{{ ... }}`` passes here before autoescaping: plain strings lose their control
    characters (Jinja then escapes them), ``Markup`` passes as it is, and inline nodes
    printed without the ``inline`` filter are refused."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return markup.strip_controls(value)
    if _is_inline(value):
        raise jinja2.TemplateRuntimeError("inline markup printed without the `inline` filter")
    return value


def _icon(context: jinja2.runtime.Context, name: str) -> Markup:
    """A bundled icon as inline SVG (decoration: hidden from assistive technology). For
    print its colour is written on it: WeasyPrint draws an inline SVG's ``currentColor``
    from the SVG's own style attribute only, not from the page's CSS."""
    if name not in icon_names():
        raise jinja2.TemplateRuntimeError(
            f"no bundled icon {name!r} (there are: {', '.join(icon_names())})")
    colour = context.get("icon_colour")
    if colour:  # the PDF: drawn as an artifact of the tagged PDF, not a figure
        return Markup(icon_background(name, colour))
    return Markup(icon_svg(name))


def _icon_colour(theme: Theme, design: ResolvedDesign) -> str:
    """The ``icon`` token as ``#rrggbb``: its own colour, else the text's."""
    return (colour_hex(theme.style, "icon", design.accent)
            or colour_hex(theme.style, "text", design.accent) or "#000000")


@lru_cache(maxsize=16)
def _environment(folders: tuple[Path, ...], for_print: bool) -> jinja2.Environment:
    # Themes carry no Python, and a template is code: it runs in Jinja's sandbox, where
    # underscore attributes (``__globals__``, ``__class__``...) and anything that changes
    # data are refused.
    env = ImmutableSandboxedEnvironment(
        loader=_ThemeLoader([str(f) for f in folders]),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=False,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters["inline"] = lambda inline: Markup(
        markup.render(_inline(inline), "html", for_print=for_print))
    # A paper's entry as the target of [@key] cross-references: ` id="pub-KEY"` (or nothing).
    env.filters["anchor"] = lambda key: Markup(
        " " + markup.anchor(key, "html") if isinstance(key, str) and key else "")
    env.filters["isolate"] = jinja2.pass_context(
        lambda context, value, weak=None: _isolate(context, value, for_print, weak))
    env.filters["slug"] = _slug
    env.filters["icon"] = jinja2.pass_context(_icon)
    # Where an item was written, for page fitting to measure and for tools to trace back.
    env.filters["origin"] = lambda origin: json.dumps(list(origin), ensure_ascii=False)
    return env


def _template_line(exc: BaseException) -> tuple[str, int] | None:
    """The template file and line an error was raised at (Jinja rewrites the traceback so
    that template frames carry the template's file name and line)."""
    where = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return where


def _template_error(exc: Exception, theme: Theme) -> ThemeError:
    """A template problem as a located error in the theme's file."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        what = "template syntax"
        where = (exc.filename, exc.lineno) if exc.filename else _template_line(exc)
        message = exc.message or str(exc)
    elif isinstance(exc, jinja2.TemplateNotFound):
        what, where = "template", _template_line(exc)
        message = f"no template {exc.name} in the theme's folders"
    elif isinstance(exc, SecurityError):
        what, where, message = "unsafe template", _template_line(exc), str(exc)
    else:
        what, where, message = "template", _template_line(exc), str(exc)
    text = f"{what}: {message} (theme `{theme.name}`)"
    if where is None:
        return ThemeError(f"{theme.folders[0] / 'cv.html.j2'}: {text}")
    return theme_file_error(where[0], where[1], 1, text)


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)""")


def _theme_urls(css: str, sheet: Path, folders: tuple[Path, ...], for_print: bool) -> str:
    """A stylesheet's relative ``url()``s resolved against its own theme's folder (not the
    CV's): file URLs for the PDF (the PDF reader allows exactly the theme's folders), images
    inlined for a standalone page. A URL leading outside the folder is left as written, and
    the PDF build refuses it."""
    root = next((f.resolve() for f in folders if sheet.resolve().is_relative_to(f.resolve())),
                sheet.parent.resolve())

    def resolved(match: re.Match[str]) -> str:
        url = match[2]
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^[#/]", url):
            return match[0]
        target = inside(root, sheet.resolve().parent.relative_to(root) / url)
        if target is None or not target.is_file():
            return match[0]
        if for_print:
            return f'url("{target.as_uri()}")'
        if target.suffix.lower() in IMAGE_SUFFIXES and target.suffix.lower() != ".svg":
            return f'url("{_data_uri(target, any_image=True)}")'
        return match[0]

    return _CSS_URL.sub(resolved, css)


@lru_cache(maxsize=16)
def _stylesheets(paths: tuple[Path, ...], folders: tuple[Path, ...] = (),
                 for_print: bool = False) -> str:
    return "\n".join(_theme_urls(p.read_text(encoding="utf-8"), p, folders, for_print)
                     for p in paths)


# Where the web page's @font-face rules go once the page shows which characters it needs.
# It holds "<", which no text of the page can hold unescaped.
_FONTS_HERE = "/*<cvtool web fonts>*/"


def render_html(doc: Document, theme: Theme, design: ResolvedDesign, *, for_print: bool = False,
                created: str | None = None, template_name: str = "cv.html.j2",
                letter: object = None, links: PageLinks | None = None) -> str:
    """The page as text. ``for_print``: the input of the PDF, with the bundled @font-face
    rules pointing at the font files for WeasyPrint. Otherwise a standalone web page: the
    same faces subset and inlined, the theme's ``web.css`` (screen, dark and print rules),
    the dark colours derived from the tokens, and ``links`` to the build's other outputs.
    ``template_name`` and ``letter``: a cover letter (``letter.html.j2``, given the letter's
    view and, as ``doc``, the CV's document its header comes from)."""
    theme_font = theme.font(design.family)
    css = (design_css(design, bundled_fonts=True, page=doc.words.page, lang=doc.lang,
                      theme_font=theme_font, web=not for_print,
                      name=None if for_print else doc.name)
           + style_css(theme.style) + date_shift_css(theme, design)
           + _stylesheets(theme.stylesheets, theme.folders, for_print))
    if for_print:
        css = font_face_css(design.font, theme_font) + "\n" + css
    else:
        css = (_FONTS_HERE + "\n" + css
               + _stylesheets(_web_stylesheets(theme.folders), theme.folders, False)
               + dark_css(theme.style, design.accent))
    photo = None
    if doc.photo is not None:
        photo = doc.photo.as_uri() if for_print else _data_uri(doc.photo)
    try:
        template = _environment(theme.folders, for_print).get_template(template_name)
    except jinja2.TemplateNotFound:
        raise ThemeError(f"theme `{theme.name}` has no {template_name} template") from None
    except jinja2.TemplateError as exc:
        raise _template_error(exc, theme) from None
    web = None if for_print else web_page(doc, links)
    # A theme's sidebar ([layout]): its sections, and the main column's, in reading order.
    columns = theme.layout.has_sidebar(doc.sections, bool(doc.contacts))
    sidebar, main_sections = theme.layout.split(doc.sections)
    try:
        # WeasyPrint cannot balance the contact lines: cvtool plans where they break (not
        # in a sidebar, where each contact has its own line).
        breaks = contact_breaks(doc.contacts, design, float(theme.style.sizes.contacts or 1),
                                photo is not None) \
            if for_print and theme.layout.contacts != "sidebar" else frozenset()
        page = template.render(doc=doc, css=Markup(css), theme=theme.name, created=created,
                               photo=photo, dir=text_direction(doc.lang), letter=letter,
                               web=web, columns=columns, sidebar=sidebar,
                               main_sections=main_sections,
                               sidebar_contacts=theme.layout.contacts == "sidebar",
                               contact_breaks=breaks, dates_column=date_column(theme.style),
                               icon_colour=_icon_colour(theme, design) if for_print else None)
    except (jinja2.TemplateError, SecurityError) as exc:
        raise _template_error(exc, theme) from None
    if for_print:
        return page
    return page.replace(_FONTS_HERE, web_font_css(design.font, theme_font, page), 1)


def _web_stylesheets(folders: tuple[Path, ...]) -> tuple[Path, ...]:
    """Each theme folder's ``web.css``, parents first (as theme stylesheets apply)."""
    return tuple(folder / "web.css" for folder in reversed(folders)
                 if (folder / "web.css").is_file())


def _data_uri(path: Path, any_image: bool = False) -> str:
    """A standalone page carries its photo inside it, typed by its real format."""
    data = path.read_bytes()
    kind = image_format(data)
    if kind is None and any_image:
        kind = path.suffix.lower().lstrip(".").replace("jpg", "jpeg")
    if kind is None:
        raise RenderError(f"the photo {path.name} is not a PNG or JPEG image")
    encoded = base64.b64encode(data).decode("ascii")
    return f"data:image/{kind};base64,{encoded}"


def render_job(job: Job) -> bytes:
    return render_html(job.doc, job.theme, job.design, links=job.links).encode("utf-8")

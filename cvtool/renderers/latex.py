"""LaTeX source through pylatex: a readable, self-contained ``.tex`` for XeLaTeX.

The file is a pylatex :class:`~pylatex.Document`: the class ``article`` with the design's
paper size as its option, the packages as :class:`~pylatex.Package` objects (geometry with
the design's margins, amsmath and amssymb for inline math, fontspec, xcolor, graphicx,
hyperref), the design values as pylatex variables and a colour, then the theme's style
tokens (:func:`cvtool.style.style_preamble`) and the theme's LaTeX files (parents first)
copied in as the preamble they are, so the file compiles on its own, and the PDF metadata
(``\\hypersetup``). The body is the ``cvheader`` environment and one macro call per item
(``\\cvsection``, ``\\cventry``, ``\\cvpublication``, ...), all defined by the theme's
files. Like the HTML renderer this consumes the format-neutral
:class:`~cvtool.document.Document`, so variants and every presentation decision carry over.

Who escapes: :mod:`cvtool.markup` escapes every text (``render``/``escape`` for text,
``escape_latex_url`` for link targets); pylatex assembles structure. ``NoEscape`` marks only
what is LaTeX already: text escaped by :mod:`cvtool.markup` (and the macro calls built from
it), the theme's files and style tokens, and the photo's file name (a validated name);
values that are not text (lengths, colours, the font folder) are validated here before
they reach TeX, and go in as ``UnsafeCommand`` arguments where pylatex's own escaping would
change them. pylatex is imported lazily: only ``-f tex`` and the LaTeX PDF engine need it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from cvtool import cjk, markup
from cvtool.direction import first_strong, text_direction
from cvtool.document import (
    AnySection,
    BulletView,
    ContactView,
    Document,
    EntrySectionView,
    EntryView,
    GroupView,
    HeadRow,
    LinkView,
    ListSectionView,
    PublicationSectionView,
    PublicationView,
    SectionBodies,
    TextSectionView,
)
from cvtool.errors import RenderError
from cvtool.icons import icon_names, icon_path
from cvtool.markup import Inline
from cvtool.resources import image_format, image_suffix
from cvtool.schema.design import COLOUR, split_length
from cvtool.style import date_column, style_preamble
from cvtool.themes import FONTS_DIR, ResolvedDesign, Theme

if TYPE_CHECKING:
    from pylatex import Command
    from pylatex import Document as TexDocument
    from pylatex.base_classes import Environment

    from cvtool.document.letter import LetterView
    from cvtool.job import Job

FONT_FILE_STEMS = {"serif": "NotoSerif", "sans": "NotoSans"}
PAPERS = {"A4": "a4paper", "Letter": "letterpaper"}
# A path TeX reads as it is written (letters of any script, digits, . / _ + -).
_PLAIN_PATH = re.compile(r"[\w./+-]+")
_PHOTO_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9_+-]{0,63}")
_CJK_RUN = "\\cvcjk{"  # how cvtool.markup hands a run of CJK characters to the theme
SEP = r" \cvsep "  # " · " between links, metrics, details (defined by the theme)


# Whether the document being rendered runs right to left (set by render_latex).
_RTL: ContextVar[bool] = ContextVar("cvtool_latex_rtl", default=False)
# Whether the theme sets dates in a column (its date_column token): the rows follow it.
_DATE_COLUMN: ContextVar[bool] = ContextVar("cvtool_latex_date_column", default=False)


def _text(inline: Inline) -> str:
    """Inline markup as LaTeX. In a right-to-left CV a text that starts left to right (an
    English title) is set left to right as a whole, like the HTML's isolated texts; in
    right-to-left text each left-to-right run is (:data:`markup.FORMATS` ``latex-rtl``)."""
    if not _RTL.get():
        return markup.render(inline, "latex")
    plain = markup.to_text(inline)
    if first_strong(plain) == "ltr" or _DIGITS_ONLY.fullmatch(plain.strip()):
        return _ltr(markup.render(inline, "latex-ltr"))
    return markup.render(inline, "latex-rtl")


# A text of digits with spaces, brackets, dots or hyphens alone (a phone number): set left
# to right as a whole in a right-to-left CV, or its groups come out in reverse order.
_DIGITS_ONLY = re.compile(r"\+?\(?\d[\d\s().\-/]*")


def _esc(text: str) -> str:
    if not _RTL.get():
        return markup.escape(text, "latex")
    if first_strong(text) == "ltr" or _DIGITS_ONLY.fullmatch(text.strip()):
        return _ltr(markup.escape(text, "latex-ltr"))
    return markup.escape(text, "latex-rtl")


def _ltr(latex: str) -> str:
    return f"\\cvltr{{{latex}}}" if latex else latex


def _macro(name: str, *args: str) -> str:
    """``\\name{arg1}{arg2}...`` with arguments that are LaTeX already."""
    return f"\\{name}" + "".join(f"{{{arg}}}" for arg in args)


def _block(lines: Iterable[str]) -> str:
    """Several macro calls as one argument, one per line (``%`` hides the line ends)."""
    items = list(lines)
    return "%\n  " + "%\n  ".join(items) + "%\n" if items else ""


# --- design ----------------------------------------------------------------------------


def _length(value: str) -> str:
    """A validated CSS length as TeX: CSS points are TeX's big points (1/72 in)."""
    try:
        number, unit = split_length(value)
    except ValueError:
        raise RenderError(f"not a length LaTeX output accepts: {value!r}") from None
    return f"{number}{'bp' if unit == 'pt' else unit}"


def _colour(value: str) -> str:
    match = COLOUR.fullmatch(value)
    if not match:
        raise RenderError(f"not a #rgb or #rrggbb colour: {value!r}")
    digits = match[1] if len(match[1]) == 6 else "".join(c * 2 for c in match[1])
    return digits.upper()


def _font_dir() -> str:
    """Where the bundled fonts are; the compiler overrides it (``\\providecommand``)."""
    path = FONTS_DIR.as_posix() + "/"
    return path if _PLAIN_PATH.fullmatch(path) else "fonts/"


def _main_font_setup(design: ResolvedDesign, theme: Theme | None) -> str | None:
    """``\\setmainfont`` for a named family: a theme's own font by its files (``Path=`` their
    folder inside the theme's), or an installed family by name (fontconfig). None: the
    bundled face."""
    if design.family is None:
        return None
    own = theme.font(design.family) if theme is not None else None
    if own is None:  # validated: letters, digits, spaces and ._+-
        return f"\\setmainfont{{{design.family}}}[Ligatures=TeXOff]"
    folder = own.regular.parent.as_posix() + "/"  # every face is in this folder
    names = {face: own.face(face).name for face in ("regular", "bold", "italic", "bold_italic")}
    for text in (folder, *names.values()):
        if not _PLAIN_PATH.fullmatch(text):
            raise RenderError(f"the theme font file {text} has characters LaTeX cannot take "
                              "in a path (use letters, digits and ./+-_)")
    return (f"\\setmainfont{{{names['regular']}}}[Path={folder}, "
            f"BoldFont={names['bold']}, ItalicFont={names['italic']}, "
            f"BoldItalicFont={names['bold_italic']}, Ligatures=TeXOff]")


def design_preamble(tex: TexDocument, design: ResolvedDesign,
                    theme: Theme | None = None) -> None:
    """The values the theme's LaTeX files build on, from validated design options only:
    ``\\cvfontdir`` (provided: the compiler may have set it first), ``\\cvmainfont``,
    ``\\cvfontsize`` and ``\\cvlineheight`` (pylatex variables), the colour ``cvaccent``."""
    from pylatex import UnsafeCommand

    if design.font not in FONT_FILE_STEMS:
        raise RenderError(f"unknown font family {design.font!r}")
    accent = _colour(design.accent)
    tex.preamble.append(UnsafeCommand("providecommand*",
                                      arguments=["\\cvfontdir", _font_dir()]))
    tex.set_variable("cvmainfont", FONT_FILE_STEMS[design.font])
    if setup := _main_font_setup(design, theme):
        tex.preamble.append(UnsafeCommand("newcommand*", arguments=["\\cvmainfontsetup",
                                                                     setup]))
    tex.set_variable("cvfontsize", f"{design.font_size:g}bp")
    tex.set_variable("cvlineheight", f"{design.line_height:g}")
    tex.color = True  # xcolor is among the packages: add_color need not load `color`
    tex.add_color("cvaccent", "HTML", accent)


def cjk_preamble(tex: TexDocument, design: ResolvedDesign, lang: str) -> None:
    """For a CV with CJK text: ``\\cvcjkmainfont`` (Noto CJK in the design's style) and
    ``\\cvcjkotherfont`` (the other style), with the regional forms of ``lang``. The theme
    sets runs of CJK characters in the first one installed; a CV without CJK text loads no
    CJK font, and compiles as fast as before."""
    main, other = cjk.families(design.font, lang)
    tex.set_variable("cvcjkmainfont", main)
    tex.set_variable("cvcjkotherfont", other)


@lru_cache(maxsize=16)
def _theme_files(paths: tuple[Path, ...]) -> tuple[str, ...]:
    """The theme's LaTeX files, parents first, each under a comment naming it."""
    parts = []
    for path in paths:
        where = "/".join(path.parts[-3:] if path.parent.name == "latex" else path.parts[-2:])
        parts.append(f"% --- theme file {where} ---\n{path.read_text(encoding='utf-8').strip()}")
    return tuple(parts)


def _metadata(doc: Document) -> Command:
    """``\\hypersetup{pdftitle={...},...}``: the PDF's metadata, its values escaped."""
    from pylatex import Command, NoEscape
    from pylatex.base_classes import SpecialArguments

    fields = [("pdftitle", doc.title), ("pdfauthor", doc.name),
              ("pdfsubject", doc.words.subject or f"Curriculum vitae of {doc.name}"),
              ("pdfkeywords", ", ".join(doc.keywords)), ("pdfcreator", "cvtool")]
    # Metadata are plain strings in the PDF (no \\cvltr): escaped as in a left-to-right CV.
    values = [NoEscape(f"{key}={{{markup.escape(value, 'latex')}}}")
              for key, value in fields if value]
    if _LANG_TAG.fullmatch(doc.lang or ""):
        values.append(NoEscape(f"pdflang={{{doc.lang}}}"))
    return Command("hypersetup", arguments=SpecialArguments(values))


# --- language --------------------------------------------------------------------------

_LANG_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
# BCP 47 language → polyglossia's name and options; a language polyglossia lacks (or that
# cvtool has not tried with it) is typeset as English. Region subtags pick variants.
POLYGLOSSIA = {
    "en": ("english", ""), "de": ("german", ""), "fr": ("french", ""),
    "es": ("spanish", ""), "it": ("italian", ""), "pt": ("portuguese", ""),
    "nl": ("dutch", ""), "ru": ("russian", ""), "pl": ("polish", ""),
    "sv": ("swedish", ""), "da": ("danish", ""), "fi": ("finnish", ""),
    "nb": ("norwegian", ""), "no": ("norwegian", ""), "cs": ("czech", ""),
    "tr": ("turkish", ""), "el": ("greek", ""), "uk": ("ukrainian", ""),
    # Arabic with Western digits, as the CV's text and the HTML have them (the footer's page
    # numbers would otherwise be Arabic-Indic digits, which the Latin font lacks).
    "ar": ("arabic", "numerals=maghrib"), "he": ("hebrew", ""), "iw": ("hebrew", ""),
    "fa": ("persian", ""),
    "ur": ("urdu", ""),
}
_VARIANTS = {"en-US": "variant=american", "en-GB": "variant=british",
             "pt-BR": "variant=brazilian", "de-CH": "variant=swiss",
             "de-AT": "variant=austrian"}
# The bundled faces of the right-to-left scripts: serif and sans files by script.
RTL_FONTS = {"Arabic": ("NotoNaskhArabic", "NotoSansArabic"),
             "Hebrew": ("NotoSerifHebrew", "NotoSansHebrew")}


def polyglossia_language(lang: str | None) -> tuple[str, str]:
    """polyglossia's name for a BCP 47 tag and its options: ``de-CH`` → ``("german",
    "variant=swiss")``; English for a language it lacks."""
    tag = (lang or "en").replace("_", "-")
    base = tag.split("-")[0].lower()
    name, options = POLYGLOSSIA.get(base, ("english", ""))
    region = [part for part in tag.split("-")[1:] if len(part) == 2]
    if name != "english" or base == "en":
        options = _VARIANTS.get(f"{base}-{region[0].upper()}", options) if region else options
    return name, options


def language_preamble(doc: Document, design: ResolvedDesign) -> str:
    """polyglossia with the CV's language (English as the second language, for the
    left-to-right runs of a right-to-left CV: \\cvltr), and the bundled font of a
    right-to-left script. polyglossia loads bidi for right-to-left languages, after the
    other packages as bidi asks."""
    name, options = polyglossia_language(doc.lang)
    lines = ["\\usepackage{polyglossia}",
             f"\\setdefaultlanguage[{options}]{{{name}}}" if options
             else f"\\setdefaultlanguage{{{name}}}"]
    if name != "english":
        lines.append("\\setotherlanguage{english}")
    # The bundled Arabic and Hebrew faces for the runs of those scripts (\\cvarabic and
    # \\cvhebrew, from cvtool.markup); the CV's Latin font stays the main font, also for
    # polyglossia's language font (those faces lack Latin punctuation).
    rtl = text_direction(doc.lang) == "rtl"
    for script, (serif, sans) in RTL_FONTS.items():
        face = serif if design.font == "serif" else sans
        lines.append(
            f"\\newfontfamily\\cv{script.lower()}font{{{face}}}[Path=\\cvfontdir, "
            f"Extension=.ttf, UprightFont=*-Regular, BoldFont=*-Bold, ItalicFont=*-Regular, "
            f"BoldItalicFont=*-Bold, Script={script}]")
        # In a right-to-left document a run is set right to left also inside left-to-right
        # text (\\RL: the "and" before an English citation's last author).
        body = (f"\\texorpdfstring{{\\RL{{\\cv{script.lower()}font#1}}}}{{#1}}" if rtl
                else f"{{\\cv{script.lower()}font#1}}")
        lines.append(f"\\newcommand\\cv{script.lower()}[1]{{{body}}}")
    if name in ("arabic", "persian", "urdu", "hebrew"):
        lines.append(f"\\let\\{name}font\\rmfamily\\let\\{name}fontsf\\sffamily")
    # A left-to-right run inside right-to-left text.
    if rtl:
        lines.append("\\newcommand\\cvltr[1]{\\textenglish{#1}}")
        # The theme's hanging bullets and numbers hang on the right (cv.tex: \\ifcvrtl).
        lines.append("\\cvrtltrue")
        # bidi's \\raggedright sets right-to-left lines flush left: right-to-left text is
        # justified instead, as Arabic and Hebrew are usually set (last lines flush right).
        lines.append("\\let\\raggedright\\relax")
    else:
        lines.append("\\newcommand\\cvltr[1]{#1}")
    return "\n".join(lines)


def words_preamble(doc: Document) -> Command:
    """``\\cvpageof{N}{M}``: the running footer's words for "page N of M" in the document's
    language, escaped (themes hold no language: they call the macro)."""
    from pylatex import NoEscape, UnsafeCommand

    parts = re.split(r"(\{pages?\})", doc.words.page)
    token = _RTL.set(text_direction(doc.lang) == "rtl")  # Arabic words in their font
    try:
        body = "".join("#1" if part == "{page}" else "#2" if part == "{pages}"
                       else _esc(part) for part in parts)
    finally:
        _RTL.reset(token)
    return UnsafeCommand("newcommand", NoEscape("\\cvpageof"), options=2,
                         extra_arguments=NoEscape(body))


# --- the header ------------------------------------------------------------------------


def _link(url: str | None, text: str) -> str:
    if url and markup.is_safe_url(url):
        return _macro("cvlink", markup.escape_latex_url(url), text)
    return text


def _contact(contact: ContactView) -> str:
    """``\\cvcontact{icon}{label}{text}``: the icon by its name (drawn from the bundled
    SVG, see :func:`icon_preamble`), the short text linked to the full address."""
    return _macro("cvcontact", _icon_name(contact.icon), _esc(contact.label),
                  _link(contact.url, _esc(contact.text)))


def _icon_name(name: str) -> str:
    if name not in icon_names():  # names are cvtool's own: letters and hyphens
        raise RenderError(f"no bundled icon {name!r}")
    return name


def icon_preamble(doc: Document) -> str:
    """``\\cvdefineicon{name}{SVG path data}`` for each icon the header draws, read from
    the bundled SVG files (themes/base/latex/cv.tex draws them with TikZ)."""
    names = {_icon_name(c.icon) for c in doc.contacts} | ({"map-pin"} if doc.location else set())
    return "%\n".join(["\\providecommand{\\cvdefineicon}[2]{}",  # a theme without cv.tex
                       *(_macro("cvdefineicon", name, icon_path(name))
                         for name in sorted(names))])


def photo_file_name(path: Path) -> str:
    """The name the ``.tex`` gives the photo, which is copied beside it (into the output
    folder, and into the folder LaTeX compiles in): never a path, so the ``.tex`` works
    wherever it is moved with its photo. The photo's own name when LaTeX can read it as a
    file name, else ``photo``, with the suffix of its real format."""
    with path.open("rb") as handle:
        kind = image_format(handle.read(16))
    if kind is None:
        raise RenderError(f"the photo {path.name} is not a PNG or JPEG image")
    stem = path.stem if _PHOTO_STEM.fullmatch(path.stem) else "photo"
    return stem + image_suffix(kind)


def _header(doc: Document, full: bool = True, contacts: bool = True) -> list[list[str]]:
    """The header's macro calls, each as [name, *arguments] (like a section's); ``full``
    (a CV, not a cover letter) adds profile metrics and the summary; ``contacts``: false
    when a theme's sidebar holds them."""
    calls = [["cvname", _esc(doc.name)]]
    if doc.headline:
        calls.append(["cvheadline", _text(doc.headline)])
    if doc.location:
        calls.append(["cvlocation", _esc(doc.location)])
    if doc.contacts and contacts:
        calls.append(["cvcontacts", _block(_contact(c) for c in doc.contacts)])
    if full and doc.metrics:
        calls.append(["cvmetrics", SEP.join(
            _macro("cvmetric", _esc(value), _esc(label)) for label, value in doc.metrics)])
    if full and doc.summary:
        calls.append(["cvsummary", _text(doc.summary)])
    return calls


# --- entries ---------------------------------------------------------------------------


def _right(row: HeadRow) -> str:
    if not row.right:
        return ""
    macro = {"location": "cvplace", "dates": "cvdates"}.get(row.right_role)
    return _macro(macro, _esc(row.right)) if macro else _esc(row.right)


def _row(row: HeadRow, lead: str = "") -> str:
    if row.left_role == "title":
        return _macro("cvtitlerow", _text(row.left), _text(row.note), lead + _right(row))
    if row.left_role == "role":
        return _macro("cvrolerow", _text(row.left), _right(row))
    return _macro("cvrow", _right(row))


def _links(links: tuple[LinkView, ...]) -> str:
    return SEP.join(_link(link.url, _esc(link.label)) for link in links)


def _bullet(bullet: BulletView) -> str:
    return _macro("cvbullet", _esc(bullet.label or ""), _text(bullet.body))


def _entry(entry: EntryView) -> list[str]:
    body = []
    if entry.details:
        body.append(_macro("cvdetails", "".join(
            _macro("cvdetail", _esc(label), _text(value)) for label, value in entry.details)))
    if entry.description:
        body.append(_macro("cvdescription", _text(entry.description)))
    if entry.links:
        body.append(_macro("cvlinks", _links(entry.links)))
    return ["cventry", _block(_rows(entry)), _block(body),
            _block(_bullet(b) for b in entry.bullets)]


def _rows(entry: EntryView) -> list[str]:
    """The heading rows. With a date column, the entry's lead dates (:attr:`EntryView.
    lead_dates`, as cv.html.j2 takes them; pdftotext reads a column item level with its
    entry's first line as part of that entry) go beside its first row: \\cvdates hangs
    them in the column, and a place or a later row's dates follow their row's text."""
    rows = entry.rows
    lead = entry.lead_dates if _DATE_COLUMN.get() else None
    if lead is not None and lead is not rows[0]:
        moved = [replace(r, right="", right_role="") if r is lead else r for r in rows[1:]]
        return [_row(rows[0], _right(lead)),
                *(_row(r) for r in moved if r.left_role or r.right)]
    return [_row(r) for r in rows]


def _publication_links(pub: PublicationView) -> str:
    links = _links(pub.links)
    if pub.code_available and not any(link.label == pub.code_label for link in pub.links):
        code = _esc(pub.code_label)
        links = f"{links}{SEP}{code}" if links else code
    return links


def _publication(pub: PublicationView) -> list[str]:
    target = markup.anchor(pub.key, "latex")  # for [@key] cross-references to land on
    meta = [_macro("cvmetric", _esc(value), _esc(label)) for label, value in pub.metrics]
    if not pub.abstract:
        return ["cvpublication", _esc(pub.number), target + _text(pub.citation),
                _publication_links(pub), SEP.join(meta)]
    meta.extend(_macro("cvcategory", _esc(c)) for c in pub.categories)
    if pub.date:  # an undated paper has none
        meta.append(_esc(pub.date))
    if links := _publication_links(pub):
        meta.append(_macro("cvpublinks", links))
    return ["cvpaper", SEP.join(meta), _esc(pub.number), target + _text(pub.title),
            _text(pub.authors),
            _esc(pub.note), _text(pub.abstract)]


def _items(items: tuple[Inline, ...]) -> str:
    return ", ".join(_text(item) for item in items)


def _publications(section: PublicationSectionView) -> list[list[str]]:
    """Publications under their group headings (by kind or year) when grouped, then the
    legend of the marks (* †) when it is given once for the section, as in HTML."""
    calls: list[list[str]] = []
    for group in section.groups or (GroupView("", section.entries),):
        if group.title:
            calls.append(["cvpubgroup", _esc(group.title)])
        calls.extend(_publication(pub) for pub in group.entries)
    if section.legend:
        calls.append(["cvlegend", _esc(section.legend)])
    return calls


def _lists(section: ListSectionView) -> list[list[str]]:
    """Unlabelled items run together on one line; among labelled lists, each keeps its place
    (the order of languages says something), as in HTML and Markdown."""
    if not any(item.label for item in section.entries):
        return [["cvitems", ", ".join(_items(item.items) for item in section.entries)]]
    return [["cvlist", _esc(item.label or ""), _items(item.items)] for item in section.entries]


def _paragraphs(section: TextSectionView) -> list[list[str]]:
    return [["cvparagraph", _esc(p.label or ""), _text(p.body)] for p in section.entries]


def _entries(section: EntrySectionView) -> list[list[str]]:
    return [_entry(entry) for entry in section.entries]


_BODY = SectionBodies(_entries, _publications, _lists, _paragraphs)


def _section(section: AnySection) -> list[list[str]]:
    """The section's macro calls, each as [name, *arguments]: the heading, then the body its
    kind of section has."""
    return [["cvsection", _esc(section.title)], *_BODY(section)]


# --- the document ----------------------------------------------------------------------


def _call(name: str, args: list[str]) -> Command:
    """One macro call of the body; its arguments are LaTeX escaped by cvtool.markup."""
    from pylatex import Command, NoEscape

    return Command(name, arguments=[NoEscape(arg) for arg in args])


def _header_environment(doc: Document, full: bool = True,
                        contacts: bool = True) -> Environment:
    """``\\begin{cvheader}[photo]`` ... ``\\end{cvheader}``: the photo's file name (a
    validated name, beside the ``.tex``) is the option."""
    from pylatex import NoEscape
    from pylatex.base_classes import Environment

    photo = [NoEscape(photo_file_name(doc.photo))] if doc.photo is not None else None
    header = Environment(options=photo, data=[
        _call(name, args) for name, *args in _header(doc, full, contacts)])
    header._latex_name = "cvheader"  # pylatex's way to name an environment
    return header


def letter_body(letter: LetterView) -> list[list[str]]:
    """A cover letter's macro calls after the CV's header (``\\cvletter...`` in the base
    theme's cv.tex)."""
    return [["cvletterdate", _esc(letter.date)],
            ["cvletterto", r"\\".join(_esc(line) for line in letter.to)],
            ["cvlettersubject", _text(letter.subject)],
            ["cvlettersalutation", _text(letter.salutation)],
            *(["cvletterparagraph", _text(p)] for p in letter.paragraphs),
            ["cvletterclosing", _text(letter.closing)],
            ["cvlettersignature", _esc(letter.signature)]]


def _columns(doc: Document, theme: Theme) -> list[str]:
    """The body of a theme with a sidebar ([layout]): ``\\begin{cvcolumns}``, the sidebar
    as one ``\\cvsidebar`` argument (contacts, then its sections), the main column's
    sections, ``\\end{cvcolumns}`` (macros of the base theme's cv.tex, redefined by the
    theme). Each column is read whole, the sidebar first."""
    side, main = theme.layout.split(doc.sections)
    inner = []
    if theme.layout.contacts == "sidebar" and doc.contacts:
        inner.append(_macro("cvsidebarcontacts", _block(_contact(c) for c in doc.contacts)))
    inner.extend(_macro(name, *args) for section in side for name, *args in _section(section))
    calls = [_macro(name, *args) for section in main for name, *args in _section(section)]
    return ["\\begin{cvcolumns}", _macro("cvsidebar", _block(inner)), *calls,
            "\\end{cvcolumns}"]


def render_latex(doc: Document, theme: Theme, design: ResolvedDesign,
                 letter: LetterView | None = None) -> bytes:
    """The CV as LaTeX source (UTF-8), for XeLaTeX (see :mod:`cvtool.renderers.latex_pdf`);
    with ``letter``, that cover letter under the CV's header instead."""
    if not theme.latex:
        raise RenderError(f"theme `{theme.name}` has no LaTeX files (`latex = [...]` in "
                          "theme.toml)")
    if design.page_size not in PAPERS:
        raise RenderError(f"unknown page size {design.page_size!r}")
    from pylatex import Document as TexDocument
    from pylatex import NoEscape, Package

    tex = TexDocument(documentclass="article", document_options=[PAPERS[design.page_size]],
                      fontenc=None, inputenc=None, lmodern=False, textcomp=False,
                      page_numbers=False, indent=True, microtype=False)
    # pylatex opens the body with \normalsize and \pagestyle{empty}: the theme sets both.
    tex.data.clear()
    tex.packages |= [Package("geometry", options={"margin": _length(design.margins)}),
                     # inline math in titles and abstracts (cvtool.texmath writes only
                     # commands of LaTeX, amsmath and amssymb); before fontspec, as it asks
                     Package("amsmath"), Package("amssymb"),
                     Package("fontspec"), Package("xcolor"), Package("graphicx"),
                     Package("hyperref", options=["hidelinks"])]
    # XeLaTeX cannot print a character its fonts lack: the log names each one (cvtool reads
    # it, CV201); 2 and not 3 (an error) so that one run names them all.
    tex.preamble.append(NoEscape(r"\tracinglostchars=2"))
    design_preamble(tex, design, theme)
    tex.preamble.append(words_preamble(doc))
    token = _RTL.set(text_direction(doc.lang) == "rtl")
    column = _DATE_COLUMN.set(date_column(theme.style))
    try:
        metadata = _metadata(doc)
        columns = letter is None and theme.layout.has_sidebar(doc.sections, bool(doc.contacts))
        header = _header_environment(doc, full=letter is None, contacts=not (
            columns and theme.layout.contacts == "sidebar"))
        calls = letter_body(letter) if letter is not None else \
            [call for section in doc.sections for call in _section(section)]
        body: list[Command | NoEscape] = (
            [NoEscape(part) for part in _columns(doc, theme)] if columns
            else [_call(name, args) for name, *args in calls])
    finally:
        _RTL.reset(token)
        _DATE_COLUMN.reset(column)
    if any(_CJK_RUN in (part if isinstance(part, str) else part.dumps())
           for part in (metadata, header, *body)):
        cjk_preamble(tex, design, doc.lang)
    tex.preamble.append(NoEscape(style_preamble(theme.style)))
    tex.preamble.extend(NoEscape(text) for text in _theme_files(theme.latex))
    tex.preamble.append(NoEscape(icon_preamble(doc)))
    tex.preamble.append(NoEscape(language_preamble(doc, design)))
    tex.preamble.append(metadata)
    tex.append(header)
    tex.extend(body)
    source = ("% !TEX program = xelatex\n"
              f"% {_esc(letter.title if letter else doc.title)}: typeset by cvtool "
              f"(theme {theme.name}).\n"
              "% Compile with: latexmk -xelatex -no-shell-escape FILE.tex\n"
              "% It needs cvtool's fonts: in cvtool's own folder, as named below, or copied\n"
              "% into a fonts/ folder beside this file.\n" + tex.dumps() + "\n")
    return source.encode("utf-8")


def render_job(job: Job) -> bytes:
    return render_latex(job.doc, job.theme, job.design)

"""A Word document (``.docx``), written with python-docx: what job portals ask for.

Pure: a :class:`~cvtool.job.Job` in, the bytes of a ``.docx`` out. The structure is Word's own,
so that Word's navigation pane and the parsers of applicant-tracking systems see it: the name
is ``Heading 1``, section titles ``Heading 2``, entries and publication groups ``Heading 3``
(the levels of the Markdown and HTML), bullets ``List Bullet`` paragraphs, links real
``w:hyperlink`` elements, cross-references internal links to a bookmark on the paper. Dates
and places sit on the right of an entry's rows at a right tab stop on the text's edge (no
tables for layout). The look comes from the resolved design and the theme's style tokens
(:mod:`cvtool.style`): fonts, sizes, the text, accent and link colours, page size and margins.

Text reaches the document only as runs: inline markup through :func:`cvtool.markup.spans`,
bare strings through :func:`cvtool.markup.escape` (``docx``), which drop what XML cannot hold.

The fonts are named, not embedded: Noto Serif or Noto Sans (the faces the PDF bundles; Word
substitutes a similar face where they are not installed), with Noto Naskh Arabic, Noto Sans
Arabic or Noto Serif/Sans Hebrew for right-to-left text and Noto Serif/Sans CJK for Chinese,
Japanese and Korean (:mod:`cvtool.cjk`).

The file is reproducible: its dates are ``SOURCE_DATE_EPOCH`` (or 1 January 2000) and every
member of the zip gets that time, so one source always gives the same bytes.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from cvtool import cjk
from cvtool.direction import is_rtl
from cvtool.document import (
    AnySection,
    BulletView,
    Document,
    EntrySectionView,
    EntryView,
    GroupView,
    ListSectionView,
    PublicationSectionView,
    PublicationView,
    SectionBodies,
    TextSectionView,
)
from cvtool.markup import Inline, Span, anchor_id, escape, is_safe_url, spans
from cvtool.schema.design import PAGE_MM, length_mm
from cvtool.style import colour_hex

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.text.paragraph import Paragraph

    from cvtool.document.letter import LetterView
    from cvtool.job import Job
    from cvtool.style import Style
    from cvtool.themes import ResolvedDesign

SEPARATOR = " · "
FAMILIES = {"serif": "Noto Serif", "sans": "Noto Sans"}
MONO = "Noto Sans Mono"
_RTL_FAMILIES = {("serif", "ar"): "Noto Naskh Arabic", ("sans", "ar"): "Noto Sans Arabic",
                 ("serif", "he"): "Noto Serif Hebrew", ("sans", "he"): "Noto Sans Hebrew"}
_FALLBACK_EPOCH = 946684800  # 2000-01-01T00:00:00Z, when SOURCE_DATE_EPOCH is not set
_CJK_LANGS = ("zh", "ja", "ko", "yue", "cmn", "lzh")


def created() -> datetime:
    """The document's date: ``SOURCE_DATE_EPOCH`` (as the PDF's), or a fixed one, so that
    builds are reproducible (a Word file has no "now" worth keeping)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(epoch) if epoch.isdigit() else _FALLBACK_EPOCH, UTC)


# --- the look --------------------------------------------------------------------------


class Look:
    """The design and tokens as Word values: colours, sizes in points, lengths in EMU."""

    def __init__(self, design: ResolvedDesign, style: Style, lang: str) -> None:
        from docx.shared import Twips

        def twips(mm: float) -> Twips:  # what Word stores, so that sums stay exact
            return Twips(round(mm / 25.4 * 1440))

        self.design, self.style, self.lang = design, style, lang
        self.rtl = is_rtl(lang)
        self.size = float(design.font_size)
        width, height = PAGE_MM[design.page_size]
        self.margin = twips(length_mm(design.margins))
        self.page = (twips(width), twips(height))
        self.text_width = Twips(self.page[0].twips - 2 * self.margin.twips)

    def colour(self, token: str) -> str | None:
        """A colour token as ``RRGGBB``; None for ``inherit`` (the text's colour)."""
        found = colour_hex(self.style, token, self.design.accent)
        return found[1:].upper() if found else None

    def pt(self, token: str, *, size: float | None = None) -> float:
        """A spacing token (``1.1em``, ``6pt``) in points, an em being ``size``."""
        value = str(getattr(self.style.spacing, token))
        number = float(value[:-2])
        return number if value.endswith("pt") else number * (size or self.size)

    def scaled(self, token: str) -> float:
        """A size token (a factor of the font size) in points."""
        return round(self.size * float(getattr(self.style.sizes, token)) * 2) / 2

    def bold(self, token: str) -> bool | None:
        """True for a weight of 600 or more; else None (the paragraph style's weight)."""
        return True if int(getattr(self.style.weights, token)) >= 600 else None


# --- XML helpers (python-docx has no API for these) -------------------------------------


def _el(tag: str, **attrs: str):  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(key.replace("_", ":", 1)), value)
    return element


# What may follow an element python-docx has no accessor for, in the schema's order (Word
# refuses a document whose properties are out of order).
_AFTER = {
    "w:szCs": ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
               "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish",
               "w:oMath"),
    "w:lang": ("w:eastAsianLayout", "w:specVanish", "w:oMath"),
    "w:pBdr": ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
               "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
               "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
               "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
               "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
    "w:bidi": ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
               "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
               "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
               # in a section's properties
               "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange"),
}


def _set(parent, tag: str, **attrs: str):  # type: ignore[no-untyped-def]
    """The child ``tag`` of ``parent`` (made where the schema puts it), with ``attrs``."""
    from docx.oxml.ns import qn

    child = parent.find(qn(tag))
    if child is None:
        getter = getattr(parent, "get_or_add_" + tag.split(":")[1], None)
        if getter is not None:
            child = getter()
        else:
            child = _el(tag)
            parent.insert_element_before(child, *_AFTER[tag])
    for key, value in attrs.items():
        child.set(qn(key.replace("_", ":", 1)), value)
    return child


def _fonts(rpr, look: Look, *, mono: bool = False) -> None:  # type: ignore[no-untyped-def]
    """The four font slots of a run's properties: Latin, complex script (Arabic, Hebrew),
    East Asian."""
    latin = MONO if mono else (look.design.family or FAMILIES[look.design.font])
    primary = look.lang.split("-")[0].lower()
    script = "he" if primary in ("he", "iw", "yi") else "ar"
    rfonts = _set(rpr, "w:rFonts", w_ascii=latin, w_hAnsi=latin,
                  w_cs=_RTL_FAMILIES[(look.design.font, script)],
                  w_eastAsia=cjk.family(look.design.font, look.lang))
    rfonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}hint",
               "eastAsia" if primary in _CJK_LANGS else "default")


def _run_look(run, look: Look, *, size: float | None = None,  # type: ignore[no-untyped-def]
              bold: bool | None = None, italic: bool = False, colour: str | None = None,
              underline: bool = False, mono: bool = False) -> None:
    """Bold, italic and size on both the Latin and the complex-script slots (Arabic and
    Hebrew text reads ``w:bCs``, ``w:iCs`` and ``w:szCs``)."""
    rpr = run._r.get_or_add_rPr()
    if mono:
        _fonts(rpr, look, mono=True)
    if bold is not None:  # None: the paragraph style's (a heading's bold)
        run.bold = bold
        _set(rpr, "w:bCs", w_val="1" if bold else "0")
    if italic:
        run.italic = True
        _set(rpr, "w:iCs")
    if colour:
        from docx.shared import RGBColor

        run.font.color.rgb = RGBColor.from_string(colour)
    if underline:
        run.underline = True
    if size:
        from docx.shared import Pt

        run.font.size = Pt(size)
        _set(rpr, "w:szCs", w_val=str(round(size * 2)))


class Writer:
    """Appends paragraphs to one Word document, with its links and bookmarks."""

    def __init__(self, word: WordDocument, look: Look) -> None:
        self.word, self.look = word, look
        self._bookmarks: dict[str, str] = {}

    # links and bookmarks

    def bookmark_name(self, target: str) -> str:
        """A Word bookmark name for a paper (letters, digits, ``_``; 40 at most)."""
        if target not in self._bookmarks:
            clean = re.sub(r"[^A-Za-z0-9_]", "_", target)[:30]
            self._bookmarks[target] = f"pub_{clean}_{len(self._bookmarks)}"
        return self._bookmarks[target]

    def bookmark(self, paragraph: Paragraph, target: str) -> None:
        """Mark the paragraph written so far as the target of cross-references."""
        name = self.bookmark_name(target)
        number = str(list(self._bookmarks).index(target))
        paragraph._p.insert(1 if paragraph._p.pPr is not None else 0,
                            _el("w:bookmarkStart", w_id=number, w_name=name))
        paragraph._p.append(_el("w:bookmarkEnd", w_id=number))

    def _hyperlink(self, paragraph: Paragraph, url: str = "", ref: str = ""):  # type: ignore[no-untyped-def]
        """A ``w:hyperlink`` at the end of the paragraph: to a URL (an external
        relationship of the document part) or to a paper's bookmark."""
        from docx.opc.constants import RELATIONSHIP_TYPE

        if url:
            rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
            link = _el("w:hyperlink", r_id=rid)
        else:
            link = _el("w:hyperlink", w_anchor=self.bookmark_name(ref))
        link.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}history", "1")
        paragraph._p.append(link)
        return link

    # text

    def text(self, paragraph: Paragraph, text: str, **look) -> None:  # type: ignore[no-untyped-def]
        """A bare string as one run."""
        self.runs(paragraph, (Span(escape(text, "docx")),), **look)

    def inline(self, paragraph: Paragraph, inline: Inline, **look) -> None:  # type: ignore[no-untyped-def]
        self.runs(paragraph, spans(inline), **look)

    def link(self, paragraph: Paragraph, text: str, url: str | None, **look) -> None:  # type: ignore[no-untyped-def]
        target = escape(url, "docx") if url and is_safe_url(url) else ""
        self.runs(paragraph, (Span(escape(text, "docx"), url=target),), **look)

    def runs(self, paragraph: Paragraph, pieces: tuple[Span, ...], *, size: float | None = None,
             bold: bool | None = None, italic: bool = False, colour: str | None = None) -> None:
        """Styled runs; a run of pieces with one target goes into one ``w:hyperlink``."""
        from docx.text.run import Run

        link_colour = self.look.colour("link")
        holder, target = None, ("", "")
        for piece in pieces:
            if not piece.text:
                continue
            wanted = (piece.url, piece.ref)
            if wanted != target:
                holder = self._hyperlink(paragraph, *wanted) if any(wanted) else None
                target = wanted
            run = paragraph.add_run(piece.text)
            if holder is not None:
                holder.append(run._r)  # moved from the paragraph into the link
                run = Run(run._r, paragraph)
            linked = holder is not None
            _run_look(run, self.look, size=size, bold=True if piece.bold else bold,
                      italic=italic or piece.italic, mono=piece.code,
                      colour=(link_colour or colour) if linked else colour,
                      underline=linked and bool(piece.url))

    def tab(self, paragraph: Paragraph) -> None:
        paragraph.add_run().add_tab()

    # paragraphs

    def paragraph(self, style: str = "Normal", *, before: float = 0, after: float = 0,
                  right_tab: bool = False, indent: float = 0, hanging: float = 0,
                  keep: bool = False) -> Paragraph:
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Pt

        paragraph = self.word.add_paragraph(style=style)
        fmt = paragraph.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if right_tab:
            fmt.tab_stops.add_tab_stop(self.look.text_width, WD_TAB_ALIGNMENT.RIGHT)
        if indent or hanging:
            fmt.left_indent = Pt(indent + hanging)
            fmt.first_line_indent = Pt(-hanging)
        if keep:
            fmt.keep_with_next = True
        return paragraph


# --- the document's parts ---------------------------------------------------------------


def _header(w: Writer, doc: Document, *, full: bool = True) -> None:
    """The CV's header; a letter's (``full=False``) leaves out the metrics and summary."""
    look = w.look
    name = w.paragraph("Heading 1", after=2)
    w.text(name, doc.name)
    if doc.headline:
        w.inline(w.paragraph(after=1), doc.headline, italic=True,
                 size=look.scaled("headline"), colour=look.colour("headline"))
    if doc.location:
        w.text(w.paragraph(after=1), doc.location, colour=look.colour("location"))
    if doc.contacts:
        line = w.paragraph(after=1, before=look.pt("contacts_skip"))
        size = look.scaled("contacts")
        for n, contact in enumerate(doc.contacts):
            if n:
                w.text(line, SEPARATOR, size=size)
            if contact.text != contact.label:  # no icons in Word: the label says it
                w.text(line, f"{contact.label}: ", size=size,
                       bold=look.bold("contact_label"), colour=look.colour("contact_label"))
            w.link(line, contact.text, contact.url, size=size)
    if doc.metrics and full:
        line = w.paragraph(after=1)
        for n, (key, value) in enumerate(doc.metrics):
            if n:
                w.text(line, SEPARATOR)
            w.text(line, key, bold=True)
            w.text(line, " " + value, bold=look.bold("metric_value"),
                   colour=look.colour("metric_value"))
    if doc.summary and full:
        w.inline(w.paragraph(before=look.pt("summary_skip")), doc.summary)
    _header_rule(w)


def _border(paragraph: Paragraph, width: str, colour: str, *, space: int = 1) -> None:
    """A rule under a paragraph (a bottom border), ``width`` as a token (``0.4pt``)."""
    points = float(width[:-2])
    if not points:
        return
    ppr = paragraph._p.get_or_add_pPr()
    borders = _set(ppr, "w:pBdr")
    borders.append(_el("w:bottom", w_val="single", w_sz=str(max(2, round(points * 8))),
                       w_space=str(space), w_color=colour))


def _header_rule(w: Writer) -> None:
    paragraphs = w.word.paragraphs
    colour = w.look.colour("header_rule") or "000000"
    if paragraphs:
        _border(paragraphs[-1], str(w.look.style.rules.header), colour, space=4)


def _entry(w: Writer, entry: EntryView) -> None:
    look = w.look
    rows = entry.rows
    right_colour, right_size = look.colour("right"), look.scaled("right")
    for n, row in enumerate(rows):
        if n == 0:
            paragraph = w.paragraph("Heading 3", before=look.pt("entry_skip"), right_tab=True,
                                    keep=True)
            w.inline(paragraph, row.left)
            if row.note:
                w.text(paragraph, " (")
                w.inline(paragraph, row.note, bold=look.bold("note") or False,
                         colour=look.colour("note"))
                w.text(paragraph, ")")
        else:
            paragraph = w.paragraph(right_tab=True, keep=True)
            if row.left:
                w.inline(paragraph, row.left, bold=look.bold("role"), italic=True,
                         colour=look.colour("role"))
        if row.right:
            w.tab(paragraph)
            w.text(paragraph, row.right, size=right_size, colour=right_colour, bold=False)
    for label, value in entry.details:
        paragraph = w.paragraph()
        w.text(paragraph, f"{label}: ", bold=look.bold("detail_label"),
               colour=look.colour("detail_label"))
        w.inline(paragraph, value, colour=look.colour("detail"))
    if entry.links:
        paragraph = w.paragraph()
        for n, link in enumerate(entry.links):
            if n:
                w.text(paragraph, SEPARATOR)
            w.link(paragraph, link.label, link.url, size=look.scaled("links"))
    if entry.description:
        w.inline(w.paragraph(before=look.pt("bullets_top")), entry.description)
    for n, bullet in enumerate(entry.bullets):
        _bullet(w, bullet, before=look.pt("bullets_top") if n == 0 else 0)


def _bullet(w: Writer, bullet: BulletView, *, before: float = 0) -> None:
    look = w.look
    paragraph = w.paragraph("List Bullet", before=before, after=look.pt("bullet_skip"))
    if bullet.label:
        w.text(paragraph, f"{bullet.label}: ", bold=look.bold("bullet_label"),
               colour=look.colour("bullet_label"))
    w.inline(paragraph, bullet.body)


def _entries(w: Writer, section: EntrySectionView) -> None:
    for entry in section.entries:
        _entry(w, entry)


def _publication(w: Writer, pub: PublicationView) -> None:
    look = w.look
    gutter = look.pt("number_width")
    paragraph = w.paragraph(before=look.pt("pub_skip"), hanging=gutter if pub.number else 0)
    if pub.number:
        w.text(paragraph, pub.number, bold=look.bold("number"), colour=look.colour("number"))
        w.tab(paragraph)
    w.inline(paragraph, pub.citation)
    if pub.key:
        w.bookmark(paragraph, anchor_id(pub.key))
    facts = [f"{label.capitalize()} {value}" for label, value in pub.metrics]
    facts += list(pub.categories)
    if pub.date != pub.year:
        facts.append(pub.date)
    links = list(pub.links)
    code = pub.code_available and not any(link.label.lower() == pub.code_label.lower()
                                          for link in pub.links)
    indent = gutter if pub.number else 0
    if facts or links or code:
        meta = w.paragraph(indent=indent)
        size, colour = look.scaled("paper_meta"), look.colour("paper_meta")
        parts: list[tuple[str, str | None]] = [(fact, None) for fact in facts]
        parts += [(link.label, link.url) for link in links]
        if code:
            parts.append((pub.code_label, None))
        for n, (text, url) in enumerate(parts):
            if n:
                w.text(meta, SEPARATOR, size=size, colour=colour)
            w.link(meta, text, url, size=size, colour=colour)
    if pub.abstract:
        w.inline(w.paragraph(indent=indent, before=look.pt("abstract_skip")), pub.abstract,
                 size=look.scaled("abstract"), colour=look.colour("abstract"))


def _publications(w: Writer, section: PublicationSectionView) -> None:
    for group in section.groups or (GroupView("", section.entries),):
        if group.title:
            w.text(w.paragraph("Heading 3", before=w.look.pt("entry_skip"), keep=True),
                   group.title)
        for pub in group.entries:
            _publication(w, pub)
    if section.legend:
        w.text(w.paragraph(before=w.look.pt("pub_skip")), section.legend,
               size=w.look.scaled("legend"))


def _lists(w: Writer, section: ListSectionView) -> None:
    """Labelled items one paragraph each (``German: C1``), bare ones on one line."""
    look = w.look
    items = section.entries
    if not any(item.label for item in items):
        paragraph = w.paragraph()
        for n, item in enumerate(i for entry in items for i in entry.items):
            if n:
                w.text(paragraph, ", ")
            w.inline(paragraph, item)
        return
    for item in items:
        paragraph = w.paragraph(after=look.pt("list_skip"), hanging=look.pt("list_indent"))
        if item.label:
            w.text(paragraph, f"{item.label}: ", bold=look.bold("list_label"),
                   colour=look.colour("list_label"))
        for n, value in enumerate(item.items):
            if n:
                w.text(paragraph, ", ")
            w.inline(paragraph, value)


def _paragraphs(w: Writer, section: TextSectionView) -> None:
    for entry in section.entries:
        paragraph = w.paragraph(after=w.look.pt("list_skip"))
        if entry.label:
            w.text(paragraph, f"{entry.label}: ", bold=True)
        w.inline(paragraph, entry.body)



def _section(w: Writer, section: AnySection) -> None:
    title = w.paragraph("Heading 2", before=w.look.pt("section_skip"),
                        after=w.look.pt("section_after"), keep=True)
    w.text(title, section.title)
    _border(title, str(w.look.style.rules.section), w.look.colour("section_rule") or "000000")
    SectionBodies(lambda s: _entries(w, s), lambda s: _publications(w, s),
                  lambda s: _lists(w, s), lambda s: _paragraphs(w, s))(section)


# --- styles, page and properties -------------------------------------------------------


def _styles(word: WordDocument, look: Look) -> None:
    """Normal, the headings and List Bullet in the design's fonts, sizes and colours."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    normal = word.styles["Normal"]
    _fonts(normal.element.get_or_add_rPr(), look)
    normal.font.size = Pt(look.size)
    _set(normal.element.get_or_add_rPr(), "w:szCs", w_val=str(round(look.size * 2)))
    text = look.colour("text")
    if text:
        normal.font.color.rgb = RGBColor.from_string(text)
    primary = look.lang.split("-")[0].lower()
    _set(normal.element.get_or_add_rPr(), "w:lang", w_val=look.lang,
         w_eastAsia=look.lang if primary in _CJK_LANGS else "en-US",
         w_bidi=look.lang if look.rtl else "ar-SA")
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing = Pt(look.size * float(look.design.line_height))
    fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    if look.rtl:
        _set(normal.element.get_or_add_pPr(), "w:bidi")
    headings = {
        "Heading 1": ("name", look.scaled("name"), look.bold("name"), "name"),
        "Heading 2": ("section_title", look.scaled("section_title"),
                      look.bold("section_title"), "section_title"),
        "Heading 3": ("entry_title", look.scaled("entry_title"), look.bold("entry_title"),
                      "text"),
    }
    for name, (_, size, bold, colour_token) in headings.items():
        style = word.styles[name]
        rpr = style.element.get_or_add_rPr()
        # the template's heading fonts are the Office theme's: the design's instead
        for child in rpr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts"):
            rpr.remove(child)
        _fonts(rpr, look)
        style.font.size = Pt(size)
        _set(rpr, "w:szCs", w_val=str(round(size * 2)))
        style.font.bold = bold
        style.font.italic = False
        colour = look.colour(colour_token) or look.colour("text") or "000000"
        style.font.color.rgb = RGBColor.from_string(colour)
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = 1.0
    bullet = word.styles["List Bullet"]
    bullet.paragraph_format.space_before = Pt(0)
    _bullet_glyph(word, look)


def _bullet_glyph(word: WordDocument, look: Look) -> None:
    """The list style's bullet: the theme's glyph (``•``, ``‣``...) in the text's font and the
    bullet colour, indented as the tokens say (the template's is a Symbol-font dot)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    numbering = word.part.numbering_part.element
    num_id = word.styles["List Bullet"].element.pPr.numPr.numId.val
    num = next(n for n in numbering.num_lst if n.numId == num_id)
    abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                    if a.get(qn("w:abstractNumId")) == str(num.abstractNumId.val))
    level = abstract.find(qn("w:lvl"))
    level.find(qn("w:lvlText")).set(qn("w:val"), str(look.style.bullet))
    indent = round(Pt(look.pt("bullet_indent")).twips)
    start = round(Pt(look.pt("bullet_inset")).twips)
    ppr = level.find(qn("w:pPr"))
    ppr.find(qn("w:tabs")).find(qn("w:tab")).set(qn("w:pos"), str(start + indent))
    ind = ppr.find(qn("w:ind"))
    ind.set(qn("w:left"), str(start + indent))
    ind.set(qn("w:hanging"), str(indent))
    rpr = level.find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    font = FAMILIES[look.design.font]
    rpr.append(_el("w:rFonts", w_ascii=font, w_hAnsi=font, w_cs=font, w_hint="default"))
    colour = look.colour("bullet")
    if colour:
        rpr.append(_el("w:color", w_val=colour))


def _page(word: WordDocument, look: Look) -> None:
    from docx.shared import Twips

    section = word.sections[0]
    section.page_width, section.page_height = look.page
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, look.margin)
    section.header_distance = section.footer_distance = Twips(look.margin.twips // 2)
    if look.rtl:
        _set(section._sectPr, "w:bidi")


def _properties(word: WordDocument, doc: Document) -> None:
    props = word.core_properties
    when = created().replace(tzinfo=None)
    props.title = escape(doc.title, "docx")
    props.author = escape(doc.name, "docx")
    props.last_modified_by = escape(doc.name, "docx")
    props.language = doc.lang
    props.subject = escape(doc.words.subject, "docx")
    props.keywords = escape(", ".join(doc.keywords), "docx")
    props.comments = ""
    props.created = props.modified = when
    props.revision = 1


def _reproducible(data: bytes) -> bytes:
    """The zip again, every member dated :func:`created` (zip times are local and to the
    second: python-docx writes the time of the build)."""
    when = created()
    stamp = max((when.year, when.month, when.day, when.hour, when.minute, when.second),
                (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def render_docx(doc: Document, design: ResolvedDesign, style: Style) -> bytes:
    import docx

    word = docx.Document()
    look = Look(design, style, doc.lang)
    _styles(word, look)
    _page(word, look)
    _properties(word, doc)
    writer = Writer(word, look)
    _header(writer, doc)
    for section in doc.sections:
        _section(writer, section)
    out = io.BytesIO()
    word.save(out)
    return _reproducible(out.getvalue())


def render_job(job: Job) -> bytes:
    return render_docx(job.doc, job.design, job.theme.style)


def render_letter_docx(view: LetterView, design: ResolvedDesign, style: Style) -> bytes:
    """A cover letter under its CV's header, in the same styles as the CV's Word file."""
    import docx

    word = docx.Document()
    look = Look(design, style, view.lang)
    _styles(word, look)
    _page(word, look)
    _properties(word, view.header)
    word.core_properties.title = escape(view.title, "docx")
    w = Writer(word, look)
    _header(w, view.header, full=False)
    space = look.size  # a blank line between the letter's parts
    w.text(w.paragraph(before=space), view.date)
    recipient = w.paragraph(before=space)
    for n, line in enumerate(view.to):
        if n:
            recipient.add_run().add_break()
        w.text(recipient, line)
    w.inline(w.paragraph(before=space), view.subject, bold=True)
    w.inline(w.paragraph(before=space), view.salutation)
    for paragraph in view.paragraphs:
        w.inline(w.paragraph(before=space / 2), paragraph)
    w.inline(w.paragraph(before=space), view.closing)
    w.text(w.paragraph(before=space * 2), view.signature)
    out = io.BytesIO()
    word.save(out)
    return _reproducible(out.getvalue())

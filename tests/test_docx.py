"""The Word renderer, checked by reading the file back with python-docx: the words of the
Markdown in the same order, Word's heading and list styles, live links, the design's page,
the document's properties, other scripts, hostile text, and reproducible bytes."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Twips

from cvtool.build import BuildRequest, build
from cvtool.document import PublicationSectionView
from cvtool.loader import load, load_text
from cvtool.markup import to_text
from cvtool.pipeline import prepare, render
from tests.conftest import _WORD, ROOT
from tests.test_markdown import MD, visible

CV = ROOT / "data" / "cv.yaml"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def word_list(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def job_of(path: Path):  # type: ignore[no-untyped-def]
    return prepare(load(path))


def job_of_text(text: str):  # type: ignore[no-untyped-def]
    return prepare(load_text(text, ROOT / "test.yaml"))


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def cv_files() -> tuple[bytes, str]:
    job = job_of(CV)
    return render(job, "docx"), render(job, "md").decode("utf-8")


def blocks_of_markdown(markdown: str) -> list[tuple[list[str], list[str]]]:
    """(heading words, body words) per heading, as a reader sees them."""
    out: list[tuple[list[str], list[str]]] = []
    for chunk in re.split(r"(?m)^(?=#{1,6} )", markdown):
        if not chunk.strip():
            continue
        head, _, body = chunk.partition("\n")
        out.append((word_list(visible(head)), word_list(visible(body))))
    return out


def blocks_of_docx(word: docx.document.Document) -> list[tuple[list[str], list[str]]]:
    out: list[tuple[list[str], list[str]]] = []
    for paragraph in word.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            out.append((word_list(paragraph.text), []))
        else:
            out[-1][1].extend(word_list(paragraph.text))
    return out


# --- every word, in order ----------------------------------------------------------------


def test_every_word_of_the_markdown_is_in_the_docx_in_order(cv_files):
    """Headings in the same order, and under each every word the Markdown has (as often);
    inside an entry the PDF's rows put place and dates beside the title, so an entry is
    compared as a whole; lists, bullets and publications keep their order word for word."""
    data, markdown = cv_files
    md_blocks, word_blocks = blocks_of_markdown(markdown), blocks_of_docx(open_docx(data))
    assert len(md_blocks) == len(word_blocks)
    for (md_head, md_body), (w_head, w_body) in zip(md_blocks, word_blocks, strict=True):
        assert w_head[:len(md_head)] == md_head
        missing = Counter(md_head + md_body) - Counter(w_head + w_body)
        assert not missing, f"under {' '.join(md_head)}: {sorted(missing)}"


def test_bullets_and_publications_keep_their_order(cv_files):
    data, markdown = cv_files
    word = open_docx(data)
    md_items = [word_list(visible(line[2:])) for line in markdown.splitlines()
                if line.startswith("- ")]
    doc_items = [word_list(p.text) for p in word.paragraphs
                 if p.style.name == "List Bullet" or re.match(r"\[\d+\]\t", p.text)]
    # the Markdown's other "- " lines are labelled lists (skills), paragraphs in Word
    assert [w for w in md_items if w in doc_items] == doc_items
    assert len(doc_items) > 30


def test_the_words_are_what_the_document_says_nothing_more_than_its_own_labels(cv_files):
    """The Word file adds only separators and labels the Markdown also has."""
    data, markdown = cv_files
    extra = Counter(word_list("\n".join(p.text for p in open_docx(data).paragraphs))) \
        - Counter(word_list(visible(markdown)))
    assert not extra, sorted(extra)


# --- Word's structure ---------------------------------------------------------------------


def test_name_and_sections_are_heading_styles_and_bullets_a_list_style(cv_files):
    data, _ = cv_files
    doc = job_of(CV).doc
    word = open_docx(data)
    paragraphs = word.paragraphs
    assert paragraphs[0].style.name == "Heading 1" and paragraphs[0].text == doc.name
    assert [p.text for p in paragraphs if p.style.name == "Heading 2"] == \
        [s.title for s in doc.sections]
    bullets = [b for s in doc.sections if s.layout == "entries" for e in s.entries
               for b in e.bullets]
    listed = [p for p in paragraphs if p.style.name == "List Bullet"]
    assert [p.text for p in listed] == [
        (f"{b.label}: " if b.label else "") + to_text(b.body) for b in bullets]
    # the list style really is a bulleted list (numbering), and headings have outline levels
    styles = word.styles
    assert styles["List Bullet"].element.pPr.numPr is not None
    assert all(styles[f"Heading {n}"].element.pPr.find(qn("w:outlineLvl")) is not None
               for n in (1, 2, 3))


def test_dates_sit_at_a_right_tab_stop_on_the_text_edge_and_no_tables(cv_files):
    data, _ = cv_files
    word = open_docx(data)
    section = word.sections[0]
    edge = section.page_width - section.left_margin - section.right_margin
    dated = [p for p in word.paragraphs if "\t" in p.text and "2018" in p.text
             and not p.text.startswith("[")]  # a paper's number is followed by a tab too
    assert dated
    for paragraph in dated:
        stops = list(paragraph.paragraph_format.tab_stops)
        assert [(s.position, str(s.alignment)) for s in stops] == [(edge, "RIGHT (2)")]
    assert not word.tables


def test_links_are_hyperlinks_with_the_right_targets(cv_files):
    data, markdown = cv_files
    word = open_docx(data)
    part = word.part
    body = word.element.body
    targets = {unquote(part.rels[link.get(R_ID)].target_ref)
               for link in body.iter(qn("w:hyperlink")) if link.get(R_ID)}
    tokens = MD.parse(markdown)
    hrefs = {unquote(str(child.attrs["href"])) for token in tokens for child in token.children or []
             if child.type == "link_open" and not str(child.attrs["href"]).startswith("#")}
    assert hrefs and targets == hrefs
    assert all(part.rels[link.get(R_ID)].is_external
               for link in body.iter(qn("w:hyperlink")) if link.get(R_ID))
    # cross-references ([@key]) go to a bookmark on the paper they name
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    anchors = [link.get(qn("w:anchor")) for link in body.iter(qn("w:hyperlink"))
               if link.get(qn("w:anchor"))]
    assert anchors and set(anchors) <= bookmarks
    papers = [p for s in job_of(CV).doc.sections if isinstance(s, PublicationSectionView)
              for p in s.entries if p.key]
    assert len(bookmarks) == len(papers)


# --- the design, the properties ------------------------------------------------------------


def test_page_size_margins_fonts_and_accent_follow_the_design():
    data = render(job_of_text("""\
name: Ada Lovelace
design: {theme: modern, page_size: Letter, margins: 0.7in, font: serif, font_size: 11,
         accent: "#a03"}
sections:
  Experience:
    - organization: Analytical Engine
      dates: 1842 – 1843
"""), "docx")
    word = open_docx(data)
    section = word.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (12240, 15840)  # 8.5×11in
    assert {section.left_margin, section.right_margin, section.top_margin,
            section.bottom_margin} == {Inches(0.7)}
    normal = word.styles["Normal"]
    assert normal.font.name == "Noto Serif" and normal.font.size.pt == 11
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:cs")) == "Noto Naskh Arabic"
    # modern: the name and section titles in the accent colour, #a03 → AA0033
    assert str(word.styles["Heading 1"].font.color.rgb) == "AA0033"
    assert word.styles["Heading 2"].font.name == "Noto Serif"
    # modern's bullet glyph, in its colour, is the list style's
    numbering = word.part.numbering_part.element.xml
    assert '<w:lvlText w:val="‣"/>' in numbering and '<w:color w:val="AA0033"/>' in numbering


def test_a4_and_the_theme_margins_by_default(cv_files):
    data, _ = cv_files
    job = job_of(CV)
    section = open_docx(data).sections[0]
    assert job.design.page_size == "A4"
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    from cvtool.schema.design import length_mm

    assert abs(section.left_margin - Mm(length_mm(job.design.margins))) < Twips(1)


def test_core_properties_are_set_and_dated_reproducibly(cv_files, monkeypatch):
    data, _ = cv_files
    doc = job_of(CV).doc
    props = open_docx(data).core_properties
    assert props.title == doc.title and props.author == doc.name == "Zhiheng Li"
    assert props.language == "en" and props.subject == doc.words.subject
    assert "Computer Vision" in props.keywords
    assert props.created.year == 2000 and props.modified == props.created
    assert props.last_modified_by == doc.name
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    again = render(job_of(CV), "docx")
    assert open_docx(again).core_properties.created.year == 2026
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(again)).infolist()} == \
        {(2026, 1, 1, 0, 0, 0)}


def test_the_same_source_gives_the_same_bytes(cv_files):
    data, _ = cv_files
    assert render(job_of(CV), "docx") == data


# --- other scripts, hostile text ------------------------------------------------------------


@pytest.mark.parametrize("name", ["arabic", "chinese"])
def test_right_to_left_and_cjk_cvs_give_valid_files_with_their_text(name):
    job = job_of(ROOT / "examples" / f"{name}.yaml")
    word = open_docx(render(job, "docx"))
    text = "\n".join(p.text for p in word.paragraphs)
    markdown = render(job, "md").decode("utf-8")
    assert not Counter(word_list(visible(markdown))) - Counter(word_list(text))
    assert job.doc.name in text
    normal = word.styles["Normal"].element
    sect = word.sections[0]._sectPr
    if name == "arabic":
        assert normal.pPr.find(qn("w:bidi")) is not None
        assert sect.find(qn("w:bidi")) is not None
        assert normal.rPr.find(qn("w:lang")).get(qn("w:bidi")) == job.doc.lang
    else:
        assert normal.pPr.find(qn("w:bidi")) is None
        rfonts = normal.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")).startswith("Noto S") and \
            rfonts.get(qn("w:eastAsia")).endswith(" SC")
        assert normal.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == job.doc.lang


def test_hostile_text_stays_text_and_the_xml_stays_valid():
    data = render(job_of_text("""\
name: "A <b>&amp; \\x01Bell\\x0b\\x7f\\u202e</b>"
headline: "x < y && z > w; <script>alert(1)</script>\\ttab"
sections:
  Experience:
    - organization: "R&D <Lab>"
      highlights:
        - "Line\\nbreak, [ok](https://example.org/?a=1&b=<2>) \\x02"
"""), "docx")
    word = open_docx(data)
    text = "\n".join(p.text for p in word.paragraphs)
    assert "A <b>&amp; Bell</b>" in text
    assert "x < y && z > w; <script>alert(1)</script> tab" in text
    assert "R&D <Lab>" in text and "Line break" in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202e]", text)
    rels = [r.target_ref for r in word.part.rels.values() if r.is_external]
    assert rels == ["https://example.org/?a=1&b=%3C2%3E"] or \
        [unquote(r) for r in rels] == ["https://example.org/?a=1&b=<2>"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        from lxml import etree

        for member in z.namelist():
            if member.endswith((".xml", ".rels")):
                etree.fromstring(z.read(member))  # well-formed


# --- variants and languages through the build -------------------------------------------------


def test_languages_build_one_docx_each(tmp_path):
    result = build(BuildRequest(ROOT / "examples" / "bilingual.yaml", formats=("docx",),
                                outdir=tmp_path, pdf_worker=False))
    assert sorted(p.name for p in result.written) == ["bilingual.de.docx", "bilingual.docx"]
    german = open_docx((tmp_path / "bilingual.de.docx").read_bytes())
    assert german.core_properties.language == "de"
    assert german.paragraphs[0].text == "Jonas Weber"


@pytest.mark.slow
def test_the_resume_variant_builds_a_docx(tmp_path):
    result = build(BuildRequest(CV, formats=("docx",), outdir=tmp_path, variant="resume",
                                pdf_worker=False))
    assert [p.name for p in result.written] == ["cv-resume.docx"]
    word = open_docx((tmp_path / "cv-resume.docx").read_bytes())
    assert "Selected Publications" in [p.text for p in word.paragraphs
                                       if p.style.name == "Heading 2"]


# --- inline markup as runs, and properties in the order Word requires ---------------------------


def test_inline_markup_becomes_styled_runs():
    from cvtool.markup import Cite, CiteItem, Span, parse, spans

    assert spans(parse("a **b *c*** [l](https://x.org) `co` $\\alpha$ e\tf")) == (
        Span("a "), Span("b ", bold=True), Span("c", bold=True, italic=True), Span(" "),
        Span("l", url="https://x.org"), Span(" "), Span("co", code=True), Span(" "),
        Span("α"), Span(" e f"))
    cite = (Cite((CiteItem("k", "4", "k", numbered=True), CiteItem("j", "Li et al."))),)
    assert [(s.text, s.ref) for s in spans(cite)] == [
        ("[", ""), ("4", "k"), ("]", ""), (" ", ""), ("(", ""), ("Li et al.", ""), (")", "")]
    assert "".join(s.text for s in spans(cite)) == to_text(cite)


# The order ECMA-376 gives the children of paragraph and run properties (those cvtool
# writes, and their neighbours): Word refuses a file whose properties are out of order.
PPR_ORDER = tuple(str.split(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct "
    "autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing "
    "mirrorIndents suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl "
    "divId cnfStyle rPr sectPr pPrChange"))
RPR_ORDER = tuple(str.split(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"))
SECT_ORDER = tuple(str.split(
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
    "docGrid printerSettings sectPrChange"))


@pytest.mark.parametrize("name", ["cv", "arabic", "chinese"])
def test_properties_are_in_the_order_the_schema_gives(name):
    from lxml import etree

    path = CV if name == "cv" else ROOT / "examples" / f"{name}.yaml"
    data = render(job_of(path), "docx")
    checked = 0
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for member in ("word/document.xml", "word/styles.xml"):
            root = etree.fromstring(z.read(member))
            for tag, order in (("pPr", PPR_ORDER), ("rPr", RPR_ORDER), ("sectPr", SECT_ORDER)):
                for element in root.iter(qn(f"w:{tag}")):
                    names = [etree.QName(child).localname for child in element]
                    assert all(n in order for n in names), (member, names)
                    positions = [order.index(n) for n in names]
                    assert positions == sorted(positions), (member, tag, names)
                    checked += 1
    assert checked > 100

"""Right-to-left CVs: the direction follows the language; HTML, CSS and both PDF engines
lay an Arabic CV out right to left and keep its text."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from cvtool.direction import first_strong, text_direction
from cvtool.fonts import COVERAGE_FILE, compute_bundled_coverage
from cvtool.loader import load
from cvtool.pipeline import prepare, render

ROOT = Path(__file__).resolve().parent.parent
ARABIC = ROOT / "examples" / "arabic.yaml"
ARABIC_WORDS = ["ليلى حداد", "الخبرة العملية", "التعليم", "المهارات"]


@pytest.mark.parametrize(("lang", "expected"), [
    ("ar", "rtl"), ("he", "rtl"), ("fa", "rtl"), ("ur", "rtl"), ("ar-EG", "rtl"),
    ("az-Arab", "rtl"), ("en", "ltr"), ("de", "ltr"), ("zh-Hant", "ltr"), ("ku-Latn", "ltr"),
    ("", "ltr"), (None, "ltr")])
def test_direction_follows_the_language(lang, expected):
    assert text_direction(lang) == expected


def test_first_strong():
    assert first_strong("2021 – (Lab)") == "ltr"
    assert first_strong("2021 مختبر Lab") == "rtl"
    assert first_strong("2021 – 2023") is None


def test_coverage_file_is_in_sync_with_the_bundled_fonts():
    assert json.loads(COVERAGE_FILE.read_text()) == [list(r) for r in compute_bundled_coverage()]


def test_html_is_right_to_left_and_isolates_latin_text():
    html = render(prepare(load(ARABIC)), "html").decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<bdi dir="ltr">layla.haddad@example.org</bdi>' in html
    assert "(<bdi" not in html  # Latin inside Arabic text is left to the bidi algorithm
    english = render(prepare(load(ROOT / "examples" / "minimal.yaml")), "html").decode()
    assert '<html lang="en" dir="ltr">' in english and "<bdi" not in english


PHYSICAL = re.compile(r"(?<![\w-])(margin|padding|border)-(left|right)\b|"
                      r"\b(float|text-align|text-align-last)\s*:\s*(left|right)\b|"
                      r"(?<![\w-])(left|right)\s*:")


@pytest.mark.parametrize("css", sorted((ROOT / "themes").glob("*/*.css")), ids=lambda p: p.name)
def test_css_uses_logical_properties(css):
    text = re.sub(r"/\*.*?\*/", "", css.read_text(), flags=re.S)
    assert not PHYSICAL.findall(text)


def _pdftotext(pdf: bytes, *args: str) -> str:
    """The text in logical order; Arabic presentation forms (what XeLaTeX's fonts map
    their glyphs to) read as the letters they are, bidi controls dropped."""
    out = subprocess.run(["pdftotext", *args, "-", "-"], input=pdf, capture_output=True,
                         check=True).stdout.decode()
    return re.sub("[\u202a-\u202e]", "", unicodedata.normalize("NFKC", out))


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler")


def _lang(pdf: bytes) -> str:
    from pypdf import PdfReader

    return str(PdfReader(io.BytesIO(pdf)).trailer["/Root"].get("/Lang"))


@pytest.mark.slow
@needs_poppler
def test_weasyprint_pdf_is_right_to_left():
    pdf = render(prepare(load(ARABIC)), "pdf")
    text = _pdftotext(pdf)
    assert "\ufffd" not in text
    for words in ARABIC_WORDS:
        assert words in text
    assert _lang(pdf) == "ar"
    # The date column is at the start of the line, on the right: a date starts right of its
    # entry's title.
    bbox = _pdftotext(pdf, "-bbox")
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', bbox)
    # -bbox lists words as drawn (Arabic letters in visual order): the title's first word
    # "مختبر" reads reversed there.
    date = next(float(x) for x, _, w in words if w in ("Mar", "Sep", "2021", "2016"))
    title = next(float(x) for x, _, w in words if w in ("مختبر", "مختبر"[::-1]))
    assert title < date


@pytest.mark.slow
@needs_poppler
def test_latex_pdf_shapes_arabic():
    from cvtool.renderers.latex_pdf import tex_available

    if not tex_available() or shutil.which("kpsewhich") is None or not subprocess.run(
            ["kpsewhich", "bidi.sty"], capture_output=True, text=True).stdout.strip():
        pytest.skip("XeLaTeX with bidi (texlive-lang-arabic) is not installed")
    pdf = _latex_pdf(prepare(load(ARABIC)))
    text = _pdftotext(pdf)
    assert "\ufffd" not in text
    for words in ARABIC_WORDS:
        assert words in text
    assert _lang(pdf) == "ar"


def _latex_pdf(job) -> bytes:
    from cvtool.renderers.latex import render_latex
    from cvtool.renderers.latex_pdf import compile_latex

    return compile_latex(render_latex(job.doc, job.theme, job.design))


def test_latex_rtl_marks_arabic_inside_ltr_text_and_numbers():
    from cvtool.renderers.latex import render_latex

    job = prepare(load(ARABIC))
    tex = render_latex(job.doc, job.theme, job.design).decode()
    # The English citation is left to right, its Arabic "and" and "In" in the Arabic font.
    assert "Omar Nasser \\cvarabic{و}Sami" in tex
    assert "\\cvarabic{في} \\emph{Findings of ACL}" in tex
    assert "\\cvltr{1.2}" in tex  # a decimal number keeps its digits' order
    assert "\\cvrtltrue" in tex


@pytest.mark.slow
@needs_poppler
def test_latex_pdf_arabic_has_no_boxes_numbers_and_hanging_bullets(tmp_path):
    from cvtool.renderers.latex import render_latex
    from cvtool.renderers.latex_pdf import tex_available

    if not tex_available() or shutil.which("kpsewhich") is None or not subprocess.run(
            ["kpsewhich", "bidi.sty"], capture_output=True, text=True).stdout.strip():
        pytest.skip("XeLaTeX with bidi (texlive-lang-arabic) is not installed")
    job = prepare(load(ARABIC))
    (tmp_path / "cv.tex").write_bytes(render_latex(job.doc, job.theme, job.design))
    for _ in range(2):
        subprocess.run(["xelatex", "-interaction=nonstopmode", "-no-shell-escape", "cv.tex"],
                       cwd=tmp_path, capture_output=True, timeout=300)
    log = (tmp_path / "cv.log").read_text(errors="replace")
    assert "Missing character" not in log
    pdf = (tmp_path / "cv.pdf").read_bytes()
    text = _pdftotext(pdf)
    assert "\ufffd" not in text
    # (pdftotext moves the space around the left-to-right number)
    assert re.search(r"1\.2\s*مليون", text) and "2.1" not in text
    bbox = _pdftotext(pdf, "-bbox")
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>'
                       r'([^<]*)</word>', bbox)

    def line_of(word: str) -> set[str]:
        y = next(float(y) for _, y, _, w in words if w == word)
        return {w for _, wy, _, w in words if abs(float(wy) - y) < 2}

    # The Arabic "and" and "In" of the English citation, shaped in the Arabic font.
    assert any("و" in w for w in line_of("Nasser"))
    assert {"في", "في"[::-1]} & line_of("Findings")  # -bbox: as drawn, reversed
    # The bullet hangs right of its text, in the margin the text is indented by.
    bullets = [(float(x0), float(y)) for x0, y, _, w in words if w == "•"]
    assert bullets
    for bx, by in bullets:
        line = [float(x1) for x0, y, x1, w in words if w != "•" and abs(float(y) - by) < 2]
        assert line and bx > max(line) + 2
    title = next(float(x1) for _, _, x1, w in words if w in ("الخبرة", "الخبرة"[::-1]))
    # All hang at one place: the start of the text, inside the date column's indent.
    assert max(bx for bx, _ in bullets) - min(bx for bx, _ in bullets) < 2
    assert max(bx for bx, _ in bullets) < title - 50


def test_a_phone_number_keeps_its_order_in_a_right_to_left_page():
    """Digits, spaces and `+` have no direction of their own: an Arabic line would print
    `+962 6 555 0100` as `0100 555 6 962+`; the contact is isolated left to right."""
    from cvtool.loader import load
    from cvtool.pipeline import prepare, render
    from tests.conftest import ROOT

    page = render(prepare(load(ROOT / "examples" / "arabic.yaml")), "html").decode()
    assert '<bdi dir="ltr">+962 6 555 0100</bdi>' in page

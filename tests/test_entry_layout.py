"""The layout of entries (issue 17, items 4, 6 and 7): a date column declared once as style
tokens and read by both engines, a measure of at most 90 characters in every built-in
theme, and entries that plain ``pdftotext`` reads one at a time (CV420 checks it)."""

from __future__ import annotations

import re
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from cvtool.lint.context import Context
from cvtool.lint.render import ats_problems, extract_text
from cvtool.loader import load
from cvtool.pipeline import Job, prepare, render
from cvtool.renderers.latex_pdf import compile_latex, tex_available
from cvtool.style import date_column, style_css, style_preamble
from cvtool.themes import load_theme
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "entries"
TWO = FIXTURES / "two-degrees.yaml"
THEMES = ("classic", "modern", "compact")
ENGINES = ("weasyprint", "latex")


def _entry_html(theme: str) -> str:
    return render(prepare(load(TWO), theme), "html").decode()


# --- tokens ------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_date_column_is_one_token_read_by_both_engines(theme):
    style = load_theme(theme).style
    width = style.spacing.date_column
    assert width and date_column(style)
    # CSS: in em of the body text wherever it is used (rem); LaTeX: the same em, set in
    # the body's size.
    assert f"--cv-space-date-column: {width.replace('em', 'rem')};" in style_css(style)
    assert f"\\newcommand*{{\\cvspacedatecolumn}}{{{width}}}" in style_preamble(style)
    assert not date_column(load_theme("base").style)


def test_a_theme_without_a_date_column_keeps_dates_on_their_row():
    html = render(prepare(load(TWO), "./right"), "html").decode()
    assert '<body class="theme-right">' in html
    # the role row ends with its dates, after the role (base.css runs them on, after a comma)
    assert re.search(r'Private tuition in Mathematics\s*</span><span class="right dates">'
                     r"Sep 1829 – Jun 1833</span>", html)


# --- markup -------------------------------------------------------------------------------


def test_an_entrys_dates_lead_its_first_row_in_a_date_column():
    html = _entry_html("classic")
    assert '<body class="theme-classic dates-column">' in html
    # The dates come first in the title row (they float into the column, level with the
    # entry's first line); the place follows the title; the role row has no dates left.
    first = html[html.index('<article class="entry entry-education"'):]
    first = first[:first.index("</article>")]
    assert re.search(r'<div class="row row-title"><span class="right dates">Sep 1829 – Jun 1833'
                     r'</span>\s*<span class="left title"><h3 class="entry-title">University of '
                     r'London, Department of Mathematical Sciences and Engines</h3></span>'
                     r'<span class="right location">London, UK</span>', first), first
    assert first.count("Sep 1829") == 1


def test_latex_rows_follow_the_same_rule():
    tex = render(prepare(load(TWO), "classic"), "tex").decode()
    assert ("\\cvtitlerow{University of London, Department of Mathematical Sciences and "
            "Engines}{}{\\cvdates{Sep 1829 – Jun 1833}\\cvplace{London, UK}}") in tex
    assert "\\cvrolerow{Private tuition in Mathematics}{}" in tex
    right = render(prepare(load(TWO), "./right"), "tex").decode()
    assert "\\cvrolerow{Private tuition in Mathematics}{\\cvdates{Sep 1829 – Jun 1833}}" in right


# --- CV420: one entry, one run ------------------------------------------------------------


def _problems(text: str, path: Path = TWO) -> list[tuple[str, int, str]]:
    loaded = load(path)
    found = ats_problems(Context(loaded, date.today()), prepare(loaded).doc, text, "the PDF")
    return [(d.path, d.location.line, d.message) for d in found]


HEAD = "Ada Lovelace ✉ ada@example.org 📞 +44 20 7946 0958\nEducation\n"
FIRST = ("University of London, Department of Mathematical Sciences and Engines, London, UK\n"
         "Private tuition in Mathematics\n")
SECOND = "Home Schooling, Marylebone, London, UK\nTutored by Mary Somerville\n"
REST = ("Experience\n1842 – 1843 Analytical Engine Project, with a name long enough to wrap "
        "onto a second line of the page, London, UK Programmer\n• Wrote note G, the first "
        "published algorithm meant for a machine.\n1840 – 1841 Royal Society, London, UK "
        "Correspondent\n• Corresponded with Charles Babbage on the engine's design.\n")


def test_entries_read_one_at_a_time_pass():
    # dates before or after their entry's title: either is one run
    text = HEAD + "Sep 1829 – Jun 1833\n" + FIRST + SECOND + "Sep 1825 – Jun 1829\n" + REST
    assert _problems(text) == []


def test_two_entries_read_as_columns_are_located_at_the_entry():
    # both degrees, then both dates: what pdftotext gave for classic's Education before
    text = HEAD + FIRST + SECOND + "Sep 1829 – Jun 1833\nSep 1825 – Jun 1829\n" + REST
    problems = _problems(text)
    assert problems == [
        ("sections.Education[1]", 11, "title `Home Schooling` comes out of order (mixed with "
         "another entry) in the text extracted from the PDF"),
        ("sections.Education[1]", 11, "place `Marylebone, London, UK` comes out of order "
         "(mixed with another entry) in the text extracted from the PDF"),
        ("sections.Education[1]", 11, "role `Tutored by Mary Somerville` comes out of order "
         "(mixed with another entry) in the text extracted from the PDF")]


def test_a_place_after_the_bullets_is_found():
    # a right-hand place read after its entry's bullets (a flush-right row in LaTeX)
    text = (HEAD + "Sep 1829 – Jun 1833\n" + FIRST + "Sep 1825 – Jun 1829\n" + SECOND
            + REST.replace("1840 – 1841 Royal Society, London, UK Correspondent\n",
                           "Royal Society Correspondent\n")
            + "London, UK 1840 – 1841\n")
    assert [p[2] for p in _problems(text)] == [
        "place `London, UK` comes after the entry's bullets in the text extracted from the PDF",
        "dates `1840 – 1841` comes after the entry's bullets in the text extracted from the "
        "PDF"]


def test_a_date_inside_a_wrapped_title_is_found():
    # "…Grouping / Jun 2019 – Mar 2020 / on CNN": the date splits its own title
    text = (HEAD + "University of London, Department of Mathematical\nSep 1829 – Jun 1833\n"
            "Sciences and Engines, London, UK\nPrivate tuition in Mathematics\n"
            + SECOND + "Sep 1825 – Jun 1829\n" + REST)
    assert [p[2] for p in _problems(text)] == [
        "title `University of London, Department of Mat…` is missing in the text extracted "
        "from the PDF"]


# --- real PDFs ----------------------------------------------------------------------------

needs_pdftotext = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext")


def _engine_available(engine: str) -> bool:
    return engine == "weasyprint" or tex_available()


def _typeset(job: Job, engine: str) -> bytes:
    return render(job, "pdf") if engine == "weasyprint" else compile_latex(render(job, "tex"))


def _pdf(path: Path, theme: str, engine: str) -> bytes:
    return _typeset(prepare(load(path), theme), engine)


def _lines(pdf: bytes) -> list[str]:
    return [" ".join(line.split()) for line in extract_text(pdf).splitlines()]


@pytest.mark.slow
@needs_pdftotext
@pytest.mark.parametrize("engine", ENGINES)
def test_without_a_date_column_each_entry_reads_as_one_run(engine):
    """A theme with date_column = 0: a place and dates follow their row's text ("Title,
    Place", "Role, Dates"), so plain pdftotext reads each entry whole, in both engines."""
    if not _engine_available(engine):
        pytest.skip("needs TeX Live")
    loaded = load(TWO)
    pdf = _pdf(TWO, "./right", engine)
    assert list(ats_problems(Context(loaded, date.today()), prepare(loaded).doc,
                             extract_text(pdf), "the PDF")) == []
    lines = _lines(pdf)
    assert "Private tuition in Mathematics, Sep 1829 – Jun 1833" in lines
    assert "Home Schooling, Marylebone, London, UK" in lines


@pytest.mark.slow
@needs_pdftotext
def test_dates_flush_right_on_their_rows_fail_cv420():
    """Places and dates flush right on their rows (the layout themes without a date column
    had) come out of plain pdftotext apart from their entries: CV420 says which, where the
    source has them."""
    loaded = load(TWO)
    ctx = Context(loaded, date.today())
    flush = extract_text(_pdf(TWO, "./flush", "weasyprint"))
    mixed = [d for d in ats_problems(ctx, prepare(loaded).doc, flush, "the PDF")
             if "another entry" in d.message or "after the entry's bullets" in d.message]
    assert mixed and all(d.path.startswith("sections.") for d in mixed)
    classic = extract_text(_pdf(TWO, "classic", "weasyprint"))
    assert list(ats_problems(ctx, prepare(loaded).doc, classic, "the PDF")) == []


@pytest.mark.slow
@needs_pdftotext
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("source", ["data/cv.yaml", "examples/academic-cv.yaml"])
def test_the_sidebar_theme_reads_each_entry_as_one_run(source, engine):
    """The sidebar theme's main column has no date column: no CV420 for the sample CVs."""
    if not _engine_available(engine):
        pytest.skip("needs TeX Live")
    loaded = load(ROOT / source)
    job = prepare(loaded, "sidebar")
    text = extract_text(_typeset(job, engine))
    assert [d.message for d in ats_problems(Context(loaded, date.today()), job.doc, text,
                                            "the PDF", load_theme("sidebar").layout)] == []


@pytest.mark.slow
@needs_pdftotext
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("theme", THEMES)
def test_measure_and_reading_order_of_the_sample_cv(theme, engine, tmp_path):
    """data/cv.yaml and its one-page résumé (fitted within the theme's floors): the median
    full line is at most 90 characters, and no entry is mixed with another in plain
    pdftotext (bench/line_length.py prints the whole table)."""
    if not _engine_available(engine):
        pytest.skip("needs TeX Live")
    sys.path.insert(0, str(ROOT))
    from bench.line_length import median_full_line

    loaded = load(ROOT / "data" / "cv.yaml")
    for variant in (None, "resume"):
        job = prepare(loaded, theme, variant)
        pdf = _typeset(job, engine)
        path = tmp_path / f"{variant or 'cv'}.pdf"
        path.write_bytes(pdf)
        assert median_full_line(path) <= 90, (variant, median_full_line(path))
        mixed = [d.message for d in ats_problems(Context(loaded, date.today()), job.doc,
                                                 extract_text(pdf), "the PDF")
                 if "another entry" in d.message]
        assert mixed == [], (variant, mixed)

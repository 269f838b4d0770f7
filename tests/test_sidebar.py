"""The sidebar theme and the [layout] hook under it: which sections go in the narrow column,
validated in theme.toml; both engines set them beside the main column on page 1, read
one column at a time; nothing is lost when the sidebar is taller than a page."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from cvtool.errors import ThemeError
from cvtool.lint.context import Context
from cvtool.lint.render import ats_problems
from cvtool.loader import load, load_text
from cvtool.pipeline import prepare, render
from cvtool.renderers.html import render_html
from cvtool.renderers.latex import render_latex
from cvtool.themekit import new_theme
from cvtool.themes import Layout, available_themes, load_theme
from tests.conftest import ROOT, tex_available

CV = ROOT / "data" / "cv.yaml"
ENGINES = ("weasyprint", "latex")


# --- [layout] in theme.toml -----------------------------------------------------------


def _local_theme(tmp_path: Path, layout: str) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "theme.toml").write_text(
        'name = "mine"\ndescription = "Mine."\nextends = "sidebar"\n\n'
        f"[layout]\n{layout}\n", encoding="utf-8")
    return folder


def test_sidebar_is_a_listed_theme_with_its_layout():
    assert "sidebar" in available_themes()
    layout = load_theme("sidebar").layout
    assert {"skills", "language", "interest"} <= set(layout.sidebar)
    assert layout.contacts == "sidebar"
    assert load_theme("modern").layout == Layout()  # the others: one column


@pytest.mark.parametrize(("layout", "line", "column", "key", "said"), [
    ('sidebar = ["skills", "skils"]', 6, 1, "layout.sidebar.1", "'skills'"),
    ('contacts = "footer"', 6, 1, "layout.contacts", "'header' or 'sidebar'"),
    ("sidebar = \"skills\"", 6, 1, "layout.sidebar", "list"),
    ("colums = 2", 6, 1, "layout.colums", "Extra inputs"),
])
def test_layout_errors_are_located_in_theme_toml(tmp_path, layout, line, column, key, said):
    _local_theme(tmp_path, layout)
    with pytest.raises(ThemeError) as caught:
        load_theme("./mine", tmp_path)
    (problem,) = caught.value.diagnostics  # type: ignore[attr-defined]
    assert (problem.location.line, problem.location.column) == (line, column)
    assert problem.path == key and said in problem.message
    assert problem.location.file.endswith("mine/theme.toml")


def test_a_theme_extending_sidebar_inherits_and_overrides_its_layout(tmp_path):
    _local_theme(tmp_path, 'sidebar = ["skills"]')
    theme = load_theme("./mine", tmp_path)
    assert theme.layout == Layout(sidebar=("skills",), contacts="sidebar")


def test_theme_new_from_sidebar_writes_a_theme_that_keeps_the_columns(tmp_path):
    folder = new_theme("mine", "sidebar", tmp_path)
    text = (folder / "theme.toml").read_text(encoding="utf-8")
    for token in ("sidebar_background", "sidebar_width", "sidebar_gutter",
                  "sidebar_padding", "sidebar_section_skip"):
        assert f"\n{token} = " in text
    theme = load_theme("./mine", tmp_path)
    assert theme.layout == load_theme("sidebar").layout


def test_reading_order_puts_the_sidebar_first_and_keeps_the_written_order():
    sections = [type("S", (), {"kind": kind})() for kind in
                ("education", "skills", "experience", "language", "publication")]
    layout = Layout(sidebar=("skills", "language"), contacts="sidebar")
    assert [s.kind for s in layout.reading_order(sections)] == [
        "skills", "language", "education", "experience", "publication"]
    assert Layout().reading_order(sections) == tuple(sections)
    only_main = [s for s in sections if s.kind not in layout.sidebar]
    assert layout.has_sidebar(only_main, contacts=True)
    assert not layout.has_sidebar(only_main, contacts=False)


# --- HTML and LaTeX source ------------------------------------------------------------


def _doc_and_theme(source: Path | str, theme: str = "sidebar"):
    loaded = load(source) if isinstance(source, Path) else load_text(source, "cv.yaml")
    job = prepare(loaded, theme)
    return job


def test_html_puts_contacts_and_short_sections_in_an_aside_before_main():
    job = _doc_and_theme(CV)
    html = render_html(job.doc, job.theme, job.design)
    header = html[html.index('<header class="cv-header'):html.index("</header>")]
    aside = html[html.index('<aside class="sidebar">'):html.index("</aside>")]
    main = html[html.index("<main>"):html.index("</main>")]
    assert html.index("</aside>") < html.index("<main>")
    assert 'class="contacts"' not in header and 'class="contacts"' in aside
    assert "section-skills" in aside and "section-service" in aside
    assert "section-education" in main and "section-skills" not in main
    assert "mailto:zhiheng.li@ieee.org" in aside


def test_other_themes_stay_in_one_column():
    job = _doc_and_theme(CV, "modern")
    html = render_html(job.doc, job.theme, job.design)
    assert "<aside" not in html and "with-sidebar" not in html
    tex = render_latex(job.doc, job.theme, job.design).decode()
    assert "\\begin{cvcolumns}" not in tex.split("\\begin{document}")[1]


def test_latex_sets_the_sidebar_as_one_argument_before_the_main_column():
    job = _doc_and_theme(CV)
    tex = render_latex(job.doc, job.theme, job.design).decode()
    body = tex[tex.index("\\begin{document}"):]
    header = body[body.index("\\begin{cvheader}"):body.index("\\end{cvheader}")]
    assert "\\cvcontacts" not in header
    start = body.index("\\begin{cvcolumns}")
    side = body[start:body.index("\\cvsection{Education}")]
    assert "\\cvsidebar{" in side and "\\cvsidebarcontacts{" in side
    assert "\\cvsection{Skills}" in side and "\\cvsection{Professional Services}" in side
    assert body.index("\\end{cvcolumns}") > body.index("\\cvsection{Publications}")


NO_SIDE = """\
name: Ada Lovelace
sections:
  Experience:
    - organization: Analytical Engine
      position: Programmer
      dates: 1842 – 1843
      highlights: [Wrote the first program.]
"""


def test_a_cv_with_nothing_for_the_sidebar_is_set_in_one_column():
    job = _doc_and_theme(NO_SIDE)
    assert "<aside" not in render_html(job.doc, job.theme, job.design)
    assert "cvcolumns" not in render_latex(job.doc, job.theme, job.design).decode().split(
        "\\begin{document}")[1]


def test_a_cv_with_contacts_only_gets_a_sidebar_of_contacts():
    job = _doc_and_theme(NO_SIDE.replace("sections:", "contact: {email: ada@example.org}\n"
                                                       "sections:"))
    html = render_html(job.doc, job.theme, job.design)
    aside = html[html.index("<aside"):html.index("</aside>")]
    assert "ada@example.org" in aside and "<section" not in aside


# --- PDFs: both engines ---------------------------------------------------------------

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler")


def _pdf(source: Path | str, engine: str, theme: str = "sidebar",
         variant: str | None = None) -> tuple[bytes, object]:
    loaded = load(source) if isinstance(source, Path) else load_text(source, "cv.yaml")
    job = prepare(loaded, theme, variant)
    if engine == "latex":
        if not tex_available():
            pytest.skip("TeX Live is not installed")
        job = replace(job, pdf_engine="latex")
    return render(job, "pdf"), (loaded, job)


def _words(pdf: bytes, page: int) -> list[tuple[float, float, str]]:
    """(x, y, word) of a page, from pdftotext -bbox."""
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", "-", "-"],
                         input=pdf, capture_output=True, check=True).stdout.decode()
    return [(float(m[1]), float(m[2]), m[3]) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out)]


def _text(pdf: bytes, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


@pytest.fixture(scope="module", params=ENGINES)
def cv_pdf(request):
    return request.param, *_pdf(CV, request.param)


@pytest.mark.slow
@needs_poppler
def test_sidebar_sections_are_beside_the_main_column_on_page_1(cv_pdf):
    _engine, pdf, _ = cv_pdf
    words = _words(pdf, 1)
    x = {w: (wx, wy) for wx, wy, w in words}
    side = [x[w] for w in ("SKILLS", "PyTorch,", "zhiheng.li@ieee.org")]
    main = [x[w] for w in ("EDUCATION", "Rochester")]
    assert max(sx for sx, _ in side) + 30 < min(mx for mx, _ in main)
    # beside, not above: the sidebar's last title is level with the main column's text
    assert x["SKILLS"][1] > x["EDUCATION"][1] + 100


@pytest.mark.slow
@needs_poppler
def test_pdftotext_reads_the_sidebar_whole_then_the_main_column(cv_pdf):
    _engine, pdf, (loaded, job) = cv_pdf
    text = _text(pdf)
    order = ["Zhiheng Li", "zhiheng.li@ieee.org", "RESEARCH INTERESTS", "PROFESSIONAL SERVICES",
             "Volunteer:", "SKILLS", "Kubernetes-based", "EDUCATION", "University of Rochester",
             "WORKING EXPERIENCE", "INTERNSHIP EXPERIENCE", "PUBLICATIONS"]
    places = [text.find(item) for item in order]
    assert -1 not in places and places == sorted(places), list(zip(order, places, strict=True))
    assert not list(ats_problems(Context(loaded, date.today()), job.doc, text, "the PDF",
                                 job.theme.layout))


@pytest.mark.slow
@needs_poppler
@pytest.mark.parametrize("source", ["data/cv.yaml", "examples/academic-cv.yaml"])
@pytest.mark.parametrize("engine", ENGINES)
def test_the_ats_check_holds_in_plain_extraction(source, engine):
    pdf, (loaded, job) = _pdf(ROOT / source, engine)
    text = _text(pdf)
    problems = list(ats_problems(Context(loaded, date.today()), job.doc, text,
                                 "the PDF", job.theme.layout))
    assert not problems, [p.message for p in problems]
    # the footer's page count, also when the main column fills its last page (paracol)
    pages = text.count("\f")
    assert f"page {pages} of {pages}" in text and "??" not in text


LONG = """\
name: Long Sidebar
contact: {email: long@example.org}
sections:
  Skills:
{skills}
  Experience:
    - organization: Somewhere
      position: Engineer
      dates: 2020 – 2024
      highlights: [Did things.]
"""


@pytest.mark.slow
@needs_poppler
@pytest.mark.parametrize("engine", ENGINES)
def test_a_sidebar_taller_than_page_1_goes_on_in_its_column_on_page_2(engine):
    skills = "\n".join(f"    - Skill{i:03d}: [tool{i:03d}a, tool{i:03d}b]" for i in range(90))
    pdf, _ = _pdf(LONG.replace("{skills}", skills), engine)
    page2 = {w: (x, y) for x, y, w in _words(pdf, 2)}
    assert "Skill089:" in page2  # nothing lost
    page1 = {w: (x, y) for x, y, w in _words(pdf, 1)}
    assert page2["Skill089:"][0] == pytest.approx(page1["Skill000:"][0], abs=2)
    text = _text(pdf)
    assert text.index("Skill000:") < text.index("Skill089:")


@pytest.mark.slow
@needs_poppler
@pytest.mark.parametrize("engine", ENGINES)
def test_right_to_left_puts_the_sidebar_on_the_right(engine):
    pdf, _ = _pdf(ROOT / "examples" / "arabic.yaml", engine)
    words = {w: x for x, _y, w in _words(pdf, 1)}
    assert words["layla.haddad@example.org"] > 350  # the sidebar: right of the page
    assert words["Haddad,"] < 300  # a publication in the main column, on the left


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_the_resume_variant_fits_one_page(engine):
    pdf, _ = _pdf(CV, engine, variant="resume")
    assert _text(pdf).count("\f") == 1


def test_design_colors_reach_the_sidebar_tint_in_both_engines():
    source = NO_SIDE.replace("sections:", "contact: {email: ada@example.org}\n"
                                          "design: {colors: {sidebar_background: '#f4f1ea'}}\n"
                                          "sections:")
    job = _doc_and_theme(source)
    assert "--cv-color-sidebar-background: #f4f1ea;" in render_html(job.doc, job.theme,
                                                                     job.design)
    tex = render_latex(job.doc, job.theme, job.design).decode()
    assert "\\definecolor{cvsidebarbackground}{HTML}{F4F1EA}" in tex


@pytest.mark.slow
@needs_poppler
@pytest.mark.parametrize("engine", ENGINES)
def test_cjk_and_a_photo_keep_the_columns_and_the_reading_order(engine, tmp_path):
    from tests.test_cjk import needs_cjk_fonts

    if needs_cjk_fonts.args[0]:
        pytest.skip("no CJK font installed")
    pdf, (loaded, job) = _pdf(ROOT / "examples" / "chinese.yaml", engine)
    assert not list(ats_problems(Context(loaded, date.today()), job.doc, _text(pdf),
                                 "the PDF", job.theme.layout))
    words = {w: (x, y) for x, y, w in _words(pdf, 1)}
    assert words["xiaoming.wang@example.org"][0] < words["清华大学"][0] - 100
    # a photo floated in the header: the columns start below it
    from PIL import Image

    Image.new("RGB", (300, 380), (120, 150, 170)).save(tmp_path / "me.png")
    source = tmp_path / "cv.yaml"
    source.write_text(NO_SIDE.replace("sections:", "photo: me.png\n"
                                      "contact: {email: ada@example.org}\nsections:"),
                      encoding="utf-8")
    pdf, _ = _pdf(source, engine)
    words = {w: (x, y) for x, y, w in _words(pdf, 1)}
    # the row's dates follow its title, on its line, with the whole column's measure
    assert abs(words["1843"][1] - words["Analytical"][1]) < 3 and "," in words
    assert words["ada@example.org"][0] < 200

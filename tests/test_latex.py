"""LaTeX: golden .tex files, escaping of hostile text, and real XeLaTeX compiles checked by
facts (pages, extracted words, links, fonts, no side effect on disk)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest

from cvtool.build import BuildRequest, build
from cvtool.errors import RenderError
from cvtool.loader import load
from cvtool.pipeline import prepare, render
from cvtool.renderers import latex_pdf
from cvtool.renderers.latex import _theme_files, language_preamble, render_latex
from cvtool.style import style_preamble
from cvtool.themes import FONTS_DIR, ResolvedDesign, load_theme
from tests.conftest import (
    FIXTURES,
    ROOT,
    SEED_000_URL_WORDS,
    SEED_003_TEX_WORDS,
    SEED_CV,
    SEED_PROFILE,
    words,
)

GOLDEN = Path(__file__).resolve().parent / "golden"
TORTURE = FIXTURES / "latex-torture.yaml"
THEMES = ("classic", "modern", "compact")
EXPECTED_PAGES = {"classic": 4, "modern": 4, "compact": 3}

needs_tex = pytest.mark.tex


def tex_of(source: Path, theme: str | None = None) -> str:
    job = prepare(load(source), theme)
    return render(job, "tex").decode("utf-8")


def body(tex: str) -> str:
    return tex.split("\\begin{document}", 1)[1]


# --- the .tex, without TeX --------------------------------------------------------------


@pytest.mark.parametrize("name", ["data/cv.yaml", "examples/minimal.yaml"])
def test_golden_tex(golden, name):
    tex = tex_of(ROOT / name).replace(FONTS_DIR.as_posix() + "/", "<cvtool-fonts>/")
    golden(GOLDEN / (Path(name).stem + ".tex"), tex)


def test_tex_is_one_macro_call_per_item():
    tex = body(tex_of(ROOT / "data" / "cv.yaml"))
    assert tex.count("\\cvsection{") == 8
    assert tex.count("\\cventry{") == 11
    assert tex.count("\\cvpublication{") == 12
    assert "\\cvcontact{mail}{E-mail}{\\cvlink{mailto:zhiheng.li@ieee.org}" in tex


@pytest.mark.parametrize("theme", THEMES)
def test_theme_files_come_parents_first(theme):
    names = [path.name for path in load_theme(theme).latex]
    assert names == ["cv.tex", f"{theme}.tex"]
    tex = tex_of(ROOT / "examples" / "minimal.yaml", theme)
    assert tex.index("theme file base/latex/cv.tex") < tex.index(f"theme file {theme}/")


def test_hostile_text_is_escaped():
    tex = body(tex_of(TORTURE))
    for payload in ("\\input{", "\\write18", "\\catcode", "\\end{document}}", "\\relax{}",
                    "\\verb|", "\\back"):
        assert payload not in tex.replace("\\end{document}%\n", ""), payload
    for line in tex.splitlines():
        assert not re.search(r"(?<!\\)%.", line), line  # only a line-end % (ours) is raw
    depth = 0
    for char in re.sub(r"\\[{}]", "", tex):
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    assert "\\cvcjk{武汉大学}" in tex and "\\cvemoji{😀}" in tex
    assert "\x07" not in tex and "\u2060" not in tex and "\u00ad" not in tex


def test_design_values_are_checked_before_they_reach_tex():
    job = prepare(load(ROOT / "examples" / "minimal.yaml"))
    for bad in ({"accent": "#fff}\\input{x}"}, {"margins": "1cm}\\input{x}"}):
        fields = {**job.design.__dict__, **bad}
        with pytest.raises(RenderError):
            render_latex(job.doc, job.theme, ResolvedDesign(**fields))


SKELETON_LINE = re.compile(
    r"(\\documentclass\[(a4|letter)paper\]\{article\}|\\usepackage(\[[a-z=.0-9]+\])?\{[a-z]+\}"
    r"|\\(new|provide)command\*?\{\\cv[a-z]+\}(\[2\])?\{[^{}]*\}|\\definecolor\{cvaccent\}\{HTML\}"
    r"\{[0-9A-F]{6}\}|\\hypersetup\{.*\}|\\tracinglostchars=2)%|%|% [^\n]*"
    r"|\\cvdefineicon\{[a-z-]+\}\{[-0-9. A-Za-z]+\}%")  # icons: bundled SVG path data


@pytest.mark.parametrize("source", [ROOT / "examples" / "minimal.yaml", TORTURE])
def test_the_preamble_is_pylatex_objects_and_the_themes_files(source):
    """Before \\begin{document}: the class with the paper size, the packages with their
    options, the design values, the theme's style tokens and files as they are, the PDF's
    metadata (escaped); nothing else is written verbatim."""
    job = prepare(load(source))
    for size, paper in (("A4", "a4paper"), ("Letter", "letterpaper")):
        design = replace(job.design, page_size=size, margins="0.75in")
        head = render_latex(job.doc, job.theme, design).decode().split("\\begin{document}")[0]
        assert (f"\\documentclass[{paper}]{{article}}%\n\\usepackage[margin=0.75in]{{geometry}}%\n"
                "\\usepackage{amsmath}%\n\\usepackage{amssymb}%\n\\usepackage{fontspec}%\n\\usepackage{xcolor}%\n\\usepackage{graphicx}%\n"
                "\\usepackage[hidelinks]{hyperref}%\n") in head
        head = head.replace(style_preamble(job.theme.style), "% style tokens")
        head = head.replace(language_preamble(job.doc, design), "% language")
        for text in _theme_files(job.theme.latex):
            assert text in head
            head = head.replace(text, "% theme file")
        for line in head.splitlines():
            assert SKELETON_LINE.fullmatch(line), line
        metadata = next(line for line in head.splitlines() if line.startswith("\\hypersetup"))
        assert "\\input{" not in metadata and "\\write18" not in metadata
        assert metadata.count("{") - metadata.count("\\{") == \
            metadata.count("}") - metadata.count("\\}")
    with pytest.raises(RenderError, match="page size"):
        render_latex(job.doc, job.theme, replace(job.design, page_size="A3"))


def test_tex_needs_no_tex(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda *_a, **_k: None)
    written = build(BuildRequest(ROOT / "examples" / "minimal.yaml", ("tex",), tmp_path)).written
    assert written == (tmp_path / "minimal.tex",)
    with pytest.raises(RenderError, match="texlive-xetex texlive-fonts-recommended latexmk"):
        build(BuildRequest(ROOT / "examples" / "minimal.yaml", ("pdf",), tmp_path,
                           pdf_engine="latex"))


def test_cli_offers_tex_and_the_engine(tmp_path):
    from click.testing import CliRunner

    from cvtool.cli import main

    assert "--pdf-engine [weasyprint|latex]" in CliRunner().invoke(main, ["build", "-h"]).output
    result = CliRunner().invoke(main, ["build", str(ROOT / "examples" / "minimal.yaml"),
                                       "-f", "tex", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "minimal.tex").read_text().startswith("% !TEX program = xelatex")


# --- compiled for real ------------------------------------------------------------------


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def _actions(path: Path) -> list[dict]:
    return [annot.get_object()["/A"] for page in pypdf.PdfReader(path).pages
            for annot in page.get("/Annots", []) if "/A" in annot.get_object()]


def uris(path: Path) -> set[str]:
    return {action["/URI"] for action in _actions(path) if "/URI" in action}


@pytest.fixture(scope="module")
def cv_pdfs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("latex")
    paths = {}
    for theme in THEMES:
        job = prepare(load(ROOT / "data" / "cv.yaml"), theme)
        paths[theme] = out / f"cv-{theme}.pdf"
        paths[theme].write_bytes(render(replace(job, pdf_engine="latex"), "pdf"))
    return paths


@needs_tex
@pytest.mark.parametrize("theme", THEMES)
def test_page_count(cv_pdfs, theme):
    assert len(pypdf.PdfReader(cv_pdfs[theme]).pages) == EXPECTED_PAGES[theme]


@needs_tex
@pytest.mark.parametrize("theme", THEMES)
def test_every_seed_word_is_in_the_text(cv_pdfs, seed_text, theme):
    text = pdftotext(cv_pdfs[theme])
    assert not words(seed_text(SEED_CV)) - words(text) - SEED_000_URL_WORDS
    assert "Zhiheng Li" in text and "zhiheng.li@ieee.org" in text
    assert "Zhiheng Li · page 2 of" in text  # the running footer
    assert not [c for c in text if 0xFB00 <= ord(c) <= 0xFB4F or c == "\ufffd"]


@needs_tex
def test_links_fonts_and_metadata(cv_pdfs):
    path = cv_pdfs["classic"]
    assert {"https://zhiheng.li", "https://www.linkedin.com/in/zhiheng-li-ur/",
            "mailto:zhiheng.li@ieee.org", "tel:+15855550199", "https://github.com/zhihengli-UR",
            "https://arxiv.org/abs/2412.12391"} <= uris(path)
    # the six [@key] cross-references jump to their papers inside the document
    assert sum(action.get("/S") == "/GoTo" for action in _actions(path)) == 6
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    names = {line.split()[0].split("+", 1)[-1] for line in listing}
    assert names and all(n.startswith("Noto") for n in names), names
    assert "NotoEmoji-Regular" not in names  # the contact icons are drawings, not emoji
    assert all(line.split()[-5] == "yes" for line in listing)  # embedded
    meta = pypdf.PdfReader(path).metadata
    assert meta.title == "Zhiheng Li – Curriculum Vitae" and meta.author == "Zhiheng Li"


@needs_tex
def test_researcher_profile(tmp_path, seed_text):
    path = tmp_path / "profile.pdf"
    job = prepare(load(ROOT / "examples" / "researcher-profile.yaml"))
    path.write_bytes(render(replace(job, pdf_engine="latex"), "pdf"))
    assert len(pypdf.PdfReader(path).pages) >= 8
    text = seed_text(SEED_PROFILE)
    # The seed glues a score, a category and a month ("18.8LGJul"); the PDF separates them.
    glued = set(words(" ".join(line for line in text.splitlines() if line[:1].isdigit())))
    assert not (words(text) - words(pdftotext(path)) - {w for w in glued if len(w) > 3}
                - SEED_003_TEX_WORDS)
    assert "https://github.com/amazon-research/normalizer-free-robust-training" in uris(path)


@needs_tex
def test_torture_file_compiles_literally_with_no_side_effect(tmp_path):
    marker = Path("/tmp/x")
    existed = marker.exists()
    # A temporary folder of the test's own, so that other builds running at the same time
    # cannot leave theirs in what is compared.
    temp_root = tmp_path / "tmp"
    temp_root.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run([sys.executable, "-m", "cvtool", "build", str(TORTURE), "-f", "tex",
                             "-f", "pdf", "--pdf-engine", "latex", "-o", "out"], cwd=work,
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "TMPDIR": str(temp_root)})
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in work.rglob("*")) == [
        "latex-torture.pdf", "latex-torture.tex", "out"]
    assert marker.exists() == existed
    assert list(temp_root.iterdir()) == []
    text = " ".join(pdftotext(work / "out" / "latex-torture.pdf").split())
    for literal in ("Ada & Co. 100% $money$ #1 _under_ {brace} ~tilde^ \\back",
                    "\\input{/etc/passwd} \\write18{touch /tmp/x}", "\\catcode",
                    "A lone % percent", "Unbalanced { braces } } { and a lone % and a "
                    "trailing backslash \\", "}{ \\end{document}", "A bullet starting with",
                    "---literal dashes-- ``quotes''", "é ñ ü ß", "😀", "✉",
                    "ada_lovelace+cv@example.org", "Label #1 & {x}:", "nbsp here"):
        assert literal in text, literal
    assert "\ufffd" not in text  # no box for a character no font has
    assert {"https://example.org/a_b~c/d%20e?x=1&y=2#frag",
            "https://example.org/%7Bx%7D%5Ey%24z/%C3%A9?q=a&b=%7D",
            "https://example.org/p_q?r=1&s=2#t", "https://github.com/a_b/c~d#readme",
            "mailto:ada_lovelace+cv@example.org"} <= uris(work / "out" / "latex-torture.pdf")


@needs_tex
def test_tex_errors_and_timeouts_are_render_errors():
    broken = rb"\documentclass{article}\begin{document}\undefinedmacro\end{document}"
    with pytest.raises(RenderError, match=r"Undefined control sequence \(line 1 of the \.tex\)"):
        latex_pdf.compile_latex(broken)
    endless = rb"\documentclass{article}\begin{document}\def\x{\x}\x\end{document}"
    with pytest.raises(RenderError, match="did not finish within 2 s"):
        latex_pdf.compile_latex(endless, timeout=2)


@needs_tex
def test_photo_beside_the_header(tmp_path):
    from PIL import Image

    Image.new("RGB", (26, 32), (90, 120, 160)).save(tmp_path / "me.png")
    source = tmp_path / "me.yaml"
    source.write_text((ROOT / "examples" / "minimal.yaml").read_text().replace(
        "name: Ada Lovelace", "name: Ada Lovelace\nphoto: me.png"))
    job = prepare(load(source))
    assert "\\begin{cvheader}[me.png]" in render(job, "tex").decode()  # beside the .tex
    page = pypdf.PdfReader(io.BytesIO(render(replace(job, pdf_engine="latex"), "pdf"))).pages[0]
    assert len(page.images) == 1


@needs_tex
@pytest.mark.parametrize("theme", THEMES)
def test_grouped_publications_keep_their_headings_and_legend(tmp_path, theme):
    """The same grouping and legend as HTML and Markdown: headings in order, numbering
    running on across groups, the marks explained once under the section."""
    job = prepare(load(FIXTURES / "grouped-publications.yaml"), theme)
    tex = body(render(job, "tex").decode())
    order = [tex.index(s) for s in ("\\cvpubgroup{Journal Articles}", "{[1]}",
                                    "\\cvpubgroup{Conference Papers}", "{[2]}",
                                    "\\cvlegend{* Equal Contribution}")]
    assert order == sorted(order)
    pdf = tmp_path / "grouped.pdf"
    pdf.write_bytes(render(replace(job, pdf_engine="latex"), "pdf"))
    lines = [line.strip() for line in pdftotext(pdf).splitlines() if line.strip()]
    assert lines.index("Journal Articles") < lines.index("Conference Papers") \
        < lines.index("* Equal Contribution")


@needs_tex
def test_tex_compiles_elsewhere_with_the_fonts_beside_it(tmp_path):
    """A .tex taken to another machine (cvtool's font folder gone) finds the fonts in a
    fonts/ folder beside it, and says what to do when they are not there either."""
    tex = tex_of(ROOT / "examples" / "minimal.yaml")
    named = f"\\providecommand*{{\\cvfontdir}}{{{FONTS_DIR.as_posix()}/}}"
    assert named in tex
    (tmp_path / "cv.tex").write_text(
        tex.replace(named, "\\providecommand*{\\cvfontdir}{/nowhere/}"), encoding="utf-8")
    command = ["xelatex", "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error",
               "cv.tex"]
    missing = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True,
                             timeout=120, check=False)
    assert missing.returncode != 0
    assert "The bundled Noto fonts are neither in /nowhere/ nor" in missing.stdout
    shutil.copytree(FONTS_DIR, tmp_path / "fonts")
    beside = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True,
                            timeout=120, check=False)
    assert beside.returncode == 0, beside.stdout[-2000:]
    assert "Ada Lovelace" in pdftotext(tmp_path / "cv.pdf")


def test_metrics_of_a_paper_without_abstract_are_shown():
    """As in HTML: a reference's citation count follows its links."""
    job = prepare(load(ROOT / "examples" / "academic-cv.yaml"))
    tex = render(job, "tex").decode("utf-8")
    call = next(line for line in tex.splitlines() if "Tight" in line)
    assert call.startswith("\\cvpublication{[1]}")
    assert call.endswith("{\\cvmetric{145}{citations}}%")

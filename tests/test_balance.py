"""Page balance: a runt last page is pulled back or the slack spread (cvtool.balance)."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from cvtool.balance import RUNT, balance
from cvtool.job import Typeset
from cvtool.schema.cv import Design
from cvtool.themes import load_theme, resolve_design

ROOT = Path(__file__).resolve().parents[1]


def _design(theme_name: str = "modern"):
    theme = load_theme(theme_name)
    return theme, resolve_design(Design(theme=theme_name), theme)


class FakeEngine:
    """Pages as a function of the type size: a stand-in for an engine, counting calls."""

    def __init__(self, content: float, font_scale: float = 1.0) -> None:
        self.content = content  # pages of content at the theme's settings
        self.font_scale = font_scale  # how strongly the size changes the length
        self.calls: list = []

    def __call__(self, design) -> Typeset:
        self.calls.append(design)
        _theme, start = _design()
        margin = float(design.margins.removesuffix("mm"))
        ratio = (design.font_size / start.font_size) ** (1.6 * self.font_scale) * (
            design.line_height / start.line_height) * (
            (210 - 2 * 17) / (210 - 2 * margin)) ** 0.6  # modern's 17 mm margins
        pages_needed = self.content * ratio
        pages = int(pages_needed) + (pages_needed % 1 > 0)
        return Typeset(b"%PDF", pages, pages_needed - (pages - 1))


def test_a_balanced_cv_is_typeset_once_and_left_alone():
    theme, design = _design()
    engine = FakeEngine(3.6)
    result = balance(design, theme, engine)
    assert len(engine.calls) == 1 and result.design == design and result.report == ()


def test_a_single_page_is_never_a_runt():
    theme, design = _design()
    result = balance(design, theme, FakeEngine(0.1))
    assert result.report == () and result.typeset.pages == 1


def test_a_runt_last_page_is_pulled_back_within_the_floors():
    theme, design = _design()
    engine = FakeEngine(3.15)
    result = balance(design, theme, engine)
    assert result.typeset.pages == 3 and result.typeset.last_fill >= RUNT
    assert theme.floors.font_size <= result.design.font_size < design.font_size
    assert "was 15 % full; tightened font size" in result.report[0]
    assert "to end on page 3" in result.report[0]


def _no_room_to_tighten():
    """modern, with its floors at its own settings: nothing to tighten."""
    theme, design = _design()
    floors = theme.floors.model_copy(update={"font_size": design.font_size,
                                             "line_height": design.line_height,
                                             "margins": design.margins})
    return replace(theme, floors=floors), design


def test_when_the_floors_cannot_save_a_page_the_slack_is_spread():
    theme, design = _no_room_to_tighten()
    engine = FakeEngine(3.1)
    result = balance(design, theme, engine)
    assert result.typeset.pages == 4 and result.typeset.last_fill >= RUNT
    assert result.design.line_height > design.line_height
    assert result.design.font_size == design.font_size
    assert "the slack is spread" in result.report[0]


def test_what_cannot_be_balanced_is_said_and_the_pdf_kept():
    theme, design = _no_room_to_tighten()

    def stubborn(d):  # loosening changes nothing either
        return Typeset(b"%PDF", 4, 0.1)

    result = balance(design, theme, stubborn)
    assert result.design == design and result.typeset.last_fill == 0.1
    assert "neither the theme's floors nor its ceilings balance it" in result.report[0]


def _runt_cv(folder: Path) -> Path:
    """A CV whose WeasyPrint layout, unbalanced, ends on a runt second page: entries are
    added until it does (so the test does not hang on data/cv.yaml's current length)."""
    from cvtool.loader import load
    from cvtool.pipeline import prepare
    from cvtool.renderers import weasyprint_pdf
    from cvtool.renderers.pdf import pdf_request

    bullet = ("Built and measured a careful system for a problem that needed one, and wrote "
              "down what was learned for the next team.")
    for count in range(6, 40):
        entries = "".join(
            f"    - organization: Company {i}\n      positions: [Engineer]\n"
            f"      dates: 20{10 + i % 10}\n      highlights:\n"
            + "".join(f"        - {bullet}\n" for _ in range(3)) for i in range(count))
        path = folder / "cv.yaml"
        path.write_text(f"name: Runt Example\nsections:\n  Experience:\n{entries}",
                        encoding="utf-8")
        job = prepare(load(path))
        typeset = weasyprint_pdf.render(pdf_request(job.doc, job.theme, job.design,
                                                    job.cv_dir))
        if typeset.pages == 2 and typeset.last_fill < 0.2:
            return path
    raise AssertionError("no entry count gives a runt second page")


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["weasyprint", "latex"])
def test_a_runt_last_page_is_balanced_in_the_pdf(tmp_path, engine):
    if engine == "latex":
        from cvtool.renderers.latex_pdf import tex_available

        if not tex_available():
            pytest.skip("no TeX Live")
    source = _runt_cv(tmp_path)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "cvtool", "build", str(source), "-f", "pdf", "--pdf-engine",
         engine, "-o", str(out)], capture_output=True, text=True, check=True)
    pdf = out / "cv.pdf"
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True).stdout)[1])
    if engine == "weasyprint":
        assert "balance: the last page (page 2) was" in done.stdout
        assert pages == 1
        return
    # XeLaTeX breaks its own pages: whatever it made, the last page is no runt.
    if pages > 1:
        box = subprocess.run(["pdftotext", "-f", str(pages), "-l", str(pages), "-bbox",
                              str(pdf), "-"], capture_output=True, text=True).stdout
        bottoms = sorted(float(y) for y in re.findall(r'yMax="([\d.]+)"', box))
        body = [y for y in bottoms if y < bottoms[-1] - 5]  # the footer aside
        page_height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', box)[1])
        assert max(body) > page_height / 3, done.stdout


def test_xelatex_log_says_how_full_the_last_page_is():
    from cvtool.renderers.latex_pdf import last_page

    assert last_page("x\ncvtool-last-page: 3 120.5pt 700.0pt\n") == (3, 120.5 / 700)
    # A document ending at a page break (paracol's full column): the page before is last.
    assert last_page("cvtool-last-page: 4 0.0pt 700.0pt\n") == (3, 1.0)
    assert last_page("no such line") == (0, 1.0)

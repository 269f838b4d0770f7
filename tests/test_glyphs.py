"""No silent loss (CV201): a character no font can draw stops a PDF build at the source line
that holds it, unless the CV accepts boxes (`design: {missing_glyphs: box}`).

Two engines, two checks: WeasyPrint falls back to any installed font, so the bundled and
fontconfig fonts are checked before it typesets; XeLaTeX uses the document's fonts only, so
its log is read afterwards. The characters used are ones no font the tests could install
changes: the bundled Noto Serif (XeLaTeX's main font) has neither runic ᚠ (U+16A0) nor
Linear B 𐀀 (U+10000), and the installed fonts are replaced by a stub where that matters.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cvtool.build import BuildRequest, build
from cvtool.cli import main
from cvtool.errors import DiagnosticsError, LostCharacter, MissingGlyphsError, Severity
from cvtool.fonts import lost_glyph_diagnostics
from cvtool.lint import lint_file
from cvtool.loader import load, load_text
from cvtool.renderers.latex_pdf import lost_characters

RUNE, LINEAR_B = "\u16a0", "\U00010000"
CV = f"""name: Ada Lovelace
headline: Mathematician
sections:
  Experience:
    - organization: Analytical Engine Project
      positions: [Programmer]
      highlights:
        - Plain text.
        - Wrote the first algorithm {RUNE} meant for a machine {LINEAR_B}.
"""
WHERE = "9:11"  # the second highlight's text: line 9, column 11
BOX = "design: {missing_glyphs: box}\n"


@pytest.fixture
def no_system_fonts(monkeypatch):
    """fontconfig knows no font: only the bundled ones count."""
    import cvtool.fonts as fonts

    monkeypatch.setattr(fonts, "system_ranges", lambda: ())


@pytest.fixture
def every_system_font(monkeypatch):
    """fontconfig claims a font for every code point: WeasyPrint would draw anything."""
    import cvtool.fonts as fonts

    monkeypatch.setattr(fonts, "system_ranges", lambda: ((0, 0x10FFFF),))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cv.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args])


# --- the option -------------------------------------------------------------------------


def test_missing_glyphs_is_a_validated_design_option():
    assert load_text("name: X\n", "cv.yaml").cv.design.missing_glyphs == "error"
    assert load_text("name: X\n" + BOX, "cv.yaml").cv.design.missing_glyphs == "box"
    with pytest.raises(DiagnosticsError) as raised:
        load_text("name: X\ndesign: {missing_glyphs: boxes}\n", "cv.yaml")
    (problem,) = raised.value.diagnostics
    assert problem.format().startswith("cv.yaml:2:26: error[CV105]: design.missing_glyphs")


# --- WeasyPrint: checked before typesetting ---------------------------------------------


def test_build_stops_at_the_line_and_writes_nothing(tmp_path, no_system_fonts):
    source = write(tmp_path, CV)
    out = tmp_path / "out"
    result = run("build", source, "-o", out)
    assert result.exit_code == 1, result.output
    (line,) = [ln for ln in result.output.splitlines() if "CV201" in ln]
    assert line.startswith(f"{source}:{WHERE}: error[CV201]: sections.Experience[0]"
                           ".highlights[1]: ")
    assert f"`{RUNE}` (U+16A0)" in line and f"`{LINEAR_B}` (U+10000)" in line
    assert "fonts-noto-core" in line and "missing_glyphs: box" in line
    assert not out.exists()  # nor the HTML and Markdown, which have no fonts to lack


def test_the_hint_names_the_cjk_package_for_cjk(tmp_path, no_system_fonts):
    source = write(tmp_path, "name: 李志恒\n")
    with pytest.raises(DiagnosticsError) as raised:
        build(BuildRequest(source, ("pdf",), tmp_path / "out"))
    (error,) = raised.value.diagnostics
    assert error.location is not None and (error.location.line, error.location.column) == (1, 7)
    assert "U+674E" in error.message and "fonts-noto-cjk" in (error.hint or "")


def test_glyph_errors_come_with_the_other_build_errors(tmp_path, no_system_fonts):
    source = write(tmp_path, CV + "photo: missing.jpg\n")
    with pytest.raises(DiagnosticsError) as raised:
        build(BuildRequest(source, ("pdf",), tmp_path / "out"))
    assert {d.code for d in raised.value.diagnostics} == {"CV110", "CV201"}


def test_formats_without_fonts_are_not_stopped(tmp_path, no_system_fonts):
    result = build(BuildRequest(write(tmp_path, CV), ("html", "md"), tmp_path / "out"))
    assert len(result.written) == 2 and result.warnings == ()


def test_a_tex_alone_only_warns(tmp_path, no_system_fonts):
    """Whoever compiles a .tex chooses its fonts: nothing is lost in writing it."""
    result = build(BuildRequest(write(tmp_path, CV), ("tex",), tmp_path / "out"))
    (warning,) = result.warnings
    assert warning.severity == Severity.WARNING and str(warning.location).endswith(WHERE)


@pytest.mark.slow
def test_with_the_opt_in_the_pdf_is_built_with_a_warning(tmp_path, no_system_fonts):
    source = write(tmp_path, CV + BOX)
    out = tmp_path / "out"
    result = run("build", source, "-f", "pdf", "-o", out)
    assert result.exit_code == 0, result.output
    assert f"{source}:{WHERE}: warning[CV201]: " in result.output
    assert "missing_glyphs" not in result.output.split("warning[CV201]")[1].splitlines()[0]
    assert (out / "cv.pdf").read_bytes().startswith(b"%PDF")


# --- XeLaTeX: its log -------------------------------------------------------------------

LOG = f"""(./cv.aux)
Missing character: There is no {RUNE} (U+16A0) in font [fonts/NotoSerif-Regular.ttf]/OT:script=latn;language=dflt;!
Missing character: There is no {LINEAR_B} (U+10000) in font [fonts/NotoSerif-Bold.ttf]/OT:script=latn;!
Missing character: There is no {RUNE} (U+16A0) in font [fonts/NotoSerif-Regular.ttf]/OT:script=latn;language=dflt;!
Missing character: There is no ^^e2 in font cmr10!
Missing character: There is no 李 in font "Noto Sans:mode=harf"!
[1] )
"""  # noqa: E501 (XeTeX's lines, as it writes them)


def test_the_log_lines_are_read_once_each_with_their_font():
    assert lost_characters(LOG) == (LostCharacter(RUNE, "NotoSerif-Regular"),
                                    LostCharacter(LINEAR_B, "NotoSerif-Bold"),
                                    LostCharacter("李", "Noto Sans"))
    assert lost_characters("Overfull \\hbox\n(./cv.aux)\n") == ()


def test_lost_characters_are_placed_in_the_source(tmp_path):
    loaded = load(write(tmp_path, CV))
    lost = (LostCharacter(RUNE, "NotoSerif-Regular"), LostCharacter(LINEAR_B, "NotoSerif-Bold"),
            LostCharacter("\u2042", "NotoSerif-Regular"))  # ⁂: not in the source
    placed, unplaced = lost_glyph_diagnostics(loaded, lost, "xelatex")
    assert placed.format().startswith(
        f"{loaded.path}:{WHERE}: error[CV201]: sections.Experience[0].highlights[1]: "
        f"`{RUNE}` (U+16A0), `{LINEAR_B}` (U+10000) not in the fonts NotoSerif-Bold, "
        "NotoSerif-Regular; XeLaTeX cannot print them (a box or a gap in the PDF)")
    assert unplaced.location is None and "U+2042" in unplaced.message
    assert "theme or of cvtool" in unplaced.message
    (boxed, _) = lost_glyph_diagnostics(loaded, lost, "xelatex", Severity.WARNING)
    assert boxed.severity == Severity.WARNING and "missing_glyphs" not in (boxed.hint or "")


@pytest.mark.tex
def test_xelatex_build_stops_at_the_line_from_its_log(tmp_path, every_system_font):
    """Installed fonts would let WeasyPrint draw everything (the stub), but XeLaTeX uses its
    document's fonts only: the log's "Missing character" lines stop the build."""
    source = write(tmp_path, CV)
    out = tmp_path / "out"
    assert build(BuildRequest(source, ("pdf",), tmp_path / "weasy", pdf_worker=False)).warnings \
        == ()
    result = run("build", source, "-f", "pdf", "-f", "html", "--pdf-engine", "latex",
                 "-o", out)
    assert result.exit_code == 1, result.output
    (line,) = [ln for ln in result.output.splitlines() if "CV201" in ln]
    assert line.startswith(f"{source}:{WHERE}: error[CV201]: sections.Experience[0]"
                           f".highlights[1]: `{RUNE}` (U+16A0), `{LINEAR_B}` (U+10000) not in "
                           "the font NotoSerif-Regular; XeLaTeX cannot print them (a box or a "
                           "gap in the PDF)")
    assert not out.exists()


@pytest.mark.tex
def test_xelatex_with_the_opt_in_builds_and_warns(tmp_path, every_system_font):
    from tests.test_pdf import pdftotext

    source = write(tmp_path, CV + BOX)
    result = build(BuildRequest(source, ("pdf",), tmp_path / "out", pdf_engine="latex"))
    (warning,) = result.warnings
    assert warning.severity == Severity.WARNING and str(warning.location).endswith(WHERE)
    assert "XeLaTeX cannot print them" in warning.message
    text = pdftotext(result.written[0])
    assert "Wrote the first algorithm" in text and RUNE not in text  # lost, as warned


@pytest.mark.tex
def test_the_renderer_raises_the_characters_with_its_pdf(tmp_path):
    """The renderer stays pure: a typed error with the characters and the PDF, no source."""
    from dataclasses import replace

    from cvtool.pipeline import prepare, render

    job = replace(prepare(load(write(tmp_path, CV))), pdf_engine="latex")
    with pytest.raises(MissingGlyphsError) as raised:
        render(job, "pdf")
    assert {c.char for c in raised.value.lost} == {RUNE, LINEAR_B}
    assert raised.value.output.startswith(b"%PDF")


# --- lint -------------------------------------------------------------------------------


def test_lint_reports_an_error_by_default(tmp_path, no_system_fonts):
    (found,) = [d for d in lint_file(write(tmp_path, CV)) if d.code == "CV201"]
    assert found.severity == Severity.ERROR and str(found.location).endswith(WHERE)


@pytest.mark.parametrize(("extra", "level"), [
    (BOX, Severity.WARNING),
    ("lint: {CV201: warning}\n", Severity.WARNING),
    (BOX + "lint: {CV201: error}\n", Severity.ERROR),
    ("lint: {CV201: 'off'}\n", None),
])
def test_lint_follows_the_opt_in_and_its_settings(tmp_path, no_system_fonts, extra, level):
    found = [d.severity for d in lint_file(write(tmp_path, CV + extra)) if d.code == "CV201"]
    assert found == ([level] if level else [])


@pytest.mark.tex
def test_cjk_without_a_cjk_font_is_reported_not_dropped(tmp_path):
    """The theme hands CJK runs to the first installed CJK family; on a machine with none
    (simulated by taking the font search out of the .tex) the text stays in the main font,
    so XeLaTeX's log names it, instead of the text vanishing without a word."""
    import re

    from cvtool.pipeline import prepare, render
    from cvtool.renderers.latex_pdf import compile_latex

    tex = render(prepare(load(write(tmp_path, "name: 李志恒 (Zhiheng Li)\n"))), "tex")
    without_cjk_fonts = re.sub(rb"\\cv@trycjk\{[^{}]*\}", b"", tex.split(b"\\begin{document}")[0])
    assert without_cjk_fonts != tex.split(b"\\begin{document}")[0]
    body = b"\\begin{document}" + tex.split(b"\\begin{document}")[1]
    with pytest.raises(MissingGlyphsError) as raised:
        compile_latex(without_cjk_fonts + body)
    assert {"李", "志", "恒"} <= {c.char for c in raised.value.lost}

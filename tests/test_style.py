"""Style tokens: declared once in theme.toml, validated, and the only source of the values in
the themes' CSS and LaTeX; the two engines' PDFs of one CV are twins."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import ContentStream

from cvtool import markup
from cvtool.document import EntryView, PublicationView
from cvtool.errors import ThemeError
from cvtool.loader import load
from cvtool.pipeline import balanced, prepare, render
from cvtool.renderers.html import render_html
from cvtool.renderers.latex import render_latex
from cvtool.style import style_css, style_preamble, token_names
from cvtool.themes import builtin_themes_dir, load_theme, resolve_design
from tests.conftest import ROOT

THEMES = ("classic", "modern", "compact")
THEME_FILES = sorted([*builtin_themes_dir().glob("**/*.css"),
                      *builtin_themes_dir().glob("**/*.tex")])

# What the theme files may still write literally, each for a structural reason:
ALLOWED = {
    # An h3 takes the size of the text it sits in (it undoes the browser's larger default).
    "h3 { bookmark-level: none; font-size: 1em;",
    # LaTeX's \normalsize is the CV's font size itself, a factor of one by definition.
    "\\renewcommand\\normalsize{\\cvsize{1}}",
}
# Zero lengths are resets (no paragraph indent or skip, no frame padding), not a look.
ZERO = re.compile(r"(?<![\d.])0(pt|bp)\b")
FORBIDDEN = {
    "hex colour": re.compile(r"#[0-9a-fA-F]{3,6}\b"),
    "xcolor HTML colour": re.compile(r"\{HTML\}|\[HTML\]"),
    "length in pt": re.compile(r"\d(pt|bp)\b"),
    "CSS font size": re.compile(r"font-size:\s*[\d.]"),
    "LaTeX font size": re.compile(r"\\fontsize\{\s*[\d.]|\\cvsize\{\s*[\d.]|Scale=[\d.]"),
    "letter spacing": re.compile(r"LetterSpace=[\d.-]|letter-spacing:\s*[\d.-]"),
}


@pytest.mark.parametrize("path", THEME_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_theme_files_hold_structure_not_values(path):
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if any(allowed in line for allowed in ALLOWED):
            continue
        line = ZERO.sub("", line)
        problems += [f"{path.name}:{number}: {what}: {line.strip()}"
                     for what, pattern in FORBIDDEN.items() if pattern.search(line)]
    assert not problems, "values belong in theme.toml [style]:\n" + "\n".join(problems)


def test_every_theme_sets_every_token_through_its_chain():
    for theme in THEMES:
        css = style_css(load_theme(theme).style)
        assert css.count(": ") >= len(token_names())


def _theme(tmp_path: Path, style: str, extends: str = "modern") -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "theme.toml").write_text(
        f'name = "mine"\ndescription = "Mine."\nextends = "{extends}"\n{style}',
        encoding="utf-8")
    return folder


# Located in the theme.toml, as every theme problem is.
CV113 = r"theme.toml:\d+:\d+: error\[CV113\]: "


@pytest.mark.parametrize(("style", "message"), [
    ('[style.colors]\ntext = "red"\n', CV113 + r"style.colors.text"),
    ('[style.colors]\ntext = "#12345"\n', CV113 + r"style.colors.text"),
    ('[style.colors]\ntxt = "#123456"\n', CV113 + r"style.colors.txt: Extra inputs"),
    ('[style.sizes]\nname = 12\n', CV113 + r"style.sizes.name"),
    ('[style.weights]\nname = 650\n', CV113 + r"style.weights.name"),
    ('[style.spacing]\nentry_skip = "1cm"\n', CV113 + r"style.spacing.entry_skip"),
    ('[style.spacing]\nentry_skip = "1em; color: red"\n', r"style.spacing.entry_skip"),
    ('[style]\nbullet = "}\\\\input{x}"\n', CV113 + r"style.bullet"),
    ('[style.rules]\nsection = "0.4em"\n', CV113 + r"style.rules.section"),
    ('[style.colors]\nsection_rule = "inherit"\n', r"style.colors.section_rule"),
    ('[style.shapes]\nname = "italic"\n', CV113 + r"style.shapes: Extra inputs"),
])
def test_invalid_tokens_are_errors_naming_the_theme_toml(tmp_path, style, message):
    folder = _theme(tmp_path, style)
    with pytest.raises(ThemeError, match=message):
        load_theme(f"./{folder.name}", tmp_path)


def test_a_theme_without_the_full_set_names_what_is_missing(tmp_path):
    folder = tmp_path / "bare"
    folder.mkdir()
    (folder / "theme.toml").write_text(
        'name = "bare"\ndescription = "x"\n[style.colors]\ntext = "#000000"\n',
        encoding="utf-8")
    with pytest.raises(ThemeError, match=r"bare/theme.toml: style tokens not set: bullet, "):
        load_theme("./bare", tmp_path)


def test_tokens_are_inherited_and_overridden_key_by_key(tmp_path):
    _theme(tmp_path, '[style.colors]\nright = "#aa0000"\n[style.sizes]\nname = 3\n')
    mine, modern = load_theme("./mine", tmp_path).style, load_theme("modern").style
    assert mine.colors.right == "#aa0000" and mine.sizes.name == 3
    assert mine.colors.text == modern.colors.text == "#222222"  # from modern
    assert mine.sizes.legend == modern.sizes.legend == 0.85  # from base
    css = style_css(mine)
    assert "--cv-color-right: #aa0000;" in css and "--cv-size-name: 3em;" in css
    tex = style_preamble(mine)
    assert "\\definecolor{cvright}{HTML}{AA0000}" in tex
    assert "\\newcommand*{\\cvsizename}{3}" in tex


def test_generated_values_are_plain_tokens():
    for theme in THEMES:
        style = load_theme(theme).style
        for line in style_css(style).splitlines()[1:-2]:
            assert re.fullmatch(r'  --cv-[a-z-]+: (#[0-9a-f]{6}|var\(--accent\)|currentColor'
                                r'|-?[\d.]+(r?em|pt)?|"[^"\\{}]")?;', line), line
        for line in style_preamble(style).splitlines()[1:]:
            assert re.fullmatch(
                r"\\(definecolor\{cv[a-z]+\}\{HTML\}\{[0-9A-F]{6}\}|colorlet\{cv[a-z]+\}"
                r"\{cvaccent\}|newcommand\*\{\\cv[a-z]+\}\{.*\})", line), line


@pytest.mark.parametrize("theme", THEMES)
def test_both_renderers_read_the_tokens(theme):
    job = prepare(load(ROOT / "examples" / "minimal.yaml"), theme)
    design = resolve_design(job.cv.design, job.theme)
    html = render_html(job.doc, job.theme, design, for_print=True)
    assert style_css(job.theme.style) in html
    tex = render_latex(job.doc, job.theme, design).decode("utf-8")
    assert tex.index(style_preamble(job.theme.style)) < tex.index("theme file base/latex/cv.tex")


# --- twins: the WeasyPrint and the LaTeX PDF of one CV -----------------------------------


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _headings(job) -> list[str]:  # type: ignore[no-untyped-def]
    """What starts an entry: an entry's title, a publication's number."""
    found = []
    for section in job.doc.sections:
        for entry in section.entries:
            if isinstance(entry, EntryView) and entry.title:
                found.append(_normal(markup.to_text(entry.title)))
            elif isinstance(entry, PublicationView) and entry.number:
                found.append(_normal(entry.number))
    return found


def _first_entries(pdf: Path, headings: list[str]) -> list[str | None]:
    """For each page, the first line that starts an entry (a wrapped title counts by its
    first line); small capitals extract as capitals, so case is ignored."""
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout)[1])
    firsts: list[str | None] = []
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8",
                               str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        first = None
        for line in map(_normal, text.splitlines()):
            first = next((h for h in headings if line.startswith(h)
                          or (len(line) >= 20 and h.startswith(line))), None)
            if first:
                break
        firsts.append(first)
    return firsts


def _families(pdf: Path) -> set[str]:
    """Embedded faces as Noto file names: subset prefixes dropped, WeasyPrint's cvtool
    aliases (the @font-face names of the same bundled files, "Semi-Bold" for weight 600)
    mapped back, -Regular dropped."""
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    names = {line.split()[0].split("+")[-1] for line in listing if line.strip()}
    return {re.sub(r"-Regular$", "", name.replace("cvtool-Mono", "NotoSansMono")
                   .replace("cvtool-", "Noto").replace("Semi-Bold", "SemiBold"))
            for name in names}


def _fill_colours(pdf: Path) -> set[str]:
    reader = pypdf.PdfReader(pdf)
    colours = set()
    for page in reader.pages:
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"rg":
                colours.add("#" + "".join(f"{round(float(v) * 255):02x}" for v in operands))
    return colours


@pytest.mark.tex
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize("theme", THEMES)
def test_weasyprint_and_latex_pdfs_are_twins(tmp_path, theme):
    # At the settings a build arrives at (balanced by WeasyPrint), both engines typeset.
    job = balanced(prepare(load(ROOT / "data" / "cv.yaml"), theme))
    weasy, latex = tmp_path / "weasyprint.pdf", tmp_path / "latex.pdf"
    weasy.write_bytes(render(job, "pdf"))
    latex.write_bytes(render(replace(job, pdf_engine="latex", typeset=None), "pdf"))
    headings = _headings(job)
    firsts = _first_entries(weasy, headings)
    assert len(firsts) > 1 and all(firsts[1:]), firsts  # every page after the first opens one
    assert _first_entries(latex, headings) == firsts
    assert _families(weasy) == _families(latex)
    accent = job.cv.design.accent or load_theme(theme).options.accent
    colours = _fill_colours(weasy)
    assert accent.lower() in colours
    assert _fill_colours(latex) == colours


def test_weight_600_is_the_semibold_series_in_latex():
    """600 is series sb (Noto Sans's SemiBold; cv.tex maps sb to Noto Serif's Bold), 700
    bold, 400 medium: modern's role and compact's labels are semi-bold in both engines."""
    from cvtool.style import style_preamble
    from cvtool.themes import load_theme

    modern = style_preamble(load_theme("modern").style)
    assert "\\newcommand*{\\cvweightrole}{\\fontseries{sb}\\selectfont}" in modern
    assert "\\newcommand*{\\cvweightnumber}{\\bfseries}" in modern
    assert "\\newcommand*{\\cvweightnote}{\\mdseries}" in modern
    compact = style_preamble(load_theme("compact").style)
    for role in ("headline", "contactlabel", "detaillabel"):
        assert f"\\newcommand*{{\\cvweight{role}}}{{\\fontseries{{sb}}\\selectfont}}" in compact


def test_weasyprint_declares_the_semibold_faces():
    from cvtool.renderers.html import font_face_css

    sans = font_face_css("sans")
    assert re.search(r"NotoSans-SemiBold\.ttf\"\); font-weight: 600; font-style: normal", sans)
    assert re.search(r"NotoSans-SemiBoldItalic\.ttf\"\); font-weight: 600; font-style: italic",
                     sans)

"""Themes for users: listing them, writing a new one, fonts a theme ships, any installed
font family and colours beyond the accent in ``design:``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvtool import themes as themes_module
from cvtool.cli import main
from cvtool.themes import FONTS_DIR, system_families

CV = """name: Ada Lovelace
contact:
  email: ada@example.org
sections:
  Experience:
    - organization: Analytical Engine Project
      positions: [Programmer]
      dates: 1842 – 1843
      highlights:
        - Wrote the *first* published algorithm.
"""


def run(*args: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(autouse=True)
def fresh_theme_cache():
    themes_module._load.cache_clear()
    themes_module.installed_themes.cache_clear()
    yield
    themes_module._load.cache_clear()
    themes_module.installed_themes.cache_clear()


def write_cv(folder: Path, design: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "cv.yaml"
    source.write_text(CV + (f"design:\n{design}" if design else ""), encoding="utf-8")
    return source


def brand_theme(folder: Path, regular: str = "fonts/Brand-Regular.ttf") -> Path:
    """A theme shipping one of cvtool's sans faces as its own family "Brand Face", on a
    serif theme (so the sans face appears only if the theme's font is used)."""
    (folder / "fonts").mkdir(parents=True, exist_ok=True)
    shutil.copy(FONTS_DIR / "NotoSans-Regular.ttf", folder / "fonts" / "Brand-Regular.ttf")
    shutil.copy(FONTS_DIR / "NotoSans-Bold.ttf", folder / "fonts" / "Brand-Bold.ttf")
    (folder / "theme.toml").write_text(
        'name = "brand"\ndescription = "Classic in the brand face."\nextends = "classic"\n\n'
        '[options]\nfont = "Brand Face"\n\n'
        f'[fonts."Brand Face"]\nregular = "{regular}"\nbold = "fonts/Brand-Bold.ttf"\n',
        encoding="utf-8")
    return folder


def pdf_fonts(path: Path) -> set[str]:
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


# --- cvtool themes -----------------------------------------------------------------------


def test_themes_lists_the_built_ins_with_descriptions(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no data/cv.yaml here: no local themes
    result = run("themes")
    assert result.exit_code == 0, result.output
    assert "classic  built-in" in result.output
    assert "Serif and academic" in result.output
    assert "base" not in result.output.split()  # not listed: structure only
    rows = json.loads(run("themes", "--format", "json").output)
    assert [r["name"] for r in rows] == ["classic", "compact", "modern", "sidebar"]
    assert all(r["description"] and r["origin"] == "built-in" for r in rows)


def test_themes_lists_the_local_themes_beside_the_cv(tmp_path):
    source = write_cv(tmp_path)
    brand_theme(tmp_path / "brand")
    brand_theme(tmp_path / "themes" / "other")
    rows = json.loads(run("themes", "--cv", source, "--format", "json").output)
    local = {r["name"]: r for r in rows if r["origin"] == "local"}
    assert set(local) == {"./brand", "./themes/other"}
    assert local["./brand"]["description"] == "Classic in the brand face."


def test_an_installed_theme_is_found_by_its_entry_point(tmp_path, monkeypatch):
    site = tmp_path / "site"
    package = site / "acme_cv_theme"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "theme.toml").write_text(
        'name = "acme"\ndescription = "The ACME house style."\nextends = "modern"\n'
        "[style.colors]\nname = \"#123456\"\n")
    dist = site / "acme_cv_theme-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-cv-theme\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[cvtool.themes]\nacme = acme_cv_theme\n")
    monkeypatch.syspath_prepend(str(site))
    rows = json.loads(run("themes", "--format", "json").output)
    acme = next(r for r in rows if r["name"] == "acme")
    assert acme["origin"] == "installed (acme-cv-theme)"
    assert acme["description"] == "The ACME house style."
    source = write_cv(tmp_path / "cv", "  theme: acme\n")
    result = run("build", source, "-f", "html", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "--cv-color-name: #123456;" in (tmp_path / "out" / "cv.html").read_text()


# --- cvtool theme new ----------------------------------------------------------------------


def test_theme_new_writes_a_theme_that_builds_and_refuses_to_overwrite(tmp_path):
    result = run("theme", "new", "mine", "--from", "modern", "--dir", tmp_path)
    assert result.exit_code == 0, result.output
    assert "design: {theme: ./mine}" in result.output
    folder = tmp_path / "mine"
    assert {p.name for p in folder.iterdir()} == {"theme.toml", "mine.css", "mine.tex"}
    toml = (folder / "theme.toml").read_text()
    assert 'extends = "modern"' in toml
    assert "section_title = " in toml and "# Body text." in toml
    # every token is copied: the theme reads the same as its parent until edited
    from cvtool.themes import load_theme

    assert load_theme("./mine", tmp_path).style == load_theme("modern").style
    (folder / "mine.css").write_text("h1 { letter-spacing: 0.3em; }\n")
    source = write_cv(tmp_path, "  theme: ./mine\n")
    result = run("build", source, "-f", "md", "-f", "html", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "letter-spacing: 0.3em" in (tmp_path / "out" / "cv.html").read_text()

    before = (folder / "theme.toml").read_text()
    again = run("theme", "new", "mine", "--dir", tmp_path)
    assert again.exit_code == 1
    assert "already exists" in again.output
    assert (folder / "theme.toml").read_text() == before


@pytest.mark.slow
def test_a_new_theme_builds_a_pdf(tmp_path):
    assert run("theme", "new", "mine", "--dir", tmp_path).exit_code == 0
    toml = tmp_path / "mine" / "theme.toml"
    toml.write_text(toml.read_text().replace('section_title = "accent"',
                                             'section_title = "#aa2200"', 1))
    source = write_cv(tmp_path, "  theme: ./mine\n")
    result = run("build", source, "-f", "pdf", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "cv.pdf").read_bytes().startswith(b"%PDF")


# --- fonts a theme ships -------------------------------------------------------------------


@pytest.mark.slow
def test_a_theme_font_is_used_in_the_weasyprint_pdf(tmp_path):
    brand_theme(tmp_path / "brand")
    source = write_cv(tmp_path, "  theme: ./brand\n")
    result = run("build", source, "-f", "pdf", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    fonts = pdf_fonts(tmp_path / "out" / "cv.pdf")
    assert "cvtool-theme-Brand-Face" in fonts, fonts
    assert "cvtool-theme-Brand-Face-Bold" in fonts, fonts
    assert not any("Serif" in f for f in fonts), fonts  # the theme's font, not classic's


def test_a_theme_font_is_named_by_path_in_the_tex(tmp_path):
    folder = brand_theme(tmp_path / "brand")
    source = write_cv(tmp_path, "  theme: ./brand\n")
    result = run("build", source, "-f", "tex", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    tex = (tmp_path / "out" / "cv.tex").read_text()
    fonts = (folder / "fonts").resolve().as_posix()
    assert (f"\\setmainfont{{Brand-Regular.ttf}}[Path={fonts}/, BoldFont=Brand-Bold.ttf, "
            "ItalicFont=Brand-Regular.ttf, BoldItalicFont=Brand-Bold.ttf") in tex


@pytest.mark.tex
def test_a_theme_font_is_used_in_the_latex_pdf(tmp_path):
    brand_theme(tmp_path / "brand")
    source = write_cv(tmp_path, "  theme: ./brand\n")
    result = run("build", source, "-f", "pdf", "--pdf-engine", "latex", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    fonts = pdf_fonts(tmp_path / "out" / "cv.pdf")
    assert {"NotoSans-Regular", "NotoSans-Bold"} <= fonts, fonts
    assert not any("Serif" in f for f in fonts), fonts


@pytest.mark.parametrize("regular", ["../Brand-Regular.ttf", "/etc/fonts/x.ttf",
                                     "fonts/escape.ttf"])
def test_a_font_path_leading_outside_the_theme_is_a_located_error(tmp_path, regular):
    folder = brand_theme(tmp_path / "brand", regular=regular)
    shutil.copy(FONTS_DIR / "NotoSans-Regular.ttf", tmp_path / "Brand-Regular.ttf")
    (folder / "fonts" / "escape.ttf").symlink_to(tmp_path / "Brand-Regular.ttf")
    source = write_cv(tmp_path, "  theme: ./brand\n")
    result = run("build", source, "-f", "md", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "brand/theme.toml:9:1: error[CV113]: fonts.Brand Face.regular: font file " \
           f"{regular} leads outside the theme's folder" in result.output, result.output
    assert not (tmp_path / "out").exists()


def test_a_missing_theme_font_file_is_a_located_error(tmp_path):
    brand_theme(tmp_path / "brand", regular="fonts/Nope.ttf")
    source = write_cv(tmp_path, "  theme: ./brand\n")
    result = run("validate", source)
    assert result.exit_code == 1
    assert "brand/theme.toml:9:1: error[CV113]: fonts.Brand Face.regular: no font file " \
           "fonts/Nope.ttf" in result.output, result.output


# --- design.font and design.colors ----------------------------------------------------------


def installed_family() -> str:
    for family in ("DejaVu Serif", "Noto Serif CJK SC", "Liberation Serif"):
        if family in system_families():
            return family
    pytest.skip("no font family fontconfig knows (install fontconfig and a font)")


def test_design_font_takes_an_installed_family(tmp_path):
    family = installed_family()
    source = write_cv(tmp_path, f"  font: {family}\n")
    result = run("build", source, "-f", "html", "-f", "tex", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert f'--font-body: "{family}", ' in (tmp_path / "out" / "cv.html").read_text()
    assert f"\\setmainfont{{{family}}}[Ligatures=TeXOff]" in \
        (tmp_path / "out" / "cv.tex").read_text()


@pytest.mark.slow
def test_an_installed_family_reaches_the_weasyprint_pdf(tmp_path):
    if "DejaVu Serif" not in system_families():
        pytest.skip("DejaVu Serif is not installed")
    source = write_cv(tmp_path, "  font: DejaVu Serif\n")
    result = run("build", source, "-f", "pdf", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "DejaVu-Serif" in pdf_fonts(tmp_path / "out" / "cv.pdf")


def test_noto_serif_and_noto_sans_are_the_bundled_faces(tmp_path):
    source = write_cv(tmp_path, "  font: Noto Sans\n")
    result = run("build", source, "-f", "tex", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    tex = (tmp_path / "out" / "cv.tex").read_text()
    assert "\\newcommand{\\cvmainfont}{NotoSans}" in tex
    assert "\\cvmainfontsetup}{" not in tex


def test_an_unknown_font_family_is_a_located_error_with_suggestions(tmp_path):
    family = installed_family()
    typo = family[:-2] + family[-1]  # "DejaVu Serif" -> "DejaVu Serf"
    source = write_cv(tmp_path, f"  font: {typo}\n")
    result = run("build", source, "-f", "md", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert f"cv.yaml:12:9: error[CV105]: design.font: no font family `{typo}`" in result.output
    assert f"did you mean `{family}`" in result.output, result.output


def test_a_theme_font_option_naming_no_family_is_located_in_the_theme(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "theme.toml").write_text('name = "mine"\ndescription = "x"\nextends = "classic"\n'
                                       '[options]\nfont = "Nosuch Fontface"\n')
    source = write_cv(tmp_path, "  theme: ./mine\n")
    result = run("validate", source)
    assert result.exit_code == 1
    assert "mine/theme.toml:5:1: error[CV113]: options.font: no font family " \
           "`Nosuch Fontface`" in result.output, result.output


def test_design_colors_reach_css_and_latex(tmp_path):
    source = write_cv(tmp_path, "  colors: {section_title: '#a20', link: accent}\n"
                                "  accent: '#336699'\n")
    result = run("build", source, "-f", "html", "-f", "tex", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "cv.html").read_text()
    assert "--cv-color-section-title: #aa2200;" in html
    assert "--cv-color-link: var(--accent);" in html
    tex = (tmp_path / "out" / "cv.tex").read_text()
    assert "\\definecolor{cvsectiontitle}{HTML}{AA2200}" in tex
    assert "\\colorlet{cvlink}{cvaccent}" in tex


def test_design_colors_are_validated(tmp_path):
    source = write_cv(tmp_path, "  colors: {section_title: red, heading: '#123456'}\n")
    result = run("validate", source)
    assert result.exit_code == 1
    assert "design.colors.section_title" in result.output
    assert "`red` is not a colour" in result.output
    assert "design.colors.heading" in result.output  # not a colour role


def test_theme_stylesheet_urls_resolve_against_the_theme_folder(tmp_path):
    from PIL import Image

    folder = tmp_path / "themes" / "mark"
    (folder / "img").mkdir(parents=True)
    Image.new("RGB", (4, 4), (200, 30, 30)).save(folder / "img" / "mark.png")
    (folder / "theme.toml").write_text('name = "mark"\ndescription = "x"\nextends = "classic"\n'
                                       'stylesheets = ["mark.css"]\n')
    (folder / "mark.css").write_text('header { background: url("img/mark.png"); }\n')
    source = write_cv(tmp_path, "  theme: ./themes/mark\n")
    result = run("build", source, "-f", "html", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert 'header { background: url("data:image/png;base64,' in \
        (tmp_path / "out" / "cv.html").read_text()

"""HTML output and themes: standalone, semantic, escaped, and the design options applied."""

from __future__ import annotations

import re

import pytest

from cvtool.errors import DiagnosticsError
from cvtool.loader import load, load_text
from cvtool.pipeline import prepare, render
from cvtool.themes import available_themes, load_theme
from tests.conftest import ROOT

_FONT_DATA = re.compile(r"data:font/woff2;base64,[A-Za-z0-9+/=]+")


def without_font_data(html: str) -> str:
    """The page with its inlined fonts' bytes elided: goldens keep which faces are declared
    (family, weight, style), not 100 kB of base64 that changes with every character."""
    return _FONT_DATA.sub("data:font/woff2;base64,…", html)


def html_of(text: str, theme: str | None = None) -> str:
    return render(prepare(load_text(text, str(ROOT / "x.yaml")), theme), "html").decode()


def test_built_in_themes_are_listed():
    assert available_themes() == ["classic", "compact", "modern", "sidebar"]
    for name in available_themes():
        theme = load_theme(name)
        assert theme.description and theme.stylesheets[0].name == "base.css"


@pytest.mark.parametrize("source", ["data/cv.yaml", "examples/minimal.yaml"])
def test_html_matches_golden(source, golden):
    html = without_font_data(render(prepare(load(ROOT / source)), "html").decode())
    golden(ROOT / "tests" / "golden" / (source.split("/")[-1].replace(".yaml", ".html")), html)


def test_standalone_semantic_page():
    html = render(prepare(load(ROOT / "data" / "cv.yaml")), "html").decode()
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en" dir="ltr">' in html
    assert "<title>Zhiheng Li – Curriculum Vitae</title>" in html
    assert html.count("<h1") == 1
    assert html.count('<h2 class="section-title">') == 8
    # Nothing is loaded from elsewhere: no external stylesheets, scripts or images; the
    # fonts are inside the page.
    assert not re.search(r"<link\b|<script\b|@import|src=\"http", html)
    urls = re.findall(r"url\(\"?([^\")]*)", html)
    assert urls and all(url.startswith("data:font/woff2;base64,") for url in urls)


def test_every_text_is_escaped():
    html = html_of(
        "name: '<script>alert(1)</script>'\n"
        "headline: '<img src=x onerror=alert(1)> & \"quotes\"'\n"
        "sections:\n"
        "  Skills: ['<b>bold</b>', 'a & b']\n"
        "  Experience:\n"
        "    - organization: '</title><script>x</script>'\n"
        "      highlights: ['**fine** <iframe src=\"http://evil\">']\n")
    assert "<script" not in html and "<iframe" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<strong>fine</strong> &lt;iframe" in html


def test_design_options_reach_the_css():
    html = html_of("name: X\ndesign:\n  font_size: 11.5\n  accent: '#aa3300'\n"
                   "  page_size: Letter\n  margins: 0.75in\n  font: sans\n")
    assert "--font-size: 11.5pt" in html
    assert "--accent: #aa3300" in html
    assert "size: Letter; margin: 0.75in" in html
    assert '--font-body: "cvtool Sans"' in html
    assert 'font-family: "cvtool Sans"; src: url("data:' in html


def test_theme_defaults_apply_and_cli_theme_overrides():
    assert "--font-size: 9.5pt" in html_of("name: X\n", "compact")
    assert "--font-size: 10.5pt" in html_of("name: X\ndesign: {theme: classic}\n")


def test_unknown_theme_names_the_built_in_ones():
    with pytest.raises(DiagnosticsError, match=r"x.yaml:2:17: error\[CV113\]: design.theme: "
                       "no theme named `fancy`; themes: classic, compact, modern, sidebar"):
        html_of("name: X\ndesign: {theme: fancy}\n")


def test_user_theme_extends_a_built_in_one(tmp_path):
    theme = tmp_path / "mine"
    theme.mkdir()
    (theme / "theme.toml").write_text('name = "mine"\ndescription = "Mine."\nextends = "modern"\n'
                                      'stylesheets = ["mine.css"]\n[options]\nfont_size = 12\n')
    (theme / "mine.css").write_text(".name { color: #123456; }\n")
    source = tmp_path / "cv.yaml"
    source.write_text("name: X\ndesign: {theme: ./mine}\n")
    html = render(prepare(load(source)), "html").decode()
    assert "--font-size: 12pt" in html and ".name { color: #123456; }" in html
    assert html.index("modern: sans-serif") < html.index("#123456")  # parents first


def test_malformed_theme_is_a_clear_error(tmp_path):
    theme = tmp_path / "bad"
    theme.mkdir()
    (theme / "theme.toml").write_text(
        'name = "bad"\ndescription = "x"\n[options]\naccent = "red"\n')
    source = tmp_path / "cv.yaml"
    source.write_text("name: X\ndesign: {theme: ./bad}\n")
    with pytest.raises(DiagnosticsError, match=r"theme.toml:4:1: error\[CV113\]: options.accent"):
        prepare(load(source))

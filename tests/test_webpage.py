"""The standalone web page around the CV: its inlined fonts, its links to the build's other
outputs, its description and Open Graph tags, its dark colours and its print rules."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest

from cvtool import darkmode, webfonts
from cvtool.build import BuildRequest, render_outputs
from cvtool.loader import load, load_text
from cvtool.pipeline import prepare, render
from cvtool.renderers.html import render_html
from cvtool.themes import available_themes, load_theme
from tests.conftest import ROOT

FACE = re.compile(r'@font-face \{ font-family: "([^"]+)"; src: url\("data:font/woff2;base64,'
                  r'([A-Za-z0-9+/=]+)"\) format\("woff2"\); font-weight: (\d+); '
                  r"font-style: (\w+);")


def page_of(text: str, theme: str | None = None) -> str:
    return render(prepare(load_text(text, str(ROOT / "x.yaml")), theme), "html").decode()


def faces(page: str) -> dict[tuple[str, int, str], bytes]:
    return {(family, int(weight), style): base64.b64decode(data)
            for family, data, weight, style in FACE.findall(page)}


def cmap(woff2: bytes) -> set[int]:
    from fontTools.ttLib import TTFont

    return set(TTFont(io.BytesIO(woff2)).getBestCmap())


def test_the_page_carries_its_faces_cut_to_its_characters():
    page = page_of("name: Ærøskøbing Æsir\nheadline: Über *naïve* ‘quotes’\n")
    found = faces(page)
    assert set(found) >= {("cvtool Serif", 400, "normal"), ("cvtool Serif", 700, "normal"),
                          ("cvtool Serif", 400, "italic")}
    regular = cmap(found[("cvtool Serif", 400, "normal")])
    assert {ord(c) for c in "Ærøskbing‘’Üï"} <= regular
    assert ord("ж") not in regular and len(regular) < 200  # a subset, not the whole face
    # No right-to-left face and no monospace face for a page without such text.
    assert not {f for f, _, _ in found} & {"cvtool Serif Arabic", "cvtool Serif Hebrew",
                                            "cvtool Mono"}


def test_a_fallback_face_gets_only_what_the_main_face_lacks():
    page = page_of("name: X\nheadline: Arabic العربية and `code`\n")
    found = faces(page)
    arabic = cmap(found[("cvtool Serif Arabic", 400, "normal")])
    assert ord("ع") in arabic and ord("X") not in arabic
    assert ("cvtool Mono", 400, "normal") in found  # the page has code
    assert ("cvtool Serif Hebrew", 400, "normal") not in found


def test_a_sans_design_carries_the_sans_faces_only():
    found = {family for family, _, _ in faces(page_of("name: X\n", "modern"))}
    assert "cvtool Sans" in found and "cvtool Serif" not in found


def test_a_subset_keeps_the_small_capitals_feature():
    """classic's small-caps section titles need the font's smcp lookups and their glyphs."""
    from fontTools.ttLib import TTFont

    webfonts._subset.cache_clear()
    page = page_of("name: Small Caps Person\n")
    found = faces(page)[("cvtool Serif", 400, "normal")]
    font = TTFont(io.BytesIO(found))
    tags = {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}
    assert "smcp" in tags
    assert {ord(c) for c in "Small Caps Person"} <= set(font.getBestCmap())


def test_the_pdfs_html_is_not_the_web_page():
    """The PDF's input keeps its file fonts and has no screen rules, links or dark colours
    (the PDF is unchanged by the web page)."""
    job = prepare(load(ROOT / "data" / "cv.yaml"))
    printed = render_html(job.doc, job.theme, job.design, for_print=True)
    assert "data:font/woff2" not in printed and "file://" in printed
    for web_only in ("page-links", "prefers-color-scheme", "og:type", "flow-root"):
        assert web_only not in printed


def _build(tmp_path: Path, source: Path, formats: tuple[str, ...], **options) -> dict[str, str]:
    result = render_outputs(BuildRequest(source, formats, tmp_path, pdf_worker=False,
                                         **options))
    return {path.name: data.decode() for path, data in result.outputs
            if path.suffix == ".html"}


def test_each_language_links_to_its_pdf_and_the_other_languages(tmp_path):
    pages = _build(tmp_path, ROOT / "examples" / "bilingual.yaml", ("html", "md"))
    english, german = pages["bilingual.html"], pages["bilingual.de.html"]
    for page in (english, german):
        assert '<link rel="alternate" hreflang="en" href="bilingual.html">' in page
        assert '<link rel="alternate" hreflang="de" href="bilingual.de.html">' in page
    assert 'href="bilingual.de.html" hreflang="de" lang="de" dir="auto">Deutsch</a>' in english
    assert 'href="bilingual.html" hreflang="en" lang="en" dir="auto">English</a>' in german
    assert 'aria-label="Andere Fassungen"' in german
    assert ".pdf" not in english  # no PDF was built: none is linked
    assert '<meta property="og:locale" content="de_DE">' in german
    assert '<meta property="og:locale:alternate" content="en_US">' in german


def test_the_pdf_link_names_the_pdf_built_beside_the_page(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text("name: X\nlang: fr\n", encoding="utf-8")
    page = _build(tmp_path / "out", source, ("html", "pdf"))["cv.html"]
    assert '<a class="page-link page-link-pdf" href="cv.pdf" type="application/pdf">PDF</a>' in page
    assert '<link rel="alternate" type="application/pdf" href="cv.pdf" title="PDF">' in page
    assert "hreflang" not in page  # one language: no alternates


def test_variants_built_together_link_to_each_other(tmp_path):
    source = ROOT / "data" / "cv.yaml"
    pages = _build(tmp_path, source, ("html",), variant="public",
                   variants_built=(None, "resume", "public"))
    page = pages["cv-public.html"]
    assert '<a class="page-link" href="cv.html">Full CV</a>' in page
    assert '<a class="page-link" href="cv-resume.html">Resume</a>' in page
    assert 'href="cv-public.html"' not in page  # not to itself
    alone = _build(tmp_path, source, ("html",), variant="public")["cv-public.html"]
    assert "<nav" not in alone


def test_the_description_is_the_headline_and_summary_escaped():
    page = page_of('name: X\nheadline: "Engineer <b> & *more*"\nsummary: "'
                   + "word " * 80 + '"\n')
    found = re.search(r'<meta name="description" content="([^"]*)">', page)[1]
    assert found.startswith("Engineer &lt;b&gt; &amp; more — word word")
    assert found.endswith("…") and len(found) < 240
    assert f'<meta property="og:description" content="{found}">' in page
    assert '<meta property="og:type" content="profile">' in page
    generic = page_of("name: X\n")
    assert '<meta name="description" content="Curriculum vitae of X">' in generic
    keywords = page_of("name: X\nsections:\n  Interests:\n    - items: [Vision, Robots]\n")
    assert '<meta name="description" content="Curriculum vitae of X — Vision, Robots">' in keywords


@pytest.mark.parametrize("theme", available_themes())
def test_dark_colours_come_from_the_tokens_and_read(theme):
    style = load_theme(theme).style
    css = darkmode.dark_css(style, "#1f3b63")
    page = darkmode.background("#1f3b63")
    values = dict(re.findall(r"--([\w-]+): (#[0-9a-f]{6});", css.split("dark)", 1)[1]))
    assert values["web-background"] == page
    surfaces = [v for k, v in values.items() if k.endswith("background")]
    for name, value in values.items():
        if name.endswith("background"):  # an area under text: a dark tint, not a light one
            assert darkmode.luminance(value) < 0.06, (name, value)
            continue
        floor = darkmode.RULE_CONTRAST if name.endswith(("rule", "frame")) else 4.5
        for ground in surfaces:  # text reads on the page and on a tinted area alike
            assert darkmode.contrast(value, ground) >= floor * 0.85, (name, value, ground)
    # Only the theme's own colours are turned over: every hex token has its dark twin.
    hex_tokens = [k for k, v in style.colors.model_dump().items() if str(v).startswith("#")]
    assert {f"cv-color-{k.replace('_', '-')}" for k in hex_tokens} <= set(values)


def test_print_and_dark_rules_stay_in_their_media():
    page = page_of("name: X\n")
    assert "@media screen and (prefers-color-scheme: dark)" in page
    assert "@media print {\n  .page-links { display: none; }" in page
    assert "@page { size: A4; margin: 18mm;" in page  # printed from a browser: the PDF's page


def test_a_browser_prints_the_pdfs_footer_with_the_name_as_text():
    """Chromium reads @page margin boxes but not string(): the web page names the CV's
    owner as a string, escaped so that no name can close the <style> element."""
    page = page_of("name: X\n")
    assert '@bottom-center { content: "X" " · page " counter(page) " of " counter(pages);' in page
    hostile = page_of('name: \'A</style><script>alert(1)</script>"\\\'\n')
    assert "<script" not in hostile
    assert r'content: "A\3c /style>\3c script>alert(1)\3c /script>\"\\"' in hostile


def test_a_themes_own_font_is_inlined_and_the_bundled_faces_only_fill_in(tmp_path):
    from tests.test_user_themes import brand_theme, write_cv

    brand_theme(tmp_path / "brand")
    page = render(prepare(load(write_cv(tmp_path, "  theme: ./brand\n"))), "html").decode()
    found = faces(page)
    assert {("cvtool theme Brand Face", 400, "normal"),
            ("cvtool theme Brand Face", 700, "normal")} <= set(found)
    assert '--font-body: "cvtool theme Brand Face", "cvtool Serif"' in page
    # The brand face draws every letter of this CV: classic's serif is not shipped at all.
    assert not [face for face in found if face[0] == "cvtool Serif"]


def test_every_language_has_its_links_words_and_its_own_name():
    """The words of the links bar come from each locale file; a language link names the
    language in itself (CLDR), as a switcher does."""
    from cvtool import i18n
    from cvtool.webpage import language_name, og_locale

    for tag in i18n.available():
        said = i18n.Words(tag)
        assert said["document.pdf"] and said["document.versions"] and said["document.full"]
        assert language_name(tag) != tag and og_locale(tag).count("_") == 1, tag
    assert (language_name("de"), language_name("fr"), language_name("ar")) == (
        "Deutsch", "Français", "العربية")
    assert language_name("zh-hant") == "中文 (繁體)" and og_locale("zh-hant") == "zh_TW"

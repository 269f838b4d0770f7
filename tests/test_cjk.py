"""Chinese, Japanese and Korean: real glyphs in both engines, the regional forms of the
CV's language, line breaks between CJK characters, and the source's text back out of the
PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import replace
from functools import cache
from pathlib import Path

import pypdf
import pytest

from cvtool import cjk
from cvtool.build import BuildRequest, build
from cvtool.fonts import missing_glyph_diagnostics
from cvtool.loader import load, load_text
from cvtool.pipeline import prepare, render
from tests.conftest import ROOT

CHINESE = ROOT / "examples" / "chinese.yaml"
ENGINES = ("weasyprint", "latex")


@cache
def noto_cjk_installed() -> bool:
    if shutil.which("fc-list") is None:
        return False
    listing = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                             check=False).stdout
    return "Noto Serif CJK SC" in listing and "Noto Sans CJK SC" in listing


# Like TeX Live, Noto CJK comes from scripts/install-system-deps.sh: a machine without it
# skips these tests, except CI, where its absence is a set-up fault the tests must show.
needs_cjk_fonts = pytest.mark.skipif(
    not noto_cjk_installed() and not os.environ.get("CI"),
    reason="fonts-noto-cjk is not installed (scripts/install-system-deps.sh installs it)")


# --- choosing fonts, without typesetting ------------------------------------------------


@pytest.mark.parametrize(("lang", "region"), [
    ("zh", "SC"), ("zh-Hans", "SC"), ("zh-CN", "SC"), ("zh-Hans-SG", "SC"),
    ("zh-Hant", "TC"), ("zh-TW", "TC"), ("zh-Hant-TW", "TC"), ("zh-HK", "HK"),
    ("zh-Hant-HK", "HK"), ("zh-MO", "HK"), ("yue", "HK"), ("ja", "JP"), ("ja-JP", "JP"),
    ("ko", "KR"), ("ko-KR", "KR"), ("en", "SC"), ("de", "SC"), ("pt-BR", "SC"),
])
def test_region_follows_the_language(lang, region):
    assert cjk.region(lang) == region


def test_the_family_follows_the_design_font():
    assert cjk.family("serif", "ja") == "Noto Serif CJK JP"
    assert cjk.family("sans", "ko") == "Noto Sans CJK KR"
    assert cjk.families("sans", "zh-Hant") == ("Noto Sans CJK TC", "Noto Serif CJK TC")


def cv(lang: str, body: str, font: str = "serif") -> str:
    return f"lang: {lang}\nname: X\ndesign: {{font: {font}}}\n{body}"


@pytest.mark.parametrize(("lang", "font", "family"), [
    ("zh", "serif", "Noto Serif CJK SC"), ("ja", "serif", "Noto Serif CJK JP"),
    ("ko", "sans", "Noto Sans CJK KR"), ("zh-Hant", "sans", "Noto Sans CJK TC"),
])
def test_html_names_the_regional_cjk_family_after_the_bundled_faces(lang, font, family):
    job = prepare(load_text(cv(lang, "headline: 東京\n", font), "cv.yaml"))
    css_line = next(line for line in render(job, "html").decode().splitlines()
                    if "--font-body:" in line)
    families = [f.strip(' "') for f in css_line.split(":", 1)[1].rstrip(";").split(",")]
    assert families.index(family) > families.index("cvtool Emoji")  # Latin text keeps Noto
    assert families.index(family) < min(families.index(f) for f in families
                                        if "CJK" in f and f != family)


def test_latex_loads_a_cjk_font_only_for_a_cv_with_cjk_text():
    english = render(prepare(load_text(cv("en", "headline: Tokyo\n"), "cv.yaml")), "tex")
    assert b"\\cvcjkmainfont" not in english.split(b"% --- theme file", 1)[0]
    japanese = render(prepare(load_text(cv("ja", "headline: 東京大学\n"), "cv.yaml")), "tex")
    preamble = japanese.decode().split("% --- theme file", 1)[0]
    assert "\\newcommand{\\cvcjkmainfont}{Noto Serif CJK JP}" in preamble
    assert "\\newcommand{\\cvcjkotherfont}{Noto Sans CJK JP}" in preamble


def test_the_set_up_installs_noto_cjk():
    script = (ROOT / "scripts" / "install-system-deps.sh").read_text(encoding="utf-8")
    packages = script.split("packages=(", 1)[1].split(")", 1)[0].split()
    assert "fonts-noto-cjk" in packages


def test_a_bullet_label_may_be_written_in_any_script():
    loaded = load_text(
        "name: X\nsections:\n  Projects:\n    - title: T\n      highlights:\n"
        "        - 方法: 结合规则过滤。\n        - Method: rules.\n", "cv.yaml")
    bullets = loaded.cv.sections["Projects"].entries[0].highlights
    assert [(b.label, b.text) for b in bullets] == [("方法", "结合规则过滤。"),
                                                    ("Method", "rules.")]


def test_a_mistyped_field_is_still_not_a_label():
    with pytest.raises(Exception, match="text"):
        load_text("name: X\nsections:\n  Projects:\n    - title: T\n      highlights:\n"
                  "        - txt: rules.\n", "cv.yaml")


@needs_cjk_fonts
def test_the_chinese_example_has_no_undrawable_characters(tmp_path):
    result = build(BuildRequest(CHINESE, ("html",), tmp_path))
    assert not result.warnings
    assert missing_glyph_diagnostics(load(CHINESE)) == []


# --- typeset ----------------------------------------------------------------------------


def pdf(source: str | Path, engine: str, theme: str | None = None) -> bytes:
    loaded = load(source) if isinstance(source, Path) else load_text(source, "cv.yaml")
    return render(replace(prepare(loaded, theme), pdf_engine=engine), "pdf")


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def bare(text: str) -> str:
    """Text without white space: a line break between CJK characters is no space."""
    return re.sub(r"\s+", "", text)


def font_names(path: Path) -> set[str]:
    names = set()
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def lines(path: Path) -> list[tuple[float, float, str]]:
    """Every line of text on the pages: (left, right, text), from pdftotext's boxes."""
    found = []
    for match in re.finditer(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)'
                             r"</line>", pdftotext(path, "-bbox-layout"), re.S):
        text = "".join(re.findall(r">([^<]*)</word>", match[3]))
        found.append((float(match[1]), float(match[2]), text))
    return found


def typeset(engine: str) -> None:
    if engine == "latex":
        pytest.importorskip("pylatex")
        if shutil.which("xelatex") is None and not os.environ.get("CI"):
            pytest.skip("TeX Live is not installed")


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils is not installed")


def typesetting(test):
    """A test that typesets (slow), reads the PDF (poppler) and needs Noto CJK."""
    return pytest.mark.slow(needs_poppler(needs_cjk_fonts(test)))


@pytest.fixture(scope="module")
def chinese_pdfs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("cjk")
    paths = {}
    for engine in ENGINES:
        if engine == "latex" and shutil.which("xelatex") is None and not os.environ.get("CI"):
            continue
        paths[engine] = out / f"chinese-{engine}.pdf"
        paths[engine].write_bytes(pdf(CHINESE, engine))
    return paths


def _pdf_of(chinese_pdfs, engine: str) -> Path:
    if engine not in chinese_pdfs:
        pytest.skip("TeX Live is not installed")
    return chinese_pdfs[engine]


@typesetting
@pytest.mark.parametrize("engine", ENGINES)
def test_the_chinese_example_returns_its_source_text(chinese_pdfs, engine):
    text = bare(pdftotext(_pdf_of(chinese_pdfs, engine)))
    for written in ("王晓明 (Xiaoming Wang)", "教育背景", "工作经历", "清华大学",
                    "负责视频生成模型的训练数据：设计并实现基于 PySpark 与 Ray 的分布式数据管线，"
                    "每天处理超过十亿条图文对，数据吞吐量提升 4 倍，训练成本下降约 30%。",
                    "问题:", "“捷径学习”（shortcut learning）", "母语"):
        assert bare(written) in text, written
    assert "\ufffd" not in text


@typesetting
@pytest.mark.parametrize("engine", ENGINES)
def test_the_pdf_embeds_the_cjk_font_of_the_design(chinese_pdfs, engine):
    names = font_names(_pdf_of(chinese_pdfs, engine))
    # WeasyPrint names the face (Noto-Serif-CJK-SC); XeTeX the CFF font the faces share
    assert any(re.search(r"Noto-?Serif-?CJK", name) for name in names), names
    assert not any(re.search(r"Noto-?Sans-?CJK", name) for name in names), names
    if engine == "weasyprint":
        assert "Noto-Serif-CJK-SC" in names and "Noto-Serif-CJK-SC-Bold" in names


@typesetting
@pytest.mark.parametrize("engine", ENGINES)
def test_bookmarks_and_metadata_hold_the_cjk_text(chinese_pdfs, engine):
    reader = pypdf.PdfReader(_pdf_of(chinese_pdfs, engine))
    assert [item.title for item in reader.outline][:3] == ["教育背景", "工作经历", "科研项目"]
    assert reader.metadata.author == "王晓明 (Xiaoming Wang)"
    assert reader.metadata.title.startswith("王晓明 (Xiaoming Wang)")


@typesetting
@pytest.mark.parametrize("engine", ENGINES)
def test_cjk_lines_stay_inside_the_text_block(chinese_pdfs, engine):
    path = _pdf_of(chinese_pdfs, engine)
    width = float(pypdf.PdfReader(path).pages[0].mediabox.width)
    margin = 18 / 25.4 * 72  # the classic theme's 18mm
    assert all(right <= width - margin + 0.5 for _left, right, _text in lines(path))


LONG = "这是一个很长的要点" * 14  # 126 characters, no space anywhere


def snippet(lang: str, name: str, bullet: str, title: str = "Experience") -> str:
    return (f"lang: {lang}\nname: {name}\nsections:\n  {title}:\n    kind: experience\n"
            f"    entries:\n      - organization: Org\n        highlights:\n"
            f"          - {bullet}\n")


@typesetting
@pytest.mark.parametrize("engine", ENGINES)
def test_a_long_cjk_line_wraps_between_characters(tmp_path, engine):
    typeset(engine)
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf(snippet("zh", "李志恒", LONG), engine))
    found = [text for _left, _right, text in lines(path) if "要点" in text or "很长" in text]
    assert len(found) >= 3 and bare("".join(found)).lstrip("•") == LONG
    width = float(pypdf.PdfReader(path).pages[0].mediabox.width)
    assert all(right <= width - 18 / 25.4 * 72 + 0.5 for _left, right, _text in lines(path))


JAPANESE = ("東京大学大学院で機械学習を研究し、大規模言語モデルの評価手法を開発しました。"
            "現在は、データ品質の改善に取り組んでいます。" * 3)


@typesetting
@pytest.mark.parametrize("engine", ENGINES)
def test_japanese_in_both_engines(tmp_path, engine):
    typeset(engine)
    path = tmp_path / "ja.pdf"
    path.write_bytes(pdf(snippet("ja", "山田 太郎", JAPANESE, "職歴"), engine))
    text = pdftotext(path)
    assert "山田 太郎" in text and "職歴" in text and bare(JAPANESE) in bare(text)
    body = [line for line in text.splitlines() if line.strip()]
    assert len([line for line in body if "。" in line or "、" in line]) >= 3  # it wrapped
    # kinsoku: no line starts with a closing mark
    assert not [line for line in body if line.lstrip()[:1] in "。、」）"], body
    if engine == "weasyprint":
        assert "Noto-Serif-CJK-JP" in font_names(path)


KOREAN = "서울대학교에서 컴퓨터공학을 전공하고, 대규모 데이터 파이프라인을 설계했습니다."


@typesetting
@pytest.mark.parametrize("engine", ENGINES)
def test_korean_in_both_engines(tmp_path, engine):
    typeset(engine)
    path = tmp_path / "ko.pdf"
    path.write_bytes(pdf(snippet("ko", "김민준", KOREAN, "경력") + "design: {font: sans}\n",
                         engine))
    text = pdftotext(path)
    assert "김민준" in text and "경력" in text and bare(KOREAN) in bare(text)
    names = font_names(path)
    assert any(re.search(r"Noto-?Sans-?CJK", name) for name in names), names
    if engine == "weasyprint":
        assert "Noto-Sans-CJK-KR" in names


@typesetting
@pytest.mark.parametrize("engine", ENGINES)
def test_no_cv201_and_a_chinese_name_in_an_english_cv(tmp_path, engine):
    typeset(engine)
    source = tmp_path / "cv.yaml"
    source.write_text("name: 李志恒 (Zhiheng Li)\nsections:\n  Education:\n"
                      "    - institution: 武汉大学\n      degree: B.Eng.\n", encoding="utf-8")
    result = build(BuildRequest(source, ("pdf",), tmp_path / "out", pdf_engine=engine))
    assert not [w for w in result.warnings if w.code == "CV201"]
    text = pdftotext(tmp_path / "out" / "cv.pdf")
    assert "李志恒 (Zhiheng Li)" in text and "武汉大学" in text


def test_a_web_page_takes_latin_punctuation_from_the_systems_own_face():
    """Without Noto Serif installed, a browser took ’ “ ” from the first listed family with
    them, a CJK face with full-width forms ("Amazon’ s"); the generic family comes first on
    the web page, the CJK faces after it. The PDF keeps the bundled faces first."""
    from cvtool.renderers.html import design_css
    from cvtool.themes import load_theme, resolve_design

    cv = load(ROOT / "data" / "cv.yaml").cv
    design = resolve_design(cv.design, load_theme(cv.design.theme, ROOT / "data"))
    web = re.search(r"--font-body: (.*);", design_css(design, bundled_fonts=True, web=True))[1]
    assert web.index("serif,") < web.index("CJK")
    printed = re.search(r"--font-body: (.*);", design_css(design, bundled_fonts=True))[1]
    assert printed.index('"cvtool Serif"') < printed.index("CJK") < printed.index(" serif")

"""cvtool's own words in the language built: the translation files, their fallbacks, and a
CV with ``lang: de`` / ``lang: zh`` showing them in Markdown, HTML and LaTeX (and in the
PDF's footer, through both engines)."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import zipfile

import pytest

from cvtool import i18n
from cvtool.loader import load_text
from cvtool.pipeline import prepare, render
from tests.conftest import ROOT

SHIPPED = ("en", "de", "fr", "es", "it", "pt", "zh", "ja", "ko", "ar", "he", "ru", "zh-hant")

CV = """\
name: Ada Lovelace
lang: {lang}
contact:
  email: ada@example.org
  phone: +44 20 7946 0000
  homepage: https://ada.example.org
  github: ada
metrics:
  citations: auto
sections:
  Education:
    - institution: University of London
      degree: PhD
      advisor: Augustus De Morgan
      thesis: On engines
      dates: 2018-08 – present
  Working Experience:
    - organization: Analytical Engines Ltd
      positions: [Engineer]
      mentors: [Charles Babbage, Mary Somerville]
      dates: 2019 – present
  Publications:
    group_by: kind
    legend: section
    entries:
      - title: Notes on the Analytical Engine
        authors: [Ada Lovelace, Charles Babbage, Mary Somerville]
        equal_contribution: [Ada Lovelace, Charles Babbage]
        kind: journal
        venue: Scientific Memoirs
        year: 1843
        links: {{code: https://example.org/code, slides: https://example.org/slides}}
        metrics: {{citations: 12}}
      - title: A Sketch of the Engine
        authors: [Ada Lovelace, Charles Babbage, Mary Somerville, et al.]
        kind: conference
        venue: Royal Society Conference
        pages: 1-10
        year: 1842
        metrics: {{citations: 3}}
  Talks:
    - title: Engines that weave
      event: Royal Institution
      invited: true
      date: 1844
  Languages:
    - language: French
      fluency: C1
  Teaching:
    - course: Mathematics
      role: Tutor
      enrollment: 12
      terms: [Fall 2019]
"""

# What each language must show (its own words, from its file), per format.
EXPECTED = {
    "de": ["Ausbildung", "heute", "Betreuer", "Mentoren", "Zeitschriftenartikel",
           "Konferenzbeiträge", "Gleicher Beitrag", "Folien", "Vorträge", "eingeladen",
           "Fortgeschritten", "12 Studierende", "Zitationen", "S. 1-10", " und "],
    "zh": ["教育背景", "至今", "导师", "指导人", "期刊论文", "会议论文", "同等贡献", "幻灯片",
           "学术报告", "特邀", "高级", "12 名学生", "引用", "第 1-10 页", "等"],
}
# cvtool's English words that must be gone from a German or Chinese build.
ENGLISH_WORDS = ["Present", "Advisor", "Mentors", "Journal Articles", "Conference Papers",
                 "Equal Contribution", "Slides", "invited", "Advanced", "students",
                 "citations", "pages 1", " and "]


def _job(lang: str):
    return prepare(load_text(CV.format(lang=lang), "cv.yaml"))


def _text(fmt: str, lang: str) -> str:
    """The output as its reader sees the words: HTML unescaped, LaTeX without the macro
    that sets CJK runs in a CJK font."""
    out = render(_job(lang), fmt).decode()
    if fmt == "tex":
        out = re.sub(r"\\cvcjk\{([^{}]*)\}", r"\1", out)
    return html.unescape(out) if fmt == "html" else out


# --- the files -------------------------------------------------------------------------


def test_every_shipped_language_has_a_file():
    assert set(SHIPPED) <= set(i18n.available())


@pytest.mark.parametrize("name", i18n.available())
def test_every_file_has_every_key_of_english_and_its_placeholders(name):
    english, words = i18n.load("en"), i18n.load(name)
    assert set(words) - set(english) == set(), f"{name}.toml has keys English lacks"
    assert set(english) - set(words) == set(), f"{name}.toml lacks keys"
    for key, text in english.items():
        assert i18n.placeholders(words[key]) == i18n.placeholders(text), f"{name}: {key}"
        assert words[key].strip() or key.startswith("publications.and"), f"{name}: {key}"


def test_a_file_missing_a_key_or_with_a_wrong_placeholder_is_caught(tmp_path, monkeypatch):
    """The completeness check above can fail: a broken copy of a file is told apart."""
    text = (i18n.LOCALES / "de.toml").read_text(encoding="utf-8")
    broken = text.replace('present = "heute"\n', "").replace("{pages}", "{seiten}")
    (tmp_path / "en.toml").write_text((i18n.LOCALES / "en.toml").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    (tmp_path / "xx.toml").write_text(broken, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n.load.cache_clear()
    try:
        english, words = i18n.load("en"), i18n.load("xx")
        assert "dates.present" in set(english) - set(words)
        assert i18n.placeholders(words["document.page"]) != \
            i18n.placeholders(english["document.page"])
    finally:
        i18n.load.cache_clear()


def test_translations_differ_from_english():
    """A file is a translation, not a copy: most of its words are its own."""
    english = i18n.load("en")
    for name in SHIPPED[1:]:
        words = i18n.load(name)
        same = [k for k in english if words[k] == english[k]]
        assert len(same) < len(english) / 4, (name, same)


# --- fallbacks -------------------------------------------------------------------------


@pytest.mark.parametrize(("tag", "file"), [
    ("de", "de"), ("DE", "de"), ("de-AT", "de"), ("zh-Hant", "zh-hant"),
    ("zh-Hant-TW", "zh-hant"), ("zh-TW", "zh-hant"), ("zh-Hans", "zh"), ("zh_CN", "zh"),
    ("zh", "zh"), ("ja-JP", "ja"), ("pt-BR", "pt"), ("pt-PT", "pt"), ("en-GB", "en"),
    ("tlh", "en"), ("x-klingon", "en"),
    ("", "en"), ("de/../../etc", "en"),
])
def test_a_tag_finds_the_nearest_file(tag, file):
    assert i18n.resolve(tag) == file
    assert i18n.words(tag).file == file


def test_a_language_falls_back_to_its_broader_file_then_to_english(tmp_path, monkeypatch):
    """zh-Hant without a file of its own uses zh; a key a file lacks reads as English."""
    for name in ("en", "zh"):
        (tmp_path / f"{name}.toml").write_text(
            (i18n.LOCALES / f"{name}.toml").read_text(encoding="utf-8"), encoding="utf-8")
    text = (i18n.LOCALES / "de.toml").read_text(encoding="utf-8")
    (tmp_path / "de.toml").write_text(text.replace('present = "heute"\n', ""),
                                      encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n.load.cache_clear()
    try:
        assert i18n.Words("zh-Hant").file == "zh"
        assert i18n.Words("zh-Hant")["dates.present"] == "至今"
        assert i18n.Words("de")["dates.present"] == "Present"
        assert i18n.Words("de")["labels.advisor"] == "Betreuer"
    finally:
        i18n.load.cache_clear()


def test_unknown_languages_are_told_apart():
    assert i18n.is_known("pt-BR") and i18n.is_known("zh-Hant")
    assert not i18n.is_known("tlh") and not i18n.is_known("")


def test_a_language_without_words_is_a_warning_at_lang_not_a_failure():
    loaded = load_text("name: A\nlang: tlh\n", "cv.yaml")
    (warning,) = [d for d in loaded.warnings if d.code == "CV105"]
    assert warning.format().startswith("cv.yaml:2:7: warning[CV105]: lang: cvtool has no "
                                       "words in `tlh`")
    for lang in ("de", "pt-BR", "zh-Hant", "en"):
        assert not load_text(f"name: A\nlang: {lang}\n", "cv.yaml").warnings


@pytest.mark.parametrize(("lang", "word"), [("zh-Hant", "期刊論文"), ("pt-BR", "atual"),
                                            ("tlh", "Present"), ("en-US", "Present")])
def test_a_cv_in_a_language_without_a_file_of_its_own_builds(lang, word):
    for fmt in ("md", "html", "tex"):
        assert word in _text(fmt, lang)


# --- a German and a Chinese CV ---------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "zh"])
@pytest.mark.parametrize("fmt", ["md", "html", "tex"])
def test_cvtool_words_are_in_the_language_built(lang, fmt):
    out = _text(fmt, lang)
    if fmt == "tex":  # compare with the text LaTeX prints
        out = out.replace("\\ ", " ").replace("--", "–").replace("{-}", "-")
    for word in EXPECTED[lang]:
        assert word in out, (lang, fmt, word)
    body = out.split("\\begin{document}")[-1] if fmt == "tex" else out
    if fmt == "html":  # the page's text, not its CSS and tags
        body = re.sub(r"<style>.*?</style>|<[^>]+>", " ", body, flags=re.S)
    for word in ENGLISH_WORDS:
        assert word not in body, (lang, fmt, word)


def test_a_section_key_that_is_the_kinds_english_title_is_translated_others_are_not():
    md = _text("md", "de")
    assert "## Ausbildung" in md and "## Publikationen" in md and "## Sprachen" in md
    assert "## Working Experience" in md  # the CV's own words
    titled = ("name: A\nlang: de\nsections:\n  Education:\n    title: Studium\n"
              "    entries:\n      - institution: TU Berlin\n        degree: MSc\n")
    md = render(prepare(load_text(titled, "cv.yaml")), "md").decode()
    assert "## Studium" in md and "## Ausbildung" not in md


def test_the_footer_words_are_the_languages_in_css_and_latex():
    css = _text("html", "de")
    assert '" · Seite " counter(page) " von " counter(pages)' in css
    tex = _text("tex", "de")
    assert "\\newcommand{\\cvpageof}[2]{Seite #1 von #2}" in tex
    assert '" · 第 " counter(page) " 页，共 " counter(pages) " 页"' in _text("html", "zh")
    assert "\\newcommand{\\cvpageof}[2]{第 #1 页，共 #2 页}" in _text("tex", "zh")


def test_english_footer_is_as_before():
    assert '" · page " counter(page) " of " counter(pages);' in _text("html", "en")
    assert "\\newcommand{\\cvpageof}[2]{page #1 of #2}" in _text("tex", "en")


def test_metadata_and_alternative_texts_are_translated():
    page = _text("html", "de")
    assert "<title>Ada Lovelace – Lebenslauf</title>" in page
    assert 'content="Lebenslauf von Ada Lovelace"' in page
    assert "pdfsubject={Lebenslauf von Ada Lovelace}" in _text("tex", "de")
    contacts = _text("md", "de")
    assert "E-Mail" in _text("html", "de") or "E-Mail" in contacts


def test_short_citations_use_the_languages_words():
    text = CV.format(lang="zh").replace("title: Notes on", "key: notes\n        title: Notes on")
    text = text.replace("      degree: PhD", "      degree: PhD\n      description: See [@notes].")
    text = text.replace("    legend: section\n", "    legend: section\n    numbering: none\n")
    md = render(prepare(load_text(text, "cv.yaml")), "md").decode()
    assert "Lovelace 等, Scientific Memoirs 1843" in md


# --- English output is unchanged -------------------------------------------------------


def test_english_words_are_as_they_were():
    md = _text("md", "en")
    for word in ("## Education", "Present", "Advisor:", "Journal Articles", "Conference Papers",
                 "\\* Equal Contribution", "Slides", "invited", "C1 (Advanced)", "12 students",
                 "pages 1-10", "**Ada Lovelace\\***, Charles Babbage\\*, and Mary Somerville",
                 "Mary Somerville, et al. A Sketch", "In *Royal Society Conference*",
                 "**citations** 15 · **h-index** 2 · **papers** 2"):
        assert word in md, word


# --- shipped -----------------------------------------------------------------------------


@pytest.mark.slow
def test_the_wheel_ships_every_translation(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True)
    wheel = next(tmp_path.glob("cvtool-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in i18n.available():
        assert f"cvtool/locales/{name}.toml" in names

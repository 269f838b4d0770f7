"""The plain-text renderer (``-f txt``): golden files, every word of the Markdown in order,
80 columns measured as displayed (East Asian wide characters take two), no markup."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from cvtool.build import BuildRequest, build
from cvtool.document import build_document
from cvtool.loader import load, load_text
from cvtool.markup import parse, render
from cvtool.renderers.txt import render_txt, wrap
from tests.conftest import ROOT
from tests.test_markdown import markdown_of, visible

GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = ["data/cv.yaml", "examples/minimal.yaml", "examples/researcher-profile.yaml",
            "examples/academic-cv.yaml", "examples/chinese.yaml", "examples/arabic.yaml",
            "examples/bilingual.yaml"]
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+|[^\W\d_]+")
_WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]")
_LONE_URL = re.compile(r"(?:- )?\(?https?://\S+")


def txt_of(path: Path) -> str:
    return render_txt(build_document(load(path).cv)).decode("utf-8")


def txt_of_text(text: str) -> str:
    return render_txt(build_document(load_text(text, "test.yaml").cv)).decode("utf-8")


def columns(line: str) -> int:
    """Display width, measured here independently of the renderer's own count."""
    return sum(0 if unicodedata.combining(c) or unicodedata.category(c) == "Cf"
               else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def word_list(text: str) -> list[str]:
    """The words in order, each Chinese character a word of its own (a line may break
    between any two of them)."""
    return [piece.casefold() for word in _WORD.findall(text)
            for piece in (list(word) if _WIDE.search(word) else [word])]


def first_missing(expected: list[str], actual: list[str]) -> tuple[int, str] | None:
    """Where ``expected`` stops being a subsequence of ``actual``, if it does."""
    position = 0
    for index, word in enumerate(expected):
        try:
            position = actual.index(word, position) + 1
        except ValueError:
            return index, word
    return None


def long_lines(text: str) -> list[str]:
    return [line for line in text.splitlines()
            if columns(line) > 80 and not _LONE_URL.fullmatch(line.strip())]


# --- golden files -----------------------------------------------------------------------


@pytest.mark.parametrize("source", ["data/cv.yaml", "examples/minimal.yaml"],
                         ids=lambda s: Path(s).stem)
def test_txt_matches_golden(source, golden):
    path = ROOT / source
    golden(GOLDEN / f"{path.stem}.txt", txt_of(path))


def test_txt_of_the_minimal_example():
    assert txt_of(ROOT / "examples" / "minimal.yaml") == (
        "Ada Lovelace\n"
        "============\n\n"
        "E-mail: ada@example.org\n\n"
        "Experience\n"
        "----------\n\n"
        "Analytical Engine Project\n"
        "Programmer | 1842 – 1843\n"
        "- Wrote the first published algorithm meant for a machine.\n")


# --- every word, in order; the width; no markup -----------------------------------------


@pytest.mark.parametrize("source", EXAMPLES, ids=lambda s: Path(s).stem)
def test_every_word_of_the_markdown_is_in_the_txt_in_order(source):
    path = ROOT / source
    expected = word_list(visible(markdown_of(path)))
    actual = word_list(txt_of(path))
    missing = first_missing(expected, actual)
    assert missing is None, (
        f"word {missing[0]} of the Markdown, {missing[1]!r}, is missing or out of order "
        f"(after: {' '.join(expected[max(0, missing[0] - 8):missing[0]])})")


def test_the_order_check_notices_a_dropped_or_moved_word():
    markdown = word_list(visible(markdown_of(ROOT / "data" / "cv.yaml")))
    txt = txt_of(ROOT / "data" / "cv.yaml")
    assert first_missing(markdown, word_list(txt.replace("PySpark and", "and"))) is not None
    moved = txt.replace("Wuhan University\n", "").replace("Education", "Wuhan University")
    assert first_missing(markdown, word_list(moved)) is not None


@pytest.mark.parametrize("source", EXAMPLES, ids=lambda s: Path(s).stem)
def test_no_line_is_wider_than_80_columns(source):
    text = txt_of(ROOT / source)
    assert not long_lines(text)
    assert "\t" not in text and not any(line != line.rstrip() for line in text.splitlines())


def test_chinese_lines_are_measured_in_display_columns():
    text = txt_of(ROOT / "examples" / "chinese.yaml")
    lines = text.splitlines()
    assert max(columns(line) for line in lines) <= 80
    assert max(columns(line) for line in lines) > 70  # long paragraphs are filled, not cut short
    # len() would let a line of Chinese run to 160 columns: the check itself can fail.
    assert long_lines("中" * 41) and not long_lines("中" * 40)
    name, rule = lines[:2]  # the rule under a title is as wide as the title looks
    assert columns(rule) == columns(name) and set(rule) == {"="}


@pytest.mark.parametrize("source", EXAMPLES, ids=lambda s: Path(s).stem)
def test_no_markup_characters(source):
    text = txt_of(ROOT / source)
    for mark in ("**", "](", "<", "\\", "`", "# "):
        assert mark not in text, mark


def test_the_txt_is_written_in_reading_order_with_underlined_titles():
    text = txt_of(ROOT / "data" / "cv.yaml")
    assert text.startswith("Zhiheng Li\n==========\n\n")
    assert "\nEducation\n---------\n\n" in text
    assert ("University of Rochester\n"
            "Ph.D. in Computer Science | Rochester, NY, USA | Aug 2018 – Jul 2023\n"
            "Advisor: Chenliang Xu\n") in text
    assert "\nE-mail: zhiheng.li@ieee.org\n" in text
    assert "\n[12] Zhiheng Li, Geemi P. Wellawatte," in text  # numbered as in the document
    assert "\n    arXiv (https://arxiv.org/abs/2412.12391)\n" in text
    titles = [line for line, rule in zip(text.splitlines(), text.splitlines()[1:], strict=False)
              if rule and set(rule) == {"-"}]
    assert titles == [s.title for s in build_document(load(ROOT / "data" / "cv.yaml").cv)
                      .sections]


def test_labels_are_in_the_documents_language():
    de = build_document(load(ROOT / "examples" / "bilingual.yaml").in_language("de").cv)
    assert "\nE-Mail: jonas.weber@example.org\n" in render_txt(de).decode()


def test_right_to_left_text_stays_in_logical_order():
    text = txt_of(ROOT / "examples" / "arabic.yaml")
    assert "\u202e" not in text and "\u200f" not in text
    assert text.startswith("ليلى حداد\n")  # first letter first, as written


# --- wrapping ---------------------------------------------------------------------------


def test_bullet_continuations_are_indented_under_the_text():
    lines = wrap("word " * 30, "- ")
    assert lines[0].startswith("- word") and all(x.startswith("  word") for x in lines[1:])
    assert all(len(x) <= 80 for x in lines)


def test_a_long_url_is_never_broken_but_a_long_word_is():
    url = "https://example.org/" + "a" * 100
    assert wrap(f"see {url} now") == ["see", url, "now"]
    assert wrap("x" * 100) == ["x" * 80, "x" * 20]


def test_chinese_breaks_between_characters_but_not_before_closing_punctuation():
    lines = wrap("中" * 39 + "文，" + "字" * 10)
    assert [columns(x) for x in lines] == [78, 24]
    assert lines[1].startswith("文，")
    assert "".join(lines) == "中" * 39 + "文，" + "字" * 10  # no space added between lines


def test_a_title_row_keeps_each_fact_on_one_line():
    text = txt_of_text("name: A\nsections:\n  Experience:\n"
                       "    - organization: X\n"
                       "      positions: [Senior Machine Learning Engineer, "
                       "Machine Learning Engineer]\n"
                       "      location: Somewhere Far Away\n"
                       "      dates: Apr 2021 – present\n")
    assert ("Senior Machine Learning Engineer | Machine Learning Engineer | "
            "Somewhere Far Away\nApr 2021 – Present\n") not in text  # 81 columns
    assert ("Senior Machine Learning Engineer | Machine Learning Engineer\n"
            "Somewhere Far Away | Apr 2021 – Present\n") in text


# --- links ------------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "expected"), [
    ("[the paper](https://e.org/p)", "the paper (https://e.org/p)"),
    ("<https://e.org/p>", "https://e.org/p"),
    ("see https://e.org/p.", "see https://e.org/p."),
    ("[a@b.org](mailto:a@b.org)", "a@b.org"),
    ("[write](mailto:a@b.org)", "write (a@b.org)"),
    ("[+1 (585) 555-0199](tel:+15855550199)", "+1 (585) 555-0199"),
    ("**bold** *it* `code`", "bold it code"),
    ("[**bold** link](https://e.org/p)", "bold link (https://e.org/p)"),
])
def test_links_and_markup_in_plain_text(source, expected):
    assert render(parse(source), "txt") == expected


# --- variants and languages build -------------------------------------------------------


def test_languages_build_a_txt_each(tmp_path: Path):
    written = build(BuildRequest(ROOT / "examples" / "bilingual.yaml", ("txt",),
                                 tmp_path)).written
    assert sorted(p.name for p in written) == ["bilingual.de.txt", "bilingual.txt"]
    assert "Berufserfahrung" in (tmp_path / "bilingual.de.txt").read_text(encoding="utf-8")


@pytest.mark.slow  # the résumé is fitted to one page, which typesets it
def test_the_resume_variant_builds_a_txt(tmp_path: Path):
    written = build(BuildRequest(ROOT / "data" / "cv.yaml", ("txt",), tmp_path,
                                 variant="resume")).written
    assert [p.name for p in written] == ["cv-resume.txt"]
    text = (tmp_path / "cv-resume.txt").read_text(encoding="utf-8")
    assert "\nSelected Publications\n---------------------\n" in text
    assert not long_lines(text)

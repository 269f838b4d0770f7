"""The Markdown renderer: seed coverage, golden files, literal text, author lists.

What a reader sees is checked by rendering the Markdown to HTML with markdown-it-py
(CommonMark plus the GFM table and strikethrough rules) and stripping the tags, so that
escapes such as ``\\[`` never count as text.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from cvtool.document import PublicationView, build_document
from cvtool.loader import load, load_text
from cvtool.markup import to_text
from cvtool.renderers.markdown import render_markdown
from tests.conftest import (
    ROOT,
    SEED_000_URL_WORDS,
    SEED_003_TEX_WORDS,
    SEED_CV,
    SEED_PROFILE,
    words,
)

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
GOLDEN = Path(__file__).resolve().parent / "golden"


def markdown_of(path: Path) -> str:
    return render_markdown(build_document(load(path).cv)).decode("utf-8")


def markdown_of_text(text: str) -> str:
    return render_markdown(build_document(load_text(text, "test.yaml").cv)).decode("utf-8")


def to_html(markdown: str) -> str:
    return MD.render(markdown)


def visible(markdown: str) -> str:
    """The text a reader sees: tags dropped first, then entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", to_html(markdown)))


def missing_words(seed: str, markdown: str) -> set[str]:
    return words(seed) - words(visible(markdown))


# --- every word of the seeds ------------------------------------------------------------


def test_every_word_of_seed_000_is_in_the_markdown_of_the_cv(seed_text):
    missing = missing_words(seed_text(SEED_CV), markdown_of(ROOT / "data" / "cv.yaml")) \
        - SEED_000_URL_WORDS
    if missing:
        print("missing words:", " ".join(sorted(missing)))
    assert not missing, f"seed words missing from cv.md: {sorted(missing)}"


# Tokens of seed 003 that are glued header artefacts (score + category + month, e.g.
# "18.8LGJul"). The tokenizer already splits those at the camel-case hump and at digit
# runs ("18", "8", "lg", "jul"), and every piece is in the Markdown, so none is left to
# ignore. Add a token here only if it is a glued artefact and not a word of the profile.
SEED_003_ARTEFACTS: frozenset[str] = SEED_003_TEX_WORDS


def test_every_word_of_seed_003_is_in_the_markdown_of_the_profile(seed_text):
    seed = seed_text(SEED_PROFILE)
    markdown = markdown_of(ROOT / "examples" / "researcher-profile.yaml")
    everything_missing = missing_words(seed, markdown)
    stale = SEED_003_ARTEFACTS - everything_missing
    assert not stale, f"ignored tokens that are no longer missing: {sorted(stale)}"
    missing = everything_missing - SEED_003_ARTEFACTS
    if missing:
        print("missing words:", " ".join(sorted(missing)))
    assert not missing, f"seed words missing from researcher-profile.md: {sorted(missing)}"


def test_glued_seed_headers_split_into_words_the_markdown_has():
    assert words("18.8LGJul 4, 2022Code") == {"18", "8", "lg", "jul", "4", "2022", "code"}
    assert words("h-index34 3,297citations Novelty52%") == {
        "h", "index", "34", "3", "297", "citations", "novelty", "52"}


def test_the_seed_check_notices_a_missing_section(seed_text):
    seed = seed_text(SEED_PROFILE)
    markdown = markdown_of(ROOT / "examples" / "researcher-profile.yaml")
    without_papers = markdown.split("## Papers")[0]
    assert {"earthformer", "cuboid", "nowcasting"} <= missing_words(seed, without_papers)


def test_escapes_are_not_counted_as_text():
    assert words(visible("\\[4\\] \\*x\\*")) == {"4", "x"}
    assert "\\" not in visible("\\[4\\] \\*x\\*")


# --- golden files -----------------------------------------------------------------------


@pytest.mark.parametrize("source", [
    "data/cv.yaml", "examples/minimal.yaml", "examples/researcher-profile.yaml",
], ids=lambda s: Path(s).stem)
def test_markdown_matches_golden(source, golden):
    path = ROOT / source
    golden(GOLDEN / f"{path.stem}.md", markdown_of(path))


def test_markdown_of_the_minimal_example():
    assert markdown_of(ROOT / "examples" / "minimal.yaml") == (
        "# Ada Lovelace\n\n"
        "E-mail: [ada@example.org](mailto:ada@example.org)\n\n"
        "## Experience\n\n"
        "### Analytical Engine Project\n\n"
        "**Programmer** · 1842 – 1843\n\n"
        "- Wrote the first published algorithm meant for a machine.\n")


# --- literal text -----------------------------------------------------------------------

NAME = "Ann *B* _C_ #1 <script>alert(1)</script> | D"
BULLET = "Fixed the 2 * 3 bug in snake_case_name for C# <script>alert(2)</script> | pipes"
TITLE = "On **bold** _claims_ #3 <script>alert(3)</script> | more"
SKILL = "C# | F* <script>alert(4)</script> snake_case"

SPECIAL_CV = f"""\
name: "{NAME}"
location: "# Room 1 | *upstairs*"
sections:
  Experience:
    - organization: "Org | *One*"
      positions: ["Dev_Lead #2"]
      highlights:
        - "{BULLET}"
  Publications:
    - title: "{TITLE}"
      authors: [Ann Lee, "Bob *Star*"]
      venue: "Venue_X #4"
      year: 2020
      abstract: "Abstract with **stars** and <script>alert(5)</script> | [x](y)"
  Skills:
    - "{SKILL}"
"""


@pytest.fixture(scope="module")
def special_markdown() -> str:
    return markdown_of_text(SPECIAL_CV)


def test_special_characters_are_shown_literally(special_markdown):
    out = to_html(special_markdown)
    assert f"<h1>{html.escape(NAME, quote=False)}</h1>" in out, out
    seen = " ".join(visible(special_markdown).split())
    for text in (NAME, BULLET, TITLE, SKILL, "# Room 1 | *upstairs*", "Org | *One*",
                 "Dev_Lead #2", "Bob *Star*", "Venue_X #4",
                 "Abstract with **stars** and <script>alert(5)</script> | [x](y)"):
        assert text in seen, text


def test_special_characters_create_no_element(special_markdown):
    out = to_html(special_markdown)
    assert "<script" not in out
    assert "<table" not in out and "<a " not in out
    assert "<strong>bold</strong>" not in out and "<em>claims</em>" not in out
    assert "<em>B</em>" not in out and "<em>C</em>" not in out
    assert "<strong>stars</strong>" not in out and "<em>Star</em>" not in out
    assert re.findall(r"<h(\d)>", out) == ["1", "2", "3", "2", "2"]


def test_markup_in_markup_fields_still_works():
    out = to_html(markdown_of_text(
        "name: N\nsections:\n  Skills: ['**Python**', '*Rust*', '[site](https://e.org)']\n"))
    assert "<strong>Python</strong>, <em>Rust</em>, " \
        '<a href="https://e.org">site</a>' in out


@pytest.mark.parametrize("yaml_field", [
    'contact:\n  homepage: "https://e.org/<script>alert(1)</script>"\n',
    'sections:\n  Projects:\n    - title: T\n'
    '      links: {code: "https://e.org/)<script>alert(2)</script>"}\n',
])
def test_link_urls_cannot_inject_html(yaml_field):
    out = to_html(markdown_of_text("name: N\n" + yaml_field))
    assert "<script" not in out, out


def test_multiline_abstract_stays_in_its_quote():
    markdown = markdown_of_text(
        "name: N\nsections:\n  Publications:\n"
        "    - title: T\n      authors: [N]\n      year: 2020\n"
        "      abstract: |-\n        We propose:\n        - one thing\n        1. another\n")
    out = to_html(markdown)
    assert "<li>one thing</li>" not in out and "<li>another</li>" not in out, out


# --- author lists -----------------------------------------------------------------------

OWNER_CV = """\
name: Zhiheng Li
aliases: [Z. Li, Jerry Li]
sections:
  Publications:
    - title: Owner first
      authors: [Zhiheng Li, Kai Li, Li Chen]
      year: 2024
    - title: Initialled form
      authors: [Hao Li, Z. Li]
      year: 2023
    - title: Last comma first
      authors: ["Li, Zhiheng", Zhiheng Liu, Zhuowen Tu]
      year: 2022
    - title: Alias and case
      authors: [Jerry Li, ZHIHENG LI, Mu Li]
      year: 2021
"""


@pytest.fixture(scope="module")
def owner_html() -> str:
    return to_html(markdown_of_text(OWNER_CV))


def test_owner_names_are_bold(owner_html):
    bold = re.findall(r"<strong>(.*?)</strong>", owner_html)
    assert bold == ["Zhiheng Li", "Z. Li", "Li, Zhiheng", "Jerry Li", "ZHIHENG LI"]


def test_other_authors_are_not_bold(owner_html):
    for name in ("Kai Li", "Li Chen", "Hao Li", "Zhiheng Liu", "Zhuowen Tu", "Mu Li"):
        assert name in owner_html
        assert f"<strong>{name}</strong>" not in owner_html


def test_initialled_form_is_bold_without_an_alias_and_alias_only_when_listed():
    text = OWNER_CV.replace("aliases: [Z. Li, Jerry Li]\n", "")
    bold = re.findall(r"<strong>(.*?)</strong>", to_html(markdown_of_text(text)))
    assert bold == ["Zhiheng Li", "Z. Li", "Li, Zhiheng", "ZHIHENG LI"]


def citations(authors_yaml: str, extra: str = "") -> str:
    cv = load_text(
        "name: Zhiheng Li\nsections:\n  Publications:\n"
        f"    - title: A Title\n      authors: {authors_yaml}\n      year: 2020\n"
        f"      venue: ECCV\n{extra}", "t.yaml").cv
    pub = build_document(cv).sections[0].entries[0]
    assert isinstance(pub, PublicationView)
    return to_text(pub.citation)


@pytest.mark.parametrize(("authors", "expected"), [
    ("[Ann Lee]", "Ann Lee. A Title. In ECCV, 2020."),
    ("[Ann Lee, Bo Wu]", "Ann Lee and Bo Wu. A Title. In ECCV, 2020."),
    ("[Ann Lee, Bo Wu, Cy Xu]", "Ann Lee, Bo Wu, and Cy Xu. A Title. In ECCV, 2020."),
    ("[Ann Lee, Bo Wu, et al.]", "Ann Lee, Bo Wu, et al. A Title. In ECCV, 2020."),
    ("[Ann Lee, et al]", "Ann Lee, et al. A Title. In ECCV, 2020."),
    ("[Ann Lee, Bo Wu, others]", "Ann Lee, Bo Wu, et al. A Title. In ECCV, 2020."),
])
def test_author_list_and_et_al(authors, expected):
    assert citations(authors) == expected


def test_et_al_in_markdown_with_the_owner_bold():
    markdown = markdown_of_text(
        "name: Zhiheng Li\nsections:\n  Publications:\n"
        "    - title: T\n      authors: [Hao Li, Zhiheng Li, et al.]\n      year: 2024\n")
    assert "- \\[1\\] Hao Li, **Zhiheng Li**, et al. T. 2024.\n" in markdown
    assert "et al., et al." not in markdown


def test_equal_contribution_legend():
    text = citations("[Lele Chen, Zhiheng Li, Ross K Maddox]",
                     "      equal_contribution: [Lele Chen, Zhiheng Li]\n")
    assert text == ("Lele Chen*, Zhiheng Li* (* Equal Contribution), and Ross K Maddox. "
                    "A Title. In ECCV, 2020.")


def test_equal_contribution_legend_in_markdown():
    out = to_html(markdown_of(ROOT / "data" / "cv.yaml"))
    assert ("Lele Chen*, <strong>Zhiheng Li*</strong> (* Equal Contribution), Ross K Maddox,"
            in out)
    assert out.count("Equal Contribution") == 1


def test_one_equal_contributor_gets_a_mark_but_no_legend():
    text = citations("[Ann Lee, Bo Wu]", "      equal_contribution: [Bo Wu]\n")
    assert text == "Ann Lee and Bo Wu*. A Title. In ECCV, 2020."


def test_corresponding_author():
    text = citations("[Ann Lee, Bo Wu]", "      corresponding: [Bo Wu]\n")
    assert text == "Ann Lee and Bo Wu† († Corresponding author). A Title. In ECCV, 2020."


def test_a_blank_list_item_does_not_make_the_line_code():
    """Found by the property test on a fresh machine: `["\\t", "x\\`y"]` began the line with a
    tab, so Markdown read it as code and showed its escapes (`\\\\`)."""
    md = markdown_of_text("name: A\nsections:\n  Skills: [\"\\t\", '\\catcode`\\@=11']\n")
    assert "\\catcode`@=11" in visible(md)

"""Author lists: finding the owner however the name is written, truncation that keeps the
owner, marks and legends; then ordering, numbering, grouping and profile metrics."""

from __future__ import annotations

import pytest

from cvtool.document import PublicationView, SectionView, build_document, profile_metrics
from cvtool.loader import load_text
from cvtool.markup import Strong, to_text
from cvtool.names import OwnerNames
from cvtool.renderers.html import render_html
from cvtool.renderers.markdown import render_markdown
from cvtool.themes import load_theme, resolve_design
from cvtool.variants import apply_variant

# --- name matching -------------------------------------------------------------------------


@pytest.mark.parametrize("written", [
    "Zhiheng Li", "Li, Zhiheng", "Z. Li", "Li, Z.", "Z Li", "ZHIHENG LI", "zhiheng li",
    "Zhi-Heng Li", "Z.-H. Li", "  Zhiheng   Li ",
])
def test_the_owner_in_any_written_form(written):
    assert written in OwnerNames(["Zhiheng Li"])


@pytest.mark.parametrize("written", [
    "Zhiheng Liu", "Kai Li", "Li Chen", "Hao Li", "Zhaoyang Li", "Li", "Mu Li", "J. Li",
    "Li, Kai", "Zhiheng",
])
def test_others_are_not_the_owner(written):
    assert written not in OwnerNames(["Zhiheng Li"])


def test_an_initialled_alias_does_not_claim_every_namesake():
    owner = OwnerNames(["Zhiheng Li", "Z. Li"])
    assert "Li, Z." in owner
    assert "Zhaoyang Li" not in owner


@pytest.mark.parametrize(("owner", "written", "same"), [
    ("Vítor Albiero", "Vitor Albiero", True),
    ("Vítor Albiero", "Albiero, V.", True),
    ("Vitor Albiero", "VÍTOR ALBIERO", True),
    ("Jörg Müller", "Muller, Jorg", True),
    ("Jan van der Berg", "van der Berg, Jan", True),
    ("Jan van der Berg", "J. van der Berg", True),
    ("Jan van der Berg", "Jan Berg", False),
    ("Ross K. Maddox", "Ross Maddox", True),
    ("Ross K. Maddox", "R. K. Maddox", True),
    ("Ross K. Maddox", "Maddox, Ross K", True),
    ("Ross K. Maddox", "Ross J. Maddox", False),
    ("John Smith", "Smith, Jr., John", True),
    ("李志恒", "李志恒", True),
    ("李志恒", "李志", False),
])
def test_accents_particles_middle_names(owner, written, same):
    assert (written in OwnerNames([owner])) is same


# --- author lists --------------------------------------------------------------------------


def publications(entries: str, section: str = "", head: str = "name: Zhiheng Li\n") -> SectionView:
    cv = load_text(f"{head}sections:\n  Publications:\n{section}    entries:\n{entries}",
                   "t.yaml").cv
    return build_document(cv).sections[0]


def authors_of(authors: str, section: str = "", extra: str = "") -> str:
    view = publications(f"      - title: T\n        authors: {authors}\n        year: 2020\n"
                        f"{extra}", section).entries[0]
    assert isinstance(view, PublicationView)
    return to_text(view.authors)


def bold_names(view: PublicationView) -> list[str]:
    return [to_text(n.children) for n in view.authors if isinstance(n, Strong)]


def test_owner_written_last_comma_first_is_bold():
    view = publications("      - title: T\n        authors: ['Chen, Lele', 'Li, Zhiheng', "
                        "'Xu, Chenliang']\n        year: 2020\n").entries[0]
    assert isinstance(view, PublicationView)
    assert bold_names(view) == ["Li, Zhiheng"]


@pytest.mark.parametrize(("authors", "expected"), [
    ("[A A, B B, C C, D D, E E]", "A A, B B, C C, D D, E E"),  # no limit
])
def test_no_limit_shows_everyone(authors, expected):
    assert authors_of(authors).replace(", and", ",") == expected


@pytest.mark.parametrize(("authors", "expected"), [
    ("[Ann Lee, Bo Wu, Cy Xu]", "Ann Lee, Bo Wu, and Cy Xu"),  # at the limit: unchanged
    ("[Ann Lee, Zhiheng Li, Cy Xu, Di Yu, Ed Zu]", "Ann Lee, Zhiheng Li, Cy Xu, et al."),
    ("[Ann Lee, Bo Wu, Cy Xu, Di Yu, Ed Zu, Zhiheng Li, Fa Qi]",
     "Ann Lee, Bo Wu, …, Zhiheng Li, et al."),
    ("[Ann Lee, Bo Wu, Cy Xu, Di Yu, Z. Li]", "Ann Lee, Bo Wu, …, Z. Li"),
    ("[Ann Lee, Bo Wu, Cy Xu, Di Yu]", "Ann Lee, Bo Wu, Cy Xu, et al."),
    ("[Ann Lee, Bo Wu, Cy Xu, Di Yu, Zhiheng Li, et al.]", "Ann Lee, Bo Wu, …, Zhiheng Li, et al."),
])
def test_max_authors_keeps_the_owner_visible(authors, expected):
    assert authors_of(authors, "    max_authors: 3\n") == expected


def test_truncated_owner_is_still_bold():
    view = publications("      - title: T\n        authors: [A A, B B, C C, D D, Zhiheng Li]\n"
                        "        year: 2020\n", "    max_authors: 2\n").entries[0]
    assert isinstance(view, PublicationView)
    assert bold_names(view) == ["Zhiheng Li"]
    assert to_text(view.authors) == "A A, …, Zhiheng Li"


MARKED = ("      - title: T\n        authors: [Lele Chen, Zhiheng Li, Ross K Maddox]\n"
          "        equal_contribution: [Lele Chen, Zhiheng Li]\n"
          "        corresponding: [Ross K Maddox]\n        year: 2020\n")


def test_marks_with_inline_legends_by_default():
    section = publications(MARKED)
    assert to_text(section.entries[0].authors) == (  # type: ignore[union-attr]
        "Lele Chen*, Zhiheng Li* (* Equal Contribution), and Ross K Maddox† "
        "(† Corresponding author)")
    assert section.legend == ""


def test_marks_with_one_legend_for_the_section():
    section = publications(MARKED + MARKED.replace("title: T", "title: U"),
                           "    legend: section\n")
    assert to_text(section.entries[0].authors) == (  # type: ignore[union-attr]
        "Lele Chen*, Zhiheng Li*, and Ross K Maddox†")
    assert section.legend == "* Equal Contribution · † Corresponding author"
    markdown = render_markdown(build_document(load_text(
        "name: Zhiheng Li\nsections:\n  Publications:\n    legend: section\n    entries:\n"
        + MARKED, "t.yaml").cv)).decode()
    assert markdown.rstrip().endswith("\\* Equal Contribution · † Corresponding author")


def test_legend_only_for_marks_that_are_shown():
    section = publications(MARKED, "    legend: section\n    max_authors: 2\n")
    assert section.legend == "* Equal Contribution"


# --- order, numbering, grouping ------------------------------------------------------------

PAPERS = """\
      - {title: Old journal, authors: [Zhiheng Li], year: 2019, kind: journal, venue: J}
      - {title: New conference, authors: [Zhiheng Li], date: 2024-06, venue: CVPR}
      - {title: Mid preprint, authors: [Zhiheng Li], year: 2022, kind: preprint}
      - {title: New journal, authors: [Zhiheng Li], year: 2024, kind: journal, venue: J}
"""


def listing(section: SectionView) -> list[tuple[str, str]]:
    return [(v.number, to_text(v.title)) for v in section.entries
            if isinstance(v, PublicationView)]


def test_newest_first_with_reverse_numbering():
    section = publications(PAPERS, "    order: newest-first\n    numbering: descending\n")
    assert listing(section) == [("[4]", "New conference"), ("[3]", "New journal"),
                                ("[2]", "Mid preprint"), ("[1]", "Old journal")]


def test_oldest_first_ascending():
    section = publications(PAPERS, "    order: oldest-first\n")
    assert [t for _, t in listing(section)] == ["Old journal", "Mid preprint", "New journal",
                                                "New conference"]


def test_grouped_by_kind_with_numbering_running_on():
    section = publications(PAPERS, "    group_by: kind\n    order: newest-first\n")
    assert [(g.title, [to_text(p.title) for p in g.entries]) for g in section.groups] == [
        ("Journal Articles", ["New journal", "Old journal"]),
        ("Conference Papers", ["New conference"]),
        ("Preprints", ["Mid preprint"])]
    assert [n for n, _ in listing(section)] == ["[1]", "[2]", "[3]", "[4]"]


def test_grouped_by_year_newest_first():
    section = publications(PAPERS, "    group_by: year\n")
    assert [g.title for g in section.groups] == ["2024", "2022", "2019"]
    assert [to_text(p.title) for p in section.groups[0].entries] == ["New conference",
                                                                     "New journal"]


def test_groups_in_markdown_and_html():
    cv = load_text("name: Zhiheng Li\nsections:\n  Publications:\n    group_by: kind\n"
                   f"    entries:\n{PAPERS}", "t.yaml").cv
    doc = build_document(cv)
    markdown = render_markdown(doc).decode()
    assert markdown.index("### Journal Articles") < markdown.index("### Conference Papers")
    theme = load_theme("classic")
    html = render_html(doc, theme, resolve_design(cv.design, theme))
    assert html.count('<h3 class="group-title">') == 3
    assert html.count('<ol class="publications">') == 3


def test_origins_point_at_the_written_entries_after_sorting():
    section = publications(PAPERS, "    order: newest-first\n")
    assert [v.origin[-1] for v in section.entries] == [1, 3, 2, 0]  # type: ignore[union-attr]


# --- metrics -------------------------------------------------------------------------------


def metrics_of(head: str, entries: str = PAPERS) -> tuple[tuple[str, str], ...]:
    cv = load_text(f"name: Zhiheng Li\n{head}sections:\n  Publications:\n    entries:\n"
                   f"{entries}", "t.yaml").cv
    return profile_metrics(cv)


def test_no_metrics_block_shows_no_metrics():
    assert metrics_of("") == ()


def test_missing_paper_count_is_computed():
    assert metrics_of("metrics: {h-index: 34}\n") == (("h-index", "34"), ("papers", "4"))


def test_given_values_win_and_auto_is_computed():
    assert metrics_of("metrics: {Papers: 27, citations: auto}\n") == (
        ("Papers", "27"), ("citations", "–"))


CITED = """\
      - {title: A, authors: [Zhiheng Li], year: 2020, metrics: {citations: 10}}
      - {title: B, authors: [Zhiheng Li], year: 2021, metrics: {citations: 3, score: 9.5}}
      - {title: C, authors: [Zhiheng Li], year: 2022, metrics: {citations: 2}}
      - {title: D, authors: [Zhiheng Li], year: 2023, metrics: {citations: 0}}
"""


def test_citations_and_h_index_from_per_paper_metrics():
    assert metrics_of("metrics: {Novelty: 52%}\n", CITED) == (
        ("Novelty", "52%"), ("h-index", "2"), ("papers", "4"), ("citations", "15"))
    assert metrics_of("metrics: {h-index: auto, citations: auto}\n", CITED) == (
        ("h-index", "2"), ("citations", "15"), ("papers", "4"))


def test_a_variant_counts_the_whole_list():
    text = ("name: Zhiheng Li\nmetrics: {papers: auto}\nsections:\n  Publications:\n"
            f"    entries:\n{PAPERS}variants:\n  short: {{max_publications: 1}}\n")
    cv = load_text(text, "t.yaml").cv
    short = apply_variant(cv, "short")
    assert len(short.sections["Publications"].entries) == 1
    assert build_document(short, whole=cv).metrics == (("papers", "4"),)
    assert build_document(short).metrics == (("papers", "1"),)


def test_per_paper_metrics_reach_the_html_list():
    cv = load_text(f"name: Zhiheng Li\nsections:\n  Publications:\n    entries:\n{CITED}",
                   "t.yaml").cv
    theme = load_theme("classic")
    html = render_html(build_document(cv), theme, resolve_design(cv.design, theme))
    assert '<span class="metric metric-citations"><span class="metric-value">10</span>' in html

""".bib files as people really have them: al-folio sites, Google Scholar and DBLP exports,
hand-edited files with mistakes in them. The fixtures reproduce each pattern with invented
people and titles."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cvtool.cli import main
from cvtool.document import build_document
from cvtool.errors import DiagnosticsError, Severity
from cvtool.importers.bibtex import latex_to_text, parse_bibtex
from cvtool.loader import load
from cvtool.markup import to_text
from cvtool.names import OwnerNames
from cvtool.pipeline import prepare, render
from cvtool.schema.entries import Publication
from cvtool.texinline import tex
from tests.conftest import FIXTURES

BIB = FIXTURES / "bib"


def shown(text: str) -> str:
    """A title, venue or abstract as it reads: the bib reader keeps their TeX, which is
    converted at render time (cvtool.texinline)."""
    return to_text(tex(text))


def read(name: str):  # type: ignore[no-untyped-def]
    return parse_bibtex((BIB / name).read_text(encoding="utf-8"))


def entries(name: str) -> dict[str, dict]:
    return {entry.key: entry.data for entry in read(name).entries}


def cv_with(tmp_path: Path, bib: str, extra: str = "", name: str = "Laura Muñoz Baena") -> Path:
    shutil.copy(BIB / bib, tmp_path / bib)
    source = tmp_path / "cv.yaml"
    source.write_text(f"name: {name}\nsections:\n  Publications:\n    bibtex: {bib}\n"
                      f"    legend: section\n{extra}", encoding="utf-8")
    return source


# --- 1. one bad entry never fails the build ------------------------------------------------


def test_faults_leave_out_one_entry_each(tmp_path):
    loaded = load(cv_with(tmp_path, "faults.bib"))
    keys = [p.key for p in loaded.cv.sections["Publications"].entries]
    assert keys == ["fine2020", "twoyears2021", "after2024"]  # baddoi2022 refused, left out
    found = {(d.location.line, d.severity) for d in loaded.warnings}
    assert (8, Severity.WARNING) in found  # the duplicate field: the first value is kept
    assert (16, Severity.WARNING) in found  # the duplicate key: the second entry
    assert (35, Severity.WARNING) in found  # the entry never closed
    messages = " | ".join(d.message for d in loaded.warnings)
    assert {Path(d.location.file).name for d in loaded.warnings} == {"faults.bib"}
    assert "entry `baddoi2022`: doi: `notadoi` is not a DOI" in messages
    assert "@set" not in messages  # a biblatex set is skipped quietly
    assert loaded.cv.sections["Publications"].entries[1].year == 2021


def test_strict_section_and_lint_strict_make_them_errors(tmp_path):
    with pytest.raises(DiagnosticsError) as caught:
        load(cv_with(tmp_path, "faults.bib", "    strict: true\n"))
    assert {d.severity for d in caught.value.diagnostics} == {Severity.ERROR}
    source = cv_with(tmp_path, "faults.bib")
    assert CliRunner().invoke(main, ["lint", str(source)]).exit_code == 0
    assert CliRunner().invoke(main, ["lint", "--strict", str(source)]).exit_code == 1


def test_build_lists_the_good_entries(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(cv_with(tmp_path, "faults.bib")),
                                       "-f", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "faults.bib:35:1: warning[CV112]: sections.Publications.bibtex: entry `open2023`: " \
        "BibTeX syntax" in result.stderr
    text = next(out.glob("*.md")).read_text(encoding="utf-8")
    assert "A Fine Entry" in text and "After the Open One" in text
    assert "Never Closed" not in text


def test_commented_out_entry_is_not_an_entry():
    result = read("alfolio.bib")
    assert "baena2019draft" not in {e.key for e in result.entries}
    assert [p for p in result.problems if p.severity != "info"] == []


def test_scholar_entry_without_a_year_is_kept_and_shown_without_one(tmp_path):
    result = read("scholar.bib")
    (entry,) = [e for e in result.entries if e.key == "baena2021undated"]
    assert "year" not in entry.data and "date" not in entry.data
    assert result.problems == []
    (tmp_path / "scholar.bib").write_text((FIXTURES / "bib" / "scholar.bib").read_text())
    source = tmp_path / "cv.yaml"
    source.write_text("name: Laura Muñoz Baena\nsections:\n  Papers:\n    kind: publication\n"
                      "    bibtex: scholar.bib\n    order: newest-first\n    group_by: year\n")
    markdown = render(prepare(load(source)), "md").decode()
    # The undated paper comes last, in a group of its own, with a citation that ends cleanly.
    assert markdown.rstrip().endswith("*Workshop on Tidal Data*.")
    assert "### Undated" in markdown and "Data*, ." not in markdown


def test_a_year_that_is_not_one_becomes_a_note():
    result = parse_bibtex("@article{x, title={T}, author={A, B}, journal={J}, year={in press}}")
    (entry,) = result.entries
    assert entry.data["note"] == "in press" and "year" not in entry.data
    assert "not a year; shown as a note" in result.problems[0].message


# --- 2. accents without braces -------------------------------------------------------------


@pytest.mark.parametrize(("latex", "text"), [
    (r"\'e \`e \^o \"u \~n \=a \.z", "é è ô ü ñ ā ż"),
    (r"\c c \v s \u g \H o \k a \r a", "ç š ğ ő ą å"),
    (r"\c{c} \v{s} \u{g} \H{o} \k{a} \r{a}", "ç š ğ ő ą å"),
    (r"{\i}, {\l}, {\o}, {\ss}, {\aa}, {\AE}", "ı, ł, ø, ß, å, Æ"),
])
def test_every_accent_command(latex, text):
    assert latex_to_text(latex) == text


def test_accents_without_braces_in_names():
    data = entries("alfolio.bib")["baena2024tides"]
    assert data["authors"][0] == "Laura Muñoz Baena"
    assert data["authors"][-1] == "Tomáš Večerá"


# --- 3. marks after the surname --------------------------------------------------------------


def test_star_after_the_surname_and_equal_advising(tmp_path):
    tides, advice = (entries("alfolio.bib")[k] for k in ("baena2024tides", "okafor2023advice"))
    assert tides["equal_contribution"] == ["Chidi Okafor", "Maja Lindqvist"]
    assert advice["equal_advising"] == ["Laura Muñoz Baena", "Maja Lindqvist"]
    loaded = load(cv_with(tmp_path, "alfolio.bib"))
    document = build_document(loaded.cv)
    (section,) = [s for s in document.sections if s.title == "Publications"]
    citations = [to_text(p.citation) for p in section.entries]
    assert "Chidi Okafor*, Maja Lindqvist*" in citations[0]
    assert "Laura Muñoz Baena‡, and Maja Lindqvist‡" in citations[1]
    assert "‡ Equal advising" in section.legend and "* Equal Contribution" in section.legend


# --- 4. DBLP superscripts ------------------------------------------------------------------


def test_dblp_math_superscripts_become_unicode():
    titles = {k: shown(v["title"]) for k, v in entries("dblp.bib").items()}
    assert titles["DBLP:conf/icta/BaenaO22"] == "#NC¹: Counting Tides in log² n Space and H₂O"
    assert titles["DBLP:journals/corr/abs-2301-00001"] == "TideBench™: A Benchmark"
    assert latex_to_text(r"x\textsuperscript{2} and 1\textsuperscript{st}") == "x² and 1st"


# --- 5. DOIs -------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["https://doi.org/10.1234/a.b", "http://dx.doi.org/10.1234/a.b",
                                     "dx.doi.org/10.1234/a.b", "doi:10.1234/a.b", "10.1234/a.b"])
def test_doi_resolver_prefixes_are_stripped_in_yaml(written):
    publication = Publication.model_validate(
        {"title": "T", "authors": ["A B"], "year": 2020, "doi": written})
    assert publication.doi == "10.1234/a.b"


def test_doi_prefixes_and_handles_in_bib():
    assert entries("scholar.bib")["baena2020dx"]["doi"] == "10.5555/tl.2020.3"
    assert entries("alfolio.bib")["okafor2023advice"]["doi"] == "10.1234/jrl.2023.77"
    thesis = entries("alfolio.bib")["baena2022thesis"]
    assert "doi" not in thesis
    assert thesis["links"] == {"paper": "https://hdl.handle.net/10000/12345"}
    handle = parse_bibtex("@misc{h, author={A, B}, title={T}, year=2020,\n"
                          "  doi={hdl.handle.net/1/2}}").entries[0].data
    assert "doi" not in handle and handle["links"] == {"paper": "https://hdl.handle.net/1/2"}


# --- 6. al-folio fields --------------------------------------------------------------------


def test_alfolio_fields():
    data = entries("alfolio.bib")["baena2024tides"]
    assert data["arxiv"] == "2505.00681" and data["selected"] is True
    assert data["links"] == {"html": "https://example.org/tides",
                             "code": "https://github.com/example/tides"}
    kept = data["extensions"]["bibtex"]
    assert kept["pdf"] == "tides.pdf"  # a file beside the site: no link, but not refused
    assert {"bibtex_show", "preview", "google_scholar_id", "abbr"} <= set(kept)
    advice = entries("alfolio.bib")["okafor2023advice"]
    assert advice["links"] == {"website": "https://example.org/advice"}
    assert advice["extensions"]["bibtex"]["slides"] == "slides/advice.pdf"


def test_alfolio_extensions_are_never_shown(tmp_path):
    loaded = load(cv_with(tmp_path, "alfolio.bib"))
    assert not [d for d in loaded.warnings if d.severity is Severity.ERROR]
    text = render(prepare(loaded), "md").decode()
    assert "bibtex_show" not in text and "tides.png" not in text and "tides.pdf" not in text
    assert "https://arxiv.org/abs/2505.00681" in text


# --- 7. exports' noise -----------------------------------------------------------------------


def test_scholar_arxiv_venue_is_a_preprint():
    data = entries("scholar.bib")["baena2023streams"]
    assert (data["kind"], data["arxiv"]) == ("preprint", "2301.12345")


def test_dblp_bookkeeping_is_left_out_of_the_import():
    result = CliRunner().invoke(main, ["import", "bibtex", str(BIB / "dblp.bib")])
    assert result.exit_code == 0, result.output
    for noise in ("timestamp", "biburl", "bibsource", "dblp.org"):
        assert noise not in result.stdout and noise not in result.stderr


# --- 8. owner matching ---------------------------------------------------------------------


@pytest.mark.parametrize(("owner", "author", "same"), [
    ("André Calero Valdez", "André Calero-Valdez", True),
    ("André Calero Valdez", "Calero-Valdez, André", True),
    ("André Calero Valdez", "André Calero-Vidal", False),
    ("Art Poon", "AFY Poon", True),
    ("Art Poon", "Poon, AFY", True),
    ("Art Poon", "BFY Poon", False),
    ("Art Poon", "Arthur Poon", False),
])
def test_owner_behind_hyphens_and_scholar_initials(owner, author, same):
    assert (author in OwnerNames([owner])) is same


def test_owner_still_highlighted_with_marks(tmp_path):
    loaded = load(cv_with(tmp_path, "alfolio.bib", name="Maja Lindqvist"))
    text = render(prepare(loaded), "md").decode()
    assert "**Maja Lindqvist\\*" in text or "**Maja Lindqvist*" in text


# --- 9. property: a broken entry among valid ones ------------------------------------------

_WORDS = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll")), min_size=3,
                 max_size=10)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(titles=st.lists(st.lists(_WORDS, min_size=2, max_size=5).map(" ".join), min_size=1,
                       max_size=6, unique_by=str.casefold),
       broken_at=st.integers(min_value=0, max_value=6),
       breakage=st.sampled_from(["noclose", "noyear", "badyear", "dupfield", "notitle"]))
def test_a_broken_entry_never_hides_the_others(titles, broken_at, breakage):
    good = [f"@article{{good{i},\n  author = {{Doe, Jane}},\n  title = {{{{{title}}}}},\n"
            f"  journal = {{J}},\n  year = {2000 + i}\n}}\n" for i, title in enumerate(titles)]
    bad = {
        "noclose": "@article{bad,\n  author = {Roe, Richard},\n  title = {Open,\n  year = 2001\n",
        "noyear": "@misc{bad,\n  author = {Roe, Richard},\n  title = {Undated}\n}\n",
        "badyear": "@misc{bad,\n  author = {Roe, Richard},\n  title = {Late},\n  year = 9999\n}\n",
        "dupfield": "@misc{bad,\n  title = {Twice},\n  title = {Twice},\n  year = 2001\n}\n",
        "notitle": "@misc{bad,\n  author = {Roe, Richard},\n  year = 2001\n}\n",
    }[breakage]
    good.insert(min(broken_at, len(good)), bad)
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "papers.bib").write_text("\n".join(good), encoding="utf-8")
        source = Path(folder) / "cv.yaml"
        source.write_text("name: Jane Doe\nsections:\n  Publications:\n    bibtex: papers.bib\n",
                          encoding="utf-8")
        text = render(prepare(load(source)), "md").decode()
    for title in titles:
        assert title in text, (title, breakage)


def test_lint_never_imports_weasyprint(tmp_path):
    source = cv_with(tmp_path, "faults.bib")
    before = "weasyprint" in sys.modules
    CliRunner().invoke(main, ["lint", str(source)])
    assert before or "weasyprint" not in sys.modules




def test_an_undated_paper_with_an_abstract_has_no_empty_date(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text("name: A\nsections:\n  Papers:\n    kind: publication\n    entries:\n"
                      "      - {title: T, authors: [A], abstract: Words., categories: [cs.AI],"
                      " links: {code: 'https://example.org/c'}}\n")
    job = prepare(load(source))
    assert '<span class="date">' not in render(job, "html").decode()
    assert "cs.AI · [Code]" in render(job, "md").decode()
    assert "\\cvcategory{cs.AI} \\cvsep \\cvpublinks" in render(job, "tex").decode()

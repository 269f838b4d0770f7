"""BibTeX in: realistic .bib files (accents, braces, @string, crossref, arXiv, `others`),
read by `cvtool import bibtex` and by publication sections that name them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cvtool.cli import main
from cvtool.document import PublicationView, build_document
from cvtool.errors import DiagnosticsError, Severity
from cvtool.importers.bibtex import latex_to_text, parse_bibtex
from cvtool.loader import load, load_text
from cvtool.markup import to_text
from cvtool.texinline import tex
from tests.conftest import FIXTURES

BIB = FIXTURES / "bib"


def shown(text: str) -> str:
    """A title, venue or abstract as it reads: the bib reader keeps their TeX, which is
    converted at render time (cvtool.texinline)."""
    return to_text(tex(text))


def entries(name: str) -> dict[str, dict]:
    result = parse_bibtex((BIB / name).read_text(encoding="utf-8"))
    return {entry.key: entry.data for entry in result.entries}


@pytest.fixture(scope="module")
def papers() -> dict[str, dict]:
    return entries("papers.bib")


@pytest.fixture(scope="module")
def accents() -> dict[str, dict]:
    return entries("accents.bib")


# --- LaTeX to Unicode ---------------------------------------------------------------------


@pytest.mark.parametrize(("latex", "text"), [
    (r'M{\"u}ller', "Müller"),
    (r"Garc{\'\i}a", "García"),
    (r"Ji{\v{r}}{\'\i}", "Jiří"),
    (r"Caf\'e \& {B}ar", "Café & Bar"),
    (r"A {Whac-A-Mole} {D}ilemma", "A Whac-A-Mole Dilemma"),
    (r"{\O}rsted, {\aa}, \ss{}, \c{c}", "Ørsted, å, ß, ç"),
    (r"pages 1--10 --- done", "pages 1–10 — done"),
    (r"``quoted''", "“quoted”"),
    (r"$\alpha$-tests and {\LaTeX}", "α-tests and LaTeX"),
    (r"50\% of \emph{all}", "50% of all"),
    ("two\n   lines~joined", "two lines joined"),
    (r"\url{https://x.org/a%20b}", "https://x.org/a%20b"),
])
def test_latex_becomes_unicode(latex, text):
    assert latex_to_text(latex) == text


def test_accented_authors_and_title(accents):
    paper = accents["mueller2021"]
    assert paper["authors"] == ["Jörg Müller", "María García", "Jiří Škoda", "Jan van der Berg",
                                "Ana de la Fuente", "John Smith Jr.", "Anton Dvořák"]
    assert shown(paper["title"]) == "Café & Bar: naïve LaTeX α-tests for Gödel's Theorem"
    assert shown(paper["venue"]) == "Journal of Naïve Studies"
    assert paper["corresponding"] == ["Anton Dvořák"]  # written Dvo\v{r}\'ak, Anton$^\dagger$


def test_protective_braces_are_removed(papers, accents):
    assert shown(papers["li2023whac"]["title"]).startswith("A Whac-A-Mole Dilemma:")
    assert shown(accents["oconnor2019"]["title"]) == "Strategies for in situ Learning"
    assert accents["oconnor2019"]["authors"] == ["Siobhán O'Connor", "Hans Christian Ørsted",
                                                 "Andrew Ng"]


def test_urls_are_kept_verbatim(accents):
    assert accents["mueller2021"]["links"] == {
        "paper": "https://example.org/papers/na%C3%AFve_tests?id=1&v=2"}


# --- macros, crossref, arXiv, others ---------------------------------------------------------


def test_string_macros_expand_inside_concatenations(papers):
    paper = papers["li2023whac"]
    assert paper["venue"] == ("Proceedings of the IEEE/CVF Conference on Computer Vision and "
                              "Pattern Recognition (CVPR)")
    assert paper["date"] == "2023-06"  # year 2023, month = jun (a predefined macro)


def test_crossref_fills_the_child_and_drops_the_volume(papers):
    child = papers["chen2018lip"]
    assert child["venue"] == "European Conference on Computer Vision (ECCV) 2018"
    assert child["year"] == 2018
    assert child["volume"] == "11207"
    assert child["extensions"]["bibtex"]["publisher"] == "Springer"
    assert child["extensions"]["bibtex"]["series"] == "Lecture Notes in Computer Science"
    assert "eccv2018" not in papers  # the proceedings volume is not a publication


def test_equal_contribution_marks_come_from_the_names(papers):
    assert papers["chen2018lip"]["authors"][:2] == ["Lele Chen", "Zhiheng Li"]
    assert papers["chen2018lip"]["equal_contribution"] == ["Lele Chen", "Zhiheng Li"]


def test_dblp_corr_entry_is_an_arxiv_preprint(papers):
    paper = papers["li2024scaling"]
    assert paper["kind"] == "preprint"
    assert paper["arxiv"] == "2412.12391"
    assert paper["venue"] == "arXiv preprint arXiv:2412.12391"
    assert paper["categories"] == ["cs.CV"]
    assert "volume" not in paper  # abs/2412.12391 is the arXiv id again, not a volume
    assert "biburl" not in paper.get("extensions", {}).get("bibtex", {})  # DBLP's own noise


def test_misc_with_arxiv_eprint_is_a_preprint(papers):
    paper = papers["zhang2024discover"]
    assert (paper["kind"], paper["arxiv"]) == ("preprint", "2403.12777")


def test_and_others_becomes_et_al(papers):
    assert papers["li2024scaling"]["authors"][-2:] == ["Stefano Ermon", "et al."]


@pytest.mark.parametrize(("key", "kind", "venue"), [
    ("li2023whac", "conference", None),
    ("mehta2022embeddings", "workshop", "ECCV Responsible Computer Vision Workshop"),
    ("li2020graph", "journal", "Chemical Science"),
    ("li2023thesis", "thesis", "PhD thesis, University of Rochester"),
])
def test_entry_types_map_to_kinds(papers, key, kind, venue):
    assert papers[key]["kind"] == kind
    if venue:
        assert papers[key]["venue"] == venue


def test_report_and_unpublished(accents):
    assert accents["oconnor2019"]["venue"] == "Technical Report CS-TR-2019-04, Stanford University"
    assert shown(accents["oconnor2019"]["abstract"]) == (
        "We study “learning” — in situ — with O(n²) cost.")
    note = accents["zhou2025note"]
    assert (note["kind"], note["extensions"]["bibtex"]["entrytype"]) == ("preprint", "unpublished")


def test_identifiers_and_locators_are_kept(papers):
    paper = papers["li2020graph"]
    assert (paper["doi"], paper["volume"], paper["number"], paper["pages"]) == (
        "10.1039/D0SC02458A", "11", "35", "9524–9531")
    assert papers["li2023whac"]["links"]["code"] == "https://github.com/facebookresearch/Whac-A-Mole"


def test_unknown_fields_are_kept_not_dropped(accents, papers):
    assert accents["mueller2021"]["extensions"]["bibtex"] == {
        "isbn": "978-3-16-148410-0", "keywords": "logic, Gödel"}
    assert papers["li2020graph"]["extensions"]["bibtex"] == {
        "publisher": "The Royal Society of Chemistry"}


def test_problems_are_located_and_good_entries_survive():
    result = parse_bibtex((BIB / "broken.bib").read_text(encoding="utf-8"))
    # An entry without a year is kept (shown without one); the two bad ones are reported.
    assert [e.key for e in result.entries] == ["good2020", "noyear", "badmacro2022"]
    problems = [(p.line, p.severity) for p in result.problems]
    assert problems == [(8, "warning"), (21, "warning")]
    assert "closing `}`" in result.problems[0].message
    assert "`neurips` is not a defined @string macro" in result.problems[1].message


# --- .bib files named by a section -----------------------------------------------------------


def write_cv(tmp_path: Path, section: str, *bibs: str) -> Path:
    for name in bibs:
        shutil.copy(BIB / name, tmp_path / name)
    source = tmp_path / "cv.yaml"
    source.write_text("name: Zhiheng Li\nsections:\n  Publications:\n" + section,
                      encoding="utf-8")
    return source


def test_section_reads_bib_entries_after_the_written_ones(tmp_path):
    source = write_cv(tmp_path, """\
    bibtex: papers.bib
    selected: [li2023whac, chen2018lip]
    entries:
      - title: Lip Movements Generation at a Glance
        authors: [Lele Chen, Zhiheng Li]
        venue: ECCV
        year: 2018
""", "papers.bib")
    loaded = load(source)
    pubs = loaded.cv.sections["Publications"].entries
    titles = [p.title for p in pubs]
    assert titles[0] == "Lip Movements Generation at a Glance"
    assert titles.count("Lip Movements Generation at a Glance") == 1  # the .bib copy left out
    assert len(pubs) == 7
    assert pubs[0].venue == "ECCV" and pubs[0].selected  # selected by the .bib's key
    # the written entry takes the key of the .bib copy left out, so [@chen2018lip] finds it
    assert [p.key for p in pubs if p.selected] == ["chen2018lip", "li2023whac"]
    assert loaded.source.key_at(("sections", "Publications", "entries", 1)).file.endswith(
        "papers.bib")


def test_bib_duplicates_by_doi_are_left_out(tmp_path):
    source = write_cv(tmp_path, """\
    bibtex: [papers.bib]
    entries:
      - title: GNN coarse-graining (written differently)
        authors: [Zhiheng Li]
        doi: 10.1039/d0sc02458a
        year: 2020
""", "papers.bib")
    titles = [p.title for p in load(source).cv.sections["Publications"].entries]
    assert "Graph Neural Network Based Coarse-Grained Mapping Prediction" not in titles


def test_problems_in_a_bib_are_reported_at_its_lines(tmp_path):
    source = write_cv(tmp_path, "    bibtex: broken.bib\n", "broken.bib")
    loaded = load(source)  # the bad entries are left out, with warnings
    found = [(d.location.file.rsplit("/", 1)[-1], d.location.line, d.code)
             for d in loaded.warnings]
    assert found == [("broken.bib", 8, "CV112"), ("broken.bib", 21, "CV112")]
    assert [p.key for p in loaded.cv.sections["Publications"].entries] == [
        "good2020", "noyear", "badmacro2022"]
    strict = write_cv(tmp_path, "    bibtex: broken.bib\n    strict: true\n")
    with pytest.raises(DiagnosticsError) as caught:
        load(strict)
    found = [(d.location.line, d.severity) for d in caught.value.diagnostics]
    assert found == [(8, Severity.ERROR), (21, Severity.ERROR)]


def test_an_invalid_field_in_a_bib_is_located_there(tmp_path):
    (tmp_path / "refs.bib").write_text(
        "@article{x,\n  author = {Doe, Jane},\n  title = {T},\n  journal = {J},\n"
        "  doi = {not-a-doi},\n  year = 2020\n}\n", encoding="utf-8")
    source = write_cv(tmp_path, "    bibtex: refs.bib\n")
    (diagnostic,) = load(source).warnings
    assert diagnostic.code == "CV112" and "entry `x`: doi:" in diagnostic.message
    assert diagnostic.message.endswith("; left out")
    assert (Path(diagnostic.location.file).name, diagnostic.location.line) == ("refs.bib", 5)


def test_warnings_do_not_stop_loading(tmp_path):
    (tmp_path / "refs.bib").write_text(
        "@inproceedings{x, author = {Doe, Jane}, title = {T}, booktitle = nips, year = 2020}\n",
        encoding="utf-8")
    loaded = load(write_cv(tmp_path, "    bibtex: refs.bib\n"))
    (warning,) = loaded.warnings
    assert warning.severity is Severity.WARNING and "nips" in warning.message


@pytest.mark.parametrize(("path", "code"), [
    ("../papers.bib", "CV106"), ("/etc/papers.bib", "CV106"), ("https://x.org/p.bib", "CV106"),
    ("papers.txt", "CV108"), ("missing.bib", "CV112"),
])
def test_bib_paths_are_checked(tmp_path, path, code):
    source = write_cv(tmp_path, f"    bibtex: [{path}]\n")
    with pytest.raises(DiagnosticsError) as caught:
        load(source)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == code
    assert (diagnostic.location.line, diagnostic.path) == (4, "sections.Publications.bibtex[0]")


def test_unknown_selected_key_is_reported(tmp_path):
    source = write_cv(tmp_path, "    bibtex: papers.bib\n    selected: [li2023wack]\n",
                      "papers.bib")
    with pytest.raises(DiagnosticsError) as caught:
        load(source)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.hint == "did you mean `li2023whac`?"


def test_bib_citations_read_as_citations(tmp_path):
    cv = load(write_cv(tmp_path, "    bibtex: papers.bib\n", "papers.bib")).cv
    views = {v.key: to_text(v.citation) for v in build_document(cv).sections[0].entries
             if isinstance(v, PublicationView)}
    assert views["li2020graph"].endswith("*Chemical Science*, 11(35):9524–9531, 2020."
                                         .replace("*", ""))
    assert "(CVPR), pages 20071–20082, 2023." in views["li2023whac"]
    assert views["li2024scaling"].startswith("Hao Li, Shamit Lal, Zhiheng Li,")
    assert "Stefano Ermon, et al. Efficient Scaling" in views["li2024scaling"]


# --- cvtool import bibtex --------------------------------------------------------------------


def test_import_prints_yaml_that_validates():
    result = CliRunner().invoke(main, ["import", "bibtex", str(BIB / "papers.bib")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 7 publication(s) from ")
    listed = yaml.safe_load(result.stdout)
    assert [p["key"] for p in listed][:2] == ["li2023whac", "chen2018lip"]
    cv = load_text("name: Zhiheng Li\nsections:\n  Publications:\n"
                   + "\n".join("    " + line for line in result.stdout.splitlines()),
                   "imported.yaml").cv
    assert len(cv.sections["Publications"].entries) == 7
    assert "info[CV112]: chen2018lip: kept publisher, series, address, editor" in result.stderr


def test_import_of_a_broken_bib_reports_and_keeps_the_rest():
    result = CliRunner().invoke(main, ["import", "bibtex", str(BIB / "broken.bib")])
    assert result.exit_code == 0  # the bad entries are left out, with warnings
    assert [p["key"] for p in yaml.safe_load(result.stdout)] == [
        "good2020", "noyear", "badmacro2022"]
    assert "broken.bib:8:1: warning[CV112]: entry `nobrace2021`: BibTeX syntax" in result.stderr
    assert "broken.bib:21:1: warning[CV112]" in result.stderr

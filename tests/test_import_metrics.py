"""`cvtool import metrics`: each export format (fixtures written by hand from each format's
documentation, with fictional papers), each matching rule, the patch, --write, idempotence,
bad input, and a section's metrics by citation key (CV115)."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvtool import build as build_module
from cvtool.cli import main
from cvtool.errors import DiagnosticsError
from cvtool.importers.metrics import import_metrics
from cvtool.importers.metrics.formats import Record, arxiv_id, read_export
from cvtool.importers.metrics.matching import Index, PaperKeys, normal_doi, normal_title
from cvtool.loader import load, load_text
from tests.conftest import FIXTURES

HERE = FIXTURES / "metrics"
SHORTCUT = "Shortcut Learning in Toy Worlds"
SHEEP = "Counting Sheep with Transformers"
UBER = '{\\"U}ber-Efficient {Sparse} Attention --- a Study'
FLOW = "Flow-Style Entries Are Entries Too"
NUMBERS = "A Paper With Numbers Already"
STALE = "Hand-Typed Counts Go Stale"
NOBODY = "A Paper Nobody Cites"
ALPHA = "Alpha Is All You Need"
BETA = "Beta Testing Large Models"


@pytest.fixture
def cv(tmp_path: Path) -> Path:
    """A copy of the test CV (and its .bib), to edit."""
    for name in ("cv.yaml", "papers.bib"):
        shutil.copy(HERE / name, tmp_path / name)
    return tmp_path / "cv.yaml"


def _run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", "metrics", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception  # never a traceback
    return result.exit_code, result.stdout, result.stderr


def _citations(path: Path) -> dict[str, object]:
    loaded = load(path)
    return {pub.title: pub.metrics.get("citations", pub.metrics.get("cited by"))
            for section in loaded.cv.sections.values() for pub in section.entries}


# ---- each format -------------------------------------------------------------------

EXPECTED = {
    "openalex.json": ("openalex", {
        SHORTCUT: ("DOI", 120), SHEEP: ("arXiv", 45), FLOW: ("DOI", 4),
        NUMBERS: ("DOI", 57), STALE: ("DOI", 12), ALPHA: ("DOI", 30), BETA: ("arXiv", 2),
        UBER: ("title", 9)}),
    "semanticscholar.json": ("semanticscholar", {
        SHORTCUT: ("DOI", 118), SHEEP: ("arXiv", 44), UBER: ("title", 8),
        BETA: ("arXiv", 3)}),
    "orcid.json": ("orcid", {SHORTCUT: ("DOI", None), BETA: ("arXiv", None)}),
    "orcid.csv": ("orcid-csv", {SHORTCUT: ("DOI", None), BETA: ("arXiv", None)}),
    "scholar.csv": ("scholar-csv", {
        SHORTCUT: ("title", 121), SHEEP: ("arXiv", 46), UBER: ("title", 10),
        NOBODY: ("title", 0), ALPHA: ("title", 1234)}),
    "scholar.bib": ("scholar-bibtex", {SHORTCUT: ("title", None)}),
}


@pytest.mark.parametrize("export", list(EXPECTED))
def test_each_format_is_recognised_and_matched(export: str, cv: Path):
    fmt, expected = EXPECTED[export]
    result = import_metrics((HERE / export).read_text(encoding="utf-8"), export, cv)
    assert result.export.format == fmt
    assert {m.title: (m.rule, m.new) for m in result.matches} == expected
    # the one paper each export has that the CV has not is listed, with where it is
    assert len(result.unused) == 1
    assert "else" in (result.unused[0].title or "").lower() or "Book Review" in (
        result.unused[0].title or "")
    assert result.unused[0].location.file == export and result.unused[0].location.line > 1


@pytest.mark.parametrize("export", list(EXPECTED))
def test_a_forced_format_reads_the_same(export: str):
    fmt, _ = EXPECTED[export]
    text = (HERE / export).read_text(encoding="utf-8")
    assert read_export(text, export, fmt) == read_export(text, export)


def test_formats_without_counts_propose_nothing_and_say_why(cv: Path):
    for export in ("orcid.json", "orcid.csv", "scholar.bib"):
        code, out, err = _run(HERE / export, cv)
        assert code == 0 and out == ""
        assert "have no citation counts" in err and "nothing to change" in err


def test_openalex_single_work_and_semantic_scholar_author_papers():
    work = '{"id": "https://openalex.org/W1", "doi": "https://doi.org/10.5555/X", ' \
           '"display_name": "T", "cited_by_count": 3}'
    export = read_export(work, "w.json")
    assert export.format == "openalex"
    assert export.records[0].citations == 3 and export.records[0].label == "W1"
    papers = '{"data": [{"paperId": "p", "title": "T", "citationCount": 7}]}'
    assert read_export(papers, "p.json").records[0].citations == 7


# ---- matching ---------------------------------------------------------------------

@pytest.mark.parametrize("written", ["10.5555/Toy.1", "https://doi.org/10.5555/toy.1",
                                     "http://dx.doi.org/10.5555/TOY.1", "doi:10.5555/toy.1"])
def test_dois_compare_without_case_or_resolver(written: str):
    assert normal_doi(written) == "10.5555/toy.1"


@pytest.mark.parametrize("written", ["2101.00001", "2101.00001v3", "arXiv:2101.00001",
                                     "arxiv: 2101.00001v1", "https://arxiv.org/abs/2101.00001v2",
                                     "http://arxiv.org/pdf/2101.00001",
                                     "10.48550/arXiv.2101.00001"])
def test_arxiv_ids_compare_without_prefix_or_version(written: str):
    assert arxiv_id(written) == "2101.00001"


def test_old_style_arxiv_ids():
    assert arxiv_id("arXiv:hep-th/9901001v2") == "hep-th/9901001"


@pytest.mark.parametrize("title", [
    "Über-Efficient Sparse Attention — A Study",
    '{\\"U}ber-Efficient {Sparse} Attention --- a Study',
    "  uber   efficient sparse attention: a study. ",
    "Über-efficient sparse attention: a study",  # decomposed Ü
    "\\textbf{Über}-Efficient Sparse Attention, a Study",
])
def test_titles_compare_loosely(title: str):
    assert normal_title(title) == "uber efficient sparse attention a study"


def test_doi_wins_over_arxiv_and_title():
    by_title = Record(None, "t", title="Same Title", citations=1)  # type: ignore[arg-type]
    by_arxiv = Record(None, "a", arxiv="2101.00001", citations=2)  # type: ignore[arg-type]
    by_doi = Record(None, "d", doi="https://doi.org/10.5555/A", citations=3)  # type: ignore[arg-type]
    index = Index([by_title, by_arxiv, by_doi])
    assert index.match(PaperKeys("10.5555/a", "2101.00001", "same title")) == ("DOI", by_doi)
    assert index.match(PaperKeys("10.5555/b", "2101.00001", "same title")) == ("arXiv", by_arxiv)
    assert index.match(PaperKeys(None, None, "same title")) == ("title", by_title)
    assert index.match(PaperKeys("10.5555/b", "2101.99999", "other")) is None


def test_arxiv_from_the_papers_links_id_or_venue(tmp_path: Path):
    cv = tmp_path / "cv.yaml"
    cv.write_text("name: A\nsections:\n  Publications:\n"
                  "    - {title: One, authors: [A], arxiv: 2101.00001v2}\n"
                  "    - {title: Two, authors: [A], venue: 'arXiv preprint arXiv:2101.00002'}\n"
                  "    - {title: Three, authors: [A], links: {pdf: 'https://arxiv.org/pdf/2101.00003'}}\n",
                  encoding="utf-8")
    export = "[" + ",".join(
        f'{{"paperId": "p{n}", "title": "x{n}", "externalIds": {{"ArXiv": "2101.0000{n}"}}, '
        f'"citationCount": {n}}}' for n in (1, 2, 3)) + "]"
    result = import_metrics(export, "s2.json", cv)
    assert [(m.title, m.rule, m.new) for m in result.matches] == [
        ("One", "arXiv", 1), ("Two", "arXiv", 2), ("Three", "arXiv", 3)]


# ---- the report and the patch ------------------------------------------------------

def test_the_report_lists_matches_and_both_kinds_of_unmatched(cv: Path):
    code, _, err = _run(HERE / "openalex.json", cv)
    assert code == 0
    assert f"cv.yaml:7:7: matched by DOI to W1000000001: citations none -> 120: “{SHORTCUT}”" \
        in err
    assert "papers.bib:10:1: matched by arXiv to W1000000008" in err
    assert f"cv.yaml:47:7: not in the export: “{NOBODY}”" in err
    assert "openalex.json:66:5: not in the CV: W1000000099: “Someone Else's Paper”" in err


def test_the_patch_is_printed_and_the_source_left_alone(cv: Path, tmp_path: Path):
    before = cv.read_bytes()
    code, out, _ = _run(HERE / "openalex.json", cv)
    assert code == 0 and cv.read_bytes() == before  # never rewritten without --write
    assert out.startswith(f"--- a/{cv}\n+++ b/{cv}\n@@ ")
    added = [line for line in out.splitlines() if line.startswith("+") and
             not line.startswith("+++")]
    removed = [line for line in out.splitlines() if line.startswith("-") and
               not line.startswith("---")]
    assert "+      metrics: {citations: 120}" in added
    assert "+      metrics: {citations: 57, score: 18.8}" in added  # the score kept
    assert "+        cited by: 12   # typed by hand last year" in added  # label, comment kept
    assert "+    metrics:" in added and "+      example2024alpha: {citations: 30}" in added
    assert len(removed) == 3  # the two counts changed in place, and the flow entry's line
    # the patch applies with `patch`, giving what --write writes
    if shutil.which("patch"):
        import subprocess

        subprocess.run(["patch", "-s", "-p1", "-d", "/"], input=out.replace(
            f"a/{cv}", f"a{cv}").replace(f"b/{cv}", f"b{cv}"), text=True, check=True)
        assert _citations(cv)[SHORTCUT] == 120


def test_write_applies_it_atomically_and_keeps_comments(cv: Path, monkeypatch):
    before = cv.read_text(encoding="utf-8")
    calls = []
    real = build_module.write_atomic
    monkeypatch.setattr(build_module, "write_atomic",
                        lambda path, data: (calls.append(path), real(path, data)))
    code, out, err = _run(HERE / "openalex.json", cv, "--write")
    assert code == 0 and out == "" and calls == [cv]
    assert "wrote" in err and "8 papers" in err
    after = cv.read_text(encoding="utf-8")
    comments = [line for line in before.splitlines() if "#" in line and "typed by" not in line]
    assert all(line in after.splitlines() for line in comments)
    assert sorted(os.listdir(cv.parent)) == ["cv.yaml", "papers.bib"]  # no temporary left
    counts = _citations(cv)
    assert counts[SHORTCUT] == 120 and counts[STALE] == 12 and counts[ALPHA] == 30
    assert counts[BETA] == 2 and counts[UBER] == 9 and counts[NOBODY] is None
    assert load(cv).cv.sections["Publications"].entries[4].metrics == {
        "citations": 57, "score": 18.8}


def test_a_failed_write_changes_nothing(cv: Path, monkeypatch):
    before = cv.read_bytes()

    def full(path: Path, data: bytes) -> Path:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(build_module, "_write_temporary", full)
    code, _, err = _run(HERE / "openalex.json", cv, "--write")
    assert code == 1 and "No space left on device" in err
    assert cv.read_bytes() == before


@pytest.mark.parametrize("export", ["openalex.json", "semanticscholar.json", "scholar.csv"])
def test_a_second_run_changes_nothing(export: str, cv: Path):
    assert _run(HERE / export, cv, "--write")[0] == 0
    written = cv.read_bytes()
    code, out, err = _run(HERE / export, cv)
    assert code == 0 and out == "" and "up to date, nothing to change" in err
    assert "(unchanged)" in err
    assert _run(HERE / export, cv, "--write")[0] == 0
    assert cv.read_bytes() == written


def test_counts_already_in_a_section_map_are_updated_there(tmp_path: Path):
    shutil.copy(HERE / "papers.bib", tmp_path / "papers.bib")
    cv = tmp_path / "cv.yaml"
    cv.write_text("name: A\nsections:\n  Preprints:\n    bibtex: papers.bib\n"
                  "    metrics:\n      example2024alpha:\n        citations: 1  # old\n"
                  "    order: newest-first\n", encoding="utf-8")
    export = '[{"paperId": "a", "title": "Alpha is all you need", "citationCount": 31},' \
             ' {"paperId": "b", "externalIds": {"ArXiv": "2402.00002"}, "citationCount": 5}]'
    result = import_metrics(export, "s2.json", cv)
    assert result.new_text == (
        "name: A\nsections:\n  Preprints:\n    bibtex: papers.bib\n"
        "    metrics:\n      example2024alpha:\n        citations: 31  # old\n"
        "      example2024beta: {citations: 5}\n"
        "    order: newest-first\n")


def test_a_section_in_flow_style_gets_its_map_inside_the_braces(tmp_path: Path):
    shutil.copy(HERE / "papers.bib", tmp_path / "papers.bib")
    cv = tmp_path / "cv.yaml"
    cv.write_text("name: A\nsections:\n  Preprints: {bibtex: papers.bib}\n", encoding="utf-8")
    export = '[{"paperId": "a", "title": "Alpha is all you need", "citationCount": 31}]'
    result = import_metrics(export, "s2.json", cv)
    assert result.new_text == ("name: A\nsections:\n  Preprints: {bibtex: papers.bib, metrics: "
                               "{example2024alpha: {citations: 31}}}\n")


def test_a_flow_entry_gets_its_count_last_and_quotes_and_brackets_are_skipped(tmp_path: Path):
    cv = tmp_path / "cv.yaml"
    cv.write_text("name: A\nsections:\n  Papers:\n    - {title: 'It''s {odd}', authors: [A],"
                  " venue: \"x}\"}\n", encoding="utf-8")
    export = '[{"paperId": "a", "title": "It\'s {odd}", "citationCount": 3}]'
    result = import_metrics(export, "s2.json", cv)
    assert result.new_text.splitlines()[3] == ("    - {title: 'It''s {odd}', authors: [A], "
                                               "venue: \"x}\", metrics: {citations: 3}}")


def test_windows_line_endings_are_kept(tmp_path: Path):
    cv = tmp_path / "cv.yaml"
    cv.write_bytes(b"name: A\r\nsections:\r\n  Publications:\r\n    - title: One\r\n"
                   b"      authors: [A]\r\n")
    export = '[{"paperId": "a", "title": "One", "citationCount": 2}]'
    result = import_metrics(export, "s2.json", cv)
    assert result.new_text.endswith("      authors: [A]\r\n      metrics: {citations: 2}\r\n")


# ---- bad input ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "name", "fmt", "expected"), [
    ('{"results": [\n  {"doi": "x",}\n]}', "bad.json", None,
     "bad.json:2:15: error[CV001]: JSON syntax"),
    ('[{"paperId": "p", "citationCount": "many"}]', "s2.json", None,
     "s2.json:1:36: error[CV104]: `citationCount` must be a whole number"),
    ('{"results": [{"id": "W1", "cited_by_count": -1}]}', "oa.json", None,
     "oa.json:1:45: error[CV104]: `cited_by_count` must be a whole number"),
    ('{"results": "none"}', "oa.json", None, "oa.json:1:13: error[CV104]: `results` must be"),
    ('{"name": "not an export"}', "x.json", None,
     "x.json:1:1: error[CV104]: a JSON file, but not an OpenAlex"),
    ('{"group": []}', "o.json", "openalex", "o.json:1:1: error[CV104]: expected an OpenAlex work"),
    ('{"results": []}', "o.json", "orcid", "o.json:1:1: error[CV104]: an ORCID works JSON has"),
    ("Title,Cited by\nOne,12\nTwo,lots\n", "s.csv", None,
     "s.csv:3:1: error[CV104]: `Cited by` must be a whole number"),
    ('Title,Cited by\n"One,12\n', "s.csv", None, "s.csv:2:1: error[CV001]: CSV syntax"),
    ("Name,Year\nOne,2020\n", "s.csv", None, "s.csv:1:1: error[CV104]: a CSV export needs a"),
    ("just some words\n", "notes.txt", None, "notes.txt:1:1: error[CV104]: cannot tell"),
])
def test_bad_exports_are_located_errors(text: str, name: str, fmt: str | None, expected: str,
                                        tmp_path: Path, cv: Path):
    export = tmp_path / name
    export.write_text(text, encoding="utf-8")
    args = [export, cv] + (["--format", fmt] if fmt else [])
    code, out, err = _run(*args)
    assert code == 1 and out == ""
    assert err.startswith(str(tmp_path / expected)), err


def test_a_bib_entry_it_cannot_read_is_a_located_warning(tmp_path: Path, cv: Path):
    export = tmp_path / "s.bib"
    export.write_text("@article{x,\n  title = {A},\n  year = {20", encoding="utf-8")
    code, out, err = _run(export, cv)
    assert code == 0 and out == ""
    assert err.startswith(f"{export}:1:1: warning[CV112]: entry `x`: BibTeX syntax")
    assert "Google Scholar BibTeX, 0 papers" in err


def test_a_missing_export_or_cv_is_an_error_not_a_traceback(tmp_path: Path, cv: Path):
    assert "no such file" in _run(tmp_path / "nope.json", cv)[2]
    code, _, err = _run(HERE / "openalex.json", tmp_path / "nope.yaml")
    assert code == 1 and "no such file" in err


def test_an_invalid_cv_is_reported_and_left_alone(tmp_path: Path):
    cv = tmp_path / "cv.yaml"
    cv.write_text("sections:\n  Publications:\n    - {title: T, authors: [A]}\n",
                  encoding="utf-8")
    code, out, err = _run(HERE / "openalex.json", cv, "--write")
    assert code == 1 and out == "" and "CV101" in err


# ---- a section's metrics by citation key ---------------------------------------------

def _keyed_cv(tmp_path: Path, metrics: str) -> Path:
    shutil.copy(HERE / "papers.bib", tmp_path / "papers.bib")
    cv = tmp_path / "cv.yaml"
    cv.write_text("name: A\nsections:\n  Papers:\n    entries:\n"
                  "      - {title: Own, authors: [A], key: own2020, metrics: {citations: 5}}\n"
                  f"    bibtex: papers.bib\n    metrics:\n{metrics}", encoding="utf-8")
    return cv


def test_section_metrics_reach_bib_entries_and_written_keys(tmp_path: Path):
    cv = _keyed_cv(tmp_path, "      example2024alpha: {citations: 42, score: 1.5}\n"
                             "      own2020: {citations: 6, score: 2}\n")
    entries = {p.title: p.metrics for p in load(cv).cv.sections["Papers"].entries}
    assert entries[ALPHA] == {"citations": 42, "score": 1.5}
    assert entries["Own"] == {"citations": 5, "score": 2}  # the entry's own value wins
    assert entries[BETA] == {}
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(cv), "-f", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Citations 42" in (out / "cv.md").read_text(encoding="utf-8")


def test_an_unknown_citation_key_is_cv115(tmp_path: Path):
    cv = _keyed_cv(tmp_path, "      example2024alfa: {citations: 42}\n")
    with pytest.raises(DiagnosticsError) as caught:
        load(cv)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.format() == (
        f"{cv}:8:7: error[CV115]: sections.Papers.metrics.example2024alfa: no entry of this "
        "section has the citation key `example2024alfa` (did you mean `example2024alpha`?)")


def test_cv115_in_a_section_without_bib(tmp_path: Path):
    text = ("name: A\nsections:\n  Papers:\n    entries:\n"
            "      - {title: Own, authors: [A], key: own2020}\n"
            "    metrics: {own2020: {citations: 1}, nobody: {citations: 2}}\n")
    with pytest.raises(DiagnosticsError) as caught:
        load_text(text, "cv.yaml", tmp_path / "cv.yaml")
    assert [d.format()[:26] for d in caught.value.diagnostics] == ["cv.yaml:6:40: error[CV115]"]
    cv = load_text(text.replace(", nobody: {citations: 2}", ""), "cv.yaml").cv
    assert cv.sections["Papers"].entries[0].metrics == {"citations": 1}


def test_section_metrics_values_are_checked_by_the_schema(tmp_path: Path):
    cv = _keyed_cv(tmp_path, "      example2024alpha: 42\n")
    with pytest.raises(DiagnosticsError) as caught:
        load(cv)
    assert [d.code for d in caught.value.diagnostics] == ["CV104"]
    assert caught.value.diagnostics[0].location.line == 8  # type: ignore[union-attr]


def test_an_entry_repeated_with_an_alias_is_edited_once(tmp_path: Path):
    cv = tmp_path / "cv.yaml"
    cv.write_text("name: A\nsections:\n  Selected:\n    kind: publication\n    entries:\n"
                  "      - &one\n        title: One\n        authors: [A]\n"
                  "  Publications:\n    - *one\n", encoding="utf-8")
    result = import_metrics('[{"paperId": "a", "title": "One", "citationCount": 2}]',
                            "s2.json", cv)
    assert result.new_text.count("metrics: {citations: 2}") == 1
    assert len(result.matches) == 2


def test_a_paper_listed_twice_in_the_export_is_not_reported_missing_from_the_cv(cv: Path):
    export = ('[{"paperId": "a", "title": "Shortcut learning in toy worlds", '
              '"citationCount": 9},\n {"paperId": "b", "title": "Shortcut Learning in Toy '
              'Worlds.", "citationCount": 1}]')
    result = import_metrics(export, "s2.json", cv)
    assert result.unused == []
    assert any("s2.json:2:2: left out: the same paper as a (1:2)" in line
               for line in result.report())


def test_an_empty_metrics_mapping_gets_the_count(tmp_path: Path):
    cv = tmp_path / "cv.yaml"
    cv.write_text("name: A\nsections:\n  Publications:\n    - title: One\n"
                  "      authors: [A]\n      metrics: {}\n", encoding="utf-8")
    result = import_metrics('[{"paperId": "a", "title": "One", "citationCount": 2}]',
                            "s2.json", cv)
    assert "metrics: {citations: 2}" in result.new_text


def test_write_keeps_a_byte_order_mark(tmp_path: Path):
    cv = tmp_path / "cv.yaml"
    cv.write_bytes(b"\xef\xbb\xbfname: A\nsections:\n  Publications:\n    - title: One\n"
                   b"      authors: [A]\n")
    export = tmp_path / "s2.json"
    export.write_text('[{"paperId": "a", "title": "One", "citationCount": 2}]', encoding="utf-8")
    assert _run(export, cv, "--write")[0] == 0
    assert cv.read_bytes() == (b"\xef\xbb\xbfname: A\nsections:\n  Publications:\n"
                               b"    - title: One\n      authors: [A]\n"
                               b"      metrics: {citations: 2}\n")


def test_write_through_a_symbolic_link_keeps_the_link(tmp_path: Path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "cv.yaml").write_text("name: A\nsections:\n  Publications:\n    - title: One\n"
                                  "      authors: [A]\n", encoding="utf-8")
    link = tmp_path / "cv.yaml"
    link.symlink_to(real / "cv.yaml")
    export = tmp_path / "s2.json"
    export.write_text('[{"paperId": "a", "title": "One", "citationCount": 2}]', encoding="utf-8")
    assert _run(export, link, "--write")[0] == 0
    assert link.is_symlink()
    assert "metrics: {citations: 2}" in (real / "cv.yaml").read_text(encoding="utf-8")


def test_the_report_shows_titles_as_a_reader_sees_them(cv: Path):
    _, _, err = _run(HERE / "openalex.json", cv)
    assert "“Über-Efficient Sparse Attention — a Study”" in err
    assert "{\\\"U}" not in err

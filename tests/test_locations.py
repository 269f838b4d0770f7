"""Validation, lint and page fitting name the same ``file:line:col`` and the same path, as
written, for the same item: one resolver (cvtool.sourcemap) answers for all three."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvtool.cli import main

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")]

BULLET = "Bullet about shipping a thing that mattered to many people, measured with care."


def experience_cv(long_form: bool, broken: bool = False) -> str:
    """Ten jobs, oldest first (so lint warns CV401 on each after the first, and fitting
    drops the oldest); ``broken`` misspells the second job's first key."""
    indent = "      " if long_form else "    "
    lines = ["name: Fit Test", "contact: {email: fit@example.org}", "sections:",
             "  Experience:"]
    if long_form:
        lines += ["    kind: experience", "    entries:"]
    for job in range(10):
        key = "organisation" if broken and job == 1 else "organization"
        lines += [f"{indent}- {key}: Company {job}",
                  f"{indent}  dates: {2000 + job} – {2001 + job}",
                  f"{indent}  highlights:"]
        lines += [f"{indent}    - {BULLET}"] * 8
    lines += ["variants:", "  resume: {max_pages: 1}"]
    return "\n".join(lines) + "\n"


def lint_places(source: Path) -> dict[str, str]:
    """path -> file:line:col of each CV401 (an entry listed out of order)."""
    result = CliRunner().invoke(main, ["lint", str(source), "--format", "json"])
    found = json.loads(result.output)
    items = found["diagnostics"] if isinstance(found, dict) else found
    return {d["path"]: f"{d['file']}:{d['line']}:{d['column']}" for d in items
            if d["code"] == "CV401"}


def fit_places(source: Path, out: Path) -> dict[str, str]:
    """path -> file:line:col of each item page fitting dropped."""
    result = CliRunner().invoke(main, ["resume", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return dict(re.findall(r"^fit: dropped (\S+) at (\S+),", result.output, re.M))


@pytest.mark.parametrize("long_form", [True, False], ids=["long-form", "short-form"])
def test_validation_lint_and_fitting_agree(tmp_path, long_form):
    source = tmp_path / "cv.yaml"
    source.write_text(experience_cv(long_form))
    dropped = fit_places(source, tmp_path / "out")
    linted = lint_places(source)
    entries = "sections.Experience.entries" if long_form else "sections.Experience"
    second = f"{entries}[1]"
    assert second in dropped and second in linted, (dropped, linted)
    assert dropped[second] == linted[second]
    text = source.read_text().splitlines()
    line = next(n for n, t in enumerate(text, 1) if t.endswith("organization: Company 1"))
    assert dropped[second] == f"{source}:{line}:{text[line - 1].index('organization') + 1}"
    for path in set(dropped) & set(linted):
        assert dropped[path] == linted[path], path

    source.write_text(experience_cv(long_form, broken=True))
    result = CliRunner().invoke(main, ["validate", str(source)])
    assert result.exit_code == 1
    # The misspelt key is the entry's first, so the entry and its key start at one place.
    assert f"{dropped[second]}: error[CV100]: {second}.organisation: unknown key" in result.output
    # ... and it is one mistake: no "`organization` is required" at the same place.
    assert "error[CV101]" not in result.output


def test_bib_entries_are_placed_in_the_bib_file_by_all_three(tmp_path):
    entries = [f"@article{{k{i},\n  author = {{Test, Fit and Doe, Jane}},\n"
               f"  title = {{A study of things number {i}, measured with care}},\n"
               f"  journal = {{Journal of Things}},\n  year = {{{1990 + i}}}\n}}\n"
               for i in range(40)]
    (tmp_path / "refs.bib").write_text("\n".join(entries))
    source = tmp_path / "cv.yaml"
    source.write_text("name: Fit Test\ncontact: {email: fit@example.org}\nsections:\n"
                      "  Publications:\n    bibtex: refs.bib\n"
                      "variants:\n  resume: {max_pages: 1}\n")
    dropped = fit_places(source, tmp_path / "out")
    linted = lint_places(source)
    second = "sections.Publications.entries[1]"
    bib = tmp_path / "refs.bib"
    assert dropped[second] == linted[second] == f"{bib}:8:1"  # its @article line
    for path in set(dropped) & set(linted):
        assert dropped[path] == linted[path], path

    entries[1] = entries[1].replace("year = {1991}", "year = {1991},\n  doi = {not-a-doi}")
    bib.write_text("\n".join(entries))
    result = CliRunner().invoke(main, ["validate", str(source)])
    assert result.exit_code == 0  # the entry is left out, with a warning at its DOI
    assert f"{bib}:13:1: warning[CV112]: sections.Publications.bibtex: entry `k1`: doi:" in (
        result.output)

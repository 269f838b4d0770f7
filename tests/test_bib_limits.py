"""A .bib nested beyond reason (5,000 levels of braces) is a located CV112 in every command
that reads it, never a RecursionError; the file's other entries are read as before. And
the fast LaTeX conversion agrees with pylatexenc's wherever it is used."""

from __future__ import annotations

import json
import random

import pytest
import yaml
from click.testing import CliRunner

from cvtool.cli import main
from cvtool.importers import bibtex
from cvtool.importers.bibtex.latex import _scripts as scripts
from cvtool.markup import to_text
from cvtool.texinline import tex

DEPTH = 5000


def shown(text: str) -> str:
    """A title, venue or abstract as it reads: the bib reader keeps their TeX, which is
    converted at render time (cvtool.texinline)."""
    return to_text(tex(text))


def deep_bib(title: str | None = None) -> str:
    title = title if title is not None else "{" * DEPTH + "Deep" + "}" * DEPTH
    return ("@article{fine2001, author={Ada Lovelace}, title={Fine}, journal={J. Engines},\n"
            "  year=2001}\n\n"
            "@article{deep2002,\n  author={Ada Lovelace},\n  title={" + title + "},\n"
            "  journal={J. Engines}, year=2002}\n\n"
            "@article{also2003, author={Ada Lovelace}, title={Also {\\\"u}ber fine},\n"
            "  journal={J. Engines}, year=2003}\n")


@pytest.fixture
def deep_cv(tmp_path):
    (tmp_path / "papers.bib").write_text(deep_bib(), encoding="utf-8")
    source = tmp_path / "cv.yaml"
    source.write_text("name: Ada Lovelace\ncontact: {email: ada@example.org}\nsections:\n"
                      "  Publications:\n    bibtex: papers.bib\n", encoding="utf-8")
    return source


EXPECTED = ":6:1: warning[CV112]: sections.Publications.bibtex: entry `deep2002`: title is " \
           f"nested too deeply ({DEPTH + 1} levels of braces; at most 64); left out"


def run(*args):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args])


def test_validate(deep_cv):
    result = run("validate", deep_cv)
    assert result.exit_code == 0  # one bad entry is left out, with a warning
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.strip() == str(deep_cv.parent / "papers.bib") + EXPECTED


def test_lint_json(deep_cv):
    assert run("lint", deep_cv).exit_code == 0
    result = run("lint", "--strict", "--format", "json", deep_cv)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    report = json.loads(result.stdout)
    (diagnostic,) = [d for d in report["diagnostics"] if d["code"] == "CV112"]
    assert diagnostic["code"] == "CV112" and diagnostic["line"] == 6
    assert diagnostic["file"].endswith("papers.bib")
    assert "nested too deeply" in diagnostic["message"]


def test_build(deep_cv, tmp_path):
    out = tmp_path / "out"
    result = run("build", deep_cv, "-f", "md", "-o", out)
    assert result.exit_code == 0, result.output
    assert EXPECTED in result.stderr
    (written,) = out.glob("*.md")
    text = written.read_text(encoding="utf-8")
    assert "Fine" in text and "Also über fine" in text and "Deep" not in text


def test_import_keeps_the_other_entries(tmp_path):
    bib = tmp_path / "papers.bib"
    bib.write_text(deep_bib(), encoding="utf-8")
    result = run("import", "bibtex", bib)
    assert result.exit_code == 0
    assert "papers.bib:6:1: warning[CV112]: entry `deep2002`: title is nested too deeply" in (
        result.stderr)
    listed = yaml.safe_load(result.stdout)
    assert [(p["key"], shown(p["title"])) for p in listed] == [("fine2001", "Fine"),
                                                      ("also2003", "Also über fine")]


@pytest.mark.parametrize("title", [
    "\\emph{" * DEPTH + "x" + "}" * DEPTH,  # macros, each with a braced argument
    "$" + "{" * DEPTH + "x" + "}" * DEPTH + "$",  # inside a formula
])
def test_other_deep_shapes_are_located_too(title):
    result = bibtex.parse_bibtex(deep_bib(title))
    assert [e.key for e in result.entries] == ["fine2001", "also2003"]
    (problem,) = result.problems
    assert problem.line == 6 and "nested too deeply" in problem.message


def test_nesting_within_the_limit_reads_as_before():
    title = "{" * 60 + "Deep" + "}" * 60
    result = bibtex.parse_bibtex(deep_bib(title))
    assert [shown(e.data["title"]) for e in result.entries] == ["Fine", "Deep", "Also über fine"]
    assert result.problems == []


PIECES = ["a", "B", " ", "\n", "{", "}", "\\'", "\\`", '\\"', "\\^", "\\~", "\\=", "\\.",
          "\\i", "{\\i}", "--", "---", "``", "''", "'", "`", "~", "\\&", "\\%", "\\$", "\\#",
          "\\_", "\\{", "\\}", "e", "o", "!", "?", "-", "\\c", "\\v", "$", "%", "&",
          "\\textbf", "\\ss", "{IEEE}", "\\alpha", "^", "_", "$\\beta$", "$x^2$"]


def test_fast_latex_agrees_with_pylatexenc():
    decoder = bibtex._decoder()
    rnd = random.Random(12)
    samples = ["{IEEE} {{CVPR}}", "Garc{\\'\\i}a", "M{\\\"u}ller", "\\'\\i x", "a -- b---c",
               "``quoted''", "x \\& y \\% z", "with $\\alpha$-tests", "$\\frac{1}{2}$"]
    samples += ["".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 8)))
                for _ in range(3000)]
    for sample in samples:
        scripted = scripts(sample)  # digits raised or lowered first, on both paths
        converted = decoder.latex_to_text(scripted) if any(c in scripted for c in "\\{}$~-`'%") \
            else scripted  # what latex_to_text did before it had a fast path
        expected = bibtex._SPACE.sub(" ", converted.replace("\u00a0", " ")).strip()
        assert bibtex.latex_to_text(sample) == expected, sample

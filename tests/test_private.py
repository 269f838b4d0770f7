"""Private fields: `private:` paths and `private: true`, public builds (--public, a variant's
`public: true`) that leave them out of every format, and lint's proof (CV426)."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvtool.build import BuildRequest, build
from cvtool.cli import main
from cvtool.errors import DiagnosticsError, Severity
from cvtool.lint import lint_file
from cvtool.lint.context import Context
from cvtool.lint.leaks import extract, leak_checks
from cvtool.loader import load, load_text
from cvtool.pipeline import prepare, render
from cvtool.schema.private import PathError, parse_path
from cvtool.variants import public
from tests.conftest import ROOT

CV = """\
name: Ada Example
location: Springfield
contact:
  email: ada@example.org
  phone: +1 585 555 0199
private:
  - contact.phone
  - sections.Experience[0].highlights[1]
  - sections.Skills[0].items[1]
sections:
  Experience:
    - organization: Acme Rockets
      positions: [Engineer]
      dates: 2020 – 2023
      highlights:
        - Built reusable boosters.
        - Negotiated the secret Zorblax contract.
        - text: Ran the quarterly Quuxwidget review.
          private: true
    - organization: Hidden Startup Incorporated
      positions: [Founder]
      dates: 2018 – 2020
      private: true
      highlights: [Raised money quietly.]
  Research Projects:
    - title: Open Telescope
      dates: 2019
    - title: Classified Periscope
      dates: 2017
  Publications:
    - title: A Public Paper on Boosters
      authors: [Ada Example]
      venue: CVPR
      year: 2022
    - title: A Paper Under Embargo
      authors: [Ada Example]
      venue: ICCV
      year: 2021
      private: true
  Skills:
    - label: Languages
      items: [Python, Klingonese]
    - label: Hobbies
      items: [Lockpicking]
      private: true
  Secret Section:
    private: true
    kind: text
    entries: [Nothing to see here at all.]
variants:
  pub: {public: true, sections: [Experience, Skills]}
  two: {max_entries: 1}
"""
PRIVATE = ["0199", "Zorblax", "Quuxwidget", "Hidden Startup", "quietly", "Embargo",
           "Klingonese", "Lockpicking", "Nothing to see"]
PUBLIC = ["Ada Example", "ada@example.org", "Acme Rockets", "Built reusable boosters",
          "Open Telescope", "A Public Paper on Boosters", "Python"]


def _write(tmp_path: Path, text: str = CV, name: str = "cv.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _errors(text: str) -> list[str]:
    try:
        load_text(text, "cv.yaml")
    except DiagnosticsError as exc:
        return [d.format() for d in exc.diagnostics]
    return []


# --- the schema ---

def test_paths_are_read_as_diagnostics_print_them():
    assert parse_path("contact.phone") == ("contact", "phone")
    assert parse_path("sections.Experience[0].highlights[2]") == (
        "sections", "Experience", 0, "highlights", 2)
    assert parse_path('sections["Research Projects"][1]') == (
        "sections", "Research Projects", 1)
    assert parse_path("sections.X.entries[3]") == ("sections", "X", 3)
    for bad in ("", "contact..phone", "contact phone", "[0"):
        with pytest.raises(PathError):
            parse_path(bad)


def test_the_example_cv_is_valid():
    assert _errors(CV) == []


@pytest.mark.parametrize(("path", "line", "message"), [
    ("contact.phnoe", 6, "contact has no `phnoe`; did you mean `phone`?"),
    ("sections.Experiense[0]", 6, "did you mean `Experience`?"),
    ("sections.Experience[5]", 6, "has 1 item; `5` is not one of them"),
    ("contact.orcid", 6, "`contact.orcid` is not set in this CV"),
    ("sections.Experience[0].highlights[0].text.more", 6, "is a single value"),
    ("contact phone", 6, "is not a path"),
])
def test_a_path_that_names_nothing_is_a_located_cv117(path, line, message):
    text = (f"name: A\ncontact:\n  phone: +1 585 555 0199\nprivate:\n  - contact.phone\n"
            f"  - '{path}'\nsections:\n  Experience:\n    - organization: X\n"
            f"      highlights: [Did it.]\n")
    errors = _errors(text)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"cv.yaml:{line}:5: error[CV117]: private[1]: ")
    assert message in errors[0]


def test_private_true_is_refused_where_it_is_not_a_flag():
    errors = _errors("name: A\nsections:\n  Work:\n    - organization: X\n      private: yes\n")
    assert errors and "private" in errors[0]


# --- the pure step ---

def test_public_leaves_out_every_private_thing():
    cv = load_text(CV, "cv.yaml").cv
    shown = public(cv)
    assert shown.contact.phone is None and shown.contact.email == "ada@example.org"
    assert shown.private == []
    assert [e.organization for e in shown.sections["Experience"].entries] == ["Acme Rockets"]
    assert [b.text for b in shown.sections["Experience"].entries[0].highlights] == [
        "Built reusable boosters."]
    assert [e.title for e in shown.sections["Publications"].entries] == [
        "A Public Paper on Boosters"]
    assert [(e.label, e.items) for e in shown.sections["Skills"].entries] == [
        ("Languages", ["Python"])]
    assert "Secret Section" not in shown.sections
    assert cv.contact.phone  # the CV itself is untouched


def test_caps_count_what_is_left_after_private_items():
    """A public build of `max_entries: 1` shows the first public entry, not nothing."""
    text = ("name: A\nsections:\n  Awards:\n    - title: Secret Prize\n      private: true\n"
            "    - title: Open Prize\nvariants:\n  one: {max_entries: 1, max_bullets: 1}\n")
    md = render(prepare(load_text(text, "cv.yaml"), None, "one", public=True), "md").decode()
    assert "Open Prize" in md and "Secret Prize" not in md
    md = render(prepare(load_text(text, "cv.yaml"), None, "one"), "md").decode()
    assert "Secret Prize" in md and "Open Prize" not in md


def test_a_private_paper_is_not_cited_from_a_public_bullet():
    text = CV.replace("        - Built reusable boosters.",
                      "        - Built reusable boosters, as in [@emb].").replace(
        "      year: 2021\n      private: true", "      year: 2021\n      key: emb\n"
                                                 "      private: true")
    md = render(prepare(load_text(text, "cv.yaml"), None, None, public=True), "md").decode()
    assert "Embargo" not in md


# --- public builds ---

def _public_outputs(tmp_path: Path, formats: tuple[str, ...], **kwargs) -> dict[str, bytes]:
    source = _write(tmp_path)
    result = build(BuildRequest(source, formats, tmp_path / "out", public=True,
                                pdf_worker=False, **kwargs))
    return {path.suffix: path.read_bytes() for path in result.written}


def _assert_public(name: str, text: str) -> None:
    folded = " ".join(text.split()).casefold()
    for value in PRIVATE:
        assert value.casefold() not in folded, (name, value)
    assert "5855550199" not in "".join(c for c in text if c.isdigit()), name


def test_a_public_build_leaves_private_things_out_of_every_text_format(tmp_path):
    outputs = _public_outputs(tmp_path, ("md", "html", "tex", "jsonresume"))
    assert set(outputs) == {".md", ".html", ".tex", ".json"}  # the usual names
    for suffix, data in outputs.items():
        text = data.decode()
        _assert_public(suffix, text)
        for value in PUBLIC:
            assert value in text or value in json.loads(data).__repr__(), (suffix, value)
    html = outputs[".html"].decode()
    assert "Klingonese" not in html and 'content="Python' in html  # <meta> keywords
    assert "tel:" not in html
    assert "pdfkeywords={Python}" in outputs[".tex"].decode()
    basics = json.loads(outputs[".json"])["basics"]
    assert "phone" not in basics and basics["email"] == "ada@example.org"


def test_without_public_the_private_things_are_there(tmp_path):
    source = _write(tmp_path)
    result = build(BuildRequest(source, ("md",), tmp_path / "out", pdf_worker=False))
    md = result.written[0].read_text()
    assert all(value in md for value in ("0199", "Zorblax", "Hidden Startup", "Lockpicking"))


@pytest.mark.slow
def test_a_public_pdf_leaves_private_things_out_of_its_text_and_metadata(tmp_path):
    import pypdf

    pdf = _public_outputs(tmp_path, ("pdf",))[".pdf"]
    _assert_public("pdf", extract("pdf", pdf))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    assert "Ada Example" in metadata and "Python" in metadata
    _assert_public("pdf metadata", metadata)


def test_a_public_variant_and_the_cli_flag(tmp_path):
    source = _write(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(source), "--variant", "pub", "-f", "md",
                                  "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    md = (tmp_path / "out" / "cv-pub.md").read_text()
    _assert_public("variant", md)
    assert "Acme Rockets" in md and "Open Telescope" not in md  # its sections only
    result = runner.invoke(main, ["build", str(source), "--public", "-f", "md", "-o",
                                  str(tmp_path / "flag")])
    assert result.exit_code == 0, result.output
    _assert_public("--public", (tmp_path / "flag" / "cv.md").read_text())
    assert "--public" in runner.invoke(main, ["resume", "--help"]).output


@pytest.mark.slow
def test_fitting_measures_the_public_content(tmp_path):
    """Two pages of private bullets do not make a public one-page variant drop anything."""
    secret = "".join(f"        - Confidential achievement number {i} of a long list.\n"
                     for i in range(120))
    text = (CV.replace("  pub: {public: true, sections: [Experience, Skills]}",
                       "  pub: {public: true, max_pages: 1}\n  all: {max_pages: 1}")
            .replace("      highlights: [Raised money quietly.]\n",
                     "      highlights:\n" + secret))
    loaded = load_text(text, "cv.yaml")
    fitted = prepare(loaded, None, "pub")
    assert not any("dropped" in line for line in fitted.report), fitted.report
    assert "Confidential" not in extract("pdf", render(fitted, "pdf"))
    everything = prepare(loaded, None, "all")
    assert any("dropped" in line for line in everything.report)


# --- lint's proof ---

def _context(tmp_path: Path, text: str = CV) -> Context:
    return Context(load(_write(tmp_path, text)), date(2026, 1, 1), {"CV426": Severity.ERROR})


def test_lint_finds_no_leak_in_honest_renderers(tmp_path):
    assert leak_checks(_context(tmp_path), ("md", "html", "tex", "jsonresume")) == []


def test_lint_catches_a_leaky_renderer_at_the_private_field(tmp_path, monkeypatch):
    import cvtool.renderers.markdown as markdown

    honest = markdown.render_job

    def leaky(job):  # reformats the number, as renderers do: only the digits are the same
        return honest(job) + b"\nCall (585) 555-0199. Ran the quarterly Quuxwidget review.\n"

    monkeypatch.setattr(markdown, "render_job", leaky)
    found = leak_checks(_context(tmp_path), ("md", "html"))
    assert {(d.code, d.location.line, d.path) for d in found} == {
        ("CV426", 5, "contact.phone"),
        ("CV426", 18, "sections.Experience[0].highlights[2]")}
    assert all("in the md of" in d.message for d in found)
    assert all(d.severity.value == "error" for d in found)
    assert any("variant `pub`" in d.message for d in found)


def test_lint_catches_a_leak_in_html_attributes(tmp_path, monkeypatch):
    import cvtool.renderers.html as html

    honest = html.render_job

    def leaky(job):
        return honest(job).replace(b"<head>", b'<head><meta name="x" content="Lockpicking">')

    monkeypatch.setattr(html, "render_job", leaky)
    found = leak_checks(_context(tmp_path), ("html",))
    assert {d.path for d in found} == {"sections.Skills[1]"}


def test_extractors_cover_formats_not_yet_in_the_registry():
    assert extract("txt", b"Phone: +1 585 555 0199") == "Phone: +1 585 555 0199"
    assert "Zorblax" in extract("html", b"<p>a &amp; <b>Zorblax</b></p>")
    assert "Zorblax" in extract("html", b'<a href="https://x.org/Zorblax">x</a>')
    assert "R&D" in extract("tex", rb"R\&D")
    assert "Zorblax" in extract("jsonresume", json.dumps({"a": ["Zorbl\u0061x"]}).encode())


def test_docx_extractor_reads_paragraphs_and_properties():
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Phone +1 585 555 0199")
    document.core_properties.keywords = "Zorblax"
    out = io.BytesIO()
    document.save(out)
    text = extract("docx", out.getvalue())
    assert "555 0199" in text and "Zorblax" in text


def test_lint_public_needs_render(tmp_path):
    result = CliRunner().invoke(main, ["lint", "--public", str(_write(tmp_path))])
    assert result.exit_code == 2 and "--render" in result.output


@pytest.mark.slow
def test_the_repo_cv_made_public_has_no_false_alarm():
    found = lint_file(ROOT / "data" / "cv.yaml", render=True, public=True)
    assert [d for d in found if d.code == "CV426"] == []
    cv = load(ROOT / "data" / "cv.yaml").cv
    assert cv.contact.phone and public(cv).contact.phone is None
    assert cv.variants["public"].public


@pytest.mark.slow
def test_lint_render_public_from_the_cli(tmp_path, monkeypatch):
    import cvtool.renderers.latex as latex

    honest = latex.render_job
    monkeypatch.setattr(latex, "render_job",
                        lambda job: honest(job) + b"\n% Hidden Startup Incorporated\n")
    result = CliRunner().invoke(main, ["lint", "--render", "--public", str(_write(tmp_path))])
    assert result.exit_code == 1
    assert "error[CV426]: sections.Experience[1]: private `Hidden Startup Incorporated` is " \
           "in the tex of the public CV" in result.output

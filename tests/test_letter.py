"""Cover letters: validation located like a CV's, the CV's header in every format, the date
in the CV's language, fitting to one page, the letter lint rules, the starter."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvtool.cli import main
from cvtool.errors import DiagnosticsError
from cvtool.formats import FORMATS, LETTER_FORMATS
from cvtool.letter import load_letter, prepare_letter, render_letter
from cvtool.lint import lint_file
from cvtool.loader import load
from cvtool.pipeline import prepare, render
from tests.conftest import FIXTURES, ROOT

LETTER = ROOT / "data" / "letter.yaml"
GERMAN = ROOT / "examples" / "letter-bilingual.yaml"
CV = """name: Ada Lovelace
headline: Analyst
contact:
  email: ada@example.org
  phone: +44 20 7946 0958
languages: [en, de]
sections:
  Experience:
    - organization: Analytical Engine Project
      positions: [Programmer]
      dates: 1842 – 1843
variants:
  short: {headline: Programmer}
"""
GOOD = """cv: cv.yaml
to: [Hiring Committee, Example Corp]
date: 2026-12-01
subject: Application for Analyst
salutation: Dear Hiring Committee,
body: |
  First paragraph, with **markup** and [a link](https://example.org/notes).

  Second paragraph.
closing: Sincerely,
"""


def letter_at(tmp_path: Path, text: str = GOOD, cv: str = CV) -> Path:
    (tmp_path / "cv.yaml").write_text(cv, encoding="utf-8")
    path = tmp_path / "letter.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(DiagnosticsError) as caught:
        load_letter(path)
    return [d.format() for d in caught.value.diagnostics]


def run(*args: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args])


# --- validation -------------------------------------------------------------------------


def test_schema_errors_are_located_in_the_letter(tmp_path):
    path = letter_at(tmp_path, GOOD.replace("closing:", "closng:")
                     .replace("date: 2026-12-01", "date: 2026-13-01"))
    found = problems(path)
    assert any(re.search(r"letter\.yaml:3:7: error\[CV103\]: date: month 13", m) for m in found)
    assert any("letter.yaml:10:1: error[CV100]: closng: unknown key `closng` (did you mean "
               "`closing`?)" in m for m in found), found
    assert any("error[CV101]: closing: `closing` is required here" in m for m in found), found


def test_the_command_reports_errors_without_a_traceback(tmp_path):
    path = letter_at(tmp_path, GOOD.replace("to: [Hiring Committee, Example Corp]", "to: 3"))
    result = run("letter", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "letter.yaml:2:5: error[CV104]: to: expected a list" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


@pytest.mark.parametrize(("change", "expected"), [
    (("cv: cv.yaml", "cv: ../cv.yaml"), "1:5: error[CV106]: cv: `../cv.yaml` is refused"),
    (("cv: cv.yaml", "cv: other.yaml"), "1:5: error[CV118]: cv: no such CV: other.yaml"),
    (("closing:", "lang: fr\nclosing:"), "error[CV105]: lang: `fr` is not one of the CV's"),
    (("closing:", "variant: resume\nclosing:"), "error[CV105]: variant: the CV has no variant "
                                                "`resume` (variants: short)"),
])
def test_what_the_letter_names_must_exist(tmp_path, change, expected):
    found = problems(letter_at(tmp_path, GOOD.replace(*change)))
    assert any(expected in m for m in found), found


def test_a_letter_outside_through_a_symlink_is_refused(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "cv.yaml").write_text(CV, encoding="utf-8")
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "cv.yaml").symlink_to(tmp_path / "elsewhere" / "cv.yaml")
    (folder / "letter.yaml").write_text(GOOD, encoding="utf-8")
    assert any("error[CV118]: cv: `cv.yaml` is outside the letter's folder" in m
               for m in problems(folder / "letter.yaml"))


def test_an_invalid_cv_is_reported_in_the_cv(tmp_path):
    found = problems(letter_at(tmp_path, cv=CV.replace("name:", "nme:")))
    assert "error[CV118]: cv: the CV `cv.yaml` is not valid" in found[0]
    assert any("cv.yaml:1:1: error[CV100]: nme: unknown key" in m for m in found), found


# --- the view and the text formats ----------------------------------------------------------


def contacts_html(html: str) -> str:
    match = re.search(r'<ul class="contacts">.*?</ul>', html, re.DOTALL)
    assert match, "no contacts in the header"
    return match[0]


def test_the_header_is_the_cvs_own():
    job = prepare_letter(load_letter(LETTER))
    html = render_letter(job, "html").decode()
    cv_html = render(prepare(load(ROOT / "data" / "cv.yaml")), "html").decode()
    assert contacts_html(html) == contacts_html(cv_html)
    assert '<h1 class="name">Zhiheng Li</h1>' in html
    assert '<p class="summary"' not in html and '<ul class="profile-metrics">' not in html


def test_html_has_the_parts_and_live_links():
    html = render_letter(prepare_letter(load_letter(LETTER)), "html").decode()
    assert '<p class="letter-date">December 1, 2026</p>' in html
    assert '<span class="letter-to-line">Example Video Labs</span>' in html
    assert "<strong>Application for Principal Scientist" in html
    assert html.count('<p class="letter-paragraph">') == 4
    assert '<a href="https://zhiheng.li">my homepage</a>' in html
    assert '<p class="letter-closing">Sincerely,</p>' in html
    assert '<p class="letter-signature">Zhiheng Li</p>' in html


def test_markup_is_escaped_and_rendered(tmp_path):
    path = letter_at(tmp_path, GOOD.replace("Second paragraph.", "A <script>x</script> & *it*."))
    job = prepare_letter(load_letter(path))
    html = render_letter(job, "html").decode()
    assert "&lt;script&gt;x&lt;/script&gt; &amp; <em>it</em>." in html
    assert "<strong>markup</strong>" in html
    md = render_letter(job, "md").decode()
    assert "[a link](https://example.org/notes)" in md and "**markup**" in md
    assert md.startswith("# Ada Lovelace\n") and "<script>" not in md


def test_markdown_has_every_part_in_order():
    md = render_letter(prepare_letter(load_letter(LETTER)), "md").decode()
    parts = ["# Zhiheng Li", "zhiheng.li@ieee.org", "December 1, 2026", "Hiring Committee  \n",
             "**Application for Principal Scientist", "Dear Hiring Committee,",
             "[my homepage](https://zhiheng.li)", "Sincerely,", "\nZhiheng Li\n"]
    at = [md.index(part) for part in parts]
    assert at == sorted(at)


def test_latex_has_the_cvs_header_and_the_letter():
    tex = render_letter(prepare_letter(load_letter(LETTER)), "tex").decode()
    assert r"\cvname{Zhiheng Li}" in tex and r"\cvsummary" not in tex.split("begin{document}")[1]
    assert tex.count(r"\cvletterparagraph{") == 4
    assert r"\cvletterdate{December 1, 2026}" in tex
    assert r"\cvlettersignature{Zhiheng Li}" in tex


def test_the_date_is_in_the_letters_language(tmp_path):
    job = prepare_letter(load_letter(GERMAN))
    assert job.view.date == "1. Dezember 2026"
    assert job.view.header.headline  # the CV's German headline
    html = render_letter(job, "html").decode()
    assert 'lang="de"' in html and "Ingenieur für maschinelles Lernen" in html


def test_a_variant_gives_the_header(tmp_path):
    path = letter_at(tmp_path, GOOD.replace("closing:", "variant: short\nclosing:"))
    html = render_letter(prepare_letter(load_letter(path)), "html").decode()
    assert '<p class="headline">Programmer</p>' in html


def test_every_letter_format_is_a_format():
    assert set(LETTER_FORMATS) <= set(FORMATS)
    assert LETTER_FORMATS[:4] == ("pdf", "html", "md", "tex")


# --- the starter --------------------------------------------------------------------------


def test_the_starter_letter_validates_beside_the_starter_cv(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("new", "cv").exit_code == 0
    result = run("new", "--letter", "letter")
    assert result.exit_code == 0, result.output
    assert "cvtool letter letter.yaml" in result.output
    loaded = load_letter(tmp_path / "letter.yaml")
    assert loaded.letter.subject and len(loaded.letter.to) == 4
    assert [d.format() for d in lint_file(tmp_path / "letter.yaml")] == []
    assert run("new", "--letter", "letter").exit_code == 1  # no overwriting


# --- lint -------------------------------------------------------------------------------


def test_lint_recognises_a_letter_and_runs_only_letter_rules():
    found = lint_file(FIXTURES / "lint" / "CV430-bad.yaml", today=date(2026, 1, 15))
    assert found and {d.code for d in found} == {"CV430"}
    assert [d.format() for d in lint_file(LETTER)] == []


def test_lint_cli_on_a_letter(tmp_path):
    result = run("lint", FIXTURES / "lint" / "CV431-bad.yaml")
    assert result.exit_code == 0 and "warning[CV431]" in result.output
    result = run("lint", "--strict", FIXTURES / "lint" / "CV431-bad.yaml")
    assert result.exit_code == 1


def test_the_cvs_settings_apply_to_its_letters(tmp_path):
    path = letter_at(tmp_path, GOOD.replace("Second paragraph.", "TODO."),
                     cv=CV + "lint: {CV430: off}\n")
    assert lint_file(path) == []


# --- PDF ---------------------------------------------------------------------------------

def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          check=True, text=True).stdout


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True,
                          text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_the_letter_pdf_reads_in_order_on_one_page(tmp_path):
    result = run("letter", LETTER, "-f", "pdf", "-f", "html", "-f", "md", "-f", "tex",
                 "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "letter.html", "letter.md", "letter.pdf", "letter.tex"]
    pdf = tmp_path / "letter.pdf"
    assert pages(pdf) == 1
    text = " ".join(pdf_text(pdf).split())
    parts = ["Zhiheng Li", "zhiheng.li@ieee.org", "+1-585-555-0199", "December 1, 2026",
             "Example Video Labs", "Application for Principal Scientist",
             "Dear Hiring Committee,", "I am writing to apply", "At Amazon AGI",
             "My research", "I would welcome", "Sincerely,"]
    at = [text.index(part) for part in parts]
    assert at == sorted(at)
    assert text.rstrip().endswith("Zhiheng Li")  # the signature
    from pypdf import PdfReader

    uris = [annot.get_object()["/A"]["/URI"] for page in PdfReader(pdf).pages
            for annot in page.get("/Annots", []) if "/A" in annot.get_object()]
    assert uris.count("https://zhiheng.li") == 2  # the header's link and the body's


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_the_german_letter_pdf(tmp_path):
    assert run("letter", GERMAN, "-o", tmp_path).exit_code == 0
    text = pdf_text(tmp_path / "letter-bilingual.pdf")
    assert "1. Dezember 2026" in text and "Mit freundlichen Grüßen" in text
    assert "Jonas Weber" in text and "Ingenieur für maschinelles Lernen" in text


SENTENCE = "The engine weaves algebraic patterns as the loom weaves flowers and leaves. "


@pytest.mark.slow
def test_a_long_letter_is_tightened_into_one_page(tmp_path):
    body = "\n\n".join("  " + SENTENCE * 6 for _ in range(7))
    path = letter_at(tmp_path, GOOD.replace(
        "  First paragraph, with **markup** and [a link](https://example.org/notes).\n\n"
        "  Second paragraph.\n", body + "\n"))
    result = run("letter", path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "fit: tightened font size" in result.output
    assert pages(tmp_path / "out" / "letter.pdf") == 1


@pytest.mark.slow
def test_a_letter_that_cannot_fit_is_an_error_at_body(tmp_path):
    body = "\n\n".join("  " + SENTENCE * 12 for _ in range(12))
    path = letter_at(tmp_path, GOOD.replace(
        "  First paragraph, with **markup** and [a link](https://example.org/notes).\n\n"
        "  Second paragraph.\n", body + "\n"))
    result = run("letter", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert re.search(r"letter\.yaml:6:7: error\[CV301\]: body: the letter runs to \d pages",
                     result.output), result.output
    assert not (tmp_path / "out").exists()
    found = [d.format() for d in lint_file(path, render=True)]
    assert len(found) == 1 and "warning[CV432]: body: the letter runs to" in found[0]


@pytest.mark.tex
def test_the_latex_engine_typesets_a_letter(tmp_path):
    result = run("letter", LETTER, "--pdf-engine", "latex", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "letter.pdf"
    assert pages(pdf) == 1
    text = " ".join(pdf_text(pdf).split())
    assert "December 1, 2026" in text and text.rstrip().endswith("Zhiheng Li")


def test_a_letter_as_a_word_document():
    """`-f docx`: the CV's header (its name a Heading), then the letter's parts in order."""
    import io

    import docx

    job = prepare_letter(load_letter(LETTER))
    word = docx.Document(io.BytesIO(render_letter(job, "docx")))
    paragraphs = [(p.style.name, p.text) for p in word.paragraphs if p.text.strip()]
    assert paragraphs[0] == ("Heading 1", "Zhiheng Li")
    texts = [text for _, text in paragraphs]
    view = job.view
    expected = [view.date, "\n".join(view.to), *(render_text(p) for p in (
        view.subject, view.salutation, *view.paragraphs, view.closing)), view.signature]
    at = 1  # after the name: each part where the one before it ended
    for text in expected:
        at = texts.index(text, at) + 1
    assert texts[-1] == view.signature
    assert word.core_properties.title == view.title


def render_text(inline) -> str:
    from cvtool.markup import to_text

    return to_text(inline)

"""Fitting never breaks a promise: what is marked ``keep: true`` stays, with the entry and the
section that hold it; the summary stays; content that cannot fit with what must stay is
error CV301 (exit 1, nothing written), never a PDF silently stripped of it."""

from __future__ import annotations

import shutil
import subprocess

import pypdf
import pytest
from click.testing import CliRunner

from cvtool.build import BuildRequest, build
from cvtool.cli import main
from cvtool.errors import DiagnosticsError
from cvtool.fit import _candidates
from cvtool.loader import load
from cvtool.variants import select, variant_of

requires_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                      reason="poppler-utils is not installed")

BULLET = ("shipped a thing that mattered to many people, measured and written up with care "
          "for the next team to build on.")


def resume_cv(kept: int, jobs: int = 2, bullets: int | None = None, keep_in: int | None = None,
              ) -> str:
    """A CV whose `resume` variant has ``max_pages: 1``: a Summary section, ``jobs`` jobs of
    ``bullets`` bullets (all kept, ``kept`` in all; or only bullet 0 of job ``keep_in``),
    Education and Skills."""
    bullets = bullets if bullets is not None else kept // jobs
    lines = ["name: Keep Test", "contact: {email: keep@example.org}", "sections:",
             "  Summary:", "    - Builds careful systems and writes about them.",
             "  Experience:"]
    for job in range(jobs):
        lines += [f"    - organization: Company {job}", "      positions: [Engineer]",
                  f"      dates: {2000 + 2 * job} – {2001 + 2 * job}", "      highlights:"]
        for b in range(bullets):
            keep = keep_in is None or (job == keep_in and b == 0)
            lines += [f"        - text: Bullet {job}.{b} {BULLET}",
                      f"          keep: {str(keep).lower()}"]
    lines += ["  Education:", "    - institution: University of Testing",
              "      degree: B.Sc. in Computing", "      dates: 1996 – 1999",
              "  Skills:", "    - Python", "    - Rust",
              "variants:", "  resume: {max_pages: 1}"]
    return "\n".join(lines) + "\n"


def test_an_entry_holding_a_kept_bullet_is_not_a_candidate(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text(resume_cv(0, jobs=3, bullets=4, keep_in=0), encoding="utf-8")
    cv = load(source).cv
    origins = {c.origin for c in _candidates(cv, select(cv, variant_of(cv, "resume")))}
    key = "Experience"
    assert ("sections", key, 0) not in origins  # holds a kept bullet
    assert ("sections", key, 0, "highlights", 0) not in origins  # the kept bullet
    assert ("sections", key, 0, "highlights", 1) in origins  # its other bullets may go
    assert ("sections", key, 1) in origins
    assert not any(o[1] == "Summary" for o in origins)  # the summary is not ranked content


def test_kept_bullets_that_cannot_fit_are_cv301_in_the_library(tmp_path):
    source = tmp_path / "cv.yaml"
    text = resume_cv(100)
    source.write_text(text, encoding="utf-8")
    with pytest.raises(DiagnosticsError) as info:
        build(BuildRequest(source, ("pdf",), tmp_path / "out", variant="resume"))
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.code == "CV301"
    assert diagnostic.location is not None and diagnostic.location.line == len(
        text.splitlines())  # at the variant's max_pages
    assert "cannot fit into 1 page(s)" in diagnostic.message
    assert "mm too long" in diagnostic.message
    assert "Candidates to cut or un-keep, largest first: sections.Experience[" in (
        diagnostic.message)
    assert not (tmp_path / "out").exists()


def test_kept_bullets_that_cannot_fit_are_cv301_on_the_command_line(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text(resume_cv(100), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["resume", str(source), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "error[CV301]: variants.resume.max_pages: cannot fit into 1 page(s)" in result.output
    assert not out.exists() or not any(out.iterdir())


@requires_poppler
def test_fitting_keeps_the_entry_section_and_summary_around_a_kept_bullet(tmp_path):
    # Company 0 is the oldest job, so it would go first; its bullet 0 is kept.
    source = tmp_path / "cv.yaml"
    source.write_text(resume_cv(0, jobs=6, bullets=8, keep_in=0), encoding="utf-8")
    result = build(BuildRequest(source, ("pdf",), tmp_path / "out", variant="resume"))
    (pdf,), reports = result.written, result.report
    assert len(pypdf.PdfReader(pdf).pages) == 1
    assert any(r.startswith("fit: dropped") for r in reports), reports
    assert not any(r.startswith("fit: dropped sections.Experience[0] ") for r in reports)
    assert not any("Summary" in r for r in reports)
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                   text=True).stdout.split())
    for kept in ("Company 0", "Bullet 0.0", "Experience", "Summary",
                 "Builds careful systems"):
        assert kept in text


def test_a_selected_publication_goes_after_the_others_of_its_priority(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text("name: Keep Test\nsections:\n  Publications:\n"
                      "    - {title: Old Selected, authors: [Keep Test], year: 2001, "
                      "selected: true}\n"
                      "    - {title: New Plain, authors: [Keep Test], year: 2020}\n"
                      "variants:\n  resume: {max_pages: 1}\n", encoding="utf-8")
    cv = load(source).cv
    order = [c.origin for c in _candidates(cv, select(cv, variant_of(cv, "resume")))]
    assert order == [("sections", "Publications", 1), ("sections", "Publications", 0)]

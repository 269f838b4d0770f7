"""Variants select the same content for every format; max_pages fits by measured layouts."""

from __future__ import annotations

import re
import shutil
import subprocess

import pypdf
import pytest

from cvtool.build import BuildRequest, build
from cvtool.errors import CvtoolError, DiagnosticsError
from cvtool.loader import load, load_text
from cvtool.pipeline import prepare, render
from cvtool.variants import apply_variant, select
from tests.conftest import ROOT

CV = """\
name: Ada Lovelace
contact: {email: ada@example.org}
sections:
  Experience:
    - organization: Engine Project
      dates: 2019 – present
      highlights:
        - text: Wrote the first algorithm.
          priority: 3
        - text: Taught a course.
          tags: [teaching]
        - text: Drew diagrams.
          tags: [resume]
        - Kept notes.
    - organization: Old Job
      dates: 2010 – 2015
      priority: -1
      highlights: [Filed papers.]
    - organization: Tagged Job
      dates: 2016 – 2018
      tags: [academic]
  Publications:
    - {title: Notes, authors: [Ada Lovelace], year: 1843, selected: true}
    - {title: Sketch, authors: [Ada Lovelace], year: 2020}
    - {title: Later, authors: [Ada Lovelace], year: 2021, selected: true}
  Skills: [Maths, Poetry]
variants:
"""


def cv_with(variant_yaml: str):
    return load_text(CV + variant_yaml, "cv.yaml").cv


def experience(cv):
    return [(e.organization, [b.text for b in e.highlights])
            for e in cv.sections["Experience"].entries]


def test_sections_are_chosen_and_ordered():
    cv = apply_variant(cv_with("  v: {sections: [Skills, Experience]}\n"), "v")
    assert list(cv.sections) == ["Skills", "Experience"]


def test_tags_on_entries_and_bullets():
    cv = apply_variant(cv_with("  v: {include_tags: [resume], exclude_tags: [teaching]}\n"), "v")
    assert experience(cv) == [
        ("Engine Project", ["Wrote the first algorithm.", "Drew diagrams.", "Kept notes."]),
        ("Old Job", ["Filed papers."]),
    ]  # "Tagged Job" has a tag that is not included; untagged items always stay


def test_bullet_cap_keeps_the_highest_priority_in_written_order():
    cv = apply_variant(cv_with("  v: {max_bullets: 2}\n"), "v")
    assert experience(cv)[0][1] == ["Wrote the first algorithm.", "Taught a course."]


def test_caps_never_leave_out_what_is_marked_keep():
    kept = CV.replace("        - Kept notes.", "        - {text: Kept notes., keep: true}").replace(
        "      priority: -1\n", "      priority: -1\n      keep: true\n").replace(
        "{title: Sketch, authors: [Ada Lovelace], year: 2020}",
        "{title: Sketch, authors: [Ada Lovelace], year: 2020, keep: true}")
    cv = apply_variant(load_text(kept + "  v: {max_bullets: 1, max_entries: 1, "
                                 "max_publications: 1}\n", "cv.yaml").cv, "v")
    # The kept bullet takes the one place; the kept entry stays though priority -1 (and the
    # entry holding a kept bullet stays too, beyond the cap); the kept paper replaces the
    # best-ranked one.
    assert experience(cv) == [("Engine Project", ["Kept notes."]), ("Old Job", ["Filed papers."])]
    assert [p.title for p in cv.sections["Publications"].entries] == ["Sketch"]


def test_entry_cap_per_section_by_priority():
    cv = apply_variant(cv_with("  v: {max_entries: {Experience: 2}}\n"), "v")
    assert [e for e, _ in experience(cv)] == ["Engine Project", "Tagged Job"]


def test_since_drops_what_ended_before():
    cv = apply_variant(cv_with("  v: {since: 2017}\n"), "v")
    assert [e for e, _ in experience(cv)] == ["Engine Project", "Tagged Job"]
    assert [p.title for p in cv.sections["Publications"].entries] == ["Sketch", "Later"]


def test_publication_caps():
    cv = apply_variant(cv_with("  v: {selected_only: true}\n"), "v")
    assert [p.title for p in cv.sections["Publications"].entries] == ["Notes", "Later"]
    cv = apply_variant(cv_with("  v: {max_publications: 2}\n"), "v")  # selected, then newest
    assert [p.title for p in cv.sections["Publications"].entries] == ["Notes", "Later"]


def test_headline_titles_and_design_overrides():
    cv = apply_variant(cv_with("  v:\n    headline: Engineer\n    titles: {Experience: Work}\n"
                               "    design: {theme: compact, font_size: 9.5}\n"), "v")
    assert cv.headline == "Engineer" and cv.section_title("Experience") == "Work"
    assert (cv.design.theme, cv.design.font_size) == ("compact", 9.5)


def test_unknown_variant_and_missing_section_are_clear_errors():
    with pytest.raises(CvtoolError, match="no variant named `cv`; variants: v"):
        apply_variant(cv_with("  v: {}\n"), "cv")
    with pytest.raises(DiagnosticsError, match=r"cv.yaml:\d+:\d+: error\[CV111\]: "
                                               r"variants.v.sections\[0\]: no section `Skils`"):
        cv_with("  v: {sections: [Skils]}\n")


def test_selection_is_the_same_in_every_format(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text(CV + "  v: {exclude_tags: [teaching], sections: [Experience]}\n")
    md, html = build(BuildRequest(source, ("md", "html"), tmp_path / "out", variant="v")).written
    assert md.name == "cv-v.md" and html.name == "cv-v.html"
    for path in (md, html):
        text = path.read_text()
        assert "Drew diagrams." in text and "Taught a course." not in text
        assert "Maths" not in text


_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                              reason="poppler-utils is not installed")


def requires_poppler(test):
    """Fitting typesets real layouts: slow, and read back with poppler."""
    return pytest.mark.slow(_poppler(test))


def long_cv(bullets: int, keep: bool = False, jobs: int = 6) -> str:
    lines = ["name: Fit Test", "contact: {email: fit@example.org}", "sections:",
             "  Experience:"]
    for job in range(jobs):
        lines += [f"    - organization: Company {job}",
                  f"      dates: {2000 + job} – {2001 + job}",
                  f"      keep: {str(keep).lower()}",
                  "      highlights:"]
        for b in range(bullets):
            lines += [f"        - text: Bullet {job}.{b} about shipping a thing that mattered "
                      "to many people, measured and written up with care.",
                      f"          priority: {b % 3}",
                      f"          keep: {str(keep).lower()}"]
    lines += ["variants:", "  one: {max_pages: 1}"]
    return "\n".join(lines) + "\n"


@requires_poppler
def test_fitting_tightens_then_drops_lowest_priority_oldest_first(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text(long_cv(bullets=6))
    result = build(BuildRequest(source, ("pdf",), tmp_path / "out", variant="one"))
    (pdf,), reports = result.written, result.report
    assert len(pypdf.PdfReader(pdf).pages) == 1
    assert reports[0].startswith("fit: tightened font size 10.5 → ")
    dropped = [r for r in reports if r.startswith("fit: dropped")]
    assert dropped, reports
    assert all(r.endswith("priority 0") for r in dropped[:3])
    # Oldest first: the first drops come from Company 0, the oldest job.
    assert dropped[0].startswith("fit: dropped sections.Experience[0]")
    assert "cv.yaml:" in dropped[0]  # each drop names its place in the source
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Bullet 5.1" in text  # newest, higher-priority content survives


@requires_poppler
def test_content_that_already_fits_is_left_alone(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text(long_cv(bullets=1))
    assert build(BuildRequest(source, ("pdf",), tmp_path / "out", variant="one")).report == ()


@requires_poppler
def test_impossible_fit_names_the_overflow_and_the_candidates(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text(long_cv(bullets=10, keep=True, jobs=10))
    with pytest.raises(DiagnosticsError) as info:
        build(BuildRequest(source, ("pdf",), tmp_path / "out", variant="one"))
    message = str(info.value)
    assert message.startswith(f"{source}:{len(long_cv(10, True, 10).splitlines())}:")
    assert re.search(r"error\[CV301\]: variants\.one\.max_pages: cannot fit into 1 page\(s\): "
                     r"[2-9] pages at the tightest settings", message)
    assert "mm too long" in message and "keep: true" in message
    assert "Candidates to cut or un-keep, largest first: sections.Experience[" in message
    assert not (tmp_path / "out").exists()  # nothing written


@requires_poppler
def test_the_resume_of_the_real_cv_is_one_full_page(tmp_path):
    request = BuildRequest(ROOT / "data" / "cv.yaml", ("pdf",), tmp_path, variant="resume")
    (pdf,) = build(request).written
    assert pdf.name == "cv-resume.pdf"
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for needed in ("Zhiheng Li", "zhiheng.li@ieee.org", "Microsoft", "Ph.D.", "Rochester"):
        assert needed in text

    # Full, not half empty: the content fills most of the page's height.
    from cvtool.fit import measure
    from cvtool.renderers.pdf import layout_pdf

    job = prepare(load(ROOT / "data" / "cv.yaml"), None, "resume")
    fill = measure(layout_pdf(job.doc, job.theme, job.design, job.cv_dir))
    assert fill.pages == 1 and fill.used / fill.capacity > 0.9


def test_latex_and_markdown_use_the_fitted_selection():
    job = prepare(load(ROOT / "data" / "cv.yaml"), None, "resume")
    markdown = render(job, "md").decode()
    assert "Selected Publications" in markdown and "Research Projects" not in markdown
    assert job.design.font_size <= 10
    tex = render(job, "tex").decode()
    assert "Selected Publications" in tex and "Research Projects" not in tex
    assert f"{{\\cvfontsize}}{{{job.design.font_size:g}bp}}" in tex  # fitted, not the default
    assert f"margin={job.design.margins}" in tex


def test_selection_keeps_source_positions():
    cv = cv_with("  v: {exclude_tags: [teaching]}\n")
    selection = select(cv, cv.variants["v"])
    assert selection.sections["Experience"][0].bullets == (0, 2, 3)

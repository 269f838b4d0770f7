"""Many CVs at once: ``cvtool build a.yaml b.yaml cvs/`` (cvtool.batch)."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvtool.batch import MANIFEST_NAME
from cvtool.cli import main

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "examples" / "minimal.yaml"
FULL = ROOT / "data" / "cv.yaml"

BIB_CV = """\
name: Bib Author
sections:
  Publications:
    bibtex: refs.bib
"""

BIB = """\
@article{one,
  title = {A First Paper},
  author = {Author, Bib},
  journal = {Journal},
  year = 2024
}
"""


def run(*args: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args])


def copy(src: Path, folder: Path, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or src.name)
    shutil.copyfile(src, target)
    return target


def test_several_sources_and_a_folder_build_all_their_outputs(tmp_path: Path) -> None:
    one = copy(MINIMAL, tmp_path, "one.yaml")
    two = copy(MINIMAL, tmp_path, "two.yaml")
    folder = tmp_path / "cvs"
    copy(MINIMAL, folder, "three.yaml")
    copy(FULL, folder, "four.yaml")
    out = tmp_path / "out"
    result = run("build", one, two, folder, "-f", "md", "-f", "html", "-o", out, "-j", "2")
    assert result.exit_code == 0, result.output
    for stem in ("one", "two", "three", "four"):
        for ext in ("md", "html"):
            assert (out / f"{stem}.{ext}").is_file()
            assert f"wrote {out / f'{stem}.{ext}'}" in result.output
    assert "four-resume.md" not in result.output  # variants only with --all-variants


def test_a_folder_skips_letters_and_other_yaml_with_a_note(tmp_path: Path) -> None:
    copy(MINIMAL, tmp_path)
    copy(ROOT / "examples" / "letter-bilingual.yaml", tmp_path)
    (tmp_path / "settings.yaml").write_text("editor: vim\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not yaml", encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", tmp_path, "-f", "md", "-o", out)
    assert result.exit_code == 0, result.output
    assert "letter-bilingual.yaml: a cover letter" in result.output
    assert "settings.yaml: not a cvtool CV" in result.output
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST_NAME, "minimal.md"]


def test_a_failing_source_does_not_stop_the_others(tmp_path: Path) -> None:
    good = copy(MINIMAL, tmp_path, "good.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Bad\nsections:\n  Experience:\n    - organization: X\n"
                   "      dates: sometime\n      colour: red\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", bad, good, "-f", "md", "-o", out)
    assert result.exit_code == 1
    assert (out / "good.md").is_file()
    assert not (out / "bad.md").exists()
    assert f"FAILED {bad}:" in result.output
    assert f"{bad}:6:7" in result.output  # located: the unknown key
    rows = [line for line in result.output.splitlines() if line.startswith(str(tmp_path))]
    assert rows[0].startswith(str(bad)) and rows[0].endswith("FAILED")
    assert rows[1].startswith(str(good)) and rows[1].endswith("ok")
    assert "1 of 2 failed" in result.output


def test_all_variants_builds_every_variant_and_the_full_cv(tmp_path: Path) -> None:
    cv = copy(FULL, tmp_path)
    minimal = copy(MINIMAL, tmp_path)
    out = tmp_path / "out"
    result = run("build", cv, minimal, "--all-variants", "-f", "md", "-o", out)
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    assert {"cv.md", "cv-resume.md", "cv-public.md", "minimal.md"} <= names
    assert not any(n.startswith("minimal-") for n in names)


def test_the_summary_table(tmp_path: Path) -> None:
    a = copy(MINIMAL, tmp_path, "a.yaml")
    b = copy(ROOT / "examples" / "bilingual.yaml", tmp_path, "b.yaml")
    result = run("build", a, b, "-f", "md", "-f", "html", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("source "))
    assert lines[header].split() == ["source", "variant", "outputs", "time", "status"]
    assert set(lines[header + 1]) <= {"-", " "}
    rows = lines[header + 2:header + 4]
    assert rows[0].startswith(str(a)) and rows[0].endswith("ok")
    assert "md html" in rows[0]
    assert rows[1].startswith(str(b)) and "md html (+de)" in rows[1]
    assert " s " in rows[1]  # its time


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    a, b = copy(MINIMAL, tmp_path, "a.yaml"), copy(MINIMAL, tmp_path, "b.yaml")
    result = subprocess.run([sys.executable, "-m", "cvtool", "build", a, b, "-f", "md", "-o",
                             tmp_path / "out"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "building" not in result.stderr and "building" not in result.stdout
    assert result.stderr == ""


def test_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    a, b = copy(MINIMAL, tmp_path, "a.yaml"), copy(MINIMAL, tmp_path, "b.yaml")
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "cvtool", "build", a, b, "-f", "md", "-o", tmp_path / "out"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=follower, text=True)
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(leader)
    assert result.returncode == 0
    assert b"building" in seen
    assert "building" not in result.stdout


def _mtimes(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.name != MANIFEST_NAME}


def test_the_manifest_skips_what_is_up_to_date(tmp_path: Path) -> None:
    a = copy(MINIMAL, tmp_path, "a.yaml")
    b = tmp_path / "b.yaml"
    b.write_text(BIB_CV, encoding="utf-8")
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    out = tmp_path / "out"
    args = ("build", a, b, "-f", "md", "-o", out)
    assert run(*args).exit_code == 0
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    entry = manifest["builds"][f"{b.resolve()}#"]
    assert str(bib) in entry["inputs"] and str(b) in entry["inputs"]
    assert entry["theme"] and entry["options"]["formats"] == ["md"]
    assert list(entry["outputs"]) == [str(out / "b.md")]
    before = _mtimes(out)

    again = run(*args)
    assert again.exit_code == 0
    assert f"up to date: {out / 'a.md'}" in again.output
    assert f"up to date: {out / 'b.md'}" in again.output
    assert "wrote" not in again.output
    assert _mtimes(out) == before

    bib.write_text(BIB.replace("A First Paper", "A Renamed Paper"), encoding="utf-8")
    edited = run(*args)
    assert f"wrote {out / 'b.md'}" in edited.output
    assert f"up to date: {out / 'a.md'}" in edited.output
    assert "A Renamed Paper" in (out / "b.md").read_text(encoding="utf-8")

    a.write_text(a.read_text(encoding="utf-8").replace("Ada Lovelace", "Ada King"),
                 encoding="utf-8")
    edited = run(*args)
    assert f"wrote {out / 'a.md'}" in edited.output
    assert f"up to date: {out / 'b.md'}" in edited.output

    themed = run(*args, "--theme", "modern")
    assert f"wrote {out / 'a.md'}" in themed.output and f"wrote {out / 'b.md'}" in themed.output
    assert "up to date" in run(*args, "--theme", "modern").output

    forced = run(*args, "--theme", "modern", "--force")
    assert f"wrote {out / 'a.md'}" in forced.output and "up to date" not in forced.output


def test_an_output_changed_since_is_rebuilt(tmp_path: Path) -> None:
    a, b = copy(MINIMAL, tmp_path, "a.yaml"), copy(MINIMAL, tmp_path, "b.yaml")
    out = tmp_path / "out"
    assert run("build", a, b, "-f", "md", "-o", out).exit_code == 0
    (out / "a.md").write_text("edited by hand", encoding="utf-8")
    (out / "b.md").unlink()
    result = run("build", a, b, "-f", "md", "-o", out)
    assert f"wrote {out / 'a.md'}" in result.output and f"wrote {out / 'b.md'}" in result.output


def test_changed_options_rebuild(tmp_path: Path) -> None:
    a, b = copy(MINIMAL, tmp_path, "a.yaml"), copy(MINIMAL, tmp_path, "b.yaml")
    out = tmp_path / "out"
    assert run("build", a, b, "-f", "md", "-o", out).exit_code == 0
    result = run("build", a, b, "-f", "md", "--public", "-o", out)
    assert "up to date" not in result.output


def test_two_sources_with_the_same_name_are_refused(tmp_path: Path) -> None:
    one = copy(MINIMAL, tmp_path / "x", "cv.yaml")
    two = copy(MINIMAL, tmp_path / "y", "cv.yaml")
    result = run("build", one, two, "-f", "md", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert f"{one} and {two} would both write" in result.output
    assert not (tmp_path / "out").exists()


def test_watch_takes_one_source(tmp_path: Path) -> None:
    a, b = copy(MINIMAL, tmp_path, "a.yaml"), copy(MINIMAL, tmp_path, "b.yaml")
    result = run("build", a, b, "--watch")
    assert result.exit_code == 2 and "--watch builds one source" in result.output


def test_a_single_source_behaves_as_before(tmp_path: Path) -> None:
    cv = copy(MINIMAL, tmp_path)
    out = tmp_path / "out"
    first = run("build", cv, "-f", "md", "-o", out)
    second = run("build", cv, "-f", "md", "-o", out)
    assert first.exit_code == second.exit_code == 0
    assert first.output == second.output == f"wrote {out / 'minimal.md'}\n"
    assert sorted(p.name for p in out.iterdir()) == ["minimal.md"]  # no manifest


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.slow
def test_pdfs_built_together_are_those_built_alone(tmp_path: Path) -> None:
    a = copy(MINIMAL, tmp_path)
    b = copy(ROOT / "examples" / "bilingual.yaml", tmp_path)
    together, alone = tmp_path / "together", tmp_path / "alone"
    result = run("build", a, b, "-f", "pdf", "-o", together, "-j", "2")
    assert result.exit_code == 0, result.output
    for source in (a, b):
        assert run("build", source, "-f", "pdf", "-o", alone).exit_code == 0
    names = ["minimal.pdf", "bilingual.pdf", "bilingual.de.pdf"]
    for name in names:  # (two builds differ in the PDF's creation date, not its text)
        assert (together / name).read_bytes()[:5] == b"%PDF-"
        if shutil.which("pdftotext"):
            assert _text(together / name) == _text(alone / name), name
    assert "up to date" in run("build", a, b, "-f", "pdf", "-o", together).output

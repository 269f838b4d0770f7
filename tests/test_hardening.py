"""Hostile input and failing disks: located errors in bounded time, outputs never half-written."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import cvtool.build as build_module
from cvtool.build import BuildRequest, build
from cvtool.errors import DiagnosticsError, OutputError
from cvtool.loader import load, load_text

MINIMAL = "name: Ada\n"


def problems(text: str) -> list[str]:
    with pytest.raises(DiagnosticsError) as info:
        load_text(text, "cv.yaml")
    return info.value.messages()


def test_billion_laughs_is_refused():
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        prev, name = chr(96 + level), chr(97 + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    messages = problems("\n".join(lines) + "\nname: X\n")
    assert "CV004" in messages[0] and "alias bomb" in messages[0]


def test_deep_nesting_is_refused():
    deep = "name: X\nsummary: " + "[" * 5000 + "]" * 5000 + "\n"
    messages = problems(deep)
    assert any("CV004" in m or "CV001" in m for m in messages)


def test_huge_file_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.write(b"name: X\nsummary: ")
        handle.seek(50 * 1024 * 1024)
        handle.write(b"x\n")
    def never(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    with pytest.raises(DiagnosticsError, match=r"error\[CV003\]: the file is 50 MiB"):
        load(path)


def test_tabs_are_a_located_syntax_error():
    messages = problems("name: X\nsections:\n\tSkills: [a]\n")
    assert messages[0].startswith("cv.yaml:3:1: error[CV001]: YAML syntax")


def test_bom_crlf_file(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_bytes(b"\xef\xbb\xbfname: Ada\r\nheadline: Countess\r\n")
    assert load(path).cv.headline == "Countess"


@pytest.mark.parametrize(("value", "expected"), [
    ("no", "no"), ("yes", "yes"), ("off", "off"), ("2018-08-15", "2018-08-15"),
    ("'1e3'", "1e3"), ("0x1F", None),
])
def test_yaml_1_1_surprises(value, expected):
    text = f"name: X\nheadline: {value}\n"
    if expected is None:  # a number where text belongs: located, with the fix
        assert problems(text) == ["cv.yaml:2:11: error[CV104]: headline: expected text, got the "
                                  "number 31 (put it in quotes to keep it as text)"]
    else:
        assert load_text(text, "cv.yaml").cv.headline == expected


def test_duplicate_keys_never_last_wins():
    assert problems("name: A\nname: B\n")[0].startswith("cv.yaml:2:1: error[CV002]")


def test_control_characters_survive_loading_and_rendering(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text('name: "Ada\\u0007 \\u202eLovelace"\n')
    (md, html) = build(BuildRequest(source, ("md", "html"), tmp_path / "out")).written
    # a right-to-left override is dropped like any control (see cvtool.markup)
    assert "Ada Lovelace" in md.read_text() and "\u202e" not in md.read_text()
    assert "\x07" not in html.read_text() and "\u202e" not in html.read_text()


def test_failed_build_leaves_earlier_outputs_untouched(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text(MINIMAL)
    out = tmp_path / "out"
    (md,) = build(BuildRequest(source, ("md",), out)).written
    before = md.read_bytes()
    source.write_text("name: [broken\n")
    with pytest.raises(DiagnosticsError):
        build(BuildRequest(source, ("md",), out))
    assert md.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["cv.md"]  # no temporary files left


def test_refuses_to_write_over_the_source(tmp_path):
    source = tmp_path / "cv.md"
    source.write_text(MINIMAL)
    with pytest.raises(OutputError, match="it is the source file"):
        build(BuildRequest(source, ("md",), tmp_path))
    assert source.read_text() == MINIMAL


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder_is_a_clean_error(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text(MINIMAL)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="cannot write"):
            build(BuildRequest(source, ("md",), locked))
    finally:
        locked.chmod(0o700)


def test_full_disk_is_a_clean_error_and_leaves_nothing_behind(tmp_path, monkeypatch):
    source = tmp_path / "cv.yaml"
    source.write_text(MINIMAL)
    out = tmp_path / "out"
    (md,) = build(BuildRequest(source, ("md",), out)).written
    before = md.read_bytes()

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(build_module.os, "fsync", no_space)
    source.write_text("name: Ada King\n")
    with pytest.raises(OutputError, match="No space left on device"):
        build(BuildRequest(source, ("md",), out))
    assert md.read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["cv.md"]


def test_output_path_that_is_a_folder_is_a_clean_error(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text(MINIMAL)
    (tmp_path / "out" / "cv.md").mkdir(parents=True)
    with pytest.raises(OutputError, match="cannot write"):
        build(BuildRequest(source, ("md",), tmp_path / "out"))


def test_outdir_that_is_a_file_is_a_clean_error(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text(MINIMAL)
    Path(tmp_path / "out").write_text("not a folder")
    with pytest.raises(OutputError, match="cannot write"):
        build(BuildRequest(source, ("md",), tmp_path / "out"))


def test_two_thousand_publications_validate_and_render(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from scale import generated_cv

    from cvtool.pipeline import prepare, render

    path = tmp_path / "big.yaml"
    path.write_text(generated_cv(2000))
    job = prepare(load(path))
    markdown = render(job, "md").decode()
    assert markdown.count("\n- \\[") == 2000 and "\\[2000\\]" in markdown
    assert render(job, "html").decode().count('<li class="publication') == 2000


def test_permission_denied_is_a_clean_error_even_as_root(tmp_path, monkeypatch):
    source = tmp_path / "cv.yaml"
    source.write_text(MINIMAL)

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(build_module.tempfile, "mkstemp", denied)
    with pytest.raises(OutputError, match=r"cannot write .*cv\.md: Permission denied"):
        build(BuildRequest(source, ("md",), tmp_path / "out"))


def test_a_five_thousand_character_word_cannot_stall_tex():
    from cvtool import markup

    escaped = markup.escape("x" * 5000, "latex")
    assert escaped.count(r"\allowbreak{}") == 5000 // 60
    assert escaped.replace(r"\allowbreak{}", "") == "x" * 5000
    assert markup.escape("https://www.linkedin.com/in/zhiheng-li-ur/", "latex").count(
        "allowbreak") == 0


@pytest.mark.tex
def test_a_five_thousand_character_title_compiles(tmp_path):
    """Without break opportunities XeLaTeX stalled on such a word until the compile timeout
    (a RenderError); with them it compiles."""
    source = tmp_path / "cv.yaml"
    source.write_text("name: X\nsections:\n  Publications:\n    - title: " + "x" * 5000
                      + "\n      authors: [X]\n      year: 2020\n")
    (pdf,) = build(BuildRequest(source, ("pdf",), tmp_path / "out", pdf_engine="latex")).written
    assert pdf.read_bytes().startswith(b"%PDF")

"""Located diagnostics: every invalid fixture has a golden file of its exact messages."""

from __future__ import annotations

import re

import pytest

from cvtool.errors import DiagnosticsError
from cvtool.loader import load, load_text
from tests.conftest import FIXTURES, ROOT

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
LINE = re.compile(r"^[\w.-]+\.yaml:\d+:\d+: error\[CV\d{3}\]: .+$")


def diagnostics_of(text: str, name: str) -> list[str]:
    with pytest.raises(DiagnosticsError) as info:
        load_text(text, name)
    return info.value.messages()


def test_there_are_enough_fixtures():
    assert len(INVALID) >= 20


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_matches_golden(path, golden):
    messages = diagnostics_of(path.read_text(encoding="utf-8"), path.name)
    assert all(LINE.match(m) for m in messages), messages
    golden(path.with_suffix(".expected"), "\n".join(messages) + "\n")


def test_every_problem_is_reported_at_once():
    text = (
        "name: X\n"
        "contact:\n  emial: a@b.co\n"
        "sections:\n"
        "  Education:\n"
        "    - institution: U\n      dates: 2020 - 2019\n"
        "    - institution: V\n      dates: 2020-13\n"
        "design:\n  page_size: A5\n"
    )
    messages = diagnostics_of(text, "cv.yaml")
    assert [m.split(": ")[0] for m in messages] == [
        "cv.yaml:3:3", "cv.yaml:7:14", "cv.yaml:9:14", "cv.yaml:11:14"]


def test_duplicate_keys_are_reported_with_schema_errors():
    messages = diagnostics_of("name: X\nname: Y\nnmae: Z\n", "cv.yaml")
    assert messages[0].startswith("cv.yaml:2:1: error[CV002]")
    assert any("did you mean `name`" in m for m in messages)


def test_yaml_1_1_surprises_stay_text():
    loaded = load_text("name: 'N'\nsections:\n  Skills: [no, on, yes, off, 2018-08-15]\n", "x.yaml")
    items = [i for e in loaded.cv.sections["Skills"].entries for i in e.items]
    assert items == ["no", "on", "yes", "off", "2018-08-15"]


def test_alias_bomb_is_refused_quickly():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]")
    lines.append("name: X")
    messages = diagnostics_of("\n".join(lines) + "\n", "bomb.yaml")
    assert "CV004" in messages[0]


def test_bom_and_crlf_are_fine():
    loaded = load_text("\ufeffname: X\r\nheadline: Y\r\n".lstrip("\ufeff"), "x.yaml")
    assert loaded.cv.headline == "Y"


def test_invalid_utf8_is_located(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"name: X\nheadline: caf\xe9\n")
    with pytest.raises(DiagnosticsError) as info:
        load(path)
    assert info.value.messages()[0].startswith(f"{path}:2:14: error[CV003]: not UTF-8")


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(DiagnosticsError, match="no such file"):
        load(tmp_path / "nope.yaml")


@pytest.mark.parametrize("path", ["data/cv.yaml", "examples/researcher-profile.yaml",
                                  "examples/minimal.yaml", "cvtool/starter.yaml"])
def test_shipped_sources_are_valid(path):
    load(ROOT / path)

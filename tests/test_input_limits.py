"""Input that no CV contains: every case is a located diagnostic, never a traceback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cvtool.cli import main
from cvtool.errors import DiagnosticsError
from cvtool.loader import load_text


def problems(text: str) -> list[str]:
    with pytest.raises(DiagnosticsError) as info:
        load_text(text, "cv.yaml")
    return info.value.messages()


def lint_json(tmp_path, text: str) -> dict:
    source = tmp_path / "cv.yaml"
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--format", "json", str(source)])
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout)


def test_nul_byte_is_located(tmp_path):
    messages = problems('name: "Ja\0ne"\n')
    assert messages == ["cv.yaml:1:10: error[CV001]: YAML syntax: the control character "
                        "U+0000 is not allowed in a YAML file; remove it"]
    report = lint_json(tmp_path, "name: Ada\nheadline: a\0b\n")
    assert report["diagnostics"][0]["line"] == 2
    assert report["diagnostics"][0]["code"] == "CV001"


def test_other_control_characters_are_located():
    messages = problems("name: Ada\nlocation: x\x07y\n")
    assert messages[0].startswith("cv.yaml:2:12: error[CV001]:")
    assert "U+0007" in messages[0]


def test_huge_integer_is_located(tmp_path):
    messages = problems("name: Ada\nmetrics:\n  x: " + "9" * 5000 + "\n")
    assert messages == ["cv.yaml:3:6: error[CV001]: metrics.x: a number of 5,000 digits; "
                        "put it in quotes if it is text"]
    report = lint_json(tmp_path, "name: " + "1" * 5000 + "\n")
    assert report["diagnostics"][0]["code"] == "CV001"


def test_huge_integer_as_key_is_no_traceback():
    messages = problems("name: Ada\n" + "1" * 5000 + ": x\n")
    assert all("error[CV" in m for m in messages)


@pytest.mark.parametrize("phone", ["0612345678", "0612345670", "12345"])
def test_number_where_text_belongs_is_shown_as_written(phone):
    messages = problems(f"name: Ada\ncontact:\n  phone: {phone}\n")
    assert messages == [f"cv.yaml:3:10: error[CV104]: contact.phone: expected text, got the "
                        f"number {phone} (put it in quotes to keep it as text)"]


def test_integers_follow_yaml_1_2():
    cv = load_text("name: Ada\nmetrics:\n  a: 0o17\n  b: 0x1F\n  c: 010\n  d: -7\n",
                   "cv.yaml").cv
    assert cv.metrics == {"a": 15, "b": 31, "c": 10, "d": -7}
    assert type(cv.metrics["c"]) is int
    cv = load_text("name: Ada\nsections:\n  Publications:\n    - title: T\n"
                   "      authors: [Ada]\n      year: 02020\n", "cv.yaml").cv
    assert cv.sections["Publications"].entries[0].year == 2020

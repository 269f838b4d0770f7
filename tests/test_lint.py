"""cvtool lint as a library: one failing fixture per rule with golden diagnostics and a
passing twin, settings, suppression comments, the shipped sources, and a large CV."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cvtool.errors import Severity
from cvtool.lint import all_rules, lint_file
from cvtool.lint.context import visible
from cvtool.lint.phone import to_e164
from cvtool.lint.rules_contact import email_problem, url_problem
from tests.conftest import FIXTURES, ROOT

LINT = FIXTURES / "lint"
TODAY = date(2026, 1, 15)  # the fixtures' "today", so that CV402 does not age
BAD = sorted(LINT.glob("*-bad.yaml"))
GOOD = sorted(LINT.glob("*-good.yaml"))


def lint_fixture(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Diagnostics of a fixture, with its bare file name as the location."""
    monkeypatch.chdir(path.parent)
    return [d.format() for d in lint_file(path.name, today=TODAY)]


def test_every_rule_has_a_failing_and_a_passing_fixture():
    checked = {code for code, rule in all_rules().items() if not rule.render_only}
    assert {p.stem.removesuffix("-bad") for p in BAD} == checked
    assert {p.stem.removesuffix("-good") for p in GOOD} == checked


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_failing_fixture_matches_golden(path, golden, monkeypatch):
    messages = lint_fixture(path, monkeypatch)
    code = path.stem.removesuffix("-bad")
    assert messages, "the fixture should fail its rule"
    assert all(f"[{code}]: " in m for m in messages), messages  # that rule, and no other
    assert all(m.startswith(f"{path.name}:") for m in messages)
    golden(path.with_suffix(".expected"), "\n".join(messages) + "\n")


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_passing_twin_is_clean(path, monkeypatch):
    assert lint_fixture(path, monkeypatch) == []


@pytest.mark.parametrize("path", ["data/cv.yaml", "cvtool/starter.yaml",
                                  *(str(p.relative_to(ROOT)) for p in
                                    sorted((ROOT / "examples").rglob("*.yaml")))])
def test_shipped_sources_lint_clean(path):
    assert [d.format() for d in lint_file(ROOT / path)] == []


def test_rules_have_codes_severities_and_one_line_descriptions():
    rules = all_rules()
    assert list(rules) == sorted(rules)
    for code, rule in rules.items():
        assert code == rule.code and code[:3] in ("CV2", "CV3", "CV4")
        assert isinstance(rule.severity, Severity)
        assert rule.description and "\n" not in rule.description
        assert rule.name and rule.name == rule.name.lower()


def test_schema_errors_are_reported_alone():
    messages = [d.format() for d in lint_file(FIXTURES / "invalid" / "end-before-start.yaml")]
    assert messages and all("error[CV1" in m for m in messages), messages


# --- settings ---------------------------------------------------------------------------

OUT_OF_ORDER = """name: Ada Lovelace
sections:
  Experience:
    - organization: Analytical Engine Project
      positions: [Programmer]
      dates: 1842 – 1843
    - organization: Difference Engine Project   {comment}
      positions: [Translator]
"""


def write(folder: Path, text: str, name: str = "cv.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def codes(path: Path) -> list[tuple[str, str]]:
    return [(d.code, d.severity.value) for d in lint_file(path, today=TODAY)]


def test_pyproject_settings_apply_and_the_cv_wins(tmp_path):
    cv = write(tmp_path, OUT_OF_ORDER.format(comment=""))
    assert codes(cv) == [("CV404", "warning")]
    write(tmp_path, '[tool.cvtool.lint]\nCV404 = "error"\n', "pyproject.toml")
    assert codes(cv) == [("CV404", "error")]
    cv.write_text(OUT_OF_ORDER.format(comment="") + "lint: {CV404: info}\n", encoding="utf-8")
    assert codes(cv) == [("CV404", "info")]
    cv.write_text(OUT_OF_ORDER.format(comment="") + "lint: {CV404: off}\n", encoding="utf-8")
    assert codes(cv) == []


def test_the_nearest_pyproject_counts(tmp_path):
    write(tmp_path, '[tool.cvtool.lint]\nCV404 = "off"\n', "pyproject.toml")
    (tmp_path / "cvs").mkdir()
    cv = write(tmp_path / "cvs", OUT_OF_ORDER.format(comment=""))
    assert codes(cv) == []


def test_unknown_settings_in_pyproject_are_located(tmp_path):
    write(tmp_path, '[project]\nname = "x"\n\n[tool.cvtool.lint]\nCV404 = "loud"\nCV999 = "off"\n',
          "pyproject.toml")
    cv = write(tmp_path, OUT_OF_ORDER.format(comment=""))
    found = [d for d in lint_file(cv, today=TODAY) if d.code == "CV400"]
    assert [(d.location.line, d.location.file) for d in found] == [
        (5, str(tmp_path / "pyproject.toml")), (6, str(tmp_path / "pyproject.toml"))]
    assert "`loud` is not a level" in found[0].message
    assert "unknown rule" in found[1].message or "not a lint rule" in found[1].message


# --- suppression ------------------------------------------------------------------------


@pytest.mark.parametrize(("comment", "left"), [
    ("# cvtool: ignore[CV404] the source gives no dates", []),
    ("# cvtool: ignore[CV401, CV404]", []),
    ("# cvtool: ignore", []),
    ("# CVTOOL: IGNORE[cv404]", []),
    ("# cvtool: ignore[CV401]", ["CV404"]),
    ("# a comment about CV404", ["CV404"]),
])
def test_suppression_comments(tmp_path, comment, left):
    cv = write(tmp_path, OUT_OF_ORDER.format(comment=comment))
    assert [code for code, _ in codes(cv)] == left


def test_a_comment_cannot_silence_a_schema_error(tmp_path):
    cv = write(tmp_path, "name: Ada\nsections:\n  Education:\n    - institution: U\n"
                         "      dates: 2020 - 2019   # cvtool: ignore\n")
    assert [d.code for d in lint_file(cv)] == ["CV102"]


def test_a_comment_on_another_line_does_not_count(tmp_path):
    cv = write(tmp_path, "# cvtool: ignore\n" + OUT_OF_ORDER.format(comment=""))
    assert [code for code, _ in codes(cv)] == ["CV404"]


# --- pieces -----------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "e164"), [
    ("+1-585-555-0199", "+15855550199"),
    ("+44 (0)20 7946 0958", "+442079460958"),
    ("0044 20 7946 0958", "+442079460958"),
    ("tel:+49-30-123456", "+4930123456"),
    ("+49 30 123456 ext. 12", "+4930123456"),
    ("+86 138 0013 8000", "+8613800138000"),
    ("(585) 555-0199", None),
    ("+999 123 4567", None),
    ("+1 800 FLOWERS", None),
    ("+1 085 555 0199", None),
    ("+44 12", None),
    ("+44 1234 5678 9012 3456", None),
])
def test_phone_numbers_to_e164(written, e164):
    result = to_e164(written)
    assert result.e164 == e164
    assert bool(result.problem) == (e164 is None)


@pytest.mark.parametrize(("value", "bad"), [
    ("https://example.org/a?b=c#d", False), ("http://192.168.0.1:8080/", False),
    ("https://例え.jp", False), ("https://example", True), ("https://a..org", True),
    ("https://example.org:99999", True), ("https://-x.org", True), ("mailto:a@b.org", False),
    ("mailto:a@b", True), ("https://example.123", True),
])
def test_url_problems(value, bad):
    assert (url_problem(value) is not None) == bad


@pytest.mark.parametrize(("value", "bad"), [
    ("ada@example.org", False), ("ada.lovelace+cv@mail.example.co.uk", False),
    ("ada..x@example.org", True), (".ada@example.org", True), ("ada@example", True),
])
def test_email_problems(value, bad):
    assert (email_problem(value) is not None) == bad


def test_visible_text_drops_markup_but_keeps_literal_characters():
    assert visible("**Led** the *data* [pipeline](https://x.org) with `code`,\n snake_case, "
                   "2*3 and <https://y.org>") == (
        "Led the data pipeline with code, snake_case, 2*3 and https://y.org")


# --- a large CV -------------------------------------------------------------------------


def publications_cv(count: int) -> str:
    lines = ["name: Ada Lovelace", "aliases: [A. Lovelace]", "contact: {email: ada@example.org}",
             "sections:", "  Publications:"]
    for i in range(count):
        lines += [f"    - title: \"Engines, study {i}: {'notes' if i % 2 else 'sketches'}\"",
                  f"      authors: [Charles Babbage, {'A. Lovelace' if i % 3 else 'Ada Lovelace'}]",
                  f"      venue: Journal of Engines {i % 17}",
                  f"      year: {2025 - i // 10}",
                  f"      doi: 10.1000/engine.{i}"]
    return "\n".join(lines) + "\n"


def test_a_500_publication_cv_is_linted_correctly(tmp_path):
    text = publications_cv(500)
    cv = write(tmp_path, text)
    assert lint_file(cv, today=TODAY) == []
    duplicate = ("    - title: \"Engines, study 7: notes.\"\n      authors: [Ada Lovelace]\n"
                 "      year: 1900\n      doi: 10.1000/ENGINE.3\n")
    cv.write_text(text + duplicate, encoding="utf-8")
    assert [(d.code, d.location.line) for d in lint_file(cv, today=TODAY)] == [
        ("CV407", 2506)]


def test_the_readme_lists_every_rule_with_its_default():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code, rule in all_rules().items():
        assert f"| {code} | {rule.severity.value} | " in readme, code

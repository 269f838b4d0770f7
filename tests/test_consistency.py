"""Issue 19, section 7: the commands agree with each other and with the README."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cvtool.cli import STARTERS, main
from tests.conftest import ROOT

VALID = "name: Jane Doe\nsections:\n  Summary:\n    - One line.\n"
TYPO = ("name: Jane Doe\nsections:\n  Experience:\n    - organisation: Acme\n"
        "      position: Engineer\n      dates: 2020 - 2021\n")


def run(*args: object, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def test_validate_defaults_takes_several_files_and_formats(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "cv.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(TYPO, encoding="utf-8")
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "data/cv.yaml: valid" in result.output
    both = run("validate", "data/cv.yaml", "bad.yaml", "missing.yaml")
    assert both.exit_code == 1
    assert "data/cv.yaml: valid" in both.output  # each file is reported
    assert "bad.yaml:4:7: error[CV100]" in both.output
    assert "no such file: missing.yaml" in both.output
    github = run("validate", "--format", "github", "bad.yaml")
    assert github.exit_code == 1
    assert github.output.startswith("::error file=bad.yaml,line=4,col=7,title=CV100::")
    log = json.loads(run("validate", "--format", "json", "bad.yaml").output)
    assert [d["code"] for d in log["diagnostics"]] == ["CV100"]
    sarif = json.loads(run("validate", "--format", "sarif", "bad.yaml").output)
    assert sarif["runs"][0]["results"][0]["ruleId"] == "CV100"


def test_resume_takes_theme_and_watch(tmp_path, monkeypatch):
    import cvtool.watch

    seen = []
    monkeypatch.setattr(cvtool.watch, "watch_and_build",
                        lambda request, echo: seen.append(request))
    source = tmp_path / "cv.yaml"
    source.write_text(VALID, encoding="utf-8")
    result = run("resume", source, "--theme", "modern", "--watch", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    (request,) = seen
    assert (request.theme, request.variant, request.formats) == ("modern", "resume", ("pdf",))


def test_schema_errors_are_one_per_mistake(tmp_path):
    (tmp_path / "typo.yaml").write_text(TYPO, encoding="utf-8")
    typo = run("validate", tmp_path / "typo.yaml")
    assert typo.output.count("error[") == 1, typo.output
    assert "unknown key `organisation` (did you mean `organization`?)" in typo.output
    (tmp_path / "photo.yaml").write_text("name: X\nphoto: ../me.jpg\n", encoding="utf-8")
    assert "error[CV110]: photo:" in run("validate", tmp_path / "photo.yaml").output
    (tmp_path / "kind.yaml").write_text(
        "name: X\nsections:\n  Stuff:\n    - foo: bar\n      organisaton: Acme\n",
        encoding="utf-8")
    kind = run("validate", tmp_path / "kind.yaml").output
    assert "error[CV107]: sections.Stuff:" in kind
    assert "unknown key `organisaton` (did you mean `organization`?)" in kind
    assert "unknown key `foo`" in kind
    (tmp_path / "date.yaml").write_text(
        "name: X\nsections:\n  Experience:\n    - organization: Acme\n      date: 2020\n"
        "  Awards:\n    - title: Prize\n      date: 2021\n", encoding="utf-8")
    dated = run("validate", tmp_path / "date.yaml")
    assert dated.exit_code == 0, dated.output


def test_shell_completion_script_is_produced():
    env = {"_CVTOOL_COMPLETE": "bash_source", "PYTHONPATH": str(ROOT)}
    script = subprocess.run(
        [sys.executable, "-c", "from cvtool.cli import main; main(prog_name='cvtool')"],
        env=env, capture_output=True, text=True, check=False)
    assert "_cvtool_completion" in script.stdout, script.stderr
    assert "complete " in script.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for shell in ("bash", "zsh", "fish"):
        assert f"_CVTOOL_COMPLETE={shell}_source" in readme


@pytest.mark.parametrize("template", list(STARTERS))
def test_new_template_validates_and_lints_clean(template, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "--template", template, "mine")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cvtool.schema.json").exists()
    assert run("validate", "mine.yaml").exit_code == 0
    lint = run("lint", "--strict", "mine.yaml")
    assert lint.exit_code == 0 and "no problems" in lint.output, lint.output
    text = (tmp_path / "mine.yaml").read_text(encoding="utf-8")
    first = text.index("Education:") < text.index("Experience:") if "Experience:" in text \
        else True
    if template == "engineer":
        assert "Publications" not in text and not first
    if template == "student":
        assert first and "courses:" in text and "Awards" in text and "Activities" in text


def test_sarif_rules_have_name_description_and_absolute_help_uri(tmp_path):
    (tmp_path / "bad.yaml").write_text(TYPO, encoding="utf-8")
    log = json.loads(run("lint", "--format", "sarif", tmp_path / "bad.yaml",
                         env={"CVTOOL_DOCS_URL": "https://docs.example/README.md"}).output)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert any(r["id"] == "CV100" for r in rules)
    for rule in rules:
        assert rule["name"] and rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["helpUri"].startswith("https://docs.example/README.md#")
        anchor = rule["helpUri"].partition("#")[2]
        assert anchor in ("lint", "errors")

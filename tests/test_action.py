"""The GitHub Action (action.yml), the example workflow that uses it, and the pre-commit hook.

The action's command lines are checked against the current CLI (every cvtool option it
passes exists), and its shell steps run here, with `cvtool` being this checkout, on a
folder laid out like a user's CV repository.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cvtool.cli import main
from cvtool.lint.sources import is_cvtool_source
from tests.conftest import ROOT

ACTION = ROOT / "action.yml"
WORKFLOW = ROOT / "examples" / "ci" / "github-workflow.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
DOCUMENTED_INPUTS = {"cv", "variants", "languages", "formats", "lint", "strict", "public",
                     "pdf-engine", "cjk-fonts", "python-version", "outdir", "artifact-name"}


def action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    return action()["runs"]["steps"]


def test_action_parses_and_has_the_documented_inputs():
    spec = action()
    assert spec["runs"]["using"] == "composite"
    assert set(spec["inputs"]) == DOCUMENTED_INPUTS
    assert spec["inputs"]["cv"]["default"] == "cv.yaml"
    assert all(s.get("shell") == "bash" for s in steps() if "run" in s)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in DOCUMENTED_INPUTS:  # the README's table of inputs names each one
        assert f"`{name}`" in readme, name


def test_actions_are_pinned_to_a_major_version():
    used = [s["uses"] for s in steps() if "uses" in s]
    assert {u.split("@")[0] for u in used} == {"actions/setup-python", "actions/upload-artifact"}
    for uses in used:
        assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+", uses), uses


def test_inputs_reach_scripts_through_the_environment_only():
    """`${{ inputs.x }}` inside a script would let a value with quotes run as shell code."""
    for step in steps():
        assert "${{" not in step.get("run", ""), step["name"]


def _options(subcommand: str) -> set[str]:
    result = CliRunner().invoke(main, [subcommand, "--help"])
    assert result.exit_code == 0, result.output
    return set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", result.output))


def test_every_cvtool_command_line_is_valid_for_the_cli():
    lines = [line.strip() for s in steps() for line in s.get("run", "").splitlines()
             if line.strip().startswith("cvtool ")]
    assert {shlex.split(line)[1] for line in lines} == {"lint", "build"}
    # Options the scripts add through arrays (flags+=(--strict), options+=(-f ...)).
    added = re.findall(r"\+=\((-[\w-]+)", "\n".join(s.get("run", "") for s in steps()))
    assert {"--strict", "--lang", "-f", "--public"} <= set(added)
    for line in lines:
        words = shlex.split(line)
        known = _options(words[1])
        used = [w for w in words[2:] if w.startswith("-") and w != "--"]
        if words[1] == "build":
            used += [a for a in added if a != "--strict"]
        else:
            used += ["--strict"]
        for option in used:
            assert option in known, f"{line}: {option}"
    assert "--format github" in " ".join(lines)


@pytest.fixture
def repo(tmp_path):
    """A user's CV repository: a CV with a variant, a second CV in a subfolder, and YAML
    that is not a CV."""
    shutil.copy(ROOT / "data" / "cv.yaml", tmp_path / "cv.yaml")
    (tmp_path / "people").mkdir()
    shutil.copy(ROOT / "examples" / "minimal.yaml", tmp_path / "people" / "ada.yaml")
    (tmp_path / "deploy.yaml").write_text("name: deploy\non: push\njobs: {}\n")
    return tmp_path


def _run_steps(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The action's own scripts (finding files, lint, build), with `cvtool` this checkout."""
    bin_dir = repo.parent / "bin"
    bin_dir.mkdir(exist_ok=True)
    wrapper = bin_dir / "cvtool"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m cvtool "$@"\n')
    wrapper.chmod(0o755)
    # A script, not a symlink: a symlinked venv Python outside the venv's folder does not
    # find its pyvenv.cfg, and then runs without the venv's packages (PyYAML).
    python = bin_dir / "python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    inputs = {name: str(spec.get("default", "")) for name, spec in action()["inputs"].items()}
    scripts = []
    for step in steps():
        if "run" not in step or step["name"] not in {"Find the CV files", "Lint", "Build"}:
            continue
        if step["name"] == "Lint" and env.get("lint", inputs["lint"]) != "true":
            continue
        exports = {key: re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}",
                               lambda m: env.get(m[1], inputs[m[1]]), value)
                   for key, value in step.get("env", {}).items()}
        scripts.append("(\n" + "".join(f"export {k}={shlex.quote(v)}\n"
                                       for k, v in exports.items()) + step["run"] + "\n)")
    script = "set -eo pipefail\n" + " &&\n".join(scripts)
    environment = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
                   "RUNNER_TEMP": str(repo.parent), "PYTHONPATH": str(ROOT)}
    return subprocess.run(["bash", "-c", script], cwd=repo, env=environment,
                          capture_output=True, text=True)


def test_the_action_builds_every_cv_and_variant(repo):
    result = _run_steps(repo, {"cv": "cv.yaml people/*.yaml", "variants": "all",
                               "formats": "md, txt"})
    assert result.returncode == 0, result.stdout + result.stderr
    built = sorted(str(p.relative_to(repo / "out")) for p in (repo / "out").rglob("*.*"))
    variants = yaml.safe_load((repo / "cv.yaml").read_text(encoding="utf-8"))["variants"]
    assert sorted(variants) == ["public", "resume"]
    assert built == ["cv-public.md", "cv-public.txt", "cv-resume.md", "cv-resume.txt",
                     "cv.md", "cv.txt", "people/ada.md", "people/ada.txt"]


def test_the_action_fails_on_a_pattern_that_matches_nothing(repo):
    result = _run_steps(repo, {"cv": "cvs/*.yaml", "formats": "md"})
    assert result.returncode != 0
    assert "::error title=cvtool::no CV file matches 'cvs/*.yaml'" in result.stdout


def test_the_action_lints_with_annotations_and_stops(repo):
    (repo / "cv.yaml").write_text("name: Jane\nemial: j@example.org\nsections: {}\n")
    result = _run_steps(repo, {"formats": "md"})
    assert result.returncode == 1
    assert "::error file=cv.yaml,line=2" in result.stdout
    assert not (repo / "out").exists()  # nothing built from a CV that fails lint


def test_the_example_workflow_uses_the_action():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"push", "pull_request"}
    used = [s["uses"] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s]
    assert "OWNER/cvtool@main" in used
    step = next(s for job in workflow["jobs"].values() for s in job["steps"]
                if s.get("uses") == "OWNER/cvtool@main")
    assert set(step["with"]) <= DOCUMENTED_INPUTS
    assert "setup.sh" not in WORKFLOW.read_text(encoding="utf-8")  # exists only in a clone


def test_hook_files_pattern_matches_cvs_only():
    hook = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))[0]
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])

    def selected(path: str) -> bool:
        return bool(files.search(path)) and not exclude.search(path)

    for path in ["cv.yaml", "resume.yml", "data/cv.yaml", "jane-cv.yaml", "cv.de.yaml",
                 "Résumé.yaml", "cover-letter.yml", "examples/letter-bilingual.yaml"]:
        assert selected(path), path
    for path in ["deploy.yaml", "newsletter.yaml", ".github/workflows/cv.yml", "cv.json",
                 "docker-compose.yml", "tests/fixtures/cv.yaml"]:
        assert not selected(path), path
    assert hook["entry"] == "cvtool lint --only-cvs"
    assert "--only-cvs" in _options("lint")


def test_only_cvs_lints_only_cvtool_sources(repo, monkeypatch):
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["lint", "--only-cvs", "cv.yaml", "deploy.yaml"])
    assert result.exit_code == 0, result.output
    assert "1 file checked: no problems" in result.stdout
    assert "deploy.yaml: skipped, not a cvtool source" in result.stderr
    # Without it, the workflow-like file is linted as a CV, and fails.
    assert CliRunner().invoke(main, ["lint", "cv.yaml", "deploy.yaml"]).exit_code == 1


def test_only_cvs_still_lints_a_broken_cv(repo, monkeypatch):
    monkeypatch.chdir(repo)
    (repo / "cv.yaml").write_text("name: Jane\nsections:\n  - [unclosed\n")
    result = CliRunner().invoke(main, ["lint", "--only-cvs", "--format", "github",
                                       "cv.yaml", "deploy.yaml", "missing.yaml"])
    assert result.exit_code == 1
    assert "::error file=cv.yaml" in result.stdout
    assert "missing.yaml" in result.stdout  # an unreadable file is reported, not skipped


@pytest.mark.parametrize(("text", "expected"), [
    ("# yaml-language-server: $schema=../cvtool.schema.json\nfoo: 1\n", True),
    ("# A comment first\n# yaml-language-server: $schema=https://x/cvtool.schema.json\n", True),
    ("name: A\nsections:\n  Skills: [a]\n", True),
    ("\ufeff'name': A\n\"sections\": {}\n", True),
    ("cv: cv.yaml\nbody: Dear\n", True),  # a cover letter
    ("name: deploy\non: push\njobs: {}\n", False),
    ("jobs:\n  name: x\n  sections: y\n", False),  # not top-level
    ("foo: 1\n# yaml-language-server: $schema=cvtool.schema.json\n", False),  # not at the top
    ("# yaml-language-server: $schema=other.schema.json\nname: x\n", False),
])
def test_is_cvtool_source(text, expected):
    assert is_cvtool_source(text) is expected

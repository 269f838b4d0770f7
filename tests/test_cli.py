"""The ``cvtool`` command line, driven through click's CliRunner and a few subprocesses."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cvtool.cli import main
from tests.conftest import ROOT

COMMANDS = ("build", "validate", "schema", "new")
LOCATED = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): error\[CV\d{3}\]: .+$")
INVALID = "name: X\ncontact:\n  emial: a@b.co\nsections:\n  Education:\n" \
          "    - institution: U\n      dates: 2020 - 2019\n"
HEAVY = ("weasyprint", "markdown_it", "pydantic", "pydantic_core", "jinja2", "yaml")


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args])


def subprocess_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


# --- help -------------------------------------------------------------------------------


def test_main_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    listed = re.findall(r"^  (\w+)\s", result.output.split("Commands:")[1], re.MULTILINE)
    assert set(COMMANDS) <= set(listed)
    assert "cvtool new" in result.output


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_command_has_help_with_an_example(command, flag):
    result = run(command, flag)
    assert result.exit_code == 0, result.output
    assert f"Usage: main {command}" in result.output
    assert "Example" in result.output
    assert f"cvtool {command}" in result.output.split("Example")[1]


def test_version():
    from cvtool import __version__

    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


# --- validate ---------------------------------------------------------------------------


def test_validate_a_valid_cv():
    result = run("validate", ROOT / "data" / "cv.yaml")
    assert result.exit_code == 0, result.output
    assert re.search(r"cv\.yaml: valid \(\d+ sections, \d+ entries\)", result.stdout)
    assert result.stderr == ""


def test_validate_an_invalid_cv_prints_located_problems(tmp_path):
    source = tmp_path / "bad.yaml"
    source.write_text(INVALID, encoding="utf-8")
    result = run("validate", source)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines
    for line in lines:
        match = LOCATED.match(line)
        assert match, line
        assert match["file"] == str(source)
    assert [tuple(LOCATED.match(line).group("line", "col")) for line in lines] == [
        ("3", "3"), ("7", "14")]
    assert "valid" not in result.stdout


def test_validate_a_missing_file(tmp_path):
    result = run("validate", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "nope.yaml" in result.stderr


def test_validate_defaults_to_data_cv(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no data/cv.yaml here: a located "no such file", exit 1
    result = run("validate")
    assert result.exit_code == 1
    assert "no such file: data/cv.yaml" in result.output


# --- build ------------------------------------------------------------------------------


def test_build_markdown_into_a_folder(tmp_path):
    out = tmp_path / "out"
    result = run("build", ROOT / "data" / "cv.yaml", "-f", "md", "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["cv.md"]
    assert f"wrote {out / 'cv.md'}" in result.stdout
    golden = ROOT / "tests" / "golden" / "cv.md"
    assert (out / "cv.md").read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")


def test_build_names_the_output_after_the_source(tmp_path):
    source = tmp_path / "ada-cv.yaml"
    source.write_bytes((ROOT / "examples" / "minimal.yaml").read_bytes())
    result = run("build", source, "-f", "md", "-f", "md", "-o", tmp_path / "o")
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["ada-cv.md"]
    assert (tmp_path / "o" / "ada-cv.md").read_text(encoding="utf-8").startswith(
        "# Ada Lovelace\n")


def test_failed_build_keeps_the_earlier_output(tmp_path):
    source = tmp_path / "cv.yaml"
    out = tmp_path / "out"
    source.write_bytes((ROOT / "examples" / "minimal.yaml").read_bytes())
    assert run("build", source, "-f", "md", "-o", out).exit_code == 0
    before = (out / "cv.md").read_bytes()
    assert before.startswith(b"# Ada Lovelace")

    source.write_text(INVALID, encoding="utf-8")
    result = run("build", source, "-f", "md", "-o", out)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert all(LOCATED.match(line) for line in result.stderr.splitlines()), result.stderr
    assert (out / "cv.md").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["cv.md"]  # no temporary files left


def test_build_never_overwrites_its_source(tmp_path):
    source = tmp_path / "cv.md"  # a YAML source that happens to be named like an output
    original = (ROOT / "examples" / "minimal.yaml").read_bytes()
    source.write_bytes(original)
    result = run("build", source, "-f", "html", "-f", "md", "-o", tmp_path)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "refusing to write" in result.stderr and "source" in result.stderr
    assert source.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["cv.md"]  # not even the html was written


def test_build_refuses_the_source_through_another_spelling_of_the_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    source = tmp_path / "cv.md"
    original = (ROOT / "examples" / "minimal.yaml").read_bytes()
    source.write_bytes(original)
    result = run("build", source, "-f", "md", "-o", tmp_path / "sub" / "..")
    assert result.exit_code == 1
    assert source.read_bytes() == original


def test_build_of_a_missing_source(tmp_path):
    result = run("build", tmp_path / "nope.yaml", "-f", "md", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_build_rejects_an_unknown_format(tmp_path):
    result = run("build", ROOT / "data" / "cv.yaml", "-f", "rtf", "-o", tmp_path)
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


# --- new --------------------------------------------------------------------------------


def test_new_writes_a_starter_that_validates(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "jane-doe")
    assert result.exit_code == 0, result.output
    target = tmp_path / "jane-doe.yaml"
    assert target.is_file()
    assert "jane-doe.yaml" in result.stdout
    checked = run("validate", "jane-doe.yaml")
    assert checked.exit_code == 0, checked.output
    built = run("build", "jane-doe.yaml", "-f", "md", "-o", "out")
    assert built.exit_code == 0, built.output
    assert (tmp_path / "out" / "jane-doe.md").read_text(encoding="utf-8").startswith("# ")


def test_new_refuses_to_overwrite_without_force(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "jane.yaml"
    target.write_text("mine\n", encoding="utf-8")
    result = run("new", "jane")
    assert result.exit_code == 1
    assert "--force" in result.stderr
    assert "Traceback" not in result.output
    assert target.read_text(encoding="utf-8") == "mine\n"

    forced = run("new", "jane", "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_text(encoding="utf-8") != "mine\n"
    assert run("validate", target).exit_code == 0


def test_new_keeps_a_yaml_suffix(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("new", "cv.yml").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cv.yml", "cvtool.schema.json"]


def test_new_writes_the_schema_its_first_line_names(tmp_path, monkeypatch):
    """The starter's `$schema` names a file that exists: an editor can use it offline; an
    existing one (the user's, perhaps newer) is left as it is."""
    import json

    import jsonschema
    import yaml

    monkeypatch.chdir(tmp_path)
    assert run("new", "jane").exit_code == 0
    first = (tmp_path / "jane.yaml").read_text(encoding="utf-8").splitlines()[0]
    named = tmp_path / first.split("$schema=", 1)[1]
    schema = json.loads(named.read_text(encoding="utf-8"))
    data = yaml.safe_load((tmp_path / "jane.yaml").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []
    named.write_text("{}", encoding="utf-8")
    assert run("new", "john").exit_code == 0
    assert named.read_text(encoding="utf-8") == "{}"


# --- schema -----------------------------------------------------------------------------


def test_schema_prints_json_schema():
    result = run("schema")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert "json-schema.org" in schema["$schema"]
    assert "name" in schema["properties"]
    assert "name" in schema.get("required", [])


def test_schema_to_a_file(tmp_path):
    target = tmp_path / "deep" / "cvtool.schema.json"
    result = run("schema", "-o", target)
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(run("schema").stdout)


# --- as a process -----------------------------------------------------------------------


def test_python_m_cvtool_help():
    proc = subprocess.run([sys.executable, "-m", "cvtool", "--help"], capture_output=True,
                          text=True, cwd=ROOT, env=subprocess_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Commands:" in proc.stdout
    for command in COMMANDS:
        assert re.search(rf"^  {command}\s", proc.stdout, re.MULTILINE), command


def test_help_imports_no_heavy_module():
    code = (
        "import json, sys\n"
        "from cvtool.cli import main\n"
        "for args in (['--help'], ['build', '--help'], ['validate', '--help'],\n"
        "             ['schema', '--help'], ['new', '--help']):\n"
        "    try:\n"
        "        main(args, standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env=subprocess_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    loaded = {name.split(".")[0] for name in json.loads(proc.stdout.splitlines()[-1])}
    assert "click" in loaded and "cvtool" in loaded  # the check sees real imports
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_python_m_cvtool_help_import_times():
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "cvtool", "--help"],
                          capture_output=True, text=True, cwd=ROOT, env=subprocess_env(),
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0]
                for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "click" in imported
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))


def test_the_version_is_in_one_place():
    """`cvtool --version` reads the package's metadata, which hatch takes from
    cvtool/__init__.py; pyproject.toml names no version of its own."""
    import tomllib

    import cvtool

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and project["dynamic"] == ["version"]
    assert run("--version").output.strip().endswith(cvtool.__version__)

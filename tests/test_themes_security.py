"""Themes are data, not code: templates run sandboxed, themes come only from allowed places,
and every problem in a theme is located (in the CV, or in the theme's own files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvtool.build import BuildRequest, build
from cvtool.cli import main
from cvtool.errors import DiagnosticsError
from cvtool.lint import lint_file
from cvtool.loader import load
from cvtool.pipeline import prepare, render


def run(*args: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args])


def theme(folder: Path, template: str | None = None, toml: str | None = None,
          extends: str = "classic") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.toml").write_text(
        toml if toml is not None else
        f'name = "{folder.name}"\ndescription = "A test theme."\nextends = "{extends}"\n')
    if template is not None:
        (folder / "cv.html.j2").write_text(template)
    return folder


def cv(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "cv.yaml"
    source.write_text(text)
    return source


# --- 1. templates run in the sandbox -----------------------------------------------------


def test_evil_template_cannot_run_a_command(tmp_path):
    marker = tmp_path / "pwned"
    attack = "{{ cycler.__init__.__globals__.os.popen('id > MARKER').read() }}"
    theme(tmp_path / "evil", "<html>\n<body>\n" + attack.replace("MARKER", str(marker))
          + "\n</body>\n</html>\n")
    source = cv(tmp_path, "name: X\ndesign: {theme: ./evil}\n")
    out = tmp_path / "out"
    result = run("build", source, "-f", "html", "-o", out)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "evil/cv.html.j2:3:1: error[CV113]: unsafe template" in result.output
    assert not marker.exists()
    assert not out.exists() or not any(out.iterdir())


def test_the_exact_attack_from_the_issue_is_refused(tmp_path):
    theme(tmp_path / "evil", "{{ cycler.__init__.__globals__.os.popen('id').read() }}\n")
    source = cv(tmp_path, "name: X\ndesign: {theme: ./evil}\n")
    with pytest.raises(DiagnosticsError, match=r"evil/cv.html.j2:1:1: error\[CV113\]: unsafe "
                                               r"template: .*__init__"):
        render(prepare(load(source)), "html")


@pytest.mark.parametrize(("template", "line", "what"), [
    ("<html>\n{% if doc.name %}\n<p>{{ doc.name }}</p>\n", 3, "template syntax"),
    ("<html>\n\n<p>{{ doc.nosuch }}</p>\n", 3, "template: "),
    ("<html>\n<p>{{ undefined_thing }}</p>\n", 2, "template: "),
    ("{% set x = [] %}{{ x.append(1) }}", 1, "unsafe template"),
])
def test_template_problems_name_the_file_and_line(tmp_path, template, line, what):
    theme(tmp_path / "mine", template)
    source = cv(tmp_path, "name: X\ndesign: {theme: ./mine}\n")
    out = tmp_path / "out"
    result = run("build", source, "-f", "html", "-f", "md", "-o", out)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"mine/cv.html.j2:{line}:1: error[CV113]: {what}" in result.output
    assert not out.exists()


def test_an_included_template_that_leads_out_is_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    folder = theme(tmp_path / "cv" / "mine", '{% include "leak.j2" %}')
    (folder / "leak.j2").symlink_to(secret)
    source = cv(tmp_path / "cv", "name: X\ndesign: {theme: ./mine}\n")
    with pytest.raises(DiagnosticsError, match=r"mine/cv.html.j2:1:1: error\[CV113\]: template: no "
                                               r"template leak.j2"):
        render(prepare(load(source)), "html")


# --- 2. themes only from allowed places ---------------------------------------------------


@pytest.fixture
def outside_theme(tmp_path):
    return theme(tmp_path / "somewhere", "<p>outside</p>")


@pytest.mark.parametrize("name", ["../somewhere", "ABS", "./link", "sub/../../somewhere"])
def test_a_theme_outside_the_cv_folder_is_refused(tmp_path, outside_theme, name):
    cv_dir = tmp_path / "cv"
    cv_dir.mkdir()
    (cv_dir / "link").symlink_to(outside_theme)
    (cv_dir / "sub").mkdir()
    name = str(outside_theme) if name == "ABS" else name
    source = cv(cv_dir, f"name: X\ndesign:\n  theme: '{name}'\n")
    result = run("build", source, "-f", "html", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "cv.yaml:3:10: error[CV113]: design.theme: theme folder" in result.output
    assert not (tmp_path / "out").exists()
    assert run("validate", source).exit_code == 1


def test_a_variant_theme_outside_is_located_at_the_variant(tmp_path, outside_theme):
    source = cv(tmp_path / "cv", "name: X\nvariants:\n  resume:\n    design: {theme: "
                                 "../somewhere}\n")
    result = run("validate", source)
    assert result.exit_code == 1
    assert ("cv.yaml:4:21: error[CV113]: variants.resume.design.theme: theme folder "
            "../somewhere leads outside the CV's folder") in result.output


def test_extends_may_name_a_built_in_theme_or_a_folder_inside_the_cv_folder(tmp_path,
                                                                              outside_theme):
    theme(tmp_path / "cv" / "parent", "<p>parent</p>\n")
    theme(tmp_path / "cv" / "child", extends="./parent")
    source = cv(tmp_path / "cv", "name: X\ndesign: {theme: ./child}\n")
    assert render(prepare(load(source)), "html") == b"<p>parent</p>\n"

    theme(tmp_path / "cv" / "bad", extends="../somewhere")
    source = cv(tmp_path / "cv", "name: X\ndesign: {theme: ./bad}\n")
    result = run("validate", source)
    assert result.exit_code == 1
    assert "bad/theme.toml:3:1: error[CV113]: extends: theme folder ../somewhere leads outside" \
        in result.output


# --- 3. a bad theme.toml gets a line --------------------------------------------------------


def test_toml_syntax_error_is_located(tmp_path):
    theme(tmp_path / "mine", toml='name = "mine"\ndescription = "x"\nextends = classic\n')
    source = cv(tmp_path, "name: X\ndesign: {theme: ./mine}\n")
    result = run("build", source, "-f", "md", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "mine/theme.toml:3:11: error[CV113]: TOML syntax: Invalid value" in result.output
    assert not (tmp_path / "out").exists()


def test_toml_validation_errors_are_located_at_their_keys(tmp_path):
    theme(tmp_path / "mine", toml='name = "mine"\ndescription = "x"\nextends = "classic"\n'
                                  '\n[options]\nfont = "comic/sans"\n  accent = "red"\n'
                                  '[floors]\nfont_size = 2\n')
    source = cv(tmp_path, "name: X\ndesign: {theme: ./mine}\n")
    result = run("validate", source)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any("mine/theme.toml:6:1: error[CV113]: options.font: " in x for x in lines), lines
    assert any("mine/theme.toml:7:3: error[CV113]: options.accent: " in x for x in lines), lines
    assert any("mine/theme.toml:9:1: error[CV113]: floors.font_size: " in x for x in lines)


def test_unknown_key_in_theme_toml_is_located(tmp_path):
    theme(tmp_path / "mine", toml='name = "mine"\ndescription = "x"\ncolour = "red"\n')
    source = cv(tmp_path, "name: X\ndesign: {theme: ./mine}\n")
    result = run("validate", source)
    assert "mine/theme.toml:3:1: error[CV113]: colour: Extra inputs" in result.output


# --- 4. validate and lint catch what build catches ------------------------------------------


def _symlinked_photo(folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "me.png").symlink_to("/etc/passwd")
    return "photo: me.png"


CASES = {
    "missing-photo": (lambda d: "photo: nope.png", 2, 8, "CV110", "photo: no such image"),
    "photo-symlink": (_symlinked_photo, 2, 8, "CV110", "photo: the photo must be inside"),
    "no-theme": (lambda d: "design: {theme: nosuch}", 2, 17, "CV113",
                 "design.theme: no theme named `nosuch`"),
    "variant-theme": (lambda d: "variants:\n  resume:\n    design: {theme: nosuch}", 4, 21,
                      "CV113", "variants.resume.design.theme: no theme named `nosuch`"),
    "absolute-theme": (lambda d: "design: {theme: /etc}", 2, 17, "CV113",
                       "design.theme: theme folder /etc is an absolute path"),
}


@pytest.mark.parametrize("case", CASES)
def test_validate_lint_and_build_report_the_same_located_error(tmp_path, case):
    make, line, column, code, message = CASES[case]
    source = cv(tmp_path, f"name: X\n{make(tmp_path)}\n")
    expected = f"cv.yaml:{line}:{column}: error[{code}]: {message}"

    validated = run("validate", source)
    assert validated.exit_code == 1 and expected in validated.output, validated.output

    linted = run("lint", source)
    assert linted.exit_code == 1 and expected in linted.output, linted.output
    as_json = run("lint", source, "--format", "json")
    assert as_json.exit_code == 1
    found = json.loads(as_json.stdout)["diagnostics"]
    assert [(d["code"], d["severity"], d["line"], d["column"]) for d in found] == [
        (code, "error", line, column)]

    built = run("build", source, "-f", "html", "-o", tmp_path / "out")
    assert built.exit_code == 1 and expected in built.output, built.output
    for result in (validated, linted, built):
        assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_lint_file_reports_theme_problems_as_errors(tmp_path):
    source = cv(tmp_path, "name: X\ndesign: {theme: nosuch}\n")
    (diagnostic,) = lint_file(source)
    assert diagnostic.code == "CV113" and diagnostic.severity == "error"


def test_a_good_user_theme_validates_and_lints_clean(tmp_path):
    theme(tmp_path / "mine")
    source = cv(tmp_path, "name: X\ndesign: {theme: ./mine}\n")
    assert run("validate", source).exit_code == 0
    assert [d for d in lint_file(source) if d.severity == "error"] == []
    (out,) = build(BuildRequest(source, ("html",), tmp_path / "out")).written
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_cli_theme_option_overrides_a_broken_design_theme(tmp_path):
    source = cv(tmp_path, "name: X\ndesign: {theme: nosuch}\n")
    (out,) = build(BuildRequest(source, ("md",), tmp_path / "out", theme="modern")).written
    assert out.is_file() and out.name == "cv.md"

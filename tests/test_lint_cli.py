"""``cvtool lint`` on the command line: every output format, every exit status, the rule
list, start-up without heavy imports, and one --render run."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvtool.cli import main
from cvtool.lint import all_rules
from tests.conftest import FIXTURES, ROOT
from tests.test_cli import subprocess_env

LINT = FIXTURES / "lint"
CLEAN = ROOT / "data" / "cv.yaml"
WARNS = LINT / "CV404-bad.yaml"  # warnings only
ERRORS = LINT / "CV413-bad.yaml"  # errors
GITHUB = re.compile(r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=CV\d{3}::.+$")


def run(*args: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["lint", *(str(a) for a in args)])


def test_help_has_an_example():
    result = run("--help")
    assert result.exit_code == 0
    assert "Example" in result.output and "cvtool lint" in result.output.split("Example")[1]


@pytest.mark.parametrize(("args", "status"), [
    ((CLEAN,), 0),
    ((CLEAN, "--strict"), 0),
    ((WARNS,), 0),
    ((WARNS, "--strict"), 1),
    ((ERRORS,), 1),
    ((CLEAN, ERRORS), 1),
    ((CLEAN, "--format", "xml"), 2),
    ((CLEAN, "--no-such-option"), 2),
])
def test_exit_status(args, status):
    result = run(*args)
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output


def test_schema_errors_fail_and_are_located():
    result = run(FIXTURES / "invalid" / "end-before-start.yaml")
    assert result.exit_code == 1
    assert "error[CV102]" in result.stdout


def test_a_missing_file_is_an_error_not_a_crash(tmp_path):
    result = run(tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert "CV003" in result.stdout and "Traceback" not in result.output


def test_default_source_is_data_cv_yaml(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run()
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 file checked: no problems\n"


def test_text_format_is_plain_when_not_a_terminal():
    result = run(WARNS, ERRORS)
    lines = result.stdout.splitlines()
    assert "\033[" not in result.stdout
    assert lines[-1] == "2 files checked: 5 errors, 2 warnings"
    assert all(re.match(r"^.+\.yaml:\d+:\d+: (error|warning)\[CV4\d\d\]: ", line)
               for line in lines[:-1]), lines


def test_text_format_has_colour_on_a_terminal():
    from cvtool.lint import lint_file, report

    text = report.format_text(lint_file(WARNS), 1, color=True)
    assert "\033[33m\033[1mwarning[CV404]\033[0m" in text  # bold yellow


def test_json_format():
    result = run(WARNS, "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["tool"] == "cvtool" and document["files"] == [str(WARNS)]
    assert document["summary"] == {"error": 0, "warning": 2, "info": 0}
    first = document["diagnostics"][0]
    assert first == {"code": "CV404", "severity": "warning",
                     "message": "`University of London` has no dates",
                     "hint": "add `dates:`, e.g. `Aug 2018 – Jul 2023` or `2021 – present`",
                     "path": "sections.Education[0]", "file": str(WARNS), "line": 4,
                     "column": 7}


def test_github_format():
    result = run(ERRORS, WARNS, "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 7
    assert all(GITHUB.match(line) for line in lines), lines
    assert lines[0].startswith(f"::error file={ERRORS},line=3,col=10,title=CV413::contact.email: ")


def test_github_format_escapes_what_would_end_a_command(tmp_path):
    from cvtool.errors import Diagnostic, Severity, SourceLocation
    from cvtool.lint.report import format_github

    line = format_github([Diagnostic("CV401", "50% done\nnext", Severity.INFO,
                                     SourceLocation("a,b:c.yaml", 1, 2))])
    assert line == "::notice file=a%2Cb%3Ac.yaml,line=1,col=2,title=CV401::50%25 done%0Anext\n"


def test_sarif_format(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run(WARNS.relative_to(ROOT), ERRORS.relative_to(ROOT), "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    (sarif_run,) = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert {rule["id"] for rule in rules} >= set(all_rules())
    results = sarif_run["results"]
    assert len(results) == 7
    first = results[0]
    assert first["ruleId"] == "CV404" and first["level"] == "warning"
    assert rules[first["ruleIndex"]]["id"] == "CV404"
    location = first["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "tests/fixtures/lint/CV404-bad.yaml"},
                        "region": {"startLine": 4, "startColumn": 7}}


def test_list_rules():
    result = run("--list-rules")
    assert result.exit_code == 0
    listed = re.findall(r"^(CV\d{3})\s+(error|warning|info)\s+\S+\s+\S", result.stdout, re.M)
    assert [code for code, _ in listed] == list(all_rules())


def test_extraction_compares_without_case_spacing_or_invisible_characters():
    from cvtool.lint.render import comparable

    assert comparable("EXPERI ENCE\nlarge-\u2060scale \ufb01le") == "experiencelarge-scalefile"


def test_lint_imports_no_renderer():
    code = ("import json, sys\nfrom cvtool.cli import main\n"
            "try:\n    main(['lint', 'data/cv.yaml'], standalone_mode=False)\n"
            "except SystemExit:\n    pass\n"
            "print(json.dumps(sorted(sys.modules)))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env=subprocess_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    loaded = {name.split(".")[0] for name in json.loads(proc.stdout.splitlines()[-1])}
    assert "cvtool" in loaded
    assert not loaded & {"weasyprint", "jinja2", "pylatex", "markdown_it", "fontTools"}


# --- --render ---------------------------------------------------------------------------


def test_render_reports_overflow_and_checks_extraction():
    pytest.importorskip("weasyprint")
    result = run(LINT / "render" / "overflow.yaml", "--render", "--format", "json")
    assert result.exit_code == 1, result.output
    found = json.loads(result.stdout)["diagnostics"]
    assert [(d["code"], d["path"], d["line"]) for d in found] == [
        ("CV301", "variants.resume.max_pages", 83)]
    assert "cannot fit into 1 page" in found[0]["message"]


def ats_problems_for_text(path: Path, text: str) -> list[tuple[str, str, int, str]]:
    """CV420 problems for ``path``'s whole-CV document as if its PDF gave ``text``."""
    from cvtool.lint.context import Context
    from cvtool.lint.render import ats_problems
    from cvtool.loader import load
    from cvtool.pipeline import prepare

    loaded = load(path)
    found = ats_problems(Context(loaded, date.today()), prepare(loaded).doc, text, "the PDF")
    return [(d.code, d.path, d.location.line, d.message) for d in found]


def test_extraction_check_finds_lost_and_misordered_text():
    text = ("Ada Lovelace ada@example.org\n+44 20 7946 0958\nEXPERIENCE\n"
            "Wrote note 1 on the engine and its use for computing Bernoulli numbers at length.\n"
            "Wrote note 0 on the engine and its use for computing Bernoulli numbers at length.\n")
    problems = ats_problems_for_text(LINT / "render" / "overflow.yaml", text)
    # the entry's heading is missing too (title, dates, role: CV420 checks them as well)
    assert [p[3].split(" `")[0] for p in problems[:3]] == ["title", "dates", "role"]
    assert problems[3] == ("CV420", "sections.Experience[0].highlights[1]", 13,
                           "bullet `Wrote note 1 on the engine and its use …` comes out of "
                           "order in the text extracted from the PDF")
    assert problems[4][3].startswith("bullet `Wrote note 2 ") and "is missing" in problems[4][3]
    assert len(problems) == 72



def test_contacts_may_come_out_in_any_order_but_whole():
    """An ATS finds an e-mail address or a phone number by its shape: a contact line read
    column-wise is fine, a number broken apart is not."""
    body = ("EXPERIENCE\n"
            + "".join(f"Wrote note {i} on the engine and its use for computing Bernoulli "
                      "numbers at length.\n" for i in range(60)))
    swapped = ats_problems_for_text(LINT / "render" / "overflow.yaml",
                                    "Ada Lovelace +44 20 7946 0958\nada@example.org\n" + body)
    broken = ats_problems_for_text(LINT / "render" / "overflow.yaml",
                                   "Ada Lovelace ada@example.org\n+44 20 Ada\n7946 0958\n" + body)
    assert not [p for p in swapped if p[1].startswith("contact")]
    assert [p[1] for p in broken if p[1].startswith("contact")] == ["contact.phone"]

# --- ecosystem --------------------------------------------------------------------------


def test_pre_commit_hook():
    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "cvtool-lint" and hook["entry"] == "cvtool lint --only-cvs"
    assert hook["language"] == "python"
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])

    def linted(path: str) -> bool:
        return bool(files.search(path)) and not exclude.search(path)

    # Names like a CV's; others (jane-doe.yml) need a `files:` of the user's own.
    assert all(map(linted, ["data/cv.yaml", "jane-doe-cv.yml", "cvs/resume.yaml"]))
    assert not any(map(linted, [".pre-commit-config.yaml", ".github/workflows/ci.yml",
                                "mkdocs.yml", "docker-compose.yaml", "README.md",
                                "tests/fixtures/invalid/bad-url.yaml", "themes/x/y.yaml"]))


def test_extracted_right_to_left_text_compares_without_direction_marks_and_vowel_signs():
    from cvtool.lint.render import comparable

    # pdftotext wraps right-to-left runs in embeddings, and may drop or move a shadda.
    assert comparable("\u202bعمان\u202a ،\u202c الأردن\u202c") == comparable("عمّان، الأردن")

"""Lint results for people and for machines: text (coloured on a terminal), JSON, GitHub
Actions workflow commands, and SARIF 2.1.0 (code scanning). Pure functions: diagnostics in,
text out; the CLI decides where it goes and with which exit status."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

import click

from cvtool import __version__
from cvtool.errors import Diagnostic, Severity
from cvtool.lint.registry import Rule
from cvtool.lint.rules import all_rules

FORMATS = ("text", "json", "github", "sarif")
_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def counts(diagnostics: Iterable[Diagnostic]) -> Counter[Severity]:
    return Counter(d.severity for d in diagnostics)


def exit_status(diagnostics: list[Diagnostic], strict: bool = False) -> int:
    """1 for any error (or, with ``strict``, any warning); infos never fail."""
    found = counts(diagnostics)
    return 1 if found[Severity.ERROR] or (strict and found[Severity.WARNING]) else 0


def _plural(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    found = counts(diagnostics)
    if not diagnostics:
        return f"{_plural(files, 'file')} checked: no problems"
    parts = [_plural(found[s], s.value) for s in Severity if found[s]]
    return f"{_plural(files, 'file')} checked: {', '.join(parts)}"


def format_text(diagnostics: list[Diagnostic], files: int, color: bool = False) -> str:
    lines = []
    for d in diagnostics:
        line = d.format()
        if color:
            code = f"{d.severity.value}[{d.code}]"
            styled = click.style(code, fg=_COLOURS[d.severity], bold=True)
            line = line.replace(code, styled, 1)
        lines.append(line)
    lines.append(summary(diagnostics, files))
    return "\n".join(lines) + "\n"


def _as_dict(d: Diagnostic) -> dict[str, object]:
    where = d.location
    return {"code": d.code, "severity": d.severity.value, "message": d.message,
            "hint": d.hint, "path": d.path or None, "file": where.file if where else None,
            "line": where.line if where else None, "column": where.column if where else None}


def format_json(diagnostics: list[Diagnostic], files: list[str]) -> str:
    found = counts(diagnostics)
    document = {"tool": "cvtool", "version": __version__, "files": files,
                "diagnostics": [_as_dict(d) for d in diagnostics],
                "summary": {s.value: found[s] for s in Severity}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_github(diagnostics: list[Diagnostic]) -> str:
    """``::error file=cv.yaml,line=3,col=5,title=CV100::message`` lines, which GitHub
    Actions shows as annotations on the changed lines."""
    lines = []
    for d in diagnostics:
        props = []
        if d.location:
            props += [f"file={_escape_property(d.location.file)}", f"line={d.location.line}",
                      f"col={d.location.column}"]
        props.append(f"title={_escape_property(d.code)}")
        text = f"{d.path}: {d.message}" if d.path else d.message
        if d.hint:
            text += f" ({d.hint})"
        lines.append(f"::{_GITHUB_LEVELS[d.severity]} {','.join(props)}::{_escape_data(text)}")
    return "".join(line + "\n" for line in lines)


_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(file: str) -> str:
    path = Path(file)
    try:
        path = path.resolve().relative_to(Path(os.getcwd()).resolve())
    except ValueError:
        return path.resolve().as_uri()
    return quote(path.as_posix())


# Where the README is published. SARIF 2.1.0 wants a rule's `helpUri` absolute, so a
# relative `README.md#lint` will not do: CVTOOL_DOCS_URL overrides this (a fork, a tag).
DOCS_URL = "https://github.com/cvtool/cvtool/blob/main/README.md"


def docs_url() -> str:
    return os.environ.get("CVTOOL_DOCS_URL") or DOCS_URL


def _sarif_rule(code: str, rule: Rule | None) -> dict[str, object]:
    if rule is None:
        # A schema or build error (CV0xx-CV3xx): the README's table of error codes.
        return {"id": code, "name": f"schema-{code.lower()}",
                "shortDescription": {"text": "a schema error"},
                "fullDescription": {"text": f"{code}: see the table of error codes"},
                "helpUri": f"{docs_url()}#errors",
                "defaultConfiguration": {"level": "error"}}
    level = _SARIF_LEVELS[rule.severity]
    return {"id": code, "name": rule.name, "shortDescription": {"text": rule.description},
            "fullDescription": {"text": rule.description},
            "helpUri": f"{docs_url()}#lint",
            "defaultConfiguration": {"level": level}}


def format_sarif(diagnostics: list[Diagnostic]) -> str:
    """SARIF 2.1.0, for GitHub code scanning (``github/codeql-action/upload-sarif``)."""
    rules = all_rules()
    codes = sorted({*rules, *(d.code for d in diagnostics)})
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for d in diagnostics:
        result: dict[str, object] = {
            "ruleId": d.code, "ruleIndex": index[d.code], "level": _SARIF_LEVELS[d.severity],
            "message": {"text": (f"{d.path}: " if d.path else "") + d.message
                        + (f" ({d.hint})" if d.hint else "")}}
        if d.location:
            result["locations"] = [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(d.location.file)},
                "region": {"startLine": d.location.line, "startColumn": d.location.column}}}]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {
            "name": "cvtool", "version": __version__,
            "rules": [_sarif_rule(code, rules.get(code)) for code in codes]}},
            "results": results}],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def format_rules() -> str:
    """The table ``cvtool lint --list-rules`` prints."""
    return "".join(f"{r.code}  {r.severity.value:<7}  {r.name:<22}  {r.description}\n"
                   for r in all_rules().values())

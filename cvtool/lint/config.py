"""Which rules run, at which severity: defaults, then ``[tool.cvtool.lint]`` in the nearest
``pyproject.toml``, then the CV's own ``lint:`` block (the CV wins: it travels with its
suppressions). A setting lint does not understand is itself a diagnostic (CV400), so a typo
never silently leaves a rule on or off."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from cvtool.errors import Diagnostic, Severity, SourceLocation
from cvtool.lint.rules import all_rules
from cvtool.loader import LoadedCv

LEVELS = ("off", "info", "warning", "error")


@dataclass(frozen=True)
class Settings:
    levels: dict[str, str] = field(default_factory=dict)  # code -> level, only where changed
    problems: tuple[Diagnostic, ...] = ()

    def level(self, code: str) -> str:
        if code in self.levels:
            return self.levels[code]
        rule = all_rules().get(code)
        return rule.severity.value if rule else "error"


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` in the folder of ``start`` or above."""
    folder = start.resolve().parent
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            return path
    return None


def _problem(code: Any, value: Any) -> str | None:
    rules = all_rules()
    if not isinstance(code, str) or code.upper() not in rules:
        if isinstance(code, str) and re.fullmatch(r"CV[01]\d\d", code.upper()):
            return f"{code} is a schema error; it cannot be configured"
        return f"unknown rule `{code}`; `cvtool lint --list-rules` lists them"
    if value not in LEVELS:
        return f"`{value}` is not a level; use one of {', '.join(LEVELS)}"
    return None


@lru_cache(maxsize=32)
def _pyproject(path: Path) -> tuple[tuple[tuple[str, str], ...], tuple[Diagnostic, ...]]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if "cvtool" not in text:
        return (), ()
    import tomllib  # only for a pyproject.toml that mentions cvtool

    lines = text.splitlines()

    def at(code: str) -> SourceLocation:
        pattern = re.compile(rf"^\s*[\"']?{re.escape(code)}[\"']?\s*=")
        line = next((n for n, s in enumerate(lines, 1) if pattern.match(s)), 1)
        return SourceLocation(str(path), line, 1)

    try:
        table = tomllib.loads(text).get("tool", {}).get("cvtool", {}).get("lint", {})
    except tomllib.TOMLDecodeError as exc:
        return (), (Diagnostic("CV400", f"pyproject.toml cannot be read: {exc}", Severity.ERROR,
                               SourceLocation(str(path), 1, 1)),)
    if not isinstance(table, dict):
        return (), (Diagnostic("CV400", "[tool.cvtool.lint] must be a table of rule = level",
                               Severity.ERROR, SourceLocation(str(path), 1, 1)),)
    levels, problems = [], []
    for code, value in table.items():
        problem = _problem(code, value)
        if problem:
            problems.append(Diagnostic("CV400", problem, Severity.ERROR, at(code),
                                       f"tool.cvtool.lint.{code}"))
        else:
            levels.append((code.upper(), value))
    return tuple(levels), tuple(problems)


def settings_for(loaded: LoadedCv) -> Settings:
    """Defaults <- [tool.cvtool.lint] in the nearest pyproject.toml <- the CV's ``lint:``.
    A CV whose ``design:`` accepts missing glyphs (``missing_glyphs: box``) builds with them,
    so by default lint warns about them (CV201) as the build does."""
    levels: dict[str, str] = {}
    if loaded.cv.design.missing_glyphs == "box":
        levels["CV201"] = "warning"
    problems: list[Diagnostic] = []
    pyproject = find_pyproject(loaded.path)
    if pyproject is not None:
        found, trouble = _pyproject(pyproject)
        levels.update(found)
        problems += trouble
    for code, value in loaded.cv.lint.items():
        problem = _problem(code, value)
        if problem:
            problems.append(Diagnostic("CV400", problem, Severity.ERROR,
                                       loaded.source.key_at(("lint", code)), f"lint.{code}"))
        else:
            levels[code.upper()] = value
    return Settings(levels, tuple(problems))

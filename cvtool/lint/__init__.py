"""``cvtool lint``: everything the schema cannot see, as located diagnostics CI can gate on.

A source with schema errors (CV0xx/CV1xx, from :func:`cvtool.loader.load`) gets only those:
content rules would be guessing about data that is not what the author meant. A valid source
runs every enabled rule (CV4xx, and CV201 for font coverage); ``render=True`` also lays the
PDFs out (CV301 for a variant over its page limit, CV420 for text lost in extraction).
Settings and suppression comments then decide what is reported and how severely.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from cvtool.errors import Diagnostic, DiagnosticsError, Severity, SourceLocation
from cvtool.lint.config import Settings, settings_for
from cvtool.lint.context import Context
from cvtool.lint.registry import Rule
from cvtool.lint.rules import all_rules
from cvtool.lint.suppress import Suppressions
from cvtool.loader import LoadedCv, load
from cvtool.resources import resource_diagnostics

__all__ = ["Rule", "all_rules", "lint_file", "lint_letter", "lint_loaded"]


def _order(diagnostic: Diagnostic) -> tuple[SourceLocation, str]:
    return diagnostic.location or SourceLocation("", 0, 0), diagnostic.code


def lint_loaded(loaded: LoadedCv, render: bool = False,
                today: date | None = None, public: bool = False) -> list[Diagnostic]:
    """Lint a CV that loaded without schema errors."""
    rules = all_rules()
    settings: Settings = settings_for(loaded)
    # The files the CV names (themes, photo), checked as a build checks them: errors.
    found: list[Diagnostic] = [*settings.problems, *resource_diagnostics(loaded)]
    for lang in loaded.languages:  # each language's text (what both share is said once)
        ctx = Context(loaded.in_language(lang), today or date.today(),
                      {c: r.severity for c, r in rules.items()})
        for code, rule in rules.items():
            if rule.check is not None and settings.level(code) != "off":
                found.extend(rule.check(ctx))
        if render:
            from cvtool.lint.render import render_checks

            found += render_checks(ctx, lambda code: settings.level(code) != "off")
        if render and public and settings.level("CV426") != "off":
            from cvtool.lint.leaks import leak_checks

            found += leak_checks(ctx)
    suppressions = Suppressions()
    reported = list(loaded.warnings)
    for diagnostic in found:
        if diagnostic.code not in rules:  # not a lint rule (a missing photo): as it came
            reported.append(diagnostic)
            continue
        level = settings.level(diagnostic.code)
        if level == "off" or suppressions.silences(diagnostic):
            continue
        reported.append(replace(diagnostic, severity=Severity(level)))
    return sorted(dict.fromkeys(reported), key=_order)


def lint_letter(path: Path | str, render: bool = False,
                today: date | None = None) -> list[Diagnostic]:
    """Every problem of the cover letter at ``path``: its (or its CV's) validation errors
    alone when there are any, else what the letter rules (CV430-CV439) find."""
    from cvtool.letter import load_letter
    from cvtool.lint.rules_letter import CHECKS, LetterContext

    try:
        loaded = load_letter(path)
    except DiagnosticsError as exc:
        return sorted(exc.diagnostics, key=_order)
    settings = settings_for(loaded.cv)  # the CV's settings apply to its letters
    ctx = LetterContext(loaded, today or date.today(), render)
    suppressions = Suppressions()
    reported = list(settings.problems)
    for code, check in CHECKS.items():
        level = settings.level(code)
        if level == "off":
            continue
        for found in check(ctx):
            if found.code != code:  # what laying it out found besides (a missing font)
                reported.append(found)
            elif not suppressions.silences(found):
                reported.append(replace(found, severity=Severity(level)))
    return sorted(dict.fromkeys(reported), key=_order)


def lint_file(path: Path | str, render: bool = False,
              today: date | None = None, public: bool = False) -> list[Diagnostic]:
    """Every problem in the CV at ``path``: schema errors alone when there are any, else
    what the lint rules find (``render``: also page overflow and PDF text extraction).
    A cover letter (top-level `cv:` and `body:`) is linted as one (:func:`lint_letter`)."""
    from cvtool.lint.rules_letter import looks_like_letter
    from cvtool.sourcefile import read_source

    try:
        if looks_like_letter(read_source(Path(path))):
            return lint_letter(path, render, today)
    except DiagnosticsError:
        pass  # unreadable: load() says so, located
    try:
        loaded = load(path)
    except DiagnosticsError as exc:
        return sorted(exc.diagnostics, key=_order)
    return lint_loaded(loaded, render, today, public)

"""Every lint rule, listed: the rule modules and the codes made elsewhere.

A new rule goes into one of the rule modules and its ``RULES``; a new rule module goes here.
"""

from __future__ import annotations

from functools import cache

from cvtool.lint import (
    rules_contact,
    rules_content,
    rules_dates,
    rules_kinds,
    rules_languages,
    rules_letter,
    rules_text,
)
from cvtool.lint.registry import EXTERNAL, Rule

MODULES = (rules_contact, rules_content, rules_dates, rules_kinds, rules_languages, rules_letter,
           rules_text)


@cache
def all_rules() -> dict[str, Rule]:
    """Every rule, by code, in code order."""
    rules = [*EXTERNAL, *(r for module in MODULES for r in module.RULES)]
    codes = [r.code for r in rules]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    assert not duplicates, f"rule codes used twice: {duplicates}"
    return dict(sorted((r.code, r) for r in rules))

"""The rules cvtool lint knows: stable codes, default severities, one-line descriptions.

Codes never change meaning once released, so CI configurations and suppression comments keep
working. Lint rules live in the CV4xx range; two codes made elsewhere are configured like
rules: CV201 (characters no font can draw, from :mod:`cvtool.fonts`) and CV301 (a variant that
does not fit its ``max_pages``, from :func:`cvtool.pipeline.prepare`, checked with ``--render``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cvtool.errors import Diagnostic, Severity

if TYPE_CHECKING:
    from cvtool.lint.context import Context

Check = Callable[["Context"], Iterable[Diagnostic]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    description: str
    check: Check | None = None  # None: the diagnostics come from elsewhere (config, --render)
    render_only: bool = False


def rule(code: str, name: str, severity: Severity, description: str) -> Callable[[Check], Rule]:
    """Make ``check`` the rule ``code``. A rule module lists its rules in ``RULES``, and
    :mod:`cvtool.lint.rules` lists the modules: nothing registers itself on import."""

    def make(check: Check) -> Rule:
        return Rule(code, name, severity, description, check)

    return make


# Codes made elsewhere, configured like rules.
EXTERNAL = (
    Rule("CV400", "lint-settings", Severity.ERROR,
         "a `lint:` block or [tool.cvtool.lint] names an unknown rule or severity"),
    Rule("CV301", "page-overflow", Severity.ERROR,
         "a variant cannot be fitted into its `max_pages` (with --render)", render_only=True),
    Rule("CV420", "ats-extraction", Severity.ERROR,
         "name, e-mail, phone, a heading, an entry's heading text or a bullet is lost or "
         "out of order in the text plain pdftotext extracts from the PDF, or an entry's "
         "text is mixed with another's (with --render)", render_only=True),
    Rule("CV426", "private-leak", Severity.ERROR,
         "a private value is found in a public build's output, any format or its metadata "
         "(with --render --public)", render_only=True),
)

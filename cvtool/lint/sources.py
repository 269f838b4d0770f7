"""Which YAML files are cvtool sources, for ``cvtool lint --only-cvs`` (the pre-commit hook).

A hook is handed every staged file its ``files:`` pattern matches; a repository also holds
YAML that is configuration (``deploy.yaml``, a workflow), which must not block a commit.
A file is a cvtool source when one of its leading comment lines is the schema comment
``# yaml-language-server: $schema=...cvtool.schema.json`` (what ``cvtool new`` and the
importers write), or when it has top-level ``name:`` and ``sections:`` keys (a CV) or
``cv:`` and ``body:`` keys (a cover letter, as :func:`~cvtool.lint.lint_file` decides).
Keys are found in the text, not by parsing, so a CV with a YAML syntax error is still
recognised, and linted, and reported.
"""

from __future__ import annotations

import re
from pathlib import Path

from cvtool.sourcefile import MAX_SOURCE_BYTES

_SCHEMA_COMMENT = re.compile(r"#\s*yaml-language-server:\s*\$schema=\S*cvtool\.schema\.json")


def _top_level_key(name: str) -> re.Pattern[str]:
    return re.compile(rf"^[\"']?{name}[\"']?[ \t]*:", re.MULTILINE)


_CV_KEYS = (_top_level_key("name"), _top_level_key("sections"))
_LETTER_KEYS = (_top_level_key("cv"), _top_level_key("body"))


def is_cvtool_source(text: str) -> bool:
    """True when ``text`` is a CV or cover letter written for cvtool (see the module)."""
    text = text.removeprefix("\ufeff")
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped != "---":
            break  # the leading comments end here
        if _SCHEMA_COMMENT.match(stripped):
            return True
    return any(all(key.search(text) for key in keys) for keys in (_CV_KEYS, _LETTER_KEYS))


def is_cvtool_file(path: Path) -> bool:
    """Whether the file at ``path`` is a cvtool source. A file that cannot be read (missing,
    a folder, too large) counts as one, so that linting it reports the problem, located."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_SOURCE_BYTES + 1)
    except OSError:
        return True
    if len(raw) > MAX_SOURCE_BYTES:
        return True
    return is_cvtool_source(raw.decode("utf-8", errors="replace"))

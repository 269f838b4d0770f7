"""``# cvtool: ignore[CV401]`` on the line a diagnostic points at silences it there.

Several codes are separated by commas; a bare ``# cvtool: ignore`` silences every lint rule
on the line. Text after the brackets is the reason, for the next reader. Only lint rules can
be silenced: a schema error stops the build whatever a comment says, so lint keeps showing it.
In a ``.bib`` file the comment may start with ``%``.
"""

from __future__ import annotations

import re
from pathlib import Path

from cvtool.errors import Diagnostic

_IGNORE = re.compile(r"[#%]\s*cvtool:\s*ignore(?:\[([^\]]*)\])?", re.IGNORECASE)


class Suppressions:
    """Reads each source file's lines once, when a diagnostic first points into it."""

    def __init__(self) -> None:
        self._lines: dict[str, list[str]] = {}

    def _read(self, file: str) -> list[str]:
        if file not in self._lines:
            try:
                text = Path(file).read_text(encoding="utf-8-sig", errors="replace")
            except OSError:
                text = ""
            self._lines[file] = text.splitlines()
        return self._lines[file]

    def codes_on(self, file: str, line: int) -> frozenset[str] | None:
        """The codes silenced on a line; empty for all of them; None when none are."""
        lines = self._read(file)
        if not 1 <= line <= len(lines) or "cvtool" not in lines[line - 1].lower():
            return None
        match = _IGNORE.search(lines[line - 1])
        if match is None:
            return None
        if match[1] is None:
            return frozenset()
        return frozenset(c.strip().upper() for c in match[1].split(",") if c.strip())

    def silences(self, diagnostic: Diagnostic) -> bool:
        if diagnostic.location is None:
            return False
        codes = self.codes_on(diagnostic.location.file, diagnostic.location.line)
        return codes is not None and (not codes or diagnostic.code in codes)

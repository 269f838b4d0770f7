"""What reading a .bib gives: entries as cvtool data, and located problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class BibProblem:
    """Something wrong in the .bib, at a 1-based line."""

    line: int
    message: str
    severity: str = "error"  # or "warning", "info"
    key: str | None = None  # the entry it is about, when it leaves one out


@dataclass(frozen=True)
class BibEntry:
    """One publication: cvtool plain data, and where each of its fields came from."""

    key: str
    entry_type: str
    line: int
    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)  # cvtool field -> .bib line
    kept: tuple[str, ...] = ()  # BibTeX fields kept under extensions.bibtex


@dataclass(frozen=True)
class BibResult:
    entries: list[BibEntry]
    problems: list[BibProblem]

"""Errors and diagnostics shared by every layer.

Anything raised as a :class:`CvtoolError` is a user-facing problem: the CLI prints it and
exits with a status code. Any other exception is a bug in cvtool and keeps its traceback.
This module imports nothing else from cvtool, so every layer may depend on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A 1-based position in a source file, as editors and CI annotations count it."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a CV: where it is, how bad it is, and what to do about it."""

    code: str
    message: str
    severity: Severity = Severity.ERROR
    location: SourceLocation | None = None
    path: str = ""
    hint: str | None = None

    def format(self) -> str:
        """Compiler-style single line: ``file:line:col: error[CV102]: path: message``."""
        where = f"{self.location}: " if self.location else ""
        path = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.severity.value}[{self.code}]: {path}{self.message}{hint}"


def format_path(path: tuple[str | int, ...] | list[str | int]) -> str:
    """``("sections", "Working Experience", 0, "highlights")`` -> a readable dotted path."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", part):
            out += f".{part}" if out else part
        else:
            out += f"[{part!r}]".replace("'", '"')
    return out


class CvtoolError(Exception):
    """A problem the user can fix: bad input, a missing tool, an unwritable output."""

    exit_code = 1

    def messages(self) -> list[str]:
        return [str(self)]


class DiagnosticsError(CvtoolError):
    """One or more located problems in a CV source, reported all at once."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))

    def messages(self) -> list[str]:
        return [d.format() for d in self.diagnostics]

    def __reduce__(self) -> tuple[type[DiagnosticsError], tuple[list[Diagnostic]]]:
        # Rebuilt from its diagnostics (not its message) when sent between processes.
        return (type(self), (self.diagnostics,))


class UnsafeReferenceError(CvtoolError):
    """A document referenced a resource outside what cvtool may read (network, other files)."""


class ThemeError(CvtoolError):
    """A theme is missing or malformed."""


class OutputError(CvtoolError):
    """An output could not be written; earlier outputs are left as they were."""


class RenderError(CvtoolError):
    """A renderer could not produce its format (for example, a missing system library)."""


@dataclass(frozen=True)
class LostCharacter:
    """A character a typesetting engine could not print: the font it was set in has no glyph."""

    char: str
    font: str  # as the engine names it, e.g. "NotoSerif-Regular"

    def __str__(self) -> str:
        return f"`{self.char}` (U+{ord(self.char):04X})"


class MissingGlyphsError(RenderError):
    """A renderer's output lacks characters its fonts could not draw. It carries the output
    (made all the same), so that the caller, who knows where in the source each character
    was written and whether the user accepts the loss, decides what happens."""

    def __init__(self, engine: str, lost: tuple[LostCharacter, ...], output: bytes) -> None:
        self.engine = engine
        self.lost = lost
        self.output = output
        shown = ", ".join(f"{c} in font {c.font}" for c in lost[:5])
        super().__init__(f"{engine} could not print characters its fonts lack: {shown}")

    def __reduce__(self) -> tuple[type[MissingGlyphsError], tuple[str, tuple, bytes]]:
        return (type(self), (self.engine, self.lost, self.output))

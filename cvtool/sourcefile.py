"""Reading a source file (a CV, a .bib, a JSON Resume) as text, within the limits every
source gets: a size read before the file is, UTF-8 with a located error when it is not, and
the bounds on nesting, values and digits that the parsers check while reading.
"""

from __future__ import annotations

from pathlib import Path
from typing import AnyStr

from cvtool.errors import Diagnostic, DiagnosticsError, SourceLocation

MAX_SOURCE_BYTES = 20 * 1024 * 1024
MAX_NODES = 500_000
MAX_DEPTH = 64
MAX_INT_DIGITS = 4300  # Python's own limit for converting digits to an int


def location_at(text: AnyStr, offset: int, file: str) -> SourceLocation:
    """The 1-based line and column of ``offset`` in a source's text (or bytes), for parsers
    that report only an offset (PyYAML's reader, Python's decoder, a scanner of ours)."""
    newline = "\n" if isinstance(text, str) else b"\n"
    offset = max(0, min(offset, len(text)))
    line = text.count(newline, 0, offset) + 1  # type: ignore[arg-type]
    column = offset - (text.rfind(newline, 0, offset) + 1) + 1  # type: ignore[arg-type]
    return SourceLocation(file, line, column)


def read_source(path: Path) -> str:
    """Read a CV file as text: UTF-8 (a BOM is allowed), bounded in size."""
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise DiagnosticsError([Diagnostic(
                "CV003", f"the file is {size / 2**20:.0f} MiB; a CV source may be at most "
                f"{MAX_SOURCE_BYTES // 2**20} MiB", location=SourceLocation(str(path), 1, 1))])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DiagnosticsError([Diagnostic("CV003", f"no such file: {path}")]) from None
    except IsADirectoryError:
        raise DiagnosticsError([Diagnostic("CV003", f"{path} is a folder, not a CV file")]) \
            from None
    except PermissionError:
        raise DiagnosticsError([Diagnostic("CV003", f"permission denied reading {path}")]) \
            from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DiagnosticsError([Diagnostic(
            "CV003", f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded; save the file "
            "as UTF-8", location=location_at(raw, exc.start, str(path)))]) from None

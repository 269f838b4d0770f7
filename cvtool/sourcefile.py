"""Reading a source file (a CV, a .bib, a JSON Resume) as text, within the limits every
source gets: a size read before the file is, UTF-8 with a located error when it is not, and
the bounds on nesting, values and digits that the parsers check while reading.
"""

from __future__ import annotations

from pathlib import Path

from cvtool.errors import Diagnostic, DiagnosticsError, SourceLocation

MAX_SOURCE_BYTES = 20 * 1024 * 1024
MAX_NODES = 500_000
MAX_DEPTH = 64
MAX_INT_DIGITS = 4300  # Python's own limit for converting digits to an int


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
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DiagnosticsError([Diagnostic(
            "CV003", f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded; save the file "
            "as UTF-8", location=SourceLocation(str(path), line, column))]) from None

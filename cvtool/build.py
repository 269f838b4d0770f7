"""The build pipeline: source -> document -> renderer -> files. The only module that writes.

Outputs are written atomically (a temporary file in the same folder, then a rename), so a
failed build never leaves a half-written file or destroys the previous good output.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cvtool.document import Document, build_document
from cvtool.errors import CvtoolError, OutputError
from cvtool.loader import LoadedCv, load


@dataclass(frozen=True)
class OutputFormat:
    name: str
    extension: str
    description: str


FORMATS: dict[str, OutputFormat] = {
    "md": OutputFormat("md", "md", "GitHub-flavoured Markdown"),
}
DEFAULT_FORMATS = ("md",)


def render(doc: Document, fmt: str) -> bytes:
    """Render one format. Heavy renderers are imported here, only when asked for."""
    if fmt == "md":
        from cvtool.renderers.markdown import render_markdown

        return render_markdown(doc)
    raise CvtoolError(f"unknown format `{fmt}`; choose from {', '.join(FORMATS)}")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def output_path(source: Path, outdir: Path, fmt: str) -> Path:
    return outdir / f"{source.stem}.{FORMATS[fmt].extension}"


def _check_not_source(target: Path, source: Path) -> None:
    if target.resolve() == source.resolve():
        raise OutputError(f"refusing to write {target}: it is the source file")


def build(source: Path, formats: tuple[str, ...] = DEFAULT_FORMATS, outdir: Path = Path("out"),
          on_written: Callable[[Path], None] | None = None) -> list[Path]:
    """Build ``source`` into every format; render everything first, then write.

    Rendering all formats before writing any means a failure in one renderer leaves every
    earlier output untouched.
    """
    loaded: LoadedCv = load(source)
    doc = build_document(loaded.cv)
    rendered = []
    for fmt in dict.fromkeys(formats):
        target = output_path(source, outdir, fmt)
        _check_not_source(target, source)
        rendered.append((target, render(doc, fmt)))
    written = []
    for target, data in rendered:
        try:
            write_atomic(target, data)
        except OSError as exc:
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
        written.append(target)
        if on_written:
            on_written(target)
    return written

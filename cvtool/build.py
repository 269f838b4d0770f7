"""The build pipeline: source -> document -> renderer -> files. The only module that writes.

Outputs are written atomically (a temporary file in the same folder, then a rename), and every
format is rendered before any is written, so a failed build never leaves a half-written file
and never destroys the previous good output.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cvtool.document import Document, build_document
from cvtool.errors import CvtoolError, Diagnostic, DiagnosticsError, OutputError, Severity
from cvtool.loader import LoadedCv, load
from cvtool.themes import ResolvedDesign, Theme, load_theme, resolve_design


@dataclass(frozen=True)
class OutputFormat:
    name: str
    extension: str
    description: str


FORMATS: dict[str, OutputFormat] = {
    "pdf": OutputFormat("pdf", "pdf", "PDF typeset by WeasyPrint"),
    "html": OutputFormat("html", "html", "a standalone HTML page"),
    "md": OutputFormat("md", "md", "GitHub-flavoured Markdown"),
}
DEFAULT_FORMATS = ("pdf", "html", "md")


@dataclass(frozen=True)
class Job:
    """Everything a renderer needs, decided once per build."""

    doc: Document
    theme: Theme
    design: ResolvedDesign
    cv_dir: Path


def _photo(loaded: LoadedCv) -> Path | None:
    """The photo's absolute path, checked to be a file inside the CV's folder."""
    if loaded.cv.photo is None:
        return None
    cv_dir = loaded.path.parent.resolve()
    path = (cv_dir / loaded.cv.photo).resolve()
    problem = None
    if not path.is_relative_to(cv_dir):
        problem = "the photo must be inside the CV's folder"
    elif not path.is_file():
        problem = f"no such image: {path}"
    if problem:
        raise DiagnosticsError([Diagnostic("CV110", problem, Severity.ERROR,
                                           loaded.source.value_at(("photo",)), "photo")])
    return path


def prepare(loaded: LoadedCv, theme_name: str | None = None) -> Job:
    cv = loaded.cv
    if theme_name:
        cv = cv.model_copy(update={"design": cv.design.model_copy(update={"theme": theme_name})})
    cv_dir = loaded.path.parent
    theme = load_theme(cv.design.theme, cv_dir)
    doc = build_document(cv, _photo(loaded))
    return Job(doc, theme, resolve_design(cv.design, theme), cv_dir)


def render(job: Job, fmt: str) -> bytes:
    """Render one format. Heavy renderers are imported here, only when asked for."""
    if fmt == "md":
        from cvtool.renderers.markdown import render_markdown

        return render_markdown(job.doc)
    if fmt == "html":
        from cvtool.renderers.html import render_html

        return render_html(job.doc, job.theme, job.design).encode("utf-8")
    if fmt == "pdf":
        from cvtool.renderers.pdf import render_pdf

        return render_pdf(job.doc, job.theme, job.design, job.cv_dir).data
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


def warnings_for(loaded: LoadedCv, formats: tuple[str, ...]) -> list[Diagnostic]:
    """Problems that do not stop a build but change what a reader sees."""
    if "pdf" not in formats:
        return []
    from cvtool.fonts import missing_glyph_diagnostics

    return missing_glyph_diagnostics(loaded)


def build(source: Path, formats: tuple[str, ...] = DEFAULT_FORMATS, outdir: Path = Path("out"),
          theme: str | None = None, on_written: Callable[[Path], None] | None = None,
          on_warning: Callable[[Diagnostic], None] | None = None) -> list[Path]:
    """Build ``source`` into every format; render everything first, then write."""
    loaded = load(source)
    job = prepare(loaded, theme)
    formats = tuple(dict.fromkeys(formats))
    targets = [output_path(source, outdir, fmt) for fmt in formats]
    for target in targets:
        _check_not_source(target, source)
    rendered = [(target, render(job, fmt)) for target, fmt in zip(targets, formats, strict=True)]
    for warning in warnings_for(loaded, formats):
        if on_warning:
            on_warning(warning)
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


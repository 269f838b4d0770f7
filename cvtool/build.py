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
from typing import TYPE_CHECKING, Literal

from cvtool.document import Document, build_document
from cvtool.errors import CvtoolError, Diagnostic, DiagnosticsError, OutputError, Severity
from cvtool.formats import DEFAULT_FORMATS, FORMATS
from cvtool.loader import LoadedCv, format_path, load
from cvtool.resources import check_photo, theme_diagnostics
from cvtool.schema import Cv
from cvtool.themes import ResolvedDesign, Theme, load_theme, resolve_design
from cvtool.variants import Selection

if TYPE_CHECKING:
    from cvtool.renderers.pdf_worker import PdfWorker

PdfEngine = Literal["weasyprint", "latex"]


@dataclass(frozen=True)
class Job:
    """Everything a renderer needs, decided once per build (after variant selection and
    page fitting, so every format shows the same content with the same settings)."""

    doc: Document
    theme: Theme
    design: ResolvedDesign
    cv_dir: Path
    pdf: bytes | None = None  # already rendered while fitting to a page limit
    report: tuple[str, ...] = ()  # what fitting tightened and dropped
    cv: Cv | None = None  # the content shown (for formats made from data, not the document)


def _photo(loaded: LoadedCv, theme_name: str | None = None) -> Path | None:
    """The photo's real path, once the photo and the themes the CV names have been checked
    as ``cvtool validate`` checks them (a PNG or JPEG inside the CV's folder, themes that
    load); any problem stops the build, located in the source."""
    photo, problems = check_photo(loaded)
    if not theme_name:  # a theme given on the command line is loaded (and reported) as is
        problems = [*theme_diagnostics(loaded), *problems]
    if problems:
        raise DiagnosticsError(problems)
    return photo


def prepare(loaded: LoadedCv, theme_name: str | None = None,
            variant_name: str | None = None) -> Job:
    """Decide content and design: the variant's selection, the theme, and (for a variant
    with ``max_pages``) the fitted settings and drops."""
    cv = loaded.cv
    cv_dir = loaded.path.parent
    photo = _photo(loaded, theme_name)
    if variant_name is None:
        if theme_name:
            cv = cv.model_copy(update={"design": cv.design.model_copy(
                update={"theme": theme_name})})
        theme = load_theme(cv.design.theme, cv_dir)
        return Job(build_document(cv, photo), theme, resolve_design(cv.design, theme), cv_dir,
                   cv=cv)

    from cvtool.variants import materialize, select, variant_of

    variant = variant_of(cv, variant_name)
    selection = select(cv, variant)
    design = materialize(cv, selection, variant)[0].design
    if theme_name:
        design = design.model_copy(update={"theme": theme_name})
    theme = load_theme(design.theme, cv_dir)
    resolved = resolve_design(design, theme)

    def document_for(chosen: Selection) -> Document:
        selected, origins = materialize(cv, chosen, variant)
        return build_document(selected, photo, origins, whole=cv)

    if variant.max_pages is None:
        return Job(document_for(selection), theme, resolved, cv_dir,
                   cv=materialize(cv, selection, variant)[0])
    from cvtool.fit import FitError, fit
    from cvtool.renderers.pdf import layout_pdf, write_pdf

    try:
        result = fit(cv, selection, theme, resolved, variant.max_pages,
                     layout=lambda chosen, d: layout_pdf(document_for(chosen), theme, d, cv_dir),
                     describe=lambda origin: f"{format_path(origin)} at "
                                             f"{loaded.source.key_at(origin)}")
    except FitError as exc:
        where = ("variants", variant_name, "max_pages")
        raise DiagnosticsError([Diagnostic("CV301", str(exc), Severity.ERROR,
                                           loaded.source.key_at(where), format_path(where))],
                               ) from None
    return Job(document_for(result.selection), theme, result.design, cv_dir,
               pdf=write_pdf(result.document), report=tuple(result.report),
               cv=materialize(cv, result.selection, variant)[0])


def render(job: Job, fmt: str, pdf_engine: PdfEngine = "weasyprint",
           pdf_worker: PdfWorker | None = None) -> bytes:
    """Render one format. Heavy renderers are imported here, only when asked for.

    ``pdf_engine="latex"`` typesets the PDF from the ``.tex`` with XeLaTeX instead of
    WeasyPrint (a PDF already made while fitting a variant is WeasyPrint's, so not reused).
    A ``pdf_worker`` started beforehand typesets the PDF in parallel with everything before
    it; without one, or when it has no PDF to give, the PDF is typeset here."""
    if fmt == "md":
        from cvtool.renderers.markdown import render_markdown

        return render_markdown(job.doc)
    if fmt == "html":
        from cvtool.renderers.html import render_html

        return render_html(job.doc, job.theme, job.design).encode("utf-8")
    if fmt == "jsonresume":
        from cvtool.renderers.jsonresume import render_jsonresume

        assert job.cv is not None, "a job for JSON Resume carries the CV"
        return render_jsonresume(job.cv)
    if fmt == "tex":
        from cvtool.renderers.latex import render_latex

        return render_latex(job.doc, job.theme, job.design)
    if fmt == "pdf" and pdf_engine == "latex":
        from cvtool.renderers.latex_pdf import render_latex_pdf

        return render_latex_pdf(job.doc, job.theme, job.design)
    if fmt == "pdf":
        if job.pdf is not None:
            return job.pdf
        from cvtool.renderers import weasyprint_pdf
        from cvtool.renderers.pdf import pdf_request

        request = pdf_request(job.doc, job.theme, job.design, job.cv_dir)
        rendered = pdf_worker.render(request) if pdf_worker is not None else None
        return (rendered or weasyprint_pdf.render(request)).data
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


def output_path(source: Path, outdir: Path, fmt: str, variant: str | None = None) -> Path:
    """``out/cv.pdf``, or ``out/cv-resume.pdf`` for a variant."""
    stem = f"{source.stem}-{variant}" if variant else source.stem
    return outdir / f"{stem}.{FORMATS[fmt].extension}"


def _check_not_source(target: Path, source: Path) -> None:
    if target.resolve() == source.resolve():
        raise OutputError(f"refusing to write {target}: it is the source file")


def warnings_for(loaded: LoadedCv, formats: tuple[str, ...]) -> list[Diagnostic]:
    """Problems that do not stop a build but change what a reader sees."""
    if "pdf" not in formats and "tex" not in formats:
        return list(loaded.warnings)
    from cvtool.fonts import missing_glyph_diagnostics

    return [*loaded.warnings, *missing_glyph_diagnostics(loaded)]


def build(source: Path, formats: tuple[str, ...] = DEFAULT_FORMATS, outdir: Path = Path("out"),
          theme: str | None = None, on_written: Callable[[Path], None] | None = None,
          on_warning: Callable[[Diagnostic], None] | None = None, variant: str | None = None,
          on_report: Callable[[str], None] | None = None,
          pdf_engine: PdfEngine = "weasyprint", pdf_worker: PdfWorker | None = None,
          ) -> list[Path]:
    """Build ``source`` into every format; render everything first, then write."""
    loaded = load(source)
    job = prepare(loaded, theme, variant)
    for line in job.report:
        if on_report:
            on_report(line)
    formats = tuple(dict.fromkeys(formats))
    targets = [output_path(source, outdir, fmt, variant) for fmt in formats]
    for target in targets:
        _check_not_source(target, source)
    rendered = [(target, render(job, fmt, pdf_engine, pdf_worker))
                for target, fmt in zip(targets, formats, strict=True)]
    if "tex" in formats and job.doc.photo is not None:  # the .tex names its photo beside it
        from cvtool.renderers.latex import photo_file_name

        rendered.append((outdir / photo_file_name(job.doc.photo), job.doc.photo.read_bytes()))
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


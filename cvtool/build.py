"""A build: a request in, a result out; the only module that writes files.

:func:`build` runs the pipeline (:mod:`cvtool.pipeline`: load, variant, document, each
format's renderer) and then writes every output at once, all or none (:func:`write_all`), so a
failed build never leaves a half-written file and never changes the previous outputs. It also
decides whether a worker process typesets the PDF (see :mod:`cvtool.renderers.pdf_worker`).

This module imports only light modules at start-up: the worker must start before the CV's
schema and renderers are imported, so that the two warm up side by side.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cvtool.errors import CvtoolError, Diagnostic, DiagnosticsError, OutputError, Severity
from cvtool.formats import DEFAULT_FORMATS, FORMATS, PdfEngine

if TYPE_CHECKING:
    from cvtool.job import Job, PageLinks
    from cvtool.loader import LoadedCv
    from cvtool.renderers.pdf_worker import PdfWorker



@dataclass(frozen=True)
class BuildRequest:
    """What to build: a source, its formats, where to, and how."""

    source: Path
    formats: tuple[str, ...] = DEFAULT_FORMATS
    outdir: Path = Path("out")
    theme: str | None = None  # instead of the one in `design:`
    variant: str | None = None
    pdf_engine: PdfEngine = "weasyprint"
    languages: tuple[str, ...] = ()  # which of the CV's languages; none given: all of them
    # Leave out everything marked private (as a variant's `public: true` does); the outputs
    # keep their names: a public build is asked for, so it is what out/ should hold.
    public: bool = False
    # The variants built beside this one into the same folder (a batch's --all-variants;
    # None: the full CV): its web pages link to each other.
    variants_built: tuple[str | None, ...] = ()
    # A second process may typeset the PDF (only a plain WeasyPrint PDF build uses one: a
    # variant with a page limit is typeset while it is fitted, in this process).
    pdf_worker: bool = True


@dataclass(frozen=True)
class BuildResult:
    written: tuple[Path, ...]
    report: tuple[str, ...] = ()  # what fitting tightened and dropped
    warnings: tuple[Diagnostic, ...] = field(default=())  # problems that did not stop it

    def messages(self) -> Iterator[tuple[str, bool]]:
        """What to tell the user, each line with whether it belongs on stderr."""
        for line in self.report:
            yield line, False
        for warning in self.warnings:
            yield warning.format(), True
        for path in self.written:
            yield f"wrote {path}", False


def _start_worker(request: BuildRequest) -> PdfWorker | None:
    if not (request.pdf_worker and "pdf" in request.formats
            and request.pdf_engine == "weasyprint" and request.variant is None):
        return None
    from cvtool.renderers.pdf_worker import PdfWorker

    return PdfWorker()


def build(request: BuildRequest) -> BuildResult:
    """Build every format of ``request``; render everything first, then write it all."""
    worker = _start_worker(request)
    try:
        return _build(request, worker)
    finally:
        if worker is not None:
            worker.close()


def _build(request: BuildRequest, worker: PdfWorker | None) -> BuildResult:
    rendered = render_outputs(request, worker)
    write_all(list(rendered.outputs))
    return rendered.result


@dataclass(frozen=True)
class RenderedBuild:
    """A build's outputs, rendered but not yet written, and the files they were made from."""

    outputs: tuple[tuple[Path, bytes], ...]
    result: BuildResult
    inputs: tuple[Path, ...] = ()  # the source, .bib files, the photo, the theme's files
    theme: str = ""


def render_outputs(request: BuildRequest, worker: PdfWorker | None = None) -> RenderedBuild:
    """Everything :func:`build` would write, without writing it (a batch build writes it
    together with its manifest, see :mod:`cvtool.batch`)."""
    # Imported here, after the worker started (see the module docstring).
    from cvtool.loader import load
    from cvtool.pipeline import balanced, font_diagnostics, prepare, render_checked

    source = request.source
    formats = tuple(dict.fromkeys(request.formats))
    loaded = load(source)
    languages = loaded.languages
    unknown = [lang for lang in request.languages if lang not in languages]
    if unknown:
        raise CvtoolError(f"{source}: `{unknown[0]}` is not one of the CV's languages "
                          f"({', '.join(languages)})")
    warnings = [*loaded.warnings, *font_diagnostics(loaded, formats, request.pdf_engine)]
    errors = [d for d in warnings if d.severity is Severity.ERROR]
    rendered: list[tuple[Path, bytes]] = []
    report: list[str] = []
    inputs: list[Path] = [source]
    theme = ""
    for lang in request.languages or languages:
        # Each language is its own document: fitted on its own (German runs longer).
        in_lang = loaded.in_language(lang)
        try:
            prepared = prepare(in_lang, request.theme, request.variant, request.public)
        except DiagnosticsError as exc:  # reported together with characters no font draws
            raise DiagnosticsError([*exc.diagnostics, *errors]) from None
        if errors:
            raise DiagnosticsError(errors)
        suffix = language_suffix(lang, languages)
        job = replace(prepared, pdf_engine=request.pdf_engine, pdf_worker=worker,
                      links=page_links(request, formats, languages, lang))
        if "pdf" in formats:
            job = balanced(job)
        theme = job.theme.name
        inputs += _files_read(in_lang, job)
        targets = [output_path(source, request.outdir, fmt, request.variant, suffix)
                   for fmt in formats]
        for target in targets:
            _check_not_source(target, source)
        for target, fmt in zip(targets, formats, strict=True):
            data, lost = render_checked(in_lang, job, fmt)  # raises what stops the build
            rendered.append((target, data))
            warnings += lost
        report += [f"{lang}: {line}" if len(languages) > 1 else line for line in job.report]
        if "tex" in formats and job.doc.photo is not None:  # the .tex names its photo beside it
            from cvtool.renderers.latex import photo_file_name

            photo = request.outdir / photo_file_name(job.doc.photo)
            _check_not_source(photo, source)
            if photo not in dict(rendered):
                rendered.append((photo, job.doc.photo.read_bytes()))
    result = BuildResult(tuple(target for target, _ in rendered), tuple(report),
                         tuple(dict.fromkeys(warnings)))
    return RenderedBuild(tuple(rendered), result, tuple(dict.fromkeys(inputs)), theme)


def language_suffix(lang: str, languages: tuple[str, ...]) -> str:
    """The file name suffix of a language's outputs: none for the CV's first language
    (``cv.pdf``), the tag for the others (``cv.de.pdf``)."""
    return "" if lang == languages[0] else lang


def page_links(request: BuildRequest, formats: tuple[str, ...], languages: tuple[str, ...],
               lang: str) -> PageLinks | None:
    """What the web page of ``lang`` links to: the PDF beside it, and the pages of the other
    languages and variants this build (or its batch) writes into the same folder."""
    from cvtool.job import PageLinks

    if "html" not in formats:
        return None
    source, outdir, variant = request.source, request.outdir, request.variant

    def name(fmt: str, variant: str | None, lang: str) -> str:
        return output_path(source, outdir, fmt, variant, language_suffix(lang, languages)).name

    built = request.languages or languages
    variants = request.variants_built if variant in request.variants_built else (variant,)
    return PageLinks(
        pdf=name("pdf", variant, lang) if "pdf" in formats else None,
        languages=tuple((code, name("html", variant, code)) for code in languages
                        if code in built) if len(built) > 1 else (),
        variants=tuple((v, name("html", v, lang)) for v in variants) if len(variants) > 1
        else (),
        variant=variant)


def _files_read(loaded: LoadedCv, job: Job) -> list[Path]:
    """The files besides the source that an output depends on: the .bib files its entries
    came from, its photo, and every file of its theme."""
    files: list[Path] = []
    for name in sorted({key.file for key, _ in loaded.source.positions.values()}):
        path = Path(name)
        for candidate in (path, loaded.path.parent / path):
            if candidate.suffix == ".bib" and candidate.is_file():
                files.append(candidate)
                break
    if job.doc.photo is not None:
        files.append(Path(job.doc.photo))
    for folder in job.theme.folders:
        files += sorted(p for p in Path(folder).rglob("*") if p.is_file()
                        and "__pycache__" not in p.parts)
    return files


def output_path(source: Path, outdir: Path, fmt: str, variant: str | None = None,
                lang: str = "") -> Path:
    """``out/cv.pdf``, ``out/cv-resume.pdf`` for a variant, ``out/cv.de.pdf`` for a language
    other than the CV's default (``out/cv-resume.de.pdf``)."""
    stem = f"{source.stem}-{variant}" if variant else source.stem
    return outdir / f"{stem}{'.' + lang if lang else ''}.{FORMATS[fmt].extension}"


def _check_not_source(target: Path, source: Path) -> None:
    if target.resolve() == source.resolve():
        raise OutputError(f"refusing to write {target}: it is the source file")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    write_all([(path, data)])


def _write_temporary(path: Path, data: bytes) -> Path:
    """``data`` in a flushed, synced temporary file beside ``path`` (same file system, so
    the final rename is atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _keep_previous(path: Path) -> Path | None:
    """A hard link to the file now at ``path`` (if any), so it can be put back."""
    if not path.exists():
        return None
    backup = path.with_name(f".{path.name}.{os.getpid()}.previous")
    backup.unlink(missing_ok=True)
    try:
        os.link(path, backup)
    except OSError:  # a file system without hard links: a copy does the same job
        import shutil

        shutil.copy2(path, backup)
    return backup


def _output_error(path: Path | None, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {path}: {exc.strerror or exc}; "
                       "no output was changed")


def write_all(outputs: list[tuple[Path, bytes]]) -> None:
    """Write every output, or none: a failure leaves each previous file as it was.

    Every temporary file is written and synced first (a full disk fails here, before any
    output changes); only then are they renamed into place, the previous files kept aside
    until all renames succeeded, and put back if one does not."""
    temporaries: list[tuple[Path, Path]] = []
    path: Path | None = None
    try:
        for path, data in outputs:
            temporaries.append((_write_temporary(path, data), path))
    except BaseException as exc:
        for tmp, _ in temporaries:
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _output_error(path, exc) from None
        raise
    replaced: list[tuple[Path, Path | None]] = []
    try:
        for tmp, path in temporaries:
            replaced.append((path, _keep_previous(path)))
            os.replace(tmp, path)
    except BaseException as exc:
        for done, previous in reversed(replaced):
            if previous is None:
                done.unlink(missing_ok=True)
            else:
                os.replace(previous, done)
        for tmp, _ in temporaries:
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _output_error(path, exc) from None
        raise
    finally:
        for _, previous in replaced:
            if previous is not None:
                previous.unlink(missing_ok=True)


@dataclass(frozen=True)
class LetterRequest:
    """What to build of a cover letter: the letter, its formats, where to, and how."""

    source: Path
    formats: tuple[str, ...] = ("pdf",)
    outdir: Path = Path("out")
    pdf_engine: PdfEngine = "weasyprint"


def build_letter(request: LetterRequest) -> BuildResult:
    """Build a cover letter (:mod:`cvtool.letter`) into ``out/<letter>.pdf`` etc.; render
    everything first, then write it all (or nothing)."""
    from cvtool.letter import fit_letter, letter_output, load_letter, prepare_letter, render_letter

    formats = tuple(dict.fromkeys(request.formats))
    loaded = load_letter(request.source)
    job = replace(prepare_letter(loaded), pdf_engine=request.pdf_engine)
    if "pdf" in formats and request.pdf_engine == "weasyprint":
        job = fit_letter(loaded, job)
    rendered: list[tuple[Path, bytes]] = []
    for fmt in formats:
        target = letter_output(request.source, request.outdir, fmt)
        _check_not_source(target, request.source)
        _check_not_source(target, loaded.cv.path)
        rendered.append((target, render_letter(job, fmt)))
    if "tex" in formats and job.view.header.photo is not None:
        from cvtool.renderers.latex import photo_file_name

        photo = job.view.header.photo
        rendered.append((request.outdir / photo_file_name(photo), photo.read_bytes()))
    write_all(rendered)
    return BuildResult(tuple(t for t, _ in rendered),
                       tuple(f"fit: {line}" for line in job.report), loaded.cv.warnings)

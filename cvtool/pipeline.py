"""The pipeline up to the bytes of each format: load -> variant -> document -> renderer.

:func:`prepare` decides content and design once per build (the variant's selection, the theme,
and for a variant with ``max_pages`` the fitted settings and drops), so every format shows the
same content with the same settings. :func:`render` looks a format up in the registry
(:mod:`cvtool.formats`) and calls its renderer. Nothing here writes a file: that is
:mod:`cvtool.build`'s job.
"""

from __future__ import annotations

from dataclasses import replace
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from cvtool.document import Document, build_document
from cvtool.errors import (
    CvtoolError,
    Diagnostic,
    DiagnosticsError,
    MissingGlyphsError,
    Severity,
    format_path,
)
from cvtool.formats import FORMATS, PdfEngine
from cvtool.job import Job, Typeset
from cvtool.loader import LoadedCv
from cvtool.resources import check_photo, theme_diagnostics
from cvtool.schema import Cv
from cvtool.themes import ResolvedDesign, load_theme, resolve_design, with_design_colors
from cvtool.variants import Selection

if TYPE_CHECKING:
    from collections.abc import Callable


def checked_photo(loaded: LoadedCv, theme_name: str | None = None) -> Path | None:
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
            variant_name: str | None = None, public: bool = False) -> Job:
    """Decide content and design: the variant's selection, the theme, and (for a variant
    with ``max_pages``) the fitted settings and drops. ``public`` (or a variant's
    ``public: true``) leaves out everything marked private, before fitting."""
    cv = loaded.cv
    cv_dir = loaded.path.parent
    photo = checked_photo(loaded, theme_name)
    if variant_name is None and not public:
        if theme_name:
            cv = cv.model_copy(update={"design": cv.design.model_copy(
                update={"theme": theme_name})})
        theme = with_design_colors(load_theme(cv.design.theme, cv_dir), cv.design)
        return Job(build_document(cv, photo), theme, resolve_design(cv.design, theme), cv_dir,
                   cv)

    from cvtool.variants import PUBLIC, materialize, select, variant_of
    from cvtool.variants import public as public_cv

    variant = variant_of(cv, variant_name) if variant_name is not None else PUBLIC
    if public and not variant.public:
        variant = variant.model_copy(update={"public": True})
    whole = public_cv(cv) if variant.public else cv
    if variant.public and photo is not None and whole.photo is None:
        photo = None  # `private: [photo]`

    def shown(chosen: Selection) -> tuple[Cv, Document]:
        """The CV a selection shows, and its document (one materialization for both)."""
        selected, origins = materialize(cv, chosen, variant)
        return selected, build_document(selected, photo, origins, whole=whole)

    selection = select(cv, variant)
    selected, doc = shown(selection)
    design = selected.design
    if theme_name:
        design = design.model_copy(update={"theme": theme_name})
    theme = with_design_colors(load_theme(design.theme, cv_dir), design)
    resolved = resolve_design(design, theme)
    if variant.max_pages is None:
        return Job(doc, theme, resolved, cv_dir, selected, whole=whole)
    from cvtool.fit import FitError, fit
    from cvtool.renderers.pdf import layout_pdf, write_pdf

    def describe(origin: tuple[str | int, ...]) -> str:
        where, written = loaded.source.locate(origin, key=True)
        return f"{written} at {where}"

    try:
        result = fit(cv, selection, theme, resolved, variant.max_pages,
                     layout=lambda chosen, d: layout_pdf(shown(chosen)[1], theme, d, cv_dir),
                     describe=describe)
    except FitError as exc:
        where = ("variants", variant_name, "max_pages")
        raise DiagnosticsError([Diagnostic("CV301", str(exc), Severity.ERROR,
                                           loaded.source.key_at(where), format_path(where))],
                               ) from None
    from cvtool.renderers.weasyprint_pdf import last_page_fill

    selected, doc = shown(result.selection)
    typeset = Typeset(write_pdf(result.document), len(result.document.pages),
                      last_page_fill(result.document))
    return Job(doc, theme, result.design, cv_dir, selected, whole=whole, typeset=typeset,
               report=tuple(f"fit: {line}" for line in result.report))


def balanced(job: Job) -> Job:
    """The job with its PDF typeset by its engine, and balanced when the last page would be
    a runt (:mod:`cvtool.balance`): the design it was balanced at, for every format of the
    build, and a line for the report. A PDF that cannot be typeset (a missing glyph, a TeX
    error) is left to :func:`render_checked`, which reports it where the source holds it."""
    from cvtool.balance import balance

    def typeset(design: ResolvedDesign) -> Typeset:
        if job.pdf_engine == "latex":
            from cvtool.renderers.latex_pdf import render_latex_pdf_measured

            return Typeset(*render_latex_pdf_measured(job.doc, job.theme, design), "latex")
        from cvtool.renderers import weasyprint_pdf
        from cvtool.renderers.pdf import pdf_request

        request = pdf_request(job.doc, job.theme, design, job.cv_dir)
        worker, rendered = job.pdf_worker, None
        if worker is not None and design is job.design:
            rendered = worker.render(request)
        rendered = rendered or weasyprint_pdf.render(request)
        return Typeset(rendered.data, rendered.pages, rendered.last_fill)

    first = job.typeset if job.typeset and job.typeset.engine == job.pdf_engine else None
    try:
        result = balance(job.design, job.theme, typeset, first)
    except CvtoolError:  # a missing glyph (MissingGlyphsError) among them
        return job
    return replace(job, design=result.design, typeset=result.typeset,
                   report=(*job.report, *(f"balance: {line}" for line in result.report)))


def render(job: Job, fmt: str) -> bytes:
    """Render one format with the renderer the registry names, imported only when asked for
    (so that ``cvtool lint`` never loads WeasyPrint or pylatex)."""
    if fmt not in FORMATS:
        raise CvtoolError(f"unknown format `{fmt}`; choose from {', '.join(FORMATS)}")
    module, _, function = FORMATS[fmt].renderer.partition(":")
    renderer: Callable[[Job], bytes] = getattr(import_module(module), function)
    return renderer(job)


def font_diagnostics(loaded: LoadedCv, formats: tuple[str, ...],
                     pdf_engine: PdfEngine = "weasyprint") -> list[Diagnostic]:
    """CV201 for the characters no bundled or installed font draws, found before anything is
    typeset: for a WeasyPrint PDF at the CV's severity (an error, unless ``design:
    {missing_glyphs: box}``), for a ``.tex`` alone a warning (whoever compiles it may have
    other fonts). XeLaTeX's own PDF is checked from its log instead (:func:`render_checked`):
    it uses the document's fonts only, so the fonts installed say nothing about it."""
    from cvtool.fonts import glyph_severity

    if "pdf" in formats:
        if pdf_engine != "weasyprint":
            return []
        severity = glyph_severity(loaded)
    elif any(FORMATS[fmt].typeset for fmt in formats):
        severity = Severity.WARNING
    else:
        return []
    from cvtool.fonts import missing_glyph_diagnostics

    return missing_glyph_diagnostics(loaded, severity)


def render_checked(loaded: LoadedCv, job: Job, fmt: str) -> tuple[bytes, list[Diagnostic]]:
    """:func:`render`, with the characters a typesetting engine left out reported where the
    source holds them (CV201): an error, unless the CV accepts missing glyphs, and then the
    output comes with them as warnings."""
    try:
        return render(job, fmt), []
    except MissingGlyphsError as exc:
        from cvtool.fonts import glyph_severity, lost_glyph_diagnostics

        severity = glyph_severity(loaded)
        found = lost_glyph_diagnostics(loaded, exc.lost, exc.engine, severity)
        if severity is Severity.ERROR:
            raise DiagnosticsError(found) from None
        return exc.output, found

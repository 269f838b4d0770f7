"""The pipeline up to the bytes of each format: load -> variant -> document -> renderer.

:func:`prepare` decides content and design once per build (the variant's selection, the theme,
and for a variant with ``max_pages`` the fitted settings and drops), so every format shows the
same content with the same settings. :func:`render` looks a format up in the registry
(:mod:`cvtool.formats`) and calls its renderer. Nothing here writes a file: that is
:mod:`cvtool.build`'s job.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from cvtool.document import Document, build_document
from cvtool.errors import CvtoolError, Diagnostic, DiagnosticsError, Severity, format_path
from cvtool.formats import FORMATS
from cvtool.job import Job
from cvtool.loader import LoadedCv
from cvtool.resources import check_photo, theme_diagnostics
from cvtool.schema import Cv
from cvtool.themes import load_theme, resolve_design
from cvtool.variants import Selection

if TYPE_CHECKING:
    from collections.abc import Callable


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
                   cv)

    from cvtool.variants import materialize, select, variant_of

    variant = variant_of(cv, variant_name)

    def shown(chosen: Selection) -> tuple[Cv, Document]:
        """The CV a selection shows, and its document (one materialization for both)."""
        selected, origins = materialize(cv, chosen, variant)
        return selected, build_document(selected, photo, origins, whole=cv)

    selection = select(cv, variant)
    selected, doc = shown(selection)
    design = selected.design
    if theme_name:
        design = design.model_copy(update={"theme": theme_name})
    theme = load_theme(design.theme, cv_dir)
    resolved = resolve_design(design, theme)
    if variant.max_pages is None:
        return Job(doc, theme, resolved, cv_dir, selected, whole=cv)
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
    selected, doc = shown(result.selection)
    return Job(doc, theme, result.design, cv_dir, selected, whole=cv,
               pdf=write_pdf(result.document),
               report=tuple(result.report))


def render(job: Job, fmt: str) -> bytes:
    """Render one format with the renderer the registry names, imported only when asked for
    (so that ``cvtool lint`` never loads WeasyPrint or pylatex)."""
    if fmt not in FORMATS:
        raise CvtoolError(f"unknown format `{fmt}`; choose from {', '.join(FORMATS)}")
    module, _, function = FORMATS[fmt].renderer.partition(":")
    renderer: Callable[[Job], bytes] = getattr(import_module(module), function)
    return renderer(job)


def warnings_for(loaded: LoadedCv, formats: tuple[str, ...]) -> list[Diagnostic]:
    """Problems that do not stop a build but change what a reader sees."""
    if not any(FORMATS[fmt].typeset for fmt in formats):
        return list(loaded.warnings)
    from cvtool.fonts import missing_glyph_diagnostics

    return [*loaded.warnings, *missing_glyph_diagnostics(loaded)]

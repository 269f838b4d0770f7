"""Cover letters: read and validate a letter, find its CV, and prepare what the letter
renderers (:mod:`cvtool.renderers.letter`) receive.

A letter is read with the CV's YAML loader and source map, so its problems are located
(``letter.yaml:3:5: error[CV100]: ...``) like a CV's. The CV it names (``cv:``) must lie
inside the letter's folder (:mod:`cvtool.localfiles`, the rule every file a build reads
follows) and is loaded and checked as a build checks it. The header is the CV's own
document (in the letter's language and, with ``variant:``, that variant's), so it reads
exactly as the CV's header; the theme is the CV's (or the variant's, or ``design.theme``).
The PDF is fitted into ``max_pages`` by tightening type and spacing within the theme's
floors, as :mod:`cvtool.fit` does for variants; a letter that still runs over is a located
error at ``body`` (CV301).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cvtool.errors import CvtoolError, Diagnostic, DiagnosticsError, Severity, SourceLocation
from cvtool.formats import LETTER_RENDERERS
from cvtool.job import LetterJob
from cvtool.loader import LoadedCv, describe, load, parse_yaml, validation_diagnostic
from cvtool.localfiles import inside
from cvtool.schema.letter import Letter
from cvtool.sourcefile import read_source
from cvtool.sourcemap import SourceMap

LETTER_FILE_CODE = "CV118"  # a letter's `cv:` that is missing, outside its folder, or invalid
FIT_CODE = "CV301"  # the same code as a variant over its `max_pages`
FIT_STEPS = (0.25, 0.5, 0.75, 1.0)  # how far towards the theme's floors each try goes


def is_letter(data: Any) -> bool:
    """Whether parsed YAML is a cover letter rather than a CV: it has `cv:` and `body:`."""
    return isinstance(data, dict) and "cv" in data and "body" in data


@dataclass(frozen=True)
class LoadedLetter:
    letter: Letter
    source: SourceMap
    path: Path
    cv: LoadedCv  # in the letter's language

    def at(self, *path: str | int, key: bool = False) -> tuple[SourceLocation, str]:
        return self.source.locate(path, key=key)


def validate_letter(data: Any, source: SourceMap) -> Letter:
    """Plain data into a :class:`Letter`, every problem a located diagnostic."""
    if not isinstance(data, dict):
        raise DiagnosticsError([Diagnostic(
            "CV104", f"a cover letter is a mapping with `cv:`, `to:`, `body:`, ...; got "
            f"{describe(data)}", location=SourceLocation(source.file, 1, 1))])
    try:
        return Letter.model_validate(data)
    except ValidationError as exc:
        found = [validation_diagnostic(error, source, Letter) for error in exc.errors()]
        raise DiagnosticsError(sorted(
            found, key=lambda d: d.location or SourceLocation("", 0, 0))) from None


def _error(source: SourceMap, code: str, message: str, *path: str,
           hint: str | None = None) -> DiagnosticsError:
    where, shown = source.locate(path)
    return DiagnosticsError([Diagnostic(code, message, Severity.ERROR, where, shown, hint)])


def load_letter_text(text: str, file: str, path: Path | None = None) -> LoadedLetter:
    """Parse and validate a letter's text, then load its CV (relative to ``path``)."""
    data, source, problems = parse_yaml(text, file)
    if problems:
        raise DiagnosticsError(problems)
    letter = validate_letter(data, source)
    folder = (path or Path(file)).parent
    cv_path = inside(folder, letter.cv)
    if cv_path is None:
        raise _error(source, LETTER_FILE_CODE, f"`{letter.cv}` is outside the letter's "
                     "folder; a letter reads only files inside its own folder", "cv")
    if not cv_path.is_file():
        raise _error(source, LETTER_FILE_CODE, f"no such CV: {letter.cv}", "cv",
                     hint="give the path of the CV relative to the letter")
    try:
        cv = load(folder / letter.cv)
    except DiagnosticsError as exc:  # the CV's own problems, located in the CV
        where, shown = source.locate(("cv",))
        raise DiagnosticsError([Diagnostic(
            LETTER_FILE_CODE, f"the CV `{letter.cv}` is not valid (its problems follow)",
            Severity.ERROR, where, shown), *exc.diagnostics]) from None
    lang = letter.lang or cv.languages[0]
    if lang not in cv.languages:
        raise _error(source, "CV105", f"`{lang}` is not one of the CV's languages "
                     f"({', '.join(cv.languages)})", "lang")
    cv = cv.in_language(lang)
    if letter.variant is not None and letter.variant not in cv.cv.variants:
        known = ", ".join(cv.cv.variants) or "the CV defines none"
        raise _error(source, "CV105", f"the CV has no variant `{letter.variant}` "
                     f"(variants: {known})", "variant")
    return LoadedLetter(letter, source, path or Path(file), cv)


def load_letter(path: Path | str) -> LoadedLetter:
    """Read, validate and resolve the letter at ``path``; raises :class:`DiagnosticsError`."""
    path = Path(path)
    return load_letter_text(read_source(path), str(path), path)


def prepare_letter(loaded: LoadedLetter) -> LetterJob:
    """The view, theme and design of a letter (not yet fitted: :func:`fit_letter`)."""
    from cvtool.document import build_document
    from cvtool.document.letter import letter_view
    from cvtool.pipeline import checked_photo
    from cvtool.themes import load_theme, resolve_design, with_design_colors

    letter, cv = loaded.letter, loaded.cv.cv
    cv_dir = loaded.cv.path.parent
    photo = checked_photo(loaded.cv, letter.design.theme)
    if letter.variant is not None:
        from cvtool.variants import materialize, select

        variant = cv.variants[letter.variant]
        cv = materialize(cv, select(cv, variant), variant)[0]
    design = cv.design
    if letter.design.theme:
        design = design.model_copy(update={"theme": letter.design.theme})
    theme = with_design_colors(load_theme(design.theme, cv_dir), design)
    view = letter_view(letter, build_document(cv, photo))
    return LetterJob(view, theme, resolve_design(design, theme), cv_dir)


def fit_letter(loaded: LoadedLetter, job: LetterJob) -> LetterJob:
    """Typeset the PDF, tightening type, line height and margins towards the theme's floors
    until it fits ``max_pages``; a letter that does not fit even then is an error at
    ``body``."""
    from cvtool.fit import _between, _design_at, _tightened
    from cvtool.renderers.letter import layout_letter
    from cvtool.renderers.weasyprint_pdf import write_pdf

    limit = loaded.letter.max_pages
    document = layout_letter(job)
    design = job.design
    for step in FIT_STEPS:
        if len(document.pages) <= limit:
            break
        design = _design_at(job.design, _between(job.design, job.theme, step))
        document = layout_letter(replace(job, design=design))
    pages = len(document.pages)
    if pages > limit:
        raise _error(loaded.source, FIT_CODE, f"the letter runs to {pages} pages at the "
                     f"tightest settings the theme allows (font size {design.font_size:g}pt, "
                     f"margins {design.margins}); `max_pages` is {limit}", "body",
                     hint="shorten the body, or raise `max_pages`")
    report = () if design == job.design else (_tightened(job.design, design),)
    return replace(job, design=design, pdf=write_pdf(document), report=report)


def letter_output(source: Path, outdir: Path, fmt: str) -> Path:
    """``out/<letter-stem>.pdf``."""
    from cvtool.formats import FORMATS

    return outdir / f"{source.stem}.{FORMATS[fmt].extension}"


def render_letter(job: LetterJob, fmt: str) -> bytes:
    """The bytes of one format, from the renderer :data:`cvtool.formats.LETTER_RENDERERS`
    names."""
    from importlib import import_module

    if fmt not in LETTER_RENDERERS:
        raise CvtoolError(f"a cover letter cannot be written as `{fmt}`; choose from "
                          f"{', '.join(LETTER_RENDERERS)}")
    module, _, function = LETTER_RENDERERS[fmt].partition(":")
    renderer = getattr(import_module(module), function)
    return bytes(renderer(job))

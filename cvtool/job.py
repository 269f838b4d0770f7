"""What a renderer receives: the :class:`Job` of one build.

Its own module, below the pipeline that makes it and the renderers that read it, so that
neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cvtool.document import Document
from cvtool.document.letter import LetterView
from cvtool.formats import PdfEngine
from cvtool.schema import Cv
from cvtool.themes import ResolvedDesign, Theme

if TYPE_CHECKING:
    from cvtool.renderers.pdf_worker import PdfWorker


@dataclass(frozen=True)
class Typeset:
    """A PDF already typeset, and what page balancing needs to know of it."""

    pdf: bytes
    pages: int
    last_fill: float  # how full the last page is, 0 to 1
    engine: PdfEngine = "weasyprint"


@dataclass(frozen=True)
class PageLinks:
    """The other outputs of a build that a web page links to, as file names beside it (a
    build writes every output into one folder): renderers get names, never read the disk.

    ``languages`` and ``variants`` list every page built, this one included, so a page can
    name itself among its alternates (``<link rel="alternate" hreflang>`` wants that)."""

    pdf: str | None = None  # this CV's PDF in the same language and variant
    languages: tuple[tuple[str, str], ...] = ()  # (language tag, HTML file), CV's order
    variants: tuple[tuple[str | None, str], ...] = ()  # (variant, HTML file); None: the full CV
    variant: str | None = None  # which of ``variants`` this page is


@dataclass(frozen=True)
class Job:
    """Everything a renderer needs, decided once per build (after variant selection and
    page fitting, so every format shows the same content with the same settings)."""

    doc: Document
    theme: Theme
    design: ResolvedDesign
    cv_dir: Path
    cv: Cv  # the content shown (for formats made from data, not the document)
    whole: Cv | None = None  # the CV a variant was selected from (what [@key] may name)
    typeset: Typeset | None = None  # the PDF, already typeset while fitting or balancing
    report: tuple[str, ...] = ()  # what fitting and balancing did, one line each
    pdf_engine: PdfEngine = "weasyprint"
    pdf_worker: PdfWorker | None = None  # typesets the PDF in parallel, when started
    links: PageLinks | None = None  # the build's other outputs, for the web page to link to


@dataclass(frozen=True)
class LetterJob:
    """Everything a letter renderer needs, decided once per build."""

    view: LetterView
    theme: Theme
    design: ResolvedDesign
    cv_dir: Path
    pdf: bytes | None = None  # typeset while fitting
    report: tuple[str, ...] = ()
    pdf_engine: PdfEngine = "weasyprint"

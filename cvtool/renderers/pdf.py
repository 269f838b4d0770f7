"""PDF through WeasyPrint, from the theme's print HTML and CSS.

WeasyPrint is imported only when a PDF is asked for (cvtool.renderers.weasyprint_pdf), where
its URL fetcher is limited to the theme, the bundled fonts and images in the CV's folder.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cvtool.document import Document
from cvtool.renderers import weasyprint_pdf
from cvtool.renderers.html import render_html
from cvtool.renderers.weasyprint_pdf import PdfRequest, RenderedPdf, write_pdf
from cvtool.themes import ResolvedDesign, Theme

if TYPE_CHECKING:
    from cvtool.job import Job

__all__ = ["RenderedPdf", "layout_pdf", "pdf_request", "render_job", "render_pdf", "write_pdf"]


def _created() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() \
        else datetime.now(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def pdf_request(doc: Document, theme: Theme, design: ResolvedDesign,
                cv_dir: Path | None = None) -> PdfRequest:
    """The print HTML of a document, with the folders its PDF may read files from."""
    html = render_html(doc, theme, design, for_print=True, created=_created())
    return PdfRequest(html, theme.allowed_roots, cv_dir)


def layout_pdf(doc: Document, theme: Theme, design: ResolvedDesign,
               cv_dir: Path | None = None) -> Any:
    """Lay the document out with WeasyPrint (pages, boxes), without writing a PDF yet."""
    return weasyprint_pdf.layout(pdf_request(doc, theme, design, cv_dir))


def render_pdf(doc: Document, theme: Theme, design: ResolvedDesign,
               cv_dir: Path | None = None) -> RenderedPdf:
    return weasyprint_pdf.render(pdf_request(doc, theme, design, cv_dir))


def render_job(job: Job) -> bytes:
    """The PDF of a build: the one typeset while fitting or balancing, by the engine asked
    for; else XeLaTeX's when asked for; else WeasyPrint's, from the worker process when one
    was started (it has been importing WeasyPrint meanwhile), in this process when there is
    none or it fails."""
    if job.typeset is not None and job.typeset.engine == job.pdf_engine:
        return job.typeset.pdf
    if job.pdf_engine == "latex":
        from cvtool.renderers.latex_pdf import render_latex_pdf

        return render_latex_pdf(job.doc, job.theme, job.design)
    request = pdf_request(job.doc, job.theme, job.design, job.cv_dir)
    rendered = job.pdf_worker.render(request) if job.pdf_worker is not None else None
    return (rendered or weasyprint_pdf.render(request)).data

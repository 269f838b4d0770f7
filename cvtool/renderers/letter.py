"""Cover letters in each format: the CV's header as the CV's own renderers write it, then
the letter. Pure: a :class:`cvtool.letter.LetterJob` in, bytes out; all escaping in
:mod:`cvtool.markup` (through the same template filters and helpers as the CV's)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cvtool.markup import escape, render
from cvtool.renderers.html import render_html

if TYPE_CHECKING:
    from cvtool.job import LetterJob
    from cvtool.renderers.weasyprint_pdf import PdfRequest


def letter_html(job: LetterJob, *, for_print: bool = False, created: str | None = None) -> str:
    return render_html(job.view.header, job.theme, job.design, for_print=for_print,
                       created=created, template_name="letter.html.j2", letter=job.view)


def render_html_letter(job: LetterJob) -> bytes:
    return letter_html(job).encode("utf-8")


def _request(job: LetterJob) -> PdfRequest:
    from cvtool.renderers.pdf import _created
    from cvtool.renderers.weasyprint_pdf import PdfRequest

    html = letter_html(job, for_print=True, created=_created())
    return PdfRequest(html, job.theme.allowed_roots, job.cv_dir)


def layout_letter(job: LetterJob) -> Any:
    """The letter laid out by WeasyPrint (its pages), not yet written."""
    from cvtool.renderers import weasyprint_pdf

    return weasyprint_pdf.layout(_request(job))


def render_pdf(job: LetterJob) -> bytes:
    """The fitted PDF when the letter was fitted; XeLaTeX's with ``--pdf-engine latex``."""
    if job.pdf_engine == "latex":
        from cvtool.renderers.latex_pdf import render_latex_pdf

        return render_latex_pdf(job.view.header, job.theme, job.design, letter=job.view)
    if job.pdf is not None:
        return job.pdf
    from cvtool.renderers import weasyprint_pdf

    return weasyprint_pdf.render(_request(job)).data


def render_markdown(job: LetterJob) -> bytes:
    from cvtool.renderers.markdown import header_lines

    view = job.view
    lines = header_lines(view.header, full=False)
    lines += ["---", "", escape(view.date, "markdown"), "",
              "  \n".join(escape(line, "markdown") for line in view.to), "",
              f"**{render(view.subject, 'markdown')}**", "",
              render(view.salutation, "markdown"), ""]
    for paragraph in view.paragraphs:
        lines += [render(paragraph, "markdown"), ""]
    lines += [render(view.closing, "markdown"), "", escape(view.signature, "markdown")]
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_tex(job: LetterJob) -> bytes:
    from cvtool.renderers.latex import render_latex

    return render_latex(job.view.header, job.theme, job.design, job.view)


def render_docx(job: LetterJob) -> bytes:
    from cvtool.renderers.docx import render_letter_docx

    return render_letter_docx(job.view, job.design, job.theme.style)

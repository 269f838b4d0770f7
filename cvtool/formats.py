"""The output formats cvtool writes: one registry, read by the command line at start-up (for
its choices and defaults) and by the pipeline to find each format's renderer.

Imports nothing heavy: a renderer is named as ``module:function`` and imported only when its
format is built. Every renderer takes a :class:`cvtool.pipeline.Job` and returns bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PdfEngine = Literal["weasyprint", "latex"]  # what typesets a PDF


@dataclass(frozen=True)
class OutputFormat:
    name: str
    extension: str
    description: str
    renderer: str  # "module:function", imported when the format is built
    typeset: bool = False  # laid out with fonts: CV201 checks that they draw every character


FORMATS: dict[str, OutputFormat] = {f.name: f for f in (
    OutputFormat("pdf", "pdf", "PDF typeset by WeasyPrint (or XeLaTeX: --pdf-engine latex)",
                 "cvtool.renderers.pdf:render_job", typeset=True),
    OutputFormat("html", "html", "a standalone HTML page", "cvtool.renderers.html:render_job"),
    OutputFormat("md", "md", "GitHub-flavoured Markdown", "cvtool.renderers.markdown:render_job"),
    OutputFormat("tex", "tex", "LaTeX source for XeLaTeX (needs no TeX to write)",
                 "cvtool.renderers.latex:render_job", typeset=True),
    OutputFormat("txt", "txt", "plain text for job portals' text boxes (80 columns)",
                 "cvtool.renderers.txt:render_job"),
    OutputFormat("jsonresume", "json", "JSON Resume v1 (jsonresume.org)",
                 "cvtool.jsonresume.writing:render_job"),
    OutputFormat("docx", "docx", "a Word document (headings, lists, live links)",
                 "cvtool.renderers.docx:render_job"),
)}
DEFAULT_FORMATS = ("pdf", "html", "md")

# What a cover letter (`cvtool letter`) can be written as: format -> its letter renderer,
# "module:function" taking a cvtool.letter.LetterJob. The letter's formats are this tuple's
# keys; a format gains letters by adding its renderer here (e.g. "docx").
LETTER_RENDERERS: dict[str, str] = {
    "pdf": "cvtool.renderers.letter:render_pdf",
    "html": "cvtool.renderers.letter:render_html_letter",
    "md": "cvtool.renderers.letter:render_markdown",
    "tex": "cvtool.renderers.letter:render_tex",
    "docx": "cvtool.renderers.letter:render_docx",
}
LETTER_FORMATS = tuple(LETTER_RENDERERS)
DEFAULT_LETTER_FORMATS = ("pdf",)

"""The output formats cvtool writes. Imports nothing heavy: the command line reads it at
start-up (for its choices and defaults) before anything else is loaded."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputFormat:
    name: str
    extension: str
    description: str


FORMATS: dict[str, OutputFormat] = {
    "pdf": OutputFormat("pdf", "pdf", "PDF typeset by WeasyPrint"),
    "html": OutputFormat("html", "html", "a standalone HTML page"),
    "md": OutputFormat("md", "md", "GitHub-flavoured Markdown"),
    "tex": OutputFormat("tex", "tex", "LaTeX source for XeLaTeX (needs no TeX to write)"),
    "jsonresume": OutputFormat("jsonresume", "json", "JSON Resume v1 (jsonresume.org)"),
}
DEFAULT_FORMATS = ("pdf", "html", "md")

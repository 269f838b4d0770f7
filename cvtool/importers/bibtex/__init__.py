"""BibTeX to cvtool publications: plain data, one mapping per entry, ready for the schema.

Parsing is bibtexparser v2's (blocks with their line numbers, fields with theirs); what a
BibTeX processor does on top of that is done here, because a CV needs the text as a reader
sees it:

- ``@string`` macros expand, also inside ``#`` concatenations (``booktitle = pro # cvpr``),
  and so do the month macros ``jan`` ... ``dec``;
- ``crossref`` is resolved: missing fields come from the parent, whose ``title`` becomes
  the child's ``booktitle``; a parent that has no authors (the proceedings volume) is a
  container, not a publication, and is not listed on its own;
- LaTeX becomes Unicode with pylatexenc (``{\\"u}`` to ü, ``{\\'\\i}`` to í, ``\\&`` to &,
  ``--`` to –, ``$\\alpha$`` to α) and protective braces are removed; URL-like fields (url,
  doi, eprint) are only unescaped, since ``%`` in them is not a comment;
- ``and others`` becomes ``et al.``; ``*`` and ``†`` after a name (also ``$^*$``) become
  equal-contribution and corresponding-author marks;
- the entry type decides the publication kind; fields cvtool has no place for are kept
  under ``extensions: {bibtex: ...}`` rather than dropped, and listed in the notes.

Everything here is pure: text in, data and problems (with 1-based .bib line numbers) out.
"""

from __future__ import annotations

from typing import Any

from cvtool.importers.bibtex.latex import _SPACE, _decoder, latex_to_text
from cvtool.importers.bibtex.model import BibEntry, BibProblem, BibResult
from cvtool.importers.bibtex.reader import MAX_BRACE_DEPTH, parse_bibtex

__all__ = [
    "MAX_BRACE_DEPTH",
    "_SPACE",
    "BibEntry",
    "BibProblem",
    "BibResult",
    "_decoder",
    "bibtex_yaml",
    "latex_to_text",
    "parse_bibtex",
]


def bibtex_yaml(text: str, file: str) -> tuple[str, list[Any]]:
    """A .bib file's text as a YAML list of cvtool publications, and located diagnostics
    (entries that cannot become a valid publication are left out and reported)."""
    from pydantic import ValidationError

    from cvtool.errors import Diagnostic, Severity, SourceLocation
    from cvtool.importers.yamlout import dump_yaml
    from cvtool.schema.entries import Publication

    result = parse_bibtex(text)
    diagnostics = [Diagnostic("CV112", p.message, Severity(p.severity),
                              SourceLocation(file, p.line, 1)) for p in result.problems]
    kept = []
    for entry in result.entries:
        try:
            Publication.model_validate(entry.data)
        except ValidationError as exc:
            for error in exc.errors():
                name = str(error["loc"][0]) if error["loc"] else ""
                line = entry.lines.get(name, entry.line)
                diagnostics.append(Diagnostic(
                    "CV112", f"entry `{entry.key}`: {name + ': ' if name else ''}"
                    f"{error['msg'].removeprefix('Value error, ')}; left out",
                    Severity.WARNING, SourceLocation(file, line, 1)))
            continue
        kept.append(entry.data)
        if entry.kept:
            diagnostics.append(Diagnostic(
                "CV112", f"{entry.key}: kept {', '.join(entry.kept)} under extensions.bibtex",
                Severity.INFO, SourceLocation(file, entry.line, 1)))
    header = [f"{len(kept)} publication(s) from {file}, by `cvtool import bibtex`.",
              "Paste them under a publications section's `entries:`, or keep the .bib file",
              f"and name it in the section: `bibtex: {file.rsplit('/', 1)[-1]}`."]
    return dump_yaml(kept, header, schema=False), sorted(
        diagnostics, key=lambda d: d.location.line if d.location else 0)

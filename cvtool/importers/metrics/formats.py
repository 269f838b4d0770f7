"""Reading the exports that give per-paper citation counts without scraping: each becomes a
list of :class:`Record` (identifiers, title, count, where in the export it was written).

Formats, told apart by their content (``--format`` forces one):

- ``openalex``: an OpenAlex works JSON: a list response (``{"meta": ..., "results": [...]}``)
  or one work; ``doi``, ``ids``, ``title``/``display_name``, ``cited_by_count``, arXiv ids
  from the ``locations``' arXiv links or an arXiv DOI (10.48550/arXiv.*).
- ``semanticscholar``: the Semantic Scholar Graph API's paper batch (a list of papers, or
  ``null`` for an id it did not find) or an author's papers (``{"data": [...]}``):
  ``paperId``, ``externalIds`` (``DOI``, ``ArXiv``), ``title``, ``citationCount``.
- ``orcid``: an ORCID works JSON (``/works``: ``group[].work-summary[]``, or a whole record):
  DOIs, arXiv ids and titles, **no citation counts**.
- ``orcid-csv`` / ``scholar-csv``: a CSV with a header; columns are found by name, without
  case (Title, DOI, arXiv, "Cited by"/Citations). Google Scholar's profile CSV (Authors,
  Title, Publication, Volume, Number, Pages, Year, Publisher, and "Cited by" when present).
- ``scholar-bibtex``: Google Scholar's BibTeX export, which has **no citation counts**.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from cvtool.errors import Diagnostic, DiagnosticsError, Severity, SourceLocation

FORMATS = {
    "openalex": "OpenAlex works JSON",
    "semanticscholar": "Semantic Scholar papers JSON",
    "orcid": "ORCID works JSON",
    "orcid-csv": "ORCID works CSV",
    "scholar-csv": "Google Scholar CSV",
    "scholar-bibtex": "Google Scholar BibTeX",
}
COUNTLESS = frozenset({"orcid", "orcid-csv", "scholar-bibtex"})  # formats without counts

_ARXIV_NUMBER = r"(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/" + _ARXIV_NUMBER, re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\." + _ARXIV_NUMBER + "$", re.IGNORECASE)
_ARXIV_ID = re.compile(r"^(?:arxiv:\s*)?" + _ARXIV_NUMBER + r"$", re.IGNORECASE)


@dataclass(frozen=True)
class Record:
    """One paper of an export."""

    location: SourceLocation
    label: str  # how the export names it (an OpenAlex or S2 id, a put-code, a row)
    title: str | None = None
    doi: str | None = None
    arxiv: str | None = None
    citations: int | None = None


@dataclass(frozen=True)
class Export:
    format: str
    records: tuple[Record, ...]
    warnings: tuple[Diagnostic, ...] = ()  # entries left out (a .bib entry it cannot read)

    @property
    def has_counts(self) -> bool:
        return self.format not in COUNTLESS


def _error(code: str, message: str, location: SourceLocation, hint: str | None = None) -> \
        DiagnosticsError:
    return DiagnosticsError([Diagnostic(code, message, Severity.ERROR, location, hint=hint)])


def arxiv_id(value: str | None) -> str | None:
    """An arXiv id from an id (``arXiv:2303.12345v2``), an arxiv.org link or an arXiv DOI;
    without its version, lower case."""
    if not value:
        return None
    value = value.strip()
    match = _ARXIV_ID.match(value) or _ARXIV_URL.search(value) or _ARXIV_DOI.match(value)
    return match.group(1).lower() if match else None


def read_export(text: str, file: str, fmt: str | None = None) -> Export:
    """The records of an export; ``fmt`` None tells the format from the content."""
    start = SourceLocation(file, 1, 1)
    body = text.lstrip("\ufeff \t\r\n")
    if fmt in ("openalex", "semanticscholar", "orcid") or (fmt is None and body[:1] in "[{"
                                                          and body):
        data = _load_json(text, file)
        from cvtool.jsonresume.positions import Positions

        positions = Positions(text)

        def where(path: tuple[str | int, ...]) -> SourceLocation:
            return SourceLocation(file, *positions(path))

        fmt = fmt or _json_format(data, start)
        reader = {"openalex": _openalex, "semanticscholar": _semanticscholar,
                  "orcid": _orcid}.get(fmt)
        if reader is None:
            raise _error("CV104", f"this is JSON, not a {FORMATS[fmt]}", start)
        return Export(fmt, tuple(reader(data, where)))
    if fmt == "scholar-bibtex" or (fmt is None and re.match(r"@\w+\s*[{(]", body)):
        return _bibtex(text, file)
    if fmt in ("scholar-csv", "orcid-csv") or (fmt is None and "," in body.split("\n", 1)[0]):
        return _csv(text, file, fmt)
    raise _error("CV104", "cannot tell what export this is (not JSON, BibTeX or CSV)", start,
                 "give it with --format: " + ", ".join(FORMATS))


def _load_json(text: str, file: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _error("CV001", f"JSON syntax: {exc.msg}",
                     SourceLocation(file, exc.lineno, exc.colno)) from None
    except (RecursionError, ValueError) as exc:  # nesting, or an integer of 4,300+ digits
        raise _error("CV004", f"cannot read this JSON: {str(exc).splitlines()[0][:80]}",
                     SourceLocation(file, 1, 1)) from None


def _json_format(data: Any, start: SourceLocation) -> str:
    if isinstance(data, list):
        papers = [item for item in data if isinstance(item, dict)]
        if any(k in p for p in papers for k in ("paperId", "citationCount", "externalIds")):
            return "semanticscholar"
        if any(k in p for p in papers for k in ("cited_by_count", "display_name")):
            return "openalex"
        if papers or not data or all(item is None for item in data):
            return "semanticscholar"  # a batch where nothing was found
    elif isinstance(data, dict):
        if "results" in data or "cited_by_count" in data or str(data.get("id", "")).startswith(
                "https://openalex.org/"):
            return "openalex"
        if "group" in data or "activities-summary" in data or "works" in data:
            return "orcid"
        if "data" in data or "paperId" in data:
            return "semanticscholar"
    raise _error("CV104", "a JSON file, but not an OpenAlex, Semantic Scholar or ORCID export",
                 start, "give it with --format: " + ", ".join(FORMATS))


Where = Any  # Callable[[tuple[str | int, ...]], SourceLocation]


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _count(item: dict[str, Any], name: str, path: tuple[str | int, ...], where: Where) -> \
        int | None:
    value = item.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _error("CV104", f"`{name}` must be a whole number of citations, got "
                     f"{json.dumps(value)[:40]}", where((*path, name)))
    return value


def _items(data: Any, key: str, where: Where, what: str) -> list[tuple[tuple[str | int, ...],
                                                                       Any]]:
    """The list under ``key`` of an object, or the list itself, with each item's path."""
    if isinstance(data, dict) and key in data:
        if not isinstance(data[key], list):
            raise _error("CV104", f"`{key}` must be a list of {what}", where((key,)))
        return [((key, i), item) for i, item in enumerate(data[key])]
    if isinstance(data, list):
        return [((i,), item) for i, item in enumerate(data)]
    return [((), data)]


def _object(item: Any, path: tuple[str | int, ...], where: Where, what: str,
            keys: tuple[str, ...] = ()) -> dict[str, Any]:
    """``item`` if it is an object with at least one of ``keys``."""
    if not isinstance(item, dict) or (keys and not any(k in item for k in keys)):
        got = json.dumps(item)[:40] if not isinstance(item, dict) else "an object without " + \
            ", ".join(f"`{k}`" for k in keys)
        raise _error("CV104", f"expected {what}, got {got}", where(path))
    return item


def _openalex(data: Any, where: Where) -> list[Record]:
    records = []
    for path, item in _items(data, "results", where, "works"):
        work = _object(item, path, where, "an OpenAlex work",
                       ("id", "doi", "title", "display_name", "cited_by_count"))
        ids = work.get("ids") if isinstance(work.get("ids"), dict) else {}
        doi = _text(work.get("doi")) or _text(ids.get("doi"))
        arxiv = arxiv_id(doi) if doi else None
        for location in [work.get("primary_location"), *(work.get("locations") or [])]:
            if arxiv or not isinstance(location, dict):
                continue
            arxiv = arxiv_id(_text(location.get("landing_page_url"))) or arxiv_id(
                _text(location.get("pdf_url")))
        arxiv = arxiv or arxiv_id(_text(ids.get("arxiv")))
        label = _text(ids.get("openalex")) or _text(work.get("id")) or "work"
        records.append(Record(where(path), label.rsplit("/", 1)[-1],
                              _text(work.get("title")) or _text(work.get("display_name")),
                              doi, arxiv, _count(work, "cited_by_count", path, where)))
    return records


def _semanticscholar(data: Any, where: Where) -> list[Record]:
    records = []
    for path, item in _items(data, "data", where, "papers"):
        if item is None:  # the batch endpoint's answer for an id it does not know
            continue
        paper = _object(item, path, where, "a Semantic Scholar paper",
                        ("paperId", "title", "externalIds", "citationCount"))
        ids = paper.get("externalIds") if isinstance(paper.get("externalIds"), dict) else {}
        doi = _text(ids.get("DOI"))
        arxiv = arxiv_id(_text(ids.get("ArXiv"))) or (arxiv_id(doi) if doi else None)
        records.append(Record(where(path), _text(paper.get("paperId")) or "paper",
                              _text(paper.get("title")), doi, arxiv,
                              _count(paper, "citationCount", path, where)))
    return records


def _orcid_ids(holder: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    ids = holder.get("external-ids") if isinstance(holder, dict) else None
    for external in (ids or {}).get("external-id") or []:
        if isinstance(external, dict):
            kind = str(external.get("external-id-type", "")).lower()
            value = _text(external.get("external-id-value"))
            if value and kind in ("doi", "arxiv"):
                found.setdefault(kind, value)
    return found


def _orcid(data: Any, where: Where) -> list[Record]:
    base: tuple[str | int, ...] = ()
    if isinstance(data, dict) and isinstance(data.get("activities-summary"), dict):
        data, base = data["activities-summary"], ("activities-summary",)
    if isinstance(data, dict) and isinstance(data.get("works"), dict):
        data, base = data["works"], (*base, "works")
    if not isinstance(data, dict) or not isinstance(data.get("group"), list):
        raise _error("CV104", "an ORCID works JSON has a `group` list", where(base))
    records = []
    for index, group in enumerate(data["group"]):
        path = (*base, "group", index)
        group = _object(group, path, where, "an ORCID work group")
        summaries = group.get("work-summary") or []
        summary = summaries[0] if isinstance(summaries, list) and summaries else {}
        summary = _object(summary, (*path, "work-summary", 0), where, "an ORCID work summary")
        ids = {**_orcid_ids(summary), **_orcid_ids(group)}
        title = (summary.get("title") or {}).get("title") if isinstance(
            summary.get("title"), dict) else None
        title_text = _text(title.get("value")) if isinstance(title, dict) else None
        records.append(Record(where((*path, "work-summary", 0)),
                              f"put-code {summary.get('put-code', '?')}", title_text,
                              ids.get("doi"), arxiv_id(ids.get("arxiv")) or (
                                  arxiv_id(ids["doi"]) if "doi" in ids else None)))
    return records


def _bibtex(text: str, file: str) -> Export:
    from cvtool.importers.bibtex import parse_bibtex

    parsed = parse_bibtex(text)
    problems = [Diagnostic("CV112", p.message, Severity(p.severity),
                           SourceLocation(file, p.line, 1))
                for p in parsed.problems if p.severity != "info"]
    if any(p.severity is Severity.ERROR for p in problems):
        raise DiagnosticsError([p for p in problems if p.severity is Severity.ERROR])
    records = tuple(Record(SourceLocation(file, bib.line, 1), bib.key,
                           _text(bib.data.get("title")), _text(bib.data.get("doi")),
                           arxiv_id(_text(bib.data.get("arxiv")))) for bib in parsed.entries)
    return Export("scholar-bibtex", records, tuple(problems))


_COLUMNS = {
    "title": ("title", "work title", "paper title"),
    "doi": ("doi", "doi url"),
    "arxiv": ("arxiv", "arxiv id", "eprint"),
    "publication": ("publication", "journal", "venue"),
    "citations": ("cited by", "citations", "citation count", "citationcount", "cited_by_count",
                  "times cited"),
}


def _arxiv_in(text: str | None) -> str | None:
    """The arXiv id in a venue such as Scholar's ``arXiv preprint arXiv:2101.00001``."""
    match = re.search(r"arxiv:\s*(\S+)", text or "", re.IGNORECASE)
    return arxiv_id(match.group(1)) if match else None


def _csv(text: str, file: str, fmt: str | None) -> Export:
    import csv
    import io

    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), strict=True)
    try:
        header = next(reader, [])
        columns = {name: next((i for i, h in enumerate(header)
                               if h.strip().casefold() in aliases), None)
                   for name, aliases in _COLUMNS.items()}
        if columns["title"] is None:
            raise _error("CV104", "a CSV export needs a `Title` column; this one has: "
                         + ", ".join(h.strip() for h in header)[:120], SourceLocation(file, 1, 1),
                         "give the format with --format if it is not a CSV")
        if fmt is None:
            fmt = "scholar-csv" if columns["citations"] is not None or any(
                h.strip().casefold() in ("publication", "authors") for h in header) \
                else "orcid-csv"
        records = []
        line = reader.line_num + 1
        for row in reader:
            def cell(name: str, row: list[str] = row) -> str | None:
                index = columns[name]
                return row[index].strip() or None if index is not None and index < len(row) \
                    else None

            if not any(c.strip() for c in row):
                line = reader.line_num + 1
                continue
            citations = None
            if fmt == "scholar-csv" and columns["citations"] is not None:
                citations = 0  # Scholar leaves "Cited by" empty for none
            if (count := cell("citations")) is not None and fmt != "orcid-csv":
                digits = count.replace(",", "")
                if not digits.isdigit() or len(digits) > 12:
                    raise _error("CV104", f"`Cited by` must be a whole number, got `{count[:40]}`",
                                 SourceLocation(file, line, 1))
                citations = int(digits)
            records.append(Record(SourceLocation(file, line, 1), f"row {line}", cell("title"),
                                  cell("doi"), arxiv_id(cell("arxiv")) or _arxiv_in(
                                      cell("publication")), citations))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise _error("CV001", f"CSV syntax: {exc}", SourceLocation(file, reader.line_num or 1, 1)) \
            from None
    return Export(fmt, tuple(records))

"""One .bib entry to cvtool publication data: kinds, venues, dates, identifiers, links."""

from __future__ import annotations

import re
from typing import Any

from cvtool.importers.bibtex.latex import _url_text, latex_to_text, tex_text
from cvtool.importers.bibtex.model import BibEntry, BibProblem
from cvtool.importers.bibtex.people import _names
from cvtool.schema.common import strip_doi_resolver

MONTH_MACROS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")

# Entry type -> publication kind (before the arXiv and workshop refinements below).
KINDS = {
    "article": "journal", "inproceedings": "conference", "conference": "conference",
    "proceedings": "book", "book": "book", "mvbook": "book", "collection": "book",
    "inbook": "chapter", "incollection": "chapter", "bookinbook": "chapter",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report", "patent": "patent",
    "unpublished": "preprint", "misc": "other", "online": "other", "electronic": "other",
    "www": "other", "manual": "other", "booklet": "other", "software": "other",
    "dataset": "other", "presentation": "talk", "talk": "talk",
}
CONTAINER_TYPES = frozenset({"proceedings", "book", "collection", "mvbook", "mvproceedings",
                             "mvcollection", "periodical"})
# Fields that become cvtool fields (or are resolved away); everything else is kept.
MAPPED = frozenset({
    "title", "author", "editor", "year", "month", "date", "volume", "number", "issue",
    "pages", "doi", "eprint", "archiveprefix", "eprinttype", "url", "abstract", "note",
    "crossref", "selected", "code", "pdf", "slides", "video", "poster", "project",
    "primaryclass", "eprintclass", "arxiv", "html", "website",
})
# What exporters add about themselves (DBLP): not about the paper, so neither kept nor shown.
NOISE = frozenset({"timestamp", "biburl", "bibsource"})
# Entry types whose kind says all there is to say; for the others the type is kept.
_PLAIN_TYPES = {("article", "journal"), ("inproceedings", "conference"),
                ("inproceedings", "workshop"), ("phdthesis", "thesis"), ("techreport", "report"),
                ("misc", "other"), ("book", "book"), ("incollection", "chapter"),
                ("patent", "patent"), ("misc", "preprint"), ("article", "preprint")}
URL_FIELDS = frozenset({"url", "doi", "eprint", "code", "pdf", "slides", "video", "poster",
                        "project", "file", "urldate", "arxiv", "html", "website", "preview"})
# Links (al-folio's buttons among them): kept as links when they are URLs; a file beside
# the site (al-folio's `pdf = {paper.pdf}`) is kept under extensions instead.
LINK_FIELDS = ("html", "pdf", "code", "project", "website", "slides", "video", "poster")
_WEB = re.compile(r"^https?://\S+$", re.IGNORECASE)
_HANDLE = re.compile(r"^(?:https?://)?hdl\.handle\.net/\S+$", re.IGNORECASE)
_ARXIV_NUMBER = r"(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7})"
_ARXIV_ID = re.compile(r"(?:arxiv:\s*)?" + _ARXIV_NUMBER, re.IGNORECASE)
_ARXIV_IN_TEXT = re.compile(r"(?:arxiv\s*:\s*|\babs/)" + _ARXIV_NUMBER, re.IGNORECASE)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?$", re.IGNORECASE)


def _month(value: str) -> int | None:
    text = value.strip().lower().rstrip(".")
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    for number, name in enumerate(_MONTH_NAMES, 1):
        if len(text) >= 3 and name.startswith(text):
            return number
    return None


def _arxiv_id(fields: dict[str, str]) -> str | None:
    if match := _ARXIV_ID.fullmatch(fields.get("arxiv", "").strip()):  # al-folio's field
        return match[1]
    if match := _ARXIV_URL.search(fields.get("arxiv", "")):
        return match[1]
    eprint = fields.get("eprint", "")
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    if eprint and (prefix in ("", "arxiv")):
        match = _ARXIV_ID.fullmatch(eprint.strip())
        if match:
            return match[1]
    for name in ("journal", "journaltitle", "howpublished", "volume", "note"):
        if match := _ARXIV_IN_TEXT.search(fields.get(name, "")):
            return match[1]
    if match := _ARXIV_URL.search(fields.get("url", "")):
        return match[1]
    return None


def _kind(entry_type: str, fields: dict[str, str], arxiv: str | None) -> str:
    kind = KINDS.get(entry_type, "other")
    venue = (fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle")
             or fields.get("howpublished") or "").lower()
    if kind in ("journal", "other") and arxiv and (not venue or "arxiv" in venue
                                                    or venue.strip() == "corr"):
        return "preprint"
    if kind == "conference" and "workshop" in venue:
        return "workshop"
    return kind


def _first(fields: dict[str, str], names: tuple[str, ...]) -> tuple[str | None, list[str]]:
    name = next((n for n in names if fields.get(n)), None)
    return (fields[name], [name]) if name else (None, [])


def _venue(entry_type: str, kind: str, fields: dict[str, str],
           arxiv: str | None) -> tuple[str | None, list[str]]:
    """How the venue reads, and the BibTeX fields that went into it."""
    school, used = _first(fields, ("school", "institution"))
    if kind == "thesis":
        label = fields.get("type") or ("Master's thesis" if entry_type == "mastersthesis"
                                       else "PhD thesis")
        used += ["type"] if "type" in fields else []
        return (f"{label}, {school}" if school else label), used
    if kind == "report":
        head = fields.get("type") or "Technical Report"
        if fields.get("number"):
            head = f"{head} {fields['number']}"
        place, used = _first(fields, ("institution",))
        return (f"{head}, {place}" if place else head), [*used, "type", "number"]
    venue, used = _first(fields, ("journal", "journaltitle", "booktitle", "howpublished"))
    if kind == "book" and venue is None:
        venue, used = _first(fields, ("publisher",))
    if kind == "preprint" and arxiv and (not venue or venue.strip().lower() in ("arxiv", "corr")):
        return f"arXiv preprint arXiv:{arxiv}", used
    return venue, used


def _entry(key: str, entry_type: str, raw: dict[str, str], lines: dict[str, int],
           line: int, problems: list[BibProblem]) -> BibEntry | None:
    fields = {name: (_url_text(value) if name in URL_FIELDS else latex_to_text(value))
              for name, value in raw.items() if name not in ("author", "editor")}
    data: dict[str, Any] = {}
    at: dict[str, int] = {}

    def put(name: str, value: Any, source: str) -> None:
        data[name] = value
        at[name] = lines.get(source, line)

    arxiv = _arxiv_id(fields)
    kind = _kind(entry_type, fields, arxiv)
    if "title" in fields:
        put("title", tex_text(raw["title"]), "title")
    else:
        problems.append(BibProblem(line, f"entry `{key}`: no title; left out", "warning",
                                   key))
        return None
    people = "author" if "author" in raw else "editor" if "editor" in raw else None
    authors, equal, corresponding, advising = _names(raw[people]) if people else (
        [], [], [], [])
    put("authors", authors, people or "title")
    if not people:
        problems.append(BibProblem(line, f"entry `{key}` has no author or editor", "warning"))
    venue, used = _venue(entry_type, kind, fields, arxiv)
    if not venue and fields.get("abbr"):  # al-folio's venue abbreviation, when all there is
        venue, used = fields["abbr"], ["abbr"]
    if venue:
        if len(used) == 1 and venue == fields[used[0]]:  # as written, TeX and all
            venue = tex_text(raw[used[0]])
        put("venue", venue, used[0] if used else "")
    put("kind", kind, "title")
    year_text = fields.get("year") or fields.get("date", "")[:4]
    year = int(year_text) if re.fullmatch(r"\d{4}", year_text.strip()) else None
    month = _month(fields["month"]) if "month" in fields else None
    date = fields.get("date", "")
    if re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", date):
        put("date", date, "date")
    elif year is not None and month is not None:
        put("date", f"{year:04d}-{month:02d}", "month")
    elif year is not None:
        put("year", year, "year")
    elif written := (fields.get("year") or fields.get("date") or "").strip():
        # "in press", "forthcoming": shown as written, after the citation
        if "note" not in fields:
            put("note", written, "year" if "year" in fields else "date")
        problems.append(BibProblem(lines.get("year", line), f"entry `{key}`: `{written}` is "
                                   "not a year; shown as a note, without a year", "warning"))
    if "month" in fields and month is None:
        problems.append(BibProblem(lines["month"], f"`{fields['month']}` is not a month",
                                   "warning"))
    if equal:
        put("equal_contribution", equal, people or "title")
    if corresponding:
        put("corresponding", corresponding, people or "title")
    if advising:
        put("equal_advising", advising, people or "title")
    for name, source in (("volume", "volume"), ("number", "number"), ("number", "issue"),
                         ("pages", "pages")):
        if fields.get(source) and name not in data and source not in used and not (
                kind == "preprint" and fields[source].startswith("abs/")):
            put(name, fields[source], source)
    links: dict[str, str] = {}
    unlinked: dict[str, str] = {}  # link fields that are no URL: kept under extensions
    doi = strip_doi_resolver(fields.get("doi", ""))
    if _HANDLE.match(doi):  # a handle is not a DOI, but it is a link
        handle = doi if doi.lower().startswith("http") else "https://" + doi
        links["paper" if not fields.get("url") else "handle"] = handle
    elif doi:
        put("doi", doi, "doi")
    if arxiv:
        put("arxiv", arxiv, "arxiv" if "arxiv" in fields else
            "eprint" if "eprint" in fields else "url")
    url = fields.get("url")
    if url and not (arxiv and _ARXIV_URL.search(url)) and not (
            doi and strip_doi_resolver(url) != url):
        if _WEB.match(url):
            links["paper"] = url
        else:
            unlinked["url"] = url
    for name in LINK_FIELDS:
        if fields.get(name):
            if _WEB.match(fields[name]):
                links[name] = fields[name]
            else:
                unlinked[name] = fields[name]
    if links:
        put("links", links, "url" if "paper" in links else next(iter(links)))
    category, source = _first(fields, ("primaryclass", "eprintclass"))
    if category:
        put("categories", [category], source[0])
    if fields.get("abstract"):
        put("abstract", tex_text(raw["abstract"]), "abstract")
    if fields.get("note"):
        put("note", fields["note"], "note")
    if fields.get("selected", "").lower() in ("true", "yes", "1"):
        put("selected", True, "selected")
    put("key", key, "")
    kept = {} if (entry_type, kind) in _PLAIN_TYPES else {"entrytype": entry_type}
    kept.update({name: value for name, value in fields.items()
                 if name not in MAPPED and name not in used and name not in NOISE})
    kept.update(unlinked)
    if "editor" in raw:
        kept["editor"] = ", ".join(_names(raw["editor"])[0])
    if kept:
        put("extensions", {"bibtex": kept}, "")
    return BibEntry(key, entry_type, line, data, at,
                    tuple(name for name in kept if name != "entrytype"))

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

import logging
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

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
    "primaryclass", "eprintclass",
})
# Entry types whose kind says all there is to say; for the others the type is kept.
_PLAIN_TYPES = {("article", "journal"), ("inproceedings", "conference"),
                ("inproceedings", "workshop"), ("phdthesis", "thesis"), ("techreport", "report"),
                ("misc", "other"), ("book", "book"), ("incollection", "chapter"),
                ("patent", "patent"), ("misc", "preprint"), ("article", "preprint")}
URL_FIELDS = frozenset({"url", "doi", "eprint", "code", "pdf", "slides", "video", "poster",
                        "project", "file", "urldate"})
LINK_FIELDS = ("pdf", "code", "project", "slides", "video", "poster")
_ARXIV_NUMBER = r"(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7})"
_ARXIV_ID = re.compile(r"(?:arxiv:\s*)?" + _ARXIV_NUMBER, re.IGNORECASE)
_ARXIV_IN_TEXT = re.compile(r"(?:arxiv\s*:\s*|\babs/)" + _ARXIV_NUMBER, re.IGNORECASE)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?$", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_MARKS = re.compile(r"\s*(?:\$\^\{?(\\dagger|\*|\\ast)\}?\$|\\textsuperscript\{(\*|\\dagger)\}"
                    r"|(\*|†|\\dag(?:ger)?\b))\s*$")
_SPACE = re.compile(r"\s+")
_URL_MACRO = re.compile(r"\\url\{([^{}]*)\}")


@dataclass(frozen=True)
class BibProblem:
    """Something wrong in the .bib, at a 1-based line."""

    line: int
    message: str
    severity: str = "error"  # or "warning"


@dataclass(frozen=True)
class BibEntry:
    """One publication: cvtool plain data, and where each of its fields came from."""

    key: str
    entry_type: str
    line: int
    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)  # cvtool field -> .bib line
    kept: tuple[str, ...] = ()  # BibTeX fields kept under extensions.bibtex


@dataclass(frozen=True)
class BibResult:
    entries: list[BibEntry]
    problems: list[BibProblem]


# --- LaTeX ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _decoder() -> Any:
    from pylatexenc.latex2text import (
        LatexNodes2Text,
        MacroTextSpec,
        get_default_latex_context_db,
    )

    context = get_default_latex_context_db()
    context.add_context_category("cvtool", prepend=True, macros=[
        MacroTextSpec("url", simplify_repl="%s"),
        MacroTextSpec("LaTeX", simplify_repl="LaTeX"),
        MacroTextSpec("TeX", simplify_repl="TeX"),
        MacroTextSpec("BibTeX", simplify_repl="BibTeX"),
    ])
    return LatexNodes2Text(latex_context=context, math_mode="text", keep_braced_groups=False,
                           strict_latex_spaces=True)


_FAST = re.compile(r"""
    \\(?P<escape>[&%$\#_{}])
  | \\(?P<accent>['`^"~=.])[ \t]*(?:\n[ \t]*)?(?:
        \{\s*(?:\\(?P<braced_dotless>[ij])|(?P<braced>[A-Za-z]))\s*\}
      | \\(?P<dotless>[ij])(?![A-Za-z])[ \t]*(?:\n[ \t]*)?
      | (?P<letter>[A-Za-z]))
  | (?P<dash>---?)
  | (?P<quote>``|''|!`|\?`)
  | (?P<tie>~)
  | (?P<brace>[{}])
  | (?<!\$)\$(?P<math>(?:[^$\\%]|\\[A-Za-z]+)+)\$(?!\$)
  | (?P<other>[\\$%&])
""", re.VERBOSE)
_LATEX_CHARS = re.compile(r"[\\{}$~\-`'%]")  # text without any of these is plain
_MACRO_NAME = re.compile(r"\\([A-Za-z]+)")
_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
            "=": "\u0304", ".": "\u0307"}
_SYMBOLS = {"---": "\u2014", "--": "\u2013", "``": "\u201c", "''": "\u201d", "!`": "\u00a1",
            "?`": "\u00bf", "~": "\u00a0"}


class _NotSimple(Exception):
    """LaTeX beyond what :func:`_simple_latex` converts: pylatexenc's turn."""


def _simple_piece(match: re.Match[str]) -> str:
    if match["escape"]:
        return match["escape"]
    if match["accent"]:
        base = (match["braced_dotless"] or match["braced"] or match["dotless"]
                or match["letter"])
        composed = unicodedata.normalize("NFC", base + _ACCENTS[match["accent"]])
        if len(composed) != 1:
            raise _NotSimple
        return composed
    if match["brace"]:
        return ""
    if match["math"]:  # a formula of argument-less macros: pylatexenc's (cached, they recur)
        context = _walker_context()
        for name in _MACRO_NAME.findall(match["math"]):
            spec = context.get_macro_spec(name)
            if spec is not None and getattr(spec.args_parser, "argspec", None) != "":
                raise _NotSimple  # it takes arguments (or parses them its own way)
        return _full_latex(match[0])
    if match["other"]:
        raise _NotSimple
    return _SYMBOLS[match[0]]


def _simple_latex(value: str) -> str:
    """What pylatexenc makes of the LaTeX most .bib text holds (protective braces, escaped
    specials, accents on a letter, dashes and quotes), a hundred times faster, with only
    ``$formulas$`` left to pylatexenc; anything else (another macro, unbalanced braces, a
    comment) raises :class:`_NotSimple`."""
    depth = 0
    for char in value.replace("\\{", "").replace("\\}", ""):
        depth += 1 if char == "{" else -1 if char == "}" else 0
        if depth < 0:
            raise _NotSimple
    if depth:
        raise _NotSimple
    return _FAST.sub(_simple_piece, value)


@lru_cache(maxsize=4096)
def _full_latex(value: str) -> str:
    """pylatexenc's conversion (cached: the same names and venues recur in a .bib)."""
    from pylatexenc.latexwalker import LatexWalker

    # The parser's default macro table, built once: LatexWalker builds it again on every
    # call when it is not given one.
    walker = LatexWalker(value, latex_context=_walker_context())
    return _decoder().nodelist_to_text(walker.get_latex_nodes()[0])


@lru_cache(maxsize=1)
def _walker_context() -> Any:
    from pylatexenc.latexwalker import get_default_latex_context_db

    return get_default_latex_context_db()


def latex_to_text(value: str) -> str:
    """LaTeX as a reader sees it, in Unicode, on one line."""
    if "\\url" in value:  # `%` inside \url{...} is part of the address, not a comment
        value = _URL_MACRO.sub(lambda m: "\\url{" + re.sub(r"(?<!\\)([%#&])", r"\\\1", m[1])
                               + "}", value)
    if _LATEX_CHARS.search(value):
        try:
            value = _simple_latex(value)
        except _NotSimple:
            value = _full_latex(value)
    return _SPACE.sub(" ", value.replace("\u00a0", " ")).strip()


def _url_text(value: str) -> str:
    """A URL, DOI or identifier: braces and backslash escapes removed, nothing else."""
    value = _URL_MACRO.sub(r"\1", value)
    value = re.sub(r"\\([%#&_~$])", r"\1", value).replace("{", "").replace("}", "")
    return "".join(value.split())


# --- values -----------------------------------------------------------------------------


def _parts(raw: str) -> Iterator[str]:
    """Split a raw field value at top-level ``#`` (outside braces and quotes)."""
    if "#" not in raw:  # most values: no concatenation to look for
        yield raw.strip()
        return
    depth, quoted, start = 0, False, 0
    for index, char in enumerate(raw):
        if char == "\\":
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0 and (index == 0 or raw[index - 1] != "\\"):
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            yield raw[start:index].strip()
            start = index + 1
    yield raw[start:].strip()


def _expand(raw: str, macros: dict[str, str], problems: list[BibProblem], line: int) -> str:
    """A raw value with its delimiters, macros and concatenations resolved (LaTeX kept)."""
    out = []
    for part in _parts(raw.strip()):
        if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
            out.append(part[1:-1])
        elif part.isdigit():
            out.append(part)
        elif part.lower() in macros:
            out.append(macros[part.lower()])
        elif part.lower() in MONTH_MACROS:
            out.append(_MONTH_NAMES[MONTH_MACROS[part.lower()] - 1].capitalize())
        elif part:
            problems.append(BibProblem(line, f"`{part}` is not a defined @string macro",
                                       "warning"))
            out.append(part)
    return "".join(out)


# --- names ------------------------------------------------------------------------------


def _names(raw: str) -> tuple[list[str], list[str], list[str]]:
    """Authors as "First von Last Jr.", with ``others`` as ``et al.``; also who is marked
    with ``*`` (equal contribution) and ``†`` (corresponding author)."""
    from bibtexparser.middlewares.names import split_multiple_persons_names

    names: list[str] = []
    equal: list[str] = []
    corresponding: list[str] = []
    for written in split_multiple_persons_names(raw):
        written = written.strip()
        if written.lower() == "others":
            names.append("et al.")
            continue
        name, marks = _one_name(written)
        if not name:
            continue
        names.append(name)
        if "*" in marks:
            equal.append(name)
        if "†" in marks:
            corresponding.append(name)
    return names, equal, corresponding


@lru_cache(maxsize=8192)
def _one_name(written: str) -> tuple[str, str]:
    """One author as "First von Last Jr.", and its marks (``*``, ``†``); cached, since the
    same people (the CV's owner first) recur throughout a .bib."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    marks = ""
    while match := _MARKS.search(written):
        mark = next(g for g in match.groups() if g)
        marks += "*" if mark in ("*", "\\ast") else "†"
        written = written[:match.start()]
    parts = parse_single_name_into_parts(written, strict=False)
    name = " ".join(latex_to_text(" ".join(p)) for p in
                    (parts.first, parts.von, parts.last, parts.jr) if p)
    return _SPACE.sub(" ", name).strip(), marks


# --- entries ----------------------------------------------------------------------------


def _month(value: str) -> int | None:
    text = value.strip().lower().rstrip(".")
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    for number, name in enumerate(_MONTH_NAMES, 1):
        if len(text) >= 3 and name.startswith(text):
            return number
    return None


def _arxiv_id(fields: dict[str, str]) -> str | None:
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
        put("title", fields["title"], "title")
    else:
        problems.append(BibProblem(line, f"entry `{key}` has no title"))
        return None
    people = "author" if "author" in raw else "editor" if "editor" in raw else None
    authors, equal, corresponding = _names(raw[people]) if people else ([], [], [])
    put("authors", authors, people or "title")
    if not people:
        problems.append(BibProblem(line, f"entry `{key}` has no author or editor", "warning"))
    venue, used = _venue(entry_type, kind, fields, arxiv)
    if venue:
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
    else:
        written = fields.get("year") or fields.get("date")
        problems.append(BibProblem(lines.get("year", line), f"entry `{key}` has no year" + (
            f" (`{written}` is not a year)" if written else "")))
        return None
    if "month" in fields and month is None:
        problems.append(BibProblem(lines["month"], f"`{fields['month']}` is not a month",
                                   "warning"))
    if equal:
        put("equal_contribution", equal, people or "title")
    if corresponding:
        put("corresponding", corresponding, people or "title")
    for name, source in (("volume", "volume"), ("number", "number"), ("number", "issue"),
                         ("pages", "pages")):
        if fields.get(source) and name not in data and source not in used and not (
                kind == "preprint" and fields[source].startswith("abs/")):
            put(name, fields[source], source)
    if fields.get("doi"):
        put("doi", _DOI_PREFIX.sub("", fields["doi"]), "doi")
    if arxiv:
        put("arxiv", arxiv, "eprint" if "eprint" in fields else "url")
    links: dict[str, str] = {}
    url = fields.get("url")
    if url and not (arxiv and _ARXIV_URL.search(url)) and not (
            fields.get("doi") and _DOI_PREFIX.match(url)):
        links["paper"] = url
    for name in LINK_FIELDS:
        if fields.get(name):
            links[name] = fields[name]
    if links:
        put("links", links, "url" if "paper" in links else next(iter(links)))
    category, source = _first(fields, ("primaryclass", "eprintclass"))
    if category:
        put("categories", [category], source[0])
    if fields.get("abstract"):
        put("abstract", fields["abstract"], "abstract")
    if fields.get("note"):
        put("note", fields["note"], "note")
    if fields.get("selected", "").lower() in ("true", "yes", "1"):
        put("selected", True, "selected")
    put("key", key, "")
    kept = {} if (entry_type, kind) in _PLAIN_TYPES else {"entrytype": entry_type}
    kept.update({name: value for name, value in fields.items()
                 if name not in MAPPED and name not in used})
    if "editor" in raw:
        kept["editor"] = ", ".join(_names(raw["editor"])[0])
    if kept:
        put("extensions", {"bibtex": kept}, "")
    return BibEntry(key, entry_type, line, data, at,
                    tuple(name for name in kept if name != "entrytype"))


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """bibtexparser logs the problems it finds; they are reported here, located, instead."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


MAX_BRACE_DEPTH = 64  # as for YAML: far more than any title needs, far less than Python's stack


def _brace_depth(value: str) -> int:
    depth = deepest = 0
    escaped = False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "}":
            depth -= 1
    return deepest


def _too_deep(value: str, what: str, line: int, problems: list[BibProblem]) -> bool:
    """Whether ``value`` nests braces beyond :data:`MAX_BRACE_DEPTH` (reported if so): the
    LaTeX converter recurses once per level and would exhaust Python's stack."""
    if "{" * MAX_BRACE_DEPTH not in value and value.count("{") <= MAX_BRACE_DEPTH:
        return False  # the common case, without a character loop
    depth = _brace_depth(value)
    if depth <= MAX_BRACE_DEPTH:
        return False
    problems.append(BibProblem(line, f"{what} is nested too deeply ({depth} levels of braces; "
                                     f"at most {MAX_BRACE_DEPTH})"))
    return True


def parse_bibtex(text: str) -> BibResult:
    """Every entry of a .bib text as cvtool publication data, with located problems."""
    import bibtexparser
    from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock

    with _quiet("bibtexparser"):
        library = bibtexparser.parse_string(text, parse_stack=[])
    problems: list[BibProblem] = []
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            message = f"duplicate entry key `{block.key}`"
        elif isinstance(block, DuplicateFieldKeyBlock):
            message = f"duplicate field(s) {', '.join(sorted(block.duplicate_keys))}"
        else:
            reason = getattr(block.error, "abort_reason", None) or getattr(
                block.error, "message", None) or str(block.error)
            lines = [line.strip() for line in str(reason).splitlines() if line.strip()]
            message = lines[-1] if lines else "unreadable entry"
        problems.append(BibProblem(line, f"BibTeX syntax: {message}"))
    macros: dict[str, str] = {}
    for string in library.strings:
        line = (string.start_line or 0) + 1
        if _too_deep(str(string.value), f"@string `{string.key}`", line, problems):
            continue
        macros[string.key.lower()] = _expand(string.value, macros, problems, line)
    raw_entries: dict[str, tuple[str, str, dict[str, str], dict[str, int], int]] = {}
    for entry in library.entries:
        line = (entry.start_line or 0) + 1
        if any(_too_deep(str(f.value), f"entry `{entry.key}`: {f.key}", f.start_line + 1,
                         problems) for f in entry.fields):
            continue  # left out; the other entries are read as usual
        values = {f.key.lower(): _expand(str(f.value), macros, problems, f.start_line + 1)
                  for f in entry.fields}
        lines = {f.key.lower(): f.start_line + 1 for f in entry.fields}
        raw_entries[entry.key.lower()] = (entry.key, entry.entry_type.lower(), values, lines,
                                          line)
    containers = _resolve_crossrefs(raw_entries, problems)
    entries = []
    for lowered, (key, entry_type, values, lines, line) in raw_entries.items():
        if lowered in containers or entry_type in ("string", "preamble", "comment"):
            continue
        try:
            converted = _entry(key, entry_type, values, lines, line, problems)
        except RecursionError:  # LaTeX nested in a way the brace count did not see
            problems.append(BibProblem(line, f"entry `{key}` is nested too deeply to read"))
            continue
        if converted is not None:
            entries.append(converted)
    problems.sort(key=lambda p: p.line)
    return BibResult(entries, problems)


def _resolve_crossrefs(entries: dict[str, tuple[str, str, dict[str, str], dict[str, int], int]],
                       problems: list[BibProblem]) -> set[str]:
    """Fill each child's missing fields from its ``crossref`` parent; return the parents
    that are only containers (no authors of their own) and so are not publications."""
    containers: set[str] = set()
    for _key, _type, values, lines, line in entries.values():
        parent_key = values.get("crossref", "").strip().lower()
        if not parent_key:
            continue
        parent = entries.get(parent_key)
        if parent is None:
            problems.append(BibProblem(lines.get("crossref", line),
                                       f"crossref `{values['crossref']}` is not in this file",
                                       "warning"))
            continue
        _pkey, parent_type, parent_values, parent_lines, _pline = parent
        for name, value in parent_values.items():
            if name in ("crossref", "key", "ids"):
                continue
            target = name
            if name == "title":  # the volume's title is where the child appeared
                if parent_type not in CONTAINER_TYPES:
                    continue
                target = "booktitle"
            if target not in values:
                values[target] = value
                lines[target] = parent_lines.get(name, line)
        if "author" not in parent_values:
            containers.add(parent_key)
    return containers


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
                    "CV112", f"{entry.key}: {name + ': ' if name else ''}"
                    f"{error['msg'].removeprefix('Value error, ')}",
                    location=SourceLocation(file, line, 1)))
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

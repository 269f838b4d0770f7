"""Reading a .bib text: bibtexparser's blocks, @string macros and concatenations,
crossref, and the limits every .bib gets."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cvtool.importers.bibtex.fields import _MONTH_NAMES, CONTAINER_TYPES, MONTH_MACROS, _entry
from cvtool.importers.bibtex.model import BibProblem, BibResult


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
                                     f"at most {MAX_BRACE_DEPTH}); left out", "warning"))
    return True


_ENTRY_START = re.compile(r"^\s*@")
_ENTRY_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()]+)")
SKIPPED_TYPES = frozenset({"set", "xdata"})  # biblatex: groups of entries, field templates


def _without_commented_entries(text: str) -> str:
    """``%`` lines outside entries blanked (line numbers kept): a commented-out
    ``% @inproceedings{...`` is a comment to every reader of .bib files but BibTeX's."""
    if "%" not in text:
        return text
    out = []
    depth = 0
    for line in text.split("\n"):
        if _ENTRY_START.match(line):
            depth = 0  # an entry starts at the margin: whatever was open has ended
        if depth <= 0 and line.lstrip().startswith("%"):
            out.append("")
            continue
        depth += line.count("{") - line.count("\\{") - line.count("}") + line.count("\\}")
        out.append(line)
    return "\n".join(out)


def _failed_key(raw: str) -> str | None:
    match = _ENTRY_KEY.search(raw or "")
    return match[1] if match else None


def parse_bibtex(text: str) -> BibResult:
    """Every entry of a .bib text as cvtool publication data, with located problems. An
    entry that cannot be read is left out with a warning; the others are read as usual."""
    import bibtexparser
    from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock

    with _quiet("bibtexparser"):
        library = bibtexparser.parse_string(_without_commented_entries(text), parse_stack=[])
    problems: list[BibProblem] = []
    recovered = []
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            problems.append(BibProblem(line, f"entry `{block.key}`: the citation key is used "
                                       "by an earlier entry; left out", "warning", block.key))
        elif isinstance(block, DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            names = ", ".join(sorted(block.duplicate_keys))
            problems.append(BibProblem(line, f"entry `{entry.key}`: duplicate field(s) "
                                       f"{names}; the first is kept", "warning"))
            first: dict[str, Any] = {}
            for item in entry.fields:
                first.setdefault(item.key.lower(), item)
            entry.fields = list(first.values())
            recovered.append(entry)
        else:
            reason = getattr(block.error, "abort_reason", None) or getattr(
                block.error, "message", None) or str(block.error)
            lines = [line.strip() for line in str(reason).splitlines() if line.strip()]
            message = lines[-1].rstrip(".") if lines else "unreadable entry"
            key = _failed_key(getattr(block, "raw", ""))
            problems.append(BibProblem(line, (f"entry `{key}`: " if key else "")
                                       + f"BibTeX syntax: {message}; left out", "warning",
                                       key))
    macros: dict[str, str] = {}
    for string in library.strings:
        line = (string.start_line or 0) + 1
        if _too_deep(str(string.value), f"@string `{string.key}`", line, problems):
            continue
        macros[string.key.lower()] = _expand(string.value, macros, problems, line)
    raw_entries: dict[str, tuple[str, str, dict[str, str], dict[str, int], int]] = {}
    entries = sorted([*library.entries, *recovered], key=lambda e: e.start_line or 0)
    for entry in entries:
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
        if entry_type in SKIPPED_TYPES:
            problems.append(BibProblem(line, f"entry `{key}`: @{entry_type} is not a "
                                       "publication; skipped", "info", key))
            continue
        try:
            converted = _entry(key, entry_type, values, lines, line, problems)
        except RecursionError:  # LaTeX nested in a way the brace count did not see
            problems.append(BibProblem(line, f"entry `{key}`: nested too deeply to read; "
                                       "left out", "warning", key))
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

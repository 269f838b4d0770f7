"""Reading the .bib files that publication sections name, as part of loading a CV.

This runs between parsing the YAML and validating it: each .bib entry becomes plain data
appended to its section's ``entries`` (written entries first; an entry with the DOI or the
title of one already listed is left out), and the source map learns where each of its
fields sits in the .bib file. Validation then treats them like written entries, so a bad
DOI in a .bib is reported at ``refs.bib:14:1``, and so is a syntax error in the file.

One bad entry never fails the build: an entry that cannot be read, or that the schema
refuses, is left out with a located warning (``refs.bib:41:1: warning[CV112]: entry `x`:
...; left out``) and the others are listed. A section with ``strict: true`` makes those
warnings errors (as ``cvtool lint --strict`` does for every warning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cvtool.errors import Diagnostic, DiagnosticsError, Severity, SourceLocation
from cvtool.localfiles import inside
from cvtool.sourcemap import Path_, SourceMap

_WORDS = re.compile(r"[^\w]+")


@dataclass
class BibExpansion:
    """The problems reading the .bib files found (their entries' positions go to the
    source map)."""

    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def _title_key(title: Any) -> str:
    """A title as words (its TeX read: ``{\\"U}ber {BERT}`` is ``über bert``)."""
    from cvtool.markup import to_text
    from cvtool.texinline import tex

    return _WORDS.sub(" ", to_text(tex(str(title)))).casefold().strip()


def _is_publication_section(title: Any, value: Any) -> bool:
    from cvtool.schema.cv import section_kind_written

    return isinstance(value, dict) and section_kind_written(title, value) == "publication"


def _paths(value: Any) -> list[tuple[int | None, str]]:
    if isinstance(value, str):
        return [(None, value)]
    if isinstance(value, list):
        return [(i, v) for i, v in enumerate(value) if isinstance(v, str)]
    return []


def expand_bibtex(data: Any, source: SourceMap, cv_dir: Path) -> BibExpansion:
    """Append the entries of every section's ``bibtex`` files to ``data`` (in place)."""
    result = BibExpansion()
    if not isinstance(data, dict) or not isinstance(data.get("sections"), dict):
        return result
    for title, section in data["sections"].items():
        if not _is_publication_section(title, section):
            continue
        if "bibtex" not in section:
            if isinstance(section.get("entries"), list):  # keyed metrics of written entries
                apply_keyed_metrics(title, section, _written_keys(section["entries"]), source,
                                    result)
            continue
        entries = section.setdefault("entries", [])
        if not isinstance(entries, list):
            continue
        listed = ("sections", title, "entries")
        if listed not in source.positions:  # the list the .bib entries join, made here
            at = source.key_at(("sections", title, "bibtex"))
            source.register(listed, at, at)
        _expand_section(title, section, entries, source, cv_dir, result)
    return result


def _expand_section(title: str, section: dict[str, Any], entries: list[Any],
                    source: SourceMap, cv_dir: Path, result: BibExpansion) -> None:
    from pydantic import ValidationError
    from pydantic_core import PydanticCustomError

    from cvtool.errors import format_path
    from cvtool.importers.bibtex import parse_bibtex
    from cvtool.schema.common import check_bib_path
    from cvtool.schema.entries import Publication
    from cvtool.sourcefile import read_source

    seen_dois = {str(e["doi"]).lower(): e for e in entries
                 if isinstance(e, dict) and e.get("doi")}
    seen_titles = {_title_key(e["title"]): e for e in entries
                   if isinstance(e, dict) and e.get("title")}
    keys: dict[str, dict[str, Any]] = {str(e["key"]): e for e in entries
                                       if isinstance(e, dict) and e.get("key")}
    base: Path_ = ("sections", title, "bibtex")
    for index, relative in _paths(section["bibtex"]):
        at = (*base, index) if index is not None else base
        where = source.locate(at)[0]
        try:
            check_bib_path(relative)
        except PydanticCustomError:
            continue  # validation reports it, at this place
        target = inside(cv_dir, relative)
        shown = str(Path(source.file).parent / relative)
        problem = None
        if target is None:
            problem = f"{relative} leads outside the CV's folder"
        elif not target.is_file():
            problem = f"no such file: {shown}"
        if problem:
            result.errors.append(Diagnostic("CV112", problem, Severity.ERROR, where,
                                            format_path(at)))
            continue
        try:
            text = read_source(target)
        except DiagnosticsError as exc:
            result.errors.extend(exc.diagnostics)
            continue
        strict = section.get("strict") is True
        parsed = parse_bibtex(text)

        def report(message: str, severity: str, line: int, at: Path_ = at,
                   shown: str = shown, strict: bool = strict) -> None:
            if severity == "info":
                return
            if severity == "error" or strict:
                result.errors.append(Diagnostic("CV112", message, Severity.ERROR,
                                                SourceLocation(shown, line, 1), format_path(at)))
            else:
                result.warnings.append(Diagnostic("CV112", message, Severity.WARNING,
                                                  SourceLocation(shown, line, 1),
                                                  format_path(at)))

        for problem_ in parsed.problems:
            report(problem_.message, problem_.severity, problem_.line)
        for bib in parsed.entries:
            try:  # one entry the schema refuses is left out, not the whole CV
                Publication.model_validate(bib.data)
            except ValidationError as exc:
                error = exc.errors()[0]
                name = str(error["loc"][0]) if error["loc"] else ""
                report(f"entry `{bib.key}`: {name + ': ' if name else ''}"
                       f"{error['msg'].removeprefix('Value error, ')}; left out", "warning",
                       bib.lines.get(name, bib.line))
                continue
            doi = str(bib.data.get("doi", "")).lower()
            title_key = _title_key(bib.data["title"])
            listed = (seen_dois.get(doi) if doi else None) or seen_titles.get(title_key)
            if listed is not None:  # already written (or in an earlier file): keep that one
                keys.setdefault(bib.key, listed)
                listed.setdefault("key", bib.key)  # so that [@bibkey] finds the one kept
                continue
            entry = dict(bib.data)
            if doi:
                seen_dois[doi] = entry
            seen_titles[title_key] = entry
            number = len(entries)
            entries.append(entry)
            keys.setdefault(bib.key, entry)
            start = SourceLocation(shown, bib.line, 1)
            path = ("sections", title, "entries", number)
            source.register(path, start, start)
            for name in entry:
                spot = SourceLocation(shown, bib.lines[name], 1) if name in bib.lines else start
                source.register((*path, name), spot, spot)
    _mark_selected(title, section, keys, source, result)
    apply_keyed_metrics(title, section, keys, source, result)


def _mark_selected(title: str, section: dict[str, Any], keys: dict[str, dict[str, Any]],
                   source: SourceMap, result: BibExpansion) -> None:
    """``selected: [key, ...]`` marks entries by citation key (a .bib entry has no other way)."""
    from cvtool.errors import format_path

    chosen = section.get("selected")
    if not isinstance(chosen, list):
        return
    for index, key in enumerate(chosen):
        if not isinstance(key, str):
            continue
        if key in keys:
            keys[key]["selected"] = True
            continue
        import difflib

        close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.6)
        path = ("sections", title, "selected", index)
        result.errors.append(Diagnostic(
            "CV112", f"no entry of this section has the key `{key}`", Severity.ERROR,
            source.locate(path)[0], format_path(path),
            f"did you mean `{close[0]}`?" if close else None))


def _written_keys(entries: list[Any]) -> dict[str, dict[str, Any]]:
    return {str(e["key"]): e for e in entries if isinstance(e, dict) and e.get("key")}


def apply_keyed_metrics(title: str, section: dict[str, Any], keys: dict[str, dict[str, Any]],
                        source: SourceMap, result: BibExpansion) -> None:
    """A section's ``metrics: {key: {citations: N}}`` gives per-paper metrics by citation key
    (a .bib entry has no other way); what an entry writes itself wins. A key no entry has is
    a located CV115 (the schema checks the values' types, at their own lines)."""
    from cvtool.errors import format_path

    keyed = section.get("metrics")
    if not isinstance(keyed, dict):
        return
    for key, metrics in keyed.items():
        if key in keys:
            entry = keys[key]
            if isinstance(metrics, dict) and isinstance(entry.get("metrics", {}), dict):
                entry["metrics"] = {**metrics, **entry.get("metrics", {})}
            continue
        import difflib

        close = difflib.get_close_matches(str(key), list(keys), n=1, cutoff=0.6)
        path = ("sections", title, "metrics", key)
        result.errors.append(Diagnostic(
            "CV115", f"no entry of this section has the citation key `{key}`", Severity.ERROR,
            source.key_at(path), format_path(path),
            f"did you mean `{close[0]}`?" if close else None))

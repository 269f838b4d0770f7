"""Reading JSON Resume: a ``resume.json`` (JSON Resume v1, jsonresume.org) to cvtool data.

Nothing is dropped. Whether a field survived is decided by mapping the entry back: every
JSON Resume field that the way back would not give again (a ``level``, a structured
address, a URL without a scheme) is kept under the entry's ``extensions: {jsonresume:
...}`` and reported; :mod:`.writing` writes those back. What cvtool wrote under ``x-cvtool``
(per item, and in ``meta`` for the whole CV) is restored here. A ``null`` in either means
"absent", for a field the plain mapping would have added. The file gets the limits of a YAML
source (size, nesting, number of values), checked before and without recursion.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any

from cvtool.jsonresume.basics import basics_in, basics_out
from cvtool.jsonresume.mapping import (
    ARRAYS,
    EXTENSION,
    IMPORT_DESIGN,
    KIND_KEY,
    MODELS,
    SCHEMA_URL,
    X_CVTOOL,
    cv_item,
    differences,
    is_dated,
    jr_item,
    kind_of,
    overlay,
    read_date,
    section_title,
    validated,
    web_url,
)


class Note(str):
    """What the import says about one place of the file: a note (``code`` None: something
    kept or left out on purpose) or a warning (a value cvtool could not use as written).
    A ``str``, so a list of notes reads as their messages; ``path`` locates it."""

    path: tuple[str | int, ...]
    code: str | None

    def __new__(cls, message: str, path: tuple[str | int, ...] = (),
                code: str | None = None) -> Note:
        note = super().__new__(cls, message)
        note.path, note.code = path, code
        return note


def _where(path: tuple[str | int, ...]) -> str:
    from cvtool.errors import format_path

    return format_path(path)


# --- what a file is, when it is not JSON Resume -------------------------------------------

_JSON_RESUME_KEYS = frozenset({*ARRAYS, "basics", "meta", "$schema"})
_FRESH_KEYS = frozenset({"info", "contact", "employment", "social", "writing", "speaking",
                         "recognition", "affiliation", "service", "samples", "testimonials",
                         "governance", "extracurricular", "reading"})


def not_json_resume(resume: dict[str, Any]) -> tuple[str, tuple[str | int, ...]] | None:
    """Why ``resume`` is not a JSON Resume, and where to point, or None when it is one.
    A file with no ``basics`` imports only when every key it has is JSON Resume's."""
    if isinstance(resume.get("basics"), dict):
        return None
    meta = resume.get("meta") if isinstance(resume.get("meta"), dict) else {}
    form = meta.get("format") if isinstance(meta.get("format"), str) else ""
    other = [k for k in resume if k not in _JSON_RESUME_KEYS]
    if not other and any(isinstance(resume.get(a), list) for a in ARRAYS):
        return None
    if "basics" in resume:
        return "`basics` is not an object: this is not a JSON Resume file", ("basics",)
    if form.upper().startswith("FRESH") or len(_FRESH_KEYS & set(resume)) >= 2:
        where: tuple[str | int, ...] = ("meta", "format") if form else ()
        return ("no `basics`: this is not a JSON Resume file; it looks like a FRESH résumé "
                f"({form or 'FRESH keys ' + ', '.join(sorted(_FRESH_KEYS & set(resume)))}), "
                "which cvtool does not import"), where
    keys = ", ".join(f"`{k}`" for k in other[:4]) + (", ..." if len(other) > 4 else "")
    if any(any("\u3000" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" for c in k)
           for k in other):
        looks = "it looks like a résumé builder's own format (CJK keys)"
    elif other:
        looks = "it looks like a résumé builder's own format"
    else:
        looks = "it holds no JSON Resume section"
    return f"no `basics`: this is not a JSON Resume file ({keys}); {looks}", ()


# --- values cvtool cannot use as written ----------------------------------------------------


def _empty(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    if isinstance(value, list):
        return all(_empty(v) for v in value)
    return value is None or (isinstance(value, str) and not value.strip())


def _date_warnings(jr: dict[str, Any], at: tuple[str | int, ...]) -> list[Note]:
    notes = []
    for key in ("startDate", "endDate", "date", "releaseDate"):
        _, problem = read_date(jr.get(key))
        if problem:
            notes.append(Note(f"{_where((*at, key))}: {problem} (kept as written "
                              f"under extensions.{EXTENSION})", (*at, key), "CV103"))
    return notes


def _profile_warnings(basics: dict[str, Any]) -> list[Note]:

    notes = []
    profiles = basics.get("profiles")
    for index, profile in enumerate(profiles if isinstance(profiles, list) else []):
        if not isinstance(profile, dict):
            continue
        url = profile.get("url")
        at = ("basics", "profiles", index, "url")
        if isinstance(url, str) and url.strip() and not web_url(url):
            notes.append(Note(f"{_where(at)}: {json.dumps(url, ensure_ascii=False)} is not "
                              f"a link; kept under extensions.{EXTENSION}", at, "CV106"))
    return notes

# --- the whole résumé ------------------------------------------------------------------------


def import_jsonresume(resume: Any) -> tuple[dict[str, Any], list[str]]:
    """A JSON Resume document as cvtool data, and notes on what was kept as extensions."""
    from cvtool.schema import Cv

    if not isinstance(resume, dict):
        raise ValueError("a JSON Resume is a JSON object")
    refused = not_json_resume(resume)
    if refused:
        raise ValueError(refused[0])
    notes: list[str] = []
    meta = resume.get("meta") if isinstance(resume.get("meta"), dict) else {}
    restore = meta.get(X_CVTOOL) if isinstance(meta.get(X_CVTOOL), dict) else {}
    basics = resume.get("basics") if isinstance(resume.get("basics"), dict) else {}
    data = basics_in(basics)
    notes += _profile_warnings(basics)
    data["sections"] = _sections(resume, restore, notes)
    data["design"] = dict(IMPORT_DESIGN)
    data = overlay(data, {k: v for k, v in restore.items() if k not in ("sections", "order")})

    cv = validated(Cv, data)
    extension: dict[str, Any] = {}
    if basics:
        back = _as_cited(basics, basics_out(cv) if cv is not None else {})
        kept = differences(basics, back, ignore=(X_CVTOOL,))
        if kept:
            extension["basics"] = kept
            notes.append(Note("basics: kept " + ", ".join(kept) + " (no cvtool field gives "
                              "them back as written)", ("basics",)))
    if resume.get("$schema", SCHEMA_URL) != SCHEMA_URL:
        extension["$schema"] = resume["$schema"]
    meta_kept = {k: v for k, v in meta.items() if k != X_CVTOOL}
    if meta_kept:
        extension["meta"] = meta_kept
        notes.append(Note("meta: kept " + ", ".join(meta_kept), ("meta",)))
    for key, value in resume.items():
        if key not in ARRAYS and key not in ("basics", "meta", "$schema"):
            extension[key] = value
            close = difflib.get_close_matches(key, list(ARRAYS), n=1, cutoff=0.75)
            hint = f" (JSON Resume's is `{close[0]}`)" if close else ""
            notes.append(Note(f"{key}: not a JSON Resume section{hint}; kept as it is, "
                              "not shown", (key,), "CV100" if close else None))
    if extension:
        data["extensions"] = {**data.get("extensions", {}), EXTENSION: extension}
    return data, notes


def _sections(resume: dict[str, Any], restore: dict[str, Any],
              notes: list[str]) -> dict[str, Any]:
    settings = restore.get("sections") if isinstance(restore.get("sections"), dict) else {}
    sections: dict[str, dict[str, Any]] = {}
    for array, (title, kind) in ARRAYS.items():
        items = resume.get(array)
        if not isinstance(items, list):
            continue
        dated = any(isinstance(jr, dict) and is_dated(jr) for jr in items)
        for index, jr in enumerate(items):
            at = (array, index)
            if not isinstance(jr, dict):
                notes.append(Note(f"{array}[{index}]: not an object; left out", at, "CV104"))
                continue
            if _empty(jr):
                notes.append(Note(f"{array}[{index}]: an empty template entry (no field has "
                                  "a value); left out", at))
                continue
            notes += _date_warnings(jr, at)
            kind = kind_of(array, jr)
            where = section_title(array, kind)
            if array == "publications" and kind == "generic":  # a publication with no date
                where = f"Other {title}" if dated else title
                notes.append(Note(f"{array}[{index}]: no usable releaseDate (cvtool's "
                                  f"publications need a year); listed under {where!r} "
                                  "without a date", (*at, "releaseDate"), "CV101"))
            missing = _missing(array, jr, kind)
            if missing:
                notes.append(Note(f"{array}[{index}]: {missing}; left out", at, "CV101"))
                continue
            item, key = item_in(array, jr, where, kind, f"{array}[{index}]", notes)
            sections.setdefault(key, {"kind": kind, "entries": []})["entries"].append(item)
    ordered: dict[str, Any] = {}
    for key, setting in settings.items():  # the cvtool order, and sections JSON Resume lacks
        ordered[key] = {**setting, **({"entries": sections.pop(key)["entries"]}
                                      if key in sections else {})}
    ordered.update(sections)
    return {key: _short_section(key, value) for key, value in ordered.items()}


# What an item needs to be an entry of its kind: its main field, under the names read.
_MAIN: dict[str, tuple[str, tuple[str, ...]]] = {
    "award": ("title", ("title", "name")), "certification": ("name", ("name", "title")),
    "language": ("language", ("language", "name")), "interest": ("name", ("name",)),
    "reference": ("name", ("name", "reference")),
    "volunteering": ("organization", ("organization", "name", "company")),
    "patent": ("name", ("name", "title")),
    **{kind: ("name", ("name",)) for kind in
       ("talk", "teaching", "grant", "supervision", "membership")},
}


def _missing(array: str, jr: dict[str, Any], kind: str) -> str | None:
    """What an item of a kind cvtool reads field by field lacks to be shown, if anything."""
    if kind not in _MAIN or isinstance(jr.get(X_CVTOOL), dict):
        return None
    field, names = _MAIN[kind]
    if any(_text(jr.get(name)) for name in names):
        return None
    present = ", ".join(f"`{key}`" for key in jr if key != X_CVTOOL)
    article = "an" if kind[0] in "aeiou" else "a"
    return f"no `{field}` (it has {present}), and {article} {kind} needs one"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _short_section(title: str, section: dict[str, Any]) -> Any:
    """``Title: [entries]`` when the title says the kind and there is nothing else to say."""
    from cvtool.schema.inference import infer_kind

    entries = section.get("entries", [])
    if set(section) <= {"kind", "entries"} and infer_kind(title, entries) == section.get("kind"):
        return section.get("entries", [])
    return section


def _as_cited(jr: Any, back: Any) -> Any:
    """``back`` with each text that holds ``[@key]`` references replaced by the file's text
    when that is the same text with the references written out (``(Li et al., CVPR
    2023)``, as :mod:`.writing` writes them): not a difference worth keeping."""
    if isinstance(back, str) and isinstance(jr, str) and "[@" in back and back != jr:
        pattern = "".join(r"\(.+?\)" if i % 2 else re.escape(part) for i, part in
                          enumerate(_CITE_SPLIT.split(back)))
        return jr if re.fullmatch(pattern, jr, flags=re.DOTALL) else back
    if isinstance(back, list) and isinstance(jr, list) and len(back) == len(jr):
        return [_as_cited(j, b) for j, b in zip(jr, back, strict=True)]
    if isinstance(back, dict) and isinstance(jr, dict):
        return {k: _as_cited(jr.get(k), v) for k, v in back.items()}
    return back


_CITE_SPLIT = re.compile(r"(\[@[^\]\s]+(?:\s*[;,]\s*@[^\]\s]+)*\])")


def item_in(array: str, jr: dict[str, Any], title: str, kind: str, where: str,
             notes: list[str]) -> tuple[dict[str, Any], str]:
    restore = jr.get(X_CVTOOL) if isinstance(jr.get(X_CVTOOL), dict) else {}
    key = restore.get("section") if isinstance(restore.get("section"), str) else title
    item = overlay(cv_item(array, jr, kind),
                   {k: v for k, v in restore.items() if k not in ("section", KIND_KEY)})
    model = validated(MODELS[kind], item)
    back = _as_cited(jr, jr_item(array, model) if model is not None else {})
    kept = differences(jr, overlay(back, item.get("extensions", {}).get(EXTENSION, {})),
                       ignore=(X_CVTOOL,))
    if kept:
        extensions = dict(item.get("extensions", {}))
        extensions[EXTENSION] = {**extensions.get(EXTENSION, {}), **kept}
        item["extensions"] = extensions
        left = [k for k, v in kept.items() if v is None]
        # another tool's name for a field (`role` for `position`): read, and said so
        renamed = {name: field for field in left for name in jr
                   if name in kept and name != field and jr[name] == back.get(field)}
        written = [k for k, v in kept.items() if v is not None and k not in renamed]
        left = [k for k in left if k not in renamed.values()]
        parts = [", ".join(f"`{name}` read as `{field}`" for name, field in renamed.items())]
        parts.append(f"kept {', '.join(written)} under extensions.{EXTENSION}" if written
                     else "")
        parts.append(f"{', '.join(left)} not written back (the file has no such field)"
                     if left else "")
        if renamed and not written:
            parts.append(f"kept as written under extensions.{EXTENSION}")
        message = "; ".join(p for p in parts if p)
        notes.append(Note(f"{where}: {message}", _path_of(where)))
    return item, key


def _path_of(where: str) -> tuple[str | int, ...]:
    match = re.fullmatch(r"(\w+)\[(\d+)\]", where)
    return (match[1], int(match[2])) if match else ()


def jsonresume_yaml(text: str, file: str) -> tuple[str, list[str]]:
    """A JSON Resume file's text as cvtool YAML (headed by the schema comment), and what
    to print on stderr: warnings and notes, each located (``file:line:col``). Raises
    :class:`~cvtool.errors.DiagnosticsError` when the JSON cannot be read or is not a JSON
    Resume (a FRESH résumé, a résumé builder's own format)."""

    from cvtool.errors import Diagnostic, DiagnosticsError, Severity, SourceLocation
    from cvtool.importers.yamlout import dump_yaml
    from cvtool.sourcefile import location_at

    _check_limits(text, file)
    try:
        resume = json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise DiagnosticsError([Diagnostic("CV001", f"JSON syntax: {exc.msg}", location=(
            SourceLocation(file, exc.lineno, exc.colno)))]) from None
    except _LongNumber as exc:
        raise DiagnosticsError([Diagnostic(
            "CV001", f"a number of {len(exc.digits):,} digits; put it in quotes if it is text",
            location=location_at(text, max(text.find(exc.digits), 0), file))]) from None
    if not isinstance(resume, dict):
        raise DiagnosticsError([Diagnostic("CV104", "a JSON Resume is a JSON object",
                                           location=SourceLocation(file, 1, 1))])
    _check_count(resume, file)
    from cvtool.jsonresume.positions import Positions

    positions = Positions(text)
    refused = not_json_resume(resume)
    if refused:
        raise DiagnosticsError([Diagnostic("CV104", refused[0], location=SourceLocation(
            file, *positions(refused[1])))])
    data, notes = import_jsonresume(resume)
    header = [f"Imported from {file} (JSON Resume) by `cvtool import jsonresume`.",
              "Fields cvtool has no place for are kept under `extensions: {jsonresume: ...}`;",
              "`cvtool build -f jsonresume` writes them back."]
    messages = []
    for note in notes:
        path = getattr(note, "path", ())
        where = SourceLocation(file, *positions(path))
        code = getattr(note, "code", None)
        messages.append(Diagnostic(code, str(note), Severity.WARNING, where).format()
                        if code else f"{where}: note: {note}")
    return dump_yaml(data, header), messages


# JSON gets the limits a YAML source has (cvtool.loader): the size, before anything is
# parsed; the nesting, by counting brackets outside strings (json.loads recurses, and
# 100,000 `[` overflow the stack); the number of values, by an iterative walk.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?')
_BRACKETS = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


class _LongNumber(Exception):
    def __init__(self, digits: str) -> None:
        self.digits = digits


def _json_int(digits: str) -> int:
    """Python refuses to convert more than 4,300 digits (a ValueError with no position)."""
    from cvtool.sourcefile import MAX_INT_DIGITS

    if len(digits) > MAX_INT_DIGITS:
        raise _LongNumber(digits)
    return int(digits)


def _check_limits(text: str, file: str) -> None:
    from cvtool.errors import Diagnostic, DiagnosticsError, SourceLocation
    from cvtool.sourcefile import MAX_DEPTH, MAX_SOURCE_BYTES, location_at

    start = SourceLocation(file, 1, 1)
    if len(text) > MAX_SOURCE_BYTES:
        raise DiagnosticsError([Diagnostic(
            "CV003", f"the file is {len(text) / 2**20:.0f} MiB; a CV source may be at most "
            f"{MAX_SOURCE_BYTES // 2**20} MiB", location=start)])
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    structure = _JSON_STRING.sub("", text)
    depth = 0
    for match in re.finditer(r"[\[\]{}]", structure):
        depth += _BRACKETS[ord(match[0])]
        if depth > MAX_DEPTH:
            raise DiagnosticsError([Diagnostic(
                "CV004", f"nesting deeper than {MAX_DEPTH} levels; a CV never needs this",
                location=location_at(text, _offset_in(text, structure, match.start()), file))])


def _offset_in(text: str, structure: str, position: int) -> int:
    """Where the character at ``position`` of ``structure`` (the text without its
    strings) sits in ``text``."""
    removed = 0
    for match in _JSON_STRING.finditer(text):
        if match.start() - removed > position:
            break
        removed += match.end() - match.start()
    return position + removed


def _check_count(resume: Any, file: str) -> None:
    from cvtool.errors import Diagnostic, DiagnosticsError, SourceLocation
    from cvtool.sourcefile import MAX_NODES

    count, stack = 0, [resume]
    while stack:
        item = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise DiagnosticsError([Diagnostic(
                "CV004", f"the document holds more than {MAX_NODES:,} values; a CV never "
                "needs this", location=SourceLocation(file, 1, 1))])
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)

"""One source, many languages: the CV as read, seen in one of its languages.

A CV lists its languages (``languages: [en, de]``, the first the default; or the single
``lang: de``), and any text in it may be a mapping from language tag to text::

    degree: {en: Ph.D. in Computer Science, de: Promotion in Informatik}

:func:`project` turns the data as read into the data of one language before validation: each
such mapping becomes the text of that language, or of the default language where it has none
(lint's CV425 says so). Validating each language's data on its own is what lets an error in
a translation (a German date that is not a date) be located at the German text; the models,
the document layer and the renderers only ever see plain text, and ``Cv.lang`` is the
language being built. The source map of each language points each projected value at the
text it came from, so every message names the translation it is about.

A mapping is a translation when every key looks like a language tag and one of them is a
language of the CV; one with a tag the CV does not list (``dee:``) is reported (CV116) rather
than read as something else. ``extensions``, ``design`` and ``lint`` are never translated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cvtool.errors import Diagnostic, Severity, format_path
from cvtool.sourcemap import Path_, SourceMap

CODE = "CV116"
TAG = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z]{4})?(?:-(?:[a-zA-Z]{2}|[0-9]{3}))?$")
_OPAQUE = frozenset({"extensions", "design", "lint"})  # top-level keys never translated
_UNTITLED = object()  # a section title with no text in this language or the default


def languages_of(data: Any) -> list[str]:
    """The CV's languages as written, the default first (``lang`` alone: that one)."""
    if isinstance(data, dict):
        listed = data.get("languages")
        if isinstance(listed, list) and listed and all(isinstance(t, str) for t in listed):
            return list(dict.fromkeys(listed))
        if isinstance(data.get("lang"), str):
            return [data["lang"]]
    return ["en"]


def is_translation(value: Any, languages: list[str]) -> bool:
    """Whether a mapping is one text in several languages (see the module docstring)."""
    return (isinstance(value, dict) and bool(value)
            and all(isinstance(key, str) and TAG.match(key) for key in value)
            and any(key in languages for key in value))


def translations_in(data: Any, languages: list[str], path: Path_ = ()
                    ) -> Iterator[tuple[Path_, dict[str, Any]]]:
    """Every text written in several languages, with its path as written (what
    :func:`project` chooses among; lint's CV425 looks for the missing ones)."""
    if is_translation(data, languages):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if path or key not in _OPAQUE:
                yield from translations_in(value, languages, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from translations_in(value, languages, (*path, index))


@dataclass
class Projection:
    """The data of one language, its source map, and what projecting it found."""

    data: Any
    source: SourceMap
    problems: list[Diagnostic] = field(default_factory=list)
    fallbacks: list[tuple[Path_, str]] = field(default_factory=list)  # (path, language used)


def project(data: Any, source: SourceMap, lang: str) -> Projection:
    """The CV's data in ``lang`` (one of its languages), with a source map whose positions
    point each chosen text at where it was written."""
    languages = languages_of(data)
    positions = dict(source.positions)
    out = Projection(None, source)

    def walk(value: Any, path: Path_) -> Any:
        if isinstance(value, dict):
            if is_translation(value, languages):
                return choose(value, path)
            walked = {key: (item if path == () and key in _OPAQUE else walk(item, (*path, key)))
                      for key, item in value.items()}
            return {key: item for key, item in walked.items() if item is not _UNTITLED}
        if isinstance(value, list):
            return [walk(item, (*path, index)) for index, item in enumerate(value)]
        return value

    def choose(value: dict[str, Any], path: Path_) -> Any:
        for tag in value:
            if tag not in languages:
                out.problems.append(Diagnostic(
                    CODE, f"`{tag}` is not one of the CV's languages ({', '.join(languages)})",
                    Severity.ERROR, source.key_at((*path, tag)), format_path((*path, tag)),
                    hint="add it to `languages:`, or correct the tag"))
        if lang not in value and languages[0] not in value and len(path) == 3 \
                and path[0] == "sections" and path[2] == "title":
            return _UNTITLED  # the section's key is its title in the default language
        picked = next(tag for tag in (lang, languages[0], *value) if tag in value)
        if picked != lang:
            out.fallbacks.append((path, picked))
        chosen = (*path, picked)
        for known, where in source.positions.items():  # the text and everything inside it
            if known[:len(chosen)] == chosen:
                positions[(*path, *known[len(chosen):])] = where
        return walk(value[picked], path)

    projected = walk(data, ())
    if isinstance(projected, dict):
        if isinstance(data, dict) and "languages" in data and "lang" in data:
            out.problems.append(Diagnostic(
                CODE, "`lang` and `languages` both given", Severity.ERROR,
                source.key_at(("lang",)), "lang",
                hint="list the languages, the default first: `languages: [en, de]`"))
        projected["lang"] = lang
    out.data = projected
    out.source = SourceMap(source.file, positions, projected, source.text)
    return out

"""Checking ``[@key]`` cross-references when a CV is loaded (CV114).

Every ``[@key]`` in a text field must name a publication of the CV: one written with
``key:``, or an entry read from a ``.bib`` file (its citation key). An unknown key is an
error located at the ``[@`` in the source (``cv.yaml:12:31``), and so is a key two
publications share, at the second one's ``key:``. ``cvtool validate``, ``lint`` and
``build`` all load the CV, so all of them report it. How a reference then reads in each
document is :mod:`cvtool.document.crossrefs`'s business.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from cvtool.errors import Diagnostic, Severity
from cvtool.markup import cite_keys
from cvtool.schema import Cv
from cvtool.schema import entries as e
from cvtool.schema.cv import PublicationSection
from cvtool.sourcemap import Path_, SourceMap

CODE = "CV114"
_SKIP = frozenset({"design", "extensions", "links", "metrics", "contact"})


def _texts(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    """Every text of the CV that may hold inline markup, with its model path (a
    publication's own fields are plain text, never markup, so they are not searched)."""
    if isinstance(value, str):
        if "[@" in value:
            yield path, value
    elif isinstance(value, e.Publication):
        return
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in _SKIP:
                yield from _texts(getattr(value, name), (*path, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield from _texts(item, (*path, key))


def known_keys(cv: Cv) -> dict[str, Path_]:
    """Each publication key and the model path of its first publication."""
    return {key: path for key, path, _ in _keys(cv) if key}


def _keys(cv: Cv) -> Iterator[tuple[str, Path_, int]]:
    seen: dict[str, int] = {}
    for name, section in cv.sections.items():
        if isinstance(section, PublicationSection):
            for index, pub in enumerate(section.entries):
                if pub.key:
                    seen[pub.key] = seen.get(pub.key, 0) + 1
                    yield pub.key, ("sections", name, "entries", index), seen[pub.key]


def citation_key_problems(cv: Cv, source: SourceMap) -> list[Diagnostic]:
    """CV114: duplicate publication keys, and ``[@key]`` naming no publication."""
    problems: list[Diagnostic] = []
    first: dict[str, Path_] = {}
    for key, path, count in _keys(cv):
        if count == 1:
            first[key] = path
            continue
        where, written = source.locate((*path, "key"))
        earlier = source.locate((*first[key], "key"))[0]
        problems.append(Diagnostic(
            CODE, f"two publications have the key `{key}` (the first at line {earlier.line})",
            Severity.ERROR, where, written, "give each paper its own key"))
    for path, text in _texts(cv, ()):
        for offset, keys in cite_keys(text):
            unknown = [k for k in keys if k not in first]
            if not unknown:
                continue
            snippet = text[offset:offset + 2 + len(keys[0])]  # `[@key`: on one line
            where, shown = source.locate_in_text(path, snippet, text.count(snippet, 0, offset))
            for key in unknown:
                problems.append(Diagnostic(CODE, f"`[@{key}]`: no publication has the key "
                                           f"`{key}`", Severity.ERROR, where, shown,
                                           _hint(key, first)))
    return problems


def _hint(key: str, known: dict[str, Path_]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    if not known:
        return f"write `key: {key}` on the paper it means"
    return (f"write `key: {key}` on the paper it means; known keys: "
            + ", ".join(list(known)[:8]) + (", ..." if len(known) > 8 else ""))

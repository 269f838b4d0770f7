"""Private fields: what a public build leaves out.

A CV marks them in two ways: the top-level ``private:`` list of paths, written as
diagnostics print them (``contact.phone``, ``sections.Experience[0].highlights[2]``,
``sections["Research Projects"][1]``), and ``private: true`` on a section, an entry, a
bullet, a publication or a list item. This module reads the paths, checks that each names
something the CV holds (CV117, with "did you mean"), and lists every private thing with
the path of its source, for :mod:`cvtool.variants` (which leaves them out) and for
``cvtool lint --render --public`` (which searches the outputs for them).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from cvtool.errors import format_path
from cvtool.schema.cv import Cv, SectionBase

Path_ = tuple[str | int, ...]
CODE = "CV117"

_PART = re.compile(r"""\.?([A-Za-z_][A-Za-z0-9_-]*)"""
                   r"""|\[\s*(?:(-?\d+)|"([^"]*)"|'([^']*)'|([^\]]*))\s*\]""")


class PathError(ValueError):
    """A ``private:`` path that is malformed or names nothing in the CV."""


def parse_path(text: str) -> Path_:
    """``sections["Research Projects"][1].highlights[0]`` -> its parts; ``entries`` after a
    section's key is dropped (``sections.X[0]`` and ``sections.X.entries[0]`` are one)."""
    parts: list[str | int] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _PART.match(text, position)
        if match is None or match.end() == position or (match[1] and position and not
                                                         text[position] == "."):
            raise PathError(f"`{text}` is not a path such as `contact.phone` or "
                            "`sections.Experience[0].highlights[2]`")
        name, index, double, single, bare = match.groups()
        if index is not None:
            parts.append(int(index))
        else:
            parts.append(next(p for p in (name, double, single, bare) if p is not None).strip())
        position = match.end()
    if not parts:
        raise PathError("an empty path")
    if len(parts) > 3 and parts[0] == "sections" and parts[2] == "entries":
        del parts[2]
    return tuple(parts)


def _is_set(value: Any) -> bool:
    return value is not None and value != [] and value != {} and value is not False


def _hint(name: str | int, choices: list[str]) -> str:
    close = difflib.get_close_matches(str(name), choices, n=1, cutoff=0.5)
    return f"; did you mean `{close[0]}`?" if close else ""


def resolve(cv: Cv, path: Path_) -> Any:
    """The value ``path`` names in ``cv``; :class:`PathError` when it names nothing (or a
    field that is not set, which a public build has nothing to leave out of)."""
    value: Any = cv
    for depth, part in enumerate(path):
        here = format_path(path[:depth]) or "the CV"
        if isinstance(value, SectionBase) and isinstance(part, int):
            value = value.entries  # type: ignore[attr-defined]
        if isinstance(value, BaseModel):
            fields = list(type(value).model_fields)
            if isinstance(part, int) or part not in type(value).model_fields:
                raise PathError(f"{here} has no `{part}`{_hint(part, fields)}")
            value = getattr(value, part)
            if not _is_set(value):
                raise PathError(f"`{format_path(path[:depth + 1])}` is not set in this CV")
        elif isinstance(value, dict):
            if part not in value:
                raise PathError(f"{here} has no `{part}`{_hint(part, [str(k) for k in value])}")
            value = value[part]
        elif isinstance(value, list):
            if not isinstance(part, int) or not -len(value) <= part < len(value):
                raise PathError(f"{here} has {len(value)} item{'s' * (len(value) != 1)}; "
                                f"`{part}` is not one of them")
            value = value[part]
        else:
            raise PathError(f"{here} is a single value; `{part}` cannot be inside it")
    return value


def private_paths(cv: Cv) -> Iterator[tuple[Path_, Path_]]:
    """Every private thing of ``cv``: (where it is marked, the path of what it hides).
    Paths that name nothing are skipped here (validation reports them)."""
    for index, text in enumerate(cv.private):
        try:
            path = parse_path(text)
            resolve(cv, path)
        except PathError:
            continue
        yield ("private", index), _absolute(cv, path)
    for key, section in cv.sections.items():
        if section.private:
            yield ("sections", key, "private"), ("sections", key)
        for i, entry in enumerate(section.entries):  # type: ignore[attr-defined]
            if getattr(entry, "private", False):
                yield ("sections", key, i, "private"), ("sections", key, i)
            for j, bullet in enumerate(getattr(entry, "highlights", None) or ()):
                if bullet.private:
                    yield (("sections", key, i, "highlights", j, "private"),
                           ("sections", key, i, "highlights", j))


def _absolute(cv: Cv, path: Path_) -> Path_:
    """Negative list indices made positive, so that one item has one path."""
    out: list[str | int] = []
    value: Any = cv
    for part in path:
        if isinstance(value, SectionBase) and isinstance(part, int):
            value = value.entries  # type: ignore[attr-defined]
        if isinstance(part, int) and isinstance(value, list) and part < 0:
            part += len(value)
        out.append(part)
        value = (getattr(value, part) if isinstance(value, BaseModel)
                 else value[part])
    return tuple(out)


def path_problems(cv: Cv) -> Iterator[tuple[Path_, str, str]]:
    """CV117 for each ``private:`` path that is malformed or names nothing."""
    for index, text in enumerate(cv.private):
        try:
            resolve(cv, parse_path(text))
        except PathError as exc:
            yield ("private", index), CODE, f"private path `{text}`: {exc}"

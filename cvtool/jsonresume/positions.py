"""Where each value of a JSON text starts, by its path: ``("work", 0, "endDate")`` -> line
and column (1-based, in characters, as editors and :mod:`json` count them).

The standard :mod:`json` module gives positions only for syntax errors; a warning about a
value ("an impossible date") needs one too. This is a small scanner over text that
:func:`json.loads` has already accepted, so it only tracks structure: strings are skipped
whole, numbers and literals to the next delimiter. It does not recurse (nesting is bounded
before it runs), and, like :func:`json.loads`, the last of duplicate keys wins.
"""

from __future__ import annotations

import bisect
import re

Path = tuple[str | int, ...]

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_SCALAR = re.compile(r"[^\s,\]}:]+")
_SPACE = re.compile(r"\s*")


class Positions:
    """A JSON text's value positions, looked up by path."""

    def __init__(self, text: str) -> None:
        self._offsets = _scan(text)
        self._lines = [0] + [m.end() for m in re.finditer("\n", text)]

    def __call__(self, path: Path) -> tuple[int, int]:
        """The line and column of the value at ``path``, or of its nearest enclosing value
        the text has (``(1, 1)`` at worst)."""
        path = tuple(path)
        while path not in self._offsets and path:
            path = path[:-1]
        offset = self._offsets.get(path, 0)
        line = bisect.bisect_right(self._lines, offset)
        return line, offset - self._lines[line - 1] + 1


def _scan(text: str) -> dict[Path, int]:
    import json

    offsets: dict[Path, int] = {}
    # a stack of open containers: [path, key or index, expecting a key?]
    stack: list[list] = []
    position = _SPACE.match(text, 0).end()  # type: ignore[union-attr]

    def here() -> Path:
        if not stack:
            return ()
        path, at, _ = stack[-1]
        return (*path, at)

    while position < len(text):
        char = text[position]
        if char in "{[":
            path = here()
            offsets[path] = position
            stack.append([path, 0 if char == "[" else None, char == "{"])
            position += 1
        elif char in "}]":
            stack.pop()
            position += 1
        elif char == ",":
            top = stack[-1]
            if top[2] is False and isinstance(top[1], int):
                top[1] += 1
            else:
                top[2] = True
            position += 1
        elif char == ":":
            stack[-1][2] = False
            position += 1
        elif char == '"':
            match = _STRING.match(text, position)
            end = match.end() if match else len(text)
            if stack and stack[-1][2]:
                stack[-1][1] = json.loads(text[position:end])
            else:
                offsets[here()] = position
            position = end
        else:
            match = _SCALAR.match(text, position)
            offsets[here()] = position
            position = match.end() if match and match.end() > position else position + 1
        position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
    return offsets

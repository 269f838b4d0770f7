"""Editing a CV's YAML text in place, by the positions the loader's source map recorded:
a number replaced where it stands, a key added to a mapping at its own indentation (or
inside its braces). Everything else in the file (comments, quoting, order, blank lines)
stays as written, so the result can be shown as a patch."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cvtool.errors import SourceLocation
from cvtool.sourcemap import Path_, SourceMap

_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'')
_PLAIN = re.compile(r"[^\s,}\]#]+(?:[ \t]+[^\s,}\]#]+)*")
_PLAIN_KEY = re.compile(r"^[A-Za-z_][\w.-]*$")


def yaml_key(key: str) -> str:
    """A mapping key as YAML text: plain when it is safe, else double-quoted."""
    if _PLAIN_KEY.match(key) and key.lower() not in ("true", "false", "null", "yes", "no",
                                                     "on", "off", "y", "n"):
        return key
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow(value: dict[str, Any] | int | float | str) -> str:
    """A small value as one line of YAML flow text: ``{citations: 42}``."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_key(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str):
        return yaml_key(value) if _PLAIN_KEY.match(value) else '"' + value.replace(
            "\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


@dataclass
class TextEdits:
    """Edits to one source text, by the positions of its source map; applied together."""

    text: str
    source: SourceMap
    edits: list[tuple[int, int, int, str]] = field(default_factory=list)  # start, end, seq

    def __post_init__(self) -> None:
        self.newline = "\r\n" if "\r\n" in self.text else "\n"
        self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        # Once for all edits: each path's first child key, and the last line it reaches.
        self._first_key: dict[Path_, SourceLocation] = {}
        self._last: dict[Path_, int] = {}
        for path, (key, value) in self.source.positions.items():
            if key.file != self.source.file:
                continue
            parent = path[:-1]
            if parent not in self._first_key or key < self._first_key[parent]:
                self._first_key[parent] = key
            line = max(key.line, value.line)
            for depth in range(len(path) + 1):
                prefix = path[:depth]
                if self._last.get(prefix, 0) < line:
                    self._last[prefix] = line

    def offset(self, at: SourceLocation) -> int:
        return self.starts[at.line - 1] + at.column - 1

    def _edit(self, start: int, end: int, new: str) -> None:
        if any(e[0] == start and e[1] == end and e[3] == new for e in self.edits):
            return  # the same place reached twice (an entry repeated with a YAML alias)
        self.edits.append((start, end, len(self.edits), new))

    def written_here(self, path: Path_) -> bool:
        """Whether the item at a source path was written in this file (not a .bib)."""
        return path in self.source.positions and \
            self.source.positions[path][1].file == self.source.file

    def set_scalar(self, path: Path_, value: Any) -> None:
        """Replace the scalar written at ``path`` (its comment, if any, stays)."""
        start = self.offset(self.source.value_at(path))
        match = _QUOTED.match(self.text, start) or _PLAIN.match(self.text, start)
        end = match.end() if match else start
        self._edit(start, end, flow(value))

    def add_keys(self, path: Path_, items: dict[str, Any]) -> None:
        """Add ``key: value`` pairs to the mapping written at ``path``: inside its braces, or
        as lines after its last line, at the indentation of its keys."""
        start = self.offset(self.source.value_at(path))
        pairs = [f"{yaml_key(k)}: {flow(v)}" for k, v in items.items()]
        if self.text.startswith("{", start):
            close = _closing_brace(self.text, start)
            if close is not None:  # last, where a person adds a key: `{..., metrics: {...}}`
                end = close
                while self.text[end - 1:end] in (" ", "\t"):
                    end -= 1
                empty = self.text[end - 1:end] == "{"
                self._edit(end, end, ("" if empty else ", ") + ", ".join(pairs))
                return
            after = start + 1
            while self.text[after:after + 1] in (" ", "\t"):
                after += 1
            empty = self.text.startswith("}", after)
            self._edit(after, after, ", ".join(pairs) + ("" if empty else ", "))
            return
        indent, at, lead = self._after_block(path)
        self._edit(at, at, lead + "".join(f"{indent}{pair}{self.newline}" for pair in pairs))

    def add_block(self, path: Path_, key: str, items: dict[str, Any]) -> None:
        """Add ``key:`` with a block mapping of ``items`` to the mapping at ``path``."""
        start = self.offset(self.source.value_at(path))
        if self.text.startswith("{", start):
            self.add_keys(path, {key: items})
            return
        indent, at, lead = self._after_block(path)
        body = "".join(f"{indent}  {yaml_key(k)}: {flow(v)}{self.newline}"
                       for k, v in items.items())
        self._edit(at, at, f"{lead}{indent}{yaml_key(key)}:{self.newline}{body}")

    def _after_block(self, path: Path_) -> tuple[str, int, str]:
        """Where lines join the block mapping at ``path``: the indentation of its keys, the
        offset after its last line, and the line break to write first (a file that does not
        end with one)."""
        first = self._first_key.get(path)
        indent = " " * ((first.column - 1) if first else 2)
        line = self._last_line(path, len(indent))
        at = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        lead = "" if self.text[:at].endswith("\n") or not self.text[:at] else self.newline
        return indent, at, lead

    def _last_line(self, path: Path_, indent: int) -> int:
        """The last line (0-based) of the block mapping at ``path``: the last line holding
        one of its items, then the lines indented deeper than its keys (a block scalar, a
        flow list over several lines); blank lines and comments after it are not its."""
        last = self._last[path] - 1
        line = last + 1
        while line < len(self.starts):
            start = self.starts[line]
            end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
            content = self.text[start:end]
            stripped = content.strip()
            if stripped and not stripped.startswith("#"):
                if len(content) - len(content.lstrip(" ")) <= indent or \
                        stripped in ("---", "..."):
                    break
                last = line
            line += 1
        return last

    def result(self) -> str:
        text = self.text
        for start, end, _, new in sorted(self.edits, reverse=True):
            text = text[:start] + new + text[end:]
        return text


def _closing_brace(text: str, start: int) -> int | None:
    """Where the flow mapping opened at ``start`` closes (quotes and nested brackets
    skipped), or None when it cannot be told (a comment inside, the text ends)."""
    depth, quote, at = 0, "", start
    while at < len(text):
        char = text[at]
        if quote:
            if char == quote and not (quote == '"' and text[at - 1] == "\\"):
                if quote == "'" and text[at + 1:at + 2] == "'":
                    at += 1  # '' inside single quotes
                else:
                    quote = ""
        elif char in "'\"" and text[at - 1] in " ,[{:":
            quote = char
        elif char == "#" and text[at - 1] in " \t":
            return None
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return at if char == "}" else None
        at += 1
    return None

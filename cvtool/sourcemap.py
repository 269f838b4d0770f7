"""Where an item sits in the source: the one place that answers it, for validation, lint,
page fitting, builds and the ``.bib`` files a section reads.

Positions are recorded while the YAML is read (every key and item: where its key and its
value start); the ``.bib`` files a section names register their entries' positions in the
same map. Two kinds of path are answered:

- a *source path*, as written (``sections.Experience.entries[0]``): looked up directly;
- a *model path*, the validated model's view of the same item, which differs where the
  author used a short form (``Education: [...]`` has no ``entries`` key; ``- Method: text``
  is a bullet with a label; ``position: X`` is one of ``positions``; page fitting's origins
  leave ``entries`` out). :meth:`SourceMap.written` follows it through the data as read to
  the spot the author wrote, and :meth:`SourceMap.locate` gives that spot's position and the
  path as written, so every message names the same place for the same item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cvtool.errors import SourceLocation, format_path

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class SourceMap:
    """path -> (key position, value position), and the data as read (with .bib entries)."""

    file: str
    positions: dict[Path_, tuple[SourceLocation, SourceLocation]] = field(default_factory=dict)
    data: Any = None
    text: str = field(default="", repr=False, compare=False)  # the source as read


    @property
    def start(self) -> SourceLocation:
        return SourceLocation(self.file, 1, 1)

    def value_at(self, path: Path_) -> SourceLocation:
        """Where the value at a source path starts (the file's start when unknown)."""
        return self.positions[path][1] if path in self.positions else self.start

    def key_at(self, path: Path_) -> SourceLocation:
        """Where the key (or list item) at a source path starts."""
        return self.positions[path][0] if path in self.positions else self.start

    def register(self, path: Path_, key: SourceLocation, value: SourceLocation) -> None:
        """Record where an item added after reading (a .bib entry, a field of it) was written."""
        self.positions[path] = (key, value)

    def nearest(self, loc: tuple[str | int, ...]) -> tuple[Path_, list[str | int]]:
        """Follow a validation error's path through the source, skipping parts the source
        does not have (union tags, implied ``entries``); return the deepest path found and
        the parts that were left over."""
        found: Path_ = ()
        left: list[str | int] = []
        for component in loc:
            candidate = (*found, component)
            if candidate in self.positions:
                found = candidate
                left = []
            else:
                left.append(component)
        return found, left

    def written(self, path: Path_) -> Path_:
        """The source path the author wrote for a model path (see the module docstring)."""
        node: Any = self.data
        out: list[str | int] = []
        single = False  # the source wrote one value where the model has a list of one
        for part in path:
            if single and isinstance(part, int):
                single = False
            elif (isinstance(node, dict) and part in node) or (
                    isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
                out.append(part)
                node = node[part]
            elif part == "entries" and isinstance(node, list):
                continue  # ``Title: [entries]`` short form
            elif isinstance(part, int) and isinstance(node, dict) and isinstance(
                    node.get("entries"), list) and 0 <= part < len(node["entries"]):
                out += ["entries", part]  # a path that leaves ``entries`` out (origins)
                node = node["entries"][part]
            elif part == "positions" and isinstance(node, dict) and "position" in node:
                out.append("position")
                node, single = node["position"], True
            elif isinstance(node, dict) and len(node) == 1 and part in ("text", "items"):
                ((label, node),) = node.items()  # ``- Label: text`` short form
                out.append(label)
                single = isinstance(node, str)
            elif isinstance(node, str) and part in ("text", "items", "title"):
                single = True  # a bare string stands for the whole item
            else:
                break
        return tuple(out)

    def locate_in_text(self, path: Path_, snippet: str, before: int = 0,
                       ) -> tuple[SourceLocation, str]:
        """Where ``snippet`` was written inside the text at a model path, after ``before``
        earlier occurrences of it in that text (best effort: the first place at or after the
        value's start where it occurs; the value's start when it is not found, say in a
        quoted scalar that escapes it, or in a .bib file)."""
        where, written = self.locate(path)
        if not self.text or where.file != self.file:
            return where, written
        lines = self.text.split("\n", where.line - 1)
        offset = sum(len(line) + 1 for line in lines[:where.line - 1]) + where.column - 1
        for _ in range(before + 1):
            found = self.text.find(snippet, offset)
            if found < 0:
                return where, written
            offset = found + 1
        from cvtool.sourcefile import location_at

        return location_at(self.text, offset - 1, self.file), written

    def locate(self, path: Path_, *, key: bool = False) -> tuple[SourceLocation, str]:
        """Where the item at a model (or source) path was written, and that path as written:
        the item's key (``key=True``; for a list item, its dash) or its value."""
        at = self.written(path)
        while at and at not in self.positions:
            at = at[:-1]
        return (self.key_at(at) if key else self.value_at(at)), format_path(at)

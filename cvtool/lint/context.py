"""What every rule sees: the loaded CV, today's date, and a way to point into the source.

Rules walk the validated model (``cv``) and name items by their model paths; the source
map (:mod:`cvtool.sourcemap`, the one resolver) turns each into the spot the author wrote, so
a diagnostic points at the same line and column as validation and page fitting do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cvtool.errors import Diagnostic, Severity, SourceLocation
from cvtool.loader import LoadedCv
from cvtool.schema import Bullet, Cv
from cvtool.schema import entries as e
from cvtool.schema.cv import PublicationSection, TextSection

Path_ = tuple[str | int, ...]
# Kinds whose entries have a time, and so an order (newest first) and dates to check.
DATED_KINDS = frozenset({"education", "experience", "project", "generic", "award",
                         "certification", "talk", "teaching", "grant", "supervision",
                         "patent", "membership", "volunteering"})


@dataclass(frozen=True)
class Context:
    loaded: LoadedCv
    today: date
    severities: Mapping[str, Severity] = field(default_factory=dict)  # each rule's default

    @property
    def cv(self) -> Cv:
        return self.loaded.cv

    def locate(self, path: Path_, *, key: bool = False) -> tuple[SourceLocation, str]:
        """Where the item at a model path was written (see :mod:`cvtool.sourcemap`)."""
        return self.loaded.source.locate(path, key=key)

    def diagnostic(self, code: str, message: str, path: Path_, hint: str | None = None,
                   *, key: bool = False, within: tuple[str, int, int] | None = None,
                   ) -> Diagnostic:
        """A diagnostic of rule ``code`` at ``path``, with the rule's default severity;
        ``within``: (text, start, end) points at that part of the value instead of its start
        (where the source writes it as is)."""
        if within is not None:
            text, start, end = within
            snippet = text[start:max(end, start + 1)].split("\n", 1)[0]
            location, shown = self.loaded.source.locate_in_text(
                path, snippet, text.count(snippet, 0, start))
        else:
            location, shown = self.locate(path, key=key)
        return Diagnostic(code, message, self.severities.get(code, Severity.WARNING), location,
                          shown, hint)

    # --- walking the CV ---------------------------------------------------------------

    def entries(self, kinds: frozenset[str] | None = None) -> Iterator[tuple[str, Any, Path_]]:
        """(section key, entry, model path) for the entries of sections of ``kinds``."""
        for key, section in self.cv.sections.items():
            if kinds is None or section.kind in kinds:
                for index, entry in enumerate(section.entries):
                    yield key, entry, ("sections", key, "entries", index)

    def bullets(self) -> Iterator[tuple[Bullet, Path_]]:
        """Every bullet: entries' highlights and the items of text sections."""
        for key, section in self.cv.sections.items():
            for index, entry in enumerate(section.entries):
                at: Path_ = ("sections", key, "entries", index)
                if isinstance(section, TextSection):
                    yield entry, at
                elif isinstance(entry, e.Entry):
                    for j, bullet in enumerate(entry.highlights):
                        yield bullet, (*at, "highlights", j)

    def publications(self) -> Iterator[tuple[str, PublicationSection, int, e.Publication]]:
        for key, section in self.cv.sections.items():
            if isinstance(section, PublicationSection):
                for index, pub in enumerate(section.entries):
                    yield key, section, index, pub


_MARK_CHARS = re.compile(r"[*_`\[<]")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|<((?:https?|mailto):[^\s<>]*)>")
_MARKS = re.compile(r"\*\*|__|`+|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])")


def visible(text: str) -> str:
    """Roughly the text a reader sees, markup marks and link targets taken out, spacing
    collapsed. Good enough for comparing and measuring bullets, and it spares lint the
    import of markdown-it (the renderers use :func:`cvtool.markup.to_text`)."""
    if _MARK_CHARS.search(text):
        text = _MARKS.sub("", _LINK.sub(lambda m: m[1] if m[1] is not None else m[2], text))
    return " ".join(text.split())


def field(model: Any, name: str, default: Any = None) -> Any:
    """``getattr(model, name, default)`` for a Pydantic model, without the cost of the
    exception Pydantic raises inside ``getattr`` for a field the model does not have (which
    dominates rules that visit every item of a large CV)."""
    return model.__dict__.get(name, default)


def entry_name(entry: Any) -> str:
    """How an entry is called in a message: its organization, institution or title."""
    for field in ("organization", "institution", "title", "course", "name", "language",
                  "label"):
        value = entry.__dict__.get(field)
        if value:
            text = " ".join(str(value).split())
            return text if len(text) <= 50 else text[:49] + "…"
    return "this entry"

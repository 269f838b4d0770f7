"""The CV's side: every text a variant shows, field by field, with where it was written.

The validated CV is walked in the variant's selection (:func:`cvtool.variants.select`, in
the CV's own coordinates, so every path is a path of the source and the source map locates
it). Each text is an :class:`Item`: ``"text"`` for what an entry says (titles, roles,
projects, bullets, descriptions, publication titles, the headline and summary), ``"list"``
for skills, service, languages and interests: a term found only in lists is *weak*. Page
fitting is not run (it needs the PDF layout): a variant's ``max_pages`` may drop more.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from cvtool.errors import SourceLocation
from cvtool.match.text import Token, find, tokens
from cvtool.schema import Cv
from cvtool.schema.cv import ListSection
from cvtool.sourcemap import SourceMap
from cvtool.variants import Selection

Path_ = tuple[str | int, ...]

# Fields that are not prose: names, dates, places, identifiers, links, settings.
_SKIP = frozenset({
    "tags", "priority", "keep", "links", "extensions", "dates", "date", "expires", "location",
    "authors", "equal_contribution", "corresponding", "equal_advising", "volume", "number",
    "pages", "doi", "arxiv", "metrics", "key", "url", "kind", "year", "mentors", "advisor",
    "contact", "inventors", "id", "code_available", "selected", "enrollment", "highlights",
    "private",
})
_LIST_KINDS = frozenset({"skills", "service", "language", "interest"})


@dataclass(frozen=True)
class Item:
    path: Path_  # the model path in the whole CV (not the variant's renumbering)
    text: str
    kind: str  # "text" or "list"
    words: list[Token] = field(default_factory=list, compare=False, repr=False)


@dataclass(frozen=True)
class Place:
    """One occurrence of a term in the CV."""

    location: SourceLocation
    path: str  # as written, as diagnostics print it
    kind: str  # "text" or "list"


def _item(path: Path_, text: str, kind: str) -> Item:
    return Item(path, text, kind, tokens(text))


def _walk(value: Any, path: Path_, kind: str) -> Iterator[Item]:
    if isinstance(value, str):
        if value.strip() and "://" not in value:
            yield _item(path, value, kind)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in _SKIP:
                yield from _walk(getattr(value, name), (*path, name), kind)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index), kind)


def _bullet(entry: Any, path: Path_, index: int) -> Iterator[Item]:
    bullet = entry.highlights[index]
    yield from _walk(bullet, (*path, "highlights", index), "text")


def items(cv: Cv, selection: Selection, variant: str | None = None) -> list[Item]:
    """The texts the selection shows, in the order the CV shows them."""
    out: list[Item] = []
    chosen = cv.variants[variant] if variant else None
    for name in ("headline", "summary"):
        override = getattr(chosen, name, None) if chosen else None
        if override:
            out += _walk(override, ("variants", str(variant), name), "text")
        else:
            out += _walk(getattr(cv, name, None), (name,), "text")
    for key, choices in selection.sections.items():
        section = cv.sections[key]
        kind = "list" if isinstance(section, ListSection) or section.kind in _LIST_KINDS \
            else "text"
        for choice in choices:
            entry = section.entries[choice.index]
            path = ("sections", key, choice.index)
            out += _walk(entry, path, kind)
            bullets = choice.bullets if choice.bullets is not None else range(
                len(getattr(entry, "highlights", None) or ()))
            for index in bullets:
                out += _bullet(entry, path, index)
    return out


@dataclass(frozen=True)
class LeftOut:
    """A bullet the variant leaves out (by its tags, or over ``max_bullets``) of an entry it
    shows."""

    item: Item
    tags: tuple[str, ...]
    why: str  # "tags" or "max_bullets"


def left_out(cv: Cv, selection: Selection) -> list[LeftOut]:
    out: list[LeftOut] = []
    for key, choices in selection.sections.items():
        for choice in choices:
            entry = cv.sections[key].entries[choice.index]
            if choice.bullets is None:
                continue
            for index, bullet in enumerate(getattr(entry, "highlights", None) or ()):
                if index in choice.bullets:
                    continue
                path = ("sections", key, choice.index, "highlights", index, "text")
                out.append(LeftOut(_item(path, bullet.text, "text"), tuple(bullet.tags),
                                   "tags" if bullet.tags else "max_bullets"))
    return out


def places(key: tuple[str, ...], found_in: list[Item], source: SourceMap) -> list[Place]:
    """Every occurrence of a term in the items, located in the source (file:line:col of its
    first word; a text the source writes differently, say with escapes, at its start)."""
    out: list[Place] = []
    for item in found_in:
        for start, _ in find(key, item.words):
            first = item.words[start]
            snippet = (item.text[first.start:first.end].split() or [""])[0]
            before = item.text[:first.start].count(snippet) if snippet else 0
            where, written = source.locate_in_text(item.path, snippet, before)
            out.append(Place(where, written, item.kind))
    return out


def uses(key: tuple[str, ...], of: list[Item]) -> bool:
    return any(find(key, item.words) for item in of)

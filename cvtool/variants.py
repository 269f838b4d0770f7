"""Selecting and ordering content for a variant: a pure function from a CV to a smaller CV.

Selection is expressed as a :class:`Selection` in the CV's own coordinates (which entries of
which sections, which bullets of each entry), so that page fitting can drop more items from
it later, and every kept item can be traced back to its place in the source file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from cvtool import markup
from cvtool.errors import CvtoolError
from cvtool.schema import Cv
from cvtool.schema import entries as e
from cvtool.schema.cv import PublicationSection, SectionBase, TextSection
from cvtool.schema.private import private_paths
from cvtool.schema.variants import Variant

Origin = tuple[str | int, ...]


@dataclass(frozen=True)
class EntryChoice:
    index: int
    bullets: tuple[int, ...] | None = None  # None: the entry has no bullets to choose from


@dataclass(frozen=True)
class Selection:
    """Kept items, in the CV's coordinates: section key -> chosen entries, in order."""

    sections: dict[str, tuple[EntryChoice, ...]] = field(default_factory=dict)

    def without(self, origin: Origin) -> Selection:
        """The same selection with one entry or one bullet left out."""
        _, key, index, *rest = origin
        choices = []
        for choice in self.sections[str(key)]:
            if choice.index != index:
                choices.append(choice)
            elif rest:  # drop one bullet
                bullets = tuple(b for b in choice.bullets or () if b != rest[-1])
                choices.append(EntryChoice(choice.index, bullets))
        sections = dict(self.sections)
        if choices:
            sections[str(key)] = tuple(choices)
        else:
            del sections[str(key)]
        return Selection(sections)


def _tags_allow(tags: list[str], variant: Variant) -> bool:
    if any(tag in variant.exclude_tags for tag in tags):
        return False
    return not tags or not variant.include_tags or any(t in variant.include_tags for t in tags)


def _ends_before(entry: e.Selectable, year: int) -> bool:
    if isinstance(entry, e.Publication):
        return entry.year_value is not None and entry.year_value < year
    dates = getattr(entry, "dates", None)
    if dates is None:
        return False
    end = dates.end or dates.start
    return end.year is not None and end.year < year


def _keeps(entry: object) -> bool:
    """Marked ``keep: true``, or holding a bullet that is (page fitting keeps both)."""
    return bool(getattr(entry, "keep", False)) or any(
        b.keep for b in getattr(entry, "highlights", None) or ())


def _cap(section_key: str, caps: int | dict[str, int] | None) -> int | None:
    return caps.get(section_key) if isinstance(caps, dict) else caps


def _best(indices: list[int], priority: Mapping[int, int | tuple[int, ...]],
          limit: int | None,
          kept: frozenset[int] = frozenset()) -> list[int]:
    """The ``limit`` items of highest priority (earlier first on ties), in written order.
    Items marked ``keep`` always stay, and take their places first: a cap trims, it never
    removes what the author said to keep (even when they alone exceed it)."""
    if limit is None or len(indices) <= limit:
        return indices
    others = [i for i in indices if i not in kept]
    ranked = sorted(others, key=lambda i: (priority[i], -indices.index(i)), reverse=True)
    chosen = [i for i in indices if i in kept]
    return sorted([*chosen, *ranked[:max(0, limit - len(chosen))]])


def _publication_rank(pub: e.Publication, position: int) -> tuple[int, int, int, int]:
    return (-int(pub.selected), -pub.priority, -(pub.year_value or 0), position)


def select(cv: Cv, variant: Variant) -> Selection:
    """What ``variant`` shows of ``cv``, before any page fitting. A public variant leaves
    out private sections, entries and bullets before anything else (caps count what is
    left)."""
    hidden = hidden_items(cv) if variant.public else frozenset()
    keys = variant.sections if variant.sections is not None else list(cv.sections)
    keys = [key for key in keys if ("sections", key) not in hidden]
    entries_kept = {key: _entries_kept(cv, key, variant, hidden) for key in keys}
    shown = frozenset(key for name, kept in entries_kept.items()
                      if isinstance(cv.sections[name], PublicationSection)
                      for i in kept if (key := cv.sections[name].entries[i].key))
    sections: dict[str, tuple[EntryChoice, ...]] = {}
    for key in keys:
        section = cv.sections[key]
        entries = list(section.entries)
        kept = entries_kept[key]
        choices = []
        for i in kept:
            highlights = getattr(entries[i], "highlights", None)
            if highlights is None or isinstance(section, TextSection):
                choices.append(EntryChoice(i))
                continue
            bullets = [j for j, b in enumerate(highlights) if _tags_allow(b.tags, variant)
                       and ("sections", key, i, "highlights", j) not in hidden]
            bullets = _best(bullets, {j: _bullet_rank(highlights[j], shown) for j in bullets},
                            _cap(key, variant.max_bullets),
                            frozenset(j for j in bullets if highlights[j].keep))
            choices.append(EntryChoice(i, tuple(bullets)))
        if choices:
            sections[key] = tuple(choices)
    return Selection(sections)


def shown_papers(cv: Cv, selection: Selection) -> frozenset[str]:
    """The keys of the publications a selection shows."""
    return frozenset(
        key for name, choices in selection.sections.items()
        if isinstance(cv.sections[name], PublicationSection)
        for choice in choices
        if (key := getattr(cv.sections[name].entries[choice.index], "key", None)))


def bullet_cites(text: str) -> frozenset[str]:
    """The paper keys a bullet's ``[@key]`` references name."""
    return frozenset(key for _, keys in markup.cite_keys(text) for key in keys)


def _bullet_rank(bullet: e.Bullet, shown: frozenset[str]) -> tuple[int, int, int]:
    """How much a bullet is worth keeping under a ``max_bullets`` cap: one whose ``[@key]``
    references name only papers the variant does not show goes first; then by priority;
    at one priority, one citing a paper the variant shows stays before the others."""
    cites = bullet_cites(bullet.text)
    return (0 if cites and not cites & shown else 1, bullet.priority,
            1 if cites & shown else 0)


def _entries_kept(cv: Cv, key: str, variant: Variant,
                  hidden: frozenset[Origin] = frozenset()) -> list[int]:
    """The entries of one section a variant keeps (tags, ``since``, caps), in order."""
    section = cv.sections[key]
    entries = list(section.entries)
    kept = [i for i, entry in enumerate(entries)
            if ("sections", key, i) not in hidden and _tags_allow(entry.tags, variant)
            and not (variant.since and _ends_before(entry, variant.since))]
    if isinstance(section, PublicationSection):
        if variant.selected_only:
            kept = [i for i in kept if entries[i].selected]
        if variant.max_publications is not None:
            ranked = sorted(kept, key=lambda i: (not _keeps(entries[i]),
                                                 *_publication_rank(entries[i], i)))
            limit = max(variant.max_publications, sum(_keeps(entries[i]) for i in kept))
            kept = sorted(ranked[:limit])
    kept = _best(kept, {i: entries[i].priority for i in kept},
                 _cap(key, variant.max_entries),
                 frozenset(i for i in kept if _keeps(entries[i])))
    return kept


def everything(cv: Cv) -> Selection:
    """The selection of a CV without a variant: all of it."""
    return Selection({
        key: tuple(EntryChoice(i, tuple(range(len(getattr(entry, "highlights", None) or ())))
                               if hasattr(entry, "highlights") else None)
                   for i, entry in enumerate(section.entries))
        for key, section in cv.sections.items()
    })


def materialize(cv: Cv, selection: Selection, variant: Variant | None = None,
                ) -> tuple[Cv, dict[Origin, Origin]]:
    """Build the selected CV; also map each kept entry and bullet to its source path. For
    a public variant, the private fields that are not entries or bullets (which the
    selection left out already) are left out too."""
    if variant is not None and variant.public:
        cv = strip_private_fields(cv)
    origins: dict[Origin, Origin] = {}
    sections = {}
    for key, choices in selection.sections.items():
        section = cv.sections[key]
        new_entries = []
        for new_index, choice in enumerate(choices):
            entry = section.entries[choice.index]
            origins[("sections", key, new_index)] = ("sections", key, choice.index)
            if choice.bullets is not None and hasattr(entry, "highlights"):
                for new_bullet, old_bullet in enumerate(choice.bullets):
                    origins[("sections", key, new_index, "highlights", new_bullet)] = (
                        "sections", key, choice.index, "highlights", old_bullet)
                entry = entry.model_copy(
                    update={"highlights": [entry.highlights[j] for j in choice.bullets]})
            new_entries.append(entry)
        update: dict[str, object] = {"entries": new_entries}
        if variant and key in variant.titles:
            update["title"] = variant.titles[key]
        sections[key] = section.model_copy(update=update)
    update = {"sections": sections}
    if variant is not None:
        if variant.headline is not None:
            update["headline"] = variant.headline
        if variant.summary is not None:
            update["summary"] = variant.summary
        overrides = variant.design.model_dump(exclude_none=True)
        if overrides:
            update["design"] = cv.design.model_copy(update=overrides)
    return cv.model_copy(update=update), origins


def _is_item(path: Origin) -> bool:
    """A section, an entry or a bullet: what a :class:`Selection` leaves out."""
    return (path[0] == "sections" and len(path) in (2, 3)) or (
        len(path) == 5 and path[0] == "sections" and path[3] == "highlights")


def hidden_items(cv: Cv) -> frozenset[Origin]:
    """The sections, entries and bullets a public build leaves out."""
    return frozenset(path for _, path in private_paths(cv) if _is_item(path))


def _sort_key(path: Origin) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in path)


def _without(value: Any, path: Origin) -> Any:
    """``value`` without what ``path`` names: a list item removed, a field reset to its
    default, a mapping's key dropped."""
    head, *rest = path
    if isinstance(value, SectionBase) and isinstance(head, int):
        return value.model_copy(update={"entries": _without(value.entries, path)})
    if isinstance(value, BaseModel):
        assert isinstance(head, str)
        if rest:
            new = _without(getattr(value, head), tuple(rest))
        else:
            new = type(value).model_fields[head].get_default(call_default_factory=True)
        return value.model_copy(update={head: new})
    if isinstance(value, dict):
        if not rest:
            return {k: v for k, v in value.items() if k != head}
        return {**value, head: _without(value[head], tuple(rest))}
    assert isinstance(value, list) and isinstance(head, int)
    if not rest:
        return [item for i, item in enumerate(value) if i != head]
    return [_without(item, tuple(rest)) if i == head else item for i, item in enumerate(value)]


def strip_private_fields(cv: Cv) -> Cv:
    """``cv`` without its private fields that are not sections, entries or bullets
    (``contact.phone``, ``location``, an entry's ``mentors``, one item of a skills list);
    entries and bullets keep their indices, so a :class:`Selection` still applies."""
    paths = sorted({path for _, path in private_paths(cv) if not _is_item(path)},
                   key=_sort_key, reverse=True)  # a later item first: indices stay right
    for path in paths:
        cv = _without(cv, path)
    return cv.model_copy(update={"private": []})


PUBLIC = Variant(public=True)


def public(cv: Cv) -> Cv:
    """The CV as a public build shows it: nothing marked private left in it."""
    return materialize(cv, select(cv, PUBLIC), PUBLIC)[0]


def variant_of(cv: Cv, name: str) -> Variant:
    try:
        return cv.variants[name]
    except KeyError:
        known = ", ".join(cv.variants) or "none are defined (add a `variants:` block)"
        raise CvtoolError(f"no variant named `{name}`; variants: {known}") from None


def apply_variant(cv: Cv, name: str) -> Cv:
    """The CV as variant ``name`` shows it (no page fitting)."""
    variant = variant_of(cv, name)
    return materialize(cv, select(cv, variant), variant)[0]

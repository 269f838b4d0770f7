"""Selecting and ordering content for a variant: a pure function from a CV to a smaller CV.

Selection is expressed as a :class:`Selection` in the CV's own coordinates (which entries of
which sections, which bullets of each entry), so that page fitting can drop more items from
it later, and every kept item can be traced back to its place in the source file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cvtool import markup
from cvtool.errors import CvtoolError
from cvtool.schema import Cv
from cvtool.schema import entries as e
from cvtool.schema.cv import PublicationSection, TextSection
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
    """What ``variant`` shows of ``cv``, before any page fitting."""
    keys = variant.sections if variant.sections is not None else list(cv.sections)
    entries_kept = {key: _entries_kept(cv, key, variant) for key in keys}
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
            bullets = [j for j, b in enumerate(highlights) if _tags_allow(b.tags, variant)]
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


def _entries_kept(cv: Cv, key: str, variant: Variant) -> list[int]:
    """The entries of one section a variant keeps (tags, ``since``, caps), in order."""
    section = cv.sections[key]
    entries = list(section.entries)
    kept = [i for i, entry in enumerate(entries)
            if _tags_allow(entry.tags, variant)
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
    """Build the selected CV; also map each kept entry and bullet to its source path."""
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

"""Rules about what the CV says: duplicates, the owner among a paper's authors, tags that
variants and entries do not share, and sections with nothing in them."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from cvtool.errors import Diagnostic, Severity
from cvtool.lint.context import Context, Path_, entry_name, field, visible
from cvtool.lint.registry import rule
from cvtool.names import OwnerNames, fold
from cvtool.schema import ET_AL
from cvtool.schema import entries as e
from cvtool.schema.cv import ListSection, PublicationSection, TextSection

_NON_WORD = re.compile(r"[\W_]+")


def normal(text: str) -> str:
    """Text compared loosely: no case, accents, markup or punctuation."""
    text = visible(text)
    folded = text.casefold() if text.isascii() else fold(text)  # ASCII has no accents
    return " ".join(_NON_WORD.sub(" ", folded).split())


def _line(ctx: Context, path: Path_) -> int:
    return ctx.locate(path)[0].line


# --- CV405 ------------------------------------------------------------------------------


def _identity(entry: Any) -> tuple[str, ...] | None:
    dates = str(entry.dates) if field(entry, "dates") is not None else ""
    if isinstance(entry, e.Education):
        return (normal(entry.institution), normal(entry.degree or ""), dates)
    if isinstance(entry, e.Experience):
        roles = " / ".join(normal(p.title) for p in entry.positions)
        return (normal(entry.organization), normal(entry.team or ""), roles, dates)
    if isinstance(entry, e.Project | e.Generic):
        subtitle = field(entry, "subtitle") or field(entry, "role") or ""
        return (normal(entry.title), normal(subtitle), dates)
    return None


@rule("CV405", "duplicate-entry", Severity.WARNING,
      "the same entry twice in a section, or the same item twice in a list")
def check_duplicate_entries(ctx: Context) -> Iterator[Diagnostic]:
    for key, section in ctx.cv.sections.items():
        seen: dict[tuple[str, ...], int] = {}
        for index, entry in enumerate(section.entries):
            at: Path_ = ("sections", key, "entries", index)
            if isinstance(section, ListSection):
                yield from _duplicate_items(ctx, entry, at)
                identity = ("label", normal(entry.label)) if entry.label else None
            else:
                identity = _identity(entry)
            if identity is None:
                continue
            if identity in seen:
                yield ctx.diagnostic(
                    "CV405", f"`{entry_name(entry)}` repeats the entry at line "
                    f"{_line(ctx, ('sections', key, 'entries', seen[identity]))}", at,
                    "remove one, or merge them")
            else:
                seen[identity] = index


def _duplicate_items(ctx: Context, entry: e.LabelledList, at: Path_) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for j, item in enumerate(entry.items):
        key = normal(item)
        if key in seen:
            yield ctx.diagnostic("CV405", f"`{item}` is listed twice", (*at, "items", j),
                                 "remove the second one")
        seen.add(key)


# --- CV406 ------------------------------------------------------------------------------


@rule("CV406", "duplicate-bullet", Severity.WARNING,
      "the same bullet twice (bullets with different tags are variants' alternatives)")
def check_duplicate_bullets(ctx: Context) -> Iterator[Diagnostic]:
    seen: dict[tuple[str, frozenset[str]], Path_] = {}
    for bullet, path in ctx.bullets():
        key = (normal(f"{bullet.label or ''} {bullet.text}"), frozenset(bullet.tags))
        if not key[0]:
            continue
        if key in seen:
            yield ctx.diagnostic("CV406", f"this bullet repeats the one at line "
                                 f"{_line(ctx, seen[key])}", path, "remove one of them")
        else:
            seen[key] = path


# --- CV407, CV408 -----------------------------------------------------------------------

_STOP_WORDS = frozenset({"a", "an", "the", "of", "for", "and", "in", "on", "with", "to", "via",
                         "by", "from", "at"})


def _title_key(title: str) -> str:
    words = normal(title).split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w
                    for w in words if w not in _STOP_WORDS)


def _arxiv(pub: e.Publication) -> str:
    return re.sub(r"v\d+$", "", pub.arxiv or "")


@rule("CV407", "duplicate-publication", Severity.ERROR,
      "two publications of a section with the same DOI or arXiv id")
def check_duplicate_ids(ctx: Context) -> Iterator[Diagnostic]:
    for key, section in ctx.cv.sections.items():
        if not isinstance(section, PublicationSection):
            continue
        seen: dict[tuple[str, str], int] = {}
        for index, pub in enumerate(section.entries):
            for kind, value in (("DOI", (pub.doi or "").lower()), ("arXiv id", _arxiv(pub))):
                if not value:
                    continue
                if (kind, value) in seen:
                    first = ("sections", key, "entries", seen[(kind, value)])
                    yield ctx.diagnostic(
                        "CV407", f"`{entry_name(pub)}` has the {kind} of the publication at "
                        f"line {_line(ctx, first)} ({value})",
                        ("sections", key, "entries", index), "remove one of them")
                    break
                seen[(kind, value)] = index


def _different_papers(a: e.Publication, b: e.Publication) -> bool:
    """Distinct DOIs or arXiv ids: a journal version of a conference paper, say."""
    return bool((a.doi and b.doi and a.doi.lower() != b.doi.lower())
                or (a.arxiv and b.arxiv and _arxiv(a) != _arxiv(b)))


def _similar_title_pairs(keys: list[str]) -> Iterator[tuple[int, int]]:
    """Pairs (earlier, later) of near-identical titles. Equal keys are found by a dict; near
    misses (a typo, a word changed) only among recent titles that share their first or last
    16 characters, so that 500 papers are not 125,000 comparisons."""
    first: dict[str, int] = {}
    blocks: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        if not key:
            continue
        if key in first:
            yield first[key], index
            continue
        first[key] = index
        names = ("^" + key[:16], key[-16:] + "$")
        candidates = sorted({i for name in names for i in blocks.get(name, [])[-_BLOCK:]})
        numbers = _NUMBER.findall(key)
        match = next((other for other in candidates
                      if _NUMBER.findall(keys[other]) == numbers  # "Part 1" is not "Part 2"
                      and difflib.SequenceMatcher(None, keys[other], key).ratio() >= 0.9), None)
        if match is not None:
            yield match, index
        for name in names:
            blocks.setdefault(name, []).append(index)


_BLOCK = 50
_NUMBER = re.compile(r"\d+")


@rule("CV408", "duplicate-title", Severity.WARNING,
      "two publications of a section with (nearly) the same title")
def check_duplicate_titles(ctx: Context) -> Iterator[Diagnostic]:
    for key, section in ctx.cv.sections.items():
        if not isinstance(section, PublicationSection):
            continue
        pubs = section.entries
        for earlier, later in _similar_title_pairs([_title_key(p.title) for p in pubs]):
            a, b = pubs[earlier], pubs[later]
            if _different_papers(a, b) or ((a.doi or "").lower() == (b.doi or "").lower()
                                           and a.doi) or (_arxiv(a) and _arxiv(a) == _arxiv(b)):
                continue  # different papers, or already CV407
            yield ctx.diagnostic(
                "CV408", f"`{entry_name(b)}` has nearly the title of the publication at line "
                f"{_line(ctx, ('sections', key, 'entries', earlier))}",
                ("sections", key, "entries", later),
                "remove one; for an extended version, give both their DOIs")


# --- CV409 ------------------------------------------------------------------------------


@rule("CV409", "owner-not-author", Severity.WARNING,
      "the CV's owner (name or an alias) is not among a publication's authors")
def check_owner_in_authors(ctx: Context) -> Iterator[Diagnostic]:
    owner = OwnerNames((ctx.cv.name, *ctx.cv.aliases))
    for key, _section, index, pub in ctx.publications():
        if any(author in owner for author in pub.authors):
            continue
        if pub.authors and pub.authors[-1].strip().lower() in ET_AL:
            continue  # the owner may be among "et al."
        yield ctx.diagnostic(
            "CV409", f"{ctx.cv.name} is not among the authors of `{entry_name(pub)}`"
            if pub.authors else f"`{entry_name(pub)}` lists no authors",
            ("sections", key, "entries", index, "authors"),
            "add the way this paper writes your name to `aliases:`" if pub.authors else
            "list the authors in order, yourself among them")


# --- CV410, CV411 -----------------------------------------------------------------------


def _carried_tags(ctx: Context) -> dict[str, list[Path_]]:
    """Tags on entries and bullets (what variants select by), with where each is written."""
    carried: dict[str, list[Path_]] = {}
    for key, section in ctx.cv.sections.items():
        for index, entry in enumerate(section.entries):
            at: Path_ = ("sections", key, "entries", index)
            items = [(entry, at)]
            if not isinstance(section, TextSection) and isinstance(entry, e.Entry):
                items += [(b, (*at, "highlights", j)) for j, b in enumerate(entry.highlights)]
            for item, path in items:
                for k, tag in enumerate(item.tags):
                    carried.setdefault(tag, []).append((*path, "tags", k))
    return carried


@rule("CV410", "unknown-variant-tag", Severity.WARNING,
      "a variant includes or excludes a tag that no entry or bullet carries")
def check_variant_tags(ctx: Context) -> Iterator[Diagnostic]:
    carried = _carried_tags(ctx)
    for name, variant in ctx.cv.variants.items():
        for which in ("include_tags", "exclude_tags"):
            for k, tag in enumerate(getattr(variant, which)):
                if tag not in carried:
                    close = difflib.get_close_matches(tag, list(carried), n=1, cutoff=0.6)
                    yield ctx.diagnostic(
                        "CV410", f"no entry or bullet is tagged `{tag}`",
                        ("variants", name, which, k),
                        f"did you mean `{close[0]}`?" if close else
                        "tag the entries this variant should select, or remove the tag")


@rule("CV411", "unused-tag", Severity.WARNING,
      "a tag on an entry or bullet that no variant includes or excludes")
def check_unused_tags(ctx: Context) -> Iterator[Diagnostic]:
    named = {tag for v in ctx.cv.variants.values() for tag in (*v.include_tags, *v.exclude_tags)}
    for tag, paths in _carried_tags(ctx).items():
        if tag in named:
            continue
        where = f" ({len(paths)} items carry it)" if len(paths) > 1 else ""
        yield ctx.diagnostic(
            "CV411", f"no variant includes or excludes the tag `{tag}`{where}", paths[0],
            "name it in a variant's `include_tags` or `exclude_tags`, or remove it")


# --- CV419 ------------------------------------------------------------------------------


@rule("CV419", "empty-section", Severity.WARNING, "a section with no entries")
def check_empty_sections(ctx: Context) -> Iterator[Diagnostic]:
    for key, section in ctx.cv.sections.items():
        if section.entries:
            continue
        why = (" (its .bib files give none)"
               if isinstance(section, PublicationSection) and section.bibtex else "")
        yield ctx.diagnostic("CV419", f"section `{key}` has no entries{why}", ("sections", key),
                             "add entries, or remove the section", key=True)


# The rules of this module, listed in cvtool.lint.rules.
RULES = (
    check_duplicate_entries,
    check_duplicate_bullets,
    check_duplicate_ids,
    check_duplicate_titles,
    check_owner_in_authors,
    check_variant_tags,
    check_unused_tags,
    check_empty_sections,
)

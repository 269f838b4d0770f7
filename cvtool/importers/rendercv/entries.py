"""RenderCV entries to cvtool entries: the entry type inferred from its fields as RenderCV
does, then each field to its cvtool counterpart.

RenderCV (2.x) tells an entry's type by a field no other type has: ``label``/``details`` a
OneLineEntry, ``name`` a NormalEntry, ``company``/``position`` an ExperienceEntry,
``institution``/``area``/``degree`` an EducationEntry, ``title``/``authors``/``doi``/``url``/
``journal`` a PublicationEntry, ``bullet``, ``number``, ``reversed_number`` the three
text-like entries, and a plain string a TextEntry. The first entry whose type can be told
decides the section's type; RenderCV refuses a section mixing types, and so does this
import (the odd entry is a located error and is left out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cvtool.schema.dates import parse_range

# Checked in this order, as RenderCV does: the first type with one of its own fields wins.
TYPES: tuple[tuple[str, frozenset[str]], ...] = (
    ("OneLineEntry", frozenset({"label", "details"})),
    ("NormalEntry", frozenset({"name"})),
    ("ExperienceEntry", frozenset({"company", "position"})),
    ("EducationEntry", frozenset({"institution", "area", "degree", "grade"})),
    ("PublicationEntry", frozenset({"title", "authors", "doi", "url", "journal"})),
    ("BulletEntry", frozenset({"bullet"})),
    ("NumberedEntry", frozenset({"number"})),
    ("ReversedNumberedEntry", frozenset({"reversed_number"})),
)
_DATED = frozenset({"date", "start_date", "end_date", "location", "summary", "highlights",
                    "tags"})
# Every field each type reads; any other key is one of RenderCV's "arbitrary keys".
FIELDS: dict[str, frozenset[str]] = {
    "OneLineEntry": frozenset({"label", "details", "tags"}),
    "NormalEntry": frozenset({"name"}) | _DATED,
    "ExperienceEntry": frozenset({"company", "position"}) | _DATED,
    "EducationEntry": frozenset({"institution", "area", "degree", "grade"}) | _DATED,
    "PublicationEntry": frozenset({"title", "authors", "doi", "url", "journal", "summary",
                                   "date", "tags"}),
    "BulletEntry": frozenset({"bullet", "tags"}),
    "NumberedEntry": frozenset({"number", "tags"}),
    "ReversedNumberedEntry": frozenset({"reversed_number", "tags"}),
}
# The cvtool section kind each entry type becomes.
KINDS = {"OneLineEntry": "skills", "NormalEntry": "generic", "ExperienceEntry": "experience",
         "EducationEntry": "education", "PublicationEntry": "publication",
         "BulletEntry": "text", "NumberedEntry": "text", "ReversedNumberedEntry": "text",
         "TextEntry": "text"}

EXTENSION = "rendercv"
_OWNER_MARK = re.compile(r"^(\*\*|\*|__|_)(.+?)\1$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_YEAR = re.compile(r"\b(1\d{3}|2\d{3})\b")
_WHOLE_LINK = re.compile(r"^\[([^\]\n]+)\]\(((?:https?|mailto):[^)\s]+)\)$")
_MARKUP = re.compile(r"[\[\]()*_`]")


def entry_type(entry: Any) -> str | None:
    """RenderCV's type for one entry, or None when no field tells it."""
    if isinstance(entry, str):
        return "TextEntry"
    if isinstance(entry, dict):
        keys = set(entry)
        return next((name for name, own in TYPES if own & keys), None)
    return None


@dataclass
class Mapped:
    """One cvtool entry, where its fields came from, and what was said about it."""

    item: Any
    fields: dict[str, str] = field(default_factory=dict)  # cvtool field -> RenderCV field
    notes: list[tuple[str, str]] = field(default_factory=list)  # (RenderCV field or "", text)
    owners: list[str] = field(default_factory=list)  # author names marked as the CV's owner


def text(value: Any) -> str | None:
    """A scalar as text (YAML reads `2021` or `3.9` as numbers); None for nothing."""
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return str(value).lower()
    written = getattr(value, "written", None)  # a number written with a leading zero
    return written if written else str(value)


def dates(entry: dict[str, Any], out: Mapped) -> str | None:
    """``date``, or ``start_date``/``end_date``, as a cvtool date range, read as RenderCV
    reads them: ``date`` wins; a start alone runs to the present; an end alone is a date."""
    date, start, end = (text(entry.get(k)) for k in ("date", "start_date", "end_date"))
    if date is not None:
        if start is not None or end is not None:
            ignored = {k: entry[k] for k in ("start_date", "end_date") if entry.get(k) is not None}
            keep(out, ignored)
            out.notes.append(("date", "RenderCV shows `date` and ignores start_date/end_date; "
                                      f"kept them under extensions.{EXTENSION}"))
        out.fields["dates"] = "date"
        return _readable(date, "date", out)
    if start is None and end is None:
        return None
    out.fields["dates"] = "start_date" if start is not None else "end_date"
    if start is None:
        return _readable(end or "", "end_date", out)
    return f"{start} – {end or 'present'}"


def _readable(written: str, key: str, out: Mapped) -> str | None:
    """A free-text date (``Fall 2023``) becomes its year(s), the text kept as an extension."""
    try:
        parse_range(written)
        return written
    except Exception:
        pass
    years = _YEAR.findall(written)
    keep(out, {key: written})
    if not years:
        out.notes.append((key, f"`{written}` is not a date cvtool can read; kept under "
                               f"extensions.{EXTENSION} (add `dates:` by hand)"))
        return None
    value = years[0] if len(years) == 1 or years[0] == years[-1] else f"{years[0]} – {years[-1]}"
    out.notes.append((key, f"`{written}` is not a date cvtool can read; written as {value}, "
                           f"the text kept under extensions.{EXTENSION}"))
    return value


def keep(out: Mapped, values: dict[str, Any]) -> None:
    """Keep RenderCV fields under the entry's ``extensions: {rendercv: ...}``."""
    if not values or not isinstance(out.item, dict):
        return
    extensions = out.item.setdefault("extensions", {}).setdefault(EXTENSION, {})
    extensions.update(values)


def _link_field(value: str | None, out: Mapped, field_name: str, source: str) -> str | None:
    """A plain-text field written as one Markdown link: the text, and the link in ``links``."""
    if value is None:
        return None
    match = _WHOLE_LINK.match(value.strip())
    if not match:
        return value
    out.item.setdefault("links", {})[field_name] = match[2]
    out.fields[f"links.{field_name}"] = source
    return match[1]


def _highlights(entry: dict[str, Any], out: Mapped) -> list[Any]:
    raw = entry.get("highlights")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raw = [raw]
    bullets = []
    for value in raw:
        written = text(value)
        if written is None:
            keep(out, {"highlights": raw})
            out.notes.append(("highlights", "a highlight that is not text; the list is kept "
                                            f"under extensions.{EXTENSION}"))
            continue
        bullets.append(written)
    out.fields["highlights"] = "highlights"
    return bullets


def _common(entry: dict[str, Any], item: dict[str, Any], out: Mapped) -> None:
    """location, dates, summary, highlights, tags: the fields dated entries share."""
    if (location := text(entry.get("location"))) is not None:
        item["location"] = location
        out.fields["location"] = "location"
    if (when := dates(entry, out)) is not None:
        item["dates"] = when
    if (summary := text(entry.get("summary"))) is not None:
        item["description"] = summary
        out.fields["description"] = "summary"
    if highlights := _highlights(entry, out):
        item["highlights"] = highlights
    _tags(entry, item, out)


def _tags(entry: dict[str, Any], item: dict[str, Any], out: Mapped) -> None:
    tags = entry.get("tags")
    if isinstance(tags, list) and tags:
        item["tags"] = [text(t) or "" for t in tags]
        out.fields["tags"] = "tags"


def map_entry(kind: str, entry: Any, index: int, count: int) -> Mapped:
    """One RenderCV entry of type ``kind`` as a cvtool entry of ``section_kind``."""
    if kind == "TextEntry":
        return Mapped(entry)
    out = Mapped({})
    item = out.item
    extra = {k: v for k, v in entry.items() if k not in FIELDS[kind] and v is not None}
    if kind == "ExperienceEntry":
        item["organization"] = _link_field(text(entry.get("company")), out, "company", "company")
        out.fields["organization"] = "company"
        if (position := text(entry.get("position"))) is not None:
            item["positions"] = [position]
            out.fields["positions"] = "position"
        _common(entry, item, out)
    elif kind == "EducationEntry":
        item["institution"] = _link_field(text(entry.get("institution")), out, "institution",
                                          "institution")
        out.fields["institution"] = "institution"
        degree, area = text(entry.get("degree")), text(entry.get("area"))
        if degree or area:  # RenderCV's phrase: "DEGREE in AREA"
            item["degree"] = f"{degree} in {area}" if degree and area else degree or area
            out.fields["degree"] = "degree" if degree else "area"
        if (grade := text(entry.get("grade"))) is not None:
            item["grade"] = grade
            out.fields["grade"] = "grade"
        _common(entry, item, out)
    elif kind == "NormalEntry":
        item["title"] = text(entry.get("name"))
        out.fields["title"] = "name"
        _common(entry, item, out)
    elif kind == "PublicationEntry":
        _publication(entry, out)
    elif kind == "OneLineEntry":
        item["label"] = text(entry.get("label"))
        details = text(entry.get("details")) or ""
        # "Python, C++, CUDA" is three items, shown comma-separated as written; text with
        # markup or parentheses stays one item, so that no link or phrase is cut in two.
        item["items"] = details.split(", ") if not _MARKUP.search(details) else [details]
        out.fields.update({"label": "label", "items": "details"})
        _tags(entry, item, out)
    else:  # BulletEntry, NumberedEntry, ReversedNumberedEntry: a paragraph of a text section
        key = {"BulletEntry": "bullet", "NumberedEntry": "number",
               "ReversedNumberedEntry": "reversed_number"}[kind]
        body = text(entry.get(key)) or ""
        if kind == "NumberedEntry":
            body = f"{index + 1}. {body}"
        elif kind == "ReversedNumberedEntry":
            body = f"{count - index}. {body}"
        item["text"] = body
        out.fields["text"] = key
        _tags(entry, item, out)
    if extra:
        out.notes.append(("", "kept " + ", ".join(extra) + f" under extensions.{EXTENSION} "
                              "(RenderCV's own keys for templates; cvtool has no such field)"))
        if kind in ("BulletEntry", "NumberedEntry", "ReversedNumberedEntry"):
            out.item = {**item, "__extra__": extra}  # a bullet has no extensions; the CV keeps them
        else:
            keep(out, extra)
    return out


def _publication(entry: dict[str, Any], out: Mapped) -> None:
    item = out.item
    item["title"] = _link_field(text(entry.get("title")), out, "paper", "title")
    out.fields["title"] = "title"
    authors = entry.get("authors")
    names = []
    for author in authors if isinstance(authors, list) else [authors]:
        name = text(author)
        if name is None:
            continue
        if match := _OWNER_MARK.match(name.strip()):
            name = match[2].strip()
            out.owners.append(name)
        names.append(name)
    item["authors"] = names
    out.fields["authors"] = "authors"
    if (journal := text(entry.get("journal"))) is not None:
        item["venue"] = journal
        item["kind"] = "preprint" if "arxiv" in journal.lower() else "journal"
        out.fields["venue"] = "journal"
    else:
        item["kind"] = "other"
    date = text(entry.get("date"))
    if date is not None:
        out.fields.update({"date": "date", "year": "date"})
        if re.fullmatch(r"\d{4}", date):
            item["year"] = int(date)
        elif re.fullmatch(r"\d{4}-\d{1,2}(?:-\d{1,2})?", date):
            item["date"] = date
        else:
            years = _YEAR.findall(date)
            keep(out, {"date": date})
            if years:
                item["year"] = int(years[0])
                out.notes.append(("date", f"`{date}` is not a date cvtool can read; written as "
                                          f"year {years[0]}, the text kept under "
                                          f"extensions.{EXTENSION}"))
    if (doi := text(entry.get("doi"))) is not None:
        item["doi"] = _DOI_PREFIX.sub("", doi.strip())
        out.fields["doi"] = "doi"
    if (url := text(entry.get("url"))) is not None:
        item.setdefault("links", {})["paper"] = url
        out.fields["links"] = "url"
    if (summary := text(entry.get("summary"))) is not None:
        item["abstract"] = summary
        out.fields["abstract"] = "summary"
    _tags(entry, item, out)

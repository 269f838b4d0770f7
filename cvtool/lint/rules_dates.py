"""Rules about time: order within sections, dates in the future, overlapping full-time jobs,
entries with no dates, and dates written in mixed styles."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

from cvtool.document.dates import format_date
from cvtool.errors import Diagnostic, Severity
from cvtool.lint.context import DATED_KINDS, Context, Path_, entry_name, field
from cvtool.lint.registry import rule
from cvtool.schema import CvDate, DateRange
from cvtool.schema import entries as e
from cvtool.schema.cv import PublicationSection


def entry_span(entry: Any) -> DateRange | None:
    """When an entry happened: its own ``dates`` (or ``date``: an award, a talk), or the
    span of its positions' dates."""
    if field(entry, "dates") is not None:
        return entry.dates
    when = field(entry, "date")
    if isinstance(when, DateRange):
        return when
    if isinstance(when, CvDate) and not isinstance(entry, e.Publication):
        return DateRange(when, None)
    if isinstance(entry, e.Experience):
        ranges = [p.dates for p in entry.positions if p.dates is not None]
        if ranges:
            start = min((r.start for r in ranges), key=CvDate.lower_key)
            ends = [r.end or r.start for r in ranges]
            end = max(ends, key=CvDate.upper_key)
            return DateRange(start, None if end == start else end)
    return None


# --- CV401 ------------------------------------------------------------------------------


def _pub_later(a: e.Publication, b: e.Publication) -> bool:
    """Whether ``a`` is newer than ``b``, compared at the precision both give."""
    if a.year_value is None or b.year_value is None:
        return False  # an undated paper is in no order
    if a.year_value != b.year_value:
        return a.year_value > b.year_value
    if a.date is None or b.date is None:
        return False
    return a.date.lower_key() > b.date.lower_key()


@rule("CV401", "reverse-chronological", Severity.WARNING,
      "entries of a section are not newest first")
def check_order(ctx: Context) -> Iterator[Diagnostic]:
    for key, section in ctx.cv.sections.items():
        if isinstance(section, PublicationSection):
            yield from _publication_order(ctx, key, section)
            continue
        if section.kind not in DATED_KINDS:
            continue
        previous: tuple[Any, DateRange] | None = None
        for index, entry in enumerate(section.entries):
            span = entry_span(entry)
            if span is None:
                continue
            if previous is not None and span.sort_key > previous[1].sort_key:
                ends_later = span.sort_key[0] > previous[1].sort_key[0]
                yield ctx.diagnostic(
                    "CV401", f"`{entry_name(entry)}` ({span}) is listed after "
                    f"`{entry_name(previous[0])}` ({previous[1]}) but "
                    f"{'ends' if ends_later else 'starts'} later",
                    ("sections", key, "entries", index),
                    "list the entries of a section newest first")
            previous = (entry, span)


def _publication_order(ctx: Context, key: str,
                       section: PublicationSection) -> Iterator[Diagnostic]:
    if section.order != "as-written" or section.group_by == "year":
        return  # sorted by cvtool, or shown under year headings
    previous: dict[str, e.Publication] = {}
    for index, pub in enumerate(section.entries):
        group = pub.kind if section.group_by == "kind" else ""
        before = previous.get(group)
        if before is not None and _pub_later(pub, before):
            yield ctx.diagnostic(
                "CV401", f"`{entry_name(pub)}` ({pub.date or pub.year}) is listed after a "
                f"paper of {before.date or before.year}", ("sections", key, "entries", index),
                "list newest first, or set `order: newest-first` on the section")
        previous[group] = pub


# --- CV402 ------------------------------------------------------------------------------


def _dates_of(ctx: Context) -> Iterator[tuple[str, CvDate, Path_, str]]:
    """Every written date: (section kind, date, model path, "start"|"end"|"date")."""
    for key, section in ctx.cv.sections.items():
        for index, entry in enumerate(section.entries):
            at: Path_ = ("sections", key, "entries", index)
            if isinstance(entry, e.Publication):
                if entry.date is not None:
                    yield section.kind, entry.date, (*at, "date"), "date"
                continue
            ranges: list[tuple[DateRange, Path_]] = []
            for name in ("dates", "date"):
                when = field(entry, name)
                if isinstance(when, DateRange):
                    ranges.append((when, (*at, name)))
                elif isinstance(when, CvDate):
                    yield section.kind, when, (*at, name), "date"
            if isinstance(entry, e.Experience):
                ranges += [(p.dates, (*at, "positions", j, "dates"))
                           for j, p in enumerate(entry.positions) if p.dates is not None]
            for span, path in ranges:
                yield section.kind, span.start, _part(ctx, path, "start"), "start"
                if span.end is not None and not span.end.is_present:
                    yield section.kind, span.end, _part(ctx, path, "end"), "end"


def _part(ctx: Context, path: Path_, which: str) -> Path_:
    """``dates: {start: ..., end: ...}`` points at the part; a one-line range at itself."""
    raw = ctx.loaded.source.written(path)
    node: Any = ctx.loaded.data
    for step in raw:
        node = node[step]
    return (*path, which) if isinstance(node, dict) and which in node else path


# Kinds whose end is known in advance: a degree's expected end, a grant's funding period.
_PLANNED_END = frozenset({"education", "grant"})


@rule("CV402", "future-date", Severity.WARNING,
      "a date after today (the end of a degree or of a grant's funding is fine)")
def check_future(ctx: Context) -> Iterator[Diagnostic]:
    today = (ctx.today.year, ctx.today.month, ctx.today.day)
    for kind, when, path, which in _dates_of(ctx):
        if when.lower_key() <= today or (kind in _PLANNED_END and which == "end"):
            continue
        hint = {"start": "a CV lists what has begun; mention an accepted offer in the text",
                "end": "write `present` for something ongoing",
                "date": "give the date it appeared, or say `to appear` in `note:`"}[which]
        what = "date" if which == "date" else f"{which} date"
        yield ctx.diagnostic("CV402", f"{what} {when} is in the future", path, hint)
    for key, _section, index, pub in ctx.publications():
        if pub.date is None and pub.year is not None and pub.year > ctx.today.year:
            yield ctx.diagnostic("CV402", f"year {pub.year} is in the future",
                                 ("sections", key, "entries", index, "year"),
                                 "give the year it appeared, or say `to appear` in `note:`")


# --- CV403 ------------------------------------------------------------------------------

_NOT_FULL_TIME = re.compile(
    r"\b(intern(ship)?s?|part[- ]?time|volunteer\w*|freelance\w*|visiting|contract(or)?|"
    r"consult\w*|advis[eo]r\w*|teaching assistant|student|fellow(ship)?)\b", re.IGNORECASE)


def _as_day(when: CvDate, today: date) -> date:
    if when.is_present:
        return today
    year, month, day = when.lower_key()
    return date(year, month, day)


def _full_time(ctx: Context) -> list[tuple[Any, Path_, date, date, DateRange]]:
    jobs = []
    for key, section in ctx.cv.sections.items():
        if section.kind != "experience" or _NOT_FULL_TIME.search(f"{key} {section.title or ''}"):
            continue
        for index, entry in enumerate(section.entries):
            titles = [p.title for p in entry.positions]
            if titles and all(_NOT_FULL_TIME.search(t) for t in titles):
                continue
            span = entry_span(entry)
            if span is None or span.end is None:
                continue
            start, end = _as_day(span.start, ctx.today), _as_day(span.end, ctx.today)
            jobs.append((entry, ("sections", key, "entries", index), start, end, span))
    return jobs


@rule("CV403", "overlapping-positions", Severity.WARNING,
      "two full-time positions overlap by more than a month (internships and part-time "
      "roles are left out)")
def check_overlap(ctx: Context) -> Iterator[Diagnostic]:
    """One warning per position, at the first earlier-listed one it overlaps (and how many
    more): a long list of concurrent roles gets one line each, not one per pair."""
    jobs = _full_time(ctx)
    for i, (entry, path, start, end, span) in enumerate(jobs):
        organization = " ".join(entry.organization.casefold().split())
        first: tuple[Any, DateRange, int] | None = None
        more = 0
        for other, _path, other_start, other_end, other_span in jobs[:i]:
            days = (min(end, other_end) - max(start, other_start)).days
            if days <= 31 or organization == " ".join(other.organization.casefold().split()):
                continue  # no real overlap, or one employer listed in parts
            if first is None:
                first = (other, other_span, days)
            else:
                more += 1
        if first is not None:
            other, other_span, days = first
            others = f" (and {more} more position{'s' if more > 1 else ''})" if more else ""
            yield ctx.diagnostic(
                "CV403", f"`{entry_name(entry)}` ({span}) overlaps `{entry_name(other)}` "
                f"({other_span}) by about {round(days / 30.44)} months{others}",
                path, "if one was part-time or an internship, say so in its position title")


# --- CV404 ------------------------------------------------------------------------------


_MUST_BE_DATED = frozenset({"education", "experience", "project"})


@rule("CV404", "undated-entry", Severity.WARNING,
      "an education, experience or project entry without dates (custom sections, such as "
      "references, need none)")
def check_undated(ctx: Context) -> Iterator[Diagnostic]:
    for _key, entry, path in ctx.entries(_MUST_BE_DATED):
        if entry_span(entry) is None:
            yield ctx.diagnostic("CV404", f"`{entry_name(entry)}` has no dates", path,
                                 "add `dates:`, e.g. `Aug 2018 – Jul 2023` or `2021 – present`")


# --- CV414 ------------------------------------------------------------------------------

def _style(when: CvDate) -> str | None:
    """How a date is written: ISO (`numeric`), other digits (`10.2015`), CJK (`2021年3月`),
    abbreviated or full month name (in any language); None when the style cannot clash (a
    bare year, `present`, `May` or `März`, which are both)."""
    if when.is_present or when.month is None:
        return None
    form = when.form or ("numeric" if not when.written else "")
    if form.startswith("either") or not form:
        return None
    return {"iso": "numeric", "numeric": "digits"}.get(form, form)


def _suggest(when: CvDate, style: str, lang: str) -> str:
    assert when.year is not None and when.month is not None
    if style == "numeric":
        return when.iso()
    if style in ("digits", "cjk"):  # as the CV's language writes it in numbers / in CJK
        return format_date(when, "numeric" if style == "digits" else "short", lang)
    if not lang.startswith("en"):
        return format_date(when, "short" if style.startswith("abbreviated") else "long", lang)
    names = calendar.month_abbr if style.startswith("abbreviated") else calendar.month_name
    if when.day:
        return (f"{when.day} {names[when.month]} {when.year}" if "day first" in style
                else f"{names[when.month]} {when.day}, {when.year}")
    return f"{names[when.month]} {when.year}"


@rule("CV414", "mixed-date-formats", Severity.WARNING,
      "dates written in different styles (`2018-08`, `Aug 2018`, `August 2018`) while "
      "`design: {dates: as-written}` shows them as written")
def check_date_styles(ctx: Context) -> Iterator[Diagnostic]:
    if ctx.cv.design.dates != "as-written":
        return  # cvtool writes every date one way
    dated = [(when, path, style) for _kind, when, path, _which in _dates_of(ctx)
             if (style := _style(when)) is not None]
    counts = Counter(style for _when, _path, style in dated)
    if len(counts) < 2:
        return
    usual = max(counts, key=lambda s: (counts[s], -[d[2] for d in dated].index(s)))
    example = next(when for when, _path, style in dated if style == usual)
    for when, path, style in dated:
        if style != usual:
            yield ctx.diagnostic(
                "CV414", f"`{when}` is written unlike most dates here (`{example}`)", path,
                f"write `{_suggest(when, usual, ctx.cv.lang)}`, or set `design: {{dates: short}}`")


# The rules of this module, listed in cvtool.lint.rules.
RULES = (
    check_order,
    check_future,
    check_overlap,
    check_undated,
    check_date_styles,
)

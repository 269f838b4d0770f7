"""Fitting a variant into ``max_pages`` by measuring real WeasyPrint layouts.

The strategy costs about two layouts, not a blind loop:

1. Lay out at the theme's settings and measure how tall the content is and how tall each
   entry, bullet and publication is (boxes carry their source position in ``data-origin``).
2. If it overflows, predict from that measurement how far to tighten font size, line height
   and margins between the theme's defaults and its floors, and how much content (lowest
   ``priority`` first, then oldest, never ``keep: true``; before all of them a bullet whose
   ``[@key]`` references name only papers the document does not show) must go if the
   floors are not enough; lay out once more with that.
3. Only if the prediction fell short, drop more items by their measured heights and repeat.

When even every droppable item cannot make it fit, the error says by how much it overflows
and which items are the candidates to cut.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from cvtool.errors import CvtoolError
from cvtool.renderers.weasyprint_pdf import last_page_used
from cvtool.schema import Cv
from cvtool.schema import entries as e
from cvtool.schema.cv import PublicationSection, TextSection
from cvtool.schema.design import length_mm
from cvtool.themes import ResolvedDesign, Theme
from cvtool.variants import Origin, Selection, bullet_cites, shown_papers

PX_PER_UNIT = {"mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0, "pt": 96 / 72}
SAFETY = 0.985  # aim a little below the page capacity: predictions are estimates
MAX_LAYOUTS = 8


def length_px(length: str) -> float:
    """A validated length in CSS pixels (a bad value here is a bug: ValueError)."""
    return length_mm(length) * PX_PER_UNIT["mm"]


@dataclass(frozen=True)
class Measurement:
    pages: int
    capacity: float  # usable height of one page, CSS px
    used: float  # height the content needs in all, CSS px
    items: dict[Origin, float]  # measured height of each entry, bullet, publication


def measure(document: Any) -> Measurement:
    """Read heights off a laid-out WeasyPrint document."""
    pages = document.pages
    heights: dict[Origin, float] = {}
    capacity = 0.0
    for page in pages:
        page_box = page._page_box  # WeasyPrint's laid-out page (no public accessor exists)
        capacity = page_box.height
        spans: dict[str, list[float]] = {}
        for box in page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or getattr(box, "pseudo_type", None):
                continue
            origin = element.get("data-origin")
            if origin is None or not hasattr(box, "margin_height"):
                continue
            y0, y1 = box.position_y, box.position_y + box.margin_height()
            span = spans.setdefault(origin, [y0, y1])
            span[0], span[1] = min(span[0], y0), max(span[1], y1)
        for origin, (y0, y1) in spans.items():
            key = tuple(json.loads(origin))
            heights[key] = heights.get(key, 0.0) + (y1 - y0)
    used = (len(pages) - 1) * capacity + last_page_used(document)
    return Measurement(len(pages), capacity, used, heights)


@dataclass(frozen=True)
class Settings:
    font_size: float
    line_height: float
    margin_px: float


def _between(design: ResolvedDesign, theme: Theme, t: float) -> Settings:
    floors = theme.floors
    start = Settings(design.font_size, design.line_height, length_px(design.margins))
    end = Settings(min(start.font_size, floors.font_size or start.font_size),
                   min(start.line_height, floors.line_height or start.line_height),
                   min(start.margin_px, length_px(floors.margins) if floors.margins
                       else start.margin_px))
    return Settings(*(a + t * (b - a) for a, b in zip(
        (start.font_size, start.line_height, start.margin_px),
        (end.font_size, end.line_height, end.margin_px), strict=True)))


def predicted_height(used: float, base: Settings, new: Settings, page_width: float) -> float:
    """Content height after tightening: text lines get shorter in height and also hold more
    words (narrower type, wider measure). Exponents fitted on the built-in themes."""
    width_ratio = (page_width - 2 * base.margin_px) / (page_width - 2 * new.margin_px)
    return (used * (new.font_size / base.font_size) ** 1.6
            * (new.line_height / base.line_height) * width_ratio ** 0.6)


def _design_at(design: ResolvedDesign, settings: Settings) -> ResolvedDesign:
    return replace(design, font_size=round(settings.font_size, 2),
                   line_height=round(settings.line_height, 3),
                   margins=f"{settings.margin_px / PX_PER_UNIT['mm']:.1f}mm")


@dataclass(frozen=True)
class Candidate:
    origin: Origin
    priority: int
    age: tuple[int, int, int]  # later is newer; older goes first
    label: str
    selected: int = 0  # a selected publication goes after the others of its priority
    cites: frozenset[str] = frozenset()  # the papers a bullet's [@key] references name


def _order(candidates: list[Candidate], shown: frozenset[str]) -> list[Candidate]:
    """Lowest priority first, then oldest; but first of all, a bullet whose references all
    name papers the document no longer shows (it points at nothing on the page)."""
    return sorted(candidates, key=lambda c: (not (c.cites and not c.cites & shown),
                                             c.priority, c.selected, c.age,
                                             c.label == "entry"))


def _candidates(cv: Cv, selection: Selection) -> list[Candidate]:
    """Items that may be dropped, lowest priority first, then oldest (at one priority, a
    publication marked ``selected`` after the others).

    Never a candidate: anything marked ``keep: true``; an entry holding a kept bullet (its
    bullet cannot be shown without it; a section holding a kept entry stays, since a section
    goes only with its last entry); the paragraphs of a text section, such as a summary,
    which are the CV's own introduction rather than one of its ranked items."""
    found = []
    for key, choices in selection.sections.items():
        section = cv.sections[key]
        if isinstance(section, TextSection):
            continue
        for choice in choices:
            entry = section.entries[choice.index]
            age = _age(entry)
            selected = int(getattr(entry, "selected", False))
            bullets = [(j, entry.highlights[j]) for j in choice.bullets or ()]  # type: ignore[attr-defined]
            if not entry.keep and not any(bullet.keep for _, bullet in bullets):
                found.append(Candidate(("sections", key, choice.index), entry.priority, age,
                                       "entry", selected))
            for j, bullet in bullets:
                if not bullet.keep:
                    found.append(Candidate(("sections", key, choice.index, "highlights", j),
                                           bullet.priority, age, "bullet", selected,
                                           bullet_cites(bullet.text)))
    return _order(found, shown_papers(cv, selection))


def _age(entry: e.Selectable) -> tuple[int, int, int]:
    if isinstance(entry, e.Publication):
        return (entry.year_value or 0, 12, 31)
    dates = getattr(entry, "dates", None)
    if dates is None:
        return (9999, 12, 31)  # undated (often current) entries go last
    return (dates.end or dates.start).upper_key()


def _contains(outer: Origin, inner: Origin) -> bool:
    return inner[:len(outer)] == outer


class FitError(CvtoolError):
    """Nothing within the theme's floors and the droppable content fits the page limit."""


@dataclass
class FitResult:
    selection: Selection
    design: ResolvedDesign
    document: Any  # the final WeasyPrint document, to write the PDF from
    report: list[str]


Layout = Callable[[Selection, ResolvedDesign], Any]


def fit(cv: Cv, selection: Selection, theme: Theme, design: ResolvedDesign, max_pages: int,
        layout: Layout, describe: Callable[[Origin], str]) -> FitResult:
    """Make ``selection`` fit ``max_pages``; ``layout`` lays out a selection at a design."""
    document = layout(selection, design)
    first = measure(document)
    if first.pages <= max_pages:
        return FitResult(selection, design, document, [])
    page_width = document.pages[0].width
    base = _between(design, theme, 0.0)
    report: list[str] = []

    def capacity(settings: Settings) -> float:
        return max_pages * (first.capacity + 2 * (base.margin_px - settings.margin_px)) * SAFETY

    # How far to tighten: the smallest step (of 20) whose predicted height fits.
    steps = [i / 20 for i in range(21)]
    t = next((s for s in steps if predicted_height(first.used, base, _between(design, theme, s),
                                                   page_width) <= capacity(
        _between(design, theme, s))), 1.0)
    settings = _between(design, theme, t)
    tight = _design_at(design, settings)
    if t > 0:
        report.append(_tightened(design, tight))
    # What to drop if even the floors are not enough, by heights scaled to the new settings.
    scale = predicted_height(first.used, base, settings, page_width) / first.used
    overflow = first.used * scale - capacity(settings)
    candidates = _candidates(cv, selection)
    heights = {k: v * scale for k, v in first.items.items()}
    dropped: list[Candidate] = []
    for _ in range(MAX_LAYOUTS):
        while overflow > 0 and candidates:
            victim = candidates.pop(0)
            if any(_contains(d.origin, victim.origin) for d in dropped):
                continue
            selection = selection.without(victim.origin)
            dropped.append(victim)
            overflow -= heights.get(victim.origin, 0.0)
            candidates = [c for c in candidates if not _contains(victim.origin, c.origin)]
            if victim.label == "entry" and isinstance(
                    cv.sections[str(victim.origin[1])], PublicationSection):
                candidates = _order(candidates, shown_papers(cv, selection))
        document = layout(selection, tight)
        result = measure(document)
        if result.pages <= max_pages:
            report += [f"dropped {describe(d.origin)}, priority {d.priority}" for d in dropped
                       if not any(o is not d and _contains(o.origin, d.origin) for o in dropped)]
            return FitResult(selection, tight, document, report)
        overflow = result.used - max_pages * result.capacity
        heights = result.items
        if not candidates:
            break
    raise FitError(_impossible(max_pages, result, tight, heights, describe, len(candidates)))


def design_changes(before: ResolvedDesign, after: ResolvedDesign) -> str:
    """What changed between two designs' type size, line height and margins, for a report
    ("font size 10.5 → 9pt, margins 18mm → 12.0mm")."""
    changes = []
    if after.font_size != before.font_size:
        changes.append(f"font size {before.font_size:g} → {after.font_size:g}pt")
    if after.line_height != before.line_height:
        changes.append(f"line height {before.line_height:g} → {after.line_height:g}")
    if after.margins != before.margins:
        changes.append(f"margins {before.margins} → {after.margins}")
    return ", ".join(changes)


def _tightened(before: ResolvedDesign, after: ResolvedDesign) -> str:
    return "tightened " + design_changes(before, after)


def _impossible(max_pages: int, result: Measurement, design: ResolvedDesign,
                heights: dict[Origin, float], describe: Callable[[Origin], str],
                remaining: int) -> str:
    over_mm = (result.used - max_pages * result.capacity) / PX_PER_UNIT["mm"]
    shown = [o for o in heights if len(o) >= 3]
    largest = sorted(shown, key=lambda o: -heights[o])[:5]
    listing = "; ".join(f"{describe(o)} ({heights[o] / PX_PER_UNIT['mm']:.0f} mm)"
                        for o in largest)
    left = ("everything left must stay: it is marked `keep: true`, holds a bullet marked "
            "`keep: true`, or is a text section such as a summary" if not remaining else
            f"{remaining} droppable item(s) were still left after {MAX_LAYOUTS} layouts")
    return (f"cannot fit into {max_pages} page(s): {result.pages} pages at the tightest "
            f"settings the theme allows (font size {design.font_size:g}pt, margins "
            f"{design.margins}), {over_mm:.0f} mm too long, and {left}. "
            f"Candidates to cut or un-keep, largest first: {listing}")

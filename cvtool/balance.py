"""Page balance: a multi-page CV never ends on a runt page.

A CV whose last page holds a few lines (three publications on an otherwise empty page)
looks unfinished. When the last page would be less than a third full, the build either
pulls it back, tightening font size, line height and margins toward the theme's floors
(the same settings, and the same prediction, as fitting a variant to a page limit:
:mod:`cvtool.fit`), or, when even the floors cannot save a page, spreads the slack: it
loosens line height and margins a little, up to a ceiling, so that the last page carries
more than a runt. Content is never dropped here; that is a variant's ``max_pages``.

The engine is abstract: ``typeset`` lays the document out at a design and says how many
pages it took and how full the last one is, for WeasyPrint (its boxes) and XeLaTeX (a line
the base theme writes to its log) alike. It costs nothing on a balanced CV (the first
typesetting is the PDF) and one or two more typesettings on a runt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cvtool.fit import (
    PX_PER_UNIT,
    SAFETY,
    Settings,
    _between,
    _design_at,
    design_changes,
    length_px,
    predicted_height,
)
from cvtool.job import Typeset
from cvtool.schema.design import PAGE_MM
from cvtool.themes import ResolvedDesign, Theme

RUNT = 1 / 3  # a last page less full than this is balanced
SPREAD_TARGET = 0.45  # how full loosening aims to make the last page
LOOSEN_LINE_HEIGHT = 0.12  # at most this much more line height (a fraction) when spreading
LOOSEN_MARGINS = 0.35  # and this much wider margins
STEPS = 20


Typesetter = Callable[[ResolvedDesign], Typeset]


@dataclass(frozen=True)
class Balanced:
    design: ResolvedDesign
    typeset: Typeset
    report: tuple[str, ...] = ()


def is_runt(result: Typeset) -> bool:
    return result.pages > 1 and result.last_fill < RUNT


def _loosened(design: ResolvedDesign, s: float) -> Settings:
    """The design loosened by ``s`` (0 to 1) of the ceiling: more line height and margins,
    the type size unchanged (a CV's type size is the theme's decision, or fitting's)."""
    margin = length_px(design.margins)
    return Settings(design.font_size, design.line_height * (1 + LOOSEN_LINE_HEIGHT * s),
                    margin * (1 + LOOSEN_MARGINS * s))


def _percent(fill: float) -> str:
    return f"{round(fill * 100)} %"


def balance(design: ResolvedDesign, theme: Theme, typeset: Typesetter,
            first: Typeset | None = None) -> Balanced:
    """Typeset at ``design`` (or take ``first``, already typeset there) and, if the last
    page is a runt, pull it back or spread the slack; the report says what was done."""
    result = first if first is not None else typeset(design)
    if not is_runt(result):
        return Balanced(design, result)
    width_mm, height_mm = PAGE_MM[design.page_size]
    width = width_mm * PX_PER_UNIT["mm"]
    base = _between(design, theme, 0.0)
    content_height = height_mm * PX_PER_UNIT["mm"] - 2 * base.margin_px
    used = (result.pages - 1 + result.last_fill) * content_height
    was = (f"the last page (page {result.pages}) was {_percent(result.last_fill)} full")

    def pages_needed(settings: Settings) -> float:
        """Predicted pages of content at ``settings`` (a page holds more with narrower
        margins)."""
        page = content_height + 2 * (base.margin_px - settings.margin_px)
        return predicted_height(used, base, settings, width) / page

    # 1. Pull it back: the least tightening predicted to end a page earlier, then check.
    target = result.pages - 1
    steps = [i / STEPS for i in range(1, STEPS + 1)]
    start = next((s for s in steps
                  if pages_needed(_between(design, theme, s)) <= target * SAFETY), None)
    if start is not None:
        for s in dict.fromkeys((start, min(1.0, start + 0.15), 1.0)):
            tight = _design_at(design, _between(design, theme, s))
            tried = typeset(tight)
            if tried.pages <= target and not is_runt(tried):
                return Balanced(tight, tried, (
                    f"{was}; tightened {design_changes(design, tight)} to end on page "
                    f"{tried.pages} ({_percent(tried.last_fill)} full)",))
    # 2. Spread the slack: loosen until the last page is more than a runt, within ceilings.
    def last_fill(s: float) -> float:
        return pages_needed(_loosened(design, s)) - (result.pages - 1)

    start = next((s for s in steps if SPREAD_TARGET <= last_fill(s) < 1), None)
    if start is not None:
        for s in dict.fromkeys((start, min(1.0, start + 0.3), 1.0)):
            loose = _design_at(design, _loosened(design, s))
            tried = typeset(loose)
            if tried.pages > result.pages:
                break  # loosened too far: a new runt page
            if not is_runt(tried):
                return Balanced(loose, tried, (
                    f"{was}; no tightening within the theme's floors ends a page earlier, "
                    f"so the slack is spread: {design_changes(design, loose)} (last page now "
                    f"{_percent(tried.last_fill)} full)",))
    return Balanced(design, result, (
        f"{was}; neither the theme's floors nor its ceilings balance it: shorten or add "
        "content, or change `design:` (font_size, margins)",))

"""Variants: named selections from one CV (a one-page résumé, an academic CV, ...)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from cvtool.schema.common import Markup, Strict
from cvtool.schema.design import DesignOptions, PageSize


class DesignOverrides(DesignOptions):
    """Design values a variant changes; everything else comes from the CV's `design:`."""

    theme: str | None = Field(None, description="Theme for this variant.", examples=["compact"])
    page_size: PageSize | None = Field(None, description="Paper size.", examples=["Letter"])


Count = Annotated[int, Field(ge=0)]
PerSection = Count | dict[str, Count]


class Variant(Strict):
    """What one variant shows. Selection is the same for every output format."""

    sections: list[str] | None = Field(
        None, description="Sections to show, in this order (keys as written in `sections:`). "
        "All, in the CV's order, when unset.",
        examples=[["Education", "Working Experience", "Publications", "Skills"]])
    include_tags: list[str] = Field(
        default_factory=list, description="Tagged entries and bullets are shown only when one "
        "of their tags is listed here; untagged ones are always shown.", examples=[["resume"]])
    exclude_tags: list[str] = Field(
        default_factory=list, description="Entries and bullets with any of these tags are left "
        "out.", examples=[["teaching"]])
    max_entries: PerSection | None = Field(
        None, description="Most entries per section: one number for all, or per section.",
        examples=[3, {"Working Experience": 3}])
    max_bullets: PerSection | None = Field(
        None, description="Most bullets per entry (highest priority first): one number "
        "for all, or per section.", examples=[3])
    max_publications: int | None = Field(
        None, ge=0, description="Most publications (selected, then newest, first).",
        examples=[6])
    selected_only: bool = Field(
        False, description="Show only publications marked `selected: true`.", examples=[True])
    since: int | None = Field(
        None, ge=1000, le=2999,
        description="Leave out entries that ended before this year (undated ones stay).",
        examples=[2019])
    headline: Markup | None = Field(
        None, description="Replaces the CV's headline.", examples=["Applied Scientist"])
    summary: Markup | None = Field(
        None, description="Replaces the CV's summary.", examples=["Builds data for video models."])
    titles: dict[str, str] = Field(
        default_factory=dict, description="Section titles to show instead, by section key.",
        examples=[{"Working Experience": "Experience"}])
    design: DesignOverrides = Field(
        default_factory=DesignOverrides, description="Design changes for this variant.",
        examples=[{"theme": "compact", "font_size": 9.5}])
    public: bool = Field(
        False, description="A public build: leave out everything marked private (`private:` "
        "paths, `private: true` entries, bullets and sections) from every format, metadata "
        "included; page fitting measures what is left.", examples=[True])
    max_pages: int | None = Field(
        None, ge=1, le=50, description="Fit the PDF into this many pages: tighten spacing within "
        "the theme's floors, then drop the lowest-priority content.", examples=[1])

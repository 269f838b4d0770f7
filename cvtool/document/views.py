"""The views renderers receive: frozen, format-neutral, one per kind of thing on the page.

Text stays as parsed inline markup (:mod:`cvtool.markup`); dates, author lists and labels
are already decided. Every item keeps its ``origin`` (its path in the source), so page
fitting can measure it and tools can trace it back. A section is one of four typed views
(:class:`EntrySectionView`, :class:`PublicationSectionView`, :class:`ListSectionView`,
:class:`TextSectionView`), so a renderer chooses how to write it once, from its type.
Nothing here is escaped: that is :mod:`cvtool.markup`'s job (and, for plain strings in
HTML, Jinja's autoescape).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import ClassVar, Generic, TypeVar, assert_never

from cvtool.markup import Inline
from cvtool.schema import Design

T = TypeVar("T")


@dataclass(frozen=True)
class ContactView:
    kind: str
    label: str
    icon: str
    text: str
    url: str | None


Origin = tuple[str | int, ...]


@dataclass(frozen=True)
class BulletView:
    body: Inline
    label: str | None = None
    origin: Origin = ()  # where it was written: ("sections", key, entry, "highlights", n)


@dataclass(frozen=True)
class RoleView:
    title: Inline
    dates: str = ""


@dataclass(frozen=True)
class LinkView:
    label: str
    url: str


@dataclass(frozen=True)
class HeadRow:
    """One line of an entry's heading: something on the left, a place or a time on the right."""

    left: Inline
    left_role: str  # "title" or "role"
    right: str = ""
    right_role: str = ""  # "location", "dates" or ""
    note: Inline = ()


@dataclass(frozen=True)
class EntryView:
    """Education, experience, project and custom entries share one shape."""

    kind: str
    title: Inline
    note: Inline = ()
    roles: tuple[RoleView, ...] = ()
    location: str = ""
    dates: str = ""
    details: tuple[tuple[str, Inline], ...] = ()
    description: Inline = ()
    bullets: tuple[BulletView, ...] = ()
    links: tuple[LinkView, ...] = ()
    origin: Origin = ()

    @cached_property
    def rows(self) -> tuple[HeadRow, ...]:
        """Pair the title and roles (left) with location and dates (right), line by line,
        as a CV reads: organization and place, then role and time. (Computed once: its rows
        are the objects :attr:`lead_dates` names.)"""
        rights = [(text, role) for text, role in ((self.location, "location"),
                                                  (self.dates, "dates")) if text]
        rows = [HeadRow(self.title, "title", *(rights.pop(0) if rights else ("", "")),
                        note=self.note)]
        for role in self.roles:
            if role.dates:
                rows.append(HeadRow(role.title, "role", role.dates, "dates"))
            else:
                rows.append(HeadRow(role.title, "role", *(rights.pop(0) if rights else ("", ""))))
        rows.extend(HeadRow((), "", text, kind) for text, kind in rights)
        return tuple(rows)

    @property
    def lead_dates(self) -> HeadRow | None:
        """The row whose dates lead the entry where a theme has a date column (both engines
        set them beside the entry's first line, where plain text extraction reads them
        with it): the first row's, or else the entry's only dated row's; None when the
        entry has several dated roles and no dates of its own."""
        dated = [row for row in self.rows if row.right_role == "dates"]
        if self.rows[0].right_role == "dates" or len(dated) == 1:
            return dated[0]
        return None


@dataclass(frozen=True)
class PublicationView:
    number: str
    authors: Inline
    title: Inline
    venue: Inline
    year: str
    date: str
    citation: Inline
    links: tuple[LinkView, ...] = ()
    code_available: bool = False
    abstract: Inline = ()
    categories: tuple[str, ...] = ()
    metrics: tuple[tuple[str, str], ...] = ()
    note: str = ""
    selected: bool = False
    origin: Origin = ()
    kind: str = ""
    key: str = ""
    code_label: str = "Code"  # what "code available" (without a link) reads as


@dataclass(frozen=True)
class ListView:
    label: str | None
    items: tuple[Inline, ...]
    origin: Origin = ()


@dataclass(frozen=True)
class GroupView:
    """Publications under one heading (``Journal Articles``, ``2023``) of a grouped section."""

    title: str
    entries: tuple[PublicationView, ...]


@dataclass(frozen=True)
class SectionView:
    """What every section has. A renderer gets one of the four kinds below and picks how to
    write it from the kind's type (``layout`` names it for templates): a new section kind is
    a new class here and one entry in each renderer's table."""

    key: str
    title: str
    kind: str  # the schema's section kind: "education", "skills", "publication", ...

    layout: ClassVar[str] = ""


@dataclass(frozen=True)
class EntrySectionView(SectionView):
    """Education, experience, project and generic sections."""

    entries: tuple[EntryView, ...] = ()

    layout: ClassVar[str] = "entries"


@dataclass(frozen=True)
class PublicationSectionView(SectionView):
    entries: tuple[PublicationView, ...] = ()
    groups: tuple[GroupView, ...] = ()  # the same entries under headings, when grouped
    legend: str = ""  # what * and † mean, when given once for the section

    layout: ClassVar[str] = "publications"


@dataclass(frozen=True)
class ListSectionView(SectionView):
    """Skills and service: items, with or without a label."""

    entries: tuple[ListView, ...] = ()

    layout: ClassVar[str] = "lists"


@dataclass(frozen=True)
class TextSectionView(SectionView):
    """Paragraphs of text, each with an optional label (the shape of a bullet)."""

    entries: tuple[BulletView, ...] = ()

    layout: ClassVar[str] = "paragraphs"


AnySection = EntrySectionView | PublicationSectionView | ListSectionView | TextSectionView


@dataclass(frozen=True)
class SectionBodies(Generic[T]):
    """A renderer's way of writing each kind of section body, called with any section: the
    one place where a section's type decides how it is written (a new kind of section is a
    new field here, which every renderer must then fill)."""

    entries: Callable[[EntrySectionView], T]
    publications: Callable[[PublicationSectionView], T]
    lists: Callable[[ListSectionView], T]
    paragraphs: Callable[[TextSectionView], T]

    def __call__(self, section: AnySection) -> T:
        match section:
            case EntrySectionView():
                return self.entries(section)
            case PublicationSectionView():
                return self.publications(section)
            case ListSectionView():
                return self.lists(section)
            case TextSectionView():
                return self.paragraphs(section)
            case _:
                assert_never(section)


@dataclass(frozen=True)
class PageWords:
    """The words a renderer writes around the content, already in the document's language
    (from :mod:`cvtool.i18n`): the page's title, the metadata's subject, the photo's
    alternative text and the running footer, whose ``{page}`` and ``{pages}`` the renderer
    turns into its own page counters."""

    title: str = ""
    subject: str = ""
    photo: str = ""
    page: str = "page {page} of {pages}"
    pdf: str = "PDF"  # the web page's links: to its PDF, to its other versions, to the full CV
    versions: str = "Other versions"
    full: str = "Full CV"


@dataclass(frozen=True)
class Document:
    name: str
    headline: Inline
    location: str
    contacts: tuple[ContactView, ...]
    metrics: tuple[tuple[str, str], ...]
    summary: Inline
    sections: tuple[AnySection, ...]
    lang: str
    design: Design
    keywords: tuple[str, ...] = field(default=())
    photo: Path | None = None
    words: PageWords = field(default_factory=PageWords)

    @property
    def title(self) -> str:
        return self.words.title or f"{self.name} – Curriculum Vitae"

"""The format-neutral view of a CV: every presentation decision that all formats share.

Dates are formatted, the owner's name is highlighted in author lists, citations are put
together, contacts get their labels and links. What is left to a renderer is only output
syntax: text stays as parsed inline markup (see :mod:`cvtool.markup`) until then.

The package's modules: :mod:`.views` (what renderers receive), :mod:`.dates`,
:mod:`.citations` (author lists, citations, publication order), :mod:`.contacts`; this
module puts entries and sections together, and :mod:`.crossrefs` resolves ``[@key]``
references to papers against the document's own numbering. Profile metrics are content:
:mod:`cvtool.metrics`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from cvtool import markup
from cvtool.document.citations import (
    author_list,
    metric_label,
    owner_names,
    publication_order,
    publication_view,
    section_legend,
)
from cvtool.document.contacts import contact_views
from cvtool.document.crossrefs import resolver
from cvtool.document.dates import format_date, format_dates
from cvtool.document.entries import Origins, entry_view, list_view, reader, single_line
from cvtool.document.views import (
    AnySection,
    BulletView,
    ContactView,
    Document,
    EntrySectionView,
    EntryView,
    GroupView,
    HeadRow,
    LinkView,
    ListSectionView,
    ListView,
    Origin,
    PageWords,
    PublicationSectionView,
    PublicationView,
    RoleView,
    SectionBodies,
    SectionView,
    TextSectionView,
)
from cvtool.i18n import ENGLISH, Words, words
from cvtool.metrics import profile_metrics
from cvtool.names import OwnerNames
from cvtool.schema import Cv
from cvtool.schema.cv import ListSection, PublicationSection, TextSection

__all__ = [
    "AnySection",
    "BulletView",
    "ContactView",
    "Document",
    "EntrySectionView",
    "EntryView",
    "GroupView",
    "HeadRow",
    "LinkView",
    "ListSectionView",
    "ListView",
    "Origin",
    "PageWords",
    "PublicationSectionView",
    "PublicationView",
    "RoleView",
    "SectionBodies",
    "SectionView",
    "TextSectionView",
    "author_list",
    "build_document",
    "format_date",
    "format_dates",
    "profile_metrics",
]


def _multilingual(cv: Cv) -> bool:
    """Whether the CV is built in more than one language (its `languages:`): then a date
    written in words is shown in the language built, not as written (see .dates)."""
    return len(cv.languages) > 1


def section_title(cv: Cv, key: str, said: Words = ENGLISH) -> str:
    """The title a section shows: its ``title:``, else its key; a key that is its kind's
    English default title (``Education``, ``Publications``) is cvtool's word and is shown
    in the language built (``Ausbildung``). Any other key is the CV's own text."""
    section = cv.sections[key]
    if section.title:
        return section.title
    default = ENGLISH.get(f"sections.{section.kind}")
    return said[f"sections.{section.kind}"] if default is not None and key == default else key


def _publication_section(cv: Cv, key: str, section: PublicationSection, owner: OwnerNames,
                         origins: Origins, said: Words) -> PublicationSectionView:
    """Order, number and group the publications; the number follows the order shown."""
    groups = publication_order(section, said)
    count = sum(len(members) for _, members in groups)
    legends = section.legend == "inline"
    marks: set[str] = set()
    views: list[tuple[str, PublicationView]] = []
    for title, members in groups:
        for index in members:
            shown = len(views)
            number = {"ascending": f"[{shown + 1}]", "descending": f"[{count - shown}]",
                      "none": ""}[section.numbering]
            view, used = publication_view(section.entries[index], number, owner, cv.design.dates,
                                      origins("sections", key, index), section.max_authors,
                                      legends, said, multilingual=_multilingual(cv))
            marks |= used
            views.append((title, view))
    grouped = tuple(GroupView(title, tuple(v for t, v in views if t == title))
                    for title, _ in groups) if section.group_by else ()
    return PublicationSectionView(key, section_title(cv, key, said), section.kind,
                                  tuple(v for _, v in views), groups=grouped,
                                  legend="" if legends else section_legend(marks, said))


def _section(cv: Cv, key: str, owner: OwnerNames, origins: Origins,
             said: Words = ENGLISH) -> AnySection:
    section = cv.sections[key]
    read = reader(cv.tex_fields)
    title = section_title(cv, key, said)
    if isinstance(section, PublicationSection):
        return _publication_section(cv, key, section, owner, origins, said)
    if isinstance(section, ListSection):
        return ListSectionView(key, title, section.kind, tuple(
            ListView(item.label, tuple(markup.parse(i) for i in item.items),
                     origins("sections", key, index))
            for index, item in enumerate(section.entries)))
    if isinstance(section, TextSection):
        return TextSectionView(key, title, section.kind, tuple(
            BulletView(read("text", b.text), b.label, origins("sections", key, index))
            for index, b in enumerate(section.entries)))
    if section.kind in ("language", "interest"):
        return ListSectionView(key, title, section.kind, tuple(
            list_view(item, origins("sections", key, index), said)
            for index, item in enumerate(section.entries)))
    lines = [single_line(item, read) for item in section.entries]
    if lines and all(lines):
        return TextSectionView(key, title, section.kind, tuple(
            replace(line, origin=origins("sections", key, index))
            for index, line in enumerate(lines) if line))
    return EntrySectionView(key, title, section.kind, tuple(
        entry_view(item, section.kind, cv.design.dates, ("sections", key, index), origins,
                   owner, read, said, multilingual=_multilingual(cv))
        for index, item in enumerate(section.entries)))


def build_document(cv: Cv, photo: Path | None = None,
                   origins: dict[Origin, Origin] | None = None,
                   whole: Cv | None = None) -> Document:
    """Make the format-neutral view of a validated CV. ``photo`` is the checked, absolute
    path of ``cv.photo`` (resolving it against the source folder is the caller's job).
    ``whole``: the CV a variant was selected from, which computed profile metrics count
    (a résumé showing six papers still has the paper count of the whole list)."""
    owner = owner_names(cv)
    where = Origins(origins)
    said = words(cv.lang)  # cvtool's own words in the language built (cvtool.i18n)
    sections = tuple(_section(cv, key, owner, where, said) for key in cv.sections)
    # [@key] cross-references: the numbers the papers have in this document (see .crossrefs)
    resolve = resolver(((p.key, p.number) for s in sections
                        if isinstance(s, PublicationSectionView) for p in s.entries),
                       whole or cv, said)
    sections = resolve(sections)
    keywords = tuple(markup.to_text(i) for s in sections
                     if isinstance(s, ListSectionView) and s.kind in ("skills", "interest")
                     for entry in s.entries for i in entry.items)
    return Document(
        name=cv.name,
        headline=resolve(reader(cv.tex_fields)("headline", cv.headline)),
        location=cv.location or "",
        contacts=contact_views(cv, said),
        metrics=tuple((metric_label(label, said), value)
                      for label, value in profile_metrics(whole or cv)),
        summary=resolve(reader(cv.tex_fields)("summary", cv.summary)),
        sections=sections,
        lang=cv.lang,
        design=cv.design,
        keywords=keywords,
        photo=photo,
        words=PageWords(title=said("document.title", name=cv.name),
                        subject=said("document.subject", name=cv.name),
                        photo=said("document.photo", name=cv.name),
                        page=said["document.page"], pdf=said["document.pdf"],
                        versions=said["document.versions"], full=said["document.full"]),
    )

"""The format-neutral view of a CV: every presentation decision that all formats share.

Dates are formatted, the owner's name is highlighted in author lists, citations are put
together, contacts get their labels and links. What is left to a renderer is only output
syntax: text stays as parsed inline markup (see :mod:`cvtool.markup`) until then.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from cvtool import markup
from cvtool.markup import Inline, Text
from cvtool.schema import ET_AL, Cv, CvDate, DateRange, Design
from cvtool.schema import entries as e
from cvtool.schema.cv import ListSection, PublicationSection, TextSection


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

    @property
    def rows(self) -> tuple[HeadRow, ...]:
        """Pair the title and roles (left) with location and dates (right), line by line,
        as a CV reads: organization and place, then role and time."""
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


@dataclass(frozen=True)
class ListView:
    label: str | None
    items: tuple[Inline, ...]
    origin: Origin = ()


@dataclass(frozen=True)
class SectionView:
    key: str
    title: str
    kind: str
    entries: tuple[EntryView | PublicationView | ListView | BulletView, ...]


@dataclass(frozen=True)
class Document:
    name: str
    headline: Inline
    location: str
    contacts: tuple[ContactView, ...]
    metrics: tuple[tuple[str, str], ...]
    summary: Inline
    sections: tuple[SectionView, ...]
    lang: str
    design: Design
    keywords: tuple[str, ...] = field(default=())
    photo: Path | None = None

    @property
    def title(self) -> str:
        return f"{self.name} – Curriculum Vitae"


# --- dates ------------------------------------------------------------------------------


def format_date(date: CvDate, style: str) -> str:
    if date.is_present:
        return date.written or "Present"
    if style == "as-written" and date.written:
        return date.written
    if style == "numeric":
        return date.iso()
    assert date.year is not None
    if date.month is None:
        return str(date.year)
    names = calendar.month_name if style == "long" else calendar.month_abbr
    month = names[date.month]
    return f"{month} {date.day}, {date.year}" if date.day else f"{month} {date.year}"


def format_dates(dates: DateRange | None, style: str) -> str:
    if dates is None:
        return ""
    start = format_date(dates.start, style)
    return f"{start} – {format_date(dates.end, style)}" if dates.end else start


# --- names ------------------------------------------------------------------------------


def _name_key(name: str) -> str:
    """Compare names loosely: case, accents, dots and "Last, First" order do not matter."""
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first} {last}"
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c))
    return " ".join(re.sub(r"[.\s]+", " ", name).casefold().split())


def owner_name_keys(cv: Cv) -> frozenset[str]:
    """The owner's name, its aliases, and the initialled form (``Z. Li``)."""
    keys = {_name_key(n) for n in (cv.name, *cv.aliases)}
    parts = cv.name.split()
    if len(parts) >= 2:
        keys.add(_name_key(f"{parts[0][0]}. {parts[-1]}"))
    return frozenset(keys)


def _author_list(pub: e.Publication, owner: frozenset[str]) -> Inline:
    names = [a for a in pub.authors if a.strip().casefold() not in ET_AL]
    truncated = len(names) < len(pub.authors)
    last_equal = max((names.index(a) for a in pub.equal_contribution if a in names), default=-1)
    rendered: list[Inline] = []
    for index, name in enumerate(names):
        marks = ("*" if name in pub.equal_contribution else "") + (
            "†" if name in pub.corresponding else "")
        node: Inline = (Text(name + marks),)
        if _name_key(name) in owner:
            node = markup.strong(node)
        if index == last_equal and len(pub.equal_contribution) > 1:
            node = (*node, Text(" (* Equal Contribution)"))
        rendered.append(node)
    parts: list[markup.Node] = []
    for index, node in enumerate(rendered):
        if index:
            if truncated or len(rendered) > 2:
                parts.append(Text(", "))
            if index == len(rendered) - 1 and not truncated:
                parts.append(Text("and " if len(rendered) > 2 else " and "))
        parts.extend(node)
    if truncated:
        parts.append(Text(", et al." if rendered else "et al."))
    if pub.corresponding:
        parts.append(Text(" († Corresponding author)"))
    return markup.merge(parts)


# --- sections ---------------------------------------------------------------------------


LINK_LABELS = {"code": "Code", "paper": "Paper", "arxiv": "arXiv", "project": "Project",
               "pdf": "PDF", "doi": "DOI", "slides": "Slides", "video": "Video",
               "poster": "Poster", "website": "Website", "demo": "Demo", "data": "Data"}


def _links(links: dict[str, str]) -> tuple[LinkView, ...]:
    return tuple(LinkView(LINK_LABELS.get(label.lower(), label), url)
                 for label, url in links.items())


class _Origins:
    """Maps positions in a (possibly variant-selected) CV back to the source's positions."""

    def __init__(self, mapping: dict[Origin, Origin] | None) -> None:
        self.mapping = mapping or {}

    def __call__(self, *path: str | int) -> Origin:
        return self.mapping.get(path, path)


def _bullets(bullets: list[e.Bullet], at: Origin, origins: _Origins) -> tuple[BulletView, ...]:
    return tuple(BulletView(markup.parse(b.text), b.label, origins(*at, "highlights", j))
                 for j, b in enumerate(bullets))


def _entry(item: e.Selectable, kind: str, style: str, at: Origin,
           origins: _Origins) -> EntryView:
    origin = origins(*at)
    if isinstance(item, e.Education):
        details = [("Advisor", markup.plain(item.advisor))] if item.advisor else []
        if item.thesis:
            details.append(("Thesis", markup.parse(item.thesis)))
        if item.grade:
            details.append(("Grade", markup.plain(item.grade)))
        return EntryView(
            kind, markup.plain(item.institution),
            roles=(RoleView(markup.plain(item.degree)),) if item.degree else (),
            location=item.location or "", dates=format_dates(item.dates, style),
            details=tuple(details), bullets=_bullets(item.highlights, at, origins),
            links=_links(item.links),
            origin=origin)
    if isinstance(item, e.Experience):
        details = [("Project", markup.parse(item.project))] if item.project else []
        if item.mentors:
            label = "Mentors" if len(item.mentors) > 1 else "Mentor"
            details.append((label, markup.plain(", ".join(item.mentors))))
        return EntryView(
            kind, markup.plain(item.organization),
            note=markup.plain(item.team) if item.team else (),
            roles=tuple(RoleView(markup.plain(p.title), format_dates(p.dates, style))
                        for p in item.positions),
            location=item.location or "", dates=format_dates(item.dates, style),
            details=tuple(details), bullets=_bullets(item.highlights, at, origins),
            links=_links(item.links),
            origin=origin)
    if isinstance(item, e.Project):
        return EntryView(
            kind, markup.parse(item.title),
            roles=(RoleView(markup.plain(item.role)),) if item.role else (),
            location=item.location or "", dates=format_dates(item.dates, style),
            bullets=_bullets(item.highlights, at, origins), links=_links(item.links),
            origin=origin)
    assert isinstance(item, e.Generic)
    return EntryView(
        kind, markup.parse(item.title),
        roles=(RoleView(markup.parse(item.subtitle)),) if item.subtitle else (),
        location=item.location or "", dates=format_dates(item.dates, style),
        description=markup.parse(item.description) if item.description else (),
        bullets=_bullets(item.highlights, at, origins), links=_links(item.links),
            origin=origin)


def format_number(value: int | float | str) -> str:
    if isinstance(value, bool | str):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,}"


def _publication_links(pub: e.Publication) -> tuple[LinkView, ...]:
    links = list(_links(pub.links))
    labels = {link.label for link in links}
    if pub.arxiv and "arXiv" not in labels:
        links.append(LinkView("arXiv", f"https://arxiv.org/abs/{pub.arxiv}"))
    if pub.doi and "DOI" not in labels:
        links.append(LinkView("DOI", f"https://doi.org/{pub.doi}"))
    return tuple(links)


_IN_VENUE = {"conference", "workshop", "chapter"}


def _publication(pub: e.Publication, number: str, owner: frozenset[str],
                 style: str, origin: Origin = ()) -> PublicationView:
    authors = _author_list(pub, owner)
    title = markup.plain(pub.title)
    venue: Inline = ()
    if pub.venue:
        venue = (Text("In "), markup.Emph(markup.plain(pub.venue))) if pub.kind in _IN_VENUE \
            else (markup.Emph(markup.plain(pub.venue)),)
    year = str(pub.year_value)
    title_end = "" if pub.title.rstrip()[-1:] in ".?!" else "."
    after_authors = "" if not authors or markup.to_text(authors).endswith(".") else "."
    citation: list[markup.Node] = [*authors, Text(after_authors + " " if authors else ""), *title,
                                   Text(title_end + " ")]
    if venue:
        citation.extend((*venue, Text(", ")))
    citation.append(Text(year + "."))
    if pub.note:
        citation.append(Text(f" {pub.note}."))
    return PublicationView(
        number=number, authors=authors, title=title, venue=venue, year=year,
        date=format_date(pub.date, style) if pub.date else year,
        citation=markup.merge(citation), links=_publication_links(pub),
        code_available=pub.code_available or "code" in {k.lower() for k in pub.links},
        abstract=markup.plain(pub.abstract) if pub.abstract else (),
        categories=tuple(pub.categories),
        metrics=tuple((k, format_number(v)) for k, v in pub.metrics.items()),
        note=pub.note or "", selected=pub.selected, origin=origin)


def _section(cv: Cv, key: str, owner: frozenset[str], origins: _Origins) -> SectionView:
    section = cv.sections[key]
    style = cv.design.dates
    views: list[EntryView | PublicationView | ListView | BulletView] = []
    if isinstance(section, PublicationSection):
        count = len(section.entries)
        for index, pub in enumerate(section.entries):
            number = {"ascending": f"[{index + 1}]", "descending": f"[{count - index}]",
                      "none": ""}[section.numbering]
            views.append(_publication(pub, number, owner, style,
                                      origins("sections", key, index)))
    elif isinstance(section, ListSection):
        views.extend(ListView(item.label, tuple(markup.parse(i) for i in item.items),
                              origins("sections", key, index))
                     for index, item in enumerate(section.entries))
    elif isinstance(section, TextSection):
        views.extend(BulletView(markup.parse(b.text), b.label, origins("sections", key, index))
                     for index, b in enumerate(section.entries))
    else:
        views.extend(_entry(item, section.kind, style, ("sections", key, index), origins)
                     for index, item in enumerate(section.entries))
    return SectionView(key, cv.section_title(key), section.kind, tuple(views))


# --- contacts ---------------------------------------------------------------------------


def _profile(value: str, base: str) -> tuple[str, str]:
    if value.startswith(("http://", "https://")):
        return value, value
    return f"{base.removeprefix('https://')}{value}", f"{base}{value}"


def _contacts(cv: Cv) -> tuple[ContactView, ...]:
    c = cv.contact
    views: list[ContactView] = []
    for kind in c.in_order():
        if kind == "links":
            views.extend(ContactView("link", link.label, "🔗", link.url, link.url)
                         for link in c.links)
            continue
        value: str = getattr(c, kind)
        if kind == "email":
            views.append(ContactView(kind, "E-mail", "✉", value, f"mailto:{value}"))
        elif kind == "phone":
            digits = re.sub(r"[^\d+]", "", value)
            views.append(ContactView(kind, "Phone", "📞", value, f"tel:{digits}"))
        elif kind == "homepage":
            views.append(ContactView(kind, "Homepage", "🏡", value, value))
        elif kind == "github":
            text, url = _profile(value, "https://github.com/")
            views.append(ContactView(kind, "GitHub", "", text, url))
        elif kind == "linkedin":
            text, url = _profile(value, "https://www.linkedin.com/in/")
            views.append(ContactView(kind, "LinkedIn", "", text, url))
        elif kind == "scholar":
            text, url = _profile(value, "https://scholar.google.com/citations?user=")
            views.append(ContactView(kind, "Google Scholar", "", text, url))
        elif kind == "orcid":
            orcid = value.removeprefix("https://orcid.org/")
            views.append(ContactView(kind, "ORCID", "", orcid, f"https://orcid.org/{orcid}"))
    return tuple(views)


def build_document(cv: Cv, photo: Path | None = None,
                   origins: dict[Origin, Origin] | None = None) -> Document:
    """Make the format-neutral view of a validated CV. ``photo`` is the checked, absolute
    path of ``cv.photo`` (resolving it against the source folder is the caller's job)."""
    owner = owner_name_keys(cv)
    where = _Origins(origins)
    sections = tuple(_section(cv, key, owner, where) for key in cv.sections)
    keywords = tuple(markup.to_text(i) for s in sections if s.kind == "skills"
                     for entry in s.entries if isinstance(entry, ListView) for i in entry.items)
    return Document(
        name=cv.name,
        headline=markup.parse(cv.headline) if cv.headline else (),
        location=cv.location or "",
        contacts=_contacts(cv),
        metrics=tuple((label, format_number(v)) for label, v in cv.metrics.items()),
        summary=markup.parse(cv.summary) if cv.summary else (),
        sections=sections,
        lang=cv.lang,
        design=cv.design,
        keywords=keywords,
        photo=photo,
    )

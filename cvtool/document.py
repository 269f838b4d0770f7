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
from cvtool.names import OwnerNames
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
    kind: str = ""
    key: str = ""


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
    key: str
    title: str
    kind: str
    entries: tuple[EntryView | PublicationView | ListView | BulletView, ...]
    groups: tuple[GroupView, ...] = ()  # the same entries under headings, when grouped
    legend: str = ""  # what * and † mean, when given once for the section


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
    """The owner's name, its aliases, and the initialled form (``Z. Li``), as exact keys.
    (Author lists are matched more loosely, by :func:`owner_names`.)"""
    keys = {_name_key(n) for n in (cv.name, *cv.aliases)}
    parts = cv.name.split()
    if len(parts) >= 2:
        keys.add(_name_key(f"{parts[0][0]}. {parts[-1]}"))
    return frozenset(keys)


def owner_names(cv: Cv) -> OwnerNames:
    """Finds the owner in author lists however the name is written (see :mod:`cvtool.names`)."""
    return OwnerNames((cv.name, *cv.aliases))


ELLIPSIS = "…"
EQUAL_LEGEND = "* Equal Contribution"
CORRESPONDING_LEGEND = "† Corresponding author"


def shown_authors(names: list[str], owner: OwnerNames,
                  max_authors: int | None) -> tuple[list[int | None], bool]:
    """Which authors to show (indices; ``None`` marks an ellipsis) and whether more follow.

    With ``max_authors``, the first ones are shown; if the owner would be cut, the list
    ends ``A, B, …, Owner`` so that the CV's owner stays visible."""
    if max_authors is None or len(names) <= max_authors:
        return list(range(len(names))), False
    mine = next((i for i, name in enumerate(names) if name in owner), None)
    if mine is None or mine < max_authors:
        return list(range(max_authors)), True
    head: list[int | None] = list(range(max_authors - 1))
    return [*head, None, mine], mine < len(names) - 1


def _author_list(pub: e.Publication, owner: OwnerNames, max_authors: int | None = None,
                 legends: bool = True) -> tuple[Inline, frozenset[str]]:
    """The author list with the owner in bold and * / † marks; also the marks shown.
    ``legends``: say what the marks mean right there (else the section says it once)."""
    names = [a for a in pub.authors if a.strip().casefold() not in ET_AL]
    shown, cut = shown_authors(names, owner, max_authors)
    truncated = cut or len(names) < len(pub.authors)
    visible = [names[i] for i in shown if i is not None]
    equal = [a for a in visible if a in pub.equal_contribution]
    last_equal = max((j for j, i in enumerate(shown) if i is not None
                      and names[i] in pub.equal_contribution), default=-1)
    marks_shown: set[str] = set()
    rendered: list[Inline] = []
    for position, index in enumerate(shown):
        if index is None:
            rendered.append((Text(ELLIPSIS),))
            continue
        name = names[index]
        marks = ("*" if name in pub.equal_contribution else "") + (
            "†" if name in pub.corresponding else "")
        marks_shown.update(marks)
        node: Inline = (Text(name + marks),)
        if name in owner:
            node = markup.strong(node)
        if legends and position == last_equal and len(equal) > 1:
            node = (*node, Text(f" ({EQUAL_LEGEND})"))
        rendered.append(node)
    has_gap = None in shown
    parts: list[markup.Node] = []
    for index, node in enumerate(rendered):
        if index:
            if truncated or has_gap or len(rendered) > 2:
                parts.append(Text(", "))
            if index == len(rendered) - 1 and not truncated and not has_gap:
                parts.append(Text("and " if len(rendered) > 2 else " and "))
        parts.extend(node)
    if truncated:
        parts.append(Text(", et al." if rendered else "et al."))
    if legends and "†" in marks_shown:
        parts.append(Text(f" ({CORRESPONDING_LEGEND})"))
    return markup.merge(parts), frozenset(marks_shown)


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


def _description(item: e.Entry) -> Inline:
    return markup.parse(item.description) if item.description else ()


def _entry(item: e.Selectable, kind: str, style: str, at: Origin,
           origins: _Origins) -> EntryView:
    origin = origins(*at)
    if isinstance(item, e.Education):
        details = [("Advisor", markup.plain(item.advisor))] if item.advisor else []
        if item.thesis:
            details.append(("Thesis", markup.parse(item.thesis)))
        if item.grade:
            details.append(("Grade", markup.plain(item.grade)))
        if item.courses:
            details.append(("Courses", markup.plain(", ".join(item.courses))))
        return EntryView(
            kind, markup.plain(item.institution),
            roles=(RoleView(markup.plain(item.degree)),) if item.degree else (),
            location=item.location or "", dates=format_dates(item.dates, style),
            details=tuple(details), bullets=_bullets(item.highlights, at, origins),
            description=_description(item),
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
            links=_links(item.links), description=_description(item),
            origin=origin)
    if isinstance(item, e.Project):
        return EntryView(
            kind, markup.parse(item.title),
            roles=(RoleView(markup.plain(item.role)),) if item.role else (),
            description=_description(item),
            location=item.location or "", dates=format_dates(item.dates, style),
            bullets=_bullets(item.highlights, at, origins), links=_links(item.links),
            origin=origin)
    assert isinstance(item, e.Generic)
    return EntryView(
        kind, markup.parse(item.title),
        roles=(RoleView(markup.parse(item.subtitle)),) if item.subtitle else (),
        location=item.location or "", dates=format_dates(item.dates, style),
        description=_description(item),
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


def _locator(pub: e.Publication) -> str:
    """Volume, issue and pages as citations write them: ``11(35):9524–9531``, ``pages 1–10``."""
    pages = ""
    if pub.pages:
        several = any(c in pub.pages for c in "-–,")
        pages = pub.pages if pub.volume and pub.kind not in _IN_VENUE else (
            f"{'pages' if several else 'page'} {pub.pages}")
    if pub.volume and pub.kind not in _IN_VENUE:
        issue = f"({pub.number})" if pub.number else ""
        return f"{pub.volume}{issue}" + (f":{pages}" if pages else "")
    volume = f"volume {pub.volume}" if pub.volume else ""
    return ", ".join(x for x in (volume, pages) if x)


def _publication(pub: e.Publication, number: str, owner: OwnerNames,
                 style: str, origin: Origin = (), max_authors: int | None = None,
                 legends: bool = True) -> tuple[PublicationView, frozenset[str]]:
    authors, marks = _author_list(pub, owner, max_authors, legends)
    title = markup.plain(pub.title)
    venue: Inline = ()
    if pub.venue:
        venue = (Text("In "), markup.Emph(markup.plain(pub.venue))) if pub.kind in _IN_VENUE \
            else (markup.Emph(markup.plain(pub.venue)),)
    if locator := _locator(pub):
        venue = (*venue, Text(", " + locator)) if venue else (Text(locator),)
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
        note=pub.note or "", selected=pub.selected, origin=origin, kind=pub.kind,
        key=pub.key or ""), marks


# Headings of a section grouped by kind, in the order they are shown.
KIND_HEADINGS = {
    "journal": "Journal Articles", "conference": "Conference Papers",
    "workshop": "Workshop Papers", "chapter": "Book Chapters", "book": "Books",
    "preprint": "Preprints", "thesis": "Theses", "report": "Technical Reports",
    "patent": "Patents", "talk": "Talks", "other": "Other Publications",
}


def _date_key(pub: e.Publication) -> tuple[int, int, int]:
    if pub.date is not None and pub.date.year is not None:
        return (pub.date.year, pub.date.month or 0, pub.date.day or 0)
    return (pub.year_value, 0, 0)


def publication_order(section: PublicationSection) -> list[tuple[str, list[int]]]:
    """The section's entries (as indices) in the order shown, under group headings
    (one group with an empty heading when the section is not grouped)."""
    indices = list(range(len(section.entries)))
    pubs = section.entries
    if section.order != "as-written":
        indices.sort(key=lambda i: _date_key(pubs[i]), reverse=section.order == "newest-first")
    if section.group_by is None:
        return [("", indices)]
    groups: dict[str, list[int]] = {}
    if section.group_by == "kind":
        for kind, heading in KIND_HEADINGS.items():
            groups[heading] = [i for i in indices if pubs[i].kind == kind]
    else:
        years = sorted({pubs[i].year_value for i in indices},
                       reverse=section.order != "oldest-first")
        for year in years:
            groups[str(year)] = [i for i in indices if pubs[i].year_value == year]
    return [(title, members) for title, members in groups.items() if members]


def _section_legend(marks: set[str]) -> str:
    return " · ".join(text for mark, text in (("*", EQUAL_LEGEND), ("†", CORRESPONDING_LEGEND))
                      if mark in marks)


def _publication_section(cv: Cv, key: str, section: PublicationSection, owner: OwnerNames,
                         origins: _Origins) -> SectionView:
    """Order, number and group the publications; the number follows the order shown."""
    groups = publication_order(section)
    count = sum(len(members) for _, members in groups)
    legends = section.legend == "inline"
    marks: set[str] = set()
    views: list[tuple[str, PublicationView]] = []
    for title, members in groups:
        for index in members:
            shown = len(views)
            number = {"ascending": f"[{shown + 1}]", "descending": f"[{count - shown}]",
                      "none": ""}[section.numbering]
            view, used = _publication(section.entries[index], number, owner, cv.design.dates,
                                      origins("sections", key, index), section.max_authors,
                                      legends)
            marks |= used
            views.append((title, view))
    grouped = tuple(GroupView(title, tuple(v for t, v in views if t == title))
                    for title, _ in groups) if section.group_by else ()
    return SectionView(key, cv.section_title(key), section.kind, tuple(v for _, v in views),
                       groups=grouped, legend="" if legends else _section_legend(marks))


def _section(cv: Cv, key: str, owner: OwnerNames, origins: _Origins) -> SectionView:
    section = cv.sections[key]
    style = cv.design.dates
    views: list[EntryView | PublicationView | ListView | BulletView] = []
    if isinstance(section, PublicationSection):
        return _publication_section(cv, key, section, owner, origins)
    if isinstance(section, ListSection):
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


# --- profile metrics --------------------------------------------------------------------

# Profile metrics cvtool can compute, and the labels that name each (compared without case).
METRIC_LABELS = {
    "h-index": ("h-index", "h index", "hindex", "h"),
    "papers": ("papers", "publications", "paper count", "publication count"),
    "citations": ("citations", "citation count", "cites", "cited by"),
}


def _metric_of(label: str) -> str | None:
    folded = label.casefold().strip()
    return next((name for name, labels in METRIC_LABELS.items() if folded in labels), None)


def computed_metrics(cv: Cv) -> dict[str, int | None]:
    """Paper count, citations and h-index from the publications of the whole CV (a paper
    listed in two sections counts once). Citations and h-index need every paper's
    ``metrics`` to give its citations; otherwise they are None."""
    papers: dict[str, e.Publication] = {}
    for section in cv.sections.values():
        if isinstance(section, PublicationSection):
            for pub in section.entries:
                papers.setdefault((pub.doi or "").lower() or _name_key(pub.title), pub)
    counts: list[int] = []
    for pub in papers.values():
        value = next((v for k, v in pub.metrics.items() if _metric_of(k) == "citations"), None)
        if not isinstance(value, int) or isinstance(value, bool):
            break
        counts.append(value)
    complete = len(counts) == len(papers) and bool(papers)
    ranked = sorted(counts, reverse=True)
    h_index = sum(1 for rank, cites in enumerate(ranked, 1) if cites >= rank)
    return {"h-index": h_index if complete else None, "papers": len(papers),
            "citations": sum(counts) if complete else None}


def profile_metrics(cv: Cv) -> tuple[tuple[str, str], ...]:
    """The profile metrics as written; a value ``auto`` is computed, and when the CV shows
    metrics at all, the h-index, paper count and citations it leaves out are added (labelled
    ``h-index``, ``papers``, ``citations``) when they can be computed from the papers."""
    if not cv.metrics:
        return ()
    computed = computed_metrics(cv)
    shown: list[tuple[str, str]] = []
    given: set[str] = set()
    for label, value in cv.metrics.items():
        which = _metric_of(label)
        if which:
            given.add(which)
        if value == "auto":
            number = computed.get(which) if which else None
            shown.append((label, format_number(number) if number is not None else "–"))
        else:
            shown.append((label, format_number(value)))
    shown += [(name, format_number(number)) for name, number in computed.items()
              if name not in given and number is not None]
    return tuple(shown)


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
                   origins: dict[Origin, Origin] | None = None,
                   whole: Cv | None = None) -> Document:
    """Make the format-neutral view of a validated CV. ``photo`` is the checked, absolute
    path of ``cv.photo`` (resolving it against the source folder is the caller's job).
    ``whole``: the CV a variant was selected from, which computed profile metrics count
    (a résumé showing six papers still has the paper count of the whole list)."""
    owner = owner_names(cv)
    where = _Origins(origins)
    sections = tuple(_section(cv, key, owner, where) for key in cv.sections)
    keywords = tuple(markup.to_text(i) for s in sections if s.kind == "skills"
                     for entry in s.entries if isinstance(entry, ListView) for i in entry.items)
    return Document(
        name=cv.name,
        headline=markup.parse(cv.headline) if cv.headline else (),
        location=cv.location or "",
        contacts=_contacts(cv),
        metrics=profile_metrics(whole or cv),
        summary=markup.parse(cv.summary) if cv.summary else (),
        sections=sections,
        lang=cv.lang,
        design=cv.design,
        keywords=keywords,
        photo=photo,
    )

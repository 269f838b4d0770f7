"""Entries as the page shows them: each kind of entry put into the one shape renderers know.

Every kind (a job, a degree, an award, a course taught, a student supervised...) becomes an
:class:`EntryView`: a title, a second line (the role, the issuer, the event), a place and a
time on the right, labelled details, a description, bullets and links. Languages and
interests read as labelled lists, and a section whose entries are single lines (``-
Available on request``, ``- Best Paper Award: CVPR 2023``) as paragraphs; see
:func:`section_shape`. The words cvtool adds (``Amount``, ``Expires``) come from
:mod:`cvtool.i18n`, in the language built (``labels.*``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any

from cvtool import markup
from cvtool.document.citations import link_views
from cvtool.document.dates import format_date, format_dates
from cvtool.document.views import BulletView, EntryView, LinkView, ListView, Origin, RoleView
from cvtool.i18n import ENGLISH, Words
from cvtool.markup import Inline, Text
from cvtool.metrics import format_number
from cvtool.names import OwnerNames
from cvtool.schema import CvDate, DateRange
from cvtool.schema import entries as e
from cvtool.schema import kinds as k


class Origins:
    """Maps positions in a (possibly variant-selected) CV back to the source's positions."""

    def __init__(self, mapping: dict[Origin, Origin] | None) -> None:
        self.mapping = mapping or {}

    def __call__(self, *path: str | int) -> Origin:
        return self.mapping.get(path, path)


def _plain(text: str | None) -> Inline:
    return markup.plain(text) if text else ()


def _parse(text: str | None) -> Inline:
    return markup.parse(text) if text else ()


Reader = Callable[[str, "str | None"], Inline]


def reader(tex_fields: Collection[str] = ()) -> Reader:
    """How a CV's markup fields are read: as markup, or, for the fields it names in
    ``tex_fields``, as TeX (as publication titles are), ``[@key]`` cross-references kept."""
    chosen = frozenset(tex_fields)

    def read(field: str, text: str | None) -> Inline:
        if not text:
            return ()
        if field in chosen:
            from cvtool.texinline import tex

            return markup.with_cites(tex(text))
        return markup.parse(text)

    return read


def _roles(*texts: str | None) -> tuple[RoleView, ...]:
    """One second line joining what is there (``Teaching Assistant, University of X``)."""
    line = ", ".join(t for t in texts if t)
    return (RoleView(markup.plain(line)),) if line else ()


def _people(names: list[str], owner: OwnerNames) -> Inline:
    """Names in order, the CV's owner in bold (inventors, as in author lists)."""
    parts: list[markup.Node] = []
    for index, name in enumerate(names):
        if index:
            parts.append(Text(", "))
        parts.extend(markup.strong((Text(name),)) if name in owner else (Text(name),))
    return markup.merge(parts)


class _Context:
    """What every entry's view needs besides the entry: date style, owner, origins."""

    def __init__(self, kind: str, style: str, at: Origin, origins: Origins,
                 owner: OwnerNames, read: Reader, words: Words = ENGLISH,
                 multilingual: bool = False) -> None:
        self.kind, self.style, self.at, self.origins, self.owner = kind, style, at, origins, owner
        self.read, self.words, self.multilingual = read, words, multilingual

    def dates(self, when: DateRange | CvDate | None) -> str:
        return format_dates(when, self.style, self.words.lang, multilingual=self.multilingual)

    def date(self, when: CvDate | None) -> str:
        return format_date(when, self.style, self.words.lang,
                           multilingual=self.multilingual) if when else ""

    def label(self, name: str) -> str:
        return self.words[f"labels.{name}"]

    def details(self, *pairs: tuple[str, Inline]) -> tuple[tuple[str, Inline], ...]:
        """Labelled details (``Advisor: ...``) in the language built; empty ones left out."""
        return tuple((self.label(label), value) for label, value in pairs if value)

    def bullets(self, bullets: list[e.Bullet]) -> tuple[BulletView, ...]:
        return tuple(BulletView(self.read("highlights", b.text), b.label,
                                self.origins(*self.at, "highlights", j))
                     for j, b in enumerate(bullets))

    def view(self, item: e.Record, title: Inline, **fields: Any) -> EntryView:
        """The entry with the fields every kind shares (place, bullets, links, description)."""
        links = fields.pop("links", ())
        return EntryView(self.kind, title, location=item.location or "",
                         description=self.read("description", item.description),
                         bullets=self.bullets(item.highlights),
                         links=(*link_views(item.links, self.words), *links),
                         origin=self.origins(*self.at), **fields)


def _education(item: e.Education, c: _Context) -> EntryView:
    return c.view(item, markup.plain(item.institution), roles=_roles(item.degree),
                  dates=c.dates(item.dates),
                  details=c.details(("advisor", _plain(item.advisor)),
                                   ("thesis", c.read("thesis", item.thesis)),
                                   ("grade", _plain(item.grade)),
                                   ("courses", _plain(", ".join(item.courses)))))


def _experience(item: e.Experience, c: _Context) -> EntryView:
    mentors = "mentors" if len(item.mentors) > 1 else "mentor"
    return c.view(item, markup.plain(item.organization), note=_plain(item.team),
                  roles=tuple(RoleView(markup.plain(p.title), c.dates(p.dates))
                              for p in item.positions),
                  dates=c.dates(item.dates),
                  details=c.details(("project", c.read("project", item.project)),
                                   (mentors, _plain(", ".join(item.mentors)))))


def _project(item: e.Project, c: _Context) -> EntryView:
    return c.view(item, c.read("title", item.title), roles=_roles(item.role),
                  dates=c.dates(item.dates))


def _generic(item: e.Generic, c: _Context) -> EntryView:
    return c.view(item, c.read("title", item.title),
                  roles=(RoleView(markup.parse(item.subtitle)),) if item.subtitle else (),
                  dates=c.dates(item.dates))


def _award(item: k.Award, c: _Context) -> EntryView:
    return c.view(item, c.read("title", item.title), roles=_roles(item.awarder),
                  dates=c.dates(item.date),
                  details=c.details(("amount", _plain(item.amount))))


def _certification(item: k.Certification, c: _Context) -> EntryView:
    return c.view(item, markup.parse(item.name), roles=_roles(item.issuer),
                  dates=c.date(item.date),
                  details=c.details(
                      ("expires", _plain(c.date(item.expires))),
                      ("id", _plain(item.id))),
                  links=(LinkView(c.label("verify"), item.url),) if item.url else ())


def _talk(item: k.Talk, c: _Context) -> EntryView:
    return c.view(item, c.read("title", item.title), roles=_roles(item.event),
                  note=_plain(c.label("invited") if item.invited else ""),
                  dates=c.dates(item.date))


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _term_span(terms: list[str]) -> str:
    """The years a list of terms spans (``2019 – 2022``), for the date column; a single term,
    or terms without a year each, stay as written."""
    if len(terms) == 1:
        return terms[0]
    years = [_YEAR.findall(term) for term in terms]
    if not terms or not all(years):
        return ", ".join(terms)
    first, last = min(min(y) for y in years), max(max(y) for y in years)
    return first if first == last else f"{first} – {last}"


def _teaching(item: k.Teaching, c: _Context) -> EntryView:
    """Terms that would crowd the date column (``Fall 2019, Fall 2020, ...``) show there as
    the years they span, and in full on a line of their own."""
    when = c.dates(item.dates) or _term_span(item.terms)
    terms = ", ".join(item.terms) if len(item.terms) > 1 and when != ", ".join(item.terms) \
        else ""
    enrollment = item.enrollment
    if isinstance(enrollment, int):
        enrollment = c.words("labels.students", count=format_number(enrollment))
    return c.view(item, markup.parse(item.course), roles=_roles(item.role, item.institution),
                  dates=when, details=c.details(("terms", _plain(terms)),
                                               ("enrollment", _plain(enrollment))))


def _grant(item: k.Grant, c: _Context) -> EntryView:
    return c.view(item, c.read("title", item.title), roles=_roles(item.funder),
                  note=_plain(item.role), dates=c.dates(item.dates),
                  details=c.details(("amount", _plain(item.amount)),
                                   ("number", _plain(item.number))))


def _supervision(item: k.Supervision, c: _Context) -> EntryView:
    return c.view(item, markup.plain(item.name), note=_plain(item.level),
                  dates=c.dates(item.dates),
                  details=c.details(("thesis", c.read("thesis", item.thesis)),
                                   ("now", _plain(item.now))))


def _patent(item: k.Patent, c: _Context) -> EntryView:
    number = item.number + (f" ({item.status})" if item.status else "") if item.number \
        else item.status
    return c.view(item, c.read("title", item.title), roles=_roles(number),
                  dates=c.dates(item.date),
                  details=c.details(("inventors", _people(item.inventors, c.owner))))


def _membership(item: k.Membership, c: _Context) -> EntryView:
    return c.view(item, markup.parse(item.organization), roles=_roles(item.role),
                  dates=c.dates(item.dates))


def _volunteering(item: k.Volunteering, c: _Context) -> EntryView:
    return c.view(item, markup.parse(item.organization), roles=_roles(item.position),
                  dates=c.dates(item.dates),
                  links=(LinkView(c.label("website"), item.url),) if item.url else ())


def _reference(item: k.Reference, c: _Context) -> EntryView:
    return c.view(item, markup.plain(item.name), roles=_roles(item.relation),
                  details=c.details(("contact", _parse(item.contact))))


_VIEWS: dict[type, Callable[[Any, _Context], EntryView]] = {
    e.Education: _education, e.Experience: _experience, e.Project: _project,
    e.Generic: _generic, k.Award: _award, k.Certification: _certification, k.Talk: _talk,
    k.Teaching: _teaching, k.Grant: _grant, k.Supervision: _supervision,
    k.Patent: _patent, k.Membership: _membership, k.Volunteering: _volunteering,
    k.Reference: _reference,
}


def entry_view(item: e.Record, kind: str, style: str, at: Origin, origins: Origins,
               owner: OwnerNames, read: Reader | None = None,
               words: Words = ENGLISH, *, multilingual: bool = False) -> EntryView:
    """The view of one entry of any kind shown with a heading, its labels and dates in
    ``words``' language (see :func:`.dates.format_date` for ``style`` and
    ``multilingual``)."""
    return _VIEWS[type(item)](item, _Context(kind, style, at, origins, owner,
                                             read or reader(), words, multilingual))


def fluency(text: str, words: Words = ENGLISH) -> str:
    """A CEFR level says what it means (``C1 (Advanced)``, in the language built); other
    text stays as written."""
    level = text.strip().upper()
    if level in k.CEFR_LEVELS:
        return f"{level} ({words[f'cefr.{level}']})"
    return text[:1].upper() + text[1:] if text.islower() and " " not in text else text


def list_view(item: k.Language | k.Interest, origin: Origin,
              words: Words = ENGLISH) -> ListView:
    """A language and its fluency, an interest and its keywords, as a labelled list."""
    if isinstance(item, k.Language):
        if not item.fluency:
            return ListView(None, (markup.plain(item.language),), origin)
        return ListView(item.language, (markup.plain(fluency(item.fluency, words)),), origin)
    if not item.keywords:
        return ListView(None, (markup.parse(item.name),), origin)
    return ListView(markup.to_text(markup.parse(item.name)),
                    tuple(markup.parse(word) for word in item.keywords), origin)


_LINE_FIELDS = frozenset({"tags", "priority", "keep", "description"})


def single_line(item: e.Record, read: Reader | None = None) -> BulletView | None:
    """An entry written as one line (``- Available on request``, ``- Best Paper: CVPR``):
    shown as a paragraph, not as a heading with nothing under it."""
    read = read or reader()
    primary = type(item).PRIMARY
    if not primary or item.model_fields_set - _LINE_FIELDS - {primary}:
        return None
    text = getattr(item, primary)
    if item.description:
        return BulletView(read("description", item.description),
                          markup.to_text(read(primary, text)))
    return BulletView(read(primary, text))

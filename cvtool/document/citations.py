"""Author lists and citations: the owner found and set in bold, long lists cut around the
owner, equal-contribution and corresponding marks with their legend, venue, volume, pages and
links put together as a citation, and publications ordered and grouped.
"""

from __future__ import annotations

from cvtool import markup
from cvtool.document.dates import format_date
from cvtool.document.views import LinkView, Origin, PublicationView
from cvtool.i18n import ENGLISH, Words
from cvtool.markup import Inline, Text
from cvtool.metrics import format_number
from cvtool.names import OwnerNames
from cvtool.schema import ET_AL, Cv
from cvtool.schema import entries as e
from cvtool.schema.cv import PublicationSection
from cvtool.texinline import tex


def owner_names(cv: Cv) -> OwnerNames:
    """Finds the owner in author lists however the name is written (see :mod:`cvtool.names`)."""
    return OwnerNames((cv.name, *cv.aliases))


ELLIPSIS = "…"

# The marks after authors' names, and the words (publications.*) that say what they mean.
MARKS = (("*", "equal_contribution"), ("†", "corresponding_author"), ("‡", "equal_advising"))


def legend(mark: str, words: Words = ENGLISH) -> str:
    """``* Equal Contribution``: a mark and what it means, in the language built."""
    return f"{mark} {words[f'publications.{dict(MARKS)[mark]}']}"


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


def author_list(pub: e.Publication, owner: OwnerNames, max_authors: int | None = None,
                 legends: bool = True, words: Words = ENGLISH) -> tuple[Inline, frozenset[str]]:
    """The author list with the owner in bold and * / † marks; also the marks shown.
    ``legends``: say what the marks mean right there (else the section says it once).
    ``words``: the language's "and", "et al." and legends."""
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
            "†" if name in pub.corresponding else "") + (
            "‡" if name in pub.equal_advising else "")
        marks_shown.update(marks)
        node: Inline = (Text(name + marks),)
        if name in owner:
            node = markup.strong(node)
        if legends and position == last_equal and len(equal) > 1:
            node = (*node, Text(f" ({legend('*', words)})"))
        rendered.append(node)
    has_gap = None in shown
    parts: list[markup.Node] = []
    for index, node in enumerate(rendered):
        if index:  # "A and B", "A, B, and C" (in English), "A, B, C, et al." when cut
            if index == len(rendered) - 1 and not truncated and not has_gap:
                parts.append(Text(words["publications.and_last" if len(rendered) > 2
                                        else "publications.and"]))
            else:
                parts.append(Text(", "))
        parts.extend(node)
    if truncated:
        et_al = words["publications.et_al"]
        parts.append(Text(f", {et_al}" if rendered else et_al))
    for mark in "†‡":
        if legends and mark in marks_shown:
            parts.append(Text(f" ({legend(mark, words)})"))
    return markup.merge(parts), frozenset(marks_shown)


# Links written as `code: URL` get a label of cvtool's: names as they are, words (links.*)
# in the language built; any other label is the CV's own and stays as written.
LINK_NAMES = {"arxiv": "arXiv", "pdf": "PDF", "doi": "DOI"}
LINK_WORDS = frozenset({"code", "paper", "project", "slides", "video", "poster", "website",
                        "demo", "data"})


def link_label(label: str, words: Words = ENGLISH) -> str:
    folded = label.lower()
    if folded in LINK_WORDS:
        return words[f"links.{folded}"]
    return LINK_NAMES.get(folded, label)


def link_views(links: dict[str, str], words: Words = ENGLISH) -> tuple[LinkView, ...]:
    return tuple(LinkView(link_label(label, words), url) for label, url in links.items())


def publication_links(pub: e.Publication, words: Words = ENGLISH) -> tuple[LinkView, ...]:
    links = list(link_views(pub.links, words))
    labels = {link.label for link in links}
    if pub.arxiv and "arXiv" not in labels:
        links.append(LinkView("arXiv", f"https://arxiv.org/abs/{pub.arxiv}"))
    if pub.doi and "DOI" not in labels:
        links.append(LinkView("DOI", f"https://doi.org/{pub.doi}"))
    return tuple(links)


_IN_VENUE = {"conference", "workshop", "chapter"}


def _locator(pub: e.Publication, words: Words = ENGLISH) -> str:
    """Volume, issue and pages as citations write them: ``11(35):9524–9531``, ``pages 1–10``."""
    pages = ""
    if pub.pages:
        several = any(c in pub.pages for c in "-–,")
        pages = pub.pages if pub.volume and pub.kind not in _IN_VENUE else (
            words("publications.pages", pages=pub.pages) if several
            else words("publications.page", page=pub.pages))
    if pub.volume and pub.kind not in _IN_VENUE:
        issue = f"({pub.number})" if pub.number else ""
        return f"{pub.volume}{issue}" + (f":{pages}" if pages else "")
    volume = words("publications.volume", volume=pub.volume) if pub.volume else ""
    return ", ".join(x for x in (volume, pages) if x)


def metric_label(label: str, words: Words = ENGLISH) -> str:
    """A metric's label as written, unless it names a metric cvtool knows (``citations``,
    ``h-index``, ``papers``) and the language built has a word of its own for it."""
    from cvtool.metrics import metric_of

    which = metric_of(label)
    if which is None:
        return label
    own = words[f"metrics.{which}"]
    return label if own == ENGLISH[f"metrics.{which}"] else own


def publication_view(pub: e.Publication, number: str, owner: OwnerNames,
                 style: str, origin: Origin = (), max_authors: int | None = None,
                 legends: bool = True, words: Words = ENGLISH, *,
                 multilingual: bool = False) -> tuple[PublicationView, frozenset[str]]:
    authors, marks = author_list(pub, owner, max_authors, legends, words)
    title = tex(pub.title)  # titles, venues and abstracts may hold TeX (texinline)
    venue: Inline = ()
    if pub.venue:
        if pub.kind in _IN_VENUE:  # "In *CVPR*", "*CVPR* 所収"
            before, after = words.parts("publications.in", "venue")
            venue = markup.merge([*((Text(before),) if before else ()),
                                  markup.Emph(tex(pub.venue)),
                                  *((Text(after),) if after else ())])
        else:
            venue = (markup.Emph(tex(pub.venue)),)
    if locator := _locator(pub, words):
        venue = (*venue, Text(", " + locator)) if venue else (Text(locator),)
    year = str(pub.year_value) if pub.year_value is not None else ""
    title_end = "" if markup.to_text(title).rstrip()[-1:] in ".?!" else "."
    after_authors = "" if not authors or markup.to_text(authors).endswith(".") else "."
    citation: list[markup.Node] = [*authors, Text(after_authors + " " if authors else ""), *title,
                                   Text(title_end)]
    if venue or year:  # ". Venue, 2020." / ". Venue." / ". 2020." (an undated paper has none)
        citation.append(Text(" "))
        citation.extend((*venue, Text(", " + year + ".")) if venue and year
                        else (*venue, Text(".")) if venue else (Text(year + "."),))
    if pub.note:
        citation.append(Text(f" {pub.note}."))
    return PublicationView(
        number=number, authors=authors, title=title, venue=venue, year=year,
        date=format_date(pub.date, style, words.lang, multilingual=multilingual) if pub.date
        else year,
        citation=markup.merge(citation), links=publication_links(pub, words),
        code_label=words["links.code"],
        code_available=pub.code_available or "code" in {k.lower() for k in pub.links},
        abstract=tex(pub.abstract) if pub.abstract else (),
        categories=tuple(pub.categories),
        metrics=tuple((metric_label(k, words), format_number(v)) for k, v in pub.metrics.items()),
        note=pub.note or "", selected=pub.selected, origin=origin, kind=pub.kind,
        key=pub.key or ""), marks


# The groups of a section grouped by kind, in the order shown; their headings are the
# words publications.<kind> ("Journal Articles"), and publications.undated heads the papers
# with no year when grouped by year.
KIND_ORDER = ("journal", "conference", "workshop", "chapter", "book", "preprint", "thesis",
              "report", "patent", "talk", "other")


def _date_key(pub: e.Publication) -> tuple[int, int, int]:
    if pub.date is not None and pub.date.year is not None:
        return (pub.date.year, pub.date.month or 0, pub.date.day or 0)
    return (pub.year_value or 0, 0, 0)


def publication_order(section: PublicationSection,
                      words: Words = ENGLISH) -> list[tuple[str, list[int]]]:
    """The section's entries (as indices) in the order shown, under group headings in the
    language built (one group with an empty heading when the section is not grouped)."""
    indices = list(range(len(section.entries)))
    pubs = section.entries
    if section.order != "as-written":
        indices.sort(key=lambda i: _date_key(pubs[i]), reverse=section.order == "newest-first")
    if section.group_by is None:
        return [("", indices)]
    groups: dict[str, list[int]] = {}
    if section.group_by == "kind":
        for kind in KIND_ORDER:
            groups[words[f"publications.{kind}"]] = [i for i in indices if pubs[i].kind == kind]
    else:
        years = sorted({y for i in indices if (y := pubs[i].year_value) is not None},
                       reverse=section.order != "oldest-first")
        for year in years:
            groups[str(year)] = [i for i in indices if pubs[i].year_value == year]
        groups[words["publications.undated"]] = [i for i in indices
                                                 if pubs[i].year_value is None]
    return [(title, members) for title, members in groups.items() if members]


def section_legend(marks: set[str], words: Words = ENGLISH) -> str:
    return " · ".join(legend(mark, words) for mark, _ in MARKS if mark in marks)

"""Cross-references from text to papers: ``[@key]`` numbered as in THIS document.

Text is parsed once (:mod:`cvtool.markup` makes ``[@key]`` a :class:`~cvtool.markup.Cite`
node holding only keys). Once a document's sections are built (after the variant's
selection and page fitting's drops, so after its publications are numbered), every
reference is resolved against that document:

- a paper the document shows gets the number it has there (``[4]``), linked to its entry;
  one shown without a number (``numbering: none``) gets its short citation, linked;
- a paper the document does not show (a résumé's selection left it out) gets a short
  citation, ``(Li et al., CVPR 2023)``, unlinked: there is nothing to link to.

Keys are checked when the CV is loaded (:mod:`cvtool.citekeys`, CV114), so every key found
here names a paper of the whole CV.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import fields, is_dataclass, replace
from typing import Any

from cvtool.i18n import ENGLISH, Words, words
from cvtool.markup import Cite, CiteItem, cite_keys, to_text
from cvtool.schema import ET_AL, Cv
from cvtool.schema import entries as e
from cvtool.schema.cv import PublicationSection

_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "des",
              "la", "le", "dos", "das", "do", "ten", "ter", "bin", "al"}
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9&-]*[A-Z][A-Za-z0-9&-]*)\)")
_ACRONYM_WORD = re.compile(r"\b([A-Z][a-z]*[A-Z][A-Za-z]*)\b")
_PUBLISHERS = {"IEEE", "ACM", "CVF", "SIAM", "AAAI", "IJCAI", "USENIX", "SPIE"}
SHORT_VENUE = 25  # a venue this short is its own short form


def surname(author: str) -> str:
    """The family name as written: ``Li`` of ``Zhiheng Li`` and of ``Li, Zhiheng``,
    ``van der Berg`` of ``Jan van der Berg``."""
    if "," in author:
        return author.split(",")[0].strip()
    words = author.split()
    while len(words) > 1 and words[-1].casefold() in _SUFFIXES:
        words.pop()
    if not words:
        return author.strip()
    family = [words.pop()]
    while len(words) > 1 and words[-1].islower() and words[-1] in _PARTICLES:
        family.insert(0, words.pop())
    return " ".join(family)


def short_venue(venue: str) -> str:
    """``CVPR`` of ``IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)``,
    ``arXiv`` of ``arXiv preprint arXiv:2412.12391``, ``ECCV`` of ``ECCV Responsible Computer
    Vision Workshop``; a short venue as it is, a long one without an acronym in full."""
    venue = " ".join(venue.split())
    if len(venue) <= SHORT_VENUE:
        return venue
    if match := _ACRONYM.search(venue):
        return match[1]
    if venue.casefold().startswith("arxiv"):
        return "arXiv"
    for word in _ACRONYM_WORD.findall(venue):
        if word not in _PUBLISHERS:
            return word
    return venue


def short_citation(pub: e.Publication, said: Words = ENGLISH) -> str:
    """``Li et al., CVPR 2023``, ``Li and Xu, ICCV 2021``, ``Li, 2020``: first author's
    family name (``et al.`` for more than two), short venue and year; "and" and "et al."
    in the language of ``said``."""
    names = [a for a in pub.authors if a.strip().casefold() not in ET_AL]
    cut = len(names) < len(pub.authors)
    if not names:
        who = ""
    elif len(names) > 2 or cut:
        who = f"{surname(names[0])} {said['publications.et_al']}"
    elif len(names) == 2:
        who = f"{surname(names[0])}{said['publications.and']}{surname(names[1])}"
    else:
        who = surname(names[0])
    venue = short_venue(pub.venue) if pub.venue else ""
    year = str(pub.year_value) if pub.year_value is not None else ""
    where = " ".join(x for x in (venue, year) if x)
    return ", ".join(x for x in (who, where) if x) or pub.title


def publications_by_key(cv: Cv) -> dict[str, e.Publication]:
    """Every publication of a CV with a key, by key (the first, should one repeat)."""
    found: dict[str, e.Publication] = {}
    for section in cv.sections.values():
        if isinstance(section, PublicationSection):
            for pub in section.entries:
                if pub.key:
                    found.setdefault(pub.key, pub)
    return found


class Resolver:
    """What each key reads as in one document: its number there (linked), or a short
    citation. ``shown``: key -> the number the document gives the paper ("" if none)."""

    def __init__(self, shown: dict[str, str], papers: dict[str, e.Publication],
                 said: Words = ENGLISH) -> None:
        self.shown, self.papers, self.said = shown, papers, said

    def item(self, key: str) -> CiteItem:
        if key in self.shown:
            number = self.shown[key].strip("[]")
            if number:
                return CiteItem(key, number, key, numbered=True)
            pub = self.papers.get(key)
            return CiteItem(key, short_citation(pub, self.said) if pub else key, key)
        if key in self.papers:
            return CiteItem(key, short_citation(self.papers[key], self.said))
        return CiteItem(key)  # unknown (reported when loading): shown as its key

    def cite(self, cite: Cite) -> Cite:
        return Cite(tuple(self.item(i.key) for i in cite.items))

    def __call__(self, value: Any) -> Any:
        """``value`` (a view, a tuple of them, inline nodes...) with every reference
        resolved; what holds none is returned as it is."""
        if isinstance(value, Cite):
            return self.cite(value)
        if isinstance(value, tuple):
            items = tuple(self(v) for v in value)
            return value if all(a is b for a, b in zip(items, value, strict=True)) else items
        if is_dataclass(value) and not isinstance(value, type):
            changes = {}
            for f in fields(value):
                if not f.init:
                    continue
                old = getattr(value, f.name)
                if isinstance(old, tuple | Cite) or is_dataclass(old):
                    new = self(old)
                    if new is not old:
                        changes[f.name] = new
            return replace(value, **changes) if changes else value
        return value


def resolver(numbers: Iterable[tuple[str, str]], whole: Cv, said: Words = ENGLISH) -> Resolver:
    """The resolver of a document that numbers its papers ``numbers`` (key, number);
    papers it does not show are looked up in ``whole``, and cited in ``said``'s language."""
    shown: dict[str, str] = {}
    for key, number in numbers:
        if key:
            shown.setdefault(key, number)
    return Resolver(shown, publications_by_key(whole), said)


def plain_resolver(cv: Cv) -> Resolver:
    """Every reference as a short citation (for exports that have no numbered list), in
    the CV's language."""
    return Resolver({}, publications_by_key(cv), words(cv.lang))


def cited_as_text(text: str, resolve: Resolver) -> str:
    """``text`` as written (its other markup kept) with each ``[@key]`` replaced by what it
    reads as with ``resolve``, in plain text: ``(Li et al., CVPR 2023)``. For formats made
    from the data rather than the document, such as JSON Resume."""
    found = cite_keys(text)
    if not found:
        return text
    out, position = [], 0
    for offset, keys in found:
        end = text.index("]", offset) + 1
        out.append(text[position:offset])
        out.append(to_text((resolve.cite(Cite(tuple(CiteItem(k) for k in keys))),)))
        position = end
    out.append(text[position:])
    return "".join(out)

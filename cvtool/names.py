"""Person names as they appear in author lists, and telling whether one is the CV's owner.

Author lists write the same person many ways: ``Zhiheng Li``, ``Li, Zhiheng``, ``Z. Li``,
``ZHIHENG LI``, ``Vítor``/``Vitor``. A name is split into given names and a family name
(``Last, First`` order, particles such as ``van der`` and suffixes such as ``Jr.``
understood) and compared without case, accents or dots. An initial in an author list
matches the owner's full given name (``Z.`` matches ``Zhiheng``), but not the other way
round: an alias ``Z. Li`` does not make every ``Zhaoyang Li`` the owner. A middle name may
be left out (``Ross Maddox`` is ``Ross K. Maddox``), but a different one never matches.
A hyphen is a space (``Calero-Valdez`` is ``Calero Valdez``), and Google Scholar's run-together
initials are initials (``AFY Poon`` is ``A. F. Y. Poon``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "du",
                        "des", "la", "le", "dos", "das", "do", "ten", "ter", "bin", "al"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_SEPARATORS = re.compile(r"[\s.\u2010-\u2014-]+")
_RUN_INITIALS = re.compile(r"^[A-Z]{2,3}$")  # "AFY" in Google Scholar's "AFY Poon"


def fold(text: str) -> str:
    """Lower case without accents: ``Vítor`` -> ``vitor``."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _tokens(text: str) -> list[str]:
    return [t for t in _SEPARATORS.split(fold(text)) if t]


@dataclass(frozen=True)
class PersonName:
    given: tuple[str, ...]
    family: str

    @classmethod
    def parse(cls, name: str) -> PersonName:
        """``Li, Zhiheng``, ``Smith, Jr., John``, ``Jan van der Berg``, ``Z. Li``, ``李志恒``."""
        if "," in name:
            parts = [p.strip() for p in name.split(",")]
            family, first = parts[0], parts[-1]
            if _RUN_INITIALS.match(first) and not family.isupper():
                first = " ".join(first)  # Poon, AFY
            return cls(tuple(_tokens(first)), " ".join(_tokens(family)))
        words = name.split()
        while len(words) > 1 and fold(words[-1]).rstrip(".") in _SUFFIXES:
            words.pop()
        if not words:
            return cls((), "")
        family = [words.pop()]
        while len(words) > 1 and words[-1].islower() and fold(words[-1]) in _PARTICLES:
            family.insert(0, words.pop())
        if len(words) == 1 and _RUN_INITIALS.match(words[0]) and not family[-1].isupper():
            words = list(words[0])  # AFY Poon: three initials, not a given name "Afy"
        return cls(tuple(_tokens(" ".join(words))), " ".join(_tokens(" ".join(family))))

    def is_written_as(self, author: PersonName) -> bool:
        """Whether ``author`` (as an author list writes it) can be this person."""
        if not self.family:
            return False
        if author.family != self.family:  # Calero-Valdez, André is André Calero Valdez
            return bool(author.given) and (*author.given, *author.family.split()) == (
                *self.given, *self.family.split())
        if not self.given or not author.given:
            return not self.given and not author.given
        if "".join(author.given) == "".join(self.given):  # Zhi-Heng / Zhiheng
            return True
        return all(_same_given(a, o) for a, o in zip(author.given, self.given, strict=False))


def _same_given(author: str, owner: str) -> bool:
    return author == owner or (len(author) == 1 and owner.startswith(author))


class OwnerNames:
    """The CV owner's name and aliases, for finding the owner in author lists."""

    def __init__(self, names: Iterable[str]) -> None:
        self.forms = tuple(PersonName.parse(n) for n in names if n.strip())

    def __contains__(self, author: str) -> bool:
        parsed = _parse(author)
        return any(form.is_written_as(parsed) for form in self.forms)


@lru_cache(maxsize=16384)
def _parse(name: str) -> PersonName:
    """Co-authors recur across a publication list; parse each written form once."""
    return PersonName.parse(name)

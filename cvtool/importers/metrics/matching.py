"""Matching an export's records to the CV's publications: by DOI, then arXiv id, then
normalised title. Each CV paper takes the first rule that finds a record; one record may
serve a paper listed in two sections."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from cvtool.importers.metrics.formats import Record, arxiv_id
from cvtool.schema.common import strip_doi_resolver
from cvtool.schema.entries import Publication

Rule = Literal["DOI", "arXiv", "title"]
RULES: tuple[Rule, ...] = ("DOI", "arXiv", "title")

_TEX_COMMAND = re.compile(r"\\(?:[A-Za-z]+\*?|.)")
_NOT_WORD = re.compile(r"[\W_]+")
_ARXIV_IN_TEXT = re.compile(r"arxiv[:\s]*(\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE)


def normal_doi(value: str | None) -> str | None:
    """A DOI without its resolver (``https://doi.org/``, ``doi:``), in lower case (DOIs
    compare without case)."""
    if not value:
        return None
    doi = strip_doi_resolver(value).strip().rstrip(".").casefold()
    return doi if doi.startswith("10.") else None


def normal_title(value: str | None) -> str | None:
    """A title compared loosely: TeX commands and braces, accents, case, punctuation and
    spacing do not count (``{\\"U}ber {GANs}: a Study`` = ``Über GANs — A study``)."""
    if not value:
        return None
    text = _TEX_COMMAND.sub("", re.sub(r"[${}]", "", value))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(_NOT_WORD.sub(" ", text.casefold()).split())
    return text or None


@dataclass(frozen=True)
class PaperKeys:
    """What a CV paper can be found by."""

    doi: str | None
    arxiv: str | None
    title: str | None


def paper_keys(pub: Publication) -> PaperKeys:
    doi = normal_doi(pub.doi)
    arxiv = arxiv_id(pub.arxiv) or (arxiv_id(doi) if doi else None)
    for url in pub.links.values() if not arxiv else ():
        arxiv = arxiv or arxiv_id(str(url))
    if not arxiv and pub.venue and (match := _ARXIV_IN_TEXT.search(pub.venue)):
        arxiv = arxiv_id(match.group(1))
    return PaperKeys(doi, arxiv, normal_title(pub.title))


class Index:
    """The export's records by DOI, arXiv id and normalised title (the first record wins
    when an export lists a paper twice)."""

    def __init__(self, records: Iterable[Record]) -> None:
        self.by: dict[Rule, dict[str, Record]] = {rule: {} for rule in RULES}
        for record in records:
            for rule, key in self.keys(record):
                self.by[rule].setdefault(key, record)

    @staticmethod
    def keys(record: Record) -> list[tuple[Rule, str]]:
        doi = normal_doi(record.doi)
        found: list[tuple[Rule, str | None]] = [
            ("DOI", doi), ("arXiv", record.arxiv or arxiv_id(doi)),
            ("title", normal_title(record.title))]
        return [(rule, key) for rule, key in found if key]

    def duplicate_of(self, record: Record, used: set[int]) -> Record | None:
        """The record a used one shadows (an export listing a paper twice), if any."""
        for rule, key in self.keys(record):
            first = self.by[rule][key]
            if first is not record and id(first) in used:
                return first
        return None

    def match(self, keys: PaperKeys) -> tuple[Rule, Record] | None:
        for rule, key in zip(RULES, (keys.doi, keys.arxiv, keys.title), strict=True):
            if key and key in self.by[rule]:
                return rule, self.by[rule][key]
        return None

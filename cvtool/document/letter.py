"""The format-neutral view of a cover letter: the CV's own :class:`Document` for the header
(name, headline, contacts, exactly as the CV shows them), then the letter's parts, with the
date in the document's language and the text still as parsed inline markup."""

from __future__ import annotations

from dataclasses import dataclass

from cvtool import markup
from cvtool.document.dates import format_date
from cvtool.document.views import Document
from cvtool.markup import Inline
from cvtool.schema.letter import Letter, paragraphs

# A letter's date is written out ("1. Dezember 2026", "December 1, 2026") whatever the CV's
# `design: {dates: ...}` says about the dates of its entries.
LETTER_DATE_STYLE = "long"


@dataclass(frozen=True)
class LetterView:
    header: Document  # the CV's document: its header is the letter's
    date: str
    to: tuple[str, ...]
    subject: Inline
    salutation: Inline
    paragraphs: tuple[Inline, ...]
    closing: Inline
    signature: str  # the CV's name

    @property
    def lang(self) -> str:
        return self.header.lang

    @property
    def title(self) -> str:
        return f"{self.header.name} – {markup.to_text(self.subject)}"


def letter_view(letter: Letter, header: Document) -> LetterView:
    """The view of ``letter`` under the header of the CV's document ``header``."""
    return LetterView(
        header=header,
        date=format_date(letter.date, LETTER_DATE_STYLE, header.lang),
        to=tuple(letter.to),
        subject=markup.parse(letter.subject),
        salutation=markup.parse(letter.salutation),
        paragraphs=tuple(markup.parse(p) for p in paragraphs(letter.body)),
        closing=markup.parse(letter.closing),
        signature=header.name,
    )

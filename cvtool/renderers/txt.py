"""Plain text: what a person pastes into a job portal's text box.

Pure: a :class:`~cvtool.document.Document` in, UTF-8 bytes out, with no markup at all. The
name is underlined with ``=`` and each section title with ``-`` (as wide as the title);
an entry is one run of lines in reading order: its title, then what it was, where and when
(``Ph.D. in Computer Science | Rochester, NY, USA | Aug 2018 – Jul 2023``), its details,
description and links, then its bullets as ``- ``. Publications keep the document's numbers.
Links read ``text (url)``, or the URL alone when the text is the URL (:mod:`cvtool.markup`'s
``txt`` format, the only place text is made ready for output).

Lines are at most :data:`WIDTH` columns, counted as a terminal shows them: an East Asian
wide character (Chinese, Japanese, Korean, most emoji) takes two, and a run of them may
break between any two characters (not before closing punctuation, nor after an opening
bracket), so a Chinese CV fits too. A continuation line is indented under the text it
continues (a bullet's under the bullet's text). A URL is never broken: a line holding a
URL longer than the width is the one kind of line that may exceed it. Right-to-left text
stays in logical order: plain text has no layout, and the reader's text box sets it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from cvtool.document import (
    AnySection,
    BulletView,
    ContactView,
    Document,
    EntrySectionView,
    EntryView,
    GroupView,
    LinkView,
    ListSectionView,
    PublicationSectionView,
    PublicationView,
    SectionBodies,
    TextSectionView,
)
from cvtool.document.contacts import short_url
from cvtool.markup import Inline, escape, render

if TYPE_CHECKING:
    from cvtool.job import Job

WIDTH = 80
SEPARATOR = " | "
BULLET = "- "

# --- measuring and wrapping -------------------------------------------------------------

# Between wide characters, where a line may not start (closing punctuation, small kana)
# and may not end (opening brackets).
_NO_START = frozenset("、。，．：；？！）」』】〕〉》〗〙〛｝］”’・ー…‥〜"
                      "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.;:!?)]}%")
_NO_END = frozenset("（「『【〔〈《〖〘〚｛［“‘([{")
_ZERO_WIDTH = frozenset({"Mn", "Me", "Cf"})
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)


def char_width(char: str) -> int:
    """Columns a character takes: 2 for East Asian wide and full-width ones, 0 for
    combining marks and format characters (joiners), 1 for the rest."""
    if unicodedata.category(char) in _ZERO_WIDTH:
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def width(text: str) -> int:
    """The display width of a text, in columns."""
    if text.isascii():
        return len(text)
    return sum(char_width(c) for c in text)


def _joined(before: str, after: str) -> bool:
    """Whether a line may not break between two characters of one word."""
    if not (char_width(before) == 2 or char_width(after) == 2):
        return True  # only wide characters (CJK, emoji) break inside a word
    if char_width(after) == 0 or before == "\u200d" or "\U0001f3fb" <= after <= "\U0001f3ff":
        return True  # a combining mark, a joined emoji sequence, a skin tone
    return after in _NO_START or before in _NO_END


def _pieces(text: str) -> list[tuple[str, bool]]:
    """The text cut where a line may break: each piece with whether a space precedes it."""
    out: list[tuple[str, bool]] = []
    for index, word in enumerate(text.split()):
        start = 0
        if not word.isascii():
            for i in range(1, len(word)):
                if not _joined(word[i - 1], word[i]):
                    out.append((word[start:i], index > 0 and start == 0))
                    start = i
        out.append((word[start:], index > 0 and start == 0))
    return out


def _fit(piece: str, columns: int) -> int:
    """How many characters of ``piece`` fit in ``columns`` (at least one)."""
    used = 0
    for i, char in enumerate(piece):
        used += char_width(char)
        if used > columns:
            return max(i, 1)
    return len(piece)


def wrap(text: str, first: str = "", rest: str | None = None) -> list[str]:
    """``text`` in lines of at most :data:`WIDTH` columns, the first starting with
    ``first``, the others with ``rest`` (as many spaces as ``first`` is wide, by default).
    A blank line in the text starts a new paragraph (after an empty line, at ``rest``)."""
    rest = " " * width(first) if rest is None else rest
    lines: list[str] = []
    for number, paragraph in enumerate(re.split(r"\n[ \t]*\n", text.strip())):
        if number:
            lines.append("")
        lines += _wrap_paragraph(paragraph, first if not number else rest, rest)
    return lines


def _wrap_paragraph(text: str, first: str, rest: str) -> list[str]:
    lines: list[str] = []
    line, column, empty = first, width(first), True
    for piece, spaced in _pieces(text):
        size = width(piece)
        gap = 1 if spaced and not empty else 0
        if not empty and column + gap + size > WIDTH:
            lines.append(line)
            line, column, empty, gap = rest, width(rest), True, 0
        while column + size > WIDTH and not _URL.search(piece) and empty:
            cut = _fit(piece, WIDTH - column)  # a word wider than a line (never a URL)
            if cut == len(piece):
                break
            lines.append(line + piece[:cut])
            line, column = rest, width(rest)
            piece = piece[cut:]
            size = width(piece)
        line += " " * gap + piece
        column += gap + size
        empty = False
    lines.append(line)
    return [x.rstrip() for x in lines]


def wrap_items(items: list[str], first: str = "", rest: str | None = None) -> list[str]:
    """Items joined by :data:`SEPARATOR`, a line breaking between items rather than inside
    one (``Apr. 2021 – heute`` stays together); an item wider than a line is wrapped."""
    rest = " " * width(first) if rest is None else rest
    lines: list[str] = []
    line, empty = first, True
    for item in items:
        joined = item if empty else SEPARATOR + item
        if width(line + joined) <= WIDTH:
            line, empty = line + joined, False
            continue
        if not empty:
            lines.append(line)
            line = rest
        *done, line = wrap(item, line, rest)
        lines += done
        empty = False
    lines.append(line)
    return lines


def underline(title: str, mark: str) -> list[str]:
    """A title and a rule under it as wide as the title looks."""
    return [title, mark * max(width(title), 1)]


# --- the document -----------------------------------------------------------------------


def _txt(inline: Inline) -> str:
    return render(inline, "txt")


def _plain(text: str) -> str:
    return escape(text, "txt")


def _link(link: LinkView) -> str:
    label, url = _plain(link.label), _plain(link.url)
    return url if label == url else f"{label} ({url})"


def _contact(contact: ContactView) -> str:
    text, url = _plain(contact.text), _plain(contact.url or "")
    if url.lower().startswith(("mailto:", "tel:")) or not url:
        shown = text
    elif url == text or short_url(url) == text:
        shown = url  # the address in full, so that the text box makes it a link
    else:
        shown = f"{text} ({url})"
    return f"{_plain(contact.label)}: {shown}"


def _labelled(label: str | None, body: str) -> str:
    return f"{_plain(label)}: {body}" if label else body


def _bullet(bullet: BulletView) -> list[str]:
    return wrap(_labelled(bullet.label, _txt(bullet.body)), BULLET)


def _entry(entry: EntryView) -> list[str]:
    heading = _txt(entry.title)
    if entry.note:
        heading += f" ({_txt(entry.note)})"
    lines = wrap(heading)
    facts = [_txt(r.title) + (f" ({_plain(r.dates)})" if r.dates else "") for r in entry.roles]
    facts += [_plain(x) for x in (entry.location, entry.dates) if x]
    if facts:
        lines += wrap_items(facts)
    for label, value in entry.details:
        lines += wrap(f"{_plain(label)}: {_txt(value)}")
    if entry.description:
        lines += wrap(_txt(entry.description))
    if entry.links:
        lines += wrap_items([_link(link) for link in entry.links])
    for bullet in entry.bullets:
        lines += _bullet(bullet)
    return lines


def _publication(pub: PublicationView) -> list[str]:
    lead = f"{_plain(pub.number)} " if pub.number else BULLET
    indent = " " * width(lead)
    lines = wrap(_txt(pub.citation), lead, indent)
    facts = [f"{_plain(label.capitalize())} {_plain(value)}" for label, value in pub.metrics]
    facts += [_plain(c) for c in pub.categories]
    if pub.date != pub.year:
        facts.append(_plain(pub.date))
    links = [_link(link) for link in pub.links]
    if pub.code_available and not any(link.label.lower() == pub.code_label.lower()
                                      for link in pub.links):
        links.append(_plain(pub.code_label))
    if facts or links:
        lines += wrap_items(facts + links, indent)
    if pub.abstract:
        lines += wrap(_txt(pub.abstract), indent)
    return lines


def _publications(section: PublicationSectionView) -> list[str]:
    """Numbered as in the document; a blank line between papers only when they carry
    abstracts (a list of citations reads best without)."""
    spaced = any(pub.abstract for pub in section.entries)
    lines: list[str] = []
    for group in section.groups or (GroupView("", section.entries),):
        if lines:
            lines.append("")
        if group.title:
            lines += [*wrap(_plain(group.title)), ""]
        for index, pub in enumerate(group.entries):
            if spaced and index:
                lines.append("")
            lines += _publication(pub)
    if section.legend:
        lines += ["", *wrap(_plain(section.legend))]
    return lines


def _lists(section: ListSectionView) -> list[str]:
    """Labelled items as bullets (``- German: C1 (Advanced)``); bare items on one line."""
    items = [(item.label, ", ".join(_txt(i) for i in item.items)) for item in section.entries]
    if not any(label for label, _ in items):
        return wrap(", ".join(text for _, text in items))
    return [line for label, text in items for line in wrap(_labelled(label, text), BULLET)]


def _paragraphs(section: TextSectionView) -> list[str]:
    lines: list[str] = []
    for paragraph in section.entries:
        if lines:
            lines.append("")
        lines += wrap(_labelled(paragraph.label, _txt(paragraph.body)))
    return lines


def _entries(section: EntrySectionView) -> list[str]:
    lines: list[str] = []
    for entry in section.entries:
        if lines:
            lines.append("")
        lines += _entry(entry)
    return lines


_BODY = SectionBodies(_entries, _publications, _lists, _paragraphs)


def _section(section: AnySection) -> list[str]:
    return [*underline(_plain(section.title), "-"), "", *_BODY(section)]


def render_txt(doc: Document) -> bytes:
    lines = underline(_plain(doc.name), "=")
    head: list[str] = []
    if doc.headline:
        head += wrap(_txt(doc.headline))
    if doc.location:
        head += wrap(_plain(doc.location))
    for contact in doc.contacts:
        head += wrap(_contact(contact))
    if doc.metrics:
        head += wrap_items([f"{_plain(k)} {_plain(v)}" for k, v in doc.metrics])
    blocks = [head] if head else []
    if doc.summary:
        blocks.append(wrap(_txt(doc.summary)))
    blocks += [_section(section) for section in doc.sections]
    for block in blocks:
        lines += ["", *block]
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_job(job: Job) -> bytes:
    return render_txt(job.doc)

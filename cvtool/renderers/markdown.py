"""GitHub-flavoured Markdown: what a person pastes into a profile README or a web page.

Pure: a :class:`~cvtool.document.Document` in, UTF-8 bytes out. Text reaches the output only
through :mod:`cvtool.markup`, so a literal ``*``, ``#`` or ``<script>`` stays literal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cvtool.document import (
    AnySection,
    BulletView,
    ContactView,
    Document,
    EntrySectionView,
    EntryView,
    GroupView,
    ListSectionView,
    PublicationSectionView,
    PublicationView,
    SectionBodies,
    TextSectionView,
)
from cvtool.markup import Inline, anchor, escape, markdown_link, render

if TYPE_CHECKING:
    from cvtool.job import Job

SEPARATOR = " · "


def _md(inline: Inline) -> str:
    return render(inline, "markdown")


def _esc(text: str) -> str:
    return escape(text, "markdown")


def _link(text: str, url: str | None) -> str:
    return markdown_link(text, url) if url else _esc(text)


def _contact(contact: ContactView) -> str:
    """``Label: [short text](full link)``: Markdown has no icons, so the label says what
    the contact is (alone when the text is the label, as Google Scholar's)."""
    link = _link(contact.text, contact.url)
    return link if contact.text == contact.label else f"{_esc(contact.label)}: {link}"


def _bullet(bullet: BulletView) -> str:
    label = f"**{_esc(bullet.label)}:** " if bullet.label else ""
    return f"- {label}{_md(bullet.body)}"


def _entry(entry: EntryView) -> list[str]:
    heading = _md(entry.title)
    if entry.note:
        heading += f" ({_md(entry.note)})"
    lines = [f"### {heading}", ""]
    facts = [f"**{_md(r.title)}**" + (f" ({_esc(r.dates)})" if r.dates else "")
             for r in entry.roles]
    facts += [_esc(x) for x in (entry.location, entry.dates) if x]
    meta = [SEPARATOR.join(facts)] if facts else []
    meta += [f"{_esc(label)}: {_md(value)}" for label, value in entry.details]
    if entry.links:
        meta.append(SEPARATOR.join(_link(link.label, link.url) for link in entry.links))
    if meta:
        lines.append("  \n".join(meta))
        lines.append("")
    if entry.description:
        lines += [_md(entry.description), ""]
    if entry.bullets:
        lines += [_bullet(b) for b in entry.bullets]
        lines.append("")
    return lines


def _publication(pub: PublicationView) -> list[str]:
    number = _esc(pub.number) + " " if pub.number else ""
    target = anchor(pub.key, "markdown")  # for [@key] cross-references to land on
    lines = [f"- {target}{number}{_md(pub.citation)}"]
    facts = [f"{_esc(label.capitalize())} {_esc(value)}" for label, value in pub.metrics]
    facts += [_esc(c) for c in pub.categories]
    if pub.date != pub.year:
        facts.append(_esc(pub.date))
    links = [_link(link.label, link.url) for link in pub.links]
    if pub.code_available and not any(link.label.lower() == pub.code_label.lower()
                                      for link in pub.links):
        links.append(_esc(pub.code_label))
    if facts or links:
        lines.append("  " + SEPARATOR.join(facts + links))
    if pub.abstract:
        lines += ["", "  > " + _md(pub.abstract)]
    return lines


def _lists(section: ListSectionView) -> list[str]:
    """Labelled items as bullets (``- **German:** C1 (Advanced)``); bare items on one line,
    or, among labelled ones, each a bullet of its own: a line after a bullet would be read
    as part of it."""
    items = [(item.label, ", ".join(_md(i) for i in item.items)) for item in section.entries]
    if not any(label for label, _ in items):
        # An item that is only white space is left out: a line starting with a tab or four
        # spaces would be read as code, its escapes shown as written.
        return [", ".join(text for _, text in items if text.strip()), ""]
    return [f"- **{_esc(label)}:** {text}" if label else f"- {text}"
            for label, text in items] + [""]


def _publications(section: PublicationSectionView) -> list[str]:
    lines: list[str] = []
    for group in section.groups or (GroupView("", section.entries),):
        if group.title:
            lines += [f"### {_esc(group.title)}", ""]
        for pub in group.entries:
            lines += _publication(pub)
        lines.append("")
    if section.legend:
        lines += [_esc(section.legend), ""]
    return lines


def _paragraphs(section: TextSectionView) -> list[str]:
    lines: list[str] = []
    for paragraph in section.entries:
        label = f"**{_esc(paragraph.label)}:** " if paragraph.label else ""
        lines += [label + _md(paragraph.body), ""]
    return lines


def _entries(section: EntrySectionView) -> list[str]:
    return [line for entry in section.entries for line in _entry(entry)]


_BODY = SectionBodies(_entries, _publications, _lists, _paragraphs)


def _section(section: AnySection) -> list[str]:
    """The heading, then the body its kind of section has."""
    return [f"## {_esc(section.title)}", "", *_BODY(section)]


def header_lines(doc: Document, *, full: bool = True) -> list[str]:
    """The header: name, headline, location, contacts; ``full`` (a CV, not a cover letter)
    adds profile metrics and the summary."""
    lines = [f"# {_esc(doc.name)}", ""]
    if doc.headline:
        lines += [f"*{_md(doc.headline)}*", ""]
    if doc.location:
        lines += [_esc(doc.location), ""]
    if doc.contacts:
        lines += ["  \n".join(_contact(c) for c in doc.contacts), ""]
    if full and doc.metrics:
        lines += [SEPARATOR.join(f"**{_esc(k)}** {_esc(v)}" for k, v in doc.metrics), ""]
    if full and doc.summary:
        lines += [_md(doc.summary), ""]
    return lines


def render_markdown(doc: Document) -> bytes:
    lines = header_lines(doc)
    for section in doc.sections:
        lines += _section(section)
    while lines and not lines[-1]:
        lines.pop()
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_job(job: Job) -> bytes:
    return render_markdown(job.doc)

"""HTML inside JSON Resume text, as cvtool's inline markup.

Many résumés put HTML in summaries and highlights (``<strong>``, ``<br>``, ``<ul><li>``,
``<a href>``, ``&amp;``), which JSON Resume themes paste into their pages. cvtool text is
inline markup, so the tags would print literally: they become ``**bold**``, ``*italic*``,
`` `code` `` and ``[text](url)``; list items become bullets; paragraphs and line breaks
become spaces (cvtool text is one paragraph). Nothing executable survives: scripts, styles
and their content are dropped, and a link is kept only to http(s) or mailto (any other
link keeps its text). Parsed with the standard :mod:`html.parser`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_TAGS = ("p|br|hr|div|span|strong|b|em|i|u|a|ul|ol|li|code|pre|script|style|h[1-6]|"
         "small|big|sup|sub|font|blockquote|section|article|header|footer|nav|table|tr|td|th")
_HTML = re.compile(rf"</?\s*(?:{_TAGS})\b[^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);",
                   re.IGNORECASE)
_LINK = re.compile(r"^(?:https?://\S+|mailto:\S+)$", re.IGNORECASE)
_MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`"}
_BLOCKS = {"p", "br", "hr", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
           "pre", "section", "article", "header", "footer", "table"}
_DROPPED = {"script", "style", "noscript", "template", "iframe", "object", "head", "title"}


def has_html(text: str) -> bool:
    """Whether ``text`` holds a tag or an entity that :func:`from_html` would convert."""
    return bool(_HTML.search(text))


def from_html(text: str) -> tuple[str, list[str]]:
    """``text`` without its HTML: the running text as inline markup, and the items of its
    lists (``<li>``) apart, as bullets."""
    if not _HTML.search(text):
        return text, []
    parser = _Converter()
    parser.feed(text)
    parser.close()
    return parser.result()


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []  # the running text
        self.items: list[list[str]] = []  # finished list items
        self.item: list[str] | None = None  # the list item being read
        self.dropping = 0
        self.open: list[tuple[str, int, str | None]] = []  # (tag, where in out, link)

    @property
    def out(self) -> list[str]:
        return self.item if self.item is not None else self.text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self.dropping += 1
        elif self.dropping:
            return
        elif tag == "li":
            self._end_item()
            self.item = []
        elif tag in _MARKS or tag == "a":
            href = (dict(attrs).get("href") or "").strip() if tag == "a" else ""
            self.open.append((tag, len(self.out), href if _LINK.match(href) else None))
        elif tag in _BLOCKS:
            self.out.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS and not self.dropping:
            self.out.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropping = max(self.dropping - 1, 0)
        elif self.dropping:
            return
        elif tag == "li" or tag in ("ul", "ol"):
            self._end_item()
        elif (tag in _MARKS or tag == "a") and any(t == tag for t, _, _ in self.open):
            while self.open:
                opened, at, url = self.open.pop()
                self._close(opened, at, url)
                if opened == tag:
                    break
        elif tag in _BLOCKS:
            self.out.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(data)

    def _close(self, tag: str, at: int, url: str | None) -> None:
        """Wrap what was written since ``at`` in the tag's marks, spaces outside them."""
        out = self.out
        if at > len(out):
            return
        inner = "".join(out[at:])
        text = inner.strip()
        lead = " " if inner[:1].isspace() else ""
        trail = " " if inner[-1:].isspace() else ""
        if not text:
            wrapped = ""
        elif tag == "a":
            wrapped = f"[{text}]({url})" if url else text
        else:
            wrapped = f"{_MARKS[tag]}{text}{_MARKS[tag]}"
        del out[at:]
        out.append(lead + wrapped + trail)

    def _end_item(self) -> None:
        if self.item is not None:
            while self.open and self.open[-1][1] <= len(self.item):
                self._close(*self.open.pop())
            text = _tidy("".join(self.item))
            if text:
                self.items.append([text])
            self.item = None

    def result(self) -> tuple[str, list[str]]:
        self._end_item()
        while self.open:
            self._close(*self.open.pop())
        return _tidy("".join(self.text)), [item[0] for item in self.items]


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()

"""Inline markup, parsed once and rendered per format. All escaping in cvtool lives here.

CV text supports a small inline grammar: ``**bold**``, ``*italic*``, `` `code` ``,
``[links](https://...)`` (plus ``<https://...>`` autolinks and bare URLs), cross-references
to papers, ``[@key]`` or ``[@key1; @key2]`` (a :class:`Cite` node, which the document layer
resolves to the paper's number in that document or a short citation; see
:mod:`cvtool.document.crossrefs`), and ``$...$`` math (a :class:`Math` node: Unicode text for
every format, and TeX rebuilt by :mod:`cvtool.texmath` from whitelisted commands for LaTeX).
It is parsed with markdown-it-py's "zero" preset and only those inline rules, so nothing else
(HTML, headings, entities) is ever interpreted: ``<script>`` or ``# not a heading`` stay
literal text. Fields that hold TeX (publication titles, venues, abstracts) are read by
:mod:`cvtool.texinline` into the same nodes.

Each output syntax is one :class:`InlineFormat` in :data:`FORMATS` (how to escape a text
leaf, wrap strong and emphasis, write code and links); :func:`render` is the one walk over
the nodes for all of them, and :func:`escape` writes a bare string with the same text rule.

Who escapes what (each text is escaped exactly once, by exactly one layer):

- Markdown and LaTeX: everything, here. The renderers send parsed nodes through
  :func:`render`, bare strings (dates, labels, titles) through :func:`escape`, link
  targets through :func:`markdown_link` and :func:`escape_latex_url`; they never escape or
  build syntax from raw text themselves.
- HTML: inline markup (``Inline`` nodes: headline, summary, titles, bullets, citations,
  list items) is rendered here, reaching the template as ``Markup`` through the ``inline``
  filter, the only place rendered text becomes ``Markup``. Plain ``str`` fields of a view
  (name, location, dates, labels, section titles, link labels and URLs) are not escaped
  here: they reach the template as ``str``, and Jinja's autoescape escapes them once (after
  :func:`strip_controls`, in the environment's ``finalize``). See
  :mod:`cvtool.renderers.html`.
- ``plain``: nothing is escaped; controls are dropped.
- ``txt`` (the plain-text export): nothing is escaped either, markup is dropped, and a link
  keeps its target where a reader could not see it: ``text (url)``, the URL alone when the
  text is the URL, the address alone for a ``mailto:``/``tel:`` link showing it.
- ``docx``: nothing is escaped either (a Word document holds runs of text, and its XML
  library escapes them), but what XML cannot hold at all is dropped and tabs and line
  breaks become spaces (:func:`docx_text`). Word runs are not strings, so inline markup
  reaches the Word renderer as :class:`Span` s from :func:`spans`, the same walk as
  :func:`render` producing styled pieces of text instead of syntax.

Invisible characters follow one policy in every format, in :func:`strip_controls`, which
every text path, link label and link target goes through: C0 and C1 control characters
are dropped, and so are the invisible format characters that can make text read
differently from what it is (bidirectional embeddings, overrides, isolates and marks, a
right-to-left override turning `gpj.exe` into `exe.jpg`; zero-width space, word joiner,
invisible operators, BOM, soft hyphen, interlinear annotations, tag characters outside an
emoji flag). Line and paragraph separators (U+2028, U+2029, NEL) become spaces. Two are
kept because writing needs them: ZERO WIDTH NON-JOINER (U+200C, Persian and Indic
spelling) everywhere, and ZERO WIDTH JOINER (U+200D) between two visible characters (emoji
sequences such as a family, Indic conjuncts); a joiner next to a space or at an end joins
nothing and is dropped. Stripping rather than escaping or balancing them is deliberate: a
CV needs none of them, and right-to-left text displays correctly without them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

Format = Literal["markdown", "html", "latex", "latex-rtl", "latex-ltr", "plain", "txt",
                 "docx"]


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Strong:
    children: Inline


@dataclass(frozen=True)
class Emph:
    children: Inline


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Link:
    url: str
    children: Inline


@dataclass(frozen=True)
class CiteItem:
    """One paper a cross-reference names. ``label`` and ``target`` are filled by the document
    layer: the paper's number in this document (``"4"``) and its anchor, or, for a paper the
    document does not show, a short citation (``"Li et al., CVPR 2023"``) and no anchor."""

    key: str
    label: str = ""
    target: str = ""  # the key of the entry linked to ("" when not shown); see :func:`anchor`
    numbered: bool = False  # ``label`` is the paper's number in the document


@dataclass(frozen=True)
class Cite:
    """``[@key]`` or ``[@a; @b]``: a cross-reference to papers, by citation key."""

    items: tuple[CiteItem, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items)


@dataclass(frozen=True)
class Math:
    """Inline math (``$...$``): ``tex`` is safe TeX rebuilt by :mod:`cvtool.texmath` from
    whitelisted commands (never the source as written), ``text`` its Unicode rendering."""

    tex: str
    text: str


Node = Text | Strong | Emph | Code | Link | Cite | Math
NODE_TYPES = (Text, Strong, Emph, Code, Link, Cite, Math)
Inline = tuple[Node, ...]

SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")
_BARE_URL = re.compile(r"https?://[^\s<>\"]*[^\s<>\"().,;:!?'\]}]")


# ``[@key]``, ``[@a; @b]``: keys as BibTeX writes them (letters, digits, ``_ - : . / +``);
# ``[@key](url)`` is a link, not a cross-reference.
CITE_KEY = r"[\w][\w:./+-]*(?<![.:/+-])"
_CITE = re.compile(rf"\[@({CITE_KEY}(?:\s*[;,]\s*@{CITE_KEY})*)\](?!\()")
_CITE_SPLIT = re.compile(r"\s*[;,]\s*@")
_BACKTICKS = re.compile(r"`+")


def _escaped(text: str, index: int) -> bool:
    """Whether the character at ``index`` follows an odd number of backslashes."""
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Where the code spans are: a run of backticks up to the next run of the same length
    (an unescaped opener; a run with no partner is literal), as CommonMark reads them."""
    runs = []
    for match in _BACKTICKS.finditer(text):
        start = match.start() + (1 if _escaped(text, match.start()) else 0)
        if start < match.end():
            runs.append((start, match.end()))
    spans, k = [], 0
    while k < len(runs):
        start, end = runs[k]
        closer = next((j for j in range(k + 1, len(runs))
                       if runs[j][1] - runs[j][0] == end - start), None)
        if closer is None:
            k += 1
            continue
        spans.append((start, runs[closer][1]))
        k = closer + 1
    return spans


def cite_keys(text: str) -> list[tuple[int, tuple[str, ...]]]:
    """Every ``[@...]`` cross-reference in a source text as written: the offset of its
    ``[`` and its keys; not in code spans, not escaped (``\\[@key]``), not a link's text.
    A scan of the text that agrees with :func:`parse` without importing markdown-it (it
    runs while a CV loads, which ``cvtool lint`` does without any renderer)."""
    if "[@" not in text:
        return []
    spans = _code_spans(text) if "`" in text else []
    return [(match.start(), tuple(_CITE_SPLIT.split(match[1])))
            for match in _CITE.finditer(text)
            if not _escaped(text, match.start())
            and not any(start <= match.start() < end for start, end in spans)]


def citations(inline: Inline) -> list[Cite]:
    """The cross-references in parsed text, in order (inside bold and italic too)."""
    out: list[Cite] = []
    for node in inline:
        if isinstance(node, Cite):
            out.append(node)
        elif isinstance(node, Strong | Emph | Link):
            out.extend(citations(node.children))
    return out


_ANCHOR_SAFE = re.compile(r"[A-Za-z0-9.-]+")


def anchor_id(key: str) -> str:
    """A citation key as a name every format accepts for an anchor (an HTML ``id``, a URL
    fragment, a LaTeX label): letters, digits, ``.`` and ``-``. Other characters become
    ``-``, and a short hash of the key keeps two such keys apart."""
    if _ANCHOR_SAFE.fullmatch(key):
        return key
    import hashlib

    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
    return re.sub(r"[^A-Za-z0-9.-]+", "-", key).strip("-") + "-" + digest


def is_safe_url(url: str) -> bool:
    return url.lower().startswith(SAFE_SCHEMES)


@lru_cache(maxsize=1)
def _parser():  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero").enable(["emphasis", "link", "autolink", "backticks", "escape"])
    md.validateLink = is_safe_url  # refuse javascript:, file:, data: ... in links
    # Text is joined by :func:`_join_text` instead, which keeps an escaped ``[`` apart.
    md.disable("text_join")
    md.inline.ruler.before("backticks", "math", _math_rule)
    return md


def _with_cites(text: str, rest: Callable[[str], Inline] | None = None) -> Inline:
    """Text with ``[@key]`` cross-references made :class:`Cite` nodes, the text between
    read by ``rest`` (bare URLs linked, by default)."""
    rest = rest or _linkify
    if "[@" not in text:
        return rest(text)
    nodes: list[Node] = []
    position = 0
    for match in _CITE.finditer(text):
        nodes.extend(rest(text[position:match.start()]))
        nodes.append(Cite(tuple(CiteItem(k) for k in _CITE_SPLIT.split(match[1]))))
        position = match.end()
    nodes.extend(rest(text[position:]))
    return tuple(nodes)


def with_cites(inline: Inline) -> Inline:
    """``[@key]`` cross-references in the text of nodes read otherwise than by :func:`parse`
    (a field read as TeX), made :class:`Cite` nodes; link texts are left alone."""
    out: list[Node] = []
    for node in inline:
        if isinstance(node, Text) and "[@" in node.text:
            out.extend(_with_cites(node.text, lambda text: (Text(text),) if text else ()))
        elif isinstance(node, Strong | Emph):
            out.append(type(node)(with_cites(node.children)))
        else:
            out.append(node)
    return tuple(out)


def _math_rule(state, silent: bool) -> bool:  # type: ignore[no-untyped-def]
    """``$...$`` math in markup fields, found as :mod:`cvtool.texinline` finds it."""
    if state.src[state.pos] != "$":
        return False
    from cvtool.texmath import MATH_DOLLARS

    match = MATH_DOLLARS.match(state.src, state.pos)
    if not match or (state.pos and state.src[state.pos - 1] in "\\$"):
        return False
    if not silent:
        token = state.push("math_inline", "", 0)
        token.content = match[1] if match[1] is not None else match[2]
    state.pos = match.end()
    return True


def _linkify(text: str) -> Inline:
    nodes: list[Node] = []
    position = 0
    for match in _BARE_URL.finditer(text):
        if match.start() > position:
            nodes.append(Text(text[position:match.start()]))
        nodes.append(Link(match[0], (Text(match[0]),)))
        position = match.end()
    if position < len(text):
        nodes.append(Text(text[position:]))
    return tuple(nodes)


def merge(nodes: Iterable[Node]) -> Inline:
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        else:
            out.append(node)
    return tuple(n for n in out if not (isinstance(n, Text) and not n.text))


@lru_cache(maxsize=4096)
def parse(source: str) -> Inline:
    """Parse CV inline markup into nodes. Bare URLs in text become links."""
    source = strip_controls(source)  # before markdown-it percent-encodes them in links
    if not any(c in source for c in "*_`[<\\$") and "://" not in source:
        return (Text(source),) if source else ()
    tokens = _parser().parseInline(source)
    children = _join_text(tokens[0].children or [] if tokens else [])
    stack: list[tuple[str, str, list[Node]]] = [("root", "", [])]
    for token in children:
        kind = token.type
        if kind in ("strong_open", "em_open", "link_open"):
            stack.append((kind, str(token.attrs.get("href", "")), []))
        elif kind in ("strong_close", "em_close", "link_close"):
            opened, href, inner = stack.pop()
            content = merge(inner)
            node: Node = (Strong(content) if opened == "strong_open"
                          else Emph(content) if opened == "em_open" else Link(href, content))
            stack[-1][2].append(node)
        elif kind == "code_inline":
            stack[-1][2].append(Code(token.content))
        elif kind == "math_inline":
            stack[-1][2].append(math(token.content))
        elif kind == "text":
            in_link = any(entry[0] == "link_open" for entry in stack)
            stack[-1][2].extend((Text(token.content),) if in_link
                                else _with_cites(token.content))
        elif kind in ("softbreak", "hardbreak"):
            stack[-1][2].append(Text(" "))
        else:  # any other token keeps its source text
            stack[-1][2].append(Text(token.content))
    return merge(stack[0][2])


def _join_text(tokens: list) -> list:  # type: ignore[type-arg]
    """Adjacent text tokens joined, escaped characters included (markdown-it's
    ``text_join``, which is off so that an escaped ``[`` stays apart: ``\\[@key]`` is
    literal text, not a cross-reference)."""
    out: list = []  # type: ignore[type-arg]
    for token in tokens:
        if token.type == "text_special" and token.content != "[":
            token = token.copy()
            token.type = "text"
        if token.type == "text" and out and out[-1].type == "text":
            joined = out[-1].copy()
            joined.content = out[-1].content + token.content
            out[-1] = joined
        else:
            out.append(token)
    return out


def plain(text: str) -> Inline:
    """Text that is not markup (names, titles, abstracts): literal, bare URLs linked."""
    return merge(_linkify(text)) if "://" in text else ((Text(text),) if text else ())


def math(formula: str) -> Inline:
    """A ``$...$`` formula as a :class:`Math` node (see :mod:`cvtool.texmath`)."""
    from cvtool.texmath import convert

    result = convert(formula, escape=_escape_latex)
    return Math(result.tex, result.text)


def strong(inline: Inline) -> Inline:
    return (Strong(inline),)


def to_text(inline: Inline) -> str:
    """The visible text, with no markup: for metadata, sorting, measuring and tests."""
    return "".join(
        n.text if isinstance(n, Text | Code | Math) else _cite_text(n) if isinstance(n, Cite)
        else to_text(n.children) for n in inline
    )


def _cite_text(cite: Cite) -> str:
    return _walk((cite,), FORMATS["plain"], False)


# --- escaping ---------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$#!])")
_MD_LINE_START = re.compile(r"^(\s*)(?:([-+=>])|(\d+)([.)])(?=\s|$))")


def _escape_markdown(text: str, *, line_start: bool = True) -> str:
    # CV text is inline: a newline is a space, and can then never start a block (a list
    # item, a heading, a rule) on a line of its own.
    if "\n" in text or "\r" in text:
        text = " ".join(text.splitlines())
    text = _MD_SPECIAL.sub(r"\\\1", strip_controls(text))
    if not line_start:  # inside link text nothing can start a block
        return text
    return _MD_LINE_START.sub(
        lambda m: m[1] + ("\\" + m[2] if m[2] else m[3] + "\\" + m[4]), text)


_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
}
# Invisible format characters (see the module docstring): Arabic letter mark, Mongolian
# vowel separator, zero-width space, LRM/RLM, embeddings and overrides, word joiner and
# invisible operators, isolates, deprecated format characters, BOM, interlinear annotation,
# soft hyphen, language tag.
_INVISIBLE = ("\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff"
              "\ufff9-\ufffb\U000e0001")
_TAG_CHARS = "\U000e0020-\U000e007f"  # only in emoji flag sequences (after U+1F3F4)
_CONTROL = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f{_INVISIBLE}]"
    r"|(?<!\S)\u200d|\u200d(?!\S)"
    f"|(?<![\U0001f3f4{_TAG_CHARS}])[{_TAG_CHARS}]")
_SEPARATORS = re.compile("[\x85\u2028\u2029]")


def strip_controls(text: str) -> str:
    """The one policy for invisible characters in every format (see the module docstring):
    controls and invisible format characters dropped, ZWNJ and ZWJ between visible
    characters kept, NEL and the line and paragraph separators made spaces."""
    if text.isascii():
        return _CONTROL.sub("", text) if _CONTROL.search(text) else text
    if _SEPARATORS.search(text):
        text = _SEPARATORS.sub(" ", text)
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text

# LaTeX output is typeset with fonts that each cover one script, so runs of emoji and of
# CJK characters are handed to the theme's \cvemoji and \cvcjk macros (the bundled Noto
# Emoji, an installed CJK font or nothing). Joiners, variation selectors, skin tones and
# tag characters continue an emoji run; elsewhere variation selectors and skin tones are
# dropped (a font would print them as boxes), after :func:`strip_controls` has applied the
# policy every format shares. Line breaks become spaces, since a blank line would end a
# paragraph inside a macro argument.
_EMOJI = "\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
_EMOJI_JOIN = "\u200d\u20e3\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
_CJK = ("\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u4dbf\u4e00-\u9fff"
        "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff")
_LATEX_TOKEN = re.compile(
    f"(?P<emoji>[{_EMOJI}][{_EMOJI}{_EMOJI_JOIN}]*)"
    f"|(?P<cjk>[{_CJK}]+)"
    r"|(?P<space>\r\n|[\t\n\r])"
    f"|(?P<drop>[\ufe00-\ufe0f{_EMOJI_JOIN.replace(chr(0x200d), '')}])"
    f"|(?P<special>[{re.escape(''.join(_LATEX_SPECIAL))}])"
    r"|(?P<nbsp>\u00a0)")


def _latex_token(match: re.Match[str]) -> str:
    kind = match.lastgroup
    if kind == "special":
        return _LATEX_SPECIAL[match[0]]
    if kind == "emoji":
        return f"\\cvemoji{{{match[0]}}}"
    if kind == "cjk":
        return f"\\cvcjk{{{match[0]}}}"
    return {"space": " ", "nbsp": "~"}.get(kind or "", "")


# TeX cannot break a word it has no pattern for; a 5,000-character "word" makes it search
# for line breaks for minutes. Very long runs get a break opportunity every 60 characters.
_LONG_RUN = re.compile(r"\S{61,}")
_RUN_PIECE = 60


def _escape_latex(text: str) -> str:
    text = strip_controls(text)
    if len(text) <= _RUN_PIECE or not _LONG_RUN.search(text):
        return _LATEX_TOKEN.sub(_latex_token, text)
    out, position = [], 0
    for match in _LONG_RUN.finditer(text):
        out.append(_LATEX_TOKEN.sub(_latex_token, text[position:match.start()]))
        word = match[0]
        out.append(r"\allowbreak{}".join(
            _LATEX_TOKEN.sub(_latex_token, word[i:i + _RUN_PIECE])
            for i in range(0, len(word), _RUN_PIECE)))
        position = match.end()
    out.append(_LATEX_TOKEN.sub(_latex_token, text[position:]))
    return "".join(out)


# In a right-to-left LaTeX document (bidi), text runs right to left unless it is marked:
# every run of left-to-right text (from a strong left-to-right character to the last one or
# to a digit after it, with the spaces and punctuation between; a text's final full stop
# too) goes to the theme's \cvltr macro, which sets it left to right in the Latin font, as
# the HTML isolates such a text. Runs of right-to-left letters need no mark.
_RTL_LETTERS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_LTR_RUN = re.compile(f"[^\\W\\d_{_RTL_LETTERS}]"
                      f"(?:[^{_RTL_LETTERS}]*[^\\W_{_RTL_LETTERS}])?(?:[.!?]+$)?")


# The bundled Arabic and Hebrew faces lack Latin punctuation (brackets, the bullet, the en
# dash), so the CV's Latin font stays the document's and only runs of Arabic or Hebrew
# letters (with the spaces between; the Hebrew faces have no digits, so digits stay in the
# Latin font) go to \cvarabic and \cvhebrew.
_SCRIPT_RUN = re.compile(
    "(?P<hebrew>[\u0590-\u05ff\ufb1d-\ufb4f](?:[\u0590-\u05ff\ufb1d-\ufb4f\\s]*"
    "[\u0590-\u05ff\ufb1d-\ufb4f])?)"
    "|(?P<arabic>[\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"
    "(?:[\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufeff\\s]*"
    "[\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufeff])?)")


# A number with its separators (1.2, 2019-09, 12:30, 3/4, 1,200, 95%, +962): set right to
# left, XeTeX reverses its pieces ("1.2" prints as "2.1"), so a number that is more than a
# run of digits goes to \cvltr, as the bidi algorithm keeps it left to right in HTML.
_NUMBER = re.compile(
    "[+\u2212$\u20ac\u00a3\u00a5#]?\\d+(?:[.,:/+\\-\u2212\u00a0\u066b\u066c]\\d+)*"
    "[%\u2030\u066a]?")


def _escape_latex_rtl(text: str) -> str:
    mirror = _SCRIPT_RUN.search(text) is not None  # a text of neutrals alone stays as it is
    out, position = [], 0
    for match in _LTR_RUN.finditer(text):
        run = match[0]
        if all(unicodedata.bidirectional(c) != "L" for c in run):
            continue  # letters without a direction of their own (marks)
        out.append(_escape_rtl_part(text[position:match.start()], mirror=mirror))
        out.append(f"\\cvltr{{{_escape_latex(run)}}}")  # no Arabic or Hebrew in it
        position = match.end()
    out.append(_escape_rtl_part(text[position:], mirror=mirror))
    return "".join(out)


# Brackets set right to left in the Latin font are not mirrored by XeTeX: the glyph of the
# other bracket is written instead.
_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


def _escape_rtl_part(text: str, *, mirror: bool = True) -> str:
    """Escaped, with the runs of Arabic and Hebrew letters handed to their fonts' macros,
    the brackets between them mirrored and the numbers between them set left to right."""
    text = text.translate(_MIRROR) if mirror else text
    out, position = [], 0
    for match in _SCRIPT_RUN.finditer(text):
        out.append(_escape_rtl_neutrals(text[position:match.start()]))
        out.append(f"\\cv{match.lastgroup}{{{_escape_latex(match[0])}}}")
        position = match.end()
    out.append(_escape_rtl_neutrals(text[position:]))
    return "".join(out)


def _escape_rtl_neutrals(text: str) -> str:
    out, position = [], 0
    for match in _NUMBER.finditer(text):
        if match[0].isdigit():
            continue  # a run of digits alone keeps its order
        out.append(_escape_latex(text[position:match.start()]))
        out.append(f"\\cvltr{{{_escape_latex(match[0])}}}")
        position = match.end()
    out.append(_escape_latex(text[position:]))
    return "".join(out)


def _escape_latex_in_ltr(text: str) -> str:
    """A text set left to right in a right-to-left document (an English citation in an
    Arabic CV): escaped as in a left-to-right one, but the Arabic and Hebrew letters in it
    (the "and" and "In" cvtool prints in the CV's language) go to their fonts' macros,
    which set them right to left."""
    out, position = [], 0
    for match in _SCRIPT_RUN.finditer(text):
        out.append(_escape_latex(text[position:match.start()]))
        out.append(f"\\cv{match.lastgroup}{{{_escape_latex(match[0])}}}")
        position = match.end()
    out.append(_escape_latex(text[position:]))
    return "".join(out)


def escape_latex_url(url: str) -> str:
    """A URL inside ``\\href{...}``, even in another macro's argument.

    ``%``, ``#`` and ``&`` are URL delimiters, so they are backslash-escaped (hyperref turns
    ``\\%`` back into ``%``) rather than percent-encoded, which would change the target;
    characters a URI may not hold raw (``\\ { } ^ $ " < > |`` and the backtick, spaces,
    controls, anything beyond ASCII) are percent-encoded as UTF-8, written ``\\%XX``: a bare
    ``%`` would start a TeX comment. ``_`` and ``~`` are safe as they are (checked by
    compiling them inside another macro's argument)."""
    out = []
    for char in strip_controls(url):
        if char in "%#&":
            out.append("\\" + char)
        elif char in '\\{}^$ "<>|`' or not " " < char < "\x7f":
            out.extend(f"\\%{byte:02X}" for byte in char.encode("utf-8"))
        else:
            out.append(char)
    return "".join(out)


def _escape_html(text: str) -> str:
    return html.escape(strip_controls(text), quote=True)


def _markdown_url(url: str) -> str:
    """Percent-encode what could end a Markdown link destination or open HTML."""
    from urllib.parse import quote

    return quote(strip_controls(url), safe=":/?#@!$&'*+,;=%~")


def _markdown_code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _markdown_link(url: str, label: Inline, inner: str) -> str:
    if to_text(label) == url:
        return f"<{_markdown_url(url)}>"
    return f"[{inner}]({_markdown_url(url)})"


def _keep(text: str) -> str:
    return text


def _txt_link(url: str, label: Inline, inner: str) -> str:
    """A link in plain text: its text with the target in brackets, unless the text already
    says where it goes (the URL itself, or the address of a ``mailto:`` or ``tel:`` link)."""
    url = strip_controls(url)
    shown = to_text(label).strip()
    address = url.partition(":")[2] if url.lower().startswith(("mailto:", "tel:")) else url
    if not shown:
        return address
    same_number = url.lower().startswith("tel:") and _digits(shown) == _digits(address)
    if shown in (url, address) or same_number:
        return inner
    return f"{inner} ({address})"


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


# --- one inline renderer per format ---------------------------------------------------


@dataclass(frozen=True)
class InlineFormat:
    """How one output syntax writes each kind of inline node; :func:`render` walks the nodes.

    ``text`` escapes a text leaf (and a bare string, :func:`escape`); ``strong`` and ``emph``
    wrap already rendered content; ``code`` gets the code's text with controls stripped and
    escapes it itself; ``link`` gets a safe URL (unsafe ones render as their label only),
    the label's nodes and the label rendered. Adding an output format is adding one entry
    to :data:`FORMATS`."""

    text: Callable[[str], str]
    strong: Callable[[str], str] = _keep
    emph: Callable[[str], str] = _keep
    code: Callable[[str], str] = _keep
    link: Callable[[str, Inline, str], str] = lambda url, label, inner: inner
    ref: Callable[[str, str], str] = lambda target, inner: inner  # a link to a paper's entry
    anchor: Callable[[str], str] = lambda target: ""  # marks a paper's entry as a target
    math: Callable[[Math], str] | None = None  # None: the Unicode text, escaped as text


FORMATS: dict[str, InlineFormat] = {
    "markdown": InlineFormat(
        text=_escape_markdown,
        strong=lambda inner: f"**{inner}**",
        emph=lambda inner: f"*{inner}*",
        code=_markdown_code,
        link=_markdown_link,
        ref=lambda target, inner: f"[{inner}](#pub-{target})",
        anchor=lambda target: f'<a id="pub-{target}"></a>'),
    "html": InlineFormat(
        text=_escape_html,
        strong=lambda inner: f"<strong>{inner}</strong>",
        emph=lambda inner: f"<em>{inner}</em>",
        code=lambda text: f"<code>{_escape_html(text)}</code>",
        link=lambda url, label, inner: f'<a href="{_escape_html(url)}">{inner}</a>',
        ref=lambda target, inner: f'<a class="xref" href="#pub-{_escape_html(target)}">{inner}</a>',
        anchor=lambda target: f'id="pub-{_escape_html(target)}"',
        math=lambda node: f'<span class="math">{_escape_html(node.text)}</span>'),
    "latex": InlineFormat(
        text=_escape_latex,
        strong=lambda inner: f"\\textbf{{{inner}}}",
        emph=lambda inner: f"\\emph{{{inner}}}",
        code=lambda text: f"\\texttt{{{_escape_latex(text)}}}",
        link=lambda url, label, inner: f"\\href{{{escape_latex_url(url)}}}{{{inner}}}",
        ref=lambda target, inner: f"\\hyperref[pub:{target}]{{{inner}}}",
        anchor=lambda target: f"\\phantomsection\\label{{pub:{target}}}",
        math=lambda node: f"${node.tex}$" if node.tex else ""),
    "plain": InlineFormat(text=strip_controls),  # the visible text, controls dropped
    "txt": InlineFormat(text=strip_controls, link=_txt_link),  # plain text, links kept
}


# LaTeX in a right-to-left document: left-to-right runs (code, math, Latin words and
# numbers) marked as such; and a text set left to right as a whole (\\cvltr) in one, whose
# Arabic or Hebrew runs are marked the other way.
FORMATS["latex-rtl"] = replace(
    FORMATS["latex"], text=_escape_latex_rtl,
    code=lambda text: f"\\cvltr{{\\texttt{{{_escape_latex(text)}}}}}",
    math=lambda node: f"\\cvltr{{${node.tex}$}}" if node.tex else "")
FORMATS["latex-ltr"] = replace(FORMATS["latex"], text=_escape_latex_in_ltr)


# Characters XML 1.0 cannot hold (besides the controls :func:`strip_controls` drops): lone
# surrogates and the two noncharacters U+FFFE and U+FFFF. Tabs and line breaks in a Word run
# would become tab stops and breaks, so they are spaces.
_XML_ILLEGAL = re.compile("[\ud800-\udfff\ufffe\uffff]")
_RUN_SPACES = re.compile("[\t\n\r]")


def docx_text(text: str) -> str:
    """Text as a Word run holds it: controls dropped, tabs and newlines made spaces."""
    text = _XML_ILLEGAL.sub("", strip_controls(text))
    return _RUN_SPACES.sub(" ", text) if _RUN_SPACES.search(text) else text


FORMATS["docx"] = InlineFormat(text=docx_text)  # :func:`escape` for bare strings


@dataclass(frozen=True)
class Span:
    """A piece of text with one look, for formats made of styled runs (Word): the text
    (from :func:`docx_text`), its emphasis, and where it links to, a safe URL or the
    :func:`anchor_id` of a paper's entry (a cross-reference)."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    url: str = ""
    ref: str = ""


def spans(inline: Inline) -> tuple[Span, ...]:
    """Inline markup as styled runs of text: the walk of :func:`render`, with bold and
    italic as flags, links as targets (unsafe ones as their label only), math as its
    Unicode text and cross-references as their numbers, each linked to its paper."""
    out: list[Span] = []
    _span_walk(inline, Span(""), out)
    return tuple(s for s in out if s.text)


def _span_walk(inline: Inline, look: Span, out: list[Span]) -> None:
    for node in inline:
        match node:
            case Text(text):
                out.append(replace(look, text=docx_text(text)))
            case Code(text):
                out.append(replace(look, text=docx_text(text), code=True))
            case Math():
                out.append(replace(look, text=docx_text(node.text)))
            case Strong(children):
                _span_walk(children, replace(look, bold=True), out)
            case Emph(children):
                _span_walk(children, replace(look, italic=True), out)
            case Link(url, children):
                _span_walk(children, replace(look, url=url) if is_safe_url(url) else look, out)
            case Cite(items):
                _span_cite(items, look, out)
            case _:
                raise TypeError(f"not an inline markup node: {node!r}")


def _span_cite(items: tuple[CiteItem, ...], look: Span, out: list[Span]) -> None:
    """As :func:`_cite` writes them: ``[4, 7]`` then ``(Li et al., CVPR 2023)``."""

    def join(chosen: list[CiteItem], opening: str, sep: str, closing: str) -> None:
        out.append(replace(look, text=opening))
        for n, item in enumerate(chosen):
            if n:
                out.append(replace(look, text=sep))
            target = anchor_id(item.target) if item.target else ""
            out.append(replace(look, text=docx_text(item.label or item.key), ref=target))
        out.append(replace(look, text=closing))

    numbered = [i for i in items if i.numbered or not i.label]
    short = [i for i in items if i.label and not i.numbered]
    if numbered:
        join(numbered, "[", ", ", "]")
    if short:
        if numbered:
            out.append(replace(look, text=" "))
        join(short, "(", "; ", ")")


def anchor(target: str, fmt: Format) -> str:
    """What marks a paper's entry as the target of cross-references in ``fmt`` (``target``
    from :func:`anchor_id`): an ``id="pub-..."`` attribute in HTML, ``<a id="pub-...">`` in
    Markdown, ``\\phantomsection\\label{pub:...}`` in LaTeX; nothing for an empty target."""
    if not target:
        return ""
    return FORMATS[fmt].anchor(anchor_id(target))


def escape(text: str, fmt: Format) -> str:
    """Make ``text`` appear literally in ``fmt``."""
    return FORMATS[fmt].text(text)


def markdown_link(text: str, url: str) -> str:
    """A Markdown link to ``url`` showing the plain ``text`` (an autolink when they match)."""
    target = _markdown_url(url)
    if text == url:
        return f"<{target}>"
    return f"[{_escape_markdown(text, line_start=False)}]({target})"


# In print, a line break after the hyphen of a compound ("large-scale") makes text
# extraction (pdftotext, ATS parsers) join the parts into one word; a WORD JOINER after the
# hyphen forbids that break and is dropped again by extractors.
_COMPOUND_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
WORD_JOINER = "\u2060"


def render(inline: Inline, fmt: Format, *, for_print: bool = False) -> str:
    """Render parsed inline markup in one output syntax (``for_print``: HTML for a PDF)."""
    return _walk(inline, FORMATS[fmt], for_print)


def _walk(inline: Inline, out: InlineFormat, for_print: bool) -> str:
    """The one walk over the nodes: every format's differences are in ``out``."""
    parts: list[str] = []
    for node in inline:
        match node:
            case Text(text):
                rendered = out.text(text)
                if for_print and "-" in rendered:
                    rendered = _COMPOUND_HYPHEN.sub("-" + WORD_JOINER, rendered)
            case Code(text):
                rendered = out.code(strip_controls(text))
            case Math():
                rendered = out.math(node) if out.math else out.text(node.text)
            case Strong(children):
                rendered = out.strong(_walk(children, out, for_print))
            case Emph(children):
                rendered = out.emph(_walk(children, out, for_print))
            case Link(url, children):
                rendered = _walk(children, out, for_print)
                if is_safe_url(url):
                    rendered = out.link(url, children, rendered)
            case Cite(items):
                rendered = _cite(items, out, for_print)
            case _:  # a plain string handed over as inline markup, say
                raise TypeError(f"not an inline markup node: {node!r}")
        parts.append(rendered)
    return "".join(parts)


def _cite(items: tuple[CiteItem, ...], out: InlineFormat, for_print: bool) -> str:
    """``[4]``, ``[4, 7]``: numbers of papers the document shows, each linked to its entry;
    ``(Li et al., CVPR 2023)`` for the others (linked too when shown without a number).
    A reference not resolved by a document (its label empty) shows its key: ``[key]``."""

    def one(item: CiteItem) -> str:
        text = item.label or item.key
        rendered = out.text(text)
        if for_print and "-" in rendered:
            rendered = _COMPOUND_HYPHEN.sub("-" + WORD_JOINER, rendered)
        return out.ref(anchor_id(item.target), rendered) if item.target else rendered

    numbered = [one(i) for i in items if i.numbered or not i.label]
    short = [one(i) for i in items if i.label and not i.numbered]
    parts = []
    if numbered:
        parts.append(out.text("[") + out.text(", ").join(numbered) + out.text("]"))
    if short:
        parts.append(out.text("(") + out.text("; ").join(short) + out.text(")"))
    return out.text(" ").join(parts)

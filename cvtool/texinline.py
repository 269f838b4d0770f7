"""Inline TeX in the fields that come from papers: publication titles, abstracts and venues.

arXiv abstracts and BibTeX titles are written in TeX. In those fields (see
:data:`TEX_FIELDS`) cvtool reads the common text commands and ``$...$`` math and turns them
into inline markup nodes (:mod:`cvtool.markup`), so every format shows what TeX would print
and the LaTeX renderer writes real TeX rebuilt from the nodes (never the source):

- ``$...$`` and ``\\(...\\)``: math, converted by :mod:`cvtool.texmath` into a
  :class:`~cvtool.markup.Math` node (Unicode text plus whitelisted TeX). A ``$`` opens math
  only when a non-space follows it and a closing ``$`` (after a non-space, not before a
  digit) exists, as in Pandoc: ``costs $5 and $10`` stays text.
- ``\\textbf{}``, ``{\\bf }``: bold; ``\\emph{}``, ``\\textit{}``, ``{\\em }``, ``{\\it }``: italic;
  ``\\texttt{}``: code; ``\\textsc{}``, ``\\textrm{}``, ``\\mbox{}`` and the like: their text.
- ``\\url{...}`` and ``\\href{url}{text}``: links (safe schemes only, as everywhere); bare
  URLs become links too.
- quotes and dashes (````quoted''``, ``--``, ``---``), ``~`` (a no-break space), escaped
  specials (``\\% \\& \\$ \\# \\_ \\{ \\}``), accents (``\\'e``, ``\\"{o}``, ``{\\"u}``,
  ``\\c{c}``, ``\\v s``), special letters (``\\ss``, ``\\o``, ``\\aa``), logos (``\\LaTeX``,
  ``\\TeX``, ``\\BibTeX``), ``\\textsuperscript{}``, and the text symbols pylatexenc knows
  (``\\ldots``, ``\\textendash``, ...).
- braces (``{BERT}``, protecting case in BibTeX) are dropped.
- A bare ``%`` is a percent sign, not a comment: the field is one line of a CV.

Anything else (an unknown command, an unbalanced brace, a math command outside the
whitelist) becomes a :class:`~cvtool.texmath.Problem` with its offset in the field, which
lint reports as CV424; the text then shows the command's argument (or its name), never a
backslash.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from cvtool import markup, texmath
from cvtool.markup import Inline
from cvtool.texmath import MATH_DOLLARS, Problem

# The fields where TeX text commands are read (fields of publications, the text of papers).
# ``$...$`` math is read in every markup field too (see :mod:`cvtool.markup`).
TEX_FIELDS = frozenset({"title", "abstract", "venue"})

_BARE_URL = re.compile(r"https?://[^\s<>\"{}\\]*[^\s<>\"().,;:!?'\]}{\\]")
_TOKEN = re.compile(r"""
    (?P<url>https?://)
  | (?P<word>\\[A-Za-z]+\*?)
  | (?P<symbol>\\.?)
  | (?P<dollar>\$)
  | (?P<open>\{) | (?P<close>\}) | (?P<ligature>``|''|---|--|~)
  | (?P<space>\s+)
  | (?P<other>[^\\${}`'~\-\sh]+|.)
""", re.VERBOSE | re.DOTALL)

_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
            "=": "\u0304", ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306",
            "H": "\u030b", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331"}
_LETTERS = {"ss": "ß", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
            "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ"}
_SYMBOLS = {"LaTeX": "LaTeX", "LaTeXe": "LaTeX2ε", "TeX": "TeX", "BibTeX": "BibTeX",
            "XeTeX": "XeTeX", "LuaTeX": "LuaTeX", "S": "§", "P": "¶", "copyright": "©",
            "textregistered": "®", "texttrademark": "™", "textdegree": "°", "dag": "†",
            "ddag": "‡", "textbullet": "•", "ldots": "…", "dots": "…", "textellipsis": "…",
            "textendash": "–", "textemdash": "—", "textquoteleft": "‘",
            "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”",
            "textasciitilde": "~", "textasciicircum": "^", "textunderscore": "_",
            "textbackslash": "\\",
            "textbar": "|", "textless": "<", "textgreater": ">", "euro": "€", "pounds": "£",
            "textperthousand": "‰", "textmu": "µ", "checkmark": "✓", "times": "×",
            "quad": " ", "qquad": "  ", "newline": " ", "linebreak": " ", "par": " ",
            "noindent": "", "relax": "", "xspace": "", "nobreak": "", "allowbreak": "",
            "hfill": " ", "smallskip": " ", "medskip": " ", "bigskip": " ", "centering": ""}
_STRONG = {"textbf", "bfseries"}
_EMPH = {"emph", "textit", "textsl", "itshape", "slshape"}
_CODE = {"texttt"}
_TEXT = {"textsc", "textrm", "textsf", "textup", "textnormal", "textmd", "mbox", "text",
         "underline", "uline", "scshape", "upshape", "mdseries", "normalfont", "rmfamily",
         "sffamily", "ttfamily", "hbox", "fbox", "NoCaseChange", "MakeUppercase",
         "MakeLowercase", "protect"}
_DECLARATIONS = {"bf": "strong", "em": "emph", "it": "emph", "sl": "emph", "tt": "code",
                 "sc": "text", "rm": "text", "sf": "text", "normalsize": "text",
                 "small": "text", "footnotesize": "text", "scriptsize": "text",
                 "large": "text", "Large": "text", "tiny": "text", "huge": "text"}
# Commands that read or write files, define commands or change how TeX reads: refused,
# arguments and all (everything is rebuilt anyway; this keeps their arguments out of view).
_REFUSED = {"input", "include", "includeonly", "write", "immediate", "openout", "openin",
            "read", "def", "edef", "gdef", "xdef", "let", "newcommand", "renewcommand",
            "providecommand", "DeclareRobustCommand", "catcode", "csname", "endcsname",
            "expandafter", "special", "usepackage", "documentclass", "begin", "end", "label",
            "ref", "eqref", "cite", "citep", "citet", "footnote", "includegraphics", "vspace",
            "hspace", "color", "textcolor", "newline", "directlua", "lowercase", "uppercase",
            "scantokens", "shipout", "output", "everypar", "jobname", "loop", "typeout",
            "message", "errmessage"} - set(_SYMBOLS)
_SCRIPTS = {"textsuperscript": "^", "textsubscript": "_"}


@lru_cache(maxsize=1)
def _pylatexenc_dbs() -> tuple[Any, Any]:
    """pylatexenc's tables: how each command is parsed, and what text it makes."""
    from pylatexenc.latex2text import get_default_latex_context_db as text_db
    from pylatexenc.latexwalker import get_default_latex_context_db as parse_db

    return parse_db(), text_db()


@lru_cache(maxsize=512)
def _text_symbol(name: str) -> str | None:
    """The text of an argument-less text command: ours, else pylatexenc's."""
    if name in _SYMBOLS:
        return _SYMBOLS[name]
    parsing, texts = _pylatexenc_dbs()
    parsed = parsing.get_macro_spec(name)
    if parsed is None or getattr(parsed.args_parser, "argspec", None) != "":
        return None
    spec = texts.get_macro_spec(name)
    repl = getattr(spec, "simplify_repl", None)
    return repl if isinstance(repl, str) and "%" not in repl and "\\" not in repl else None


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = [(m.start(), m.lastgroup or "other", m[0])
                       for m in _TOKEN.finditer(source)]
        self.i = 0
        self.problems: list[Problem] = []
        self.m = markup
        self.depth = 0

    def problem(self, start: int, end: int, message: str) -> None:
        self.problems.append(Problem(start, end, message))

    def at_end(self) -> bool:
        return self.i >= len(self.tokens)

    def skip_spaces(self) -> None:
        while not self.at_end() and self.tokens[self.i][1] == "space":
            self.i += 1

    # --- a sequence of nodes up to a closing brace (or the end) -------------------------

    def sequence(self, closing: bool) -> list[Any]:
        self.depth += 1
        if self.depth > texmath.MAX_DEPTH:
            raise texmath.TooDeep
        try:
            return self._sequence(closing)
        finally:
            self.depth -= 1

    def _sequence(self, closing: bool) -> list[Any]:
        m = self.m
        out: list[Any] = []
        while not self.at_end():
            position, kind, token = self.tokens[self.i]
            if kind == "close":
                if closing:
                    return out
                self.i += 1
                self.problem(position, position + 1, "a `}` without its `{`")
                continue
            self.i += 1
            if kind == "open":
                out.extend(self.group(position))
            elif kind == "url":
                out.append(self.bare_url(position))
            elif kind == "word":
                name = token[1:].rstrip("*")
                if name in _DECLARATIONS and closing:
                    self.skip_spaces()
                    rest = self.sequence(closing=True)
                    out.extend(self.wrap(_DECLARATIONS[name], rest))
                    return out
                out.extend(self.command(position, name))
            elif kind == "symbol":
                out.extend(self.control_symbol(position, token[1:]))
            elif kind == "dollar":
                out.extend(self.math(position))
            elif kind == "ligature":
                out.append(m.Text({"``": "“", "''": "”", "---": "—", "--": "–",
                                   "~": "\u00a0"}[token]))
            elif kind == "space":
                out.append(m.Text(" "))
            else:
                out.append(m.Text(token))
        return out

    def group(self, position: int) -> list[Any]:
        inner = self.sequence(closing=True)
        if self.at_end():
            self.problem(position, position + 1, "a `{` that is never closed")
        else:
            self.i += 1  # the `}`
        return inner

    def wrap(self, style: str, nodes: list[Any]) -> list[Any]:
        m = self.m
        inline = m.merge(nodes)
        if style == "strong":
            return [m.Strong(inline)] if inline else []
        if style == "emph":
            return [m.Emph(inline)] if inline else []
        if style == "code":
            text = m.to_text(inline)
            return [m.Code(text)] if text else []
        return list(inline)

    def argument(self, position: int, name: str) -> list[Any] | None:
        """One argument: a braced group or the next character; None when there is none."""
        self.skip_spaces()
        if self.at_end() or self.tokens[self.i][1] == "close":
            self.problem(position, position + len(name) + 1,
                         f"`\\{name}` without its argument")
            return None
        start, kind, token = self.tokens[self.i]
        self.i += 1
        if kind == "open":
            return self.group(start)
        if kind == "other" and len(token) > 1:  # a word: its first letter is the argument
            self.tokens[self.i - 1] = (start + 1, kind, token[1:])
            self.i -= 1
            return [self.m.Text(token[0])]
        self.i -= 1
        return self.sequence_one()

    def sequence_one(self) -> list[Any]:
        """The nodes of exactly one token."""
        saved = self.tokens
        self.tokens = saved[:self.i + 1]
        try:
            return self.sequence(closing=False)
        finally:
            self.tokens = saved

    def raw_argument(self, position: int, name: str) -> str | None:
        """A braced argument's source, unparsed (a URL)."""
        self.skip_spaces()
        if self.at_end() or self.tokens[self.i][1] != "open":
            self.problem(position, position + len(name) + 1,
                         f"`\\{name}` without its argument in braces")
            return None
        start = self.tokens[self.i][0]
        depth = 0
        while not self.at_end():
            _, kind, _token = self.tokens[self.i]
            self.i += 1
            depth += 1 if kind == "open" else -1 if kind == "close" else 0
            if depth == 0:
                end = self.tokens[self.i - 1][0]
                return self.source[start + 1:end]
        self.problem(start, start + 1, "a `{` that is never closed")
        return self.source[start + 1:]

    def bare_url(self, position: int) -> Any:
        m = self.m
        match = _BARE_URL.match(self.source, position)
        if not match:
            return m.Text(self.tokens[self.i - 1][2])
        # the rest read again from the URL's end (its last token may run past it)
        self.i -= 1
        self.tokens[self.i:] = [(t.start(), t.lastgroup or "other", t[0])
                                    for t in _TOKEN.finditer(self.source, match.end())]
        url = match[0]
        return m.Link(url, (m.Text(url),))

    # --- commands ------------------------------------------------------------------------

    def command(self, position: int, name: str) -> list[Any]:
        m = self.m
        end = position + len(name) + 1
        if name in _STRONG or name in _EMPH or name in _CODE or name in _TEXT:
            argument = self.argument(position, name)
            if argument is None:
                return []
            style = ("strong" if name in _STRONG else "emph" if name in _EMPH
                     else "code" if name in _CODE else "text")
            return self.wrap(style, argument)
        if name in _DECLARATIONS:  # outside a group: to the end of the field
            return self.wrap(_DECLARATIONS[name], self.sequence(closing=False))
        if name == "url":
            url = self.raw_argument(position, name)
            if url is None:
                return []
            url = self.checked_url(position, name, _unescape_url(url))
            return [m.Link(url, (m.Text(url),))] if url else []
        if name == "href":
            url = self.raw_argument(position, name)
            label = self.argument(position, name) if url is not None else None
            if url is None:
                return []
            url = self.checked_url(position, name, _unescape_url(url))
            inline = m.merge(label or [m.Text(url)])
            return [m.Link(url, inline)]
        if name in _SCRIPTS:
            argument = self.argument(position, name)
            if argument is None:
                return []
            text = m.to_text(m.merge(argument))
            if text == "TM" and name == "textsuperscript":
                return [m.Text("™")]
            if text and all(c in "0123456789+-=()" for c in text):
                text = texmath.convert(_SCRIPTS[name] + "{" + text + "}").text
            return [m.Text(text)]
        if name in _LETTERS:
            self.skip_braces_pair()
            return [m.Text(_LETTERS[name])]
        if name in _ACCENTS and len(name) == 1:  # \c{c}, \v s
            return self.accent(position, name)
        if name in _REFUSED:
            self.problem(position, end, f"`\\{name}` is not allowed here; it is left out")
            while self.skip_group():
                pass
            return []
        symbol = _text_symbol(name)
        if symbol is not None:
            self.skip_braces_pair()
            return [m.Text(symbol)]
        self.problem(position, end, f"`\\{name}` is not a TeX command cvtool converts; "
                     "its text is shown without it")
        return []

    def checked_url(self, position: int, name: str, url: str) -> str:
        if "\\" in url or any(c.isspace() for c in url.strip()):  # commands are no address
            self.problem(position, position + len(name) + 1,
                         f"`\\{name}` to something that is not a web address; left out")
            return ""
        if url and not markup.is_safe_url(url):
            self.problem(position, position + len(name) + 1, f"`\\{name}` to a link that is "
                         "not http(s), mailto or tel: only its text is shown")
        return url

    def skip_braces_pair(self) -> None:
        """The ``{}`` after a command (``\\LaTeX{}``), which only ends the command's name."""
        if (self.i + 1 < len(self.tokens) and self.tokens[self.i][1] == "open"
                and self.tokens[self.i + 1][1] == "close"):
            self.i += 2

    def skip_group(self) -> bool:
        if self.at_end() or self.tokens[self.i][1] != "open":
            return False
        return self.raw_argument(self.tokens[self.i][0], "") is not None

    def control_symbol(self, position: int, char: str) -> list[Any]:
        m = self.m
        if char in "%&$#_{}":
            return [m.Text(char)]
        if char in _ACCENTS:
            return self.accent(position, char)
        if char in (" ", "\n", "\\", "\t"):
            return [m.Text(" ")]
        if char == ",":
            return [m.Text("\u2009")]
        if char in ("-", "/", "@", ""):
            if char == "":
                self.problem(position, position + 1, "a `\\` at the end of the text")
            return []
        if char == "(":
            return self.paren_math(position)
        self.problem(position, position + 2, f"`\\{char}` is not a TeX command cvtool "
                     "converts")
        return [m.Text(char)]

    def accent(self, position: int, mark: str) -> list[Any]:
        m = self.m
        self.skip_spaces() if mark.isalpha() else None
        argument = self.argument(position, mark)
        if argument is None:
            return []
        text = m.to_text(m.merge(argument))
        if not text:
            return []
        base = {"ı": "i", "ȷ": "j"}.get(text[0], text[0])
        composed = unicodedata.normalize("NFC", base + _ACCENTS[mark])
        return [m.Text(composed + text[1:])]

    # --- math ------------------------------------------------------------------------------

    def math(self, position: int) -> list[Any]:
        match = MATH_DOLLARS.match(self.source, position)
        if not match:
            return [self.m.Text("$")]
        body_group = 1 if match[1] is not None else 2
        return self.math_span(match.start(body_group), match[body_group], match.end())

    def paren_math(self, position: int) -> list[Any]:
        end = self.source.find("\\)", position + 2)
        if end < 0:
            self.problem(position, position + 2, "`\\(` without its `\\)`")
            return []
        return self.math_span(position + 2, self.source[position + 2:end], end + 2)

    def math_span(self, start: int, body: str, end: int) -> list[Any]:
        while not self.at_end() and self.tokens[self.i][0] < end:
            self.i += 1
        return [math_node(body, start, self.problems)]


def _latex_text(text: str) -> str:
    return markup.escape(text, "latex")


def math_node(body: str, offset: int = 0, problems: list[Problem] | None = None) -> markup.Math:
    """A :class:`~cvtool.markup.Math` node for a formula (problems appended to ``problems``)."""
    result = texmath.convert(body, offset, escape=_latex_text)
    if problems is not None:
        problems.extend(result.problems)
    return markup.Math(result.tex, result.text)


def _unescape_url(url: str) -> str:
    return re.sub(r"\\([%#&_~$])", r"\1", "".join(url.split()))


_TEX_SIGNS = re.compile(r"[\\{}$~]|``|''|--")


def tex(text: str) -> Inline:
    """A field that holds TeX (publication titles, abstracts, venues) as inline markup: its
    text commands and ``$...$`` math converted, bare URLs linked."""
    if not _TEX_SIGNS.search(text):
        return markup.plain(text)
    return convert(markup.strip_controls(text))[0]


@lru_cache(maxsize=4096)
def convert(source: str) -> tuple[Inline, tuple[Problem, ...]]:
    """A TeX field as inline markup nodes, and what could not be converted."""
    reader = _Reader(source)
    try:
        nodes = reader.sequence(closing=False)
    except texmath.TooDeep:
        text = texmath.flat(source)
        return (markup.plain(text), (Problem(0, len(source), "braces or commands nested more "
                                             f"than {texmath.MAX_DEPTH} deep"),))
    inline = markup.merge(nodes)
    return _tidy(inline), tuple(sorted(reader.problems, key=lambda p: p.start))


def _tidy(inline: Inline) -> Inline:
    """Runs of spaces (line breaks of a folded abstract) as one."""
    m = markup
    out = []
    for index, node in enumerate(inline):
        if isinstance(node, m.Text):
            text = re.sub(r"  +", " ", node.text) if "  " in node.text else node.text
            text = text.lstrip(" ") if index == 0 else text
            text = text.rstrip(" ") if index == len(inline) - 1 else text
            if not text:
                continue
            node = m.Text(text) if text != node.text else node
        out.append(node)
    return tuple(out)


def problems(source: str) -> tuple[Problem, ...]:
    """What :func:`convert` cannot convert in a TeX field."""
    return convert(source)[1]


def math_problems(source: str) -> tuple[Problem, ...]:
    """What cannot be converted in the ``$...$`` formulas of a markup field."""
    if "$" not in source:
        return ()
    found: list[Problem] = []
    for match in MATH_DOLLARS.finditer(source):
        group = 1 if match[1] is not None else 2
        found.extend(texmath.convert(match[group], match.start(group)).problems)
    return tuple(found)

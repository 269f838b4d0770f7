"""LaTeX in .bib fields as a reader sees it: Unicode on one line."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_SPACE = re.compile(r"\s+")
_URL_MACRO = re.compile(r"\\url\{([^{}]*)\}")


@lru_cache(maxsize=1)
def _decoder() -> Any:
    from pylatexenc.latex2text import (
        LatexNodes2Text,
        MacroTextSpec,
        get_default_latex_context_db,
    )

    context = get_default_latex_context_db()
    context.add_context_category("cvtool", prepend=True, macros=[
        MacroTextSpec("url", simplify_repl="%s"),
        MacroTextSpec("LaTeX", simplify_repl="LaTeX"),
        MacroTextSpec("TeX", simplify_repl="TeX"),
        MacroTextSpec("BibTeX", simplify_repl="BibTeX"),
    ])
    return LatexNodes2Text(latex_context=context, math_mode="text", keep_braced_groups=False,
                           strict_latex_spaces=True)


_FAST = re.compile(r"""
    \\(?P<escape>[&%$\#_{}])
  | \\(?P<accent>['`^"~=.])[ \t]*(?:\n[ \t]*)?(?:
        \{\s*(?:\\(?P<braced_dotless>[ij])|(?P<braced>[A-Za-z]))\s*\}
      | \\(?P<dotless>[ij])(?![A-Za-z])[ \t]*(?:\n[ \t]*)?
      | (?P<letter>[A-Za-z]))
  | \\(?P<laccent>[cvuHkrdb])(?:
        [ \t]*\{\s*(?:\\(?P<lbraced_dotless>[ij])|(?P<lbraced>[A-Za-z]))\s*\}
      | [ \t]+(?P<lletter>[A-Za-z])(?![A-Za-z]))
  | \\(?P<special>ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])[ \t]*(?:\n[ \t]*)?
  | (?P<dash>---?)
  | (?P<quote>``|''|!`|\?`)
  | (?P<tie>~)
  | (?P<brace>[{}])
  | (?<!\$)\$(?P<math>(?:[^$\\%]|\\[A-Za-z]+)+)\$(?!\$)
  | (?P<other>[\\$%&])
""", re.VERBOSE)
_LATEX_CHARS = re.compile(r"[\\{}$~\-`'%]")  # text without any of these is plain
_MACRO_NAME = re.compile(r"\\([A-Za-z]+)")
_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
            "=": "\u0304", ".": "\u0307"}
_LETTER_ACCENTS = {"c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "k": "\u0328",
                   "r": "\u030a", "d": "\u0323", "b": "\u0331"}
_SPECIAL_LETTERS = {"ss": "ß", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
                    "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ"}
_SYMBOLS = {"---": "\u2014", "--": "\u2013", "``": "\u201c", "''": "\u201d", "!`": "\u00a1",
            "?`": "\u00bf", "~": "\u00a0"}


class _NotSimple(Exception):
    """LaTeX beyond what :func:`_simple_latex` converts: pylatexenc's turn."""


def _simple_piece(match: re.Match[str]) -> str:
    if match["escape"]:
        return match["escape"]
    if match["accent"]:
        base = (match["braced_dotless"] or match["braced"] or match["dotless"]
                or match["letter"])
        composed = unicodedata.normalize("NFC", base + _ACCENTS[match["accent"]])
        if len(composed) != 1:
            raise _NotSimple
        return composed
    if match["laccent"]:
        base = (match["lbraced_dotless"] or match["lbraced"] or match["lletter"])
        composed = unicodedata.normalize("NFC", base + _LETTER_ACCENTS[match["laccent"]])
        if len(composed) != 1:
            raise _NotSimple
        return composed
    if match["special"]:
        return _SPECIAL_LETTERS[match["special"]]
    if match["brace"]:
        return ""
    if match["math"]:  # a formula of argument-less macros: pylatexenc's (cached, they recur)
        context = _walker_context()
        for name in _MACRO_NAME.findall(match["math"]):
            spec = context.get_macro_spec(name)
            if spec is not None and getattr(spec.args_parser, "argspec", None) != "":
                raise _NotSimple  # it takes arguments (or parses them its own way)
        return _full_latex(match[0])
    if match["other"]:
        raise _NotSimple
    return _SYMBOLS[match[0]]


def _simple_latex(value: str) -> str:
    """What pylatexenc makes of the LaTeX most .bib text holds (protective braces, escaped
    specials, accents on a letter, dashes and quotes), a hundred times faster, with only
    ``$formulas$`` left to pylatexenc; anything else (another macro, unbalanced braces, a
    comment) raises :class:`_NotSimple`."""
    depth = 0
    for char in value.replace("\\{", "").replace("\\}", ""):
        depth += 1 if char == "{" else -1 if char == "}" else 0
        if depth < 0:
            raise _NotSimple
    if depth:
        raise _NotSimple
    return _FAST.sub(_simple_piece, value)


@lru_cache(maxsize=4096)
def _full_latex(value: str) -> str:
    """pylatexenc's conversion (cached: the same names and venues recur in a .bib)."""
    from pylatexenc.latexwalker import LatexWalker

    # The parser's default macro table, built once: LatexWalker builds it again on every
    # call when it is not given one.
    walker = LatexWalker(value, latex_context=_walker_context())
    return _decoder().nodelist_to_text(walker.get_latex_nodes()[0])


@lru_cache(maxsize=1)
def _walker_context() -> Any:
    from pylatexenc.latexwalker import get_default_latex_context_db

    return get_default_latex_context_db()


# Accent commands alone, braced or not (``\\~n``, ``{\\'e}``, ``\\v s``, ``\\c{c}``, ``\\ss``): what
# must become letters before an author list is split, since ``~`` there is also a tie.
_ACCENT_ONLY = re.compile(r"""
    \\(?P<accent>['`^"~=.])[ \t]*(?:\{\s*(?:\\(?P<braced_dotless>[ij])|(?P<braced>[A-Za-z]))\s*\}
      | \\(?P<dotless>[ij])(?![A-Za-z])[ \t]*
      | (?P<letter>[A-Za-z]))
  | \\(?P<laccent>[cvuHkrdb])(?:
        [ \t]*\{\s*(?:\\(?P<lbraced_dotless>[ij])|(?P<lbraced>[A-Za-z]))\s*\}
      | [ \t]+(?P<lletter>[A-Za-z])(?![A-Za-z]))
  | \\(?P<special>ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])[ \t]*(?:\n[ \t]*)?
""", re.VERBOSE)


def _accent_piece(match: re.Match[str]) -> str:
    if match["special"]:
        return _SPECIAL_LETTERS[match["special"]]
    if match["accent"]:
        base = (match["braced_dotless"] or match["braced"] or match["dotless"]
                or match["letter"])
        mark = _ACCENTS[match["accent"]]
    else:
        base = match["lbraced_dotless"] or match["lbraced"] or match["lletter"]
        mark = _LETTER_ACCENTS[match["laccent"]]
    composed = unicodedata.normalize("NFC", base + mark)
    return composed if len(composed) == 1 else match[0]


def accents_to_unicode(value: str) -> str:
    """Only the accent commands and special letters of ``value`` as Unicode letters."""
    return _ACCENT_ONLY.sub(_accent_piece, value) if "\\" in value else value


# Super- and subscripts in math (DBLP writes ``\\({}^{\\mbox{1}}\\)``), and \\textsuperscript.
_SUPERSCRIPTS = dict(zip("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", strict=True))
_SUBSCRIPTS = dict(zip("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", strict=True))
_MATH_SPAN = re.compile(r"\\\((?P<inline>.*?)\\\)|(?<![\\$])\$(?P<dollar>[^$]+)\$(?!\$)", re.DOTALL)
_SCRIPT = re.compile(r"(?P<op>[\^_])\s*(?:\{\s*(?:\\(?:mbox|text[a-z]*|mathrm|rm)\s*)?\{?\s*"
                     r"(?P<group>[^{}\\$]*?)\s*\}?\s*\}|(?P<char>[0-9A-Za-z+\-]))")
_TEXT_SCRIPT = re.compile(r"\\text(?P<op>superscript|subscript)\s*\{\s*(?P<group>[^{}\\$]*?)\s*\}")


def _scripted(op: str, text: str) -> str | None:
    if op in ("^", "superscript") and text == "TM":
        return "\u2122"
    table = _SUPERSCRIPTS if op in ("^", "superscript") else _SUBSCRIPTS
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    return None


def _script_piece(match: re.Match[str]) -> str:
    text = match["group"] if match["group"] is not None else match["char"]
    return _scripted(match["op"], text) or match[0]


def _math_piece(match: re.Match[str]) -> str:
    body = match["inline"] if match["inline"] is not None else match["dollar"]
    converted = _SCRIPT.sub(_script_piece, body.replace("{}", ""))
    if not re.search(r"[\\^_{}]", converted):
        return "{}" + converted  # nothing left that needs math ({} ends a macro before it)
    return "\\(" + converted + "\\)" if match["inline"] is not None else "$" + converted + "$"


def _scripts(value: str) -> str:
    if "\\text" in value:
        value = _TEXT_SCRIPT.sub(_script_piece, value)
    if "^" in value or "_" in value:
        value = _MATH_SPAN.sub(_math_piece, value)
    return value


def latex_to_text(value: str) -> str:
    """LaTeX as a reader sees it, in Unicode, on one line."""
    value = _scripts(value)
    if "\\url" in value:  # `%` inside \url{...} is part of the address, not a comment
        value = _URL_MACRO.sub(lambda m: "\\url{" + re.sub(r"(?<!\\)([%#&])", r"\\\1", m[1])
                               + "}", value)
    if _LATEX_CHARS.search(value):
        try:
            value = _simple_latex(value)
        except _NotSimple:
            value = _full_latex(value)
    return _SPACE.sub(" ", value.replace("\u00a0", " ")).strip()


def tex_text(value: str) -> str:
    """A field read as TeX at render time (title, abstract, venue: see
    :mod:`cvtool.texinline`), kept as written on one line, so that it is converted once, by
    the same code as TeX written in the CV."""
    return _SPACE.sub(" ", value).strip()


def _url_text(value: str) -> str:
    """A URL, DOI or identifier: braces and backslash escapes removed, nothing else."""
    value = _URL_MACRO.sub(r"\1", value)
    value = re.sub(r"\\([%#&_~$])", r"\1", value).replace("{", "").replace("}", "")
    return "".join(value.split())

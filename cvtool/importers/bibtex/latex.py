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


def latex_to_text(value: str) -> str:
    """LaTeX as a reader sees it, in Unicode, on one line."""
    if "\\url" in value:  # `%` inside \url{...} is part of the address, not a comment
        value = _URL_MACRO.sub(lambda m: "\\url{" + re.sub(r"(?<!\\)([%#&])", r"\\\1", m[1])
                               + "}", value)
    if _LATEX_CHARS.search(value):
        try:
            value = _simple_latex(value)
        except _NotSimple:
            value = _full_latex(value)
    return _SPACE.sub(" ", value.replace("\u00a0", " ")).strip()


def _url_text(value: str) -> str:
    """A URL, DOI or identifier: braces and backslash escapes removed, nothing else."""
    value = _URL_MACRO.sub(r"\1", value)
    value = re.sub(r"\\([%#&_~$])", r"\1", value).replace("{", "").replace("}", "")
    return "".join(value.split())

"""Inline TeX math (``$...$``) as Unicode text and as safe TeX, in one pass.

A formula is tokenized and parsed here, never handed on as written: every command must be
in :data:`SYMBOLS`, :data:`FUNCTIONS` or one of the small tables of commands with
arguments, and the TeX for the LaTeX renderer is rebuilt from the parsed pieces, so
nothing outside these tables (``\\input``, ``\\write``, ``\\catcode``, ``\\def``, an
environment, a stray ``#``) can reach a ``.tex`` file. The Unicode text is what HTML,
Markdown and WeasyPrint's PDF show: Greek letters, operators and arrows as their
characters (pylatexenc's table, see :func:`_unicode`), super- and subscripts as Unicode
ones where every character has one (``x^2`` is x², ``x_{ij}`` is xᵢⱼ; otherwise ``x^(a+q)``),
``\\frac{a}{b}`` as a/b, ``\\mathcal{O}`` as 𝒪.

What cannot be converted (an unknown command, an unbalanced brace) is reported as a
:class:`Problem` with its offset in the formula; the output then shows the command's name
as upright text, never a backslash. Used by :mod:`cvtool.texinline`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# ``$`` math as Pandoc reads it: a non-space after the opening and before the closing
# dollar, no digit right after the closing one (``$5 to $10`` is not math).
MATH_DOLLARS = re.compile(r"(?<![\\$])\$(?=[^\s$])((?:[^$\\]|\\.)*?(?<=\S))\$(?![\d$])"
                          r"|(?<![\\$])\$\$((?:[^$\\]|\\.)+?)\$\$", re.DOTALL)


@dataclass(frozen=True)
class Problem:
    """Something in TeX source that could not be converted: ``start``/``end`` are offsets
    into the source the parser was given."""

    start: int
    end: int
    message: str


@dataclass(frozen=True)
class MathResult:
    tex: str  # safe TeX for inside $...$ (rebuilt, whitelisted commands only)
    text: str  # Unicode for every other format
    problems: tuple[Problem, ...] = ()


def _names(text: str) -> list[str]:
    return text.split()


# Argument-less commands that exist in LaTeX with amsmath and amssymb, with their Unicode
# where pylatexenc has none (or a different one); the rest take pylatexenc's.
_GREEK = _names("alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa "
                "lambda mu nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi "
                "psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega")
_OWN_SYMBOLS = {
    "epsilon": "ϵ", "varepsilon": "ε", "phi": "ϕ", "varphi": "φ", "ell": "ℓ",
    "cdots": "⋯", "ldots": "…", "dots": "…", "vdots": "⋮", "ddots": "⋱", "prime": "′",
    "lvert": "|", "rvert": "|", "lVert": "‖", "rVert": "‖", "vert": "|", "Vert": "‖",
    "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
    "top": "⊤", "bot": "⊥", "emptyset": "∅", "varnothing": "∅", "mathbb": "", "star": "⋆",
    "hbar": "ℏ", "imath": "ı", "jmath": "ȷ", "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ",
    "wp": "℘", "lesssim": "≲", "gtrsim": "≳", "propto": "∝", "triangleq": "≜", "leqslant": "⩽",
    "geqslant": "⩾", "ll": "≪", "gg": "≫",
    "odot": "⊙", "oplus": "⊕", "otimes": "⊗", "circ": "∘", "bullet": "∙", "ast": "∗",
    "setminus": "∖", "mid": "∣", "nmid": "∤", "parallel": "∥", "perp": "⊥",
    "models": "⊨", "vdash": "⊢", "dagger": "†", "ddagger": "‡", "checkmark": "✓",
    "square": "□", "blacksquare": "■", "triangle": "△", "angle": "∠", "degree": "°",
    "neg": "¬", "lnot": "¬", "land": "∧", "lor": "∨", "wedge": "∧", "vee": "∨",
    "cap": "∩", "cup": "∪", "bigcap": "⋂", "bigcup": "⋃", "sqcup": "⊔", "uplus": "⊎",
    "infty": "∞", "partial": "∂", "nabla": "∇", "forall": "∀", "exists": "∃",
    "nexists": "∄", "sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫", "iint": "∬",
    "oint": "∮", "surd": "√", "colon": ":",
}
_RELATIONS = _names("leq le geq ge neq ne approx sim simeq cong equiv propto lesssim gtrsim ll gg "
                    "in notin ni subset subseteq supset supseteq subsetneq sqsubseteq prec succ "
                    "preceq succeq triangleq leqslant geqslant models vdash mid nmid parallel "
                    "perp to gets mapsto rightarrow leftarrow Rightarrow Leftarrow leftrightarrow "
                    "Leftrightarrow longrightarrow longleftarrow Longrightarrow Longleftarrow "
                    "longleftrightarrow Longleftrightarrow implies iff uparrow downarrow Uparrow "
                    "Downarrow updownarrow nearrow searrow swarrow nwarrow hookrightarrow "
                    "hookleftarrow rightharpoonup rightleftharpoons asymp doteq colon")
_BINARIES = _names("pm mp times div cdot ast star circ bullet oplus ominus otimes oslash odot cap "
                   "cup setminus wedge vee land lor sqcup uplus dagger ddagger")
_ORDINARY = _names("infty partial nabla forall exists nexists emptyset varnothing neg lnot ell "
                   "hbar imath jmath Re Im aleph wp top bot angle triangle square blacksquare "
                   "checkmark prime sum prod coprod int iint oint bigcap bigcup surd cdots ldots "
                   "dots vdots ddots")
_OPEN = ["langle", "lfloor", "lceil", "lvert", "lVert"]
_CLOSE = ["rangle", "rfloor", "rceil", "rvert", "rVert"]
_DELIMS = ["vert", "Vert"]
SYMBOLS: frozenset[str] = frozenset(
    _GREEK + _RELATIONS + _BINARIES + _ORDINARY + _OPEN + _CLOSE + _DELIMS)
# amssymb names that LaTeX spells differently (all other names above exist as written).
_TEX_NAME: dict[str, str] = {}
# Operator names (\log n): upright, with a space before an operand.
FUNCTIONS = frozenset(_names("log ln lg exp sin cos tan cot sec csc arcsin arccos arctan sinh "
                             "cosh tanh det dim ker deg arg gcd lim liminf limsup max min sup inf "
                             "Pr hom"))
_OWN_FUNCTIONS = {"argmax": "arg max", "argmin": "arg min", "softmax": "softmax",
                  "sgn": "sgn", "tr": "tr", "Tr": "Tr", "rank": "rank", "diag": "diag",
                  "KL": "KL", "E": "E", "Var": "Var", "Cov": "Cov"}
# Commands whose one argument is a formula set in another alphabet.
_ALPHABETS = {"mathcal": "mathcal", "mathscr": "mathcal", "mathbb": "mathbb",
              "mathfrak": "mathfrak", "mathbf": "mathbf", "boldsymbol": "boldsymbol",
              "bm": "boldsymbol", "mathrm": "mathrm", "mathit": "mathit", "mathsf": "mathsf",
              "mathtt": "mathtt", "mathnormal": "mathnormal"}
# Commands whose one argument is text.
_TEXTS = {"text", "textrm", "textnormal", "mbox", "textit", "textbf", "texttt", "textsf",
          "operatorname", "mathop"}
# Accents: the combining character put after a one-letter argument.
_ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "tilde": "\u0303", "widetilde": "\u0303",
            "bar": "\u0304", "overline": "\u0305", "vec": "\u20d7", "dot": "\u0307",
            "ddot": "\u0308", "check": "\u030c", "breve": "\u0306", "acute": "\u0301",
            "grave": "\u0300", "underline": "\u0332", "mathring": "\u030a"}
_TWO_ARGS = {"frac", "dfrac", "tfrac", "binom", "dbinom", "tbinom"}
_DELIMITERS = frozenset("()[]|/<>")  # what may follow \\left, \\big, ... as written
_SIZES = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
          "biggl", "biggr", "Biggl", "Biggr", "middle"}
_STYLES = {"displaystyle", "textstyle", "scriptstyle", "limits", "nolimits"}
_SPACES = {",": "\u2009", ":": "\u2009", ";": " ", "!": "", " ": " ", "quad": " ",
           "qquad": "  ", "thinspace": "\u2009", "enspace": " "}
_ESCAPED = {"%": "%", "#": "#", "&": "&", "$": "$", "_": "_", "{": "{", "}": "}", "|": "‖"}

_SUPERSCRIPTS = dict(zip(
    "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWαβγδεθιφχ∗′−",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵅᵝᵞᵟᵋᶿᶥᵠᵡ*′⁻",
    strict=True))
_SUBSCRIPTS = dict(zip("0123456789+-=()aehijklmnoprstuvxβγρφχ−",
                       "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ₋", strict=True))

# Characters written into the TeX as they are; any other ASCII is escaped or dropped, and
# other characters go into \text{}.
_SAFE_CHARS = re.compile(r"[A-Za-z0-9+\-=()\[\]<>,.;:/|!'*?@ ]")
_TOKEN = re.compile(r"\\(?:[A-Za-z]+|.)|\s+|.", re.DOTALL)
_NUMBER = re.compile(r"\s*\d[\d.,]*\s*(?:\\%)?\s*")


@lru_cache(maxsize=1)
def _pylatexenc_db() -> Any:
    from pylatexenc.latex2text import get_default_latex_context_db

    return get_default_latex_context_db()


@lru_cache(maxsize=256)
def _unicode(name: str) -> str:
    """The character of an argument-less command: ours, else pylatexenc's."""
    if name in _OWN_SYMBOLS:
        return _OWN_SYMBOLS[name]
    spec = _pylatexenc_db().get_macro_spec(name)
    repl = getattr(spec, "simplify_repl", None) if spec is not None else None
    return repl if isinstance(repl, str) and "%" not in repl else name


@lru_cache(maxsize=256)
def _alphabet(name: str, letters: str) -> str:
    """``\\mathcal{O}`` as 𝒪 (pylatexenc's conversion), letters it has no form for kept."""
    if name in ("mathrm", "mathit", "mathnormal", "mathsf", "mathtt") or not letters:
        return letters
    from pylatexenc.latex2text import LatexNodes2Text

    try:
        return str(LatexNodes2Text(math_mode="text").latex_to_text(f"\\{name}{{{letters}}}"))
    except Exception:  # pylatexenc gaps: the letters as they are
        return letters


@dataclass
class _Atom:
    tex: str
    text: str
    kind: str = "ord"  # ord | rel | bin | open | close | func | space
    group: bool = False  # a braced group: its TeX is already an argument

    @property
    def arg(self) -> str:
        """The TeX as one braced argument."""
        return self.tex if self.group else "{" + self.tex + "}"


MAX_DEPTH = 50  # nested groups and arguments: far more than any formula needs


class TooDeep(Exception):
    """TeX nested deeper than :data:`MAX_DEPTH` (read flat instead, with a problem)."""


class _Parser:
    def __init__(self, source: str, offset: int, escape: Callable[[str], str]) -> None:
        self.source = source
        self.escape = escape
        self.offset = offset
        self.tokens = [(m.start(), m[0]) for m in _TOKEN.finditer(source)]
        self.i = 0
        self.problems: list[Problem] = []
        self.depth = 0

    def problem(self, start: int, length: int, message: str) -> None:
        self.problems.append(Problem(self.offset + start, self.offset + start + length,
                                     message))

    def peek(self) -> str | None:
        while self.i < len(self.tokens) and self.tokens[self.i][1].isspace():
            self.i += 1
        return self.tokens[self.i][1] if self.i < len(self.tokens) else None

    def take(self) -> tuple[int, str]:
        self.peek()
        token = self.tokens[self.i]
        self.i += 1
        return token

    # --- the grammar: a list of atoms, each with optional ^ and _ -------------------

    def atoms(self, closing: bool) -> list[_Atom]:
        out: list[_Atom] = []
        while (token := self.peek()) is not None:
            if token == "}":
                if closing:
                    return out
                position, _ = self.take()
                self.problem(position, 1, "a `}` without its `{`")
                continue
            if token in ("^", "_"):
                position, _ = self.take()
                base = out.pop() if out else _Atom("{}", "")
                out.append(self.script(base, token, position))
                continue
            atom = self.atom()
            if atom is not None:
                out.append(atom)
        return out

    def script(self, base: _Atom, op: str, position: int) -> _Atom:
        argument = self.argument(position, f"`{op}` without anything after it")
        table = _SUPERSCRIPTS if op == "^" else _SUBSCRIPTS
        text = argument.text.replace(" ", "")
        if op == "^" and text == "TM":
            shown = "™"
        elif text and all(c in table for c in text):
            shown = "".join(table[c] for c in text)
        elif len(text) == 1:
            shown = op + text
        else:
            shown = f"{op}({text})"
        base_tex = base.tex if base.tex else "{}"
        return _Atom(f"{base_tex}{op}{argument.arg}", base.text + shown,
                     "ord" if base.kind in ("rel", "bin") else base.kind)

    def argument(self, position: int, missing: str) -> _Atom:
        """One argument: a braced group, one command or one character."""
        token = self.peek()
        if token is None or token == "}":
            self.problem(position, 1, missing)
            return _Atom("", "")
        if token in ("^", "_"):
            self.take()
            self.problem(position, 1, missing)
            return _Atom("", "")
        return self.atom() or _Atom("", "")

    def group(self) -> tuple[list[_Atom], bool]:
        """The atoms up to the matching ``}`` (the ``{`` is taken); whether it closed."""
        inner = self.atoms(closing=True)
        if self.peek() == "}":
            self.take()
            return inner, True
        return inner, False

    def raw_group(self) -> str | None:
        """The source of a braced argument, unparsed (for text inside math)."""
        if self.peek() != "{":
            return None
        position, _ = self.take()
        depth, parts = 1, []
        while self.i < len(self.tokens):
            _, token = self.tokens[self.i]
            self.i += 1
            depth += 1 if token == "{" else -1 if token == "}" else 0
            if depth == 0:
                return "".join(parts)
            parts.append(token)
        self.problem(position, 1, "a `{` that is never closed")
        return "".join(parts)

    def atom(self) -> _Atom | None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise TooDeep
        try:
            return self._atom()
        finally:
            self.depth -= 1

    def _atom(self) -> _Atom | None:
        position, token = self.take()
        if token == "{":
            inner, closed = self.group()
            if not closed:
                self.problem(position, 1, "a `{` that is never closed")
            return _Atom("{" + _tex(inner) + "}", _text(inner), group=True)
        if token.startswith("\\"):
            return self.command(position, token[1:])
        if token == "-":
            return _Atom("-", "−", "bin")
        if token in "+*":
            return _Atom(token, token, "bin")
        if token in "=<>:":
            return _Atom(token, token, "rel")
        if token in "([":
            return _Atom(token, token, "open")
        if token in ")]":
            return _Atom(token, token, "close")
        if token == "'":
            return _Atom("'", "′")
        if token == "~":
            return _Atom("~", " ", "space")
        if token in "%#&":
            return _Atom("\\" + token, token)
        if _SAFE_CHARS.fullmatch(token):
            return _Atom(token, token)
        if token.isascii():  # " ` $ \ and controls: shown, not typeset as TeX
            return _Atom("", "") if not token.isprintable() else _Atom(
                "\\text{" + self.escape(token) + "}", token)
        return _Atom("\\text{" + self.escape(token) + "}", token)

    def command(self, position: int, name: str) -> _Atom | None:
        if name in _SPACES:
            shown = _SPACES[name]
            return _Atom(f"\\{name}" + ("" if not name.isalpha() else " "), shown, "space")
        if name in _ESCAPED:
            return _Atom("\\" + name if name != "|" else "\\|", _ESCAPED[name])
        if name in SYMBOLS:
            kind = ("rel" if name in _RELATIONS else "bin" if name in _BINARIES
                    else "open" if name in _OPEN else "close" if name in _CLOSE else "ord")
            return _Atom(f"\\{_TEX_NAME.get(name, name)} ", _unicode(name), kind)
        if name in FUNCTIONS:
            return _Atom(f"\\{name} ", name, "func")
        if name in _OWN_FUNCTIONS:
            shown = _OWN_FUNCTIONS[name]
            return _Atom(f"\\operatorname{{{self.escape(shown)}}}", shown, "func")
        if name in _ALPHABETS:
            argument = self.argument(position, f"`\\{name}` without its argument")
            style = _ALPHABETS[name]
            letters = argument.text
            text = _alphabet(style, letters) if letters.isascii() else letters
            return _Atom(f"\\{style}{argument.arg}", text)
        if name in _TEXTS:
            raw = self.raw_group()
            if raw is None:
                argument = self.argument(position, f"`\\{name}` without its argument")
                raw = argument.text
            text = _plain_text(raw)
            if name in ("operatorname", "mathop"):
                return _Atom(f"\\operatorname{{{self.escape(text)}}}", text, "func")
            return _Atom(f"\\text{{{self.escape(text)}}}", text)
        if name in _ACCENTS:
            argument = self.argument(position, f"`\\{name}` without its argument")
            mark = _ACCENTS[name]
            text = argument.text
            shown = (unicodedata.normalize("NFC", text + mark) if len(text) == 1
                     else f"{text}{mark}" if text else "")
            return _Atom(f"\\{name}{argument.arg}", shown)
        if name in _TWO_ARGS:
            first = self.argument(position, f"`\\{name}` without its arguments")
            second = self.argument(position, f"`\\{name}` without its second argument")
            if name.endswith("binom"):
                return _Atom(f"\\{name}{first.arg}{second.arg}",
                             f"C({first.text}, {second.text})")
            return _Atom(f"\\{name}{first.arg}{second.arg}",
                         f"{_wrapped(first.text)}/{_wrapped(second.text)}")
        if name == "sqrt":
            index = index_tex = ""
            if self.peek() == "[":
                self.take()
                parts = []
                while self.peek() not in (None, "]"):
                    parts.append(self.atom())
                if self.peek() == "]":
                    self.take()
                index = _text([p for p in parts if p])
                index_tex = _tex([p for p in parts if p])
            argument = self.argument(position, "`\\sqrt` without its argument")
            root = {"": "√", "3": "∛", "4": "∜"}.get(index)
            shown = (root or f"{index}√") + (argument.text if len(argument.text) == 1
                                              else f"({argument.text})")
            tex = f"\\sqrt[{index_tex}]{argument.arg}" if index else \
                f"\\sqrt{argument.arg}"
            return _Atom(tex, shown)
        if name in _SIZES:
            if self.peek() is None:
                return None
            delim_position, delim = self.take()
            if delim == ".":
                return _Atom(f"\\{name}.", "", "open" if name != "right" else "close")
            atom = self.command(delim_position, delim[1:]) if delim.startswith("\\") \
                else _Atom(delim if _SAFE_CHARS.fullmatch(delim) else "", delim)
            if atom is None or not atom.tex:
                return atom
            kind = "close" if name.endswith("r") or name == "right" else "open"
            if not delim.startswith("\\") and delim not in _DELIMITERS:
                # `\left a`: not a delimiter; an empty one keeps `\left`/`\right` paired
                return _Atom(f"\\{name}. {atom.tex}", atom.text, kind)
            return _Atom(f"\\{name}{atom.tex}", atom.text, kind)
        if name in _STYLES:
            return _Atom(f"\\{name} ", "", "space")
        self.problem(position, len(name) + 1, f"`\\{name}` is not a math command cvtool "
                     "converts")
        return _Atom(f"\\mathrm{{{self.escape(name)}}}", name)


def _wrapped(text: str) -> str:
    return text if len(text) <= 1 or text.isalnum() or (
        text.startswith("(") and text.endswith(")")) else f"({text})"


def _tex(atoms: list[_Atom]) -> str:
    return "".join(a.tex for a in atoms)


def _text(atoms: list[_Atom]) -> str:
    """The atoms' Unicode, spaced as a reader expects: ``a ≤ b``, ``n log n``, ``−1``."""
    out: list[str] = []
    previous: _Atom | None = None
    for index, atom in enumerate(atoms):
        following = next((a for a in atoms[index + 1:] if a.kind != "space"), None)
        has_left = previous is not None and previous.kind in ("ord", "close", "func")
        spaced_rel = atom.kind == "rel" and previous is not None and following is not None
        spaced_bin = (atom.kind == "bin" and has_left and following is not None
                      and following.kind != "close")
        if spaced_rel or spaced_bin:
            out.append(f" {atom.text} ")
        elif atom.kind == "func":
            before = " " if previous is not None and previous.kind == "ord" else ""
            after = " " if following is not None and following.kind == "ord" else ""
            out.append(before + atom.text + after)
        else:
            out.append(atom.text)
        if atom.kind != "space":
            previous = atom
    return re.sub(r" {2,}", " ", "".join(out))


_INERT = re.compile(r"[^\w .,;:!?()'/+=-]|_")


def inert(text: str) -> str:
    """Text for inside ``\\text{}`` when no escaper is given (lint, tests): what TeX could
    read as a command dropped. Renderers pass :mod:`cvtool.markup`'s LaTeX escaper."""
    return _INERT.sub("", text)


def _plain_text(raw: str) -> str:
    """The argument of ``\\text{...}``, its commands and braces taken out."""
    return re.sub(r"\\([A-Za-z]+|.)", lambda m: m[1] if not m[1].isalpha() else "",
                  raw).replace("{", "").replace("}", "")


def flat(source: str) -> str:
    """TeX that is not read, shown without its backslashes and braces."""
    return " ".join(re.sub(r"\\([A-Za-z]+|.?)|[{}]", lambda m: m[1] or "", source).split())


def convert(source: str, offset: int = 0, escape: Callable[[str], str] = inert) -> MathResult:
    """A formula (what is between the dollar signs) as safe TeX and as Unicode text.
    ``offset``: where the formula starts in the text it came from (for problems);
    ``escape``: how text inside ``\\text{}`` is escaped (:mod:`cvtool.markup` owns escaping
    and passes its LaTeX escaper)."""
    parser = _Parser(source, offset, escape)
    try:
        atoms = parser.atoms(closing=False)
    except TooDeep:
        text = flat(source)
        return MathResult(f"\\text{{{escape(text)}}}", text, (Problem(
            offset, offset + len(source), f"nested more than {MAX_DEPTH} deep"),))
    tex = _tex(atoms).strip()
    if _NUMBER.fullmatch(source):  # $74.06\%$: set in the text's font, as a number
        tex = "\\text{" + tex + "}"
    return MathResult(tex, _text(atoms).strip(), tuple(parser.problems))

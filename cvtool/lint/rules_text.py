"""Rules about how text reads and prints: bullet style (trailing periods, length, weak
openings), markup the inline grammar does not interpret, and characters no font can draw."""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from cvtool.errors import Diagnostic, Severity
from cvtool.lint.context import Context, Path_, field, visible
from cvtool.lint.registry import rule
from cvtool.schema import entries as e
from cvtool.schema.cv import TextSection

# --- CV415 ------------------------------------------------------------------------------

_CLOSERS = "\"'”’)]*_` "


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith((".", "!", "?", "…"))


@rule("CV415", "bullet-periods", Severity.WARNING,
      "some bullets end with a period and others do not")
def check_periods(ctx: Context) -> Iterator[Diagnostic]:
    bullets = [(path, _ends_sentence(visible(b.text))) for b, path in ctx.bullets()]
    counts = Counter(ended for _path, ended in bullets)
    if len(counts) < 2:
        return
    usual = counts[True] >= counts[False]
    share = f"{counts[usual]} of {len(bullets)}"
    for path, ended in bullets:
        if ended != usual:
            yield ctx.diagnostic(
                "CV415", f"this bullet ends with a period; most do not ({share})" if ended else
                f"this bullet has no final period; most have one ({share})", path,
                "remove the period" if ended else "add a period")


# --- CV416 ------------------------------------------------------------------------------

MAX_BULLET = 300  # characters: about three lines of a one-page résumé


@rule("CV416", "long-bullet", Severity.WARNING,
      f"a bullet longer than {MAX_BULLET} characters (about three printed lines)")
def check_length(ctx: Context) -> Iterator[Diagnostic]:
    for bullet, path in ctx.bullets():
        length = len(visible(bullet.text)) + (len(bullet.label) + 2 if bullet.label else 0)
        if length > MAX_BULLET:
            yield ctx.diagnostic(
                "CV416", f"this bullet is {length} characters long (more than {MAX_BULLET})",
                path, "split it, or keep the result and cut the rest")


# --- CV417 ------------------------------------------------------------------------------

_WEAK = re.compile(
    r"^(?:(?:was|were|am|i was|i am)\s+)?(responsible for|in charge of|worked on|worked with|"
    r"helped(?: to)?|assisted(?: in| with)?|involved in|participated in|tasked with|"
    r"duties (?:included|include)|handled|dealt with|various)\b", re.IGNORECASE)


@rule("CV417", "weak-opening", Severity.WARNING,
      "a bullet opening with a weak phrase such as \"Responsible for\" or \"Helped\"")
def check_openings(ctx: Context) -> Iterator[Diagnostic]:
    for bullet, path in ctx.bullets():
        match = _WEAK.match(visible(bullet.text))
        if match:
            phrase = match[0][:1].upper() + match[0][1:]
            yield ctx.diagnostic(
                "CV417", f"this bullet opens with \"{phrase}\", which says little about what "
                "you did", path, "start with a verb of your own action: Led, Built, Designed, "
                "Reduced ...")


# --- CV418 ------------------------------------------------------------------------------

# Constructs the inline grammar (bold, italic, code, links, autolinks) does not interpret,
# each with what a reader would see. Checked in every markup field.
_UNSUPPORTED_MARKUP = (
    (re.compile(r"^\s{0,3}#{1,6}\s"), "`#` headings are not supported"),
    (re.compile(r"(?:^|\n)\s{0,3}(?:[-+*]|\d{1,3}[.)])\s+\S.*\n\s{0,3}(?:[-+*]|\d{1,3}[.)])\s"),
     "a list inside a field prints as one line of text"),
    (re.compile(r"(?:^|\n)\s{0,3}>\s"), "`>` quotes are not supported"),
    (re.compile(r"~~[^~\n]+~~"), "`~~strikethrough~~` is not supported"),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), "images are not supported (the `!` prints and the "
                                          "rest becomes a link)"),
    (re.compile(r"</?(?:a|b|i|u|s|em|strong|br|p|span|div|sup|sub|small|big|font|ul|ol|li|"
                r"h[1-6]|img|code|pre|hr|mark|del|ins|strike|tt|kbd|blockquote|table|tr|td|th|"
                r"script|style|center)(?:\s[^<>]*)?/?>", re.IGNORECASE),
     "HTML tags print literally"),
    (re.compile(r"&(?:[A-Za-z]{2,8}|#\d{1,6}|#x[0-9A-Fa-f]{1,6});"),
     "HTML entities print literally; write the character itself"),
    (re.compile(r"\[[^\]\n]+\]\[[^\]\n]*\]"), "reference-style links are not supported"),
    (re.compile(r"\[\^[^\]\n]+\]"), "footnotes are not supported"),
)
# Markup in fields that are plain text (names, publication titles, venues): nothing there is
# interpreted, so even supported syntax prints literally.
_MARKUP_IN_PLAIN = (
    (re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__"), "bold markup prints literally in this field"),
    (re.compile(r"\[[^\]\n]+\]\((?:https?|mailto):[^)\s]*\)"),
     "link markup prints literally in this field"),
    (re.compile(r"`[^`\n]+`"), "backticks print literally in this field"),
)
# LaTeX (BibTeX and arXiv text pasted in) prints literally outside the fields read as TeX
# (publication titles, venues, abstracts: CV424 checks those); ``$...$`` math is read in
# markup fields too.
_LATEX_COMMANDS = (
    (re.compile(r"\\(?:textbf|textit|emph|url|href|cite|textsc|texttt|mathrm|mathbf)\s*\{"),
     "LaTeX commands print literally in this field (publication titles, venues and abstracts "
     "read them)"),
)
_LATEX_MATH = (
    (re.compile(r"(?<![\\$])\$[^$\n]*(?:\\[A-Za-z%]|\^|_)[^$\n]*\$"),
     "LaTeX math prints literally in this field, dollar signs and all"),
)
_PATTERNS = {
    "markup": _UNSUPPORTED_MARKUP + _LATEX_COMMANDS,
    "plain": _MARKUP_IN_PLAIN + _LATEX_COMMANDS + _LATEX_MATH,
    "tex": _MARKUP_IN_PLAIN,
}
_MARKUP_FIELDS = frozenset({"headline", "summary", "text", "description", "thesis", "project",
                            "subtitle"})
_PLAIN_FIELDS = frozenset({"name", "organization", "institution", "degree", "team", "venue",
                           "note", "location", "advisor", "label", "role"})
_SPECIAL = re.compile(r"[#<>&~!\[`*_\\$\n]")  # text without any of these is fine
_TEXT_FIELDS = _MARKUP_FIELDS | _PLAIN_FIELDS | {"title", "abstract"}
_TEX_SPECIAL = re.compile(r"[\\{}$]")  # text without any of these has nothing for CV424
# A publication's fields read as TeX: cvtool.texinline.TEX_FIELDS, named here so that lint
# imports the TeX reader only for a CV that has TeX (a test checks that the two agree).
TEX_FIELDS = frozenset({"title", "abstract", "venue"})


def _text_fields(ctx: Context) -> Iterator[tuple[Path_, str, str]]:
    """(model path, text, how it is read: ``markup``, ``plain`` or ``tex``) for every text a
    reader sees."""
    cv = ctx.cv
    tex = frozenset(cv.tex_fields)  # markup fields the CV has read as TeX

    def markup_or_tex(name: str) -> str:
        return "tex" if name in tex else "markup"

    for name in ("headline", "summary"):
        if getattr(cv, name):
            yield (name,), getattr(cv, name), markup_or_tex(name)
    yield ("name",), cv.name, "plain"
    for variant_name, variant in cv.variants.items():
        for name in ("headline", "summary"):
            if getattr(variant, name):
                yield ("variants", variant_name, name), getattr(variant, name), \
                    markup_or_tex(name)
    for key, section in cv.sections.items():
        for index, entry in enumerate(section.entries):
            at: Path_ = ("sections", key, "entries", index)
            if isinstance(section, TextSection):
                yield (*at, "text"), entry.text, markup_or_tex("text")
                continue
            for path, text, mode in _entry_fields(entry, at):
                yield path, text, "tex" if mode == "markup" and path[len(at)] in tex else mode


def _entry_fields(entry: Any, at: Path_) -> Iterator[tuple[Path_, str, str]]:
    is_titled = isinstance(entry, e.Project | e.Generic) or (
        isinstance(entry, e.Record) and type(entry).PRIMARY == "title")
    is_paper = isinstance(entry, e.Publication)
    for name, value in entry.__dict__.items():
        if isinstance(value, str) and name in _TEXT_FIELDS:
            yield (*at, name), value, (
                "tex" if is_paper and name in TEX_FIELDS
                else "markup" if name in _MARKUP_FIELDS or (name == "title" and is_titled)
                else "plain")
    if isinstance(entry, e.Entry):
        for j, bullet in enumerate(entry.highlights):
            yield (*at, "highlights", j, "text"), bullet.text, "markup"
    for j, item in enumerate(field(entry, "items", ())):
        yield (*at, "items", j), item, "markup"
    if isinstance(entry, e.Experience):
        for j, position in enumerate(entry.positions):
            yield (*at, "positions", j, "title"), position.title, "plain"


@rule("CV418", "unsupported-markup", Severity.WARNING,
      "markup that would print literally: HTML, headings, strikethrough, images, LaTeX, or "
      "markup in a plain-text field")
def check_markup(ctx: Context) -> Iterator[Diagnostic]:
    for path, text, mode in _text_fields(ctx):
        if not _SPECIAL.search(text):
            continue
        for pattern, problem in _PATTERNS[mode]:
            match = pattern.search(text)
            if match:
                shown = " ".join(match[0].split()) if len(match[0].strip()) > 1 else text
                shown = shown if len(shown) <= 30 else shown[:29] + "…"
                yield ctx.diagnostic("CV418", f"{problem}: `{shown}`", path,
                                     "see the README for the markup cvtool supports")
                break


# --- CV424 ------------------------------------------------------------------------------


@rule("CV424", "unconverted-tex", Severity.WARNING,
      "TeX that cannot be converted in a publication's title, venue or abstract, or in `$...$` "
      "math (an unknown command, an unbalanced brace): it shows without its backslash")
def check_tex(ctx: Context) -> Iterator[Diagnostic]:
    for path, text, mode in _text_fields(ctx):
        if mode == "plain" or not _TEX_SPECIAL.search(text):
            continue
        from cvtool import texinline

        found = texinline.problems(text) if mode == "tex" else texinline.math_problems(text)
        for problem in found:
            yield ctx.diagnostic(
                "CV424", problem.message, path,
                "see the README for the TeX cvtool converts; else write the text as it "
                "should read", within=(text, problem.start, problem.end))


# --- CV201 ------------------------------------------------------------------------------


def strings_in(data: Any) -> Iterator[str]:
    """Every string value in plain data (YAML or JSON as read), keys left out."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings_in(value)
    elif isinstance(data, list):
        for value in data:
            if isinstance(value, str):  # the common case, without a nested generator
                yield value
            else:
                yield from strings_in(value)


@lru_cache(maxsize=1)
def _bundled_starts_ends() -> tuple[list[int], list[int]]:
    # The file cvtool.fonts reads (COVERAGE_FILE), found without importing it and the theme
    # machinery behind it: most CVs need nothing more than this pre-check.
    coverage = Path(__file__).resolve().parent.parent / "fonts" / "coverage.json"
    ranges = json.loads(coverage.read_text(encoding="utf-8"))
    return [low for low, _high in ranges], [high for _low, high in ranges]


def _all_bundled(data: Any) -> bool:
    """Whether the bundled fonts draw every character: a bisection over their ranges, much
    cheaper than the code point set the full check builds (most CVs need no more)."""
    starts, ends = _bundled_starts_ends()
    chars: set[str] = set()
    for text in strings_in(data):
        if "$" in text or "\\" in text:
            return False  # what TeX becomes (`$\\mathcal{O}$`: 𝒪) is for the full check
        chars.update(text)
    for char in chars:
        code = ord(char)
        at = bisect.bisect_right(starts, code) - 1
        if not (at >= 0 and code <= ends[at]) and not char.isspace():
            return False
    return True


@rule("CV201", "missing-glyph", Severity.ERROR,
      "a character no bundled or installed font can draw (a PDF build stops, unless "
      "`design: {missing_glyphs: box}`)")
def check_glyphs(ctx: Context) -> Iterator[Diagnostic]:
    if _all_bundled(ctx.loaded.data):
        return
    from cvtool.fonts import glyph_severity, missing_glyph_diagnostics

    # the severity the build gives it (the hint names the opt-in only where it applies);
    # the lint settings decide the one reported
    yield from missing_glyph_diagnostics(ctx.loaded, glyph_severity(ctx.loaded))


# The rules of this module, listed in cvtool.lint.rules.
RULES = (
    check_periods,
    check_length,
    check_openings,
    check_markup,
    check_tex,
    check_glyphs,
)

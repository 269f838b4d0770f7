"""Rules for cover letters (CV430-CV439): placeholder text left in, a subject naming another
company than the recipient's, a body too long for the letter's pages.

``cvtool lint`` recognises a letter by its top-level ``cv:`` and ``body:`` keys and runs
these rules instead of the CV's. They are plain functions of a :class:`LetterContext`,
called by :func:`cvtool.lint.lint_letter`; the registry lists them (``check=None``: a CV's
lint never runs them) so that their severities are configured and listed like every rule.
The CV's settings (its ``lint:`` block, the nearest pyproject.toml) apply to its letters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date

from cvtool import markup
from cvtool.errors import Diagnostic, DiagnosticsError, Severity
from cvtool.letter import LoadedLetter
from cvtool.lint.registry import Rule
from cvtool.schema.letter import paragraphs

PLACEHOLDER = Rule(
    "CV430", "letter-placeholder", Severity.ERROR,
    "placeholder text left in a cover letter: `[Company]`, `<company>`, `Lorem ipsum`, "
    "`XXX`, `TODO`, `TBD`, `FIXME`")
COMPANY = Rule(
    "CV431", "letter-company-mismatch", Severity.WARNING,
    "a cover letter's subject names a company (`... at Acme`) that no line of `to:` names")
LENGTH = Rule(
    "CV432", "letter-too-long", Severity.WARNING,
    "a cover letter's body longer than its `max_pages` hold: estimated at 450 words a page, "
    "or (with --render) laid out and fitted as the build does")
RULES = (PLACEHOLDER, COMPANY, LENGTH)

WORDS_PER_PAGE = 450  # what one page holds under a CV's header, at a CV's usual type sizes

# What a template leaves in brackets: [Company], [Hiring Manager's name], <company>, <job
# title>; a bracket of other text ([sic], a link's [text](...)) is the author's own.
_SLOT = (r"(?:company|name|position|role|title|job|date|address|recipient|manager|employer"
         r"|organi[sz]ation|team|city|school|university|department|contact|salary|skill)s?")
_PLACEHOLDERS = re.compile(
    rf"(?i:\[[^\]\n]{{0,40}}\b{_SLOT}\b[^\]\n]{{0,40}}\](?!\())"
    rf"|(?i:<(?:[a-z]+[ _-]){{0,3}}{_SLOT}(?:[ _-][a-z]+){{0,3}}>)"
    r"|(?i:\blorem ipsum\b)|\bX{3,}\b|\bTODO\b|\bTBD\b|\bFIXME\b")
# Words that say what a company is, not which one.
_LEGAL = {"inc", "corp", "corporation", "co", "company", "ltd", "llc", "gmbh", "ag", "se",
          "plc", "sa", "sas", "bv", "nv", "kg", "the", "group", "of", "and", "&"}
# "Application for Senior Scientist at Acme Corp" / "... bei Acme GmbH" / "... chez Acme".
_AT_COMPANY = re.compile(
    r"\b(?:at|bei|chez)\s+(?P<company>[A-Z0-9][\w&.'’-]*(?:\s+(?:&|[A-Z0-9][\w&.'’-]*))*)")


@dataclass(frozen=True)
class LetterContext:
    loaded: LoadedLetter
    today: date
    render: bool = False

    def diagnostic(self, rule: Rule, message: str, field: str, snippet: str | None = None,
                   *, hint: str | None = None, line: int | None = None,
                   before: int = 0) -> Diagnostic:
        """At ``snippet`` (its occurrence after ``before`` others) in the text of ``field``
        (line ``line`` of a list such as `to:`), else at the field's value."""
        path: tuple[str | int, ...] = (field,) if line is None else (field, line)
        source = self.loaded.source
        if snippet is not None:
            where, shown = source.locate_in_text(path, snippet, before)
        else:
            where, shown = source.locate(path)
        return Diagnostic(rule.code, message, rule.severity, where, shown, hint)


def _texts(ctx: LetterContext) -> Iterator[tuple[str, int | None, str]]:
    letter = ctx.loaded.letter
    for index, line in enumerate(letter.to):
        yield "to", index, line
    for name in ("subject", "salutation", "body", "closing"):
        yield name, None, getattr(letter, name)


def check_placeholders(ctx: LetterContext) -> Iterator[Diagnostic]:
    for field, line, text in _texts(ctx):
        for match in _PLACEHOLDERS.finditer(text):
            yield ctx.diagnostic(PLACEHOLDER, f"placeholder `{match[0]}` left in the letter",
                                 field, match[0], line=line,
                                 before=text.count(match[0], 0, match.start()),
                                 hint="replace it with the real text before sending")


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[\w&]+", text.casefold()) if w not in _LEGAL}


def subject_company(subject: str) -> str | None:
    """The company a subject names after "at" ("... at Acme Corp"), or None."""
    match = _AT_COMPANY.search(markup.to_text(markup.parse(subject)))
    return match["company"].rstrip(".,;:") if match else None


def check_company(ctx: LetterContext) -> Iterator[Diagnostic]:
    letter = ctx.loaded.letter
    company = subject_company(letter.subject)
    if company is None or not _words(company):
        return
    recipient = set().union(*(_words(line) for line in letter.to))
    if _words(company) & recipient:
        return
    yield ctx.diagnostic(COMPANY, f"the subject names `{company}`, but no line of `to:` does "
                         f"({'; '.join(letter.to)})", "subject", company,
                         hint="a letter reused from another application? make them agree")


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", markup.to_text(markup.parse(text))))


def check_length(ctx: LetterContext) -> Iterator[Diagnostic]:
    letter = ctx.loaded.letter
    if ctx.render:
        from cvtool.letter import fit_letter, prepare_letter

        try:
            fit_letter(ctx.loaded, prepare_letter(ctx.loaded))
        except DiagnosticsError as exc:
            for found in exc.diagnostics:
                if found.code == "CV301":
                    yield replace(found, code=LENGTH.code, severity=LENGTH.severity)
                else:
                    yield found
        return
    words = sum(word_count(p) for p in paragraphs(letter.body))
    limit = WORDS_PER_PAGE * letter.max_pages
    if words > limit:
        pages = "one page" if letter.max_pages == 1 else f"{letter.max_pages} pages"
        yield ctx.diagnostic(
            LENGTH, f"the body has {words} words; about {limit} fit on {pages} (an estimate: "
            "`cvtool lint --render` lays it out)", "body",
            hint="shorten it: most cover letters say it in 250-400 words")


CHECKS: dict[str, Callable[[LetterContext], Iterator[Diagnostic]]] = {
    PLACEHOLDER.code: check_placeholders, COMPANY.code: check_company,
    LENGTH.code: check_length}


def looks_like_letter(text: str) -> bool:
    """A source with top-level ``cv:`` and ``body:`` keys is a cover letter."""
    return bool(re.search(r"^cv\s*:", text, re.MULTILINE)
                and re.search(r"^body\s*:", text, re.MULTILINE))

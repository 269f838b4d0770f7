"""A match result written for people (:func:`format_text`) or for scripts
(:func:`format_json`).

The JSON (``"schema": 1``; fields are only ever added)::

    {"schema": 1, "cv": "data/cv.yaml", "job": "examples/job-ad.txt", "variant": "resume",
     "lang": "en",
     "summary": {"terms": 40, "covered": 20, "weak": 3, "missing": 17},
     "terms": [  # in the order the ad first uses them
       {"term": "video generation", "key": "video generation", "phrase": true,
        "status": "covered",  # or "weak", "missing"
        "ad_count": 3, "written": ["video generation"],  # how the ad writes it
        "places": [{"file": "data/cv.yaml", "line": 44, "column": 60,
                    "path": "sections[\"Working Experience\"][1].project",
                    "kind": "text"}]}],  # "text", or "list" (skills, service, ...)
     "suggestions": [  # best first
       {"file": ..., "line": ..., "column": ..., "path": ..., "text": "the bullet",
        "tags": [], "reason": "max_bullets",  # or "tags"
        "missing": ["terms it would cover"], "weak": ["terms it would move to covered"]}]}
"""

from __future__ import annotations

import json
import textwrap

from cvtool.match import STATUSES, MatchResult, TermMatch

SCHEMA = 1
PLACES_SHOWN = 4  # per term in the text report (the JSON has them all, with their paths)
_HEADINGS = {
    "covered": "Covered: in what the CV says",
    "weak": "Weak: only in skills or other lists",
    "missing": "Missing",
}


def _counts(result: MatchResult) -> dict[str, int]:
    return {"terms": len(result.terms),
            **{s: len(result.with_status(s)) for s in STATUSES}}


def _label(match: TermMatch) -> str:
    """The term, and the other ways the ad writes it: ``large language model (LLMs)``."""
    term = match.term
    written = [w for w in term.written if w.casefold() != term.text.casefold()]
    return term.text + (f" ({', '.join(written)})" if written else "")


def _term_lines(match: TermMatch) -> list[str]:
    term = match.term
    label = _label(match)
    counts = f"ad ×{term.count}" + (f", CV ×{len(match.places)}" if match.places else "")
    lines = [f"  {label}  [{counts}]"]
    if match.places:
        shown, file = [], None
        for place in match.places[:PLACES_SHOWN]:
            where = place.location
            shown.append(f"{where.line}:{where.column}" if where.file == file else str(where))
            file = where.file
        more = len(match.places) - PLACES_SHOWN
        lines.append("      " + ", ".join(shown) + (f" and {more} more" if more > 0 else ""))
    return lines


def format_text(result: MatchResult) -> str:
    counts = _counts(result)
    shown = f"the variant `{result.variant}` of {result.cv}" if result.variant else result.cv
    lines = [f"{result.job} against {shown} ({result.lang})",
             f"{counts['terms']} terms: {counts['covered']} covered, {counts['weak']} weak, "
             f"{counts['missing']} missing", ""]
    for status in STATUSES:
        matches = result.with_status(status)
        lines.append(f"{_HEADINGS[status]} ({len(matches)})")
        if status == "missing":  # nothing to locate: the terms and their counts, wrapped
            items = ", ".join(f"{_label(m)} ×{m.term.count}".replace(" ", "\0")
                              for m in matches)  # a term and its count stay on one line
            lines += [line.replace("\0", " ") for line in textwrap.wrap(
                items, 88, initial_indent="  ", subsequent_indent="  ",
                break_on_hyphens=False)]
        else:
            for match in matches:
                lines += _term_lines(match)
        if not matches:
            lines.append("  (none)")
        lines.append("")
    lines.append("Suggestions: bullets the variant leaves out that would cover the most")
    lines.append("missing terms, each for what the ones above it do not cover")
    if not result.variant:
        lines.append("  (none: without --variant every bullet is already in)")
    elif not result.suggestions:
        lines.append("  (none)")
    for number, s in enumerate(result.suggestions, 1):
        why = f"tagged {', '.join(s.tags)}" if s.why == "tags" else "over max_bullets"
        lines.append(f"  {number}. {s.location}  {s.path}  ({why})")
        lines += textwrap.wrap(s.text, 88, initial_indent="      “",
                               subsequent_indent="       ", max_lines=3, placeholder=" …")
        lines[-1] += "”"
        if s.missing:
            lines.append(f"      covers: {', '.join(s.missing)}")
        if s.weak:
            lines.append(f"      strengthens: {', '.join(s.weak)}")
    return "\n".join(lines) + "\n"


def as_json(result: MatchResult) -> dict[str, object]:
    return {
        "schema": SCHEMA,
        "cv": result.cv,
        "job": result.job,
        "variant": result.variant,
        "lang": result.lang,
        "summary": _counts(result),
        "terms": [{
            "term": m.term.text,
            "key": " ".join(m.term.key),
            "phrase": m.term.phrase,
            "status": m.status,
            "ad_count": m.term.count,
            "written": list(m.term.written),
            "places": [{"file": p.location.file, "line": p.location.line,
                        "column": p.location.column, "path": p.path, "kind": p.kind}
                       for p in m.places],
        } for m in result.terms],
        "suggestions": [{
            "file": s.location.file, "line": s.location.line, "column": s.location.column,
            "path": s.path, "text": s.text, "tags": list(s.tags), "reason": s.why,
            "missing": list(s.missing), "weak": list(s.weak),
        } for s in result.suggestions],
    }


def format_json(result: MatchResult) -> str:
    return json.dumps(as_json(result), indent=2, ensure_ascii=False) + "\n"

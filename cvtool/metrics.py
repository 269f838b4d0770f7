"""Profile metrics (paper count, citations, h-index): content computed from the papers,
not presentation, so that the document, lint and importers can all use it.
"""

from __future__ import annotations

import re
import unicodedata

from cvtool.schema import Cv
from cvtool.schema import entries as e
from cvtool.schema.cv import PublicationSection


def _name_key(name: str) -> str:
    """Compare titles loosely: case, accents, dots and "Last, First" order do not matter."""
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first} {last}"
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c))
    return " ".join(re.sub(r"[.\s]+", " ", name).casefold().split())


def format_number(value: int | float | str) -> str:
    if isinstance(value, bool | str):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,}"


# Profile metrics cvtool can compute, and the labels that name each (compared without case).
METRIC_LABELS = {
    "h-index": ("h-index", "h index", "hindex", "h"),
    "papers": ("papers", "publications", "paper count", "publication count"),
    "citations": ("citations", "citation count", "cites", "cited by"),
}


def metric_of(label: str) -> str | None:
    folded = label.casefold().strip()
    return next((name for name, labels in METRIC_LABELS.items() if folded in labels), None)


def computed_metrics(cv: Cv) -> dict[str, int | None]:
    """Paper count, citations and h-index from the publications of the whole CV (a paper
    listed in two sections counts once). Citations and h-index need every paper's
    ``metrics`` to give its citations; otherwise they are None."""
    papers: dict[str, e.Publication] = {}
    for section in cv.sections.values():
        if isinstance(section, PublicationSection):
            for pub in section.entries:
                papers.setdefault((pub.doi or "").lower() or _name_key(pub.title), pub)
    counts: list[int] = []
    for pub in papers.values():
        value = next((v for k, v in pub.metrics.items() if metric_of(k) == "citations"), None)
        if not isinstance(value, int) or isinstance(value, bool):
            break
        counts.append(value)
    complete = len(counts) == len(papers) and bool(papers)
    ranked = sorted(counts, reverse=True)
    h_index = sum(1 for rank, cites in enumerate(ranked, 1) if cites >= rank)
    return {"h-index": h_index if complete else None, "papers": len(papers),
            "citations": sum(counts) if complete else None}


def profile_metrics(cv: Cv) -> tuple[tuple[str, str], ...]:
    """The profile metrics as written; a value ``auto`` is computed, and when the CV shows
    metrics at all, the h-index, paper count and citations it leaves out are added (labelled
    ``h-index``, ``papers``, ``citations``) when they can be computed from the papers."""
    if not cv.metrics:
        return ()
    computed = computed_metrics(cv)
    shown: list[tuple[str, str]] = []
    given: set[str] = set()
    for label, value in cv.metrics.items():
        which = metric_of(label)
        if which:
            given.add(which)
        if value == "auto":
            number = computed.get(which) if which else None
            shown.append((label, format_number(number) if number is not None else "–"))
        else:
            shown.append((label, format_number(value)))
    shown += [(name, format_number(number)) for name, number in computed.items()
              if name not in given and number is not None]
    return tuple(shown)

"""An offline match of a job ad against a CV or one of its variants.

The ad's terms (:mod:`.terms`) are looked up in the texts the CV shows (:mod:`.index`), both
sides normalised the same way (:mod:`.text`). Each term is **covered** (used in what an
entry says), **weak** (only in skills or other lists) or **missing**; then the bullets the
variant leaves out are ranked by how many missing (then weak) terms they would cover, each
chosen for what the ones before it do not cover yet (greedy set cover). :mod:`.report`
writes the result for people or as JSON. Nothing is fetched, nothing is judged: the match
informs, and never proposes hiding words from the reader.
"""

from __future__ import annotations

from dataclasses import dataclass

from cvtool.errors import SourceLocation
from cvtool.loader import LoadedCv
from cvtool.match import index
from cvtool.match.index import Place
from cvtool.match.terms import Term, extract
from cvtool.variants import Selection, everything, select, variant_of

STATUSES = ("covered", "weak", "missing")


@dataclass(frozen=True)
class TermMatch:
    term: Term
    status: str  # "covered", "weak" or "missing"
    places: tuple[Place, ...]


@dataclass(frozen=True)
class Suggestion:
    """A bullet the variant leaves out, and the terms it would add."""

    location: SourceLocation
    path: str
    text: str
    tags: tuple[str, ...]
    why: str  # "tags" or "max_bullets"
    missing: tuple[str, ...]  # terms it would cover that the CV misses
    weak: tuple[str, ...]  # terms it would move from weak to covered


@dataclass(frozen=True)
class MatchResult:
    cv: str
    job: str
    variant: str | None
    lang: str
    terms: tuple[TermMatch, ...]
    suggestions: tuple[Suggestion, ...]

    def with_status(self, status: str) -> list[TermMatch]:
        """The terms of one status, the ones the ad uses most first."""
        return sorted((t for t in self.terms if t.status == status),
                      key=lambda t: (-t.term.count, t.term.first))


def match(loaded: LoadedCv, ad: str, job: str = "job ad", variant: str | None = None,
          ) -> MatchResult:
    """Match the ad's text against ``loaded`` (in the language it was loaded in), as the
    whole CV or as ``variant`` shows it."""
    cv = loaded.cv
    selection = select(cv, variant_of(cv, variant)) if variant else everything(cv)
    shown = index.items(cv, selection, variant)
    terms = extract(ad, lambda key: index.uses(key, shown))
    results = []
    for term in terms:
        found = [item for item in shown if index.uses(term.key, [item])]
        places = index.places(term.key, found, loaded.source)
        status = ("covered" if any(p.kind == "text" for p in places)
                  else "weak" if places else "missing")
        results.append(TermMatch(term, status, tuple(places)))
    return MatchResult(str(loaded.path), job, variant, cv.lang, tuple(results),
                       tuple(_suggest(loaded, selection, results)))


def _suggest(loaded: LoadedCv, selection: Selection, results: list[TermMatch],
             ) -> list[Suggestion]:
    """Bullets left out, greedily: each time the one adding the most missing terms (then
    weak ones) not added by the bullets chosen before it."""
    wanted = {r.term.key: r for r in results if r.status != "covered"}
    candidates = [(c, {k for k in wanted if index.uses(k, [c.item])})
                  for c in index.left_out(loaded.cv, selection)]
    chosen: list[Suggestion] = []
    done: set[tuple[str, ...]] = set()

    def gain(entry: tuple[index.LeftOut, set[tuple[str, ...]]]) -> tuple[int, int]:
        new = entry[1] - done
        return (sum(wanted[k].status == "missing" for k in new), len(new))

    while candidates:
        best = max(candidates, key=gain)  # the first of equals: the CV's order
        if gain(best) == (0, 0):
            break
        candidates.remove(best)
        left, keys = best
        new = [wanted[k] for k in sorted(keys - done, key=lambda k: wanted[k].term.first)]
        done |= keys
        where, written = loaded.source.locate(left.item.path)
        chosen.append(Suggestion(
            where, written, " ".join(left.item.text.split()), left.tags, left.why,
            tuple(r.term.text for r in new if r.status == "missing"),
            tuple(r.term.text for r in new if r.status == "weak")))
    return chosen

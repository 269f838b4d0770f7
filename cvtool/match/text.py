"""Words as the match compares them, the same for the job ad and the CV.

Text becomes a list of :class:`Token`: each word with its span in the text, its normal form
(case folded, possessive and plural taken off by a light stemmer: "Models" and "model",
"libraries" and "library", "GPUs" and "GPU"), whether it is a stop word, whether it is
joined to the word before by a hyphen ("text-to-video") and whether punctuation or a blank
line separates it from the word before (a phrase never spans that). Then the synonym table
rewrites other ways of writing a term into the one way (``k8s`` is ``Kubernetes``,
``LLMs`` is ``large language model``), keeping the span of what was written.

The word lists are data files in ``cvtool/match/data``: ``stopwords.txt`` (English and
German), ``synonyms.toml`` and ``phrases.txt``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files

WORD = re.compile(r"[^\W_]+(?:[.'’][^\W_]+)*[+#]*")
GUARD_WINDOW = 8  # how near an `unless` word must be to leave an abbreviation alone

# Words whose final "s" is not a plural, and plurals the rules below would get wrong.
_SINGULAR_S = frozenset({
    "analysis", "bias", "alias", "atlas", "canvas", "pandas", "kubernetes", "series",
    "species", "news", "lens", "gas", "ios", "macos", "windows", "redis", "numpy", "basis",
    "thesis", "diagnosis", "synthesis", "genesis", "axis", "physics", "mathematics",
    "statistics", "economics", "graphics", "robotics", "analytics", "ethics", "linguistics",
    "semantics", "dynamics", "optics", "logistics", "devops", "mlops", "jaxs", "always",
    "plus", "status", "corpus", "campus", "versus", "focus", "consensus", "less",
})
_IRREGULAR = {
    "biases": "bias", "aliases": "alias", "analyses": "analysis", "theses": "thesis",
    "caches": "cache", "niches": "niche", "indices": "index", "matrices": "matrix",
    "vertices": "vertex", "corpora": "corpus", "data": "data", "criteria": "criterion",
    "hypotheses": "hypothesis", "syntheses": "synthesis", "axes": "axis", "children": "child",
    "people": "people", "statuses": "status", "focuses": "focus", "campuses": "campus",
}


def stem(word: str) -> str:
    """The normal form of one word: case folded, possessive and plural "s" taken off."""
    lower = word.casefold()
    for possessive in ("'s", "’s"):
        if lower.endswith(possessive):
            lower, word = lower[:-2], word[:-2]
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if len(word) > 2 and word[:-1].isupper() and word[-1] == "s":
        return lower[:-1]  # GPUs, LLMs, CNNs
    if word.isupper() or len(lower) <= 3 or lower in _SINGULAR_S or not lower.isalpha():
        return lower
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return lower[:-2]
    if lower.endswith(("ss", "us", "is", "'s")):
        return lower
    if lower.endswith("s"):
        return lower[:-1]
    return lower


@dataclass(frozen=True)
class Token:
    raw: str  # as written (for a synonym's expansion: what was written)
    norm: str  # the normal form compared
    start: int  # span in the text
    end: int
    stop: bool = False
    joined: bool = False  # hyphenated to the token before ("to" in "text-to-video")
    boundary: bool = False  # punctuation or a blank line before it: no phrase spans it
    sentence: bool = False  # the first word of a sentence or line (capitalised for that)
    term: str = ""  # a synonym's one way, for the words it rewrote ("machine learning")


@cache
def stop_words() -> frozenset[str]:
    text = files("cvtool.match").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(stem(word) for line in text.splitlines()
                     if not line.startswith("#") for word in line.split())


@cache
def _synonym_table() -> dict[tuple[str, ...], tuple[str, tuple[str, ...]]]:
    """written form (normal tokens) -> (the term's one way, words that veto it nearby)."""
    raw = files("cvtool.match").joinpath("data/synonyms.toml").read_text(encoding="utf-8")
    table: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = {}
    for written, target in tomllib.loads(raw)["synonyms"].items():
        if isinstance(target, dict):
            to, unless = target["to"], tuple(stem(w) for w in target.get("unless", ()))
        else:
            to, unless = target, ()
        table[tuple(stem(w) for w in _words(written))] = (to, unless)
    return table


@cache
def known_phrases() -> frozenset[tuple[str, ...]]:
    text = files("cvtool.match").joinpath("data/phrases.txt").read_text(encoding="utf-8")
    return frozenset(key(line) for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def _words(text: str) -> list[str]:
    return [m.group() for m in WORD.finditer(text)]


def split(text: str) -> list[Token]:
    """The words of ``text``, before synonyms (see the module docstring)."""
    stops = stop_words()
    tokens: list[Token] = []
    end = 0
    for m in WORD.finditer(text):
        gap = text[end:m.start()]
        joined = bool(tokens) and gap in ("-", "‐", "‑")
        boundary = not tokens or (not joined and (gap.strip() != "" or "\n\n" in gap
                                                  or re.search(r"\n\s*\n", gap) is not None))
        sentence = not tokens or bool(re.search(r"[.!?:•]\s*$|\n\s*[-*•]?\s*$", gap))
        word = m.group()
        norm = stem(word)
        tokens.append(Token(word, norm, m.start(), m.end(), norm in stops, joined, boundary,
                            sentence))
        end = m.end()
    return tokens


def canonical(tokens: list[Token]) -> list[Token]:
    """``tokens`` with every other way of writing a term rewritten into the one way; the
    tokens of a rewritten term keep the span of what was written."""
    table = _synonym_table()
    longest = max((len(k) for k in table), default=1)
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            written = tuple(t.norm for t in tokens[i:i + n])
            if written not in table or any(t.boundary for t in tokens[i + 1:i + n]):
                continue
            to, unless = table[written]
            near = {t.norm for t in _sentence_around(tokens, i, i + n)}
            if near & set(unless):  # "send your CV": a word every ad uses, not a term
                out.extend(replace(t, stop=True) for t in tokens[i:i + n])
                i += n
                break
            first, last = tokens[i], tokens[i + n - 1]
            raw = " ".join(t.raw for t in tokens[i:i + n])
            for k, word in enumerate(_words(to)):
                out.append(Token(raw, stem(word), first.start, last.end, False,
                                 joined=k > 0, boundary=first.boundary if k == 0 else False,
                                 sentence=first.sentence if k == 0 else False, term=to))
            i += n
            break
        else:
            out.append(tokens[i])
            i += 1
    return out


def _sentence_around(words: list[Token], start: int, end: int) -> list[Token]:
    """The words near ``start..end`` (at most GUARD_WINDOW each side) in its sentence."""
    first = start
    while first > 0 and start - first < GUARD_WINDOW and not words[first].sentence:
        first -= 1
    last = end
    while last < len(words) and last - end < GUARD_WINDOW and not words[last].sentence:
        last += 1
    return words[first:last]


def tokens(text: str) -> list[Token]:
    """The words of ``text`` as the match compares them."""
    return canonical(split(text))


def key(text: str) -> tuple[str, ...]:
    """The normal form of a term written plainly (``"Large Language Models"``)."""
    return tuple(t.norm for t in tokens(text))


def find(key_: tuple[str, ...], words: list[Token]) -> list[tuple[int, int]]:
    """Where a term occurs in ``words``: (first token, one past the last), never across
    punctuation."""
    n = len(key_)
    return [(i, i + n) for i in range(len(words) - n + 1)
            if tuple(t.norm for t in words[i:i + n]) == key_
            and not any(t.boundary for t in words[i + 1:i + n])]


def is_content(token: Token) -> bool:
    """A word that can be a term: not a stop word, not a number, not a single letter."""
    return not token.stop and len(token.norm) > 1 and not token.norm.replace(".", "").isdigit()


"""The job ad's side: the terms and phrases a job ad asks for.

Every word that is not a stop word is a term. Runs of two to four such words are kept
together as one phrase ("distributed training") when the CV uses the same phrase, when it is
in the built-in list (``data/phrases.txt``), or when the ad hyphenates it ("text-to-video");
a word is then a term of its own only where the ad also uses it outside its phrases.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from cvtool.match.text import Token, is_content, known_phrases, tokens

Key = tuple[str, ...]
MAX_PHRASE = 4  # words; phrases found in the CV are two or three words, listed ones up to four


@dataclass(frozen=True)
class Term:
    key: Key  # the normal form, matched against the CV's
    text: str  # how the report shows it
    count: int  # how often the ad uses it
    written: tuple[str, ...]  # the ways the ad writes it ("LLMs", "large language models")
    first: int  # where the ad first uses it (offset)

    @property
    def phrase(self) -> bool:
        return len(self.key) > 1


def _candidates(words: list[Token], in_cv: Callable[[Key], bool]) -> list[tuple[int, int, Key]]:
    """Phrases the ad uses (see the module docstring), the best first: longer before
    shorter, listed or hyphenated phrases (and a synonym's words) before phrases found in the
    CV, earlier first. None splits a hyphenated word or a synonym's words."""
    listed = known_phrases()
    found: list[tuple[tuple[int, int, int], tuple[int, int, Key]]] = []
    for i in range(len(words)):
        for n in range(2, MAX_PHRASE + 1):
            run = words[i:i + n]
            if len(run) < n or any(t.boundary for t in run[1:]):
                break
            if not all(is_content(t) or (t.joined and run[-1].joined) for t in run):
                continue  # a stop word inside a phrase only when hyphenated (text-to-video)
            if not is_content(run[0]) or not is_content(run[-1]) or run[0].joined or (
                    i + n < len(words) and words[i + n].joined):
                continue  # nor does a phrase split a hyphenated word or a synonym's words
            key = tuple(t.norm for t in run)
            if key in listed or all(t.joined for t in run[1:]):
                found.append(((-n, 0, i), (i, i + n, key)))
            elif n <= 3 and in_cv(key):
                found.append(((-n, 1, i), (i, i + n, key)))
    return [c for _, c in sorted(found)]


def extract(ad: str, in_cv: Callable[[Key], bool] = lambda key: False) -> list[Term]:
    """The terms of a job ad, in the order the ad first uses them. ``in_cv`` tells whether
    the CV uses a phrase (so that the ad's phrase is kept together)."""
    words = tokens(ad)
    claimed = [False] * len(words)
    spans: dict[Key, list[tuple[int, int]]] = {}
    for start, end, key in _candidates(words, in_cv):
        if not any(claimed[start:end]):
            claimed[start:end] = [True] * (end - start)
            spans.setdefault(key, []).append((start, end))
    for i, word in enumerate(words):
        if not claimed[i] and is_content(word):
            spans.setdefault((word.norm,), []).append((i, i + 1))
    terms = []
    for key, where in spans.items():
        written = tuple(dict.fromkeys(_raw(ad, words, s, e) for s, e in where))
        inside = [(s, e) for s, e in where if not words[s].sentence] or where
        forms = [_raw(ad, words, s, e) for s, e in inside]
        best = min(range(len(inside)), key=lambda j: (
            -forms.count(forms[j]), sum(c.isupper() for c in forms[j]), j))
        start, end = inside[best]
        terms.append(Term(key, _shown(ad, words[start:end]), len(where), written,
                          words[where[0][0]].start))
    return sorted(terms, key=lambda t: t.first)


def _raw(ad: str, words: list[Token], start: int, end: int) -> str:
    """The ad's text of tokens ``start..end``, spaces folded."""
    return " ".join(ad[words[start].start:words[end - 1].end].split())


def _shown(ad: str, words: list[Token]) -> str:
    """A term as the report shows it: as the ad writes it, without a capital that only
    starts a sentence (where the ad also writes it in lower case); a term a synonym rewrote
    in the synonym table's one way."""
    if any(t.term for t in words):
        parts: list[str] = []
        for t in words:
            piece = t.term or t.raw
            if not parts or piece != parts[-1] or not t.term:
                parts.append(piece)
        return " ".join(parts)
    raw = " ".join(ad[words[0].start:words[-1].end].split())
    if words[0].sentence and raw[:1].isupper() and not any(c.isupper() for c in raw[1:]) \
            and re.search(rf"(?<!\w){re.escape(raw.lower())}", ad):
        return raw.lower()  # capitalised only to start a sentence: the ad writes it lower
    return raw

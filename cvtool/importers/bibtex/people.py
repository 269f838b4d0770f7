"""Author lists: names as "First von Last Jr.", ``others`` as et al., and the marks after a
name or a surname (``*`` equal contribution, ``†`` corresponding author, ``^`` equal advising,
as al-folio writes them: ``Yuan*, Zhihang``)."""

from __future__ import annotations

import re
from functools import lru_cache

from cvtool.importers.bibtex.latex import _SPACE, accents_to_unicode, latex_to_text

# A mark at the end of a name, or of its surname before the comma (``Doe*, Jane``).
_MARKS = re.compile(r"\s*(?:\$\^\{?(\\dagger|\*|\\ast)\}?\$|\\textsuperscript\{(\*|\\dagger)\}"
                    r"|(\*|†|‡|\^|\\dag(?:ger)?\b|\\ddag(?:ger)?\b))\s*(?=,|$)")
_MARK_OF = {"*": "*", "\\ast": "*", "^": "^", "‡": "^", "\\ddag": "^", "\\ddagger": "^"}


def _names(raw: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """Authors as "First von Last Jr.", with ``others`` as ``et al.``; also who is marked
    with ``*`` (equal contribution), ``†`` (corresponding author) and ``^`` (equal advising).
    Accents become letters first: in ``Mu\\~noz`` the ``~`` is not a tie."""
    from bibtexparser.middlewares.names import split_multiple_persons_names

    names: list[str] = []
    equal: list[str] = []
    corresponding: list[str] = []
    advising: list[str] = []
    for written in split_multiple_persons_names(accents_to_unicode(raw)):
        written = written.strip()
        if written.lower() == "others":
            names.append("et al.")
            continue
        name, marks = _one_name(written)
        if not name:
            continue
        names.append(name)
        if "*" in marks:
            equal.append(name)
        if "†" in marks:
            corresponding.append(name)
        if "^" in marks:
            advising.append(name)
    return names, equal, corresponding, advising


@lru_cache(maxsize=8192)
def _one_name(written: str) -> tuple[str, str]:
    """One author as "First von Last Jr.", and its marks (``*``, ``†``, ``^``); cached, since
    the same people (the CV's owner first) recur throughout a .bib."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    marks = ""
    while match := _MARKS.search(written):
        mark = next(g for g in match.groups() if g)
        marks += _MARK_OF.get(mark, "†")
        written = written[:match.start()] + written[match.end():]
    parts = parse_single_name_into_parts(written, strict=False)
    name = " ".join(latex_to_text(" ".join(p)) for p in
                    (parts.first, parts.von, parts.last, parts.jr) if p)
    return _SPACE.sub(" ", name).strip(), marks

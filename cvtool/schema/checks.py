"""Checks across fields that Pydantic validators cannot place precisely.

Each problem names the path in the source it belongs to, so the loader can report it at its
line and column like any other validation error.
"""

from __future__ import annotations

from collections.abc import Iterator

from cvtool.schema.cv import Cv

Problem = tuple[tuple[str | int, ...], str, str]  # (path, code, message)


def _unknown_section(cv: Cv, name: str) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(cv.sections), n=1, cutoff=0.5)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    return f"no section `{name}` in this CV{hint}"


def cross_checks(cv: Cv) -> Iterator[Problem]:
    from cvtool.schema.private import path_problems

    yield from path_problems(cv)
    for name, variant in cv.variants.items():
        base = ("variants", name)
        for index, key in enumerate(variant.sections or ()):
            if key not in cv.sections:
                yield (*base, "sections", index), "CV111", _unknown_section(cv, key)
        for key in variant.titles:
            if key not in cv.sections:
                yield (*base, "titles", key), "CV111", _unknown_section(cv, key)
        for field in ("max_entries", "max_bullets"):
            caps = getattr(variant, field)
            if isinstance(caps, dict):
                for key in caps:
                    if key not in cv.sections:
                        yield (*base, field, key), "CV111", _unknown_section(cv, key)

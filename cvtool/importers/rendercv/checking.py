"""The imported CV checked as cvtool checks any source, each problem located at the
RenderCV field it came from; and the owner found among publication authors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cvtool.importers.rendercv import Import
    from cvtool.sourcemap import Path_


def check(job: Import, cv: dict[str, Any]) -> None:
    _owner(job, cv)
    from pydantic import ValidationError

    from cvtool.loader import _CODES
    from cvtool.schema import Cv
    from cvtool.schema.checks import cross_checks
    from cvtool.schema.cv import SECTION_KINDS

    try:
        model = Cv.model_validate(cv)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            if loc[:1] == ("sections",) and len(loc) > 2 and loc[2] in SECTION_KINDS:
                loc = loc[:2] + loc[3:]  # the section's union tag
            code = _CODES.get(error["type"], "CV104")
            message = error["msg"].removeprefix("Value error, ")
            _located(job, code, loc, f"cvtool refuses {_shown(loc)}: {message}")
        return
    for path, code, message in cross_checks(model):
        _located(job, code, tuple(path), f"cvtool refuses {_shown(tuple(path))}: {message}")


def _shown(loc: tuple[Any, ...]) -> str:
    from cvtool.errors import format_path

    return f"`{format_path(list(loc))}`" if loc else "the CV"


def _located(job: Import, code: str, loc: Path_, message: str) -> None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in job.origins:
            job.problem(code, job.origins[loc[:end]], message)
            return
    job.problem(code, ("cv",), message)


def _owner(job: Import, cv: dict[str, Any]) -> None:
    """Authors RenderCV marks as the owner (``*Jane Doe*``, ``**J. Doe**``): written some
    other way than the name, they become `aliases` so cvtool highlights them."""
    from cvtool.names import OwnerNames

    aliases: list[str] = []
    for name, where in job.owners:
        if name in aliases or name in OwnerNames([cv.get("name", ""), *aliases]):
            continue
        aliases.append(name)
        job.note(where, f"`{name}` is marked as the CV's owner; added to `aliases` so that "
                        "cvtool highlights it")
    if aliases:
        cv["aliases"] = aliases
        # `aliases` comes right after the name, as people write it
        order = ["name", "aliases"]
        items = {k: cv.pop(k) for k in order if k in cv}
        rest = dict(cv)
        cv.clear()
        cv.update(items)
        cv.update(rest)


def short_sections(sections: dict[str, Any]) -> dict[str, Any]:
    """``Title: [entries]`` where the title already says the kind, as people write it."""
    from cvtool.schema.inference import kind_from_title

    out: dict[str, Any] = {}
    for title, section in sections.items():
        entries = [_short_entry(e) for e in section["entries"]]
        out[title] = entries if kind_from_title(title) == section["kind"] else {
            "kind": section["kind"], "entries": entries}
    return out


def _short_entry(entry: Any) -> Any:
    """A paragraph with nothing but its text is written as the text."""
    if isinstance(entry, dict) and set(entry) == {"text"}:
        return entry["text"]
    return entry


"""Writing JSON Resume: the CV's data (not its typeset document) as ``resume.json``.

Pure: a validated :class:`~cvtool.schema.Cv` in, UTF-8 JSON bytes out. Sections go to the
JSON Resume array their kind and title call for (award -> ``awards``, volunteering ->
``volunteer``; talks, teaching, grants, students and memberships -> ``projects`` with a
``type``; patents -> ``publications``; an experience section titled "Volunteering" ->
``volunteer``, skills titled "Languages" -> ``languages``...); fields map one to
one where JSON Resume has a field (:mod:`.mapping`). What it has no field for is not lost:
it is written under ``x-cvtool`` in the item (and, for the CV as a whole and for sections
with no JSON Resume counterpart, in ``meta.x-cvtool``), exactly what :mod:`.reading` needs
to give the same CV back. JSON Resume tools ignore keys they do not know.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from cvtool.document.crossrefs import Resolver, cited_as_text, plain_resolver
from cvtool.jsonresume.basics import basics_out
from cvtool.jsonresume.mapping import (
    ARRAYS,
    EXTENSION,
    KIND_KEY,
    MODELS,
    SCHEMA_URL,
    X_CVTOOL,
    differences,
    dump,
    jr_item,
    kind_of,
    overlay,
    section_title,
    validated,
)
from cvtool.jsonresume.reading import import_jsonresume, item_in
from cvtool.schema import Cv

if TYPE_CHECKING:
    from cvtool.job import Job


def array_for(key: str, section: Any) -> str | None:
    """The JSON Resume array a section belongs in, or None when there is none."""
    from cvtool.jsonresume.kinds import ARRAY_OF

    title = f"{key} {section.title or ''}".casefold()
    kind = section.kind
    if kind in ARRAY_OF:
        return ARRAY_OF[kind]
    if kind == "experience":
        return "volunteer" if "volunteer" in title else "work"
    if kind == "skills":
        return "languages" if "language" in title else (
            "interests" if "interest" in title else "skills")
    if kind == "generic":
        for word, array in (("award", "awards"), ("honor", "awards"), ("honour", "awards"),
                            ("prize", "awards"), ("certific", "certificates"),
                            ("reference", "references"), ("publication", "publications")):
            if word in title:
                return array
        return None
    return {"education": "education", "project": "projects",
            "publication": "publications"}.get(kind)


def _section_settings(section: Any) -> dict[str, Any]:
    return {k: v for k, v in dump(section).items() if k != "entries"}


def _cited(value: Any, resolve: Resolver) -> Any:
    """``[@key]`` references as plain short citations, ``(Li et al., CVPR 2023)``: JSON
    Resume has no numbered list to point into. (The text as written goes to ``x-cvtool``,
    like everything an import would not give back.)"""
    if isinstance(value, str):
        return cited_as_text(value, resolve) if "[@" in value else value
    if isinstance(value, list):
        return [_cited(v, resolve) for v in value]
    if isinstance(value, dict):
        return {k: v if k == X_CVTOOL else _cited(v, resolve) for k, v in value.items()}
    return value


def to_jsonresume(cv: Cv, whole: Cv | None = None) -> dict[str, Any]:
    """The CV as a JSON Resume document (a dict ready for ``json.dumps``). ``whole``: the
    CV a variant was selected from, whose papers ``[@key]`` may name."""
    own = cv.extensions.get(EXTENSION, {})
    resolve = plain_resolver(whole or cv)
    resume: dict[str, Any] = {"$schema": own.get("$schema", SCHEMA_URL),
                              "basics": _cited(overlay(basics_out(cv), own.get("basics", {})),
                                               resolve)}
    arrays: dict[str, list[dict[str, Any]]] = {}
    elsewhere: dict[str, Any] = {}  # sections JSON Resume has no array for
    for key, section in cv.sections.items():
        array = array_for(key, section)
        if array is None:
            elsewhere[key] = dump(section)
            continue
        for entry in section.entries:
            item = _cited(overlay(jr_item(array, entry), entry.extensions.get(EXTENSION, {})),
                          resolve)
            if kind_of(array, item) != section.kind:  # a kind the array does not say
                item[X_CVTOOL] = {KIND_KEY: section.kind}
            title = section_title(array, section.kind)
            imported, _ = item_in(array, item, title, section.kind, "", [])
            back = validated(MODELS[section.kind], imported)
            restore = differences(dump(entry), dump(back) if back is not None else {})
            if key != title:
                restore["section"] = key
            restore = {**item.pop(X_CVTOOL, {}), **restore}
            if restore:
                item[X_CVTOOL] = restore
            arrays.setdefault(array, []).append(item)
    resume.update({array: arrays[array] for array in ARRAYS if array in arrays})
    resume.update({k: v for k, v in own.items() if k not in ("$schema", "basics", "meta")})
    restore = _document_restore(cv, resume, elsewhere)
    meta = dict(own.get("meta", {}))
    if restore:
        meta[X_CVTOOL] = restore
    if meta:
        resume["meta"] = meta
    return resume


def _document_restore(cv: Cv, resume: dict[str, Any], elsewhere: dict[str, Any]) -> dict[str, Any]:
    """What importing ``resume`` as it stands would get wrong about the CV as a whole."""
    plain = dict(resume)
    plain["meta"] = cv.extensions.get(EXTENSION, {}).get("meta", {})
    data, _ = import_jsonresume(plain)
    back = validated(Cv, data)
    original = {k: v for k, v in dump(cv).items() if k != "sections"}
    again = {k: v for k, v in dump(back).items() if k != "sections"} if back else {}
    restore = differences(original, again, ignore=("sections",))
    order = list(cv.contact.in_order())
    if back is None or order != list(back.contact.in_order()):
        restore["contact"] = {k: dump(cv.contact)[k] for k in order}
    sections: dict[str, Any] = dict(elsewhere)
    made = back.sections if back is not None else {}
    for key, section in cv.sections.items():
        if key in elsewhere:
            continue
        if key not in made:
            sections[key] = dump(section)
        elif _section_settings(section) != _section_settings(made[key]):
            sections[key] = _section_settings(section)
    shown = [*sections, *(k for k in made if k not in sections)]
    if shown != list(cv.sections):
        sections = {key: sections.get(key, _section_settings(cv.sections[key]))
                    for key in cv.sections}
    if sections:
        restore["sections"] = sections
    return restore


def render_jsonresume(cv: Cv, whole: Cv | None = None) -> bytes:
    """``resume.json``: JSON Resume v1, indented, UTF-8."""
    text = json.dumps(to_jsonresume(cv, whole), indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def render_job(job: Job) -> bytes:
    """Made from the data shown (after variant selection), not from the document."""
    return render_jsonresume(job.cv, job.whole)

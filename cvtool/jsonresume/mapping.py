"""The field mappings of JSON Resume (v1) and cvtool, both ways, item by item.

Each JSON Resume array is a section (``work`` -> Experience, ``volunteer`` -> Volunteering,
``awards`` -> Awards, ...), each item an entry, field by field (``summary`` ->
``description``, ``studyType`` + ``area`` -> ``degree``, ``score`` -> ``grade``...). The
kinds of entry with an array of their own, and those written as ``projects`` with a
``type``, are mapped in :mod:`.kinds`; ``basics`` in :mod:`.basics`. :mod:`.reading` and
:mod:`.writing` decide what survives a trip by mapping an item there and back with these.
"""

from __future__ import annotations

import re
from typing import Any

from cvtool.jsonresume import kinds
from cvtool.jsonresume.values import (
    _bullets,
    _dates_in,
    _dates_out,
    _first,
    _link,
    _put,
    _rich,
    _rich_list,
    _strings,
    _text,
    read_date,
    web_url,
)
from cvtool.schema import entries as e
from cvtool.schema.inference import ENTRY_MODELS

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
EXTENSION = "jsonresume"  # key under `extensions:` in cvtool
X_CVTOOL = "x-cvtool"  # key in JSON Resume objects
KIND_KEY = "section_kind"  # in an item's x-cvtool: its kind, when its array does not say

# JSON Resume array -> (section title on import, cvtool section kind), in the schema's order.
ARRAYS: dict[str, tuple[str, str]] = {
    "work": ("Experience", "experience"),
    "volunteer": ("Volunteering", "volunteering"),
    "education": ("Education", "education"),
    "awards": ("Awards", "award"),
    "certificates": ("Certificates", "certification"),
    "publications": ("Publications", "publication"),
    "skills": ("Skills", "skills"),
    "languages": ("Languages", "language"),
    "interests": ("Interests", "interest"),
    "references": ("References", "reference"),
    "projects": ("Projects", "project"),
}
# The entry model of every kind of section (an item's `x-cvtool: {kind: ...}` may name any).
MODELS: dict[str, type[Any]] = dict(ENTRY_MODELS)
IMPORT_DESIGN = {"dates": "short"}  # JSON Resume dates are ISO; show them as `Aug 2018`
def is_dated(jr: dict[str, Any]) -> bool:
    """Whether a JSON Resume publication has a release date cvtool can use."""
    return read_date(jr.get("releaseDate"))[0] is not None


def kind_of(array: str, jr: dict[str, Any]) -> str:
    """The cvtool kind of one item: the one its ``x-cvtool: {section_kind: ...}`` names
    (what cvtool wrote), else its array's; a project whose ``type`` names a kind
    (``talk``) is of that kind, and a publication with no usable date a generic entry
    (cvtool's publications need a year)."""
    restore = jr.get(X_CVTOOL)
    if isinstance(restore, dict) and restore.get(KIND_KEY) in MODELS:
        return restore[KIND_KEY]
    if array == "projects":
        return kinds.project_kind(jr) or "project"
    if array == "publications" and not is_dated(jr):
        return "generic"
    return ARRAYS[array][1]


def section_title(array: str, kind: str) -> str:
    """The title of the section an imported item of ``kind`` goes to."""
    title, own = ARRAYS[array]
    return title if kind == own else kinds.TITLES.get(kind, title)


_LEVELLED = re.compile(r"^(.*\S) \(([^()]+)\)$")


# --- items: JSON Resume -> cvtool -------------------------------------------------------------


def cv_item(array: str, jr: dict[str, Any], kind: str | None = None) -> dict[str, Any]:
    """One JSON Resume item as cvtool entry data of ``kind`` (by default the item's, see
    :func:`kind_of`): the plain mapping, no extensions. Older field names (before JSON
    Resume 1.0: ``company``, ``website``, ``gpa``) count too."""
    kind = kind or kind_of(array, jr)
    if kind in kinds.ARRAY_OF:
        return kinds.cv_entry(kind, jr)
    d: dict[str, Any] = {}
    url = web_url(_first(jr, "url", "website"))
    if array in ("work", "volunteer"):
        names = ("name", "company", "organization") if array == "work" else (
            "organization", "name", "company")
        d["organization"] = _text(_first(jr, *names)) or ""
        _put(d, "team", _text(jr.get("description")) if array == "work" else None)
        _put(d, "positions", [jr["position"]] if _text(jr.get("position")) else [])
        _put(d, "location", _text(jr.get("location")))
        _put(d, "dates", _dates_in(jr.get("startDate"), jr.get("endDate")))
        summary, items = _rich(jr.get("summary"))
        _put(d, "description", summary)
        _put(d, "highlights", items + _rich_list(jr.get("highlights")))
        _put(d, "links", {"website": url} if url else {})
    elif array == "education":
        d["institution"] = _text(jr.get("institution")) or ""
        study, area = _text(jr.get("studyType")), _text(jr.get("area"))
        _put(d, "degree", f"{study} in {area}" if study and area else study or area)
        _put(d, "dates", _dates_in(jr.get("startDate"), jr.get("endDate")))
        _put(d, "grade", _text(_first(jr, "score", "gpa")))
        _put(d, "courses", _strings(jr.get("courses")))
        _put(d, "links", {"website": url} if url else {})
    elif array in ("awards", "certificates"):
        award = array == "awards"
        d["title"] = _text(jr.get("title" if award else "name")) or ""
        _put(d, "subtitle", _text(jr.get("awarder" if award else "issuer")))
        _put(d, "dates", _dates_in(jr.get("date"), jr.get("date")))
        summary, items = _rich(jr.get("summary")) if award else (None, [])
        _put(d, "description", summary)
        _put(d, "highlights", items)
        _put(d, "links", {"website": url} if url and not award else {})
    elif array == "references":
        d["title"] = _text(jr.get("name")) or ""
        reference, items = _rich(jr.get("reference"))
        _put(d, "description", reference)
        _put(d, "highlights", items)
    elif array == "publications" and not is_dated(jr):
        d["title"] = _text(jr.get("name")) or ""
        _put(d, "subtitle", _text(jr.get("publisher")))
        summary, items = _rich(jr.get("summary"))
        _put(d, "description", summary)
        _put(d, "highlights", items)
        _put(d, "links", {"paper": url} if url else {})
    elif array == "publications":
        d["title"] = _text(jr.get("name")) or ""
        d["authors"] = []
        _put(d, "venue", _text(jr.get("publisher")))
        d["kind"] = "other"
        released = read_date(jr["releaseDate"])[0] or ""
        if re.fullmatch(r"\d{4}", released):
            d["year"] = int(released)
        else:
            d["date"] = released
        _put(d, "links", {"paper": url} if url else {})
        summary, items = _rich(jr.get("summary"))
        _put(d, "abstract", " ".join([summary or "", *items]).strip())
    elif array in ("skills", "interests"):
        name, level = _text(jr.get("name")), _text(jr.get("level"))
        d["items"] = _strings(jr.get("keywords"))
        if level and not d["items"]:  # `Kubernetes: Intermediate`
            d["items"] = [level]
            level = None
        _put(d, "label", f"{name} ({level})" if name and level else name or level)
    elif array == "languages":
        _put(d, "label", _text(jr.get("language")))
        d["items"] = [jr["fluency"]] if _text(jr.get("fluency")) else []
    elif array == "projects":
        d["title"] = _text(jr.get("name")) or ""
        roles, entity = ", ".join(_strings(jr.get("roles"))), _text(jr.get("entity"))
        _put(d, "role", f"{roles} · {entity}" if roles and entity else roles or entity)
        _put(d, "dates", _dates_in(jr.get("startDate"), jr.get("endDate")))
        description, items = _rich(jr.get("description"))
        _put(d, "description", description)
        highlights = items + _rich_list(jr.get("highlights"))
        keywords = _strings(jr.get("keywords"))
        if keywords:
            highlights.append({"label": "Keywords", "text": ", ".join(keywords)})
        _put(d, "highlights", highlights)
        _put(d, "links", {"website": url} if url else {})
    return d


# --- items: cvtool -> JSON Resume -------------------------------------------------------------


def _untex(text: str | None) -> str | None:
    """A publication's title, venue or abstract as the text a reader sees (``74%``, ``α``,
    “quotes”): JSON Resume holds plain text, and other tools would print TeX raw. The text
    as written travels under ``x-cvtool`` (an import would not give it back)."""
    if not text or not any(sign in text for sign in "\\{}$~`'-"):
        return text
    from cvtool.markup import to_text
    from cvtool.texinline import tex

    return to_text(tex(text))


def jr_item(array: str, item: Any) -> dict[str, Any]:
    """One cvtool entry as a JSON Resume item of ``array`` (the plain mapping)."""
    if type(item) in kinds.KIND_OF_MODEL:
        return kinds.jr_entry(item)
    out: dict[str, Any] = {}
    if isinstance(item, e.Experience):
        out["name" if array == "work" else "organization"] = item.organization
        _put(out, "location", item.location)
        _put(out, "description", item.team if array == "work" else None)
        _put(out, "position", ", ".join(p.title for p in item.positions))
        _put(out, "url", _link(item.links, "website"))
        out.update(_dates_out(item.dates))
        _put(out, "summary", item.description or item.project)
        _put(out, "highlights", _bullets(item.highlights))
    elif isinstance(item, e.Education):
        out["institution"] = item.institution
        _put(out, "url", _link(item.links, "website"))
        if item.degree:
            study, sep, area = item.degree.partition(" in ")
            _put(out, "area", area if sep else None)
            out["studyType"] = study
        out.update(_dates_out(item.dates))
        _put(out, "score", item.grade)
        _put(out, "courses", list(item.courses))
    elif isinstance(item, e.Generic):
        dates = _dates_out(item.dates)
        if array == "awards":
            out["title"] = item.title
            _put(out, "date", dates.get("startDate"))
            _put(out, "awarder", item.subtitle)
            _put(out, "summary", item.description)
        elif array == "certificates":
            out["name"] = item.title
            _put(out, "date", dates.get("startDate"))
            _put(out, "issuer", item.subtitle)
            _put(out, "url", _link(item.links, "website"))
        elif array == "publications":  # one with no date (see kind_of)
            out["name"] = item.title
            _put(out, "publisher", item.subtitle)
            _put(out, "url", _link(item.links, "paper"))
            _put(out, "summary", item.description)
        else:
            out["name"] = item.title
            _put(out, "reference", item.description)
    elif isinstance(item, e.Publication):
        out["name"] = _untex(item.title)
        _put(out, "publisher", _untex(item.venue))
        released = item.date.iso() if item.date else item.year_value
        _put(out, "releaseDate", str(released) if released is not None else None)
        url = _link(item.links, "paper") or (f"https://doi.org/{item.doi}" if item.doi else None)
        _put(out, "url", url or (f"https://arxiv.org/abs/{item.arxiv}" if item.arxiv else None))
        _put(out, "summary", _untex(item.abstract))
    elif isinstance(item, e.LabelledList):
        if array == "languages":
            _put(out, "language", item.label)
            _put(out, "fluency", ", ".join(item.items))
        else:
            levelled = _LEVELLED.match(item.label or "") if array == "skills" else None
            _put(out, "name", levelled[1] if levelled else item.label)
            _put(out, "level", levelled[2] if levelled else None)
            _put(out, "keywords", list(item.items))
    elif isinstance(item, e.Project):
        out["name"] = item.title
        _put(out, "description", item.description)
        bullets = list(item.highlights)
        if bullets and bullets[-1].label == "Keywords":
            out["keywords"] = [k.strip() for k in bullets.pop().text.split(", ")]
        _put(out, "highlights", _bullets(bullets))
        out.update(_dates_out(item.dates))
        _put(out, "url", _link(item.links, "website"))
        roles, _, entity = (item.role or "").rpartition(" · ")
        _put(out, "roles", roles.split(", ") if roles else
             [r for r in entity.split(", ") if r] if entity else [])
        _put(out, "entity", entity if roles else None)
    return out


# --- the differences that extension keys keep ------------------------------------------------


def differences(original: dict[str, Any], back: dict[str, Any],
                ignore: tuple[str, ...] = ()) -> dict[str, Any]:
    """What to keep so that ``back`` becomes ``original``: changed and missing keys with
    their original values, keys ``back`` has in excess as ``None``."""
    kept = {k: v for k, v in original.items() if k not in ignore and back.get(k) != v}
    kept.update({k: None for k in back if k not in original and k not in ignore})
    return kept


def overlay(data: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """``data`` with ``patch`` applied (``None`` removes a key)."""
    out = dict(data)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def dump(model: Any) -> dict[str, Any]:
    """A schema object as plain data, for comparing (dates as written, defaults left out)."""
    return model.model_dump(mode="json", exclude_defaults=True, by_alias=True)


def validated(model: type[Any], data: dict[str, Any]) -> Any | None:
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError:
        return None

"""JSON Resume (v1, jsonresume.org) to cvtool data, and the item mappings both ways.

Each JSON Resume array becomes a section (``work`` -> Experience, ``volunteer`` ->
Volunteering, ``awards`` -> Awards, ...), each item an entry, field by field (``summary``
-> ``description``, ``studyType`` + ``area`` -> ``degree``, ``score`` -> ``grade``...).

Nothing is dropped. Whether a field survived is decided by mapping the entry back: every
JSON Resume field that the way back would not give again (a ``level``, a structured
address, a URL without a scheme) is kept under the entry's ``extensions: {jsonresume:
...}`` and reported; the exporter (:mod:`cvtool.renderers.jsonresume`) writes those back.
The other direction works the same way: what JSON Resume has no field for is written
under ``x-cvtool`` (per item, and in ``meta`` for the whole CV) and restored here.
A ``null`` in either means "absent", for a field the plain mapping would have added.
"""

from __future__ import annotations

import re
from typing import Any

from cvtool.schema import entries as e

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
EXTENSION = "jsonresume"  # key under `extensions:` in cvtool
X_CVTOOL = "x-cvtool"  # key in JSON Resume objects

# JSON Resume array -> (section title on import, cvtool section kind), in the schema's order.
ARRAYS: dict[str, tuple[str, str]] = {
    "work": ("Experience", "experience"),
    "volunteer": ("Volunteering", "experience"),
    "education": ("Education", "education"),
    "awards": ("Awards", "generic"),
    "certificates": ("Certificates", "generic"),
    "publications": ("Publications", "publication"),
    "skills": ("Skills", "skills"),
    "languages": ("Languages", "skills"),
    "interests": ("Interests", "skills"),
    "references": ("References", "generic"),
    "projects": ("Projects", "project"),
}
MODELS: dict[str, type[e.Selectable]] = {
    "experience": e.Experience, "education": e.Education, "generic": e.Generic,
    "publication": e.Publication, "skills": e.LabelledList, "project": e.Project,
}
IMPORT_DESIGN = {"dates": "short"}  # JSON Resume dates are ISO; show them as `Aug 2018`
PROFILES = {  # cvtool contact field -> (network name, profile URL prefix)
    "github": ("GitHub", "https://github.com/"),
    "linkedin": ("LinkedIn", "https://www.linkedin.com/in/"),
    "scholar": ("Google Scholar", "https://scholar.google.com/citations?user="),
    "orcid": ("ORCID", "https://orcid.org/"),
}
_NETWORKS = {"github": "github", "linkedin": "linkedin", "google scholar": "scholar",
             "googlescholar": "scholar", "scholar": "scholar", "orcid": "orcid"}
_ISO = re.compile(r"^[12]\d{3}(?:-[01]\d(?:-[0-3]\d)?)?$")
_HTTP = re.compile(r"^https?://\S+$", re.IGNORECASE)


# --- small pieces -------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _url(value: Any) -> str | None:
    return value if isinstance(value, str) and _HTTP.match(value) else None


def _dates_in(start: Any, end: Any) -> str | None:
    start = start if isinstance(start, str) and _ISO.match(start) else None
    end = end if isinstance(end, str) and _ISO.match(end) else None
    if start and end:
        return start if start == end else f"{start} – {end}"
    if start:
        return f"{start} – present"
    return end


def _dates_out(dates: Any) -> dict[str, str]:
    """A cvtool date range as startDate/endDate; a single date is both, `present` neither."""
    if dates is None:
        return {}
    start = dates.start.iso()
    if dates.end is None:
        return {"startDate": start, "endDate": start}
    return {"startDate": start} if dates.end.is_present else {
        "startDate": start, "endDate": dates.end.iso()}


def _link(links: dict[str, str], preferred: str) -> str | None:
    return links.get(preferred) or next(iter(links.values()), None)


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    if value not in (None, "", [], {}):
        out[key] = value


# --- items: JSON Resume -> cvtool -------------------------------------------------------------


def cv_item(array: str, jr: dict[str, Any]) -> dict[str, Any]:
    """One JSON Resume item as cvtool entry data (the plain mapping, no extensions)."""
    d: dict[str, Any] = {}
    if array in ("work", "volunteer"):
        d["organization"] = _text(jr.get("name" if array == "work" else "organization")) or ""
        _put(d, "positions", [jr["position"]] if _text(jr.get("position")) else [])
        _put(d, "location", _text(jr.get("location")))
        _put(d, "dates", _dates_in(jr.get("startDate"), jr.get("endDate")))
        _put(d, "description", _text(jr.get("summary")))
        _put(d, "highlights", _strings(jr.get("highlights")))
        _put(d, "links", {"website": _url(jr.get("url"))} if _url(jr.get("url")) else {})
    elif array == "education":
        d["institution"] = _text(jr.get("institution")) or ""
        study, area = _text(jr.get("studyType")), _text(jr.get("area"))
        _put(d, "degree", f"{study} in {area}" if study and area else study or area)
        _put(d, "dates", _dates_in(jr.get("startDate"), jr.get("endDate")))
        _put(d, "grade", _text(jr.get("score")))
        _put(d, "courses", _strings(jr.get("courses")))
        _put(d, "links", {"website": _url(jr.get("url"))} if _url(jr.get("url")) else {})
    elif array in ("awards", "certificates"):
        award = array == "awards"
        d["title"] = _text(jr.get("title" if award else "name")) or ""
        _put(d, "subtitle", _text(jr.get("awarder" if award else "issuer")))
        _put(d, "dates", _dates_in(jr.get("date"), jr.get("date")))
        _put(d, "description", _text(jr.get("summary")) if award else None)
        if not award and _url(jr.get("url")):
            d["links"] = {"website": jr["url"]}
    elif array == "references":
        d["title"] = _text(jr.get("name")) or ""
        _put(d, "description", _text(jr.get("reference")))
    elif array == "publications":
        d["title"] = _text(jr.get("name")) or ""
        d["authors"] = []
        _put(d, "venue", _text(jr.get("publisher")))
        d["kind"] = "other"
        released = jr.get("releaseDate")
        if isinstance(released, str) and re.fullmatch(r"\d{4}", released):
            d["year"] = int(released)
        elif isinstance(released, str) and _ISO.match(released):
            d["date"] = released
        _put(d, "links", {"paper": _url(jr.get("url"))} if _url(jr.get("url")) else {})
        _put(d, "abstract", _text(jr.get("summary")))
    elif array in ("skills", "interests"):
        _put(d, "label", _text(jr.get("name")))
        d["items"] = _strings(jr.get("keywords"))
    elif array == "languages":
        _put(d, "label", _text(jr.get("language")))
        d["items"] = [jr["fluency"]] if _text(jr.get("fluency")) else []
    elif array == "projects":
        d["title"] = _text(jr.get("name")) or ""
        _put(d, "role", ", ".join(_strings(jr.get("roles"))))
        _put(d, "dates", _dates_in(jr.get("startDate"), jr.get("endDate")))
        _put(d, "description", _text(jr.get("description")))
        _put(d, "highlights", _strings(jr.get("highlights")))
        _put(d, "links", {"website": _url(jr.get("url"))} if _url(jr.get("url")) else {})
    return d


# --- items: cvtool -> JSON Resume -------------------------------------------------------------


def jr_item(array: str, item: Any) -> dict[str, Any]:
    """One cvtool entry as a JSON Resume item of ``array`` (the plain mapping)."""
    out: dict[str, Any] = {}
    if isinstance(item, e.Experience):
        out["name" if array == "work" else "organization"] = item.organization
        _put(out, "location", item.location)
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
        else:
            out["name"] = item.title
            _put(out, "reference", item.description)
    elif isinstance(item, e.Publication):
        out["name"] = item.title
        _put(out, "publisher", item.venue)
        out["releaseDate"] = item.date.iso() if item.date else str(item.year_value)
        url = _link(item.links, "paper") or (f"https://doi.org/{item.doi}" if item.doi else None)
        _put(out, "url", url or (f"https://arxiv.org/abs/{item.arxiv}" if item.arxiv else None))
        _put(out, "summary", item.abstract)
    elif isinstance(item, e.LabelledList):
        if array == "languages":
            _put(out, "language", item.label)
            _put(out, "fluency", ", ".join(item.items))
        else:
            _put(out, "name", item.label)
            _put(out, "keywords", list(item.items))
    elif isinstance(item, e.Project):
        out["name"] = item.title
        _put(out, "description", item.description)
        _put(out, "highlights", _bullets(item.highlights))
        out.update(_dates_out(item.dates))
        _put(out, "url", _link(item.links, "website"))
        _put(out, "roles", [item.role] if item.role else [])
    return out


def _bullets(bullets: list[e.Bullet]) -> list[str]:
    return [f"{b.label}: {b.text}" if b.label else b.text for b in bullets]


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


def _validated(model: type[Any], data: dict[str, Any]) -> Any | None:
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError:
        return None


# --- basics ----------------------------------------------------------------------------------


def location_in(location: Any) -> str | None:
    if not isinstance(location, dict):
        return None
    parts = [_text(location.get(k)) for k in ("city", "region", "countryCode")]
    return ", ".join(p for p in parts if p) or None


def location_out(location: str) -> dict[str, str]:
    parts = [p.strip() for p in location.split(",") if p.strip()]
    if len(parts) >= 3 and re.fullmatch(r"[A-Z]{2,3}", parts[-1]):
        return {"city": parts[0], "region": ", ".join(parts[1:-1]), "countryCode": parts[-1]}
    out = {"city": parts[0]} if parts else {}
    if len(parts) > 1:
        out["region"] = ", ".join(parts[1:])
    return out


def basics_in(basics: dict[str, Any]) -> dict[str, Any]:
    """``basics`` as the top of a cvtool CV: name, headline, location, contact, summary."""
    from cvtool.localfiles import IMAGE_SUFFIXES

    data: dict[str, Any] = {"name": _text(basics.get("name")) or ""}
    _put(data, "headline", _text(basics.get("label")))
    _put(data, "location", location_in(basics.get("location")))
    contact: dict[str, Any] = {}
    _put(contact, "email", _text(basics.get("email")))
    _put(contact, "phone", _text(basics.get("phone")))
    _put(contact, "homepage", _url(basics.get("url")))
    links = []
    for profile in basics.get("profiles") or []:
        if not isinstance(profile, dict):
            continue
        network = (_text(profile.get("network")) or "").strip()
        field = _NETWORKS.get(network.casefold())
        value = _text(profile.get("username")) or _url(profile.get("url"))
        if field and value and field not in contact:
            contact[field] = value
        elif network and _url(profile.get("url")):
            links.append({"label": network, "url": profile["url"]})
    _put(contact, "links", links)
    _put(data, "contact", contact)
    image = _text(basics.get("image"))
    if image and not re.match(r"^[a-z][a-z0-9+.-]*:", image, re.IGNORECASE) and \
            image.lower().endswith(IMAGE_SUFFIXES) and ".." not in image.split("/"):
        data["photo"] = image
    _put(data, "summary", _text(basics.get("summary")))
    return data


def basics_out(cv: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": cv.name}
    _put(out, "label", cv.headline)
    _put(out, "image", cv.photo)
    contact = cv.contact
    _put(out, "email", contact.email)
    _put(out, "phone", contact.phone)
    _put(out, "url", contact.homepage)
    _put(out, "summary", cv.summary)
    if cv.location:
        out["location"] = location_out(cv.location)
    profiles = []
    for field in contact.in_order():
        if field in PROFILES:
            network, prefix = PROFILES[field]
            value = getattr(contact, field).removeprefix("https://orcid.org/")
            if _HTTP.match(value):
                profiles.append({"network": network, "url": value})
            else:
                profiles.append({"network": network, "username": value, "url": prefix + value})
        elif field == "links":
            profiles += [{"network": link.label, "url": link.url} for link in contact.links]
    _put(out, "profiles", profiles)
    return out


# --- the whole résumé ------------------------------------------------------------------------


def import_jsonresume(resume: Any) -> tuple[dict[str, Any], list[str]]:
    """A JSON Resume document as cvtool data, and notes on what was kept as extensions."""
    from cvtool.schema import Cv

    if not isinstance(resume, dict):
        raise ValueError("a JSON Resume is a JSON object")
    notes: list[str] = []
    meta = resume.get("meta") if isinstance(resume.get("meta"), dict) else {}
    restore = meta.get(X_CVTOOL) if isinstance(meta.get(X_CVTOOL), dict) else {}
    basics = resume.get("basics") if isinstance(resume.get("basics"), dict) else {}
    data = basics_in(basics)
    data["sections"] = _sections(resume, restore, notes)
    data["design"] = dict(IMPORT_DESIGN)
    data = overlay(data, {k: v for k, v in restore.items() if k not in ("sections", "order")})

    cv = _validated(Cv, data)
    extension: dict[str, Any] = {}
    if basics:
        back = basics_out(cv) if cv is not None else {}
        kept = differences(basics, back, ignore=(X_CVTOOL,))
        if kept:
            extension["basics"] = kept
            notes.append("basics: kept " + ", ".join(kept) + " (no cvtool field gives them "
                         "back as written)")
    if resume.get("$schema", SCHEMA_URL) != SCHEMA_URL:
        extension["$schema"] = resume["$schema"]
    meta_kept = {k: v for k, v in meta.items() if k != X_CVTOOL}
    if meta_kept:
        extension["meta"] = meta_kept
        notes.append("meta: kept " + ", ".join(meta_kept))
    for key, value in resume.items():
        if key not in ARRAYS and key not in ("basics", "meta", "$schema"):
            extension[key] = value
            notes.append(f"{key}: not a JSON Resume section; kept as it is")
    if extension:
        data["extensions"] = {**data.get("extensions", {}), EXTENSION: extension}
    return data, notes


def _sections(resume: dict[str, Any], restore: dict[str, Any],
              notes: list[str]) -> dict[str, Any]:
    settings = restore.get("sections") if isinstance(restore.get("sections"), dict) else {}
    sections: dict[str, dict[str, Any]] = {}
    for array, (title, kind) in ARRAYS.items():
        items = resume.get(array)
        if not isinstance(items, list):
            continue
        for index, jr in enumerate(items):
            if not isinstance(jr, dict):
                notes.append(f"{array}[{index}]: not an object; left out")
                continue
            item, key = _item_in(array, jr, title, kind, f"{array}[{index}]", notes)
            sections.setdefault(key, {"kind": kind, "entries": []})["entries"].append(item)
    ordered: dict[str, Any] = {}
    for key, setting in settings.items():  # the cvtool order, and sections JSON Resume lacks
        ordered[key] = {**setting, **({"entries": sections.pop(key)["entries"]}
                                      if key in sections else {})}
    ordered.update(sections)
    return {key: _short_section(key, value) for key, value in ordered.items()}


def _short_section(title: str, section: dict[str, Any]) -> Any:
    """``Title: [entries]`` when the title says the kind and there is nothing else to say."""
    from cvtool.schema.cv import infer_kind

    if set(section) <= {"kind", "entries"} and infer_kind(title) == section.get("kind"):
        return section.get("entries", [])
    return section


def _item_in(array: str, jr: dict[str, Any], title: str, kind: str, where: str,
             notes: list[str]) -> tuple[dict[str, Any], str]:
    restore = jr.get(X_CVTOOL) if isinstance(jr.get(X_CVTOOL), dict) else {}
    key = restore.get("section") if isinstance(restore.get("section"), str) else title
    item = overlay(cv_item(array, jr), {k: v for k, v in restore.items() if k != "section"})
    model = _validated(MODELS[kind], item)
    back = jr_item(array, model) if model is not None else {}
    kept = differences(jr, overlay(back, item.get("extensions", {}).get(EXTENSION, {})),
                       ignore=(X_CVTOOL,))
    if kept:
        extensions = dict(item.get("extensions", {}))
        extensions[EXTENSION] = {**extensions.get(EXTENSION, {}), **kept}
        item["extensions"] = extensions
        notes.append(f"{where}: kept {', '.join(kept)} under extensions.{EXTENSION}")
    return item, key


def jsonresume_yaml(text: str, file: str) -> tuple[str, list[str]]:
    """A JSON Resume file's text as cvtool YAML (headed by the schema comment), and notes.
    Raises :class:`~cvtool.errors.DiagnosticsError` when the JSON cannot be read."""
    import json

    from cvtool.errors import Diagnostic, DiagnosticsError, SourceLocation
    from cvtool.importers.yamlout import dump_yaml

    _check_limits(text, file)
    try:
        resume = json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise DiagnosticsError([Diagnostic("CV001", f"JSON syntax: {exc.msg}", location=(
            SourceLocation(file, exc.lineno, exc.colno)))]) from None
    except _LongNumber as exc:
        offset = max(text.find(exc.digits), 0)
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise DiagnosticsError([Diagnostic(
            "CV001", f"a number of {len(exc.digits):,} digits; put it in quotes if it is text",
            location=SourceLocation(file, line, column))]) from None
    if not isinstance(resume, dict):
        raise DiagnosticsError([Diagnostic("CV104", "a JSON Resume is a JSON object",
                                           location=SourceLocation(file, 1, 1))])
    _check_count(resume, file)
    data, notes = import_jsonresume(resume)
    header = [f"Imported from {file} (JSON Resume) by `cvtool import jsonresume`.",
              "Fields cvtool has no place for are kept under `extensions: {jsonresume: ...}`;",
              "`cvtool build -f jsonresume` writes them back."]
    return dump_yaml(data, header), notes


# JSON gets the limits a YAML source has (cvtool.loader): the size, before anything is
# parsed; the nesting, by counting brackets outside strings (json.loads recurses, and
# 100,000 `[` overflow the stack); the number of values, by an iterative walk.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?')
_BRACKETS = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


class _LongNumber(Exception):
    def __init__(self, digits: str) -> None:
        self.digits = digits


def _json_int(digits: str) -> int:
    """Python refuses to convert more than 4,300 digits (a ValueError with no position)."""
    from cvtool.loader import MAX_INT_DIGITS

    if len(digits) > MAX_INT_DIGITS:
        raise _LongNumber(digits)
    return int(digits)


def _check_limits(text: str, file: str) -> None:
    from cvtool.errors import Diagnostic, DiagnosticsError, SourceLocation
    from cvtool.loader import MAX_DEPTH, MAX_SOURCE_BYTES

    start = SourceLocation(file, 1, 1)
    if len(text) > MAX_SOURCE_BYTES:
        raise DiagnosticsError([Diagnostic(
            "CV003", f"the file is {len(text) / 2**20:.0f} MiB; a CV source may be at most "
            f"{MAX_SOURCE_BYTES // 2**20} MiB", location=start)])
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    structure = _JSON_STRING.sub("", text)
    depth = 0
    for match in re.finditer(r"[\[\]{}]", structure):
        depth += _BRACKETS[ord(match[0])]
        if depth > MAX_DEPTH:
            offset = _offset_in(text, structure, match.start())
            line = text.count("\n", 0, offset) + 1
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            raise DiagnosticsError([Diagnostic(
                "CV004", f"nesting deeper than {MAX_DEPTH} levels; a CV never needs this",
                location=SourceLocation(file, line, column))])


def _offset_in(text: str, structure: str, position: int) -> int:
    """Where the character at ``position`` of ``structure`` (the text without its
    strings) sits in ``text``."""
    removed = 0
    for match in _JSON_STRING.finditer(text):
        if match.start() - removed > position:
            break
        removed += match.end() - match.start()
    return position + removed


def _check_count(resume: Any, file: str) -> None:
    from cvtool.errors import Diagnostic, DiagnosticsError, SourceLocation
    from cvtool.loader import MAX_NODES

    count, stack = 0, [resume]
    while stack:
        item = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise DiagnosticsError([Diagnostic(
                "CV004", f"the document holds more than {MAX_NODES:,} values; a CV never "
                "needs this", location=SourceLocation(file, 1, 1))])
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)

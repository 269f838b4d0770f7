"""The field mappings of JSON Resume (v1) and cvtool, both ways, item by item.

Each JSON Resume array is a section (``work`` -> Experience, ``volunteer`` -> Volunteering,
``awards`` -> Awards, ...), each item an entry, field by field (``summary`` -> ``description``,
``studyType`` + ``area`` -> ``degree``, ``score`` -> ``grade``...). :mod:`.reading` and
:mod:`.writing` decide what survives a trip by mapping an item there and back with these.
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


def validated(model: type[Any], data: dict[str, Any]) -> Any | None:
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

"""``basics`` both ways: name, headline, location, contact and profiles, summary.

The rest of the résumé (its arrays, item by item) is :mod:`.mapping`'s.
"""

from __future__ import annotations

import re
from typing import Any

from cvtool.jsonresume.values import _HTTP, _first, _put, _rich, _text, web_url

PROFILES = {  # cvtool contact field -> (network name, profile URL prefix)
    "github": ("GitHub", "https://github.com/"),
    "linkedin": ("LinkedIn", "https://www.linkedin.com/in/"),
    "scholar": ("Google Scholar", "https://scholar.google.com/citations?user="),
    "orcid": ("ORCID", "https://orcid.org/"),
}
_NETWORKS = {"github": "github", "linkedin": "linkedin", "google scholar": "scholar",
             "googlescholar": "scholar", "scholar": "scholar", "orcid": "orcid"}


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
    _put(contact, "homepage", web_url(_first(basics, "url", "website")))
    links = []
    for profile in basics.get("profiles") or []:
        if not isinstance(profile, dict):
            continue
        network = (_text(profile.get("network")) or "").strip()
        field = _NETWORKS.get(network.casefold())
        value = _text(profile.get("username")) or web_url(profile.get("url"))
        if field and value and field not in contact:
            contact[field] = value
        elif network and web_url(profile.get("url")):
            links.append({"label": network, "url": web_url(profile["url"])})
    _put(contact, "links", links)
    _put(data, "contact", contact)
    image = _text(_first(basics, "image", "picture"))
    if image and not re.match(r"^[a-z][a-z0-9+.-]*:", image, re.IGNORECASE) and \
            image.lower().endswith(IMAGE_SUFFIXES) and ".." not in image.split("/"):
        data["photo"] = image
    summary, items = _rich(basics.get("summary"))
    _put(data, "summary", "; ".join(p for p in [summary, *items] if p))
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

"""The person at the head of a RenderCV CV: name, headline, photo and connections.

GitHub, LinkedIn, Google Scholar and ORCID become cvtool's contact fields; any other
network becomes a labelled link built from RenderCV's URL pattern for it and the user
name (Mastodon's ``@user@host`` becomes ``https://host/@user``); ``custom_connections``
with a URL become labelled links. A second e-mail address or website becomes a link too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cvtool.errors import Severity
from cvtool.importers.rendercv.entries import EXTENSION, text

if TYPE_CHECKING:
    from cvtool.importers.rendercv import Import

# RenderCV's URL patterns (its `social_network.py`), plus Twitter from RenderCV 1.x.
NETWORK_URLS = {
    "LinkedIn": "https://linkedin.com/in/", "GitHub": "https://github.com/",
    "GitLab": "https://gitlab.com/", "IMDB": "https://imdb.com/name/",
    "Instagram": "https://instagram.com/", "ORCID": "https://orcid.org/",
    "StackOverflow": "https://stackoverflow.com/users/",
    "ResearchGate": "https://researchgate.net/profile/", "YouTube": "https://youtube.com/@",
    "Google Scholar": "https://scholar.google.com/citations?user=", "Telegram": "https://t.me/",
    "WhatsApp": "https://wa.me/", "Leetcode": "https://leetcode.com/u/", "X": "https://x.com/",
    "Bluesky": "https://bsky.app/profile/", "Reddit": "https://reddit.com/user/",
    "Twitter": "https://twitter.com/",
}
CONTACT_FIELDS = {"GitHub": "github", "LinkedIn": "linkedin", "Google Scholar": "scholar",
                  "ORCID": "orcid"}
_HANDLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,98}$")
_MASTODON = re.compile(r"^@?([^@\s]+)@([^@\s/]+)$")
_URL = re.compile(r"^https?://\S+$")
_KNOWN = ("name", "headline", "location", "photo", "email", "phone", "website",
          "social_networks", "custom_connections", "sections")


def _values(value: Any) -> list[Any]:
    return [v for v in (value if isinstance(value, list) else [value]) if v is not None]


def person(job: Import, raw: dict[str, Any]) -> dict[str, Any]:
    cv: dict[str, Any] = {}
    contact: dict[str, Any] = {}
    links: list[dict[str, str]] = []
    kept: dict[str, Any] = {}
    name = text(raw.get("name"))
    if name:
        cv["name"] = name
        job.origins[("name",)] = ("cv", "name")
    else:
        job.problem("CV101", ("cv",), "the CV has no `name`; cvtool needs one",
                    hint="add `name:` under `cv:`")
    for key in ("headline", "location"):
        if (value := text(raw.get(key))) is not None:
            cv[key] = value
            job.origins[(key,)] = ("cv", key)
    for key, value in raw.items():
        where = ("cv", key)
        if value is None or key in ("name", "headline", "location", "sections"):
            continue
        if key == "photo":
            _photo(job, str(value), cv, kept)
        elif key in ("email", "website"):
            field, label = ("email", "Email") if key == "email" else ("homepage", "Website")
            for index, item in enumerate(_values(value)):
                at = (*where, index) if isinstance(value, list) else where
                if field not in contact:
                    contact[field] = text(item)
                    job.origins[("contact", field)] = at
                else:
                    url = f"mailto:{item}" if key == "email" else str(item)
                    job.origins[("contact", "links", len(links))] = at
                    links.append({"label": label, "url": url})
        elif key == "phone":
            phones = [str(text(p)).removeprefix("tel:") for p in _values(value)]
            contact["phone"] = phones[0]
            job.origins[("contact", "phone")] = where
            if phones[1:]:
                kept["phone"] = phones[1:]
                job.note(where, f"cvtool shows one phone number; the others are kept under "
                                f"extensions.{EXTENSION}.cv.phone")
        elif key == "social_networks":
            for index, network in enumerate(_values(value)):
                _network(job, (*where, index), network, contact, links, kept)
        elif key == "custom_connections":
            _custom(job, where, value, links, kept)
        else:
            kept[key] = value
            job.problem("CV100", where, f"`{key}` is not a RenderCV `cv` key cvtool knows; "
                        f"kept under extensions.{EXTENSION}.cv.{key}", Severity.WARNING,
                        hint="known: " + ", ".join(_KNOWN))
    if links:
        contact["links"] = links
    if contact:
        cv["contact"] = contact
    if kept:
        job.kept["cv"] = kept
    return cv


def _photo(job: Import, photo: str, cv: dict[str, Any], kept: dict[str, Any]) -> None:
    from pydantic import TypeAdapter, ValidationError

    from cvtool.schema.common import ImagePath

    try:
        TypeAdapter(ImagePath).validate_python(photo)
    except ValidationError as exc:
        kept["photo"] = photo
        reason = exc.errors()[0]["msg"]
        job.problem("CV110", ("cv", "photo"), f"{reason}; kept under "
                    f"extensions.{EXTENSION}.cv.photo", Severity.WARNING,
                    hint="copy the photo beside the new CV and set `photo:` by hand")
        return
    cv["photo"] = photo
    job.origins[("photo",)] = ("cv", "photo")
    job.note(("cv", "photo"), f"`{photo}` is relative to the RenderCV file: save the new CV "
                              "in the same folder (or copy the photo beside it)")


def _network(job: Import, where: tuple[Any, ...], network: Any, contact: dict[str, Any],
             links: list[dict[str, str]], kept: dict[str, Any]) -> None:
    if not isinstance(network, dict) or not network.get("network") or \
            network.get("username") is None:
        job.problem("CV101", where, "a social network needs `network` and `username`; kept "
                    f"under extensions.{EXTENSION}.cv.social_networks", Severity.WARNING)
        kept.setdefault("social_networks", []).append(network)
        return
    name, user = str(network["network"]), str(text(network["username"]))
    field = CONTACT_FIELDS.get(name)
    if field and field not in contact and (_HANDLE.match(user) or field == "orcid"):
        contact[field] = user
        job.origins[("contact", field)] = (*where, "username")
        return
    url = text(network.get("url"))  # RenderCV's custom networks carry their own URL
    if url is None and name == "Mastodon" and (match := _MASTODON.match(user)):
        url = f"https://{match[2]}/@{match[1]}"
    elif url is None and name in NETWORK_URLS:
        url = NETWORK_URLS[name] + user
    if url is None or not _URL.match(url):
        job.problem("CV105", (*where, "network"), f"no link is known for `{name}`; kept under "
                    f"extensions.{EXTENSION}.cv.social_networks", Severity.WARNING,
                    hint="RenderCV networks: " + ", ".join([*NETWORK_URLS, "Mastodon"]))
        kept.setdefault("social_networks", []).append(network)
        return
    job.origins[("contact", "links", len(links))] = where
    links.append({"label": name, "url": url})
    extra = {k: v for k, v in network.items() if k not in ("network", "username", "url")}
    if extra:
        kept.setdefault("social_networks", []).append(network)
        job.note(where, "kept " + ", ".join(extra) + f" under extensions.{EXTENSION}.cv")


def _custom(job: Import, where: tuple[Any, ...], value: Any, links: list[dict[str, str]],
            kept: dict[str, Any]) -> None:
    """``{placeholder, url, fontawesome_icon}``: a labelled link; the icons (and any
    connection without a link) are kept, since cvtool's themes choose their own icons."""
    for index, item in enumerate(_values(value)):
        at = (*where, index)
        label = text(item.get("placeholder")) if isinstance(item, dict) else None
        url = text(item.get("url")) if isinstance(item, dict) else None
        if label and url:
            job.origins[("contact", "links", len(links))] = at
            links.append({"label": label, "url": url})
        else:
            job.note(at, "a connection without a link (or a label) is not a cvtool contact; "
                         f"kept under extensions.{EXTENSION}.cv.custom_connections")
    kept["custom_connections"] = value
    job.note(where, f"the connections' icons are kept under extensions.{EXTENSION}.cv."
                    "custom_connections (cvtool's themes choose their own)")

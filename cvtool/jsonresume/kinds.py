"""The kinds of entry JSON Resume has an array for (awards, certificates, languages,
interests, references, volunteer) and those it has not (talks, teaching, grants, students,
memberships: ``projects`` with a ``type``; patents: ``publications``), both ways.

Only fields with a JSON Resume counterpart are mapped here; the rest (an award's
``amount``, a certificate's ``expires`` and ``id``, a talk's ``invited``...) travel under
``x-cvtool``, which :mod:`.writing` computes by mapping the entry there and back. Importing
a file another tool wrote accepts the field names people use besides the schema's
(``name`` for a language, ``role`` for a volunteer position); what is not read is kept
under ``extensions: {jsonresume: ...}`` by :mod:`.reading`.
"""

from __future__ import annotations

from typing import Any

from cvtool.jsonresume import values as v
from cvtool.schema import kinds as k

# cvtool kind -> the JSON Resume array it is written to.
ARRAY_OF: dict[str, str] = {
    "award": "awards", "certification": "certificates", "language": "languages",
    "interest": "interests", "reference": "references", "volunteering": "volunteer",
    "talk": "projects", "teaching": "projects", "grant": "projects",
    "supervision": "projects", "membership": "projects", "patent": "publications",
}
# The kinds written as `projects`, by the `type` they get there (also read from other
# tools' files: a project of type "talk" is a talk).
PROJECT_TYPES: dict[str, str] = {"talk": "talk", "teaching": "teaching", "grant": "grant",
                                 "supervision": "supervision", "membership": "membership"}
_TYPE_WORDS = {"talk": "talk", "presentation": "talk", "keynote": "talk", "lecture": "talk",
               "teaching": "teaching", "course": "teaching", "grant": "grant",
               "funding": "grant", "supervision": "supervision", "mentoring": "supervision",
               "membership": "membership"}
# The section title an imported entry of each kind gets when its array's own title would
# not say what it is (a talk among `projects`).
TITLES: dict[str, str] = {"talk": "Talks", "teaching": "Teaching", "grant": "Grants",
                          "supervision": "Supervision", "membership": "Memberships",
                          "patent": "Patents"}
KIND_OF_MODEL: dict[type, str] = {
    k.Award: "award", k.Certification: "certification", k.Language: "language",
    k.Interest: "interest", k.Reference: "reference", k.Volunteering: "volunteering",
    k.Talk: "talk", k.Teaching: "teaching", k.Grant: "grant", k.Supervision: "supervision",
    k.Membership: "membership", k.Patent: "patent",
}


def project_kind(jr: dict[str, Any]) -> str | None:
    """The cvtool kind a JSON Resume project's ``type`` names, if any."""
    kind = jr.get("type")
    return _TYPE_WORDS.get(kind.strip().casefold()) if isinstance(kind, str) else None


def _text(jr: dict[str, Any], *keys: str) -> str | None:
    return v._text(v._first(jr, *keys))


def _described(d: dict[str, Any], jr: dict[str, Any], *keys: str) -> None:
    """A summary or description (HTML allowed) as description and bullets."""
    text, items = v._rich(v._first(jr, *keys))
    v._put(d, "description", text)
    v._put(d, "highlights", items + v._rich_list(jr.get("highlights")))


# --- JSON Resume -> cvtool ------------------------------------------------------------------


def cv_entry(kind: str, jr: dict[str, Any]) -> dict[str, Any]:
    """One JSON Resume item as cvtool entry data of ``kind`` (one of :data:`ARRAY_OF`)."""
    d: dict[str, Any] = {}
    url = v.web_url(v._first(jr, "url", "website"))
    if kind == "award":
        d["title"] = _text(jr, "title", "name") or ""
        v._put(d, "awarder", _text(jr, "awarder", "issuer"))
        v._put(d, "date", v._dates_in(jr.get("date"), jr.get("date")))
        _described(d, jr, "summary", "description")
    elif kind == "certification":
        d["name"] = _text(jr, "name", "title") or ""
        v._put(d, "issuer", _text(jr, "issuer", "authority", "organization"))
        v._put(d, "date", v.read_date(jr.get("date"))[0])
        v._put(d, "url", url)
    elif kind == "language":
        d["language"] = _text(jr, "language", "name") or ""
        v._put(d, "fluency", _text(jr, "fluency", "level", "proficiency"))
    elif kind == "interest":
        d["name"] = _text(jr, "name") or ""
        v._put(d, "keywords", v._strings(jr.get("keywords")))
    elif kind == "reference":
        text, items = v._rich(jr.get("reference"))
        name = _text(jr, "name")
        # `{"reference": "Available upon request"}`: the text is the whole entry
        d["name"] = name or text or ""
        v._put(d, "description", text if name else None)
        v._put(d, "highlights", items)
    elif kind == "volunteering":
        d["organization"] = _text(jr, "organization", "name", "company") or ""
        v._put(d, "position", _text(jr, "position", "role"))
        v._put(d, "dates", v._dates_in(jr.get("startDate"), jr.get("endDate")))
        _described(d, jr, "summary", "description")
        v._put(d, "url", url)
    elif kind == "patent":
        d["title"] = _text(jr, "name", "title") or ""
        v._put(d, "date", v.read_date(jr.get("releaseDate"))[0])
        _described(d, jr, "summary")
        v._put(d, "links", {"website": url} if url else {})
    else:  # a project of a type cvtool has a kind for
        main = {"talk": "title", "teaching": "course", "grant": "title",
                "supervision": "name", "membership": "organization"}[kind]
        d[main] = _text(jr, "name") or ""
        roles = ", ".join(v._strings(jr.get("roles"))) or None
        entity = _text(jr, "entity")
        if kind == "talk":
            v._put(d, "event", entity)
        elif kind == "teaching":
            v._put(d, "role", roles)
            v._put(d, "institution", entity)
        elif kind == "grant":
            v._put(d, "funder", entity)
            v._put(d, "role", roles)
        elif kind == "membership":
            v._put(d, "role", roles)
        end = jr.get("endDate") if kind != "talk" or jr.get("endDate") else jr.get("startDate")
        v._put(d, "date" if kind == "talk" else "dates", v._dates_in(jr.get("startDate"), end))
        _described(d, jr, "description", "summary")
        v._put(d, "links", {"website": url} if url else {})
    return d


# --- cvtool -> JSON Resume ------------------------------------------------------------------


def _single(dates: Any) -> str | None:
    return dates.start.iso() if dates is not None else None


def jr_entry(item: Any) -> dict[str, Any]:
    """One cvtool entry of a kind in :data:`KIND_OF_MODEL` as a JSON Resume item (plain mapping)."""
    kind = KIND_OF_MODEL[type(item)]
    out: dict[str, Any] = {}
    put = v._put
    if kind == "award":
        out["title"] = item.title
        put(out, "date", _single(item.date))
        put(out, "awarder", item.awarder)
        put(out, "summary", item.description)
    elif kind == "certification":
        out["name"] = item.name
        put(out, "date", item.date.iso() if item.date else None)
        put(out, "issuer", item.issuer)
        put(out, "url", item.url)
    elif kind == "language":
        out["language"] = item.language
        put(out, "fluency", item.fluency)
    elif kind == "interest":
        out["name"] = item.name
        put(out, "keywords", list(item.keywords))
    elif kind == "reference":
        out["name"] = item.name
        put(out, "reference", item.description)
    elif kind == "volunteering":
        out["organization"] = item.organization
        put(out, "position", item.position)
        put(out, "url", item.url)
        out.update(v._dates_out(item.dates))
        put(out, "summary", item.description)
        put(out, "highlights", v._bullets(item.highlights))
    elif kind == "patent":
        out["name"] = item.title
        put(out, "releaseDate", _single(item.date))
        put(out, "url", v._link(item.links, "website"))
        put(out, "summary", item.description)
    else:
        names = {"talk": item.title if kind == "talk" else None,
                 "teaching": getattr(item, "course", None),
                 "grant": getattr(item, "title", None),
                 "supervision": getattr(item, "name", None),
                 "membership": getattr(item, "organization", None)}
        out["name"] = names[kind]
        put(out, "description", item.description)
        put(out, "highlights", v._bullets(item.highlights))
        out.update(v._dates_out(item.date if kind == "talk" else item.dates))
        put(out, "url", v._link(item.links, "website"))
        role = getattr(item, "role", None) if kind != "supervision" else None
        put(out, "roles", [role] if role else [])
        entity = {"talk": "event", "teaching": "institution", "grant": "funder"}.get(kind)
        put(out, "entity", getattr(item, entity) if entity else None)
        out["type"] = PROJECT_TYPES[kind]
    return out

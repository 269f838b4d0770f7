"""The header's contact line: each contact with its label, icon, shown text and link."""

from __future__ import annotations

import re

from cvtool.document.views import ContactView
from cvtool.i18n import ENGLISH, Words
from cvtool.schema import Cv


def _profile(value: str, base: str) -> tuple[str, str]:
    if value.startswith(("http://", "https://")):
        return value, value
    return f"{base.removeprefix('https://')}{value}", f"{base}{value}"


def contact_views(cv: Cv, said: Words = ENGLISH) -> tuple[ContactView, ...]:
    """The contacts in the order written; "E-mail", "Phone" and "Homepage" in ``said``'s
    language (GitHub, LinkedIn, Google Scholar and ORCID are names)."""
    c = cv.contact
    views: list[ContactView] = []
    for kind in c.in_order():
        if kind == "links":
            views.extend(ContactView("link", link.label, "🔗", link.url, link.url)
                         for link in c.links)
            continue
        value: str = getattr(c, kind)
        if kind == "email":
            views.append(ContactView(kind, said["contacts.email"], "✉", value, f"mailto:{value}"))
        elif kind == "phone":
            digits = re.sub(r"[^\d+]", "", value)
            views.append(ContactView(kind, said["contacts.phone"], "📞", value, f"tel:{digits}"))
        elif kind == "homepage":
            views.append(ContactView(kind, said["contacts.homepage"], "🏡", value, value))
        elif kind == "github":
            text, url = _profile(value, "https://github.com/")
            views.append(ContactView(kind, "GitHub", "", text, url))
        elif kind == "linkedin":
            text, url = _profile(value, "https://www.linkedin.com/in/")
            views.append(ContactView(kind, "LinkedIn", "", text, url))
        elif kind == "scholar":
            text, url = _profile(value, "https://scholar.google.com/citations?user=")
            views.append(ContactView(kind, "Google Scholar", "", text, url))
        elif kind == "orcid":
            orcid = value.removeprefix("https://orcid.org/")
            views.append(ContactView(kind, "ORCID", "", orcid, f"https://orcid.org/{orcid}"))
    return tuple(views)

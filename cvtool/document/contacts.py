"""The header's contact line: each contact with its label, icon, shown text and link.

A contact shows short text and links to the full address: a web address is shown without
its scheme, ``www.`` or trailing slash (``linkedin.com/in/zhiheng-li-ur``), the link keeps
it all. The icon is the name of a bundled icon (:mod:`cvtool.icons`), decoration that only
HTML and the PDFs draw; formats without icons show the label.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from cvtool.document.views import ContactView
from cvtool.i18n import ENGLISH, Words
from cvtool.schema import Cv

# A link's icon from its site (the host, without www.); any other link gets "link".
_SITE_ICONS = {"github.com": "brand-github", "gitlab.com": "brand-gitlab",
               "linkedin.com": "brand-linkedin", "x.com": "brand-x", "twitter.com": "brand-x",
               "bsky.app": "brand-bluesky", "orcid.org": "id", "scholar.google.com": "school"}


def short_url(url: str) -> str:
    """A web address as shown: no ``http(s)://``, no ``www.``, no trailing slash. Other
    links (``mailto:``) are returned unchanged."""
    if not url.lower().startswith(("http://", "https://")):
        return url
    rest = url.split("://", 1)[1]
    rest = rest[4:] if rest.lower().startswith("www.") else rest
    return rest.rstrip("/") or rest


def _site_icon(url: str) -> str:
    if url.lower().startswith("mailto:"):
        return "mail"
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    if host in _SITE_ICONS:
        return _SITE_ICONS[host]
    if "mastodon" in host or parts.path.startswith("/@"):
        return "brand-mastodon"  # mastodon.social/@name, fosstodon.org/@name
    return "link"


def _profile(value: str, base: str) -> tuple[str, str]:
    """A profile written as a user name or a full link: (shown text, link)."""
    url = value if value.startswith(("http://", "https://")) else f"{base}{value}"
    return short_url(url), url


def contact_views(cv: Cv, said: Words = ENGLISH) -> tuple[ContactView, ...]:
    """The contacts in the order written; "E-mail", "Phone" and "Homepage" in ``said``'s
    language (GitHub, LinkedIn, Google Scholar and ORCID are names)."""
    c = cv.contact
    views: list[ContactView] = []
    for kind in c.in_order():
        if kind == "links":
            views.extend(ContactView("link", link.label, _site_icon(link.url),
                                     short_url(link.url).removeprefix("mailto:"), link.url)
                         for link in c.links)
            continue
        value: str = getattr(c, kind)
        if kind == "email":
            views.append(ContactView(kind, said["contacts.email"], "mail", value,
                                     f"mailto:{value}"))
        elif kind == "phone":
            digits = re.sub(r"[^\d+]", "", value)
            views.append(ContactView(kind, said["contacts.phone"], "phone", value,
                                     f"tel:{digits}"))
        elif kind == "homepage":
            views.append(ContactView(kind, said["contacts.homepage"], "world",
                                     short_url(value), value))
        elif kind == "github":
            views.append(ContactView(kind, "GitHub", "brand-github",
                                     *_profile(value, "https://github.com/")))
        elif kind == "linkedin":
            views.append(ContactView(kind, "LinkedIn", "brand-linkedin",
                                     *_profile(value, "https://www.linkedin.com/in/")))
        elif kind == "scholar":
            # A Scholar address is an id in a query string: the name reads better.
            _, url = _profile(value, "https://scholar.google.com/citations?user=")
            views.append(ContactView(kind, "Google Scholar", "school", "Google Scholar", url))
        elif kind == "orcid":
            orcid = value.removeprefix("https://orcid.org/")
            views.append(ContactView(kind, "ORCID", "id", f"orcid.org/{orcid}",
                                     f"https://orcid.org/{orcid}"))
    return tuple(views)

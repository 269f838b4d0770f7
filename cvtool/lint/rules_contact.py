"""Rules about ways to reach the person: a phone number anyone can dial, and e-mail addresses
and links that are well-formed beyond what the schema checks (the schema refuses other
schemes and gross mistakes, CV106/CV108; these catch a host without a dot, an empty label,
a bad port)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from cvtool.errors import Diagnostic, Severity, format_path
from cvtool.lint.context import Context, Path_
from cvtool.lint.phone import to_e164
from cvtool.lint.registry import rule


@rule("CV412", "phone-e164", Severity.WARNING,
      "a phone number that cannot be normalised to E.164 (+ country code and number)")
def check_phone(ctx: Context) -> Iterator[Diagnostic]:
    phone = ctx.cv.contact.phone
    if phone is None:
        return
    result = to_e164(phone)
    if result.e164 is None:
        yield ctx.diagnostic(
            "CV412", f"`{phone}` is not an international number: {result.problem}",
            ("contact", "phone"), "write + and the country code first, e.g. +1 585 555 0199")


_LABEL = re.compile(r"^[^\W_](?:[\w-]{0,61}[^\W_])?$")
_LOCAL = re.compile(r"^[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*$")
_IPV4 = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")


def host_problem(host: str) -> str | None:
    """Why ``host`` cannot be a public host name, or None."""
    if _IPV4.match(host) or host.startswith("["):
        return None
    labels = host.rstrip(".").split(".")
    if len(labels) < 2:
        return f"the host `{host}` has no dot"
    bad = next((label for label in labels if not _LABEL.match(label)), None)
    if bad is not None:
        return "the host has an empty part" if not bad else f"the host part `{bad}` is malformed"
    if labels[-1].isdigit():
        return f"`{labels[-1]}` is not a top-level domain"
    return None


def email_problem(address: str) -> str | None:
    local, _, host = address.rpartition("@")
    if not _LOCAL.match(local):
        return f"the part before @ (`{local}`) is malformed"
    return host_problem(host)


def url_problem(url: str) -> str | None:
    if url.lower().startswith("mailto:"):
        return email_problem(url[7:].split("?")[0])
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError:
        return "the port is not a number from 0 to 65535"
    if parts.scheme.lower() not in ("http", "https"):
        return None  # other schemes are refused by the schema already
    if not parts.hostname:
        return "it has no host"
    return host_problem(parts.hostname)


_MARKUP_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|<((?:https?|mailto):[^\s<>]+)>")
# Braces and backslashes end a URL: ``\\url{https://...}`` and ``\\href{...}{...}`` in TeX.
_BARE_URL = re.compile(r"(?<![(<])https?://[^\s<>\"{}\\]*[^\s<>\"().,;:!?'\]}{\\]")
_PROFILES = frozenset({"github", "linkedin", "scholar", "orcid"})


def _urls(data: Any, path: Path_ = ()) -> list[tuple[Path_, str, str]]:
    """(path, kind, value) for every e-mail address and link written in the source."""
    found: list[tuple[Path_, str, str]] = []

    def visit(node: Any, at: Path_) -> None:
        items: Any
        if isinstance(node, dict):
            items = ((k, v) for k, v in node.items() if k != "extensions")
        elif isinstance(node, list):
            items = enumerate(node)
        else:
            return
        for key, value in items:
            if isinstance(value, str):
                _string_urls(at, key, value, found)
            elif isinstance(value, dict | list):
                visit(value, (*at, key))

    visit(data, path)
    return found


def _string_urls(at: Path_, key: Any, data: str,
                 found: list[tuple[Path_, str, str]]) -> None:
    """The links in one string, at ``(*at, key)``; most strings hold none, and cost one scan."""
    if at == ("contact",) and key == "email":
        found.append(((*at, key), "email", data))
    elif key in ("homepage", "url") or (at and at[-1] == "links") or (
            key in _PROFILES and data.startswith(("http://", "https://"))):
        found.append(((*at, key), "url", data))
    elif "](" in data or "http" in data or "mailto:" in data:
        path = (*at, key)
        for match in _MARKUP_LINK.finditer(data):
            found.append((path, "url", match[1] or match[2]))
        for match in _BARE_URL.finditer(data):
            found.append((path, "url", match[0]))


@rule("CV413", "malformed-link", Severity.ERROR,
      "an e-mail address or link the schema accepts but that cannot work (no dot in the "
      "host, an empty part, a bad port)")
def check_links(ctx: Context) -> Iterator[Diagnostic]:
    source = ctx.loaded.source
    for path, kind, value in _urls(ctx.loaded.data):
        problem = email_problem(value) if kind == "email" else url_problem(value)
        if problem:
            what = "e-mail address" if kind == "email" else "link"
            shown = value if len(value) <= 60 else value[:59] + "…"
            yield Diagnostic("CV413", f"{what} `{shown}` is malformed: {problem}",
                             Severity.ERROR, source.value_at(path), format_path(path))


# The rules of this module, listed in cvtool.lint.rules.
RULES = (
    check_phone,
    check_links,
)

"""The small pieces both directions of JSON Resume share: texts, lists, dates, links.

Values as other tools write them are read here: ISO dates, ``05/2019``, ``Aug 2018``,
``Present``; links with or without ``https://``; HTML in summaries (:mod:`.html`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from cvtool.schema import entries as e

_ISO = re.compile(r"^[12]\d{3}(?:-[01]\d(?:-[0-3]\d)?)?$")
_MONTH_YEAR = re.compile(r"^\s*(0?[1-9]|1[0-2])\s*/\s*([12]\d{3})\s*$")
_HTTP = re.compile(r"^https?://\S+$", re.IGNORECASE)


# --- small pieces -------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str) and v.strip()] if isinstance(value, list) else []


def _first(jr: dict[str, Any], *keys: str) -> Any:
    """The first of ``keys`` (the JSON Resume name, then older ones) with a value."""
    return next((jr[k] for k in keys if jr.get(k) not in (None, "", [], {})), None)


_BARE_HOST = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:[/?#]\S*)?$",
                        re.IGNORECASE)


def web_url(value: Any) -> str | None:
    """A link: as written when it is http(s), with ``https://`` before a bare host name
    (``github.com/ada``); anything else (a name, ``@user@host``) is no link."""
    if not isinstance(value, str):
        return None
    if _HTTP.match(value):
        return value
    return f"https://{value}" if _BARE_HOST.match(value) else None


def iso_date(value: Any) -> str | None:
    """``value`` when it is an ISO date (``2018``, ``2018-08``, ``2018-08-15``) that exists."""
    import calendar

    if not isinstance(value, str) or not _ISO.match(value):
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        return None
    if len(parts) > 2 and not 1 <= parts[2] <= calendar.monthrange(parts[0], parts[1])[1]:
        return None
    return value


PRESENT = frozenset({"present", "current", "now", "ongoing", "today"})


def read_date(value: Any) -> tuple[str | None, str | None]:
    """A JSON Resume date as an ISO date cvtool takes, and what was wrong with it. ISO
    dates that exist pass; other forms cvtool reads (``Aug 2018``) become ISO; an
    impossible day (``2024-09-31``) keeps its month; anything else is no date."""
    from cvtool.schema.dates import parse_date

    if value in (None, ""):
        return None, None
    if iso_date(value):
        return value, None
    month_year = _MONTH_YEAR.match(value) if isinstance(value, str) else None
    if month_year:  # `05/2019`, as résumé builders write it
        return f"{month_year[2]}-{int(month_year[1]):02d}", None
    shown = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and _ISO.match(value):
        month = value[:7]
        if iso_date(month):
            return month, f"{shown} is an impossible date; read as {month}"
        return None, f"{shown} is an impossible date; left out of the dates"
    try:
        date = parse_date(value)
    except Exception:  # a validation error: not a date cvtool reads
        return None, f"{shown} is not a date (YYYY, YYYY-MM or YYYY-MM-DD); left out"
    if date.is_present:
        return None, None
    return date.iso(), None


def _is_present(value: Any) -> bool:
    return isinstance(value, str) and value.strip().casefold() in PRESENT


def _dates_in(start: Any, end: Any) -> str | None:
    first, last = read_date(start)[0], read_date(end)[0]
    if first and last:
        return first if first == last else f"{first} – {last}"
    if first and end not in (None, "") and not _is_present(end):
        return first  # an end was given, but is no date: not `present`
    if first:
        return f"{first} – present"
    return last


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


def _rich(value: Any) -> tuple[str | None, list[str]]:
    """A text that may hold HTML, as inline markup, and the items of its HTML lists."""
    from cvtool.jsonresume.html import from_html

    text = _text(value)
    if text is None:
        return None, []
    converted, items = from_html(text)
    return converted or None, items


def _rich_list(values: Any) -> list[str]:
    out: list[str] = []
    for value in _strings(values):
        text, items = _rich(value)
        out += [text] if text else []
        out += items
    return out


def _bullets(bullets: list[e.Bullet]) -> list[str]:
    return [f"{b.label}: {b.text}" if b.label else b.text for b in bullets]

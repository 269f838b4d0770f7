"""Dates as the CV shows them: as written, ``Aug 2018``, ``August 2018`` or ``2018-08``."""

from __future__ import annotations

import calendar

from cvtool.i18n import words
from cvtool.schema import CvDate, DateRange


def format_date(date: CvDate, style: str, lang: str = "en") -> str:
    """``lang``: the language built (its word for "present", from :mod:`cvtool.i18n`; an
    English build keeps "present" as written)."""
    if date.is_present:
        said = words(lang)
        return (date.written or said["dates.present"]) if said.is_english \
            else said["dates.present"]
    if style == "as-written" and date.written:
        return date.written
    if style == "numeric":
        return date.iso()
    assert date.year is not None
    if date.month is None:
        return str(date.year)
    names = calendar.month_name if style == "long" else calendar.month_abbr
    month = names[date.month]
    return f"{month} {date.day}, {date.year}" if date.day else f"{month} {date.year}"


def format_dates(dates: DateRange | None, style: str, lang: str = "en") -> str:
    if dates is None:
        return ""
    start = format_date(dates.start, style, lang)
    return f"{start} – {format_date(dates.end, style, lang)}" if dates.end else start

"""Calendar dates as CV authors write them: ``2018``, ``2018-08``, ``2018-08-15``,
``Aug 2018``, ``Jul 4, 2022`` and ``present``; and ranges of two of them.

A date keeps the text it was written as, so a theme can show it exactly as written, while
ordering and checks use the parsed numbers. Errors are raised as ``PydanticCustomError`` so
that they surface as located diagnostics with a clear sentence ("month 13 ...").
"""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass
from typing import Any

from pydantic_core import PydanticCustomError

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

PRESENT_WORDS = frozenset({"present", "now", "current", "today", "ongoing"})

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")
_RANGE_SEPARATOR = re.compile(r"\s+(?:-|–|—|to|until)\s+|\s*[–—]\s*")


@dataclass(frozen=True)
class CvDate:
    """A date with year, month or day precision, or the open end ``present``."""

    year: int | None
    month: int | None = None
    day: int | None = None
    written: str = ""

    @property
    def is_present(self) -> bool:
        return self.year is None

    def lower_key(self) -> tuple[int, int, int]:
        """Earliest day this date may mean (present sorts after every real date)."""
        if self.year is None:
            return (9999, 12, 31)
        return (self.year, self.month or 1, self.day or 1)

    def upper_key(self) -> tuple[int, int, int]:
        """Latest day this date may mean: ``2018`` ends on 2018-12-31."""
        if self.year is None:
            return (9999, 12, 31)
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return (self.year, month, day)

    def iso(self) -> str:
        if self.year is None:
            return "present"
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def __str__(self) -> str:
        return self.written or self.iso()


@dataclass(frozen=True)
class DateRange:
    """``start`` alone is a point in time (a paper, an award); with ``end`` it is a span."""

    start: CvDate
    end: CvDate | None = None

    @property
    def sort_key(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        end = self.end or self.start
        return (end.upper_key(), self.start.lower_key())

    def __str__(self) -> str:
        return f"{self.start} – {self.end}" if self.end else str(self.start)


def _error(message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError("cv_date", message, context or None)


def _month_number(name: str) -> int:
    month = MONTHS.get(name.lower())
    if month is None:
        close = difflib.get_close_matches(name.lower(), list(MONTHS), n=1, cutoff=0.6)
        hint = f"; did you mean `{close[0].capitalize()}`?" if close else ""
        raise _error("`{name}` is not a month name" + hint, name=name)
    return month


def _checked(year: int, month: int | None, day: int | None, written: str) -> CvDate:
    if not 1000 <= year <= 2999:
        raise _error("year {year} is out of range (1000-2999)", year=year)
    if month is not None and not 1 <= month <= 12:
        raise _error("month {month} is not a month (1-12)", month=month)
    if day is not None:
        assert month is not None
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise _error(
                "day {day} does not exist in {month} (it has {last} days)",
                day=day,
                month=f"{year}-{month:02d}",
                last=last,
            )
    return CvDate(year, month, day, written)


def parse_date(value: Any) -> CvDate:
    """Parse one date; raise a located-ready error naming exactly what is wrong."""
    if isinstance(value, CvDate):
        return value
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _error("a date must be text such as `2018-08`, `Aug 2018` or `present`")
    if isinstance(value, int):
        return _checked(value, None, None, str(value))
    text = " ".join(value.split())
    if not text:
        raise _error("the date is empty")
    if text.lower() in PRESENT_WORDS:
        return CvDate(None, written=text[0].upper() + text[1:])
    if match := _ISO.match(text):
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        return _checked(year, month, day, "")
    if match := _MONTH_YEAR.match(text):
        return _checked(int(match[2]), _month_number(match[1]), None, text)
    if match := _MONTH_DAY_YEAR.match(text):
        return _checked(int(match[3]), _month_number(match[1]), int(match[2]), text)
    if match := _DAY_MONTH_YEAR.match(text):
        return _checked(int(match[3]), _month_number(match[2]), int(match[1]), text)
    raise _error(
        "`{text}` is not a date; write `2018`, `2018-08`, `2018-08-15`, `Aug 2018` or `present`",
        text=text,
    )


def parse_range(value: Any) -> DateRange:
    """Parse ``"Aug 2018 – Jul 2023"``, a single date, or ``{start: ..., end: ...}``."""
    if isinstance(value, DateRange):
        return value
    if isinstance(value, dict):
        unknown = set(value) - {"start", "end"}
        if unknown or "start" not in value:
            raise _error("a date range mapping takes `start` and optionally `end`")
        start = parse_date(value["start"])
        end = parse_date(value["end"]) if value.get("end") is not None else None
    elif isinstance(value, str) and len(parts := _RANGE_SEPARATOR.split(value.strip())) == 2:
        start, end = parse_date(parts[0]), parse_date(parts[1])
    else:
        start, end = parse_date(value), None
    if start.is_present:
        raise _error("a range cannot start at `present`")
    if end is not None and end.upper_key() < start.lower_key():
        raise PydanticCustomError(
            "cv_date_order",
            "end date {end} is before start {start}",
            {"end": end.iso(), "start": start.iso()},
        )
    return DateRange(start, end)

"""Dates as the CV shows them, in the language built (a BCP 47 tag: ``de``, ``zh-Hant``).

Styles (``design: {dates: ...}``):

* ``as-written`` (the default): the text as the source has it; a date written in ISO form
  (``2018-08``) in the short style. In a CV built in several languages this is ``short``,
  so that a German build does not show ``Mar 2021`` (see :func:`resolved_style`);
* ``short``: CLDR's abbreviated month, in the locale's order (``Mar 2021``, ``März 2021``,
  ``mars 2021``, ``2021年3月``, ``2021년 3월``);
* ``long``: the month's full name (``March 2021``, ``marzo de 2021``);
* ``numeric``: month and year as the locale writes them in numbers (``03.2021`` in German,
  ``03/2021`` in French, ``2021/03`` in Japanese); ISO 8601 (``2021-03``) in English,
  which has no one numeric order (``03/2021`` or ``3/2021``, month-first or day-first).

The open end is the language's word for "present"; the two ends are joined as CLDR's interval
format joins them (`` – `` in most languages, ``～`` in Japanese, ``~`` in Korean, `` — `` in
Russian, ``至`` in Traditional Chinese), with plain spaces where CLDR has thin ones.
Months, orders and separators come from Babel's CLDR data.
"""

from __future__ import annotations

import datetime
import functools
import re

from babel import Locale, UnknownLocaleError
from babel.dates import format_interval, format_skeleton

from cvtool.i18n import words
from cvtool.schema import CvDate, DateRange


@functools.cache
def locale_of(lang: str) -> Locale:
    """Babel's locale for a BCP 47 tag; its language alone when CLDR lacks the region or
    script, English when it lacks the language."""
    for tag in (lang, lang.split("-")[0], "en"):
        try:
            return Locale.parse(tag, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    raise AssertionError("CLDR has English")


def present_word(lang: str) -> str:
    """The word for the open end of a range in ``lang`` ("heute"), from cvtool's words
    (:mod:`cvtool.i18n`: ``pt-BR`` reads ``pt``)."""
    return words(lang)["dates.present"]


def resolved_style(style: str, multilingual: bool = False) -> str:
    """The style dates are formatted in: ``as-written`` is ``short`` when the CV is built
    in more than one language (a date is written in one language, but shown in each)."""
    return "short" if style == "as-written" and multilingual else style


@functools.cache
def range_separator(lang: str) -> str:
    """What joins the two ends of a range: CLDR's interval format, where it simply puts a
    separator between two dates (`` – `` for most languages, ``～`` in Japanese)."""
    locale = locale_of(lang)
    start, end = datetime.date(2021, 3, 1), datetime.date(2023, 7, 1)
    whole = format_interval(start, end, "yMMM", locale=locale)
    first, last = (format_skeleton("yMMM", d, locale=locale) for d in (start, end))
    if whole.startswith(first) and whole.endswith(last) and len(whole) > len(first + last):
        # CLDR's thin spaces (`` – ``) become plain ones, as cvtool has always written
        return re.sub(r"[\u2009\u202f]", " ", whole[len(first):len(whole) - len(last)])
    return " – "


@functools.cache
def _numeric_pattern(lang: str, with_day: bool) -> tuple[tuple[str, str], ...]:
    """The locale's short numeric date (``dd.MM.yy``) as (field, text) pieces: ``y``, ``M``,
    ``MM``, ``d``, ``dd`` or a literal (field ""); without the day, the day and the
    separator next to it are left out (``MM.y``)."""
    pattern = locale_of(lang).date_formats["short"].pattern
    pieces = [(m[1], "") if m[1] else ("", m[2])
              for m in re.finditer(r"(y+|M+|d+)|([^yMd]+)", pattern)]
    if not with_day:
        at = next(i for i, (f, _) in enumerate(pieces) if f.startswith("d"))
        neighbour = at + 1 if at == 0 else at - 1
        pieces = [p for i, p in enumerate(pieces) if i not in (at, neighbour)]
    return tuple(pieces)


def _numeric(date: CvDate, lang: str) -> str:
    assert date.year is not None and date.month is not None
    if locale_of(lang).language == "en":
        return date.iso()
    values = {"y": date.year, "M": date.month, "d": date.day or 0}
    out = []
    for name, literal in _numeric_pattern(lang, date.day is not None):
        if not name:
            out.append(literal)
        elif name[0] == "y":
            out.append(f"{date.year:04d}")
        else:
            out.append(f"{values[name[0]]:0{len(name)}d}")
    return "".join(out)


_SKELETONS = {("short", False): "yMMM", ("short", True): "yMMMd",
              ("long", False): "yMMMM", ("long", True): "yMMMMd"}


def format_date(date: CvDate, style: str, lang: str, *, multilingual: bool = False) -> str:
    """One date in ``lang`` and ``style`` (``as-written``, ``short``, ``long``,
    ``numeric``); ``multilingual``: the CV is built in more than one language."""
    style = resolved_style(style, multilingual)
    if date.is_present:  # as written only where it is the language built's own word
        english = locale_of(lang).language == "en"
        return (date.written if style == "as-written" and english else "") \
            or present_word(lang)
    if style == "as-written" and date.written:
        return date.written
    assert date.year is not None
    locale = locale_of(lang)
    day = datetime.date(date.year, date.month or 1, date.day or 1)
    if date.month is None:
        return str(date.year) if style == "numeric" else format_skeleton("y", day,
                                                                           locale=locale)
    if style == "numeric":
        return _numeric(date, lang)
    skeleton = _SKELETONS["long" if style == "long" else "short", date.day is not None]
    return format_skeleton(skeleton, day, locale=locale)


def format_dates(dates: DateRange | CvDate | None, style: str, lang: str, *,
                 multilingual: bool = False) -> str:
    """A date or a range, its ends joined as ``lang`` joins them (``März 2021 – heute``)."""
    if dates is None:
        return ""
    if isinstance(dates, CvDate):
        return format_date(dates, style, lang, multilingual=multilingual)
    start = format_date(dates.start, style, lang, multilingual=multilingual)
    if dates.end is None:
        return start
    end = format_date(dates.end, style, lang, multilingual=multilingual)
    separator = range_separator(lang)
    if separator.strip() and end.startswith(separator.strip()):
        separator = " – "  # 至 before 至今 (Traditional Chinese)
    return f"{start}{separator}{end}"

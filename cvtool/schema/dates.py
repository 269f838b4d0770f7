"""Calendar dates as CV authors write them, in any language cvtool ships; and ranges of two.

Accepted, whatever the CV's language (the parser does not need to know it):

* ISO: ``2018``, ``2018-08``, ``2018-08-15``;
* a month name or abbreviation from CLDR (through Babel) in any shipped language, before
  the year, with an optional day: ``Aug 2018``, ``März 2021``, ``mars 2021``, ``Sept. 2020``,
  ``mayo de 2021``, ``сентябрь 2020`` and ``сентября 2020``, ``Jul 4, 2022``,
  ``4 Jul 2022``, ``15. März 2021``, ``15 de marzo de 2021``; names without their accents
  (``Marz``, ``fevrier``) too;
* numbers: ``10.2015``, ``03/2021`` and ``3-2021`` are month and year; ``2021/03``,
  ``2021.03`` and ``2021. 3.`` are year and month; ``15.03.2021`` is day.month.year (as in
  German), ``2021/03/15`` and ``2021.03.15`` year/month/day. ``01/02/2021`` is rejected: it
  is 1 February in Europe and January 2 in the United States;
* CJK: ``2021年3月``, ``2021年3月15日``, ``2021년 3월``, ``2021년``;
* the open end in every shipped language: ``present``, ``now``, ``heute``, ``bis heute``,
  ``aujourd'hui``, ``actualidad``, ``presente``, ``至今``, ``現在``, ``현재``,
  ``настоящее время``, ``حتى الآن``, ``היום``...

A range is two dates joined by ``–``, ``—``, `` - ``, ``~``, ``〜``, ``至``, ``to``, ``bis``,
``à``, ``a``, ``até``, ``по``, ``до``, ``עד``, ``إلى`` (``2019-2021`` too), or a mapping
``{start: ..., end: ...}``.

A date keeps the text it was written as, so a theme can show it exactly as written, while
ordering and checks use the parsed numbers. Errors are raised as ``PydanticCustomError`` so
that they surface as located diagnostics (CV103) with a clear sentence ("month 13 ...").
"""

from __future__ import annotations

import calendar
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from pydantic_core import PydanticCustomError

from cvtool.i18n import available, present_in

LANGUAGES = tuple(dict.fromkeys(["en", *(tag.split("-")[0] for tag in available())]))
"""The languages whose month names and words for "present" the parser knows: those cvtool
has words for (:mod:`cvtool.i18n`), so that adding a language's file teaches the parser its
months (from CLDR) and its word for present too."""

PRESENT_WORDS = {
    "en": ("present", "now", "current", "today", "ongoing"),
    "de": ("heute", "bis heute", "jetzt", "derzeit", "aktuell", "laufend", "gegenwärtig"),
    "fr": ("aujourd'hui", "à aujourd'hui", "présent", "à présent", "ce jour", "à ce jour",
           "en cours", "actuel"),
    "es": ("actualidad", "la actualidad", "presente", "el presente", "hoy", "actual",
           "en curso"),
    "it": ("oggi", "ad oggi", "a oggi", "presente", "in corso", "attuale"),
    "pt": ("atual", "actual", "atualmente", "presente", "o presente", "hoje", "até hoje",
           "em curso", "o momento"),
    "zh": ("至今", "现在", "現在", "目前", "今"),
    "ja": ("現在", "至今", "今"),
    "ko": ("현재", "지금"),
    "ar": ("حتى الآن", "الآن", "الحاضر", "حاليا", "حالياً"),
    "he": ("היום", "עד היום", "כיום", "הווה", "עד הווה"),
    "ru": ("настоящее время", "по настоящее время", "наст. время", "н. в.", "н.в.",
           "сейчас", "по н. в."),
}
"""Words for the open end of a range, by language (matched case-insensitively)."""

_PRESENT = {unicodedata.normalize("NFKC", w).casefold().replace("’", "'"): lang
            for lang, words in (*((lang, (present_in(lang),)) for lang in LANGUAGES),
                                *PRESENT_WORDS.items()) for w in words}

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[./-](\d{4})$")  # 10.2015, 03/2021, 3-2021
_YEAR_MONTH = re.compile(r"^(\d{4})[./] ?(\d{1,2})\.?$")  # 2021/03, 2021.03, 2021. 3.
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\. ?(\d{1,2})\. ?(\d{4})$")  # 15.03.2021
_YEAR_MONTH_DAY = re.compile(r"^(\d{4})([./]) ?(\d{1,2})\2 ?(\d{1,2})\.?$")  # 2021/03/15
_AMBIGUOUS = re.compile(r"^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$")  # 01/02/2021
_CJK = re.compile(r"^(\d{4}) ?[年년](?: ?(\d{1,2}) ?[月월](?: ?(\d{1,2}) ?[日일])?)?$")
_YEAR_TOKEN = re.compile(r"^(\d{4})(?:г\.?)?$")  # 2021, and Russian 2021г.
_DAY_TOKEN = re.compile(r"^(\d{1,2})(?:\.|er|º|°)?$")  # 15, 15. (de), 1er (fr), 1º (es, pt)
_FILLERS = frozenset({"de", "del", "г.", "г", "года", "год"})  # mayo de 2021, 2021 г.
_RANGE_SEPARATOR = re.compile(
    r"\s+(?:-|to|until|till|bis|à|au|a|até|по|до|עד|إلى)\s+"
    r"|\s*(?:[–—~〜～]|至(?!今))\s*"
    r"|(?<![\s–—~〜～-])(?=至今)")  # 2021年3月至今


@dataclass(frozen=True)
class CvDate:
    """A date with year, month or day precision, or the open end ``present``.

    ``written``: the text as written ("" for ISO dates, which are shown in the short style);
    ``form``: how it was written, for the mixed-styles lint rule: ``iso``, ``numeric``,
    ``cjk``, ``abbreviated``, ``full`` or ``either`` (a name that is both, such as ``May``),
    with `` (day first)`` when the day comes first; "" for a bare year and ``present``."""

    year: int | None
    month: int | None = None
    day: int | None = None
    written: str = ""
    form: str = field(default="", compare=False)

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


def _key(text: str) -> str:
    """What a word is looked up by: compatibility forms folded (full-width digits, ``～``),
    case folded, typographic apostrophes made plain."""
    return unicodedata.normalize("NFKC", text).casefold().replace("’", "'")


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c))


@dataclass(frozen=True)
class MonthName:
    month: int
    written: str  # as CLDR spells it, for suggestions
    languages: tuple[str, ...]
    abbreviated: bool
    full: bool


@functools.cache
def month_names() -> dict[str, MonthName]:
    """Every shipped language's month names and abbreviations (CLDR's format and stand-alone
    forms, so Russian ``сентябрь`` and ``сентября``), by looked-up key without the final dot;
    English's ``Sept`` and every Latin name without its accents (``Marz``) too. No key means
    two different months (checked by the tests)."""
    from babel import Locale  # CLDR's data is loaded only when a date has a month name

    found: dict[str, dict[str, Any]] = {}

    def add(name: str, month: int, lang: str, width: str) -> None:
        key = _key(name).rstrip(".")
        for k in {key, _unaccented(key), key.rstrip("׳'")} - {""}:
            entry = found.setdefault(k, {"month": month, "written": name, "languages": [],
                                         "widths": set()})
            if lang not in entry["languages"]:
                entry["languages"].append(lang)
            entry["widths"].add(width)

    for lang in LANGUAGES:
        months = Locale.parse(lang).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for month, name in months[context][width].items():
                    if not _key(name).rstrip(".").isdigit() and not re.search(r"\d", name):
                        add(name, month, lang, width)
    add("Sept", 9, "en", "abbreviated")
    return {k: MonthName(v["month"], v["written"], tuple(v["languages"]),
                         "abbreviated" in v["widths"], "wide" in v["widths"])
            for k, v in found.items()}


def _month(token: str) -> MonthName | None:
    names = month_names()
    key = _key(token).rstrip(".")
    for candidate in (key, key.rstrip("׳'"), key[1:] if key.startswith("ב") else ""):
        if candidate in names:
            return names[candidate]
    return None


def _not_a_month(token: str) -> PydanticCustomError:
    names = month_names()
    key = _key(token).rstrip(".")

    def likeness(candidate: str) -> tuple[float, bool, bool]:
        """How close a name is; ties go to the same first letter, then to English."""
        ratio = difflib.SequenceMatcher(None, key, candidate).ratio()
        return (round(ratio, 3), candidate[:1] == key[:1], "en" in names[candidate].languages)

    best = max(names, key=likeness)
    hint = ""
    if likeness(best)[0] >= 0.6:
        name = names[best]
        written = name.written.rstrip(".")
        where = "" if "en" in name.languages else f" ({name.languages[0]})"
        hint = f"; did you mean `{written[0].upper() + written[1:]}`{where}?"
    return _error("`{name}` is not a month name" + hint, name=token)


def _checked(year: int, month: int | None, day: int | None, written: str,
             form: str = "") -> CvDate:
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
    return CvDate(year, month, day, written, form if month else "")


def _numbers(text: str) -> CvDate | None:
    """The numeric and CJK forms, or None."""
    if match := _ISO.match(text):
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        return _checked(year, month, day, "", "iso")
    if match := _AMBIGUOUS.match(text):
        raise _error("`{text}` is ambiguous (day/month or month/day); write it as "
                     "`{iso}` (year-month-day)", text=text,
                     iso=f"{match[4]}-{int(match[3]):02d}-{int(match[1]):02d}")
    written = text
    if match := _MONTH_YEAR.match(text):
        return _checked(int(match[2]), int(match[1]), None, written, "numeric")
    if match := _YEAR_MONTH.match(text):
        return _checked(int(match[1]), int(match[2]), None, written, "numeric")
    if match := _DAY_MONTH_YEAR.match(text):
        return _checked(int(match[3]), int(match[2]), int(match[1]), written, "numeric")
    if match := _YEAR_MONTH_DAY.match(text):
        return _checked(int(match[1]), int(match[3]), int(match[4]), written, "numeric")
    if match := _CJK.match(text):
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        return _checked(year, month, day, written, "cjk")
    return None


def _words(text: str, written: str) -> CvDate | None:
    """A month name with a year and maybe a day: ``März 2021``, ``Jul 4, 2022``,
    ``15 de marzo de 2021``; None when the text has another shape."""
    tokens = [t for t in text.replace(",", " ").split() if _key(t) not in _FILLERS]
    shape = "".join("Y" if _YEAR_TOKEN.match(t) else "D" if _DAY_TOKEN.match(t)
                    else "M" for t in tokens)
    if shape not in ("MY", "MDY", "DMY"):
        return None
    name_at = shape.index("M")
    name = _month(tokens[name_at])
    if name is None:
        raise _not_a_month(tokens[name_at])
    year = int(_YEAR_TOKEN.match(tokens[-1])[1])  # type: ignore[index]
    day = None
    if shape != "MY":
        day = int(_DAY_TOKEN.match(tokens[1 - name_at])[1])  # type: ignore[index]
    form = ("either" if name.abbreviated and name.full
            else "abbreviated" if name.abbreviated else "full")
    return _checked(year, name.month, day, written,
                    form + (" (day first)" if shape == "DMY" else ""))


_FORMS = ("write `2018`, `2018-08-15`, `Aug 2018`, `03/2021`, `2021年3月` or `present` "
          "(month names and `present` in any of " + ", ".join(LANGUAGES) + ")")


def parse_date(value: Any) -> CvDate:
    """Parse one date; raise a located-ready error naming exactly what is wrong."""
    if isinstance(value, CvDate):
        return value
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _error("a date must be text such as `2018-08`, `Aug 2018` or `present`")
    if isinstance(value, int):
        return _checked(value, None, None, str(value))
    written = " ".join(value.split())
    if not written:
        raise _error("the date is empty")
    text = " ".join(unicodedata.normalize("NFKC", written).split())
    key = _key(text)
    if key in _PRESENT or key.rstrip(".") in _PRESENT:
        if _PRESENT.get(key, _PRESENT.get(key.rstrip("."))) == "en":
            written = written[0].upper() + written[1:]  # `present` is shown as `Present`
        return CvDate(None, written=written)
    date = _numbers(text) or _words(text, written)
    if date is None:
        raise _error("`{text}` is not a date; " + _FORMS, text=written)
    return date


def _split_range(text: str) -> list[str] | None:
    """The two sides of a written range, or None for a single date."""
    parts = [p for p in _RANGE_SEPARATOR.split(text.strip())
             if p.strip()]
    if len(parts) == 2:
        return parts
    if len(parts) == 1 and "-" in text and not _ISO.match(text.strip()):
        for at in (i for i, c in enumerate(text) if c == "-"):  # 2019-2021, 10.2015-03.2018
            try:
                parse_date(text[:at]), parse_date(text[at + 1:])
            except PydanticCustomError:
                continue
            return [text[:at], text[at + 1:]]
    return None


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
    elif isinstance(value, str) and (parts := _split_range(value)):
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

"""The words cvtool prints itself, in the language being built.

One TOML file per language in ``cvtool/locales`` (``de.toml``, ``zh.toml``, ...), read
with the standard library and cached; ``en.toml`` is the reference every other file
follows, key for key and placeholder for placeholder (a test checks). A language tag
(BCP 47) finds the nearest file: ``zh-Hant-TW`` tries ``zh-hant-tw``, ``zh-hant``, then
``zh`` (and ``zh-TW`` is read as ``zh-Hant-TW``); ``pt-BR`` finds ``pt``; a language with
no file gets English (:func:`is_known` says whether it had one, for a warning). Adding a
language is adding a file.

This module knows nothing of CVs: the document layer asks it for words
(``words(doc_lang)["publications.journal"]``), renderers receive them already chosen.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path

LOCALES = Path(__file__).parent / "locales"
DEFAULT = "en"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_TAG = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")
# Regions whose language is written in another script than its default, when a tag names
# the region but not the script (zh-TW is zh-Hant-TW).
_SCRIPTS = {"zh-tw": "zh-hant", "zh-hk": "zh-hant", "zh-mo": "zh-hant"}


def available() -> tuple[str, ...]:
    """The languages with a file, as their file names (``de``, ``zh``, ``zh-hant``)."""
    return tuple(sorted(p.stem for p in LOCALES.glob("*.toml")))


def candidates(tag: str) -> list[str]:
    """The files a tag may use, nearest first: ``zh-Hant-TW`` -> ``zh-hant-tw``,
    ``zh-hant``, ``zh``. Tags are compared in lower case; ``_`` reads as ``-``."""
    tag = tag.strip()
    if not _TAG.fullmatch(tag):
        return []
    parts = tag.lower().replace("_", "-").split("-")
    found = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
    for name in list(found):
        if name in _SCRIPTS:
            found.insert(found.index(name) + 1, _SCRIPTS[name])
    return found


def resolve(tag: str) -> str:
    """The file a language tag uses: the nearest one (see :func:`candidates`), else ``en``."""
    known = set(available())
    return next((name for name in candidates(tag) if name in known), DEFAULT)


def is_known(tag: str) -> bool:
    """Whether cvtool has words for this language (itself or a broader tag of it)."""
    known = set(available())
    return any(name in known for name in candidates(tag))


def placeholders(text: str) -> frozenset[str]:
    """The ``{name}`` placeholders of a translation."""
    return frozenset(_PLACEHOLDER.findall(text))


def _flatten(table: Mapping[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, name + "."))
        elif isinstance(value, str):
            flat[name] = value
        else:
            raise ValueError(f"{name}: a translation is a string, not {type(value).__name__}")
    return flat


@lru_cache(maxsize=64)
def load(name: str) -> dict[str, str]:
    """One file's words by dotted key (``sections.education``), as written."""
    with (LOCALES / f"{name}.toml").open("rb") as handle:
        return _flatten(tomllib.load(handle))


class Words(Mapping[str, str]):
    """The words of one language, by dotted key; a key its file lacks reads as English."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.file = resolve(lang)
        self._own = load(self.file)
        self._english = load(DEFAULT)

    def __getitem__(self, key: str) -> str:
        if key in self._own:
            return self._own[key]
        return self._english[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._english)

    def __len__(self) -> int:
        return len(self._english)

    def __call__(self, key: str, **values: object) -> str:
        """The words of ``key`` with their ``{placeholders}`` filled in."""
        return _PLACEHOLDER.sub(lambda m: str(values.get(m[1], m[0])), self[key])

    def parts(self, key: str, name: str) -> tuple[str, str]:
        """The text before and after one placeholder (``In {venue}`` -> ``In ``, ``""``),
        for a value that is not a plain string (a venue in italics)."""
        before, _, after = self[key].partition("{" + name + "}")
        return before, after

    @property
    def is_english(self) -> bool:
        return self.file == DEFAULT


@lru_cache(maxsize=64)
def words(lang: str) -> Words:
    """The words cvtool prints in ``lang`` (a BCP 47 tag), with the fallbacks above."""
    return Words(lang)


ENGLISH = words(DEFAULT)


def present_in(lang: str) -> str:
    """The word a language's file gives for the open end of a range (``heute``), which the
    date parser also reads."""
    return words(lang)["dates.present"]

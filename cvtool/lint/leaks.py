"""``cvtool lint --render --public``: prove that a public build leaks nothing private.

Every format of the registry (:mod:`cvtool.formats`) is built in memory in its public form,
for the CV and for each of its variants, and turned back into text by an extractor for its
format (:data:`EXTRACTORS`: a PDF's extracted text with its metadata and link targets, an
HTML page's text with its attribute values, the strings of a JSON Resume, a Word file's
paragraphs and properties; any other format is read as UTF-8 text, so a format added to
the registry is covered the day it lands). Each private value (:mod:`cvtool.schema.private`)
is then searched for, compared without case or spacing; a phone number also by its digits
alone, since renderers reformat numbers. A value found is CV426, at the private field.

A value that the public CV itself still shows (a private entry's organization that a
public entry names too) is not searched for: finding it would prove nothing.
"""

from __future__ import annotations

import html
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from cvtool import markup
from cvtool.errors import Diagnostic, DiagnosticsError
from cvtool.formats import FORMATS
from cvtool.lint.context import Context, Path_
from cvtool.lint.render import extract_text
from cvtool.lint.rules_text import strings_in
from cvtool.schema.cv import SectionBase

CODE = "CV426"
# Fields that are settings rather than text shown (or shown only as numbers or dates,
# which other entries share).
_NOT_TEXT = frozenset({"tags", "priority", "keep", "private", "kind", "dates", "date", "year",
                       "extensions", "metrics", "selected", "code_available", "numbering",
                       "order", "group_by", "legend", "strict", "max_authors", "bibtex",
                       "key", "equal_contribution", "corresponding", "equal_advising"})
_SHORTEST = 4  # characters (compared form): shorter values match by chance
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")


def comparable(text: str) -> str:
    """Text compared without case, invisible characters or the width of spacing."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).casefold()
    return " " + _SPACES.sub(" ", text).strip() + " "


def _contains(text: str, wanted: str) -> bool:
    """``wanted`` in ``text`` as whole words (both in :func:`comparable` form)."""
    start = text.find(wanted)
    while start >= 0:
        end = start + len(wanted)
        if not (text[start - 1:start].isalnum() and wanted[:1].isalnum()) and not (
                text[end:end + 1].isalnum() and wanted[-1:].isalnum()):
            return True
        start = text.find(wanted, start + 1)
    return False
_DIGITS = re.compile(r"\D+")
_PHONE = re.compile(r"^\+?[\d\s().\-/]{7,}$")


# --- extractors: output bytes -> the text a reader (or a crawler) could find in them ---

def _pdf(data: bytes) -> str:
    parts = [extract_text(data)]
    try:
        import pypdf
    except ImportError:
        return parts[0]
    reader = pypdf.PdfReader(io.BytesIO(data))
    parts += [str(v) for v in (reader.metadata or {}).values()]
    for page in reader.pages:
        for annot in page.get("/Annots") or ():
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                parts.append(str(action["/URI"]))
    return "\n".join(parts)


_TAG = re.compile(r"<[^>]*>", re.S)
_ATTRIBUTE = re.compile(r"""\s[\w:-]+\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_HIDDEN_BLOCKS = re.compile(r"<(style|script)\b.*?</\1\s*>", re.S | re.I)


def _html(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace")
    attributes = [a or b for tag in _TAG.findall(text) for a, b in _ATTRIBUTE.findall(tag)]
    body = _TAG.sub(" ", _HIDDEN_BLOCKS.sub(" ", text))
    return html.unescape(body + "\n" + "\n".join(attributes))


def _json(data: bytes) -> str:
    return "\n".join(strings_in(json.loads(data.decode("utf-8"))))


_TEX_ESCAPE = re.compile(r"\\([&%$#_{}~^ ])")


def _tex(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace")
    return _TEX_ESCAPE.sub(r"\1", text.replace("\\textbackslash{}", "\\"))


def _docx(data: bytes) -> str:
    try:
        import docx
    except ImportError:  # the text and attributes of every part's XML
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(_html(archive.read(name)) for name in archive.namelist()
                             if name.endswith((".xml", ".rels")))
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    props = document.core_properties
    parts += [str(getattr(props, name) or "") for name in
              ("title", "author", "subject", "keywords", "comments", "category")]
    parts += [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    return "\n".join(parts)


def _utf8(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    "pdf": _pdf, "html": _html, "jsonresume": _json, "tex": _tex, "docx": _docx,
}


def extract(fmt: str, data: bytes) -> str:
    """The text of one output, by its format's extractor (UTF-8 text for any other)."""
    return EXTRACTORS.get(fmt, _utf8)(data)


# --- what is private, as text ---

def _texts(value: Any, field: str = "", path: Path_ = (),
           skip: frozenset[Path_] = frozenset()) -> Iterator[str]:
    """The strings a value would show: text fields (markup as plain text), list items and
    labels; not settings, dates or tags; nothing under a path in ``skip``."""
    if field in _NOT_TEXT or path in skip:
        return
    if isinstance(value, SectionBase):  # its entries are `sections.X[0]`, not `.entries[0]`
        for name in type(value).model_fields:
            inner = path if name == "entries" else (*path, name)
            yield from _texts(getattr(value, name), name, inner, skip)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), name, (*path, name), skip)
    elif isinstance(value, str):
        yield markup.to_text(markup.parse(value)) if value.strip() else value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, "", (*path, key), skip)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, "", (*path, index), skip)


def private_values(ctx: Context) -> Iterator[tuple[Path_, str, str]]:
    """(path, text, compared form) of every private value worth searching for."""
    from cvtool.schema.private import private_paths, resolve

    cv = ctx.cv
    hidden = [path for _, path in private_paths(cv)]
    # What the CV shows besides its private things, read here on its own rather than
    # through the public build that this check is to prove.
    shown = comparable("\n".join(_texts(cv, skip=frozenset([*hidden, ("private",)]))))
    seen: set[tuple[Path_, str]] = set()
    for path in hidden:
        for text in _texts(resolve(cv, path)):
            wanted = comparable(text).strip()
            if len(wanted) < _SHORTEST or _contains(shown, wanted) or (path, wanted) in seen:
                continue
            seen.add((path, wanted))
            yield path, text, wanted


def _phone_digits(text: str) -> list[str]:
    """A phone number's digits: as written, and without its country code."""
    if not _PHONE.match(text.strip()):
        return []
    forms = {_DIGITS.sub("", text)}
    try:
        import phonenumbers

        number = phonenumbers.parse(text, None)
        forms.add(str(number.national_number))
    except Exception:  # not a parseable number: its digits alone
        pass
    return [f for f in forms if len(f) >= 7]


def _jobs(ctx: Context) -> Iterator[tuple[str, Any]]:
    from cvtool.pipeline import prepare

    yield "the public CV", prepare(ctx.loaded, None, None, public=True)
    for name in ctx.cv.variants:
        yield f"variant `{name}`", prepare(ctx.loaded, None, name, public=True)


def leak_checks(ctx: Context,
                formats: tuple[str, ...] | None = None) -> list[Diagnostic]:
    """CV426 for each private value found in a public output (every registered format,
    for the CV and each variant, all built in public form)."""
    from cvtool.pipeline import render

    values = list(private_values(ctx))
    if not values:
        return []
    found: list[Diagnostic] = []
    reported: set[tuple[Path_, str, str]] = set()
    try:
        jobs = list(_jobs(ctx))
    except DiagnosticsError as exc:  # a variant that cannot fit: CV301 says so already
        return [d for d in exc.diagnostics if d.code != "CV301"]
    for what, job in jobs:
        for fmt in formats or tuple(FORMATS):
            text = extract(fmt, render(job, fmt))
            compared, digits = comparable(text), _DIGITS.sub("", text)
            for path, value, wanted in values:
                if (_contains(compared, wanted) or any(d in digits for d in _phone_digits(value))) \
                        and (path, fmt, what) not in reported:
                    reported.add((path, fmt, what))
                    shown = " ".join(value.split())
                    shown = shown if len(shown) <= 40 else shown[:39] + "…"
                    found.append(ctx.diagnostic(
                        CODE, f"private `{shown}` is in the {fmt} of {what}", path,
                        "a renderer shows what the CV marks private; report it as a bug",
                        key=len(path) in (2, 3) and path[0] == "sections"))
    return found

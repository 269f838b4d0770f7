"""Building blocks shared by every part of the schema: the strict base model, and the
small validated types (URLs, markup text, dates, tags) that fields are made of."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from cvtool.localfiles import IMAGE_SUFFIXES
from cvtool.schema.dates import CvDate, DateRange, parse_date, parse_range


class Strict(BaseModel):
    """Every schema model: unknown keys are errors, no silent type coercion, immutable."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        populate_by_name=True,
        defer_build=True,
        use_attribute_docstrings=False,
    )


_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_URL = re.compile(r"^(https?://[^\s/$.?#][^\s]*|mailto:[^\s@]+@[^\s@]+)$", re.IGNORECASE)
# Link targets inside inline markup: [text](target) and <scheme:...> autolinks.
_MARKUP_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)|<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>")


def _check_url(value: str) -> str:
    if not _URL.match(value):
        raise PydanticCustomError(
            "cv_url",
            "`{url}` is not an allowed link: only http://, https:// and mailto: links are kept",
            {"url": value[:80]},
        )
    return value


def _check_markup(value: str) -> str:
    for match in _MARKUP_TARGET.finditer(value):
        target = match[1] if match[1] is not None else match[2]
        if target and not target.lower().startswith(_SAFE_SCHEMES):
            raise PydanticCustomError(
                "cv_url",
                "link target `{url}` is refused: only http://, https:// and mailto: links are kept",
                {"url": target[:80]},
            )
    return value


Url = Annotated[str, AfterValidator(_check_url), Field(examples=["https://example.org"])]
"""An absolute http(s) or mailto link. Other schemes (file:, data:, javascript:) are refused."""

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _require_local(value: str, what: str, error: str = "cv_url") -> None:
    """Files named in a CV are read from its own folder only: no URLs, no absolute paths,
    no `..`, so a build never reads anything from elsewhere."""
    if _SCHEME.match(value) or value.startswith(("/", "\\", "~")) or ".." in value.split("/"):
        raise PydanticCustomError(
            error, "`{path}` is refused: " + what + " must be a relative path inside the "
            "CV's folder (no URLs, no absolute paths, no `..`)", {"path": value[:80]})


def _check_image_path(value: str) -> str:
    # An image outside the CV's folder is CV110, with every other problem of a photo.
    _require_local(value, "an image", "cv_image_outside")
    if not value.lower().endswith(IMAGE_SUFFIXES):
        raise PydanticCustomError(
            "cv_image", "`{path}` is not an image; use " + ", ".join(IMAGE_SUFFIXES),
            {"path": value[:80]})
    return value


ImagePath = Annotated[str, AfterValidator(_check_image_path)]
"""A photo or logo: a relative path inside the CV's folder."""


def check_bib_path(value: str) -> str:
    """A .bib file is read at build time, so like an image it must sit in the CV's folder."""
    _require_local(value, "a .bib file")
    if not value.lower().endswith(".bib"):
        raise PydanticCustomError(
            "cv_bib", "`{path}` is not a BibTeX file; its name must end in .bib",
            {"path": value[:80]})
    return value


BibPath = Annotated[str, AfterValidator(check_bib_path)]
"""A BibTeX file: a relative path inside the CV's folder."""

_DOI_RESOLVER = re.compile(r"^\s*(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def strip_doi_resolver(value: str) -> str:
    """A DOI without the resolver written before it: ``https://doi.org/``,
    ``http://dx.doi.org/``, ``dx.doi.org/``, ``doi:``."""
    return _DOI_RESOLVER.sub("", value).strip()


Markup = Annotated[str, AfterValidator(_check_markup)]
"""Text with inline markup: **bold**, *italic*, `code`, [links](https://...)."""


def _check_not_blank(value: str) -> str:
    from cvtool.markup import strip_controls

    if not strip_controls(value).strip():
        raise PydanticCustomError(
            "cv_blank", "blank text (only spaces) where text is required", {})
    return value


Text = Annotated[str, AfterValidator(_check_not_blank)]
"""Plain text that must be there: blank or whitespace-only text is refused."""

RequiredMarkup = Annotated[str, AfterValidator(_check_markup), AfterValidator(_check_not_blank)]
"""Markup that must be there: blank or whitespace-only text is refused."""

Tags = Annotated[
    list[str],
    Field(
        description="Labels that variants use to include or exclude this item.",
        examples=[["resume", "ml"]],
    ),
]


def _serialize_range(value: DateRange) -> str:
    return str(value)


Dates = Annotated[
    DateRange,
    BeforeValidator(parse_range),
    PlainSerializer(_serialize_range, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "examples": ["Aug 2018 – Jul 2023", "2020-06 – present"]},
                {"type": "integer"},
                {
                    "type": "object",
                    "properties": {"start": {}, "end": {}},
                    "required": ["start"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]
"""A date or a range: ``2018``, ``Aug 2018 – Jul 2023``, ``2021-06 - present``."""

Date = Annotated[
    CvDate,
    BeforeValidator(parse_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "examples": ["2022-07-04", "Jul 2022"]},
                {"type": "integer", "examples": [2022]},
            ]
        }
    ),
]


def text_list(value: Any) -> Any:
    """Accept a single string where a list of strings is expected."""
    return [value] if isinstance(value, str) else value


def one_or_many(value: Any) -> Any:
    """Accept a single item (a string or a mapping) where a list of them is expected."""
    return [value] if isinstance(value, str | dict) else value


TextList = Annotated[list[str], BeforeValidator(text_list)]

"""Design options, declared once: their types, ranges, units, defaults and descriptions.

The CV's ``design:`` (:class:`cvtool.schema.cv.Design`, which adds the theme, page size and
date style), a variant's ``design:`` and a theme's ``[options]`` and ``[floors]`` in
``theme.toml`` are all :class:`DesignOptions`. Lengths are read in one place,
:func:`split_length`, which the CSS, LaTeX and page-fitting code all use; a value reaches
them only after these checks, so nothing unvalidated is ever written into CSS or TeX.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from cvtool.schema.common import Strict

LENGTH = re.compile(r"(\d+(?:\.\d+)?)(mm|cm|in|pt)")
"""A length: a decimal number and a unit (``mm``, ``cm``, ``in`` or ``pt``, 1/72 in)."""
COLOUR = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
"""A colour: ``#rgb`` or ``#rrggbb``."""

FAMILY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 ._+-]{0,62}$"
"""A font family name: letters, digits, spaces and ``._+-`` (safe in CSS strings and TeX)."""


def generic_family(font: str) -> str:
    """``serif`` or ``sans``: the style of a font option, for fallbacks and the faces of other
    scripts. A named family is sans when its name says so (Noto Sans, Open Sans)."""
    if font in ("serif", "sans"):
        return font
    words = font.casefold().replace("-", " ").split()
    return "sans" if "sans" in words and "serif" not in words else "serif"


MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}

FONT_SIZE = (7, 14)  # points
LINE_HEIGHT = (1.0, 2.0)  # multiples of the font size
MARGINS = (5.0, 50.0)  # millimetres, whatever unit the value is written in


def split_length(value: str) -> tuple[str, str]:
    """``"18mm"`` -> ``("18", "mm")``: the number as written, and the unit. Raises
    ValueError for anything else."""
    match = LENGTH.fullmatch(value)
    if match is None:
        raise ValueError(f"not a length: {value!r}")
    return match[1], match[2]


def length_mm(value: str) -> float:
    """A length in millimetres."""
    number, unit = split_length(value)
    return float(number) * MM_PER_UNIT[unit]


def length_pt(value: str) -> float:
    """A length in points (1/72 in)."""
    return length_mm(value) * 72 / 25.4


def _length_between(low_mm: float, high_mm: float):  # type: ignore[no-untyped-def]
    def check(value: str) -> str:
        if LENGTH.fullmatch(value) is None:
            raise PydanticCustomError(
                "cv_length", "`{v}` is not a length such as 18mm or 0.7in", {"v": value[:40]})
        size = length_mm(value)
        if not low_mm <= size <= high_mm:
            word, bound = ("at least", low_mm) if size < low_mm else ("at most", high_mm)
            raise PydanticCustomError(
                "cv_range", "must be {word} {bound}; got {v}",
                {"word": word, "bound": f"{bound:g}mm", "v": value[:40]})
        return value
    return check


def _check_colour(value: str) -> str:
    if COLOUR.fullmatch(value) is None:
        raise PydanticCustomError(
            "cv_colour", "`{v}` is not a colour; write #rgb or #rrggbb", {"v": value[:40]})
    return value


Margins = Annotated[
    str,
    AfterValidator(_length_between(*MARGINS)),
    Field(json_schema_extra={"pattern": f"^{LENGTH.pattern}$"}),
]
Colour = Annotated[
    str, AfterValidator(_check_colour),
    Field(json_schema_extra={"pattern": f"^{COLOUR.pattern}$"}),
]


class DesignOptions(Strict):
    """Typographic options; an unset one takes the theme's value."""

    font: Annotated[str, StringConstraints(pattern=FAMILY_PATTERN)] | None = Field(
        None,
        description="`serif` or `sans` (the bundled Noto faces), a family the theme ships, or "
        "any family installed on the system (fontconfig); the theme's choice when unset.",
        examples=["serif", "sans", "Noto Serif", "DejaVu Sans"],
    )
    font_size: float | None = Field(
        None, ge=FONT_SIZE[0], le=FONT_SIZE[1],
        description="Base size in points, 7 to 14.", examples=[10.5],
    )
    line_height: float | None = Field(
        None, ge=LINE_HEIGHT[0], le=LINE_HEIGHT[1],
        description="Line spacing as a multiple of the font size, 1.0 to 2.0.",
        examples=[1.3],
    )
    margins: Margins | None = Field(
        None,
        description="Page margins: a number and a unit (mm, cm, in, pt), 5mm to 50mm.",
        examples=["18mm", "0.7in"],
    )
    accent: Colour | None = Field(
        None, description="Accent colour as #rgb or #rrggbb.", examples=["#1f5f99"]
    )


DEFAULTS = DesignOptions(font="serif", font_size=10.5, line_height=1.3, margins="18mm",
                         accent="#1f3b63")
"""What a design option is when neither the CV nor its theme sets it."""

PageSize = Literal["A4", "Letter"]
# Each page size, (width, height) in millimetres.
PAGE_MM: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
DateStyle = Literal["as-written", "short", "long", "numeric"]
MissingGlyphs = Literal["error", "box"]  # a character no font can draw (CV201)


def _design_colors() -> type[Strict]:
    """``design: {colors: {...}}``: the theme's colour roles (its ``[style.colors]`` tokens),
    each a ``#rgb``/``#rrggbb`` colour or ``accent``, overriding the theme in every engine."""
    from pydantic import create_model

    from cvtool.style import StyleColors

    fields: dict = {
        name: (RoleColour | None, Field(
            None, description=info.description or f"The {name.replace('_', ' ')}'s colour.",
            examples=["#1f3b63", "accent"]))
        for name, info in StyleColors.model_fields.items()}
    return create_model("DesignColors", __base__=Strict, **fields)  # type: ignore[call-overload]


def _check_role_colour(value: str) -> str:
    return value if value == "accent" else _check_colour(value)


RoleColour = Annotated[
    str, AfterValidator(_check_role_colour),
    Field(json_schema_extra={"pattern": f"^({COLOUR.pattern}|accent)$"}),
]
DesignColors = _design_colors()

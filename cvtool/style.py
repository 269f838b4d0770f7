"""Style tokens: a theme's look declared once, in the ``[style]`` table of its ``theme.toml``.

Colours, font sizes (factors of the CV's font size), weights, letter spacing, spacing, rule
widths and the bullet glyph are validated here and turned into the two forms the engines
read: CSS custom properties (``--cv-...``) for WeasyPrint and macro definitions (``\\cv...``,
``cv...`` colours) for XeLaTeX. A theme's ``.css`` and ``.tex`` files hold structure only and
take every value from these, so the two engines stay twins.

Tables are merged along ``extends`` key by key (the child wins); after merging every token
must be set (the ``base`` theme declares them all). Only validated values reach CSS or TeX.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from cvtool.errors import ThemeError

# A colour is #rrggbb, the CV's accent (design.accent), or the surrounding text colour.
Colour = Annotated[str, StringConstraints(pattern=r"^(#[0-9a-fA-F]{6}|accent|inherit)$")]
RuleColour = Annotated[str, StringConstraints(pattern=r"^(#[0-9a-fA-F]{6}|accent)$")]
Factor = Annotated[float, Field(ge=0.5, le=3.0)]
Weight = Annotated[int, Field(ge=100, le=900, multiple_of=100)]
Tracking = Annotated[float, Field(ge=-0.1, le=0.3)]
Length = Annotated[str, StringConstraints(pattern=r"^\d{1,2}(\.\d{1,3})?(em|pt)$")]
RuleWidth = Annotated[str, StringConstraints(pattern=r"^\d(\.\d{1,3})?pt$")]
FontSize = Annotated[str, StringConstraints(pattern=r"^\d{1,2}(\.\d{1,2})?pt$")]
Bullet = Literal["•", "‣", "◦", "▪", "▸", "–", "·", "-", "*"]


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StyleColors(_Table):
    text: Colour | None = Field(None, description="Body text.")
    name: Colour | None = None
    headline: Colour | None = None
    location: Colour | None = Field(None, description="The header's location line.")
    contact_label: Colour | None = None
    icon: Colour | None = None
    metric_value: Colour | None = None
    section_title: Colour | None = None
    section_rule: RuleColour | None = Field(None, description="The rule under section titles.")
    header_rule: RuleColour | None = Field(None, description="The rule under the header.")
    note: Colour | None = Field(None, description="A note after an entry title.")
    role: Colour | None = Field(None, description="The role line of an entry.")
    right: Colour | None = Field(None, description="Right-hand text: place and dates.")
    detail: Colour | None = None
    detail_label: Colour | None = None
    link: Colour | None = None
    bullet: Colour | None = Field(None, description="The bullet glyph.")
    bullet_label: Colour | None = None
    list_label: Colour | None = None
    number: Colour | None = Field(None, description="A publication's number.")
    paper_meta: Colour | None = Field(None, description="A paper's metrics, venue and date.")
    category: Colour | None = None
    paper_authors: Colour | None = None
    abstract: Colour | None = None
    paper_frame: RuleColour | None = Field(None, description="The rule beside a paper card.")
    footer: RuleColour | None = Field(None, description="The footer from page 2 on.")
    sidebar_background: RuleColour | None = Field(
        None, description="The sidebar column's background (themes with a [layout] sidebar).")
    sidebar_title: Colour | None = Field(None, description="Section titles in the sidebar.")


class StyleSizes(_Table):
    """Font sizes as factors of the CV's font size."""

    name: Factor | None = None
    headline: Factor | None = None
    contacts: Factor | None = None
    section_title: Factor | None = None
    entry_title: Factor | None = None
    right: Factor | None = None
    links: Factor | None = None
    pub_links: Factor | None = None
    paper_meta: Factor | None = None
    paper_title: Factor | None = None
    abstract: Factor | None = None
    legend: Factor | None = None
    code: Factor | None = None
    sidebar: Factor | None = Field(None, description="The sidebar's text.")


class StyleWeights(_Table):
    """CSS weights; LaTeX sets 600 in semi-bold (series sb), 700 and above in bold."""

    name: Weight | None = None
    headline: Weight | None = None
    contact_label: Weight | None = None
    metric_value: Weight | None = None
    section_title: Weight | None = None
    entry_title: Weight | None = None
    note: Weight | None = None
    role: Weight | None = None
    detail_label: Weight | None = None
    bullet_label: Weight | None = None
    list_label: Weight | None = None
    number: Weight | None = None
    category: Weight | None = None
    paper_title: Weight | None = None


class StyleTracking(_Table):
    """Letter spacing in em (LaTeX: fontspec's LetterSpace, in hundredths of an em)."""

    name: Tracking | None = None
    section_title: Tracking | None = None


class StyleSpacing(_Table):
    """Vertical gaps and indents, in em of the text they belong to, or pt."""

    header_skip: Length | None = Field(None, description="Below the header.")
    header_rule_gap: Length | None = Field(None, description="Above the header's rule.")
    contacts_skip: Length | None = Field(None, description="Above the contacts.")
    summary_skip: Length | None = None
    section_skip: Length | None = Field(None, description="Above a section title.")
    section_after: Length | None = Field(None, description="Below a section title.")
    entry_skip: Length | None = Field(None, description="Between entries.")
    bullets_top: Length | None = Field(None, description="Above an entry's bullets.")
    bullet_skip: Length | None = Field(None, description="Between bullets.")
    bullet_indent: Length | None = Field(None, description="Text indent of a bullet.")
    bullet_inset: Length | None = Field(None, description="Left edge to the bullet glyph.")
    list_skip: Length | None = None
    list_indent: Length | None = Field(None, description="Hanging indent of labelled lists.")
    pub_skip: Length | None = Field(None, description="Between publications.")
    number_width: Length | None = Field(None, description="Gutter of publication numbers.")
    paper_skip: Length | None = Field(None, description="Between papers with abstracts.")
    letter_skip: Length | None = Field(
        None, description="Between the parts and paragraphs of a cover letter.")
    paper_frame_gap: Length | None = None
    abstract_skip: Length | None = None
    sidebar_width: Length | None = Field(
        None, description="Width of the sidebar column (em of the body text, or pt).")
    sidebar_gutter: Length | None = Field(
        None, description="Between the sidebar column and the main column.")
    sidebar_padding: Length | None = Field(
        None, description="Inside the sidebar's background, around its text.")
    sidebar_section_skip: Length | None = Field(
        None, description="Above a section title in the sidebar (at most 0.3em: a taller "
        "gap splits the column into blocks that text extraction may read across).")
    date_column: Length | None = Field(
        None, description="Width of a column at the start of every section body that holds "
                          "the places and dates of entries, each beside its row, with the "
                          "text, bullets and references indented after it (moderncv's "
                          "layout; the measure shrinks by it). 0em: none, a place and dates "
                          "follow the text of their row (\"Title, Place\", \"Role, "
                          "Dates\"), which plain text extraction reads with their entry.")
    date_gap: Length | None = Field(
        None, description="Between the date column and the text (with a date column; "
                          "without one a place and dates follow their row's text).")


class StyleRules(_Table):
    """Rule widths (0pt: no rule)."""

    header: RuleWidth | None = None
    section: RuleWidth | None = None
    paper_frame: RuleWidth | None = None


class Style(_Table):
    """The ``[style]`` table of a theme.toml (every key optional; merged along extends)."""

    bullet: Bullet | None = None
    footer_size: FontSize | None = None
    colors: StyleColors = Field(default_factory=StyleColors)
    sizes: StyleSizes = Field(default_factory=StyleSizes)
    weights: StyleWeights = Field(default_factory=StyleWeights)
    tracking: StyleTracking = Field(default_factory=StyleTracking)
    spacing: StyleSpacing = Field(default_factory=StyleSpacing)
    rules: StyleRules = Field(default_factory=StyleRules)


_TABLE_MODELS: dict[str, type[_Table]] = {
    "colors": StyleColors, "sizes": StyleSizes, "weights": StyleWeights,
    "tracking": StyleTracking, "spacing": StyleSpacing, "rules": StyleRules}
_TABLES = tuple(_TABLE_MODELS)
_SCALARS = ("bullet", "footer_size")


def merge_styles(chain: Iterable[tuple[Path, Style]]) -> Style:
    """Merge ``[style]`` tables, parents first, key by key; every token must end up set."""
    merged: dict[str, dict[str, object]] = {table: {} for table in _TABLES}
    scalars: dict[str, object] = {}
    top: Path | None = None
    for path, style in chain:
        top = path
        data = style.model_dump(exclude_none=True)
        for table in _TABLES:
            merged[table].update(data.get(table, {}))
        scalars.update({k: data[k] for k in _SCALARS if k in data})
    try:
        result = Style.model_validate({**scalars, **merged})
    except ValidationError as exc:  # pragma: no cover - each table was validated already
        raise ThemeError(f"{top}: style: {exc}") from None
    missing = [name for name in token_names() if _value(result, name) is None]
    if missing:
        raise ThemeError(f"{top}: style tokens not set: {', '.join(missing)} "
                         "(set them in [style] or extend a theme that does, e.g. `base`)")
    return result


def _value(style: Style, name: str) -> object:
    obj: object = style
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def token_names() -> list[str]:
    """Every token as ``table.key`` (or a bare key for the scalars), in a fixed order."""
    names = list(_SCALARS)
    for table in _TABLES:
        names.extend(f"{table}.{key}" for key in _TABLE_MODELS[table].model_fields)
    return names


# --- CSS -------------------------------------------------------------------------------


def _css_name(name: str) -> str:
    table, _, key = name.partition(".")
    prefix = {"colors": "color", "sizes": "size", "weights": "weight", "tracking": "tracking",
              "spacing": "space", "rules": "rule"}.get(table, table)
    return "--cv-" + (f"{prefix}-{key}" if key else prefix).replace("_", "-")


# Lengths in em of the CV's body text even where the text is smaller (the date column holds
# the smaller right-hand text but lines up with the body): rem in CSS, where the root's font
# size is the CV's.
_BODY_EM = ("spacing.date_column", "spacing.date_gap")


def _css_value(name: str, value: object) -> str:
    table = name.partition(".")[0]
    if table == "colors":
        return {"accent": "var(--accent)", "inherit": "currentColor"}.get(str(value), str(value))
    if table == "sizes":
        return f"{float(value):g}em"  # type: ignore[arg-type]
    if table == "tracking":
        return f"{float(value):g}em"  # type: ignore[arg-type]
    if name == "bullet":
        return f'"{value}"'
    if name in _BODY_EM:  # in em of the body text wherever they are used (cv.tex too)
        return re.sub(r"em$", "rem", str(value))
    return str(value)


def six_digits(colour: str) -> str:
    """``#abc`` -> ``#aabbcc`` (tokens, and the PDF's icons, take six digits)."""
    if len(colour) == 4 and colour.startswith("#"):
        return "#" + "".join(c * 2 for c in colour[1:])
    return colour


def colour_hex(style: Style, role: str, accent: str) -> str | None:
    """A colour token as ``#rrggbb``, with ``accent`` (the design's, ``#rgb`` or
    ``#rrggbb``) for ``accent``; None for ``inherit`` (the surrounding text's colour)."""
    value = str(getattr(style.colors, role))
    if value == "inherit":
        return None
    return six_digits(accent if value == "accent" else value)


def date_column(style: Style) -> bool:
    """Whether the theme sets places and dates in a column before the text (a width above
    zero): the HTML marks ``<body>`` with ``dates-column`` and cv.tex tests the length, so
    the one token switches both engines' structure."""
    return float(re.sub(r"[a-z]+$", "", style.spacing.date_column or "0")) > 0


def style_css(style: Style) -> str:
    """``:root`` custom properties from the tokens, and the footer's look."""
    lines = [f"  {_css_name(name)}: {_css_value(name, _value(style, name))};"
             for name in token_names()]
    return (":root {\n" + "\n".join(lines) + "\n}\n"
            "@page { @bottom-center { font-size: var(--cv-footer-size); "
            "color: var(--cv-color-footer); } }\n")


# --- LaTeX -----------------------------------------------------------------------------


def _tex_name(name: str) -> str:
    if name == "bullet":
        return "cvbulletglyph"  # \\cvbullet is the bullet item itself
    table, _, key = name.partition(".")
    prefix = {"colors": "color", "sizes": "size", "weights": "weight", "tracking": "tracking",
              "spacing": "space", "rules": "rule"}.get(table, table)
    return "cv" + re.sub(r"[^a-z]", "", prefix + key)


def _tex_length(value: str) -> str:
    return value[:-2] + "bp" if value.endswith("pt") else value  # CSS pt is TeX's bp


def _tex_series(weight: int) -> str:
    """The series for a CSS weight: 600 is semi-bold (``sb``: Noto Sans's SemiBold; Noto
    Serif has none and takes its Bold, as themes/base/latex/cv.tex declares), 700 and more
    bold, the rest medium (the bundled families have no Light or Medium)."""
    if weight >= 700:
        return "\\bfseries"
    return "\\fontseries{sb}\\selectfont" if weight >= 600 else "\\mdseries"


def style_preamble(style: Style) -> str:
    """LaTeX definitions from the tokens: colours ``cv<role>`` with a ``\\cvcolor<role>``
    switch each, ``\\cvsize<role>`` factors, ``\\cvweight<role>`` series,
    ``\\cvtracking<role>`` letter spacing, ``\\cvspace<name>`` and ``\\cvrule<name>`` lengths,
    ``\\cvbulletglyph`` and ``\\cvfootersize``."""
    out = ["% Style tokens of the theme (validated): the values its LaTeX files read."]
    for name in token_names():
        value = _value(style, name)
        macro = _tex_name(name)
        table = name.partition(".")[0]
        if table == "colors":
            colour = "cv" + macro.removeprefix("cvcolor")
            if value == "accent":
                out.append(f"\\colorlet{{{colour}}}{{cvaccent}}")
            elif value != "inherit":
                out.append(f"\\definecolor{{{colour}}}{{HTML}}{{{str(value)[1:].upper()}}}")
            body = "" if value == "inherit" else f"\\color{{{colour}}}"
        elif table == "sizes":
            body = f"{float(value):g}"  # type: ignore[arg-type]
        elif table == "weights":
            body = _tex_series(int(value))  # type: ignore[call-overload]
        elif table == "tracking":
            hundredths = round(float(value) * 100, 2)  # type: ignore[arg-type]
            # \cvletterspace: the same spacing for CJK runs (themes/base/latex/cv.tex)
            body = (f"\\addfontfeatures{{LetterSpace={hundredths:g}}}"
                    f"\\def\\cvletterspace{{{hundredths:g}}}" if hundredths else "")
        elif name == "bullet":
            body = str(value)
        else:  # spacing, rules, footer_size
            body = _tex_length(str(value))
        out.append(f"\\newcommand*{{\\{macro}}}{{{body}}}")
    return "\n".join(out)

"""Themes: packaged folders with a ``theme.toml``, templates and stylesheets.

A theme may ``extends`` another; templates are looked up in the theme's folder first, then in
its parents', and stylesheets are applied parents first. Themes carry no Python. Option
defaults come from ``theme.toml``; the CV's ``design:`` overrides them; only validated values
(lengths, sizes, ``#rrggbb`` colours) ever reach CSS. The ``[style]`` tables (the theme's look,
see :mod:`cvtool.style`) are merged along the same chain.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cvtool.errors import ThemeError
from cvtool.schema import Design
from cvtool.style import Style, merge_styles

PACKAGE_DIR = Path(__file__).resolve().parent
FONTS_DIR = PACKAGE_DIR / "fonts"


def builtin_themes_dir() -> Path:
    """Inside an installed wheel themes live in the package; in a checkout, at the top."""
    packaged = PACKAGE_DIR / "themes"
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / "themes"


class ThemeOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    font: Literal["serif", "sans"] | None = None
    font_size: float | None = Field(None, ge=7, le=14)
    line_height: float | None = Field(None, ge=1.0, le=2.0)
    margins: str | None = Field(None, pattern=r"^\d+(\.\d+)?(mm|cm|in|pt)$")
    accent: str | None = Field(None, pattern=r"^#([0-9a-fA-F]{3}){1,2}$")


class ThemeConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    description: str
    extends: str | None = None
    listed: bool = True
    stylesheets: list[str] = Field(default_factory=list)
    latex: list[str] = Field(
        default_factory=list,
        description="LaTeX preamble files (macros, fonts, colours), applied parents first.")
    options: ThemeOptions = Field(default_factory=ThemeOptions)
    floors: ThemeOptions = Field(
        default_factory=ThemeOptions,
        description="The tightest settings page fitting may use (smallest size, margins).")
    style: Style = Field(default_factory=Style,
                         description="Style tokens (cvtool.style), merged along extends.")


@dataclass(frozen=True)
class Theme:
    name: str
    description: str
    folders: tuple[Path, ...]
    stylesheets: tuple[Path, ...]
    options: ThemeOptions
    floors: ThemeOptions
    latex: tuple[Path, ...] = ()
    style: Style = field(default_factory=Style)

    @property
    def allowed_roots(self) -> tuple[Path, ...]:
        return (*self.folders, FONTS_DIR)


@dataclass(frozen=True)
class ResolvedDesign:
    """Design values after the theme's defaults and the CV's overrides are merged."""

    page_size: str
    font: str
    font_size: float
    line_height: float
    margins: str
    accent: str
    dates: str


_FALLBACK = ThemeOptions(font="serif", font_size=10.5, line_height=1.3, margins="18mm",
                         accent="#1f3b63")


def _read_config(folder: Path) -> ThemeConfig:
    path = folder / "theme.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return ThemeConfig.model_validate(data)
    except FileNotFoundError:
        raise ThemeError(f"{folder} is not a theme: it has no theme.toml") from None
    except tomllib.TOMLDecodeError as exc:
        raise ThemeError(f"{path}: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ThemeError(f"{path}: {problems}") from None


def available_themes() -> list[str]:
    root = builtin_themes_dir()
    return sorted(p.name for p in root.iterdir()
                  if (p / "theme.toml").is_file() and _read_config(p).listed)


def _find(name: str, cv_dir: Path | None) -> Path:
    if "/" in name or name.startswith("."):
        folder = ((cv_dir or Path.cwd()) / name).resolve()
        if not folder.is_dir():
            raise ThemeError(f"theme folder {folder} does not exist")
        return folder
    folder = builtin_themes_dir() / name
    if not (folder / "theme.toml").is_file():
        raise ThemeError(
            f"no theme named `{name}`; built-in themes: {', '.join(available_themes())}")
    return folder


@lru_cache(maxsize=32)
def _load(name: str, cv_dir: Path | None) -> Theme:
    chain: list[tuple[Path, ThemeConfig]] = []
    folder = _find(name, cv_dir)
    while True:
        config = _read_config(folder)
        if any(folder == seen for seen, _ in chain):
            raise ThemeError(f"theme `{config.name}` extends itself")
        chain.append((folder, config))
        if config.extends is None:
            break
        folder = _find(config.extends, folder.parent)
    options: dict[str, object] = {}
    floors: dict[str, object] = {}
    stylesheets: list[Path] = []
    latex: list[Path] = []
    for theme_folder, config in reversed(chain):
        options.update(config.options.model_dump(exclude_none=True))
        floors.update(config.floors.model_dump(exclude_none=True))
        for sheet in config.stylesheets:
            stylesheets.append(_theme_file(theme_folder, sheet, "stylesheet"))
        for preamble in config.latex:
            latex.append(_theme_file(theme_folder, preamble, "LaTeX file"))
    top = chain[0][1]
    style = merge_styles((f / "theme.toml", c.style) for f, c in reversed(chain))
    return Theme(
        name=top.name, description=top.description,
        folders=tuple(f for f, _ in chain), stylesheets=tuple(stylesheets),
        options=ThemeOptions.model_validate(options), floors=ThemeOptions.model_validate(floors),
        latex=tuple(latex), style=style,
    )


def _theme_file(folder: Path, name: str, what: str) -> Path:
    """A file a theme.toml names, which must be inside the theme's own folder."""
    path = (folder / name).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        raise ThemeError(f"{folder / 'theme.toml'}: no {what} {name}")
    return path


def load_theme(name: str, cv_dir: Path | None = None) -> Theme:
    return _load(name, cv_dir.resolve() if cv_dir else None)


def resolve_design(design: Design, theme: Theme) -> ResolvedDesign:
    """Merge: built-in fallback <- theme defaults <- the CV's own ``design:`` values."""
    merged = _FALLBACK.model_dump()
    merged.update(theme.options.model_dump(exclude_none=True))
    merged.update({k: v for k, v in design.model_dump().items()
                   if k in merged and v is not None})
    return ResolvedDesign(page_size=design.page_size, dates=design.dates, **merged)

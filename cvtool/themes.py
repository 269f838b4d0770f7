"""Themes: packaged folders with a ``theme.toml``, templates and stylesheets.

A theme may ``extends`` another; templates are looked up in the theme's folder first, then in
its parents', and stylesheets are applied parents first. Themes carry no Python. Option
defaults come from ``theme.toml``; the CV's ``design:`` overrides them; only validated values
(lengths, sizes, ``#rrggbb`` colours) ever reach CSS. The ``[style]`` tables (the theme's look,
see :mod:`cvtool.style`) are merged along the same chain.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cvtool.errors import Diagnostic, DiagnosticsError, Severity, SourceLocation, ThemeError
from cvtool.schema import Design
from cvtool.schema.design import DEFAULTS, DesignOptions
from cvtool.style import Style, merge_styles

THEME_CODE = "CV113"  # a theme that cannot be found, is not allowed, or is malformed
PACKAGE_DIR = Path(__file__).resolve().parent
FONTS_DIR = PACKAGE_DIR / "fonts"


def builtin_themes_dir() -> Path:
    """Inside an installed wheel themes live in the package; in a checkout, at the top."""
    packaged = PACKAGE_DIR / "themes"
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / "themes"


class ThemeOptions(DesignOptions):
    """A theme's option defaults (``[options]``) and fitting floors (``[floors]``): the
    CV's design options, with the same types and ranges."""


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


_FALLBACK = DEFAULTS


class ThemeFileError(DiagnosticsError, ThemeError):
    """A problem at a place in a theme's own files (``theme.toml``, a template)."""


def display_path(path: Path | str) -> str:
    """A theme file as messages name it: relative to the working folder when inside it."""
    path = Path(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def theme_file_error(path: Path | str, line: int, column: int, message: str,
                     key: str = "") -> ThemeFileError:
    where = SourceLocation(display_path(path), max(line, 1), max(column, 1))
    return ThemeFileError([Diagnostic(THEME_CODE, message, Severity.ERROR, where, key)])


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _key_position(text: str, loc: tuple[str | int, ...]) -> tuple[int, int]:
    """Line and column of the key a validation error names (``options.accent``): the
    ``[options]`` table first, then the key's first assignment after it."""
    lines = text.splitlines()
    start = 0
    keys = [str(part) for part in loc if isinstance(part, str)]
    found = (1, 1)
    for depth, key in enumerate(keys):
        last = depth == len(keys) - 1
        table = re.compile(r"^\s*\[+\s*" + re.escape(".".join(keys[:depth + 1])) + r"\s*\]")
        assign = re.compile(r"^(\s*)(" + re.escape(key) + r'|"' + re.escape(key) + r'")\s*=')
        for index in range(start, len(lines)):
            match = assign.match(lines[index])
            if match or (not last and table.match(lines[index])):
                found = (index + 1, (len(match[1]) + 1) if match else 1)
                start = index + 1
                break
        else:
            break
    return found


def _read_config(folder: Path) -> ThemeConfig:
    path = folder / "theme.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ThemeError(f"{display_path(folder)} is not a theme: it has no theme.toml") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise theme_file_error(path, 1, 1, f"cannot read theme.toml: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        if match:
            line, column = int(match[1]), int(match[2])
            message = message[:match.start()]
        else:  # "(at end of document)"
            line, column = max(text.count("\n") + (not text.endswith("\n")), 1), 1
            message = message.replace(" (at end of document)", " at the end of the file")
        raise theme_file_error(path, line, column, f"TOML syntax: {message}") from None
    try:
        return ThemeConfig.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            line, column = _key_position(text, error["loc"])
            key = ".".join(map(str, error["loc"]))
            problems.append(Diagnostic(
                THEME_CODE, error["msg"], Severity.ERROR,
                SourceLocation(display_path(path), line, column), key))
        raise ThemeFileError(problems) from None


def available_themes() -> list[str]:
    root = builtin_themes_dir()
    return sorted(p.name for p in root.iterdir()
                  if (p / "theme.toml").is_file() and _read_config(p).listed)


def is_folder_name(name: str) -> bool:
    """A theme written as a folder (``./mine``, ``themes/mine``) rather than a name."""
    return "/" in name or "\\" in name or name.startswith(".")


def _find(name: str, root: Path, base: Path) -> Path:
    """A built-in theme by name, or a theme folder ``base / name`` that must lie inside
    ``root`` (the CV's folder) once symlinks and ``..`` are resolved."""
    if not is_folder_name(name):
        folder = builtin_themes_dir() / name
        if not name or not (folder / "theme.toml").is_file():
            raise ThemeError(
                f"no theme named `{name}`; built-in themes: {', '.join(available_themes())}")
        return folder
    if Path(name).is_absolute():
        raise ThemeError(f"theme folder {name} is an absolute path; a theme folder must be "
                         "inside the CV's folder (write it relative to the CV, e.g. ./mytheme)")
    folder = (base / name).resolve()
    if not folder.is_relative_to(root):
        raise ThemeError(f"theme folder {name} leads outside the CV's folder; a theme folder "
                         "must be inside it")
    if not folder.is_dir():
        raise ThemeError(f"theme folder {name} does not exist")
    if not (folder / "theme.toml").is_file():
        raise ThemeError(f"{name} is not a theme: it has no theme.toml")
    return folder


@lru_cache(maxsize=32)
def _load(name: str, cv_dir: Path) -> Theme:
    chain: list[tuple[Path, ThemeConfig]] = []
    builtin = builtin_themes_dir().resolve()
    root = cv_dir
    folder = _find(name, root, root)
    while True:
        config = _read_config(folder)
        if any(folder == seen for seen, _ in chain):
            raise ThemeError(f"theme `{config.name}` extends itself")
        chain.append((folder, config))
        if config.extends is None:
            break
        # A built-in theme extends built-in ones; a theme in the CV's folder extends a
        # built-in theme or another folder inside the CV's folder.
        inside_builtin = folder.resolve().is_relative_to(builtin)
        try:
            folder = _find(config.extends, builtin if inside_builtin else root, folder.parent)
        except ThemeError as exc:
            raise _at_key(folder / "theme.toml", "extends", str(exc)) from None
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


def _at_key(path: Path, key: str, message: str) -> ThemeFileError:
    """An error about the value of a top-level key of ``theme.toml``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    line, column = _key_position(text, (key,))
    return theme_file_error(path, line, column, message, key)


def _theme_file(folder: Path, name: str, what: str) -> Path:
    """A file a theme.toml names, which must be inside the theme's own folder."""
    path = (folder / name).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        raise _at_key(folder / "theme.toml", "latex" if what == "LaTeX file" else "stylesheets",
                      f"no {what} {name} in the theme's folder")
    return path


def load_theme(name: str, cv_dir: Path | None = None) -> Theme:
    """The theme ``name`` for a CV in ``cv_dir``: a built-in name, or a folder inside
    ``cv_dir`` (the working folder when there is no CV)."""
    return _load(name, (cv_dir or Path.cwd()).resolve())


def resolve_design(design: Design, theme: Theme) -> ResolvedDesign:
    """Merge: built-in fallback <- theme defaults <- the CV's own ``design:`` values."""
    merged = _FALLBACK.model_dump()
    merged.update(theme.options.model_dump(exclude_none=True))
    merged.update({k: v for k, v in design.model_dump().items()
                   if k in merged and v is not None})
    return ResolvedDesign(page_size=design.page_size, dates=design.dates, **merged)

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
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from cvtool.errors import Diagnostic, DiagnosticsError, Severity, SourceLocation, ThemeError
from cvtool.schema import SECTION_KINDS, Design
from cvtool.schema.design import DEFAULTS, FAMILY_PATTERN, DesignOptions, generic_family
from cvtool.style import Style, merge_styles, six_digits

THEME_CODE = "CV113"  # a theme that cannot be found, is not allowed, or is malformed
PACKAGE_DIR = Path(__file__).resolve().parent
FONTS_DIR = PACKAGE_DIR / "fonts"


def builtin_themes_dir() -> Path:
    """Inside an installed wheel themes live in the package; in a checkout, at the top."""
    packaged = PACKAGE_DIR / "themes"
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / "themes"


FamilyName = Annotated[str, StringConstraints(pattern=FAMILY_PATTERN)]


class ThemeOptions(DesignOptions):
    """A theme's option defaults (``[options]``) and fitting floors (``[floors]``): the
    CV's design options, with the same types and ranges."""


FONT_SUFFIXES = (".ttf", ".otf")
FACES = ("regular", "bold", "italic", "bold_italic")


class ThemeFont(BaseModel):
    """A font family a theme ships (``[fonts]``): its faces as files in the theme's folder;
    a face left out is drawn from another (bold from regular, italics upright)."""

    model_config = ConfigDict(extra="forbid")

    regular: str
    bold: str | None = None
    italic: str | None = None
    bold_italic: str | None = None


@dataclass(frozen=True)
class FontFiles:
    """A theme font's faces, each a file inside the theme's folder (``None``: not shipped)."""

    family: str
    folder: Path  # the theme folder the files are in
    regular: Path
    bold: Path | None = None
    italic: Path | None = None
    bold_italic: Path | None = None

    def face(self, name: str) -> Path:
        """The file for a face, standing in another when the theme ships none."""
        order = {"regular": ("regular",), "bold": ("bold", "regular"),
                 "italic": ("italic", "regular"),
                 "bold_italic": ("bold_italic", "bold", "italic", "regular")}[name]
        return next(p for p in (getattr(self, f) for f in order) if p is not None)


SectionKind = Literal[SECTION_KINDS]  # type: ignore[valid-type]


class ThemeLayout(BaseModel):
    """``[layout]``: where a theme sets the CV's parts. ``sidebar``: the section kinds set in
    a narrow column beside the main one (by kind, under any title: ``skills``, ``language``,
    ``interest``...); ``contacts``: the header's contact list in the header or at the top
    of the sidebar. Merged along ``extends`` key by key, like the options."""

    model_config = ConfigDict(extra="forbid")

    sidebar: list[SectionKind] | None = Field(
        None, description="Section kinds set in a sidebar column (empty: one column).")
    contacts: Literal["header", "sidebar"] | None = Field(
        None, description="Where the contact list goes when there is a sidebar.")


class _HasKind(Protocol):
    @property
    def kind(self) -> str: ...


_S = TypeVar("_S", bound=_HasKind)


@dataclass(frozen=True)
class Layout:
    """A theme's merged ``[layout]``: which sections go in the sidebar, and in what order
    a reader (and an applicant tracking system) meets them: the sidebar as a whole, then
    the main column. Renderers and the ATS check (CV420) share this one split."""

    sidebar: tuple[str, ...] = ()
    contacts: str = "header"

    def split(self, sections: tuple[_S, ...] | list[_S]) -> tuple[tuple[_S, ...], tuple[_S, ...]]:
        """(sidebar sections, main sections), each in the order written."""
        side = tuple(s for s in sections if s.kind in self.sidebar)
        return side, tuple(s for s in sections if s.kind not in self.sidebar)

    def has_sidebar(self, sections: tuple[_S, ...] | list[_S], contacts: bool) -> bool:
        """Whether this CV gets a sidebar: the theme has one and the CV has something for
        it (a CV with no contacts and no sidebar sections is set in one column)."""
        if not self.sidebar:
            return False
        return bool(self.split(sections)[0]) or (contacts and self.contacts == "sidebar")

    def reading_order(self, sections: tuple[_S, ...] | list[_S],
                      contacts: bool = True) -> tuple[_S, ...]:
        """The sections in the order the page is read: sidebar first when there is one."""
        if not self.has_sidebar(sections, contacts):
            return tuple(sections)
        side, main = self.split(sections)
        return side + main


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
    fonts: dict[FamilyName, ThemeFont] = Field(
        default_factory=dict,
        description="Font families the theme ships, by family name: files in its folder.")
    layout: ThemeLayout = Field(default_factory=ThemeLayout,
                                description="Columns: the sidebar's section kinds.")


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
    fonts: tuple[FontFiles, ...] = ()
    origin: str = "built-in"  # built-in, installed (with the package) or local
    layout: Layout = field(default_factory=Layout)

    @property
    def allowed_roots(self) -> tuple[Path, ...]:
        return (*self.folders, FONTS_DIR)

    def font(self, family: str | None) -> FontFiles | None:
        """The theme's own font of that family (names compared without case)."""
        if family is None:
            return None
        return next((f for f in self.fonts if f.family.casefold() == family.casefold()), None)


@dataclass(frozen=True)
class ResolvedDesign:
    """Design values after the theme's defaults and the CV's overrides are merged."""

    page_size: str
    font: str  # the generic style: serif or sans (fallbacks, CJK and right-to-left faces)
    font_size: float
    line_height: float
    margins: str
    accent: str
    dates: str
    family: str | None = None  # a named main family (a theme's font or an installed one)


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


ENTRY_POINTS = "cvtool.themes"


@lru_cache(maxsize=1)
def installed_themes() -> dict[str, tuple[Path, str]]:
    """Themes installed as Python packages: entry points in the group ``cvtool.themes``,
    ``name = "package"`` where the package's folder holds a theme.toml. Name -> (folder,
    the distribution that installed it)."""
    from importlib.metadata import entry_points
    from importlib.util import find_spec

    found: dict[str, tuple[Path, str]] = {}
    for point in entry_points(group=ENTRY_POINTS):
        try:
            spec = find_spec(point.value.split(":")[0])
        except (ImportError, ValueError):
            continue
        locations = list(spec.submodule_search_locations or []) if spec else []
        if locations and (Path(locations[0]) / "theme.toml").is_file():
            dist = point.dist.name if point.dist is not None else point.value
            found.setdefault(point.name, (Path(locations[0]).resolve(), dist))
    return found


def local_themes(cv_dir: Path) -> list[Path]:
    """Theme folders beside a CV: its subfolders, and those of its themes/ folder."""
    found: list[Path] = []
    for parent in (cv_dir, cv_dir / "themes"):
        if parent.is_dir():
            found.extend(sorted(p for p in parent.iterdir()
                                if p.is_dir() and (p / "theme.toml").is_file()))
    return found


def list_themes(cv_dir: Path | None) -> list[dict[str, str]]:
    """Every theme a CV can name, with its description and where it comes from."""
    rows: list[dict[str, str]] = []
    for name in available_themes():
        config = _read_config(builtin_themes_dir() / name)
        rows.append({"name": name, "description": config.description, "origin": "built-in",
                     "path": str(builtin_themes_dir() / name)})
    for name, (folder, dist) in sorted(installed_themes().items()):
        if name in {r["name"] for r in rows}:
            continue
        config = _read_config(folder)
        rows.append({"name": name, "description": config.description,
                     "origin": f"installed ({dist})", "path": str(folder)})
    if cv_dir is not None:
        for folder in local_themes(cv_dir):
            config = _read_config(folder)
            rows.append({"name": "./" + folder.relative_to(cv_dir).as_posix(),
                         "description": config.description, "origin": "local",
                         "path": display_path(folder)})
    return rows


def is_folder_name(name: str) -> bool:
    """A theme written as a folder (``./mine``, ``themes/mine``) rather than a name."""
    return "/" in name or "\\" in name or name.startswith(".")


def _find(name: str, root: Path, base: Path) -> Path:
    """A built-in theme by name, or a theme folder ``base / name`` that must lie inside
    ``root`` (the CV's folder) once symlinks and ``..`` are resolved."""
    if not is_folder_name(name):
        folder = builtin_themes_dir() / name
        if name and (folder / "theme.toml").is_file():
            return folder
        if name in installed_themes():
            return installed_themes()[name][0]
        known = [*available_themes(), *sorted(installed_themes())]
        raise ThemeError(f"no theme named `{name}`; themes: {', '.join(known)} "
                         "(`cvtool themes` lists them)")
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
        # A built-in theme extends built-in ones; an installed one, themes by name or
        # folders inside its own; a theme in the CV's folder extends a theme by name or
        # another folder inside the CV's folder.
        inside_builtin = folder.resolve().is_relative_to(builtin)
        installed = next((f for f, _ in installed_themes().values()
                          if folder.resolve().is_relative_to(f)), None)
        within = builtin if inside_builtin else installed or root
        try:
            folder = _find(config.extends, within, folder.parent)
        except ThemeError as exc:
            raise _at_key(folder / "theme.toml", "extends", str(exc)) from None
    options: dict[str, object] = {}
    floors: dict[str, object] = {}
    stylesheets: list[Path] = []
    latex: list[Path] = []
    fonts: dict[str, FontFiles] = {}
    layout: dict[str, object] = {}
    for theme_folder, config in reversed(chain):
        layout.update(config.layout.model_dump(exclude_none=True))
        for family, font in config.fonts.items():
            fonts[family.casefold()] = _font_files(theme_folder, family, font)
        options.update(config.options.model_dump(exclude_none=True))
        floors.update(config.floors.model_dump(exclude_none=True))
        for sheet in config.stylesheets:
            stylesheets.append(_theme_file(theme_folder, sheet, "stylesheet"))
        for preamble in config.latex:
            latex.append(_theme_file(theme_folder, preamble, "LaTeX file"))
    top = chain[0][1]
    style = merge_styles((f / "theme.toml", c.style) for f, c in reversed(chain))
    first = chain[0][0].resolve()
    theme_options = ThemeOptions.model_validate(options)
    for theme_folder, config in chain:
        if config.options.font is not None:
            own = Theme(name=config.name, description="", folders=(), stylesheets=(),
                        options=theme_options, floors=theme_options,
                        fonts=tuple(fonts.values()))
            problem = font_problem(config.options.font, own)
            if problem:
                path = theme_folder / "theme.toml"
                line, column = _key_position(path.read_text(encoding="utf-8"),
                                             ("options", "font"))
                raise theme_file_error(path, line, column, problem, "options.font")
            break
    origin = ("built-in" if first.is_relative_to(builtin) else
              "installed" if any(first == f for f, _ in installed_themes().values())
              else "local")
    return Theme(
        name=top.name, description=top.description,
        folders=tuple(f for f, _ in chain), stylesheets=tuple(stylesheets),
        options=theme_options, floors=ThemeOptions.model_validate(floors),
        latex=tuple(latex), style=style, fonts=tuple(fonts.values()), origin=origin,
        layout=Layout(sidebar=tuple(layout.get("sidebar", ())),  # type: ignore[arg-type]
                      contacts=str(layout.get("contacts", "header"))),
    )


def _font_files(folder: Path, family: str, font: ThemeFont) -> FontFiles:
    """A ``[fonts]`` family's files: each must be a .ttf or .otf inside the theme's own
    folder once ``..`` and symlinks are resolved (a located CV113 otherwise)."""
    root = folder.resolve()
    faces: dict[str, Path] = {}
    for face in FACES:
        name = getattr(font, face)
        if name is None:
            continue
        path = (folder / name).resolve()
        problem = None
        if Path(name).is_absolute() or not path.is_relative_to(root):
            problem = (f"font file {name} leads outside the theme's folder; a theme's fonts "
                       "must be inside it (no `..`, no symlinks leading out)")
        elif path.suffix.lower() not in FONT_SUFFIXES:
            problem = f"font file {name} is not a .ttf or .otf file"
        elif not path.is_file():
            problem = f"no font file {name} in the theme's folder"
        elif "regular" in faces and path.parent != faces["regular"].parent:
            problem = (f"font file {name} is not in the folder of the regular face; a "
                       "family's faces must be in one folder (XeLaTeX reads them from it)")
        if problem:
            path_toml = folder / "theme.toml"
            try:
                text = path_toml.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            line, column = _face_position(text, family, face)
            raise theme_file_error(path_toml, line, column, problem, f"fonts.{family}.{face}")
        faces[face] = path
    return FontFiles(family=family, folder=root, **faces)  # type: ignore[arg-type]


def _face_position(text: str, family: str, face: str) -> tuple[int, int]:
    """Where a ``[fonts]`` face is written: its ``face =`` (inline table or its own
    table), else the family's line."""
    lines = text.splitlines()
    fam = re.compile(r'^\s*(\[\s*fonts\s*\.\s*)?("?)' + re.escape(family) + r'\2\s*[\]=]')
    for index, line in enumerate(lines):
        if fam.match(line):
            for later in range(index, min(index + 6, len(lines))):
                found = re.search(r"\b" + face + r"\s*=", lines[later])
                if found and (later == index or not lines[later].lstrip().startswith("[")):
                    return later + 1, found.start() + 1
            return index + 1, 1
    return _key_position(text, ("fonts",))


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
    font = BUNDLED_FAMILIES.get(str(merged["font"]).casefold(), str(merged["font"]))
    merged["font"] = font
    if font not in ("serif", "sans"):
        own = theme.font(font)
        merged["font"] = generic_family(font)
        return ResolvedDesign(page_size=design.page_size, dates=design.dates,
                              family=own.family if own else font, **merged)
    return ResolvedDesign(page_size=design.page_size, dates=design.dates, **merged)


BUNDLED_FAMILIES = {"noto serif": "serif", "noto sans": "sans"}


def with_design_colors(theme: Theme, design: Design) -> Theme:
    """The theme with the CV's ``design.colors`` over its colour tokens (both engines read
    the tokens, so both follow)."""
    colors = getattr(design, "colors", None)
    if colors is None:
        return theme
    chosen = {k: six_digits(v) for k, v in colors.model_dump(exclude_none=True).items()}
    if not chosen:
        return theme
    style = theme.style.model_copy(update={
        "colors": theme.style.colors.model_copy(update=chosen)})
    return replace(theme, style=style)


@lru_cache(maxsize=1)
def system_families() -> tuple[str, ...]:
    """Font families fontconfig knows (empty when fc-list is missing)."""
    from cvtool.fontconfig import fc_list

    listing = fc_list("%{family}\n")
    return tuple(sorted({name.strip() for line in listing.splitlines()
                         for name in line.split(",") if name.strip()}))


def font_problem(font: str | None, theme: Theme) -> str | None:
    """Why a design's ``font`` cannot be used with this theme (None: it can): not serif,
    sans, one of the theme's fonts nor a family fontconfig knows; names close matches."""
    import difflib

    if (font is None or font.casefold() in ("serif", "sans", *BUNDLED_FAMILIES)
            or theme.font(font) is not None):
        return None
    families = system_families()
    if font.casefold() in {f.casefold() for f in families}:
        return None
    known = ["serif", "sans", "Noto Serif", "Noto Sans", *(f.family for f in theme.fonts),
             *families]
    by_fold = {f.casefold(): f for f in known}
    close = difflib.get_close_matches(font.casefold(), list(by_fold), n=3, cutoff=0.6)
    hint = (f"; did you mean {', '.join(f'`{by_fold[c]}`' for c in close)}?" if close
            else "; `fc-list : family` lists the installed ones")
    return (f"no font family `{font}`: not serif or sans, not among the theme's fonts nor "
            f"installed{hint}")

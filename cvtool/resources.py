"""The files a CV names besides itself, its themes and its photo, checked before rendering.

``cvtool validate``, ``cvtool lint`` and every build ask :func:`resource_diagnostics`, so they
report the same problems, each located at the value in the source that names the file
(``design.theme``, ``variants.resume.design.theme``, ``photo``) or, for a malformed theme, at
the line of its ``theme.toml``. Nothing here needs a layout, WeasyPrint or pylatex; Pillow is
imported only when the CV has a photo.
"""

from __future__ import annotations

import struct
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from cvtool.errors import Diagnostic, DiagnosticsError, Severity, ThemeError
from cvtool.localfiles import inside

if TYPE_CHECKING:
    from cvtool.loader import LoadedCv

PHOTO_CODE = "CV110"
MAX_PHOTO_PIXELS = 40_000_000  # 40 megapixels: far more than any printed photo needs
MAX_PHOTO_BYTES = 20 * 1024 * 1024
_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}
_OTHER = {b"GIF87a": "GIF", b"GIF89a": "GIF", b"BM": "BMP", b"II*\x00": "TIFF",
          b"MM\x00*": "TIFF", b"%PDF": "PDF"}


def image_format(data: bytes) -> str | None:
    """``png`` or ``jpeg`` from a file's first bytes (never its name); None for anything
    else. Both engines (WeasyPrint and XeLaTeX) can place these two."""
    for signature, kind in _SIGNATURES.items():
        if data.startswith(signature):
            return kind
    return None


def image_suffix(kind: str) -> str:
    return ".jpg" if kind == "jpeg" else f".{kind}"


def _other_format(head: bytes) -> str | None:
    """A name for a format cvtool does not place, to say what the file is."""
    for signature, name in _OTHER.items():
        if head.startswith(signature):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml")) and b"<svg" in head.lower():
        return "SVG"
    return None


def photo_problem(path: Path) -> str | None:
    """Why the file at ``path`` cannot be the photo, or None when it can."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError as exc:
        return f"cannot read the photo: {exc.strerror or exc}"
    kind = image_format(head)
    if kind is None:
        other = _other_format(head)
        if other == "SVG":
            return ("the photo is an SVG image, which the LaTeX engine cannot place; "
                    "use PNG or JPEG")
        what = f"a {other} image" if other else "not an image cvtool can read"
        return f"the photo is {what}; use PNG or JPEG"
    if size > MAX_PHOTO_BYTES:
        return (f"the photo is {size / 1024 / 1024:.0f} MiB; at most "
                f"{MAX_PHOTO_BYTES // 1024 // 1024} MiB (a PNG or JPEG of a few hundred pixels "
                "is plenty)")
    if kind == "png" and head[12:16] == b"IHDR":  # the size, before Pillow reads anything
        width, height = struct.unpack(">II", head[16:24])
        if width * height > MAX_PHOTO_PIXELS:
            return _too_large(width, height)
    return _decode_problem(path, kind)


def _decode_problem(path: Path, kind: str) -> str | None:
    """Decode the image with Pillow: its size from the header first (before decoding any
    pixel), then the whole file."""
    from PIL import Image

    name = "PNG" if kind == "png" else "JPEG"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_PHOTO_PIXELS:
                    return _too_large(width, height)
                image.verify()
            with Image.open(path) as image:
                image.draft("RGB", (256, 256))  # JPEG: decode at a reduced scale
                image.load()
    except Image.DecompressionBombError:
        return _too_large(None, None)
    except Exception as exc:  # Pillow raises many kinds for a damaged file
        return f"the photo is not a readable {name} image ({exc})"
    return None


def _too_large(width: int | None, height: int | None) -> str:
    size = f"{width}×{height} pixels" if width and height else "too many pixels"
    return (f"the photo has {size}; at most {MAX_PHOTO_PIXELS // 1_000_000} megapixels "
            "(scale it down)")


def check_photo(loaded: LoadedCv) -> tuple[Path | None, list[Diagnostic]]:
    """The photo's real path when it is a usable image inside the CV's folder, and the
    problems found (located at ``photo:``)."""
    if loaded.cv.photo is None:
        return None, []
    path = inside(loaded.path.parent, loaded.cv.photo)
    if path is None:
        problem = "the photo must be inside the CV's folder"
    elif not path.is_file():
        problem = f"no such image: {loaded.cv.photo}"
    else:
        problem = photo_problem(path)
    if problem is None:
        return path, []
    return None, [Diagnostic(PHOTO_CODE, problem, Severity.ERROR,
                             loaded.source.value_at(("photo",)), "photo")]


def theme_references(loaded: LoadedCv) -> list[tuple[tuple[str, ...], str]]:
    """Every theme the CV names, with where: ``design.theme`` and each variant's."""
    cv = loaded.cv
    found = [(("design", "theme"), cv.design.theme)]
    for name, variant in cv.variants.items():
        if variant.design.theme is not None:
            found.append((("variants", name, "design", "theme"), variant.design.theme))
    return found


def theme_diagnostics(loaded: LoadedCv) -> list[Diagnostic]:
    """Load every theme the CV names; each that cannot be loaded is a located error."""
    from cvtool.errors import format_path
    from cvtool.themes import THEME_CODE, load_theme

    problems: list[Diagnostic] = []
    for path, name in theme_references(loaded):
        try:
            theme = load_theme(name, loaded.path.parent)
            problems.extend(_font_diagnostics(loaded, path[:-1], theme))
        except DiagnosticsError as exc:  # located in the theme's own files
            problems.extend(d for d in exc.diagnostics if d not in problems)
        except ThemeError as exc:
            problems.append(Diagnostic(THEME_CODE, str(exc), Severity.ERROR,
                                       loaded.source.value_at(path), format_path(path)))
    return problems


def _font_diagnostics(loaded: LoadedCv, design_path: tuple, theme: object) -> list[Diagnostic]:
    """CV105 at a ``design.font`` (or a variant's) that is not serif, sans, a font of the
    theme nor an installed family (a theme's own ``font`` option is checked as it loads)."""
    from cvtool.errors import format_path
    from cvtool.themes import font_problem

    data = loaded.data
    for key in design_path:
        data = data.get(key) if isinstance(data, dict) else None
    font = data.get("font") if isinstance(data, dict) else None
    path = (*design_path, "font")
    if not isinstance(font, str):
        return []
    problem = font_problem(font, theme)  # type: ignore[arg-type]
    if problem is None:
        return []
    return [Diagnostic("CV105", problem, Severity.ERROR, loaded.source.value_at(path),
                       format_path(path))]


def resource_diagnostics(loaded: LoadedCv, *, themes: bool = True) -> list[Diagnostic]:
    """Every problem with the files the CV names: its themes (unless ``themes`` is False,
    when a build is told to use another theme) and its photo."""
    problems = theme_diagnostics(loaded) if themes else []
    return [*problems, *check_photo(loaded)[1]]

"""The local files a build may read, and the one check that they stay where they belong.

A CV names a photo and .bib files by relative path; the PDF renderer is asked for theme files,
fonts and images by URL. Each of them must resolve (symlinks followed) to a file under an
allowed folder, and every reader asks that the same way, here. This module imports nothing
heavy, so the PDF worker process can use it without loading the schema.
"""

from __future__ import annotations

from pathlib import Path

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


def inside(root: Path, path: str | Path) -> Path | None:
    """The real path of ``path`` (relative to ``root``, or absolute) when it lies under
    ``root`` once symlinks and ``..`` are resolved; None when it leads outside."""
    base = root.resolve()
    target = (base / path).resolve()
    return target if target.is_relative_to(base) else None

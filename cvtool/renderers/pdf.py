"""PDF through WeasyPrint, from the theme's HTML and CSS.

WeasyPrint is imported here only, when a PDF is asked for. Its URL fetcher is replaced by one
that reads local files inside the theme, the bundled fonts, and images inside the CV's own
folder, and refuses everything else (other files, http(s), data:) with a clear error: a CV
never makes a network request or reads a file it was not meant to.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from cvtool.document import Document
from cvtool.errors import RenderError, UnsafeReferenceError
from cvtool.renderers.html import render_html
from cvtool.renderers.weasyprint_import import import_weasyprint
from cvtool.schema.common import IMAGE_SUFFIXES
from cvtool.themes import ResolvedDesign, Theme

# WeasyPrint reports missing glyphs through logging; cvtool reports them itself, located in
# the source (see cvtool.fonts), so WeasyPrint's own messages are not printed.
logging.getLogger("weasyprint").addHandler(logging.NullHandler())
logging.getLogger("weasyprint").propagate = False


def _weasyprint() -> Any:
    try:
        return import_weasyprint()
    except OSError as exc:  # Pango or its friends are missing
        raise RenderError(
            f"PDF output needs Pango ({exc}); run scripts/install-system-deps.sh or "
            "apt-get install --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 "
            "libharfbuzz-subset0") from None


def allowed_path(url: str, theme_roots: tuple[Path, ...], cv_dir: Path | None) -> Path | None:
    """The local file a URL may be read from, or None when it must be refused."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()
    if any(path.is_relative_to(root.resolve()) for root in theme_roots):
        return path
    if cv_dir is not None and path.is_relative_to(cv_dir.resolve()) \
            and path.suffix.lower() in IMAGE_SUFFIXES:
        return path
    return None


@dataclass
class RenderedPdf:
    data: bytes
    pages: int


def _created() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() \
        else datetime.now(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def layout_pdf(doc: Document, theme: Theme, design: ResolvedDesign,
               cv_dir: Path | None = None) -> Any:
    """Lay the document out with WeasyPrint (pages, boxes), without writing a PDF yet."""
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    roots = theme.allowed_roots

    class Refused(FatalURLFetchingError):
        pass

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            path = allowed_path(url, roots, cv_dir)
            if path is None:
                raise Refused(url)
            try:
                return URLFetcherResponse(url, body=path.read_bytes())
            except OSError as exc:
                raise RenderError(f"cannot read {path}: {exc.strerror}") from None

    html = render_html(doc, theme, design, for_print=True, created=_created())
    base = (cv_dir or Path.cwd()).resolve().as_uri() + "/"
    try:
        return weasyprint.HTML(string=html, base_url=base,
                               url_fetcher=LocalOnlyFetcher()).render()
    except Refused as exc:
        raise UnsafeReferenceError(
            f"refused to load {str(exc)[:120]}: a CV may only use the theme's files, the "
            "bundled fonts and images inside its own folder") from None


def write_pdf(document: Any) -> bytes:
    """The PDF bytes of a laid-out document (a fixed identifier keeps builds reproducible)."""
    return bytes(document.write_pdf(pdf_identifier=b"cvtool"))


def render_pdf(doc: Document, theme: Theme, design: ResolvedDesign,
               cv_dir: Path | None = None) -> RenderedPdf:
    document = layout_pdf(doc, theme, design, cv_dir)
    return RenderedPdf(write_pdf(document), len(document.pages))

"""HTML to PDF through WeasyPrint, reading local files only.

WeasyPrint's URL fetcher is replaced by one that reads files inside the theme, the bundled
fonts, and images inside the CV's own folder, and refuses everything else (other files,
http(s), data:) with a clear error: a CV never makes a network request or reads a file it
was not meant to. This module knows nothing of the CV schema, so that the PDF worker process
(cvtool.renderers.pdf_worker) starts without loading it.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlsplit

from cvtool.errors import RenderError, UnsafeReferenceError
from cvtool.localfiles import IMAGE_SUFFIXES, inside
from cvtool.renderers.weasyprint_import import import_weasyprint

# WeasyPrint reports missing glyphs through logging; cvtool reports them itself, located in
# the source (see cvtool.fonts), so WeasyPrint's own messages are not printed.
logging.getLogger("weasyprint").addHandler(logging.NullHandler())
logging.getLogger("weasyprint").propagate = False


# The one data: URL the PDF reads: an SVG in base64, as cvtool draws its icons.
SVG_DATA = "data:image/svg+xml;base64,"


@dataclass(frozen=True)
class PdfRequest:
    """What WeasyPrint needs to typeset a CV: the print HTML, the folder relative URLs are
    read from, and the folders files may be read from."""

    html: str
    theme_roots: tuple[Path, ...]
    cv_dir: Path | None = None


@dataclass
class RenderedPdf:
    data: bytes
    pages: int
    last_fill: float = 1.0  # how full the last page is, 0 to 1 (see :func:`last_page_fill`)


def weasyprint_module() -> ModuleType:
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
    path = Path(unquote(parts.path))
    for root in theme_roots:
        found = inside(root, path)
        if found is not None:
            return found
    found = inside(cv_dir, path) if cv_dir is not None else None
    if found is not None and found.suffix.lower() in IMAGE_SUFFIXES:
        return found
    return None


def layout(request: PdfRequest) -> Any:
    """Lay the HTML out with WeasyPrint (pages, boxes), without writing a PDF yet."""
    weasyprint = weasyprint_module()
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class Refused(FatalURLFetchingError):
        pass

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith(SVG_DATA):  # an icon: markup only, anything it names is
                # fetched through this same fetcher (and refused)
                try:
                    body = base64.b64decode(url[len(SVG_DATA):], validate=True)
                except ValueError:
                    raise Refused(url) from None
                return URLFetcherResponse(url, body=body, headers={
                    "Content-Type": "image/svg+xml"})
            path = allowed_path(url, request.theme_roots, request.cv_dir)
            if path is None:
                raise Refused(url)
            try:
                return URLFetcherResponse(url, body=path.read_bytes())
            except OSError as exc:
                raise RenderError(f"cannot read {path}: {exc.strerror}") from None

    base = (request.cv_dir or Path.cwd()).resolve().as_uri() + "/"
    try:
        return weasyprint.HTML(string=request.html, base_url=base,
                               url_fetcher=LocalOnlyFetcher()).render()
    except Refused as exc:
        raise UnsafeReferenceError(
            f"refused to load {str(exc)[:120]}: a CV may only use the theme's files, the "
            "bundled fonts and images inside its own folder") from None


def write_pdf(document: Any) -> bytes:
    """The PDF bytes of a laid-out document (a fixed identifier keeps builds reproducible).

    Tagged, as PDF/UA-1: a structure tree in reading order (headings, lists, links) that
    screen readers and applicant tracking systems can follow, the document's language from
    the HTML's ``lang``, and page decoration (rules, the running footer) as artifacts."""
    return bytes(document.write_pdf(pdf_identifier=b"cvtool", pdf_variant="pdf/ua-1"))


def last_page_used(document: Any) -> float:
    """How much of the last page's content area the content takes, in CSS px: the bottom
    of the root box's last fragment (the running footer sits in the margin, outside it)."""
    page_box = document.pages[-1]._page_box  # WeasyPrint's laid-out page (no public accessor)
    root = page_box.children[0]
    return root.position_y + root.margin_height() - page_box.content_box_y()


def last_page_fill(document: Any) -> float:
    """:func:`last_page_used` as a share of the page's content area, from 0 to 1."""
    height = document.pages[-1]._page_box.height
    return max(0.0, min(1.0, last_page_used(document) / height)) if height else 1.0


def render(request: PdfRequest) -> RenderedPdf:
    document = layout(request)
    return RenderedPdf(write_pdf(document), len(document.pages), last_page_fill(document))

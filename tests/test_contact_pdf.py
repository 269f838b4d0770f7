"""The contact line and links as facts of the PDF, in both engines and every theme: each
link is drawn in the link colour (pixels under its annotation), the icons draw no text,
and weight 600 uses the bundled SemiBold."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from cvtool.loader import load
from cvtool.pipeline import prepare, render
from tests.conftest import FIXTURES, ROOT

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("pdftoppm") is None,
                                 reason="poppler-utils is not installed")]

THEMES = ("classic", "modern", "compact")
ENGINES = ("weasyprint", pytest.param("latex", marks=pytest.mark.tex))
LINKS = FIXTURES / "links.yaml"
DPI = 200


def _pdf(source: Path, theme: str, engine: str) -> tuple[bytes, str]:
    job = prepare(load(source), theme)
    return render(replace(job, pdf_engine=engine), "pdf"), job.design.accent


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    cache: dict[tuple[str, str], tuple[Path, str]] = {}
    out = tmp_path_factory.mktemp("contacts")

    def get(theme: str, engine: str) -> tuple[Path, str]:
        if (theme, engine) not in cache:
            data, accent = _pdf(LINKS, theme, engine)
            path = out / f"{theme}-{engine}.pdf"
            path.write_bytes(data)
            cache[theme, engine] = path, accent
        return cache[theme, engine]
    return get


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def link_ink(path: Path, before: bool = False) -> list[tuple[str, tuple[float, float, float]]]:
    """For each link annotation: its target and the mean colour of the darkest third of
    the ink (pixels clearly not paper) inside its rectangle, from a 200 dpi rendering.
    Anti-aliased edges are lighter blends with the paper; the darkest pixels are the
    glyphs' own colour. ``before``: the ink in a square as high as the link just before
    it instead (a contact's icon)."""
    reader = pypdf.PdfReader(path)
    found = []
    for number, page in enumerate(reader.pages, 1):
        annots = [a.get_object() for a in page.get("/Annots", [])]
        links = [a for a in annots if a.get("/Subtype") == "/Link"]
        if not links:
            continue
        png = subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(number), "-l",
                              str(number), str(path)], capture_output=True, check=True).stdout
        image = Image.open(io.BytesIO(png)).convert("RGB")
        top = float(page.mediabox.top)
        scale = DPI / 72
        for link in links:
            x0, y0, x1, y1 = (float(v) for v in link["/Rect"])
            if before:
                x0, x1 = min(x0, x1) - 1.2 * abs(y1 - y0), min(x0, x1) - 0.5
            box = (round(min(x0, x1) * scale), round((top - max(y0, y1)) * scale),
                   round(max(x0, x1) * scale), round((top - min(y0, y1)) * scale))
            raw = image.crop(box).tobytes()
            pixels = [tuple(raw[i:i + 3]) for i in range(0, len(raw), 3)]
            ink = [p for p in pixels if sum(p) < 3 * 200]
            if not ink:
                continue
            ink.sort(key=sum)
            dark = ink[:max(1, len(ink) // 3)]
            mean = tuple(sum(p[i] for p in dark) / len(dark) for i in range(3))
            action = link.get("/A", {})
            found.append((str(action.get("/URI", action.get("/D", "internal"))), mean))
    return found


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("theme", THEMES)
def test_every_link_is_drawn_in_the_link_colour(pdfs, theme, engine):
    path, accent = pdfs(theme, engine)
    target = _rgb(accent)
    links = link_ink(path)
    # contacts (5 with a link), the bullet's link and citation, the entry's and paper's links
    assert len(links) >= 9
    assert len(links) == len(pypdf_links(path)), "a link with no ink under it"
    for uri, mean in links:
        assert all(abs(m - t) <= 40 for m, t in zip(mean, target, strict=True)), \
            f"{theme}/{engine}: the link {uri} is drawn in {mean}, not {accent}"


def pypdf_links(path: Path) -> list[object]:
    return [a for page in pypdf.PdfReader(path).pages for a in page.get("/Annots", [])
            if a.get_object().get("/Subtype") == "/Link"]


CONTACT_URIS = {"mailto:ada@example.org", "https://www.example.org/",
                "https://orcid.org/0000-0002-1825-0097", "https://mastodon.social/@ada",
                "https://blog.example.org/"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("theme", THEMES)
def test_contact_icons_are_drawn_in_the_icon_colour(pdfs, theme, engine):
    """Every theme's `icon` token is the accent: the ink just before each contact's link
    (its icon) is the accent colour, not the text's black."""
    path, accent = pdfs(theme, engine)
    icons = {uri: mean for uri, mean in link_ink(path, before=True) if uri in CONTACT_URIS}
    assert set(icons) == CONTACT_URIS
    for uri, mean in icons.items():
        assert all(abs(m - t) <= 40 for m, t in zip(mean, _rgb(accent), strict=True)), \
            f"{theme}/{engine}: the icon of {uri} is drawn in {mean}, not {accent}"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("theme", THEMES)
def test_contact_icons_draw_no_text(pdfs, theme, engine):
    path, _ = pdfs(theme, engine)
    text = subprocess.run(["pdftotext", "-l", "1", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    head = text.split("Analytical")[0]
    assert not any(ord(c) > 0x2000 and c not in "–—‘’“”…" for c in head), head
    for label in ("E-mail", "Homepage", "ORCID:", "Mastodon", "Blog"):
        assert label not in head  # icons, not labels, and no emoji
    for shown in ("ada@example.org", "example.org", "orcid.org/0000-0002-1825-0097",
                  "Google Scholar", "mastodon.social/@ada", "blog.example.org"):
        assert shown in head
    assert "https://" not in head and "www." not in head
    uris = {uri for uri, _ in link_ink(path)}
    assert {"https://www.example.org/", "https://blog.example.org/",
            "https://mastodon.social/@ada", "mailto:ada@example.org"} <= uris


@pytest.mark.parametrize("engine", ENGINES)
def test_weight_600_uses_the_bundled_semibold(engine):
    data, _ = _pdf(ROOT / "data" / "cv.yaml", "modern", engine)
    fonts = "".join(str(f.get("/BaseFont", "")) for page in pypdf.PdfReader(io.BytesIO(data)).pages
                    for f in (page["/Resources"].get("/Font") or {}).values()
                    for f in [f.get_object()])
    assert "SemiBold" in fonts.replace("-", ""), fonts


CV_CONTACTS = {"https://zhiheng.li", "https://www.linkedin.com/in/zhiheng-li-ur/",
               "mailto:zhiheng.li@ieee.org", "tel:+15855550199",
               "https://github.com/zhihengli-UR"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("theme", THEMES)
def test_contact_lines_are_balanced(theme, engine):
    """data/cv.yaml's contacts: on one line, or on lines whose counts differ by at most one
    (3 + 2, never 4 + 1 with an item stranded on the last line)."""
    data, _ = _pdf(ROOT / "data" / "cv.yaml", theme, engine)
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    tops: list[float] = []
    for annot in page.get("/Annots", []):
        link = annot.get_object()
        if link.get("/A", {}).get("/URI") in CV_CONTACTS:
            tops.append(max(float(link["/Rect"][1]), float(link["/Rect"][3])))
    assert len(tops) == len(CV_CONTACTS)
    lines: list[list[float]] = []
    for top in sorted(tops, reverse=True):
        if lines and abs(lines[-1][0] - top) < 3:
            lines[-1].append(top)
        else:
            lines.append([top])
    counts = [len(line) for line in lines]
    assert max(counts) - min(counts) <= 1, f"{theme}/{engine}: items per line {counts}"

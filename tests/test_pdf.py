"""PDFs are checked by facts: pages, extracted text, links, fonts, metadata, safety."""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
from pathlib import Path

import pypdf
import pytest

from cvtool.build import BuildRequest, build
from cvtool.errors import DiagnosticsError, UnsafeReferenceError
from cvtool.loader import load, load_text
from cvtool.pipeline import balanced, prepare, render
from tests.conftest import (
    ROOT,
    SEED_000_URL_WORDS,
    SEED_003_TEX_WORDS,
    SEED_CV,
    SEED_PROFILE,
    words,
)

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("pdftotext") is None,
                                 reason="poppler-utils is not installed")]

THEMES = ("classic", "modern", "compact")
EXPECTED_PAGES = {"classic": 4, "modern": 4, "compact": 3}


def pdf_of(source: Path, theme: str | None = None) -> bytes:
    """The PDF as a build makes it: balanced (a runt last page pulled back)."""
    return render(balanced(prepare(load(source), theme)), "pdf")


@pytest.fixture(scope="module")
def cv_pdfs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdfs")
    paths = {}
    for theme in THEMES:
        path = out / f"cv-{theme}.pdf"
        path.write_bytes(pdf_of(ROOT / "data" / "cv.yaml", theme))
        paths[theme] = path
    return paths


@pytest.fixture(scope="module")
def profile_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("profile") / "profile.pdf"
    path.write_bytes(pdf_of(ROOT / "examples" / "researcher-profile.yaml"))
    return path


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def pypdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


@pytest.mark.parametrize("theme", THEMES)
def test_page_count(cv_pdfs, theme):
    assert len(pypdf.PdfReader(cv_pdfs[theme]).pages) == EXPECTED_PAGES[theme]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("extract", [pdftotext, pypdf_text], ids=["pdftotext", "pypdf"])
def test_every_seed_word_survives_extraction(cv_pdfs, seed_text, theme, extract):
    missing = words(seed_text(SEED_CV)) - words(extract(cv_pdfs[theme])) - SEED_000_URL_WORDS
    assert not missing, sorted(missing)


@pytest.mark.parametrize("extract", [pdftotext, pypdf_text], ids=["pdftotext", "pypdf"])
def test_profile_seed_words_survive_extraction(profile_pdf, seed_text, extract):
    text = seed_text(SEED_PROFILE)
    # The seed glues a score, a category and a month ("18.8LGJul"); the PDF separates them.
    glued = set(words(" ".join(line for line in text.splitlines() if line[:1].isdigit())))
    missing = (words(text) - words(extract(profile_pdf)) - {w for w in glued if len(w) > 3}
               - SEED_003_TEX_WORDS)
    assert not missing, sorted(missing)


def test_reading_order_and_intact_identity(cv_pdfs):
    text = pypdf_text(cv_pdfs["classic"])
    order = ["Zhiheng Li", "zhiheng.li@ieee.org", "Education", "University of Rochester",
             "Research Interests", "Working Experience", "Microsoft AI", "Internship Experience",
             "Professional Services", "Skills", "Publications", "Chemical Science"]
    positions = [text.find(item) for item in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)


def test_no_ligature_code_points(cv_pdfs):
    for path in cv_pdfs.values():
        text = pdftotext(path) + pypdf_text(path)
        assert not [c for c in text if 0xFB00 <= ord(c) <= 0xFB4F]


def test_links_are_live_annotations(cv_pdfs):
    reader = pypdf.PdfReader(cv_pdfs["classic"])
    uris = {annot.get_object()["/A"]["/URI"] for page in reader.pages
            for annot in page.get("/Annots", []) if "/A" in annot.get_object()}
    assert {"https://zhiheng.li", "https://www.linkedin.com/in/zhiheng-li-ur/",
            "mailto:zhiheng.li@ieee.org", "https://github.com/zhihengli-UR",
            "https://arxiv.org/abs/2412.12391"} <= uris


def test_only_bundled_fonts_are_embedded(cv_pdfs):
    for theme, path in cv_pdfs.items():
        listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                                 check=True).stdout.splitlines()[2:]
        names = {line.split()[0].split("+", 1)[-1] for line in listing}
        assert names and all(n.startswith("cvtool-") for n in names), (theme, names)
        assert all(line.split()[-5] == "yes" for line in listing)  # embedded
        # the contact icons are drawings, not emoji: no emoji font is needed
        assert not any("Emoji" in n for n in names), (theme, names)


def test_metadata(cv_pdfs):
    meta = pypdf.PdfReader(cv_pdfs["modern"]).metadata
    assert meta.title == "Zhiheng Li – Curriculum Vitae"
    assert meta.author == "Zhiheng Li"
    assert "Zhiheng Li" in meta.subject
    assert "PyTorch" in meta["/Keywords"]


def baselines(path: Path, *texts: str) -> dict[str, float]:
    """The baseline (text-space y) where each of ``texts`` is first drawn."""
    found: dict[str, float] = {}

    def visit(text, cm, tm, font, size):  # type: ignore[no-untyped-def]
        for wanted in texts:
            if wanted in text and wanted not in found:
                found[wanted] = round(tm[5], 2)

    for page in pypdf.PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("theme", THEMES)
def test_place_and_dates_sit_on_the_first_line_of_their_row(cv_pdfs, theme):
    """Right-hand parts share the baseline of the left, and stay on the first line when a
    long title wraps (as in the LaTeX output), whatever their size in the theme."""
    found = baselines(cv_pdfs[theme], "University of Rochester", "Rochester, NY, USA",
                      "Interpretable Visual", "Jun 2019")
    assert found["University of Rochester"] == found["Rochester, NY, USA"]
    # A date column's smaller text is moved down onto the title's baseline by a computed
    # shift (--cv-date-shift): within a fifth of a point.
    assert abs(found["Interpretable Visual"] - found["Jun 2019"]) < 0.25


def test_footer_from_page_two(cv_pdfs):
    pages = [page.extract_text() for page in pypdf.PdfReader(cv_pdfs["classic"]).pages]
    assert "page 1 of" not in pages[0]
    assert "Zhiheng Li · page 2 of 4" in pages[1]
    assert "Zhiheng Li · page 4 of 4" in pages[3]


def test_reproducible_with_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    source = ROOT / "examples" / "minimal.yaml"
    first, second = pdf_of(source), pdf_of(source)
    assert first == second
    reader = pypdf.PdfReader(io.BytesIO(first))
    assert reader.metadata["/CreationDate"].startswith("D:20231114")


def write(tmp_path: Path, text: str, name: str = "cv.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_markup_payloads_print_literally_and_fetch_nothing(tmp_path, monkeypatch):
    import cvtool.renderers.weasyprint_pdf as pdf_module

    asked: list[str] = []
    original = pdf_module.allowed_path

    def spy(url, roots, cv_dir):
        asked.append(url)
        return original(url, roots, cv_dir)

    monkeypatch.setattr(pdf_module, "allowed_path", spy)
    source = write(tmp_path, (
        "name: Mallory\n"
        "sections:\n"
        "  Experience:\n"
        "    - organization: '<img src=\"file:///etc/passwd\">'\n"
        "      highlights:\n"
        "        - '<link rel=stylesheet href=\"http://evil.example/x.css\"> <style>@import"
        " url(http://evil.example/y.css);</style>'\n"))
    (out,) = build(BuildRequest(source, ("pdf",), tmp_path / "out")).written
    text = pdftotext(out)
    assert '<img src="file:///etc/passwd">' in text
    assert "http://evil.example/x.css" in text
    assert not [u for u in asked if "passwd" in u or "evil" in u]
    assert all(u.startswith("file://") for u in asked)


def test_colour_option_cannot_inject_css(tmp_path):
    source = write(tmp_path, "name: X\ndesign:\n  accent: 'red; background: url(http://e.x/a)'\n")
    with pytest.raises(DiagnosticsError, match=r"cv.yaml:3:11: error\[CV108\]"):
        build(BuildRequest(source, ("pdf",), tmp_path / "out"))


@pytest.mark.parametrize("photo", ["file:///etc/passwd", "http://example.com/me.png",
                                   "data:image/png;base64,AAAA", "/etc/passwd.png",
                                   "../outside.png"])
def test_photo_outside_the_cv_folder_is_refused(tmp_path, photo):
    source = write(tmp_path, f"name: X\nphoto: '{photo}'\n")
    with pytest.raises(DiagnosticsError, match=r"cv.yaml:2:8: error\[CV110\]: photo"):
        load(source)


def test_photo_symlink_leaving_the_folder_is_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"\x89PNG")
    cv_dir = tmp_path / "cv"
    cv_dir.mkdir()
    (cv_dir / "me.png").symlink_to(outside / "secret.png")
    source = write(cv_dir, "name: X\nphoto: me.png\n")
    with pytest.raises(DiagnosticsError, match=r"error\[CV110\]: photo: the photo must be inside"):
        build(BuildRequest(source, ("pdf",), tmp_path / "out"))


def test_photo_inside_the_folder_is_embedded(tmp_path):
    from PIL import Image

    Image.new("RGB", (60, 80), (200, 30, 30)).save(tmp_path / "me.png")
    source = write(tmp_path, "name: X\nphoto: me.png\n")
    (out,) = build(BuildRequest(source, ("pdf",), tmp_path / "out")).written
    page = pypdf.PdfReader(out).pages[0]
    assert len(page.images) == 1


def test_theme_stylesheet_cannot_reach_the_network(tmp_path):
    theme = tmp_path / "evil-theme"
    theme.mkdir()
    (theme / "theme.toml").write_text('name = "evil"\ndescription = "x"\nextends = "base"\n'
                                      'stylesheets = ["evil.css"]\n')
    (theme / "evil.css").write_text("body { background: url(http://example.com/track.png) }")
    source = write(tmp_path, "name: X\ndesign:\n  theme: ./evil-theme\n")
    with pytest.raises(UnsafeReferenceError, match=r"refused to load http://example\.com"):
        build(BuildRequest(source, ("pdf",), tmp_path / "out"))


def test_build_works_with_sockets_disabled(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    (out,) = build(BuildRequest(ROOT / "examples" / "minimal.yaml", ("pdf",), tmp_path)).written
    assert "Ada Lovelace" in pdftotext(out)


def test_characters_no_font_can_draw_stop_the_build_at_their_place(tmp_path, monkeypatch):
    """CV201 is an error for a PDF (it was a warning): with `missing_glyphs: box` the PDF is
    made, with the same diagnostic as a warning."""
    import cvtool.fonts as fonts

    monkeypatch.setattr(fonts, "system_ranges", lambda: ())
    text = "name: X\nsections:\n  Education:\n    - institution: 武汉大学\n"
    source = write(tmp_path, text)
    with pytest.raises(DiagnosticsError) as raised:
        build(BuildRequest(source, ("pdf",), tmp_path / "out"))
    (error,) = raised.value.diagnostics
    assert error.format().startswith(f"{source}:4:20: error[CV201]: ")
    assert "U+6B66" in error.message and "fonts-noto-cjk" in (error.hint or "")
    assert not (tmp_path / "out").exists()
    source = write(tmp_path, text + "design: {missing_glyphs: box}\n")
    warnings = build(BuildRequest(source, ("pdf",), tmp_path / "out")).warnings
    assert [w.format().split(": ")[0] for w in warnings] == [f"{source}:4:20"]
    assert "U+6B66" in warnings[0].message and warnings[0].severity == "warning"


def test_installed_cjk_font_silences_the_warning(tmp_path, monkeypatch):
    import cvtool.fonts as fonts

    monkeypatch.setattr(fonts, "system_ranges", lambda: ((0x4E00, 0x9FFF),))
    loaded = load_text("name: X\nheadline: 武汉大学\n", "cv.yaml")
    assert fonts.missing_glyph_diagnostics(loaded) == []



def _svg_background_page(svg: str) -> str:
    import base64

    from cvtool.renderers.weasyprint_pdf import SVG_DATA

    url = SVG_DATA + base64.b64encode(svg.encode()).decode()
    return ('<p><span style="display: inline-block; width: 1em; height: 1em; '
            f"background-image: url('{url}')\"></span>x</p>")


def test_an_svg_data_url_reads_nothing_outside(tmp_path, monkeypatch):
    """The PDF reads one kind of data: URL, an icon's SVG; what that SVG names goes through
    the same fetcher, and a file outside is refused (WeasyPrint then draws no image)."""
    from cvtool.renderers import weasyprint_pdf
    from cvtool.renderers.weasyprint_pdf import PdfRequest, layout, write_pdf

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG not for the PDF")
    answers = []
    checked = weasyprint_pdf.allowed_path

    def spy(url, *rest):
        answers.append((url, checked(url, *rest)))
        return answers[-1][1]

    monkeypatch.setattr(weasyprint_pdf, "allowed_path", spy)
    prying = ('<svg xmlns="http://www.w3.org/2000/svg" '
              'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 24 24">'
              f'<image xlink:href="{secret.as_uri()}" width="24" height="24"/></svg>')
    pdf = write_pdf(layout(PdfRequest(_svg_background_page(prying), (), tmp_path / "cv")))
    assert answers == [(secret.as_uri(), None)]
    assert b"not for the PDF" not in pdf
    plain = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"/>'
    assert len(layout(PdfRequest(_svg_background_page(plain), (), tmp_path)).pages) == 1

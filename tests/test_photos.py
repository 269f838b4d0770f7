"""Photos: a real PNG or JPEG inside the CV's folder, checked by validate, lint and build
alike; typed by its bytes in HTML; named beside the .tex in LaTeX."""

from __future__ import annotations

import base64
import io
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvtool import resources
from cvtool.build import BuildRequest, build
from cvtool.cli import main
from cvtool.errors import DiagnosticsError
from cvtool.loader import load
from cvtool.pipeline import prepare, render


def run(*args: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args])


def image(path: Path, fmt: str = "PNG", size: tuple[int, int] = (30, 40)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 90, 160)).save(buffer, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` pixels and holds almost nothing."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0"))
            + chunk(b"IEND", b""))


def cv(folder: Path, photo: str, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "cv.yaml"
    source.write_text(f"name: Ada Lovelace\nphoto: {photo}\n{extra}"
                      "sections:\n  Education:\n    - institution: U\n      degree: BSc\n"
                      "      dates: 2010 – 2014\n")
    return source


def expect_photo_error(source: Path, message: str) -> None:
    """validate, lint and build all stop at ``photo:`` with the same message."""
    expected = f"cv.yaml:2:8: error[CV110]: photo: {message}"
    for args in (("validate", source), ("lint", source),
                 ("build", source, "-f", "html", "-o", source.parent / "out")):
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert expected in result.output, result.output
        assert "Traceback" not in result.output
    assert not (source.parent / "out").exists()


# --- what a photo may be ----------------------------------------------------------------


def test_text_saved_as_jpg_is_refused(tmp_path):
    (tmp_path / "photo.jpg").write_text("not a photo at all\n")
    expect_photo_error(cv(tmp_path, "photo.jpg"),
                       "the photo is not an image cvtool can read; use PNG or JPEG")


def test_svg_photo_is_refused(tmp_path):
    (tmp_path / "me.svg").write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/'
                                     '2000/svg" width="10" height="10"/>\n')
    expect_photo_error(cv(tmp_path, "me.svg"), "the photo is an SVG image, which the LaTeX "
                                               "engine cannot place; use PNG or JPEG")


def test_gif_photo_is_refused(tmp_path):
    image(tmp_path / "me.gif", "GIF")
    expect_photo_error(cv(tmp_path, "me.gif"), "the photo is a GIF image; use PNG or JPEG")


def test_400_megapixel_png_is_refused_without_decoding(tmp_path):
    (tmp_path / "me.png").write_bytes(png_header(20_000, 20_000))
    expect_photo_error(cv(tmp_path, "me.png"), "the photo has 20000×20000 pixels; at most 40 "
                                               "megapixels")


def test_over_the_pixel_limit_names_the_size(tmp_path):
    (tmp_path / "me.png").write_bytes(png_header(8_000, 6_250))
    expect_photo_error(cv(tmp_path, "me.png"), "the photo has 8000×6250 pixels; at most 40 "
                                               "megapixels")


def test_the_limit_is_read_from_the_header(tmp_path, monkeypatch):
    monkeypatch.setattr(resources, "MAX_PHOTO_PIXELS", 100)
    image(tmp_path / "me.jpg", "JPEG", (20, 20))
    expect_photo_error(cv(tmp_path, "me.jpg"), "the photo has 20×20 pixels")


def test_damaged_png_is_refused(tmp_path):
    data = image(tmp_path / "me.png", size=(64, 64))
    (tmp_path / "me.png").write_bytes(data[:60])
    expect_photo_error(cv(tmp_path, "me.png"), "the photo is not a readable PNG image")


def test_missing_and_escaping_photos_are_located(tmp_path):
    expect_photo_error(cv(tmp_path / "a", "nope.png"), "no such image: nope.png")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "me.png").symlink_to("/etc/passwd")
    expect_photo_error(cv(tmp_path / "b", "me.png"), "the photo must be inside the CV's folder")


def test_good_photos_validate(tmp_path):
    image(tmp_path / "me.jpg", "JPEG")
    source = cv(tmp_path, "me.jpg")
    assert run("validate", source).exit_code == 0
    assert resources.resource_diagnostics(load(source)) == []


# --- HTML: the real type ----------------------------------------------------------------


@pytest.mark.parametrize(("saved", "fmt", "mime"), [
    ("me.png", "PNG", "image/png"), ("me.jpg", "JPEG", "image/jpeg"),
    ("me.jpg", "PNG", "image/png"),  # a PNG under a .jpg name is still a PNG
])
def test_html_data_uri_has_the_real_type(tmp_path, saved, fmt, mime):
    data = image(tmp_path / saved, fmt)
    html = render(prepare(load(cv(tmp_path, saved))), "html").decode()
    assert f'src="data:{mime};base64,{base64.b64encode(data).decode()}"' in html


# --- LaTeX: a relative name, the photo beside the .tex ------------------------------------


def test_tex_names_the_photo_beside_it_and_build_writes_it(tmp_path):
    data = image(tmp_path / "cv" / "me.png")
    source = cv(tmp_path / "cv", "me.png")
    out = tmp_path / "out"
    written = build(BuildRequest(source, ("tex",), out)).written
    assert sorted(p.name for p in written) == ["cv.tex", "me.png"]
    tex = (out / "cv.tex").read_text()
    assert "\\begin{cvheader}[me.png]" in tex
    assert str(tmp_path) not in tex
    assert (out / "me.png").read_bytes() == data


def test_tex_photo_name_follows_the_real_format(tmp_path):
    image(tmp_path / "cv" / "my photo.jpg", "PNG")  # a space LaTeX cannot read, a PNG inside
    source = cv(tmp_path / "cv", "'my photo.jpg'")
    build(BuildRequest(source, ("tex",), tmp_path / "out"))
    assert "\\begin{cvheader}[photo.png]" in (tmp_path / "out" / "cv.tex").read_text()
    assert (tmp_path / "out" / "photo.png").is_file()


def test_variant_tex_writes_the_photo_too(tmp_path):
    image(tmp_path / "cv" / "me.jpg", "JPEG")
    source = cv(tmp_path / "cv", "me.jpg", "variants:\n  resume: {}\n")
    written = build(BuildRequest(source, ("tex", "md"), tmp_path / "out", variant="resume")).written
    assert sorted(p.name for p in written) == ["cv-resume.md", "cv-resume.tex", "me.jpg"]


def test_cv_in_a_folder_with_a_space_builds_tex(tmp_path):
    folder = tmp_path / "my cv folder"
    image(folder / "me.png")
    source = cv(folder, "me.png")
    result = run("build", source, "-f", "tex", "-o", folder / "out put")
    assert result.exit_code == 0, result.output
    assert "[me.png]" in (folder / "out put" / "cv.tex").read_text()
    assert (folder / "out put" / "me.png").is_file()


@pytest.mark.tex
def test_cv_in_a_folder_with_a_space_builds_the_latex_pdf(tmp_path):
    import pypdf

    folder = tmp_path / "my cv folder"
    image(folder / "me.jpg", "JPEG")
    source = cv(folder, "me.jpg")
    result = run("build", source, "-f", "pdf", "--pdf-engine", "latex", "-o", folder / "out")
    assert result.exit_code == 0, result.output
    page = pypdf.PdfReader(folder / "out" / "cv.pdf").pages[0]
    assert len(page.images) == 1
    assert "Ada Lovelace" in page.extract_text()


def test_build_refuses_before_writing_anything(tmp_path):
    (tmp_path / "me.png").write_text("text")
    with pytest.raises(DiagnosticsError, match=r"error\[CV110\]"):
        build(BuildRequest(cv(tmp_path, "me.png"), ("md", "tex"), tmp_path / "out"))
    assert not (tmp_path / "out").exists()

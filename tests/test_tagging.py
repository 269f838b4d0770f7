"""Accessible PDFs: WeasyPrint's is tagged (PDF/UA-1), both engines name the language."""

from __future__ import annotations

import re
import subprocess
import zlib
from pathlib import Path

import pytest

from cvtool.loader import load
from cvtool.pipeline import prepare, render

ROOT = Path(__file__).resolve().parents[1]


def _objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams included) inflated."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match[1]))
        except zlib.error:
            continue
    return b"".join(parts)


def _pdf(tmp_path: Path, source: Path, engine: str = "weasyprint", lang: str | None = None,
         theme: str = "classic") -> Path:
    from dataclasses import replace

    loaded = load(source)
    if lang:
        loaded = loaded.in_language(lang)
    job = replace(prepare(loaded, theme), pdf_engine=engine)
    path = tmp_path / f"cv-{engine}-{lang}.pdf"
    path.write_bytes(render(job, "pdf"))
    return path


def _info(path: Path, *flags: str) -> str:
    return subprocess.run(["pdfinfo", *flags, str(path)], capture_output=True, text=True,
                          check=True).stdout


def test_the_weasyprint_pdf_is_tagged_in_reading_order(tmp_path):
    pdf = _pdf(tmp_path, ROOT / "data" / "cv.yaml")
    assert "Tagged:          yes" in _info(pdf)
    tree = _info(pdf, "-struct-text")
    # The name is the one level-1 heading, sections are level-2 headings, in order.
    assert re.search(r'H1 \(block\)\n\s+Span \(inline\)\n\s+"Zhiheng Li"', tree)
    headings = re.findall(r'H2 \(block\)\n(?:\s+Span \(inline\)\n)?\s+"([^"]+)"', tree)
    assert headings[:3] == ["Education", "Research Interests", "Working Experience"]
    objects = _objects(pdf.read_bytes())
    assert b"/Lang (en)" in objects
    assert b"/Artifact" in objects  # the running footer and rules are decoration
    # The contact icons are decoration too: artifacts, not figures without a description.
    assert "Figure" not in tree


def test_a_german_build_says_german(tmp_path):
    pdf = _pdf(tmp_path, ROOT / "examples" / "bilingual.yaml", lang="de")
    assert b"/Lang (de)" in _objects(pdf.read_bytes())


@pytest.mark.slow
def test_the_latex_pdf_names_its_language(tmp_path):
    from cvtool.renderers.latex_pdf import tex_available

    if not tex_available():
        pytest.skip("no TeX Live")
    pdf = _pdf(tmp_path, ROOT / "examples" / "bilingual.yaml", engine="latex", lang="de")
    assert re.search(rb"/Lang\s*\(de\)", _objects(pdf.read_bytes()))

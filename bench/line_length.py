"""The measure of the built-in themes: median characters per full line, from real PDFs.

Builds ``data/cv.yaml`` (the whole CV and its ``resume`` variant, fitted to its page limit
as a build fits it) in every built-in theme with both engines, and prints a table: theme ×
engine × cv/résumé → the median length, in characters, of the full lines of running text.

A full line is a line of a paragraph that is not its last one (it was broken because the
next word did not fit), as ``pdftotext -bbox-layout`` groups lines into blocks, and that
ends within three of its line heights of the page's right text edge (ragged-right text):
headings, short rows and the last line of each paragraph say nothing about the measure.
Needs pdftotext (poppler-utils), and TeX Live for the LaTeX engine.

    python bench/line_length.py [SOURCE.yaml] [--theme classic ...] [--engine latex ...]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THEMES = ("classic", "modern", "compact", "sidebar")
ENGINES = ("weasyprint", "latex")
_NS = "{http://www.w3.org/1999/xhtml}"


def full_lines(pdf: Path) -> list[str]:
    """The full lines of a PDF: every line of a multi-line text block but the block's last."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    lines: list[str] = []
    for page in ET.fromstring(xml).iter(f"{_NS}page"):
        right = max((float(line.get("xMax", 0)) for line in page.iter(f"{_NS}line")),
                    default=0.0)
        for block in page.iter(f"{_NS}block"):
            rows = list(block.iter(f"{_NS}line"))[:-1]
            lines += [" ".join(w.text or "" for w in line.iter(f"{_NS}word")) for line in rows
                      if float(line.get("xMax", 0)) >= right - 3 * (
                          float(line.get("yMax", 0)) - float(line.get("yMin", 0)))]
    return lines


def median_full_line(pdf: Path) -> float:
    """The median length of the full lines of ``pdf``, in characters (spaces included)."""
    lengths = [len(line) for line in full_lines(pdf)]
    return statistics.median(lengths) if lengths else 0.0


def build(source: Path, theme: str, engine: str, variant: str | None, out: Path) -> Path:
    """Build one PDF as ``cvtool build`` does (a variant with max_pages is fitted)."""
    command = [sys.executable, "-m", "cvtool", "build", str(source), "-f", "pdf",
               "--theme", theme, "--pdf-engine", engine, "-o", str(out)]
    if variant:
        command += ["--variant", variant]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    name = source.stem + (f"-{variant}" if variant else "")
    return out / f"{name}.pdf"


def measure(source: Path, themes: tuple[str, ...], engines: tuple[str, ...],
            variants: tuple[str | None, ...]) -> dict[tuple[str, str, str], float]:
    """(theme, engine, "cv" or the variant) → median full line, from fresh builds."""
    results: dict[tuple[str, str, str], float] = {}
    with tempfile.TemporaryDirectory(prefix="cvtool-measure-") as folder:
        for theme in themes:
            for engine in engines:
                for variant in variants:
                    out = Path(folder) / f"{theme}-{engine}-{variant or 'cv'}"
                    pdf = build(source, theme, engine, variant, out)
                    results[theme, engine, variant or "cv"] = median_full_line(pdf)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", default=str(ROOT / "data" / "cv.yaml"))
    parser.add_argument("--theme", action="append", choices=THEMES)
    parser.add_argument("--engine", action="append", choices=ENGINES)
    parser.add_argument("--variant", action="append",
                        help="variants to measure besides the whole CV (default: resume)")
    args = parser.parse_args()
    variants = (None, *(args.variant or ["resume"]))
    results = measure(Path(args.source).resolve(), tuple(args.theme or THEMES),
                      tuple(args.engine or ENGINES), variants)
    print(f"{'theme':<10} {'engine':<11} {'cv':<8} median full line (characters)")
    for (theme, engine, variant), median in results.items():
        print(f"{theme:<10} {engine:<11} {variant:<8} {median:5.1f}")


if __name__ == "__main__":
    main()

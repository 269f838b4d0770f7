#!/usr/bin/env bash
# Re-render the pictures and files under examples/ that the README shows.
# Needs cvtool installed (its virtual environment's Python has Pillow, through WeasyPrint),
# poppler-utils (pdftoppm) and, for the LaTeX engine's pictures, TeX Live.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
out=examples/rendered
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for theme in classic modern compact; do
  cvtool build data/cv.yaml -f pdf --theme "$theme" -o "$tmp/$theme" >/dev/null
  pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$tmp/$theme/cv.pdf" "examples/cv-$theme"
done
# The CV and its résumé as Word documents (the résumé fitted to its page limit first).
cvtool build data/cv.yaml -f docx -o "$out" >/dev/null
cvtool build data/cv.yaml -f docx --variant resume -o "$out" >/dev/null
for source in examples/minimal.yaml examples/researcher-profile.yaml; do
  cvtool build "$source" -f pdf -f md -o "$out" >/dev/null
done
# Plain text for job portals' text boxes: the CV and its one-page résumé.
cvtool build data/cv.yaml -f txt -o "$out" >/dev/null
cvtool build data/cv.yaml -f txt --variant resume -o "$out" >/dev/null
# data/cv.yaml's public variant (no phone number): cv-public.pdf and .html.
cvtool build data/cv.yaml --variant public -f pdf -f html -o "$out" >/dev/null
# The academic example in every format, and every page of it in each theme and engine, side
# by side on one picture per theme and engine.
cvtool build examples/academic-cv.yaml -f pdf -f html -f md -o "$out" >/dev/null
for theme in classic modern compact; do
  for engine in weasyprint latex; do
    name="academic-cv-$theme-$engine"
    cvtool build examples/academic-cv.yaml -f pdf --theme "$theme" --pdf-engine "$engine" \
      -o "$tmp/$name" >/dev/null
    pdftoppm -png -r 45 "$tmp/$name/academic-cv.pdf" "$tmp/$name/page"
    "$python" - "examples/$name.png" "$tmp/$name"/page-*.png <<'PY'
import sys
from PIL import Image

pages = [Image.open(path).convert("RGB") for path in sorted(sys.argv[2:])]
gap = 8
sheet = Image.new("RGB", (sum(p.width for p in pages) + gap * (len(pages) - 1),
                          max(p.height for p in pages)), "#d0d0d0")
x = 0
for page in pages:
    sheet.paste(page, (x, 0))
    x += page.width + gap
sheet.save(sys.argv[1], optimize=True)
PY
  done
done
# The examples in other languages and scripts (Chinese needs fonts-noto-cjk) in every format,
# and the first page of each language in each engine: chinese-latex.png, bilingual.de-...
for name in chinese arabic bilingual; do
  cvtool build "examples/$name.yaml" -f pdf -f html -f md -o "$out" >/dev/null
  for engine in weasyprint latex; do
    cvtool build "examples/$name.yaml" -f pdf --pdf-engine "$engine" -o "$tmp/$name-$engine" \
      >/dev/null
    for pdf in "$tmp/$name-$engine"/*.pdf; do
      stem=$(basename "$pdf" .pdf)
      pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$pdf" "examples/$stem-$engine"
    done
  done
done
# The cover letter for data/cv.yaml (it lives beside the CV it reads) and the German letter
# for the bilingual example.
cvtool letter data/letter.yaml -f pdf -f html -f md -o "$out" >/dev/null
cvtool letter examples/letter-bilingual.yaml -f pdf -o "$out" >/dev/null
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$out/letter.pdf" examples/letter
echo "rendered into examples/"

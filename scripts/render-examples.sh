#!/usr/bin/env bash
# Re-render the pictures and files under examples/ that the README shows.
# Needs cvtool installed and poppler-utils (pdftoppm).
set -euo pipefail
cd "$(dirname "$0")/.."
out=examples/rendered
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for theme in classic modern compact; do
  cvtool build data/cv.yaml -f pdf --theme "$theme" -o "$tmp/$theme" >/dev/null
  pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$tmp/$theme/cv.pdf" "examples/cv-$theme"
done
for source in examples/minimal.yaml examples/researcher-profile.yaml; do
  cvtool build "$source" -f pdf -f md -o "$out" >/dev/null
done
echo "rendered into examples/"

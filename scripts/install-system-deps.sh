#!/usr/bin/env bash
# Installs the Debian packages cvtool needs, without recommends (they would pull in
# hundreds of megabytes of TeX documentation and fonts we do not use).
#   runtime: Pango + HarfBuzz subsetting for WeasyPrint (without libharfbuzz-subset0
#            WeasyPrint falls back to a pure-Python subsetter and runs ~7x slower),
#            python3-venv to install cvtool in its own environment;
#            fonts-noto-cjk (Noto Serif/Sans CJK, regular and bold: 57 MB download, 91 MB
#            installed) so that Chinese, Japanese and Korean text prints in both engines
#            (too large to bundle, and a subset could not cover what users write);
#   --with-latex (and --test): TeX Live for `--pdf-engine latex`, which only the optional
#            LaTeX engine needs: XeLaTeX, latexmk, the fonts hyperref's XeTeX driver loads
#            (texlive-fonts-recommended), and bidi (texlive-lang-arabic), which polyglossia
#            loads for right-to-left CVs; `-f tex` itself needs no TeX.
#   --test:  poppler-utils (pdftotext, pdffonts, pdftoppm) to inspect built PDFs, chromium
#            for the tests that lay the web page out in a real browser (tests/test_browser.py),
#            and TeX Live for the tests that compile.
set -euo pipefail

with_latex=0
with_test=0
for arg in "$@"; do
  case "$arg" in
    --test) with_test=1; with_latex=1 ;;
    --with-latex) with_latex=1 ;;
    *) echo "install-system-deps.sh: unknown option $arg (use --with-latex, --test)" >&2
       exit 2 ;;
  esac
done

packages=(
  python3-venv python3-pip
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-cjk
)
if (( with_latex )); then
  packages+=(texlive-xetex texlive-fonts-recommended latexmk texlive-lang-arabic)
fi
if (( with_test )); then
  packages+=(poppler-utils chromium)
fi

sudo_cmd=()
if [[ "$(id -u)" != 0 ]]; then sudo_cmd=(sudo); fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if (( ${#missing[@]} )); then
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

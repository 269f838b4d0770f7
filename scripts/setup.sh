#!/usr/bin/env bash
# One-step set-up on Debian: system packages, then cvtool in a virtual environment (.venv).
#   scripts/setup.sh                install cvtool (what `cvtool build` needs)
#   scripts/setup.sh --with-latex   also TeX Live, for the optional `--pdf-engine latex`
#   scripts/setup.sh --test         also what the test suite needs (TeX Live included), with
#                                   cvtool installed editable
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh "$@"

if [[ ! -x .venv/bin/python ]]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [[ " $* " == *" --test "* ]]; then
  .venv/bin/python -m pip install --quiet -e '.[test]'
else
  .venv/bin/python -m pip install --quiet .
fi

"""Shared test helpers: paths, the golden-file flag, and the seed word tokenizer."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The two real CVs the project was made for (copied from the project's shared seeds).
SEEDS = FIXTURES / "seeds"
SEED_CV = "000_212ee71074fbc8e4.txt"
SEED_PROFILE = "003_8dbecb06cc32c0d3.txt"
# The seed profile prints its abstracts' TeX raw; cvtool shows what the commands mean
# (**MMI**, a link, 170×), so their names are not in any output.
SEED_003_TEX_WORDS = frozenset({"textbf", "times", "url"})
# The seed CV writes its contacts' addresses in full; cvtool shows them short (no scheme,
# no www.; the link keeps them whole), so these two words are in no visible text.
SEED_000_URL_WORDS = frozenset({"https", "www"})

# Words: letter runs (split at camel-case humps so glued words separate) and digit runs.
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+|[^\W\d_]+")


def words(text: str) -> set[str]:
    """The distinct words of a text, compared without case."""
    return {w.casefold() for w in _WORD.findall(text)}


def tex_available() -> bool:
    return shutil.which("latexmk") is not None and shutil.which("xelatex") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``tex`` tests are slow, and skipped where TeX Live is missing (never in CI, where a
    missing TeX Live is a set-up fault the tests must show)."""
    skip = pytest.mark.skip(reason="TeX Live is not installed "
                                   "(scripts/install-system-deps.sh installs it)")
    for item in items:
        if item.get_closest_marker("tex"):
            item.add_marker(pytest.mark.slow)
            if not tex_available() and not os.environ.get("CI"):
                item.add_marker(skip)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite golden files from the current output.")


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with a golden file, or rewrite it under --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(path: Path, actual: str) -> None:
        if update or not path.exists():
            if not update:
                pytest.fail(f"golden file {path.name} is missing; run with --update-golden")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert actual == path.read_text(encoding="utf-8"), f"differs from {path.name}"

    return check


@pytest.fixture
def seed_text():
    def read(name: str) -> str:
        return (SEEDS / name).read_text(encoding="utf-8")

    return read

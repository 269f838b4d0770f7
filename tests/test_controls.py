"""Invisible and bidirectional control characters: one policy, in cvtool.markup, for every
format, in text, link labels and link targets."""

from __future__ import annotations

import json

import pytest

from cvtool.loader import load_text
from cvtool.markup import escape, escape_latex_url, markdown_link, parse, strip_controls
from cvtool.markup import render as render_inline
from cvtool.pipeline import prepare, render
from tests.conftest import ROOT

RLO, PDF = "\u202e", "\u202c"
# What is dropped: bidi embeddings, overrides, isolates and marks; zero-width space, word
# joiner, BOM, soft hyphen and the other invisible format characters.
DROPPED = ["\u202a", "\u202b", PDF, "\u202d", RLO, "\u2066", "\u2067", "\u2068", "\u2069",
           "\u200e", "\u200f", "\u061c", "\u200b", "\u2060", "\ufeff", "\u00ad", "\u180e",
           "\ufff9", "\U000e0001", "\U000e0041"]
FORMATS = ["markdown", "html", "latex", "plain", "txt", "docx"]
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one emoji: ZWJ sequence
PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # ZWNJ inside a word
ENGLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"


@pytest.mark.parametrize("char", DROPPED)
@pytest.mark.parametrize("fmt", FORMATS)
def test_invisible_controls_are_dropped_in_every_format(fmt, char):
    assert escape(f"ab{char}cd", fmt) == "abcd"
    assert render_inline(parse(f"**a{char}b** [x{char}y](https://e.org/{char}z)"), fmt) \
        == render_inline(parse("**ab** [xy](https://e.org/z)"), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_line_separators_become_spaces(fmt):
    assert escape("a\u2028b\u2029c", fmt) == escape("a b c", fmt)


@pytest.mark.parametrize("fmt", ["markdown", "html", "plain", "txt", "docx"])
def test_joiners_that_writing_needs_are_kept(fmt):
    for text in (FAMILY, PERSIAN, ENGLAND):
        assert escape(text, fmt) == text
    assert escape("a \u200db\u200d", fmt) == "a b"  # a joiner next to a space joins nothing


def test_joiners_in_latex():
    assert "\u200c" in escape(PERSIAN, "latex")
    assert escape(FAMILY, "latex") == f"\\cvemoji{{{FAMILY}}}"
    assert escape(ENGLAND, "latex") == f"\\cvemoji{{{ENGLAND}}}"
    assert escape("x\U000e0067y", "latex") == "xy"  # a tag character outside a flag


def test_link_targets_lose_them():
    assert escape_latex_url(f"https://e.org/{RLO}x") == "https://e.org/x"
    assert markdown_link(f"e{RLO}.org", f"https://e.org/{RLO}") == "[e.org](https://e.org/)"
    assert strip_controls(f"mailto:a{RLO}@b.org") == "mailto:a@b.org"


SPOOF = f"""\
name: "Ada {RLO}ecalevoL{PDF}"
headline: "Engineer\u2066 \u200b[click{RLO}me](https://evil.example/{RLO}gpj.exe)"
contact:
  homepage: "https://ada.example/\u2067x"
  links:
    - label: "Blog\u202e"
      url: https://blog.example
sections:
  Experience:
    - organization: "Acme\u2069 Corp\ufeff"
      highlights:
        - "Did \u200bthings\u2028well `co{RLO}de`"
"""


@pytest.mark.parametrize("fmt", ["md", "html", "tex", "jsonresume", "txt"])
def test_no_format_carries_them_from_a_cv(fmt):
    job = prepare(load_text(SPOOF, str(ROOT / "x.yaml")))
    out = render(job, fmt).decode()
    if fmt == "jsonresume":  # data, not display: kept as written, JSON-escaped
        json.loads(out)
        return
    for char in [*DROPPED, "\u2028"]:
        assert char not in out, (fmt, hex(ord(char)))
    assert "ecalevoL" in out and "clickme" in out and "Acme Corp" in out

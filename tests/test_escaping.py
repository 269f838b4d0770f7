"""Escaping has one owner per text: every field shows up once, escaped exactly once.

One hostile string (HTML, an entity, quotes, Jinja delimiters, a TeX macro, ``%``, Markdown
emphasis and code) is put into every kind of field of a CV, each time after a word naming
the field. For every output format the escaped form is written out by hand below, so a field
that is escaped twice, or not at all, or shown twice, fails here. Fields read as inline
markup get the string with its Markdown characters backslash-escaped, so they too show it
literally; fields read as TeX (publication titles and venues, see cvtool.texinline) get it
with TeX's special characters written as TeX escapes.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from cvtool import markup
from cvtool.loader import load_text
from cvtool.pipeline import prepare, render
from cvtool.themes import available_themes
from tests.conftest import ROOT

HOSTILE = '<script>x</script> &amp; "q" \'a\' {{ 7*7 }} \\textbf{b} 100% # $ _ ~ ^ | **s** `t`'

# HOSTILE escaped once, by hand. HTML quotes are written by two escapers (html.escape for
# inline markup, Jinja's autoescape for plain strings), so either spelling of a quote counts.
ESCAPED = {
    "markdown": ('\\<script\\>x\\</script\\> \\&amp; "q" \'a\' {{ 7\\*7 }} \\\\textbf{b} 100% '
                 '\\# \\$ \\_ \\~ ^ \\| \\*\\*s\\*\\* \\`t\\`'),
    "latex": ("\\textless{}script\\textgreater{}x\\textless{}/script\\textgreater{} \\&amp; "
              "\"q\" 'a' \\{\\{ 7*7 \\}\\} \\textbackslash{}textbf\\{b\\} 100\\% \\# \\$ \\_ "
              "\\textasciitilde{} \\textasciicircum{} \\textbar{} **s** `t`"),
    "html": ("&lt;script&gt;x&lt;/script&gt; &amp;amp; {Q}q{Q} {A}a{A} {{{{ 7*7 }}}} "
             "\\textbf{{b}} 100% # $ _ ~ ^ | **s** `t`"),
    "plain": HOSTILE,
}
# In a right-to-left CV, the left-to-right run (from its first letter to its last) is marked.
ESCAPED["latex-rtl"] = ("\\textless{}\\cvltr{" + ESCAPED["latex"][len("\\textless{}"):-1]
                        + "}`")
# A text set left to right as a whole in a right-to-left CV is escaped as in a left-to-right
# one (only its Arabic and Hebrew letters are marked).
ESCAPED["latex-ltr"] = ESCAPED["latex"]
ESCAPED["txt"] = HOSTILE  # plain text escapes nothing: every character is shown as it is
# Word holds runs of text: nothing to escape (the XML library does that), as in plain text.
ESCAPED["docx"] = HOSTILE
HTML_QUOTES = [{"Q": q, "A": a} for q, a in (("&quot;", "&#x27;"), ("&#34;", "&#39;"))]

URL = "https://example.org/a_b?x=1&y=\"q\"&z=<s>'{t}%25*u*"
URL_ESCAPED = {
    "markdown": "https://example.org/a_b?x=1&y=%22q%22&z=%3Cs%3E'%7Bt%7D%25*u*",
    "latex": "https://example.org/a_b?x=1\\&y=\\%22q\\%22\\&z=\\%3Cs\\%3E'\\%7Bt\\%7D\\%25*u*",
    "latex_text": ("https://example.org/a\\_b?x=1\\&y=\"q\"\\&z=\\textless{}s\\textgreater{}'"
                   "\\{t\\}\\%25*u*"),
}


def hostile(tag: str) -> str:
    return f"{tag} {HOSTILE}"


def as_markup(text: str) -> str:
    """The source that shows ``text`` literally in a field read as inline markup."""
    return text.replace("*", r"\*").replace("`", r"\`").replace("_", r"\_")


def as_tex(text: str) -> str:
    """The source that shows ``text`` literally in a field read as TeX."""
    special = {"\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "$": "\\$",
               "~": "\\textasciitilde{}"}
    return "".join(special.get(c, c) for c in text)


# Every kind of field, by the word that starts its text, and whether it is read as markup.
SOURCE = {
    "name": hostile("Name"),
    "headline": as_markup(hostile("Headline")),
    "location": hostile("Location"),
    "contact": {"email": "a@example.org",
                "links": [{"label": hostile("Contactlabel"), "url": URL + "c"}]},
    "sections": {
        hostile("Sectiontitle"): {"kind": "experience", "entries": [{
            "organization": hostile("Organization"),
            "positions": [hostile("Position")],
            "dates": "2020",
            "highlights": [as_markup(hostile("Bullet")),
                           {"label": hostile("Bulletlabel"),
                            "text": as_markup(hostile("Labelledbullet"))}],
            "links": {hostile("Linklabel"): URL + "l"},
        }]},
        "Projects": {"kind": "project", "entries": [
            {"title": as_markup(hostile("Projecttitle")), "dates": "2021"}]},
        "Skills": {"kind": "skills", "entries": [
            {"label": hostile("Listlabel"),
             "items": [as_markup(hostile("Itemone")), as_markup(hostile("Itemtwo"))]},
            {"items": [as_markup(hostile("Unlabelleditem"))]}]},
        "Statement": {"kind": "text", "entries": [
            {"label": hostile("Paragraphlabel"), "text": as_markup(hostile("Paragraph"))}]},
        "Publications": {"kind": "publication", "entries": [{
            "title": as_tex(hostile("Pubtitle")),
            "authors": [hostile("Author"), "Ann Other"],
            "venue": as_tex(hostile("Venue")),
            "year": 2020,
        }]},
    },
}
FIELDS = ["Name", "Headline", "Location", "Contactlabel", "Sectiontitle", "Organization",
          "Position", "Bullet", "Bulletlabel", "Labelledbullet", "Linklabel", "Projecttitle",
          "Listlabel", "Itemone", "Itemtwo", "Unlabelleditem", "Paragraphlabel", "Paragraph",
          "Pubtitle", "Author", "Venue"]
# Every format shows every field (Markdown shows a contact's label, HTML has it as the
# item's title, beside the icon).
NOT_SHOWN: set[tuple[str, str]] = set()


@pytest.fixture(scope="module")
def job():
    return prepare(load_text(json.dumps(SOURCE, ensure_ascii=False), str(ROOT / "x.yaml")), None)


@pytest.fixture(scope="module")
def markdown(job) -> str:
    return render(job, "md").decode("utf-8")


@pytest.fixture(scope="module")
def latex(job) -> str:
    """The body: the name is also in the PDF metadata and the first comment line."""
    return render(job, "tex").decode("utf-8").split("\\begin{document}", 1)[1]


class _Page(HTMLParser):
    """The body's text nodes and attribute values, each decoded once, and its tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_body = False
        self.texts: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.in_body |= tag == "body"
        if self.in_body:
            self.tags.append(tag)
            self.attributes += [(name, value or "") for name, value in attrs]

    def handle_data(self, data):
        if self.in_body:
            self.texts.append(data)


def html_of(theme: str) -> tuple[str, _Page]:
    loaded = load_text(json.dumps(SOURCE, ensure_ascii=False), str(ROOT / "x.yaml"))
    page = render(prepare(loaded, theme), "html").decode("utf-8")
    body = page.split("<body", 1)[1]
    parsed = _Page()
    parsed.feed(page)
    return body, parsed


@pytest.fixture(scope="module", params=sorted(available_themes()))
def html(request) -> tuple[str, _Page]:
    return html_of(request.param)


@pytest.mark.parametrize("tag", FIELDS)
def test_markdown_field_escaped_once(markdown, tag):
    expected = 0 if ("markdown", tag) in NOT_SHOWN else 1
    assert markdown.count(f"{tag} {ESCAPED['markdown']}") == expected
    assert markdown.count(f"{tag} ") == expected


@pytest.mark.parametrize("tag", FIELDS)
def test_latex_field_escaped_once(latex, tag):
    assert latex.count(f"{tag} {ESCAPED['latex']}") == 1
    assert latex.count(f"{tag} ") == 1


@pytest.mark.parametrize("tag", FIELDS)
def test_txt_field_shown_once_as_written(job, tag):
    """Plain text shows each field's text as written, once (lines rejoined: it wraps)."""
    text = " ".join(render(job, "txt").decode("utf-8").split())
    assert text.count(f"{tag} {' '.join(HOSTILE.split())}") == 1
    assert text.count(f"{tag} ") == 1


def _html_count(tag: str, page: _Page) -> int:
    decoded = page.texts + [value for name, value in page.attributes if name != "data-origin"]
    return sum(text.count(f"{tag} {HOSTILE}") for text in decoded)


@pytest.mark.parametrize("tag", FIELDS)
def test_html_field_escaped_once(html, tag):
    body, page = html
    # Decoded once, the page says exactly what the source says, in one place ...
    assert _html_count(tag, page) == 1
    # ... and the markup has it escaped once (not twice, not raw), with either quote style.
    written = sum(body.count(f"{tag} {ESCAPED['html'].format(**quotes)}")
                  for quotes in HTML_QUOTES)
    assert written == 1


def test_html_runs_nothing_and_escapes_nothing_twice(html):
    body, page = html
    assert "script" not in page.tags
    assert "&amp;amp;amp;" not in body and "&amp;lt;" not in body and "&amp;#" not in body
    assert "{{" in body  # Jinja delimiters in the data are data, not template code


def test_links_escaped_once(markdown, latex, html):
    # the contact: its short text (no scheme) linked to the full address
    assert markdown.count(f"]({URL_ESCAPED['markdown']}c)") == 1
    assert markdown.count(f"]({URL_ESCAPED['markdown']}l)") == 1  # the entry's link
    for end in "cl":
        assert latex.count(f"\\cvlink{{{URL_ESCAPED['latex']}{end}}}") == 1
    # a contact shows its URL without the scheme
    assert latex.count(f"{{{URL_ESCAPED['latex_text'].removeprefix('https://')}c}}") == 1
    _, page = html
    hrefs = [value for name, value in page.attributes if name == "href"]
    assert hrefs.count(URL + "c") == 1 and hrefs.count(URL + "l") == 1
    assert page.texts.count(URL.removeprefix("https://") + "c") == 1


def test_every_inline_format_has_its_expected_escape():
    assert set(markup.FORMATS) == set(ESCAPED)


@pytest.mark.parametrize("fmt", sorted(ESCAPED))
def test_markup_escapes_once_per_format(fmt):
    """The same string as a bare string, as literal text and as escaped markup source."""
    expected = ESCAPED[fmt].format(**HTML_QUOTES[0]) if fmt == "html" else ESCAPED[fmt]
    assert markup.escape(HOSTILE, fmt) == expected
    assert markup.render(markup.plain(HOSTILE), fmt) == expected
    assert markup.render(markup.parse(as_markup(HOSTILE)), fmt) == expected

"""cvtool.markup: parsing the inline grammar, and escaping/rendering for every format.

Markdown escaping is proved by rendering the escaped text back to HTML with markdown-it-py
(CommonMark plus the GFM table and strikethrough rules) and checking that the visible text
is the original and that no element other than the paragraph was created.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt

from cvtool.markup import (
    Code,
    Emph,
    Link,
    Strong,
    Text,
    escape,
    escape_latex_url,
    is_safe_url,
    merge,
    parse,
    plain,
    render,
    strong,
    to_text,
)

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def md_html(source: str) -> str:
    return MD.render(source)


def visible(rendered_html: str) -> str:
    """The text a reader sees: tags dropped first, then entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", rendered_html))


def tags(rendered_html: str) -> list[str]:
    return re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", rendered_html)


# --- parse ------------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "expected"), [
    ("**bold**", (Strong((Text("bold"),)),)),
    ("__bold__", (Strong((Text("bold"),)),)),
    ("*italic*", (Emph((Text("italic"),)),)),
    ("_italic_", (Emph((Text("italic"),)),)),
    ("`a*b*`", (Code("a*b*"),)),
    ("[x](https://a.b/c)", (Link("https://a.b/c", (Text("x"),)),)),
    ("[mail](mailto:a@b.co)", (Link("mailto:a@b.co", (Text("mail"),)),)),
    ("[call](tel:+123)", (Link("tel:+123", (Text("call"),)),)),
    ("<https://a.b/c>", (Link("https://a.b/c", (Text("https://a.b/c"),)),)),
    ("see https://a.b/c. ok",
     (Text("see "), Link("https://a.b/c", (Text("https://a.b/c"),)), Text(". ok"))),
    ("(see https://a.b/c)",
     (Text("(see "), Link("https://a.b/c", (Text("https://a.b/c"),)), Text(")"))),
    ("**b** and *i*", (Strong((Text("b"),)), Text(" and "), Emph((Text("i"),)))),
    ("**[x](https://a.b)**", (Strong((Link("https://a.b", (Text("x"),)),)),)),
    ("*a **b** c*", (Emph((Text("a "), Strong((Text("b"),)), Text(" c"))),)),
    ("[https://a.b](https://c.d)", (Link("https://c.d", (Text("https://a.b"),)),)),
    ("plain words", (Text("plain words"),)),
    ("", ()),
    (r"\*not em\*", (Text("*not em*"),)),
    ("snake_case_name", (Text("snake_case_name"),)),
    ("2 * 3 = 6", (Text("2 * 3 = 6"),)),
])
def test_parse(source, expected):
    assert parse(source) == expected


@pytest.mark.parametrize("source", [
    "# not a heading",
    "<script>alert(1)</script>",
    "<b>bold?</b> &amp; &#42;",
    "- not a list",
    "1. not a list",
    "> not a quote",
    "a | b | c",
    "~~not struck~~",
])
def test_everything_outside_the_grammar_stays_literal_text(source):
    nodes = parse(source)
    assert all(isinstance(n, Text) for n in nodes), nodes
    assert to_text(nodes) == source


@pytest.mark.parametrize("target", [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "file:///etc/passwd",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
    "data:image/svg+xml;base64,PHN2Zz4=",  # markdown-it's own check lets data:image through
    "ftp://a.b/file",
    "//evil.example/x",
    "relative/path.html",
])
@pytest.mark.parametrize("form", ["[x]({})", "<{}>"])
def test_unsafe_link_targets_do_not_become_links(target, form):
    source = form.format(target)
    nodes = parse(source)
    assert not any(isinstance(n, Link) for n in nodes), nodes
    assert to_text(nodes) == source
    assert "<a" not in md_html(render(nodes, "markdown"))
    assert "<a" not in render(nodes, "html")
    assert "\\href" not in render(nodes, "latex")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:x,y"])
@pytest.mark.parametrize("fmt", ["markdown", "html", "latex", "plain"])
def test_render_drops_an_unsafe_link_node_even_if_built_by_hand(url, fmt):
    assert render((Link(url, (Text("label"),)),), fmt) == "label"


def test_is_safe_url():
    assert is_safe_url("https://a.b") and is_safe_url("HTTP://a.b")
    assert is_safe_url("mailto:a@b.co") and is_safe_url("tel:+1")
    assert not is_safe_url("javascript:x") and not is_safe_url("//a.b")
    assert not is_safe_url("ftp://a.b")


def test_plain_keeps_markup_literal_but_links_bare_urls():
    assert plain("**x** _y_") == (Text("**x** _y_"),)
    assert plain("code at https://a.b/c.") == (
        Text("code at "), Link("https://a.b/c", (Text("https://a.b/c"),)), Text("."))
    assert plain("") == ()


def test_merge_strong_and_to_text():
    assert merge([Text("a"), Text("b"), Text(""), Code("c")]) == (Text("ab"), Code("c"))
    assert strong((Text("x"),)) == (Strong((Text("x"),)),)
    nodes = parse("**b** `c` [l](https://a.b) *i*")
    assert to_text(nodes) == "b c l i"


# --- Markdown ---------------------------------------------------------------------------

LITERALS = [
    "*", "_", "#", "&", "$", "\\", "|", "`", "~", "!", "<", ">", "[", "]",
    "<script>alert(1)</script>",
    "[x](y)",
    "[x](https://example.org)",
    "<https://example.org>",
    "![img](https://example.org/i.png)",
    "- item",
    "1. item",
    "1) item",
    "10. item",
    "+ item",
    "* item",
    "> quote",
    "# heading",
    "### heading",
    "**not bold**",
    "*not em*",
    "_not em_",
    "__not strong__",
    "`not code`",
    "~~not struck~~",
    "a | b | c",
    "&amp; &#42; &copy",
    "<!-- comment -->",
    "<div>block</div>",
    "C:\\path\\*.txt",
    "\\*escaped\\*",
    "2 * 3 = 6 and snake_case_name",
    "100% of $5 & #1",
    "***",
    "___",
    "- - -",
    "= x",
]


@pytest.mark.parametrize("text", LITERALS)
def test_markdown_escape_round_trips_to_the_same_visible_text(text):
    out = md_html(escape(text, "markdown"))
    assert visible(out).strip() == text, out
    assert tags(out) == ["p"], out


@pytest.mark.parametrize("text", LITERALS)
def test_markdown_escape_is_literal_after_a_list_marker_and_in_a_heading(text):
    for source, block in ((f"- {escape(text, 'markdown')}", ["ul", "li"]),
                          (f"## {escape(text, 'markdown')}", ["h2"])):
        out = md_html(source)
        assert visible(out).strip() == text, out
        assert tags(out) == block, out


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "*a*", "[x](https://e.org)"])
def test_markdown_escape_creates_no_element(text):
    out = md_html(f"before {escape(text, 'markdown')} after")
    for element in ("<script", "<em", "<strong", "<a "):
        assert element not in out


@pytest.mark.parametrize("source", [
    "**b** *i* `c` [l](https://x.y/p)",
    "see <https://x.y/p> and <mailto:a@b.co>.",
    "**bold with *nested em* inside**",
    "`code with * and _`",
    "[**strong link**](https://x.y)",
])
def test_markdown_render_keeps_the_markup(source):
    rendered = render(parse(source), "markdown")
    assert md_html(rendered) == md_html(source)


def test_markdown_render_turns_bare_urls_into_autolinks():
    rendered = render(parse("see https://x.y/q."), "markdown")
    assert rendered == "see <https://x.y/q>."
    assert '<a href="https://x.y/q">https://x.y/q</a>.' in md_html(rendered)


def test_markdown_render_of_literal_text_in_nodes():
    nodes = parse("**a\\*b** <script>x</script> #1 [y](https://e.org/?q=a_b)")
    out = md_html(render(nodes, "markdown"))
    assert "<strong>a*b</strong>" in out
    assert "&lt;script&gt;x&lt;/script&gt;" in out and "<script" not in out
    assert '<a href="https://e.org/?q=a_b">y</a>' in out


@pytest.mark.parametrize(("code", "shown"), [("a`b", "a`b"), ("`a", "`a"), ("x*y_z", "x*y_z")])
def test_markdown_code_spans_keep_backticks(code, shown):
    out = md_html(render((Code(code),), "markdown"))
    assert f"<code>{shown}</code>" in out


@pytest.mark.parametrize("url", ["https://x.y/a(b)", "https://x.y/a b", "https://x.y/<c"])
def test_markdown_link_urls_are_encoded_so_the_link_stays_whole(url):
    out = md_html(render((Link(url, (Text("t"),)),), "markdown"))
    assert tags(out) == ["p", "a"], out
    href = re.search(r'href="([^"]*)"', out)
    assert href is not None and unquote(html.unescape(href[1])) == url
    assert visible(out).strip() == "t"


@pytest.mark.parametrize("text", ["---", "-- -", "----"])
def test_markdown_escape_of_a_dash_rule(text):
    out = md_html(escape(text, "markdown"))
    assert visible(out).strip() == text, out


@pytest.mark.parametrize("text", ["a\n- b", "a\n1. b", "a\n===", "a\n---"])
def test_markdown_escape_of_multiline_text(text):
    out = md_html(escape(text, "markdown"))
    assert tags(out) == ["p"], out


# --- HTML -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [*LITERALS, "\"quoted\" 'single'", "a < b > c"])
def test_html_escape_has_no_raw_markup_and_decodes_back(text):
    out = escape(text, "html")
    assert "<" not in out and ">" not in out and '"' not in out and "'" not in out
    assert html.unescape(out) == text


def test_html_escape_drops_control_characters():
    assert escape("a\x00b\x1fc\x7f", "html") == "abc"


def test_html_render():
    nodes = parse("**b** *i* `<c>` [x&y](https://e.org/?a=1&b=2) <script>z</script>")
    assert render(nodes, "html") == (
        "<strong>b</strong> <em>i</em> <code>&lt;c&gt;</code> "
        '<a href="https://e.org/?a=1&amp;b=2">x&amp;y</a> &lt;script&gt;z&lt;/script&gt;')


def test_html_render_quotes_the_href():
    out = render((Link('https://e.org/"onmouseover="alert(1)', (Text("t"),)),), "html")
    assert out == '<a href="https://e.org/&quot;onmouseover=&quot;alert(1)">t</a>'


# --- LaTeX ------------------------------------------------------------------------------

LATEX = {
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
}
TEX_SPECIALS = "&%$#_{}~^\\"


def raw_specials(latex: str) -> str:
    """TeX special characters left in ``latex`` once cvtool's escapes are taken out."""
    for sequence in sorted(LATEX.values(), key=len, reverse=True):
        latex = latex.replace(sequence, "")
    return "".join(c for c in latex if c in TEX_SPECIALS)


@pytest.mark.parametrize(("char", "expected"), LATEX.items())
def test_latex_escapes_each_special_character(char, expected):
    assert escape(char, "latex") == expected
    assert escape(f"a{char}b", "latex") == f"a{expected}b"


def test_latex_escape_is_one_pass():
    assert escape("\\{}", "latex") == r"\textbackslash{}\{\}"
    assert escape("^~", "latex") == r"\textasciicircum{}\textasciitilde{}"


@pytest.mark.parametrize("text", [*LITERALS, "100% of $5 & #1_{x}^~\\end{document}"])
def test_latex_escape_leaves_no_raw_special(text):
    assert raw_specials(escape(text, "latex")) == ""


def test_latex_escape_flattens_newlines_and_drops_control_characters():
    assert escape("a\nb\r\nc\rd\x00\x1b", "latex") == "a b c d"


def test_latex_render():
    nodes = parse("**a_b** *c&d* `x_y` [50%](https://e.org/a_b)")
    assert render(nodes, "latex") == (
        r"\textbf{a\_b} \emph{c\&d} \texttt{x\_y} \href{https://e.org/a_b}{50\%}")
    assert raw_specials(render(parse("`\\{}#`"), "latex").replace(r"\texttt{", "")
                        .removesuffix("}")) == ""


def test_escape_latex_url():
    # `_` and `~` are safe in \href (checked by compiling); delimiters keep their meaning.
    assert escape_latex_url("https://e.org/a_b~c") == "https://e.org/a_b~c"
    assert escape_latex_url("https://e.org/plain/path") == "https://e.org/plain/path"
    nasty = "https://e.org/a_b%20c#d~e&f$g{h}i^j k\\l"
    out = escape_latex_url(nasty)
    # Percent-encodings are written \%XX: a bare % would start a TeX comment in an argument.
    assert out == r"https://e.org/a_b\%20c\#d~e\&f\%24g\%7Bh\%7Di\%5Ej\%20k\%5Cl"
    assert "%" not in out.replace(r"\%", "")
    assert escape_latex_url("https://e.org/武") == r"https://e.org/\%E6\%AD\%A6"


def test_latex_escape_hands_emoji_and_cjk_runs_to_their_fonts():
    assert escape("✉ mail", "latex") == r"\cvemoji{✉} mail"
    assert escape("👨\u200d👩\u200d👧!", "latex") == "\\cvemoji{👨\u200d👩\u200d👧}!"
    assert escape("武汉大学 Wuhan", "latex") == r"\cvcjk{武汉大学} Wuhan"


def test_latex_escape_drops_invisible_characters():
    assert escape("a\u2060b\u00adc\ufeffd\u202ee\ufe0f\x9b", "latex") == "abcde"
    assert escape("1\u00a0kg", "latex") == "1~kg"


@pytest.mark.parametrize("url", [
    "https://scholar.google.com/citations?user=X&hl=en",
    "https://e.org/page#section",
    "https://e.org/a%20b",
])
def test_escape_latex_url_keeps_the_link_target(url):
    # hyperref reads \% \# \& in a URL as the characters themselves.
    escaped = escape_latex_url(url)
    unescaped = escaped.replace(r"\%", "%").replace(r"\#", "#").replace(r"\&", "&")
    before, after = urlsplit(url), urlsplit(unescaped)
    assert (after.path, after.query, after.fragment) == (
        before.path, before.query, before.fragment)


# --- plain ------------------------------------------------------------------------------


def test_plain_format_is_the_text_itself():
    nodes = parse("**b** <x> [l](https://e.org) `c`")
    assert render(nodes, "plain") == "b <x> l c"
    assert escape("*_<&", "plain") == "*_<&"


def test_render_refuses_what_is_not_parsed_markup():
    """A string handed over as inline markup is an error, not its characters one by one."""
    with pytest.raises(TypeError):
        render("<b>", "html")  # type: ignore[arg-type]


def test_each_format_is_one_table_entry():
    from cvtool.markup import FORMATS, InlineFormat

    nodes = parse("**b** *i* `c` [l](https://a.b)")
    shout = InlineFormat(text=str.upper, strong=lambda s: f"!{s}!", code=lambda s: f"[{s}]",
                         link=lambda url, label, inner: f"{inner}<{url}>")
    FORMATS["shout"] = shout
    try:
        assert render(nodes, "shout") == "!B! I [c] L<https://a.b>"  # type: ignore[arg-type]
    finally:
        del FORMATS["shout"]

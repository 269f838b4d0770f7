"""TeX in publication titles, venues and abstracts, and $...$ math in markup fields.

What each format shows (Unicode everywhere but LaTeX), what the LaTeX renderer writes (TeX
rebuilt from whitelisted commands, never the source), what lint says about the rest (CV424,
located), and the BibTeX and JSON Resume paths, which keep TeX for render time.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from cvtool import markup, texmath
from cvtool.errors import DiagnosticsError
from cvtool.importers.bibtex import parse_bibtex
from cvtool.jsonresume.reading import import_jsonresume
from cvtool.lint import lint_loaded
from cvtool.loader import load, load_text
from cvtool.markup import Code, Emph, Link, Math, Strong, Text, to_text
from cvtool.pipeline import prepare, render
from cvtool.texinline import convert, math_problems, problems, tex

TODAY = date(2026, 1, 15)


def shown(source: str) -> str:
    return to_text(tex(source))


# --- conversions: real arXiv and BibTeX titles, abstracts and venues --------------------------

TITLES = [
    (r"$74.06\%$ clean accuracy", "74.06% clean accuracy"),
    (r"Sorting in $\mathcal{O}(n\log n)$ Time", "Sorting in 𝒪(n log n) Time"),
    (r"Learning $x^2$ Features", "Learning x² Features"),
    (r"$\alpha$-Divergence Variational Inference", "α-Divergence Variational Inference"),
    (r"Two new metrics (\textbf{MMI} and \textbf{MOR})", "Two new metrics (MMI and MOR)"),
    (r"see \url{https://a.b/c}.", "see https://a.b/c."),
    (r"Code at \url{https://github.com/x/y}, data soon",
     "Code at https://github.com/x/y, data soon"),
    (r"the ``scale-is-everything'' paradigm", "the “scale-is-everything” paradigm"),
    (r"{BERT}: Pre-training of Deep Bidirectional Transformers",
     "BERT: Pre-training of Deep Bidirectional Transformers"),
    (r"up to $170\times$ greater compression", "up to 170× greater compression"),
    (r"pages 1--10 --- a study", "pages 1–10 — a study"),
    (r"Prof.~Smith", "Prof.\u00a0Smith"),
    (r"Caf\'e \& Bar: na\"{\i}ve {G}\"odel", "Café & Bar: naïve Gödel"),
    (r"{\"U}ber \c{c}a \v s \ss{} \o{} \aa", "Über ça š ß ø å"),
    (r"A \LaTeX{} and \TeX\ primer", "A LaTeX and TeX primer"),
    (r"1\textsuperscript{st} Place", "1st Place"),
    (r"$\epsilon$-greedy with $\ell_1$ and $\ell_2$ penalties",
     "ϵ-greedy with ℓ₁ and ℓ₂ penalties"),
    (r"Bounds for $k \geq 2$ and $n \to \infty$", "Bounds for k ≥ 2 and n → ∞"),
    (r"$\mathbb{R}^d$ embeddings, $\hat{y}$, $\sqrt{n}$", "ℝᵈ embeddings, ŷ, √n"),
    (r"an $O(1/\sqrt{T})$ rate", "an O(1/√T) rate"),
    (r"$\frac{1}{2}$-approximation", "1/2-approximation"),
    (r"$10^{-3}$ error at $p < 0.05$", "10⁻³ error at p < 0.05"),
    (r"$\text{KL}(p\|q)$ and $\operatorname{Var}[X]$", "KL(p‖q) and Var[X]"),
    (r"$x_{ij}^{(t)}$ updates", "xᵢⱼ⁽ᵗ⁾ updates"),
    (r"$\{x : x > 0\}$", "{x : x > 0}"),
    (r"{\em Deep} {\bf Learning}", "Deep Learning"),
    (r"costs $5 and $10", "costs $5 and $10"),
    (r"improves 5% over \$2 baselines", "improves 5% over $2 baselines"),
    ("Plain Title Without TeX", "Plain Title Without TeX"),
    (r"H\({}_{\mbox{2}}\)O and \(\log^{\mbox{2}} n\)", "H₂O and log² n"),
    (r"$-1$ and $a-b$", "−1 and a − b"),
]


@pytest.mark.parametrize(("source", "text"), TITLES)
def test_tex_reads_as_a_reader_sees_it(source, text):
    assert shown(source) == text
    assert problems(source) == ()


def test_commands_become_nodes():
    assert tex(r"\textbf{MMI} \emph{x} \texttt{y}") == (
        Strong((Text("MMI"),)), Text(" "), Emph((Text("x"),)), Text(" "), Code("y"))
    assert tex(r"\href{https://a.b}{the \emph{site}}") == (
        Link("https://a.b", (Text("the "), Emph((Text("site"),)))),)
    # \url takes its argument verbatim and stops at its brace (the link never swallows it)
    assert tex(r"at \url{https://a.b/c_d\%20}. Next") == (
        Text("at "), Link("https://a.b/c_d%20", (Text("https://a.b/c_d%20"),)), Text(". Next"))
    assert tex("see https://a.b/c. Done") == (
        Text("see "), Link("https://a.b/c", (Text("https://a.b/c"),)), Text(". Done"))
    assert tex(r"$x^2$") == (Math("x^{2}", "x²"),)


@pytest.mark.parametrize(("formula", "latex", "text"), [
    (r"74.06\%", r"\text{74.06\%}", "74.06%"),  # a number: in the text's font
    (r"\mathcal{O}(n\log n)", r"\mathcal{O}(n\log n)", "𝒪(n log n)"),
    ("x^2", "x^{2}", "x²"),
    (r"x_{i}^{n+1}", "x_{i}^{n+1}", "xᵢⁿ⁺¹"),
    ("x^q", "x^{q}", "x^q"),  # no superscript q in Unicode
    ("x^{ab+q}", "x^{ab+q}", "x^(ab+q)"),
    (r"\alpha \leq \beta", r"\alpha \leq \beta", "α ≤ β"),
    (r"\frac{a+b}{2}", r"\frac{a+b}{2}", "(a + b)/2"),
    (r"\left( x \right)", r"\left(x\right)", "(x)"),
    (r"\mathbb{R}", r"\mathbb{R}", "ℝ"),
    (r"\argmax_x f(x)", r"\operatorname{arg max}_{x}f(x)", "arg maxₓ f(x)"),
])
def test_math_as_tex_and_as_text(formula, latex, text):
    result = texmath.convert(formula)
    assert (result.tex, result.text, result.problems) == (latex, text, ())


# --- every format ------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "expected"), [
    ("html", '<span class="math">74.06%</span> on <strong>MMI</strong>, '
             '<a href="https://a.b/c">https://a.b/c</a> “q” <span class="math">α</span>-div'),
    ("markdown", r"74.06% on **MMI**, <https://a.b/c> “q” α\-div"),
    ("latex", r"$\text{74.06\%}$ on \textbf{MMI}, \href{https://a.b/c}{https://a.b/c} “q” "
              r"$\alpha$-div"),
    ("plain", "74.06% on MMI, https://a.b/c “q” α-div"),
])
def test_each_format(fmt, expected):
    source = r"$74.06\%$ on \textbf{MMI}, \url{https://a.b/c} ``q'' $\alpha$-div"
    assert markup.render(tex(source), fmt) == expected


@pytest.mark.parametrize(("source", "html"), [
    ("$<script>$", '<span class="math">&lt;script&gt;</span>'),
    (r"\textbf{<b>x</b>}", "<strong>&lt;b&gt;x&lt;/b&gt;</strong>"),
    (r"\href{javascript:alert(1)}{click}", "click"),
    (r"\url{javascript:alert(1)}", "javascript:alert(1)"),
    (r'$\text{"><img src=x>}$', '<span class="math">&quot;&gt;&lt;img src=x&gt;</span>'),
    (r"\emph{&amp;}", "<em>&amp;amp;</em>"),
])
def test_html_stays_escaped(source, html):
    assert markup.render(tex(source), "html") == html


def test_markup_fields_read_math_only():
    assert markup.parse("cut $x^2$ by **half**") == (
        Text("cut "), Math("x^{2}", "x²"), Text(" by "), Strong((Text("half"),)))
    for text in ("costs $5 and $10", "from $5-$10", "a $ b $", r"\$x^2\$", "`$x^2$`"):
        assert not any(isinstance(n, Math) for n in markup.parse(text)), text
    # TeX text commands are not read in markup fields (CV418 says so)
    assert to_text(markup.parse(r"\textbf{b}")) == r"\textbf{b}"


# --- LaTeX safety ------------------------------------------------------------------------------

DANGEROUS = [
    r"\input{/etc/passwd}", r"\include{x}", r"\write18{touch /tmp/x}", r"\immediate\write18{x}",
    r"\catcode`\@=11", r"\def\x{y}\x", r"\csname foo\endcsname", r"\openout1=x",
    r"\newcommand{\x}{y}", r"\usepackage{shellesc}", r"\begin{verbatim}x\end{verbatim}",
    r"\directlua{os.exit()}", r"\special{x}", r"\expandafter\x",
]
_COMMANDS = re.compile(r"\\([A-Za-z]+)")
_ALLOWED_IN_MATH = (texmath.SYMBOLS | texmath.FUNCTIONS | set(texmath._ALPHABETS.values())
                    | set(texmath._ACCENTS) | texmath._TWO_ARGS | texmath._SIZES
                    | texmath._STYLES | {"text", "operatorname", "sqrt", "quad", "qquad",
                                         "thinspace", "enspace", "mathrm", "textasciitilde",
                                         "textasciicircum"})


@pytest.mark.parametrize("source", DANGEROUS)
def test_dangerous_commands_never_reach_the_tex(source):
    for field in (source, f"${source}$", f"\\textbf{{{source}}}", f"\\href{{{source}}}{{x}}"):
        rendered = markup.render(tex(field), "latex")
        for name in ("input", "include", "write", "catcode", "def", "csname", "openout",
                     "newcommand", "usepackage", "begin", "directlua", "special",
                     "expandafter", "immediate"):
            assert f"\\{name}" not in rendered, (field, rendered)
        assert problems(field), field  # and lint says so


@given(st.lists(st.sampled_from([*"\\{}^_$%#&~ax1 ", r"\input", r"\alpha", r"\frac", r"\text",
                                 r"\left", r"\sqrt", r"\def"]), max_size=30).map("".join))
def test_math_tex_holds_only_whitelisted_commands(formula):
    result = texmath.convert(formula)
    assert "$" not in result.tex.replace(r"\$", "")
    assert set(_COMMANDS.findall(result.tex)) <= _ALLOWED_IN_MATH, result.tex
    assert result.tex.count("{") - result.tex.count(r"\{") == \
        result.tex.count("}") - result.tex.count(r"\}")
    assert "\\" not in result.text or "\\" in formula.replace("\\", "", 1)


@given(st.lists(st.sampled_from([*"\\{}$%~`'-ab ", r"\textbf", r"\url", r"\href", r"\input",
                                 r"\'", r"\LaTeX", "$x^2$", "``"]), max_size=30).map("".join))
def test_any_tex_field_converts_without_raw_commands(source):
    inline, found = convert(source)
    text = to_text(inline)
    assert not re.search(r"\\[A-Za-z]+\{", text)
    latex = markup.render(inline, "latex")
    assert "\\input" not in latex and "\\def" not in latex
    assert isinstance(found, tuple)


def test_deep_nesting_is_read_flat_with_a_warning():
    inline, found = convert("{" * 3000 + "x" + "}" * 3000)
    assert to_text(inline) == "x" and "nested" in found[0].message
    assert texmath.convert(r"\sqrt" * 1000 + "x").problems
    assert to_text(convert(r"\textbf{" * 1000)[0]).startswith("textbf")


# --- CV424: located warnings --------------------------------------------------------------------

SOURCE = r"""name: Ada Lovelace
sections:
  Experience:
    - organization: Analytical Engine Project
      positions: [Programmer]
      dates: 1842 – 1843
      highlights:
        - Computed $\frob{B_7}$ by hand, for $5 to $10.
  Publications:
    - title: "\\foo{Sketch} of the $\\alpha$ Engine"
      authors: [Ada Lovelace]
      venue: Scientific Memoirs~3
      year: 1843
      abstract: Notes \input{x} on the {engine
"""


def test_cv424_is_located_and_converted_tex_is_clean():
    """At the command itself, inside the value (line:column of the source)."""
    found = [d for d in lint_loaded(load_text(SOURCE, "cv.yaml"), today=TODAY)
             if d.code in ("CV418", "CV424")]
    assert [(d.code, str(d.location), d.message) for d in found] == [
        ("CV424", "cv.yaml:8:21", "`\\frob` is not a math command cvtool converts"),
        ("CV424", "cv.yaml:10:16", "`\\foo` is not a TeX command cvtool converts; its text is "
                                   "shown without it"),
        ("CV424", "cv.yaml:14:23", "`\\input` is not allowed here; it is left out"),
        ("CV424", "cv.yaml:14:40", "a `{` that is never closed"),
    ]


def test_unconverted_tex_shows_without_backslashes():
    job = prepare(load_text(SOURCE, "cv.yaml"))
    for fmt in ("md", "html"):
        out = render(job, fmt).decode()
        body = out.split("<body", 1)[-1]
        assert "\\foo" not in body and "\\input" not in body and "\\frob" not in body
        assert "Sketch of the" in body
    tex_body = render(job, "tex").decode().split("\\begin{document}", 1)[1]
    assert "\\input" not in tex_body and "\\foo" not in tex_body and "\\frob" not in tex_body
    assert "$\\alpha$" in tex_body and "\\mathrm{frob}" in tex_body


def test_lint_knows_the_tex_fields():
    from cvtool.lint import rules_text
    from cvtool.texinline import TEX_FIELDS

    assert rules_text.TEX_FIELDS == TEX_FIELDS


def test_math_problems_in_markup_fields():
    assert [p.start for p in math_problems(r"a $\frob x$ and $\alpha$ and $5")] == [3]


# --- BibTeX and JSON Resume keep TeX for render time ------------------------------------------

BIB = r"""@inproceedings{kim2024,
  title = {{$\alpha$}-Divergence for {BERT}: 74.06\% with \textbf{MMI}},
  author = {Kim, Ji-Woo and M{\"u}ller, J{\"o}rg},
  booktitle = {Proc.~of {ICML} --- Workshops},
  abstract = {We use ``quotes'' and $\mathcal{O}(n\log n)$ time, see \url{https://a.b/c}.},
  year = {2024}
}
"""


def test_bibtex_keeps_tex_and_renders_it_once(tmp_path):
    entry = parse_bibtex(BIB).entries[0].data
    assert entry["title"] == r"{$\alpha$}-Divergence for {BERT}: 74.06\% with \textbf{MMI}"
    assert entry["authors"] == ["Ji-Woo Kim", "Jörg Müller"]  # names: Unicode when read
    (tmp_path / "papers.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "cv.yaml").write_text(
        "name: Jörg Müller\nsections:\n  Publications:\n    bibtex: [papers.bib]\n",
        encoding="utf-8")
    loaded = load(tmp_path / "cv.yaml")
    assert [d for d in lint_loaded(loaded, today=TODAY) if d.code in ("CV418", "CV424")] == []
    md = render(prepare(loaded), "md").decode()
    assert "α\\-Divergence for BERT: 74.06% with **MMI**" in md
    assert "Proc. of ICML — Workshops" in md.replace("\u00a0", " ")
    assert "“quotes” and 𝒪(n log n) time, see <https://a.b/c>." in md
    assert not re.search(r"\\[a-z]|``", md)


def test_jsonresume_keeps_tex_and_renders_it_once():
    resume = {"basics": {"name": "Ada Lovelace"}, "publications": [{
        "name": r"$\alpha$-Divergence for {BERT}", "publisher": r"Proc.~ICML",
        "releaseDate": "2020", "summary": r"We get $x^2$ and \textbf{MMI}."}]}
    data, _notes = import_jsonresume(resume)
    (paper,) = data["sections"]["Publications"]
    assert paper["title"] == r"$\alpha$-Divergence for {BERT}"
    loaded = load_text(yaml.safe_dump(data, allow_unicode=True), "cv.yaml")
    md = render(prepare(loaded), "md").decode()
    assert "α\\-Divergence for BERT" in md and "We get x² and **MMI**." in md
    html = render(prepare(loaded), "html").decode()
    assert "\\alpha" not in html and "\\textbf" not in html and json.dumps(html)


# --- the examples ------------------------------------------------------------------------------


@pytest.mark.parametrize("example", ["researcher-profile", "academic-cv"])
def test_examples_show_no_raw_tex(example):
    from tests.conftest import ROOT

    job = prepare(load(ROOT / "examples" / f"{example}.yaml"))
    md = render(job, "md").decode()
    html = render(job, "html").decode().split("<body", 1)[1]
    for out in (md, html):
        assert not re.search(r"\\(?:textbf|url|emph|times|mathcal|alpha|log)\b|``|\$[^$]*\\",
                             out)


# --- fields a CV opts in with `tex_fields` --------------------------------------------------

OPTED_IN = r"""name: Ada Example
tex_fields: [description, highlights]
sections:
  Projects:
    - title: Pasted from a paper
      description: |-
        \textbf{MMI} gains $74.06\%$ over ``baselines'' [@ex2023]
      highlights:
        - 'See \url{https://example.org/x}, as in [@ex2023].'
  Awards:
    - title: Prize
      description: |-
        opted in like every description: \textbf{TeX}, and **this** prints literally
  Publications:
    - title: A Paper
      authors: [Ada Example]
      venue: CVPR
      year: 2023
      key: ex2023
"""


def test_opted_in_fields_are_read_as_tex_with_cross_references():
    md = render(prepare(load_text(OPTED_IN, "t.yaml")), "md").decode()
    assert "**MMI** gains 74.06% over “baselines” \\[[1](#pub-ex2023)\\]" in md
    assert "- See <https://example.org/x>, as in \\[[1](#pub-ex2023)\\]." in md


def test_fields_not_opted_in_stay_markup():
    loaded = load_text(OPTED_IN.replace("tex_fields: [description, highlights]\n", ""), "t.yaml")
    md = render(prepare(loaded), "md").decode()
    assert "\\\\textbf{MMI}" in md  # printed literally (escaped for Markdown)
    assert "opted in like every description: \\\\textbf{TeX}, and **this**" in md


def test_lint_reads_opted_in_fields_as_tex():
    found = [d for d in lint_loaded(load_text(OPTED_IN, "t.yaml")) if d.code == "CV418"]
    assert [d.path for d in found] == ["sections.Awards[0].description"]  # the **this**
    unknown = OPTED_IN.replace(r"\textbf{MMI}", r"\frobnicate{MMI}")
    found = [d for d in lint_loaded(load_text(unknown, "t.yaml")) if d.code == "CV424"]
    assert [d.path for d in found] == ["sections.Projects[0].description"]
    plain = OPTED_IN.replace("tex_fields: [description, highlights]\n", "")
    assert "CV418" in {d.code for d in lint_loaded(load_text(plain, "t.yaml"))}


def test_an_unknown_tex_field_is_located():
    with pytest.raises(DiagnosticsError) as info:
        load_text("name: A\ntex_fields: [abstracts]\n", "t.yaml")
    (d,) = info.value.diagnostics
    assert d.format().startswith("t.yaml:2:14: error[CV105]: tex_fields[0]:")


def test_the_glyph_check_sees_what_tex_becomes(monkeypatch):
    """`$\\mathcal{O}$` is plain ASCII as written but prints 𝒪: CV201 checks that too."""
    from cvtool import fonts

    monkeypatch.setattr(fonts, "undrawable", lambda text: sorted({c for c in text if c == "𝒪"}))
    loaded = load_text('name: A\nsummary: "Bounds $\\\\mathcal{O}(n)$"\n', "t.yaml")
    (found,) = fonts.missing_glyph_diagnostics(loaded)
    assert found.code == "CV201" and "U+1D4AA" in found.message
    assert str(found.location) == "t.yaml:2:10"


@pytest.mark.parametrize("source", [r"\url{\textbf{", r"\url{\textbf{x}}", r"\href{\x y}{label}"])
def test_a_link_to_something_that_is_not_an_address_shows_no_command(source):
    """Found by the property test above: an unclosed `\\url` swallowed a command as its URL."""
    inline, found = convert(source)
    assert "\\" not in to_text(inline) and "\\" not in markup.render(inline, "html")
    assert any("not a web address" in p.message for p in found)


def test_a_size_command_before_something_that_is_no_delimiter_stays_valid_tex():
    """Found by the property test: `\\left a` became `\\lefta`, an unknown command."""
    assert texmath.convert(r"\left a + b \right)").tex == r"\left. a+b\right)"

"""Cross-references from text to papers: ``[@key]`` is the number the paper has in THIS
document (full CV, résumé variant, after fitting), linked to its entry in every format; a
short citation when the document does not show the paper; an unknown or repeated key is a
located CV114 from validate, lint and build."""

from __future__ import annotations

import json
import textwrap

import pytest
from click.testing import CliRunner

from cvtool import markup
from cvtool.cli import main
from cvtool.document import build_document
from cvtool.document.crossrefs import short_citation, short_venue, surname
from cvtool.errors import DiagnosticsError
from cvtool.fit import _candidates
from cvtool.jsonresume.writing import render_jsonresume, to_jsonresume
from cvtool.loader import load, load_text
from cvtool.markup import Cite, CiteItem, Text
from cvtool.renderers.markdown import render_markdown
from cvtool.schema import entries as e
from cvtool.variants import apply_variant, materialize, select, variant_of
from tests.conftest import ROOT

SOURCE = textwrap.dedent("""\
    name: Ada Li
    summary: Our method [@li2023whac] is used widely; see also [@li2021bias; @wu2019old].
    sections:
      Experience:
        - organization: Lab
          positions: [Researcher]
          dates: 2020 – 2023
          highlights:
            - Shipped the data pipeline.
            - label: Publication
              text: The paper [@li2023whac] is accepted to CVPR 2023.
            - label: Publication
              text: The paper [@wu2019old] is accepted to ICCV 2019.
      Publications:
        - key: zz2024
          title: Newest Paper
          authors: [Zed Zee, Ada Li]
          venue: NeurIPS
          year: 2024
        - key: li2023whac
          title: Whac-A-Mole
          authors: [Ada Li, Bo Chen, Cy Dee]
          venue: IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)
          year: 2023
          selected: true
        - key: li2021bias
          title: Bias Paper
          authors: [Ada Li, Chenliang Xu]
          venue: ICCV
          year: 2021
          selected: true
        - key: wu2019old
          title: Old Paper
          authors: [Wei Wu, Ada Li, Bo Chen]
          venue: ICCV
          year: 2019
    variants:
      resume:
        selected_only: true
    """)


def loaded(text: str = SOURCE, name: str = "cv.yaml"):
    return load_text(text, name)


def doc_of(text: str = SOURCE, variant: str | None = None):
    cv = loaded(text).cv
    if variant is None:
        return build_document(cv)
    chosen = variant_of(cv, variant)
    selected, origins = materialize(cv, select(cv, chosen), chosen)
    return build_document(selected, origins=origins, whole=cv)


def cites(inline) -> list[Cite]:
    return markup.citations(inline)


def bullet(doc, n: int):
    return doc.sections[0].entries[0].bullets[n].body


# --- parsing -------------------------------------------------------------------------


def test_parse_makes_cite_nodes():
    assert markup.parse("see [@li2023whac].") == (
        Text("see "), Cite((CiteItem("li2023whac"),)), Text("."))
    assert markup.parse("[@a; @b_c:d]")[0] == Cite((CiteItem("a"), CiteItem("b_c:d")))
    nested = markup.parse("**in [@a]**")[0]
    assert isinstance(nested, markup.Strong) and cites(nested.children)[0].keys == ("a",)


@pytest.mark.parametrize("text", ["`[@a]`", r"\[@a]", "[@a](https://example.org)",
                                  "mail me@x.org", "[@]", "[@ a]"])
def test_what_is_not_a_cross_reference(text):
    assert cites(markup.parse(text)) == []
    assert markup.cite_keys(text) == []


@pytest.mark.parametrize("text", [
    "a `[@x]` b [@y] c [@z; @w]", r"\[@a] [@b]", "\\\\[@a]", "``x` [@a]`` [@b]", "`[@a]",
    "[@a](https://x.y) [@b](javascript:x)", "**[@a]** and *[@b; @c]*", "[@a][@b]",
    "see [@a.] [@a]. [@a:b/c+d]"])
def test_the_scan_for_keys_agrees_with_the_parser(text):
    # cite_keys runs while loading (without markdown-it); parse is what documents show
    assert [keys for _, keys in markup.cite_keys(text)] == [
        c.keys for c in cites(markup.parse(text))]


def test_cite_keys_gives_offsets_of_the_bracket():
    text = "a `[@x]` b [@y] c [@z; @w]"
    assert markup.cite_keys(text) == [(11, ("y",)), (18, ("z", "w"))]


def test_unresolved_cite_renders_its_key_never_raw():
    assert markup.render(markup.parse("[@k]"), "plain") == "[k]"


def test_anchor_ids_are_safe_and_distinct():
    assert markup.anchor_id("li2023-whac.v2") == "li2023-whac.v2"
    a, b = markup.anchor_id("a/b"), markup.anchor_id("a+b")
    assert a != b and a.startswith("a-b-") and all(c.isalnum() or c in ".-" for c in a)


# --- numbering follows the document ----------------------------------------------------


def test_full_cv_numbers_papers_as_listed():
    doc = doc_of()
    assert markup.to_text(bullet(doc, 1)) == "The paper [2] is accepted to CVPR 2023."
    assert markup.to_text(bullet(doc, 2)) == "The paper [4] is accepted to ICCV 2019."
    assert markup.to_text(doc.summary) == (
        "Our method [2] is used widely; see also [3, 4].")


def test_resume_variant_renumbers_and_cites_what_it_leaves_out():
    doc = doc_of(variant="resume")  # only the selected papers: li2023whac [1], li2021bias [2]
    assert [p.number for p in doc.sections[1].entries] == ["[1]", "[2]"]
    assert markup.to_text(bullet(doc, 1)) == "The paper [1] is accepted to CVPR 2023."
    assert markup.to_text(bullet(doc, 2)) == (
        "The paper (Wu et al., ICCV 2019) is accepted to ICCV 2019.")
    assert markup.to_text(doc.summary) == (
        "Our method [1] is used widely; see also [2] (Wu et al., ICCV 2019).")
    item = cites(bullet(doc, 1))[0].items[0]
    assert (item.label, item.target, item.numbered) == ("1", "li2023whac", True)
    missing = cites(bullet(doc, 2))[0].items[0]
    assert missing.target == ""  # nothing on the page to link to


def test_unnumbered_section_gives_a_linked_short_citation():
    head, pubs = SOURCE.split("  Publications:\n")
    pubs, tail = pubs.split("variants:")
    doc = doc_of(head + "  Publications:\n    numbering: none\n    entries:\n"
                 + textwrap.indent(pubs, "  ") + "variants:" + tail)
    item = cites(bullet(doc, 1))[0].items[0]
    assert (item.label, item.target, item.numbered) == ("Li et al., CVPR 2023", "li2023whac",
                                                        False)
    assert markup.render(bullet(doc, 1), "html") == (
        'The paper (<a class="xref" href="#pub-li2023whac">Li et al., CVPR 2023</a>) is '
        "accepted to CVPR 2023.")


def test_short_citation_forms():
    pub = e.Publication(title="T", authors=["Zhiheng Li", "Chenliang Xu"], venue="ICCV",
                        year=2021)
    assert short_citation(pub) == "Li and Xu, ICCV 2021"
    assert short_citation(pub.model_copy(update={"authors": ["Li, Zhiheng"]})) == \
        "Li, ICCV 2021"
    three = pub.model_copy(update={"authors": ["A Li", "B Xu", "C Wu"]})
    assert short_citation(three) == "Li et al., ICCV 2021"
    cut = pub.model_copy(update={"authors": ["A Li", "B Xu", "et al."]})
    assert short_citation(cut) == "Li et al., ICCV 2021"
    assert surname("Jan van der Berg") == "van der Berg"
    assert short_venue("arXiv preprint arXiv:2412.12391") == "arXiv"
    assert short_venue("ECCV Responsible Computer Vision Workshop") == "ECCV"
    assert short_venue("IEEE/CVF Conference on Computer Vision and Pattern Recognition "
                       "(CVPR)") == "CVPR"


# --- links and anchors in each format --------------------------------------------------


def test_html_links_to_the_entry_id():
    from cvtool.renderers.html import render_html
    from cvtool.themes import load_theme, resolve_design

    cv = loaded().cv
    theme = load_theme(cv.design.theme, ROOT)
    html = render_html(build_document(cv), theme, resolve_design(cv.design, theme))
    assert 'The paper [<a class="xref" href="#pub-li2023whac">2</a>] is accepted' in html
    assert 'class="publication selected" id="pub-li2023whac"' in html
    assert html.count('id="pub-li2023whac"') == 1


def test_latex_hyperref_and_label():
    from cvtool.renderers.latex import render_latex
    from cvtool.themes import load_theme, resolve_design

    cv = loaded().cv
    theme = load_theme(cv.design.theme, ROOT)
    tex = render_latex(build_document(cv), theme, resolve_design(cv.design, theme)).decode()
    assert r"The paper [\hyperref[pub:li2023whac]{2}] is accepted" in tex
    assert r"\cvpublication{[2]}{\phantomsection\label{pub:li2023whac}" in tex


def test_latex_labels_are_sanitised():
    text = SOURCE.replace("li2023whac", "li_2023+whac")
    cv = loaded(text).cv
    rendered = markup.render(bullet(build_document(cv), 1), "latex")
    label = markup.anchor_id("li_2023+whac")
    assert rf"\hyperref[pub:{label}]{{2}}" in rendered
    assert "_" not in label and "+" not in label


def test_markdown_anchor_link():
    md = render_markdown(build_document(loaded().cv)).decode()
    assert r"The paper \[[2](#pub-li2023whac)\] is accepted" in md
    assert '- <a id="pub-li2023whac"></a>\\[2\\] ' in md


# --- CV114: unknown and duplicate keys, located ----------------------------------------


BAD = textwrap.dedent("""\
    name: Ada Li
    summary: >-
      First line of the summary,
      then [@nope] here.
    sections:
      Experience:
        - organization: Lab
          highlights:
            - "Shipped [@li2023] and [@li2032]."
      Publications:
        - key: li2023
          title: A
          authors: [Ada Li]
          year: 2023
        - key: li2023
          title: B
          authors: [Ada Li]
          year: 2022
    """)


def test_unknown_and_duplicate_keys_are_located_errors():
    with pytest.raises(DiagnosticsError) as info:
        load_text(BAD, "bad.yaml")
    found = sorted((d.code, str(d.location), d.message, d.hint or "")
                   for d in info.value.diagnostics)
    assert [(c, where) for c, where, *_ in found] == [
        ("CV114", "bad.yaml:15:12"), ("CV114", "bad.yaml:4:8"), ("CV114", "bad.yaml:9:34")]
    messages = {where: (message, hint) for _, where, message, hint in found}
    assert messages["bad.yaml:9:34"] == (
        "`[@li2032]`: no publication has the key `li2032`", "did you mean `li2023`?")
    assert "two publications have the key `li2023`" in messages["bad.yaml:15:12"][0]


def test_validate_lint_and_build_report_cv114(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text(BAD, encoding="utf-8")
    runner = CliRunner()
    for args in (["validate", str(source)], ["lint", str(source)],
                 ["build", str(source), "-f", "md", "-o", str(tmp_path / "out")]):
        result = runner.invoke(main, args)
        assert result.exit_code != 0, args
        assert f"{source}:4:8: error[CV114]" in result.output, (args, result.output)
    assert not (tmp_path / "out").exists()


def test_a_bib_entry_key_resolves(tmp_path):
    (tmp_path / "refs.bib").write_text(textwrap.dedent("""\
        @inproceedings{chen2018lip,
          title = {Lip Movements Generation at a Glance},
          author = {Chen, Lele and Li, Ada and Xu, Chenliang},
          booktitle = {ECCV},
          year = {2018}
        }
        """), encoding="utf-8")
    source = tmp_path / "cv.yaml"
    source.write_text("name: Ada Li\nsummary: See [@chen2018lip].\nsections:\n"
                      "  Publications:\n    bibtex: refs.bib\n", encoding="utf-8")
    doc = build_document(load(source).cv)
    assert markup.to_text(doc.summary) == "See [1]."


def test_shipped_sources_resolve_every_key():
    for path in (ROOT / "data" / "cv.yaml", ROOT / "examples" / "academic-cv.yaml"):
        doc = build_document(load(path).cv)
        md = render_markdown(doc).decode()
        assert "[@" not in md and "[@" not in markup.to_text(doc.summary), path


# --- the résumé of data/cv.yaml cites the right papers ---------------------------------


def test_data_cv_resume_cites_the_papers_by_their_resume_numbers():
    cv = load(ROOT / "data" / "cv.yaml").cv
    full = render_markdown(build_document(cv)).decode()
    assert r"The paper \[[4](#pub-li2023whac)\] is accepted to CVPR 2023." in full
    assert r"The paper \[[9](#pub-chen2018lip)\] is accepted to ECCV 2018." in full
    resume = apply_variant(cv, "resume")
    doc = build_document(resume, whole=cv)
    md = render_markdown(doc).decode()
    assert r"The paper \[[1](#pub-li2023whac)\] is accepted to CVPR 2023." in md
    assert r"The paper \[[2](#pub-li2022stylet2i)\] is accepted to CVPR 2022." in md
    numbers = {p.key: p.number for s in doc.sections if s.kind == "publication"
               for p in s.entries}
    assert numbers["li2023whac"] == "[1]" and numbers["li2022stylet2i"] == "[2]"


# --- fitting and caps --------------------------------------------------------------------


def test_fit_drops_a_bullet_citing_only_papers_not_shown_first():
    cv = loaded().cv
    selection = select(cv, variant_of(cv, "resume"))
    order = [c.origin for c in _candidates(cv, selection)]
    assert order[0] == ("sections", "Experience", 0, "highlights", 2)  # cites wu2019old
    # with everything shown, that bullet is an ordinary one again
    from cvtool.variants import everything

    assert _candidates(cv, everything(cv))[0].origin != order[0]


def test_max_bullets_prefers_bullets_citing_shown_papers():
    text = SOURCE.replace("    selected_only: true",
                          "    selected_only: true\n    max_bullets: 1")
    cv = loaded(text).cv
    selected = apply_variant(cv, "resume")
    texts = [b.text for b in selected.sections["Experience"].entries[0].highlights]
    assert texts == ["The paper [@li2023whac] is accepted to CVPR 2023."]
    # pointing at nothing in the résumé, it goes even before bullets of lower priority
    wu = "          text: The paper [@wu2019old]"
    assert wu in text
    text = text.replace("max_bullets: 1", "max_bullets: 2").replace(
        wu, "          priority: 1\n" + wu)
    texts = [b.text for b in apply_variant(loaded(text).cv, "resume")
             .sections["Experience"].entries[0].highlights]
    assert texts == ["Shipped the data pipeline.",
                     "The paper [@li2023whac] is accepted to CVPR 2023."]


FILLER = 26  # bullets of filler: more than a page holds at the tightest settings


@pytest.mark.slow
def test_fitting_to_a_page_drops_the_orphan_bullet_first(tmp_path):
    filler = " ".join(["Built and measured a careful system for the next team."] * 6)
    bullets = "".join(f"        - {filler}\n" for _ in range(FILLER))
    shipped = "        - Shipped the data pipeline.\n"
    assert shipped in SOURCE
    text = SOURCE.replace(shipped, shipped + bullets).replace(
        "    selected_only: true", "    selected_only: true\n    max_pages: 1")
    source = tmp_path / "cv.yaml"
    source.write_text(text, encoding="utf-8")
    from cvtool.pipeline import prepare

    job = prepare(load(source), variant_name="resume")
    dropped = [line for line in job.report if line.startswith("fit: dropped")]
    assert dropped and f"highlights[{FILLER + 2}]" in dropped[0], job.report
    assert "The paper (Wu et al., ICCV 2019)" not in render_markdown(job.doc).decode()


# --- JSON Resume ---------------------------------------------------------------------------


def test_json_resume_writes_the_short_citation():
    cv = loaded().cv
    resume = to_jsonresume(cv)
    assert resume["basics"]["summary"] == (
        "Our method (Li et al., CVPR 2023) is used widely; see also (Li and Xu, ICCV 2021; "
        "Wu et al., ICCV 2019).")
    assert resume["work"][0]["highlights"][1] == (
        "Publication: The paper (Li et al., CVPR 2023) is accepted to CVPR 2023.")
    visible = json.dumps({k: v for k, v in resume.items() if k != "meta"}
                         | {"work": [{k: v for k, v in w.items() if k != "x-cvtool"}
                                     for w in resume["work"]]})
    assert "[@" not in visible


def test_json_resume_of_a_variant_cites_papers_it_leaves_out():
    cv = loaded().cv
    resume = json.loads(render_jsonresume(apply_variant(cv, "resume"), cv))
    assert "(Wu et al., ICCV 2019)" in resume["work"][0]["highlights"][2]


def test_json_resume_round_trip_keeps_the_references():
    from cvtool.importers.yamlout import dump_yaml
    from cvtool.jsonresume.mapping import dump
    from cvtool.jsonresume.reading import import_jsonresume

    cv = loaded().cv
    data, _ = import_jsonresume(to_jsonresume(cv))
    again = load_text(dump_yaml(data), "again.yaml").cv
    assert dump(again) == dump(cv)

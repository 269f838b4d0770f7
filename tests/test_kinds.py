"""Every kind of section, under any title: inference, aliases, short forms, and each kind
shown in every text format.

A section's kind follows from its entries' fields; its title's words (in the languages
cvtool ships) only break ties; ``kind:`` overrides both.
"""

from __future__ import annotations

import html
import re

import pytest

from cvtool.errors import DiagnosticsError
from cvtool.loader import load, load_text
from cvtool.pipeline import prepare, render
from cvtool.schema.cv import LONG_FORM_HINT, SECTION_KINDS
from cvtool.schema.inference import infer_kind, kind_from_title
from tests.conftest import ROOT

ACADEMIC = ROOT / "examples" / "academic-cv.yaml"


def kinds_of(text: str) -> dict[str, str]:
    cv = load_text("name: A\nsections:\n" + text, "test.yaml").cv
    return {title: section.kind for title, section in cv.sections.items()}


def errors_of(text: str) -> list[str]:
    with pytest.raises(DiagnosticsError) as info:
        load_text("name: A\nsections:\n" + text, "test.yaml")
    return [d.format() for d in info.value.diagnostics]


GERMAN = """\
  Auszeichnungen:
    - title: Bester Vortrag
      awarder: GI-Jahrestagung
      date: 2021
  Vorträge:
    - title: Robuste Modelle
      event: TU München
      date: 2022-05
  Lehre:
    - course: Maschinelles Sehen
      role: Tutorin
      terms: [WS 2020/21]
  Sprachen:
    - Deutsch: Muttersprache
    - Englisch: C1
  Drittmittel:
    - title: Robuste Wahrnehmung
      funder: DFG
      amount: 250.000 EUR
  Zertifikate:
    - name: AWS ML Specialty
      issuer: Amazon
  Ehrenamt:
    - organization: Tafel e.V.
      position: Helferin
  Patente:
    - Verfahren zur Bildsegmentierung
  Betreuung:
    - name: Max Mustermann
      level: MSc
  Mitgliedschaften:
    - organization: Gesellschaft für Informatik
      role: Mitglied
  Referenzen:
    - Auf Anfrage
  Hobbys:
    - Klettern
    - Schach
  Berufserfahrung:
    - organization: Beispiel GmbH
      position: Entwicklerin
"""


def test_german_titles_give_the_right_kinds():
    assert kinds_of(GERMAN) == {
        "Auszeichnungen": "award", "Vorträge": "talk", "Lehre": "teaching",
        "Sprachen": "language", "Drittmittel": "grant", "Zertifikate": "certification",
        "Ehrenamt": "volunteering", "Patente": "patent", "Betreuung": "supervision",
        "Mitgliedschaften": "membership", "Referenzen": "reference", "Hobbys": "interest",
        "Berufserfahrung": "experience",
    }


@pytest.mark.parametrize(("title", "kind"), [
    ("获奖情况", "award"), ("专利", "patent"), ("语言能力", "language"), ("教学经历", "teaching"),
    ("受賞歴", "award"), ("특허", "patent"), ("Доклады", "talk"), ("Prix et distinctions", "award"),
    ("Idiomas", "language"), ("Premios", "award"), ("Brevetti", "patent"),
    ("Teaching Experience", "teaching"), ("Programming Languages", "skills"),
    ("Achievements", "award"), ("Hobbies", "interest"), ("Students Mentored", "supervision"),
])
def test_title_words_in_many_languages(title, kind):
    assert kind_from_title(title) == kind


def test_fields_decide_under_any_title():
    """An untitled-looking section is read from its fields alone."""
    assert kinds_of("""\
  Misc:
    - title: Early Career Prize
      awarder: Royal Society
  Other:
    - course: Linear Algebra
      enrollment: 120
  More:
    - name: J. Doe
      relation: PhD advisor
      contact: j.doe@example.org
  Even more:
    - title: A method
      number: US 1,234,567 B2
      inventors: [A, B]
""") == {"Misc": "award", "Other": "teaching", "More": "reference", "Even more": "patent"}


def test_the_title_only_breaks_ties():
    """organization + position fit a job and volunteer work alike: the title settles it;
    with no telling title the first fitting kind (experience) wins."""
    same = "    - organization: A\n      position: B\n"
    assert kinds_of(f"  Freiwilligenarbeit:\n{same}  Berufserfahrung:\n{same}"
                    f"  Elsewhere:\n{same}") == {
        "Freiwilligenarbeit": "volunteering", "Berufserfahrung": "experience",
        "Elsewhere": "experience"}


def test_a_title_never_overrides_the_fields():
    """A section titled Awards whose entries are jobs is read as jobs, not rejected."""
    assert kinds_of("  Awards:\n    - organization: A\n      positions: [B]\n"
                    "      dates: 2020 – 2021\n") == {"Awards": "experience"}


def test_strings_and_label_pairs_are_always_a_section():
    assert kinds_of("""\
  Whatever:
    - One line
    - Another
  Things:
    - Label: text
    - Other: more
  Awards:
    - Best Paper Award, CVPR 2023
  Sprachen:
    - Deutsch
""") == {"Whatever": "text", "Things": "text", "Awards": "award", "Sprachen": "language"}


def test_kind_overrides_inference():
    kinds = kinds_of("""\
  Awards:
    kind: generic
    entries:
      - title: X
        description: y
  Talks:
    kind: text
    entries: [A talk]
""")
    assert kinds == {"Awards": "generic", "Talks": "text"}


@pytest.mark.parametrize(("entry", "field", "value"), [
    ("{name: Prize, issuer: ACM}", "awarder", "ACM"),
    ("{title: Prize, summary: For work}", "description", "For work"),
    ("{title: AWS, authority: Amazon}", "issuer", "Amazon"),
])
def test_aliases_are_read_as_the_field(entry, field, value):
    title = "Certifications" if "authority" in entry else "Awards"
    cv = load_text(f"name: A\nsections:\n  {title}:\n    - {entry}\n", "t.yaml").cv
    assert getattr(cv.sections[title].entries[0], field) == value


def test_a_typo_is_located_with_a_suggestion():
    errors = errors_of("  Auszeichnungen:\n    - title: X\n      awarder: Y\n      dat: 2020\n")
    assert errors == ["test.yaml:6:7: error[CV100]: sections.Auszeichnungen[0].dat: "
                      "unknown key `dat` (did you mean `date`?)"]


def test_an_unreadable_section_shows_the_long_form():
    (error,) = errors_of("  Stuff:\n    - 42\n")
    assert error.startswith("test.yaml:4:5: error[CV107]: sections.Stuff: ")
    assert "`Title: {kind: award, entries: [...]}`" in error
    assert all(kind in LONG_FORM_HINT for kind in SECTION_KINDS)


def test_infer_kind_is_none_only_when_nothing_comes_close():
    assert infer_kind("Stuff", [42]) is None
    assert infer_kind("Stuff", [{"instituton": "X", "degree": "Y"}]) == "education"
    assert infer_kind("", []) == "text"


def test_cefr_levels_are_explained_and_free_text_kept():
    loaded = load_text("name: A\nsections:\n  Languages:\n    - Dutch: B2\n"
                       "    - {language: Basque, fluency: conversational}\n", "t.yaml")
    md = render(prepare(loaded), "md").decode()
    assert "**Dutch:** B2 (Upper intermediate)" in md
    assert "**Basque:** Conversational" in md


# --- each kind in each text format --------------------------------------------------------

# What a reader must see of each kind of the academic example, in every format.
SHOWN = {
    "grant": ["Robust Vision Models for Medical Imaging", "Dutch Research Council (NWO)",
              "EUR 800,000", "ERC-2020-STG-000000"],
    "award": ["Early Career Research Prize", "Royal Netherlands Academy of Arts and Sciences",
              "EUR 25,000"],
    "patent": ["Method for Detecting Distribution Shift", "EP 3 000 000 B1"],
    "talk": ["Why Models Fail Under Shift", "invited", "Slides", "Video"],
    "teaching": ["Trustworthy AI (MSc)", "Fall 2019", "240 students"],
    "supervision": ["Sofia Lindqvist", "Label Noise in Chest X-Ray Datasets",
                    "Data Scientist, Example Health"],
    "membership": ["ELLIS Society", "Fellow"],
    "volunteering": ["Women in Machine Learning", "Mentor", "twelve early-career"],
    "certification": ["University Teaching Qualification (BKO)"],
    "language": ["Spanish", "Native", "C2 (Proficient)"],
    "interest": ["Outside work", "choral singing"],
    "reference": ["Available on request"],
}


@pytest.fixture(scope="module")
def academic_outputs() -> dict[str, str]:
    job = prepare(load(ACADEMIC))
    return {fmt: render(job, fmt).decode("utf-8") for fmt in ("md", "html", "tex")}


def readable(fmt: str, text: str) -> str:
    """The words of an output, markup stripped, for the facts above."""
    if fmt == "html":
        text = html.unescape(re.sub(r"<[^>]+>", " ", text.split("<body", 1)[1]))
    elif fmt == "tex":
        text = text.split("\\begin{document}", 1)[1].replace("\\,", " ").replace("~", " ")
        text = re.sub(r"\\[a-zA-Z]+\*?|[{}]", " ", text)
    else:
        text = text.replace("\\", "")
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("fmt", ["md", "html", "tex"])
@pytest.mark.parametrize("kind", sorted(SHOWN))
def test_every_kind_is_shown_in_every_format(academic_outputs, fmt, kind):
    words = readable(fmt, academic_outputs[fmt])
    missing = [w for w in SHOWN[kind] if w not in words]
    assert not missing, f"{kind} in {fmt}: {missing}"


def test_the_academic_example_uses_every_kind_without_kind_keys():
    loaded = load(ACADEMIC)
    kinds = {section.kind for section in loaded.cv.sections.values()}
    assert set(SHOWN) <= kinds
    assert not re.search(r"^    kind:", ACADEMIC.read_text(encoding="utf-8"), re.MULTILINE)


def test_patent_inventors_highlight_the_owner(academic_outputs):
    assert "Inventors: **Elena Marquez**, Jonathan Ames" in academic_outputs["md"]


def test_the_readme_example_of_every_kind_validates():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    part = readme.split("### Kinds of section", 1)[1]
    block = re.search(r"```yaml\n(sections:\n.*?)```", part, re.DOTALL)
    assert block, "the README shows every kind in a yaml block"
    cv = load_text("name: Elena Marquez\n" + block.group(1), "README.md").cv
    shown = {section.kind for section in cv.sections.values()}
    assert set(SHOWN) <= shown


def test_a_typo_of_an_alias_is_answered_too():
    (error, *_) = [e for e in errors_of("  Awards:\n    - nme: Prize\n") if "CV100" in e]
    assert error.endswith("unknown key `nme` (did you mean `name`?)")


@pytest.mark.parametrize(("terms", "column", "line"), [
    ("[Fall 2019, Spring 2021, Fall 2021]", "2019 – 2021",
     "Terms: Fall 2019, Spring 2021, Fall 2021"),
    ("[Fall 2019]", "Fall 2019", None),
    ("[Michaelmas, Lent]", "Michaelmas, Lent", None),
])
def test_teaching_terms_do_not_crowd_the_date_column(terms, column, line):
    loaded = load_text(f"name: A\nsections:\n  Teaching:\n    - course: ML\n"
                       f"      terms: {terms}\n", "t.yaml")
    md = render(prepare(loaded), "md").decode()
    assert f"### ML\n\n{column}" in md
    assert (line in md) if line else "Terms:" not in md


@pytest.mark.parametrize("fmt", ["md", "html", "tex"])
def test_a_list_mixing_labelled_and_bare_items_keeps_its_order(fmt):
    """The order of languages says something (native first): no format moves bare items."""
    loaded = load_text("name: A\nsections:\n  Languages:\n    - German: C1\n    - Basque\n"
                       "    - English: native\n", "t.yaml")
    text = readable(fmt, render(prepare(loaded), fmt).decode())
    positions = [text.find(word) for word in ("German", "Basque", "English")]
    assert -1 not in positions and positions == sorted(positions), text[-300:]

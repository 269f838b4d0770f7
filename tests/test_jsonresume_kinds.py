"""JSON Resume and the typed kinds of entry: each kind both ways, the full academic CV there
and back, the files other tools write (patterns seen in public ``resume.json`` files,
reproduced with invented people in ``tests/fixtures/jsonresume/other-tools.json``)."""

from __future__ import annotations

import json

import pytest

from cvtool.document import build_document
from cvtool.jsonresume.mapping import KIND_KEY, SCHEMA_URL, X_CVTOOL, dump
from cvtool.jsonresume.reading import jsonresume_yaml
from cvtool.jsonresume.writing import to_jsonresume
from cvtool.loader import load, load_text
from cvtool.renderers.markdown import render_markdown
from tests.conftest import FIXTURES, ROOT
from tests.test_jsonresume import to_cvtool, without_x_cvtool

SCHEMA = json.loads((FIXTURES / "jsonresume" / "resume-schema-1.0.1.json").read_text())
OTHER = FIXTURES / "jsonresume" / "other-tools.json"


def cv_of(sections: str):
    return load_text(f"name: Ada Test\nsections:\n{sections}", "cv.yaml").cv


plain = without_x_cvtool  # what another tool reads: the résumé without cvtool's own keys


# --- each kind, both ways ----------------------------------------------------------------------

# (section as written, JSON Resume array, the item another tool sees)
KINDS = {
    "award": ("""  Awards:
    - title: Best Paper Award
      awarder: CVPR 2023
      date: Jun 2023
      amount: $10,000
      description: For the best paper.
""", "awards", {"title": "Best Paper Award", "date": "2023-06", "awarder": "CVPR 2023",
                "summary": "For the best paper."}),
    "certification": ("""  Certifications:
    - name: AWS Certified Machine Learning – Specialty
      issuer: Amazon Web Services
      date: 2024-03
      expires: 2027-03
      id: MLS-C01-12345
      url: https://www.credly.com/badges/0000
""", "certificates", {"name": "AWS Certified Machine Learning – Specialty",
                      "date": "2024-03", "issuer": "Amazon Web Services",
                      "url": "https://www.credly.com/badges/0000"}),
    "language": ("""  Languages:
    - language: German
      fluency: C1
""", "languages", {"language": "German", "fluency": "C1"}),
    "interest": ("""  Interests:
    - name: Generative AI
      keywords: [video generation, data curation]
""", "interests", {"name": "Generative AI", "keywords": ["video generation", "data curation"]}),
    "reference": ("""  References:
    - name: Prof. Chenliang Xu
      relation: Ph.D. advisor
      contact: chenliang.xu@example.edu
      description: Supervised my thesis.
""", "references", {"name": "Prof. Chenliang Xu", "reference": "Supervised my thesis."}),
    "volunteering": ("""  Volunteering:
    - organization: Black in AI
      position: Mentor
      url: https://blackinai.example.org
      location: Remote
      dates: 2019 – 2021
      highlights: [Mentored five students.]
""", "volunteer", {"organization": "Black in AI", "position": "Mentor",
                   "url": "https://blackinai.example.org", "startDate": "2019",
                   "endDate": "2021", "highlights": ["Mentored five students."]}),
    "talk": ("""  Talks:
    - title: Shortcut Learning in Vision Models
      event: Google Research, Vision Seminar
      location: Mountain View, USA
      date: May 2023
      invited: true
      links: {slides: "https://example.org/slides.pdf", video: "https://example.org/v"}
""", "projects", {"name": "Shortcut Learning in Vision Models", "startDate": "2023-05",
                  "endDate": "2023-05", "url": "https://example.org/slides.pdf",
                  "entity": "Google Research, Vision Seminar", "type": "talk"}),
    "teaching": ("""  Teaching:
    - course: CSC 249/449 Machine Vision
      role: Teaching Assistant
      institution: University of Rochester
      dates: 2019 – 2021
      terms: [Fall 2019, Spring 2021]
      enrollment: 120
""", "projects", {"name": "CSC 249/449 Machine Vision", "startDate": "2019",
                  "endDate": "2021", "roles": ["Teaching Assistant"],
                  "entity": "University of Rochester", "type": "teaching"}),
    "grant": ("""  Grants:
    - title: Robust Visual Recognition
      funder: National Science Foundation
      role: co-PI
      amount: USD 500,000
      dates: 2022 – 2025
      number: IIS-1234567
""", "projects", {"name": "Robust Visual Recognition", "startDate": "2022",
                  "endDate": "2025", "roles": ["co-PI"],
                  "entity": "National Science Foundation", "type": "grant"}),
    "supervision": ("""  Students Supervised:
    - name: Jane Doe
      level: PhD
      dates: 2021 – 2024
      thesis: Fair Representations for Vision
      now: Research Scientist, Example Lab
""", "projects", {"name": "Jane Doe", "startDate": "2021", "endDate": "2024",
                  "type": "supervision"}),
    "membership": ("""  Memberships:
    - organization: IEEE
      role: Student Member
      dates: 2019 – present
""", "projects", {"name": "IEEE", "startDate": "2019", "roles": ["Student Member"],
                  "type": "membership"}),
    "patent": ("""  Patents:
    - title: System for Detecting Dataset Bias
      number: US 11,234,567 B2
      status: Granted
      date: 2024-03
      inventors: [Ada Test, Chenliang Xu]
""", "publications", {"name": "System for Detecting Dataset Bias", "releaseDate": "2024-03"}),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_maps_where_json_resume_has_a_home(kind):
    source, array, expected = KINDS[kind]
    cv = cv_of(source)
    (section,) = cv.sections.values()
    assert section.kind == kind
    resume = to_jsonresume(cv)
    (item,) = plain(resume)[array]
    assert item == expected


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_comes_back_with_every_field(kind):
    cv = cv_of(KINDS[kind][0])
    again = to_cvtool(to_jsonresume(cv))
    assert dump(again) == dump(cv)
    assert [s.kind for s in again.sections.values()] == [kind]


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_validates_against_the_json_resume_schema(kind):
    import jsonschema

    jsonschema.Draft4Validator(SCHEMA).validate(to_jsonresume(cv_of(KINDS[kind][0])))


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "patent"])
def test_each_kind_imports_from_plain_json_resume(kind):
    """What another tool wrote (no x-cvtool) imports as the kind, with the mapped fields."""
    source, array, item = KINDS[kind]
    cv = to_cvtool({"basics": {"name": "Ada Test"}, array: [item]})
    (section,) = cv.sections.values()
    assert section.kind == kind
    (entry,) = section.entries
    original = cv_of(source).sections[next(iter(cv_of(source).sections))].entries[0]
    mapped = {k: v for k, v in dump(entry).items() if k != "extensions"}
    assert mapped  # dates and links are compared as shown elsewhere: `Jun 2023` is 2023-06
    assert all(dump(original).get(k) == v for k, v in mapped.items()
               if k not in ("date", "dates", "links")), (mapped, dump(original))


def test_a_kind_without_a_json_resume_home_says_so_in_x_cvtool():
    cv = cv_of(KINDS["talk"][0] + KINDS["patent"][0])
    resume = to_jsonresume(cv)
    (talk,) = resume["projects"]
    assert talk[X_CVTOOL]["invited"] is True
    assert talk[X_CVTOOL]["links"]["video"] == "https://example.org/v"
    assert KIND_KEY not in talk[X_CVTOOL]  # the project's type says it
    (patent,) = resume["publications"]
    assert patent[X_CVTOOL][KIND_KEY] == "patent"
    assert patent[X_CVTOOL]["number"] == "US 11,234,567 B2"


def test_older_kinds_under_those_titles_keep_their_kind():
    """A skills list titled Languages, a generic section titled Awards: the arrays their
    titles call for, and the same kind back."""
    cv = cv_of("""  Languages:
    kind: skills
    entries: [{Programming: [Python, Rust]}]
  Awards:
    kind: generic
    entries: [{title: Best Paper, subtitle: CVPR, dates: 2023}]
""")
    resume = to_jsonresume(cv)
    assert resume["languages"][0][X_CVTOOL][KIND_KEY] == "skills"
    assert resume["awards"][0][X_CVTOOL][KIND_KEY] == "generic"
    assert dump(to_cvtool(resume)) == dump(cv)


# --- the academic CV there and back ---------------------------------------------------------------


@pytest.fixture(scope="module")
def academic():
    cv = load(ROOT / "examples" / "academic-cv.yaml").cv
    return cv, to_jsonresume(cv)


def test_academic_cv_round_trip(academic):
    cv, resume = academic
    again = to_cvtool(json.loads(json.dumps(resume)))
    assert list(again.sections) == list(cv.sections)
    assert [s.kind for s in again.sections.values()] == [s.kind for s in cv.sections.values()]
    assert dump(again) == dump(cv)


def test_academic_cv_validates_and_fills_the_json_resume_arrays(academic):
    import jsonschema

    _, resume = academic
    jsonschema.Draft4Validator(SCHEMA).validate(resume)
    seen = plain(resume)
    for array in ("work", "education", "awards", "certificates", "publications", "languages",
                  "interests", "references", "volunteer", "projects"):
        assert seen[array], array
    assert {p["type"] for p in seen["projects"]} == {
        "talk", "teaching", "grant", "supervision", "membership"}
    assert "Method for Detecting Distribution Shift in Deployed Classifiers" in [
        p["name"] for p in seen["publications"]]
    assert seen["languages"][0] == {"language": "Spanish", "fluency": "native"}
    assert seen["references"] == [{"name": "Available on request"}]


def test_academic_cv_as_plain_json_resume_keeps_the_kinds_json_resume_names(academic):
    """Without x-cvtool (what other tools keep), the kinds JSON Resume can say come back."""
    cv, resume = academic
    again = to_cvtool(plain(resume))
    kinds = {s.kind for s in again.sections.values()}
    assert {"award", "certification", "language", "interest", "reference", "volunteering",
            "talk", "teaching", "grant", "supervision", "membership"} <= kinds
    talks = again.sections["Talks"].entries
    assert [t.title for t in talks] == [t.title for t in cv.sections["Invited Talks"].entries]


# --- files other tools write -----------------------------------------------------------------


@pytest.fixture(scope="module")
def other():
    text = OTHER.read_text(encoding="utf-8")
    yaml_text, messages = jsonresume_yaml(text, "other-tools.json")
    return load_text(yaml_text, "other-tools.yaml").cv, messages


def test_other_tools_files_import_as_the_kinds(other):
    cv, _ = other
    kinds = {key: s.kind for key, s in cv.sections.items()}
    assert kinds == {"Volunteering": "volunteering", "Awards": "award",
                     "Certificates": "certification", "Languages": "language",
                     "Interests": "interest", "References": "reference", "Talks": "talk",
                     "Projects": "project"}
    coach, driver = cv.sections["Volunteering"].entries[1:]
    assert (coach.position, coach.dates.end.is_present, coach.url) == (
        "Youth Coach", True, "https://riverbank-fa.example.org")
    assert driver.organization == "Lighthouse Food Bank"  # `name`, not `organization`
    year, hackathon = cv.sections["Awards"].entries
    assert (year.date.start.iso(), year.awarder) == ("2019", None)  # a year; an empty awarder
    assert (hackathon.title, hackathon.date.start.iso()) == ("Hackathon Winner", "2018-05")
    languages = [(x.language, x.fluency) for x in cv.sections["Languages"].entries]
    assert languages == [("English", "Native speaker"), ("Portuguese", "native-bilingual"),
                         ("Japanese", "limited-working"), ("Swedish", None)]
    assert [i.name for i in cv.sections["Interests"].entries] == [
        "Sailing", "Open source", "Film photography"]
    on_request, okafor = cv.sections["References"].entries
    assert (on_request.name, on_request.description) == ("Available upon request", None)
    assert okafor.description.startswith("Tomasz ran")
    (talk,) = cv.sections["Talks"].entries
    assert (talk.event, talk.date.start.iso(), talk.date.end) == (
        "Example SRE Meetup", "2022-10", None)  # a talk's start date is its date


def test_other_tools_files_say_what_was_read_and_kept_where(other):
    _, messages = other
    assert "other-tools.json:15:5: note: volunteer[1]: `role` read as `position`; kept " \
        "endDate, url under extensions.jsonresume" in messages
    assert "other-tools.json:58:5: note: languages[2]: `name` read as `language`, `level` " \
        "read as `fluency`; kept as written under extensions.jsonresume" in messages
    assert "other-tools.json:64:5: note: interests[2]: kept category under " \
        "extensions.jsonresume" in messages


def test_other_tools_files_round_trip_exactly():
    resume = json.loads(OTHER.read_text(encoding="utf-8"))
    back = to_jsonresume(to_cvtool(resume))
    assert back.pop("$schema") == SCHEMA_URL
    assert back == resume


def test_other_tools_files_show_what_they_hold(other):
    cv, _ = other
    markdown = render_markdown(build_document(cv)).decode()
    for fact in ("- **English:** Native speaker", "- Swedish", "Youth Coach",
                 "Hackathon Winner", "Certified Kubernetes Administrator",
                 "Available upon request", "**Open source:** Rust, observability tooling",
                 "### Error Budgets in Practice"):
        assert fact in markdown, fact


def test_an_item_without_its_main_field_is_a_located_warning():
    text = json.dumps({"basics": {"name": "A B"}, "awards": [
        {"date": "2020", "awarder": "Somebody"}, {"title": "Kept"}],
        "languages": [{"fluency": "Fluent"}]}, indent=2)
    yaml_text, messages = jsonresume_yaml(text, "r.json")
    cv = load_text(yaml_text, "r.yaml").cv
    assert [a.title for a in cv.sections["Awards"].entries] == ["Kept"]
    assert "Languages" not in cv.sections
    assert any(m.startswith("r.json:6:5: warning[CV101]: awards[0]: no `title`") and
               m.endswith("left out") for m in messages), messages
    assert "r.json:15:5: warning[CV101]: languages[0]: no `language` (it has `fluency`), " \
        "and a language needs one; left out" in messages


def test_a_near_miss_of_an_array_name_is_pointed_out():
    text = json.dumps({"basics": {"name": "A B"}, "certifications": [
        {"name": "CKA", "issuer": "X"}]}, indent=2)
    _, messages = jsonresume_yaml(text, "r.json")
    assert any("warning[CV100]: certifications: not a JSON Resume section (JSON Resume's is "
               "`certificates`)" in m for m in messages), messages


@pytest.mark.parametrize(("value", "iso"), [("05/2019", "2019-05"), ("2019", "2019"),
                                            ("2019-05", "2019-05")])
def test_dates_as_other_tools_write_them(value, iso):
    cv = to_cvtool({"basics": {"name": "A B"}, "awards": [{"title": "T", "date": value}]})
    assert cv.sections["Awards"].entries[0].date.start.iso() == iso


# --- Markdown: a list mixing labelled and bare items ------------------------------------------


def test_markdown_bullets_bare_items_among_labelled_ones():
    cv = cv_of("""  Languages:
    - {language: German, fluency: C1}
    - French
  Interests:
    - Chess
    - Research: [vision, fairness]
  Skills:
    - Python
    - Rust
""")
    markdown = render_markdown(build_document(cv)).decode()
    assert "- **German:** C1 (Advanced)\n- French\n" in markdown
    assert "- Chess\n- **Research:** vision, fairness\n" in markdown
    assert "## Skills\n\nPython, Rust\n" in markdown  # bare items alone stay on one line


def test_tex_in_titles_is_exported_as_the_text_a_reader_sees(academic):
    """Other tools print JSON Resume text as it is: no `$74\\%$` for them; the TeX as
    written comes back from x-cvtool."""
    cv, resume = academic
    names = [p["name"] for p in resume["publications"]]
    assert "Normalizer-Free Robust Training at 74% Clean Accuracy" in names
    assert not any(sign in name for name in names for sign in "\\$")
    assert dump(to_cvtool(json.loads(json.dumps(resume)))) == dump(cv)

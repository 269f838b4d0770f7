"""JSON Resume files as people write them (patterns seen in public ``resume.json`` files,
reproduced with invented people in ``tests/fixtures/jsonresume/``): field names from before
JSON Resume 1.0, values cvtool cannot use as written, HTML in summaries, standard fields
cvtool used to keep without showing, and files that are not JSON Resume at all."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from click.testing import CliRunner

from cvtool.cli import main
from cvtool.document import build_document
from cvtool.errors import DiagnosticsError
from cvtool.importers.yamlout import dump_yaml
from cvtool.jsonresume.html import from_html
from cvtool.jsonresume.mapping import SCHEMA_URL
from cvtool.jsonresume.positions import Positions
from cvtool.jsonresume.reading import import_jsonresume, jsonresume_yaml
from cvtool.jsonresume.writing import to_jsonresume
from cvtool.loader import load_text
from cvtool.renderers.markdown import render_markdown
from tests.conftest import FIXTURES, words

HERE = FIXTURES / "jsonresume"


def read(name: str) -> dict[str, Any]:
    return json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))


def imported(name: str):
    path = HERE / f"{name}.json"
    text, messages = jsonresume_yaml(path.read_text(encoding="utf-8"), f"{name}.json")
    return load_text(text, f"{name}.yaml").cv, messages


def markdown(name: str) -> str:
    return render_markdown(build_document(imported(name)[0])).decode()


def import_command(name: str):
    return CliRunner().invoke(main, ["import", "jsonresume", str(HERE / f"{name}.json")])


# Values a reader does not read as words: links, dates (shown formatted), contact handles.
UNSEEN = {"url", "website", "startDate", "endDate", "date", "releaseDate", "type", "network",
          "username", "email", "phone", "image", "picture", "countryCode", "postalCode",
          "address", "$schema", "meta"}


def seen_words(value: Any, key: str = "") -> set[str]:
    if key in UNSEEN:
        return set()
    if isinstance(value, dict):
        return set().union(*(seen_words(v, k) for k, v in value.items()))
    if isinstance(value, list):
        return set().union(set(), *(seen_words(v, key) for v in value))
    if isinstance(value, str):
        text, items = from_html(value)
        return words(" ".join([text, *items]))
    return set()


@pytest.mark.parametrize("name", ["pre-1.0", "bad-values", "hidden-fields", "html"])
def test_every_word_a_reader_should_see_reaches_the_markdown(name):
    missing = seen_words(read(name)) - words(markdown(name))
    assert not missing, missing


@pytest.mark.parametrize("name", ["pre-1.0", "hidden-fields", "html"])
def test_json_resume_round_trip_is_exact(name):
    resume = read(name)
    data, _ = import_jsonresume(copy.deepcopy(resume))
    cv = load_text(dump_yaml(data), "imported.yaml").cv
    back = to_jsonresume(cv)
    assert back.pop("$schema") == SCHEMA_URL  # cvtool's output always names its schema
    assert back == resume


# --- 9: field names from before JSON Resume 1.0 ----------------------------------------------


def test_older_field_names_map_like_the_current_ones():
    cv, _ = imported("pre-1.0")
    work = cv.sections["Experience"].entries
    assert [w.organization for w in work] == ["Quillfeather Payments", "Harbor Lantern Studio"]
    assert work[0].links == {"website": "https://quillfeather.example.com"}
    assert cv.contact.homepage == "https://marisol.example.org"
    assert cv.sections["Volunteering"].entries[0].url == "https://tideline.example.org"
    assert cv.sections["Education"].entries[0].grade == "3.6"
    assert cv.sections["Publications"].entries[0].links == {
        "paper": "https://ledgerquarterly.example.com/idempotent"}
    text = markdown("pre-1.0")
    assert "### Quillfeather Payments" in text and "Grade: 3.6" in text


def test_older_field_names_reach_every_output(tmp_path):
    text, _ = jsonresume_yaml((HERE / "pre-1.0.json").read_text(encoding="utf-8"), "r.json")
    (tmp_path / "cv.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "cv.yaml"), "-f", "html",
                                       "-f", "md", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    for suffix in ("html", "md"):
        assert "Quillfeather Payments" in (tmp_path / "out" / f"cv.{suffix}").read_text()


# --- 10: one bad value never refuses the whole import --------------------------------------


def test_bad_values_are_located_warnings_and_the_rest_imports():
    result = import_command("bad-values")
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert 'bad-values.json:16:18: warning[CV103]: work[0].endDate: "2024-09-31" is an ' \
        "impossible date; read as 2024-09" in err
    assert 'bad-values.json:7:38: warning[CV106]: basics.profiles[0].url: "Ilse ' \
        'Varga-Moreau" is not a link' in err
    assert "bad-values.json:42:5: warning[CV101]: publications[0]: no usable releaseDate" \
        in err
    for line, where in ((27, "work[2]"), (38, "education[0]"), (44, "skills[0]")):
        assert f"bad-values.json:{line}:" in err
        assert f"note: {where}: an empty template entry (no field has a value); left out" in err


def test_bad_values_keep_their_text():
    cv, _ = imported("bad-values")
    first, second = cv.sections["Experience"].entries
    assert str(first.dates.end.iso()) == "2024-09"
    assert first.extensions["jsonresume"]["endDate"] == "2024-09-31"
    assert second.dates.end.is_present  # "Present" is the word, not a date
    assert len(cv.sections["Experience"].entries) == 2  # the empty template entry left out
    (publication,) = cv.sections["Publications"].entries
    assert (publication.title, publication.subtitle) == (
        "Backpressure Without Tears", "Streamcraft Journal")
    assert cv.extensions["jsonresume"]["basics"]["profiles"][0]["url"] == "Ilse Varga-Moreau"


def test_an_undated_publication_goes_back_to_publications():
    resume = {"basics": {"name": "A B"}, "publications": [
        {"name": "Dated", "releaseDate": "2020"}, {"name": "Undated", "publisher": "P"}]}
    data, _ = import_jsonresume(copy.deepcopy(resume))
    assert list(data["sections"]) == ["Publications", "Other Publications"]
    cv = load_text(dump_yaml(data), "x.yaml").cv
    back = to_jsonresume(cv)
    assert [p["name"] for p in back["publications"]] == ["Dated", "Undated"]


@pytest.mark.parametrize(("value", "end"), [("2023-02-29", "2023-02"), ("Aug 2021", "2021-08"),
                                            ("2021-13-01", None), ("soon", None)])
def test_unusual_end_dates(value, end):
    resume = {"basics": {"name": "A B"}, "work": [
        {"name": "W", "startDate": "2020-01", "endDate": value}]}
    data, notes = import_jsonresume(resume)
    cv = load_text(dump_yaml(data), "x.yaml").cv
    dates = cv.sections["Experience"].entries[0].dates
    if end:
        assert dates.end.iso() == end
    else:  # an end that is no date is not `present`: the start alone
        assert dates.end is None and dates.start.iso() == "2020-01"
    assert any(getattr(n, "code", None) == "CV103" for n in notes) == (value != "Aug 2021")


def test_positions_of_json_values():
    positions = Positions('{"a": [1, {"b": "x"}],\n "c": {"d": [true, null]}}')
    assert positions(("a", 1, "b")) == (1, 17)
    assert positions(("c", "d", 1)) == (2, 20)
    assert positions(("c", "nope")) == (2, 7)  # the nearest enclosing value
    assert positions(()) == (1, 1)


# --- 11: files that are not JSON Resume --------------------------------------------------------


@pytest.mark.parametrize(("name", "where", "says"), [
    ("fresh", "3:22", "no `basics`: this is not a JSON Resume file; it looks like a FRESH "
                      "résumé (FRESH@0.6.0)"),
    ("builder-zh", "1:1", "no `basics`: this is not a JSON Resume file (`基本信息`, `教育经历`, "
                          "`工作经历`); it looks like a résumé builder's own format"),
    ("builder-profile", "1:1", "(`profile`, `educationList`, `experience`); it looks like a "
                               "résumé builder's own format"),
])
def test_files_that_are_not_json_resume_are_refused(name, where, says):
    result = import_command(name)
    assert result.exit_code == 1
    assert f"{name}.json:{where}: error[CV104]: " in result.stderr
    assert says in result.stderr
    assert result.stdout == ""
    with pytest.raises(ValueError, match="not a JSON Resume file"):
        import_jsonresume(read(name))


def test_a_file_without_basics_but_with_json_resume_sections_imports():
    data, _ = import_jsonresume({"work": [{"name": "W", "position": "P"}]})
    assert data["sections"]["Experience"][0]["organization"] == "W"
    with pytest.raises(DiagnosticsError, match="holds no JSON Resume section"):
        jsonresume_yaml('{"meta": {}}', "x.json")


# --- 12: HTML inside summaries and highlights ---------------------------------------------


def test_html_becomes_inline_markup_and_bullets():
    text = markdown("html")
    assert "<" not in text.replace("<https://", "")
    assert "I build **accessible** interfaces \\& design systems." in text
    assert "[Northwind Atelier](https://northwind.example.com)" in text
    assert "Led a team of **six** on the *checkout* rewrite." in text
    assert "- Shipped a component library\n- Mentored two juniors\n" in text
    assert "- Wrote the style guide\n" in text  # a javascript: link keeps its text only
    assert "[Frontend North](https://conf.example.org/talks/7) — 2023" in text
    assert "Ported to `WebGPU`" in text
    for gone in ("alert", "gotcha", "javascript", "color", "script"):
        assert gone not in text.lower()


@pytest.mark.parametrize(("html", "text", "items"), [
    ("plain & simple < 3", "plain & simple < 3", []),
    ("<b> bold </b>text<i></i>", "**bold** text", []),
    ("a<br/>b<p>c</p>", "a b c", []),
    ('<a href="mailto:x@example.org">mail</a> <a href="data:x">d</a>',
     "[mail](mailto:x@example.org) d", []),
    ("<ul><li><strong>x</li><li>y</li></ul>after", "after", ["**x**", "y"]),
    ("<style>p{}</style><script>x()</script>kept&nbsp;&lt;tag&gt;", "kept <tag>", []),
])
def test_from_html(html, text, items):
    assert from_html(html) == (text, items)


# --- 13: standard fields shown where a reader expects them ---------------------------------


def test_level_description_roles_entity_and_keywords_are_shown():
    text = markdown("hidden-fields")
    assert "### Fernhollow Robotics (Warehouse automation startup)" in text
    assert "- **Python (Advanced):** asyncio, pytest" in text
    assert "- **Kubernetes:** Intermediate" in text
    assert "**Maintainer, Reviewer · Fernhollow Robotics**" in text
    assert "- **Keywords:** Rust, SQLite" in text
    assert "- **Orienteering:** night races, map drawing" in text

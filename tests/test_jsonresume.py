"""JSON Resume in and out: the project's own sample résumé imports, validates and renders;
both round trips give every field back; the output validates against JSON Resume's schema."""

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
from cvtool.jsonresume.mapping import X_CVTOOL, dump
from cvtool.jsonresume.reading import import_jsonresume, jsonresume_yaml
from cvtool.jsonresume.writing import array_for, render_jsonresume, to_jsonresume
from cvtool.loader import load, load_text
from cvtool.renderers.markdown import render_markdown
from tests.conftest import FIXTURES, ROOT

EXAMPLE = ROOT / "examples" / "jsonresume"
SAMPLE_PATH = "examples/jsonresume/sample.resume.json"
SAMPLE = json.loads((EXAMPLE / "sample.resume.json").read_text(encoding="utf-8"))
SCHEMA = json.loads((FIXTURES / "jsonresume" / "resume-schema-1.0.1.json").read_text())
CVS = ["data/cv.yaml", "examples/researcher-profile.yaml", "examples/minimal.yaml"]


def to_cvtool(resume: dict[str, Any]):
    data, _ = import_jsonresume(copy.deepcopy(resume))
    return load_text(dump_yaml(data), "imported.yaml").cv


def without_x_cvtool(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_x_cvtool(v) for k, v in value.items() if k != X_CVTOOL}
    if isinstance(value, list):
        return [without_x_cvtool(v) for v in value]
    return value


# --- the sample résumé ---------------------------------------------------------------------


def test_the_sample_is_the_json_resume_projects_own():
    assert SAMPLE["basics"]["name"] == "Richard Hendriks"
    # every v1 section but certificates (tested on its own below)
    assert set(SCHEMA["properties"]) - set(SAMPLE) == {"certificates"}


def test_certificates_round_trip():
    resume = {"$schema": SAMPLE["$schema"], "basics": {"name": "A B"}, "certificates": [
        {"name": "AWS Solutions Architect", "date": "2021-11-07", "issuer": "Amazon",
         "url": "https://aws.example.com/cert/1"}]}
    cv = to_cvtool(resume)
    (entry,) = cv.sections["Certificates"].entries
    assert cv.sections["Certificates"].kind == "certification"
    assert (entry.name, entry.issuer, entry.date.iso(), entry.url) == (
        "AWS Solutions Architect", "Amazon", "2021-11-07", "https://aws.example.com/cert/1")
    assert to_jsonresume(cv) == resume


def test_sample_imports_and_the_committed_yaml_is_current():
    text, _ = jsonresume_yaml(json.dumps(SAMPLE, ensure_ascii=False, indent=2), SAMPLE_PATH)
    assert text.startswith("# yaml-language-server: $schema=")
    committed = (EXAMPLE / "sample.yaml").read_text(encoding="utf-8")
    # The committed file is the import plus a hand-written `lint:` block (its reason inside).
    assert committed.startswith(text)
    assert committed[len(text):].lstrip("\n").startswith("# Added by hand:")
    assert load(EXAMPLE / "sample.yaml").cv.lint == {"CV412": "off", "CV409": "off"}


def test_sample_validates_and_renders_like_the_committed_markdown():
    loaded = load(EXAMPLE / "sample.yaml")
    markdown = render_markdown(build_document(loaded.cv)).decode()
    assert markdown == (EXAMPLE / "sample.md").read_text(encoding="utf-8")
    # every standard field a reader expects is shown: the company's description, a skill's
    # level, a project's entity and keywords
    for fact in ("Pied Piper (Awesome compression company)", "CEO/President", "CoderDojo",
                 "**Web Development (Master):** HTML", "Team lead, Designer · Smoogle",
                 "**Keywords:** GoogleMaps, Chrome Extension, Javascript",
                 "Bachelor in Information Technology", "Courses: DB1101 - Basic SQL",
                 "Digital Compression Pioneer Award", "Video compression for 3d media",
                 "**English:** Native speaker",
                 "Erlich Bachman", "Miss Direction", "Team lead, Designer",
                 "A mapping engine that misguides you"):
        assert fact in markdown


def test_what_has_no_place_is_kept_and_reported():
    data, notes = import_jsonresume(copy.deepcopy(SAMPLE))
    work = data["sections"]["Experience"][0]
    assert "extensions" not in work and work["team"] == "Awesome compression company"
    skills = data["sections"]["Skills"]
    assert [s["label"] for s in skills] == ["Web Development (Master)", "Compression (Master)"]
    assert not any("extensions" in s for s in skills)  # the level comes back from the label
    entry = data["sections"]["Projects"][0]
    project = entry["extensions"]["jsonresume"]
    assert project == {"url": "missdirection.example.com", "type": "application"}
    assert entry["links"] == {"website": "https://missdirection.example.com"}
    assert entry["role"] == "Team lead, Designer · Smoogle"
    basics = data["extensions"]["jsonresume"]["basics"]
    assert basics["location"]["postalCode"] == "CA 94115"
    assert basics["profiles"][0] == {"network": "Twitter", "username": "neutralthoughts",
                                     "url": ""}
    assert data["extensions"]["jsonresume"]["meta"]["version"] == "v1.0.0"
    assert "projects[0]: kept url, type under extensions.jsonresume" in notes
    assert any(n.startswith("basics: kept image, location, profiles") for n in notes)


@pytest.mark.parametrize("key", list(SAMPLE))
def test_json_resume_round_trip_field_by_field(key):
    back = to_jsonresume(to_cvtool(SAMPLE))
    original = SAMPLE[key]
    if isinstance(original, list):
        assert len(back[key]) == len(original)
        for item, again in zip(original, back[key], strict=True):
            for field, value in item.items():
                assert again[field] == value, f"{key}.{field}"
            assert set(again) == set(item), key
    elif isinstance(original, dict):
        for field, value in original.items():
            assert back[key][field] == value, f"{key}.{field}"
        assert set(back[key]) == set(original)
    else:
        assert back[key] == original


def test_round_trip_of_the_sample_adds_nothing():
    assert to_jsonresume(to_cvtool(SAMPLE)) == SAMPLE


# --- cvtool -> JSON Resume -> cvtool ------------------------------------------------------------


@pytest.mark.parametrize("source", CVS)
def test_output_validates_against_the_json_resume_schema(source):
    import jsonschema

    resume = json.loads(render_jsonresume(load(ROOT / source).cv))
    jsonschema.Draft4Validator(SCHEMA).validate(resume)


@pytest.mark.parametrize("source", CVS)
def test_cvtool_round_trip_gives_every_field_back(source):
    cv = load(ROOT / source).cv
    again = to_cvtool(json.loads(render_jsonresume(cv)))
    assert dump(again) == dump(cv)
    assert list(again.sections) == list(cv.sections)
    assert again.contact.in_order() == cv.contact.in_order()


@pytest.fixture(scope="module")
def plain() -> dict[str, Any]:
    """data/cv.yaml as JSON Resume with every x-cvtool key taken out: what other tools see."""
    return without_x_cvtool(to_jsonresume(load(ROOT / "data" / "cv.yaml").cv))


def test_mappable_fields_map_without_x_cvtool(plain):
    cv = load(ROOT / "data" / "cv.yaml").cv
    assert plain["basics"]["name"] == cv.name
    assert plain["basics"]["email"] == cv.contact.email
    assert plain["basics"]["url"] == cv.contact.homepage
    assert {p["network"] for p in plain["basics"]["profiles"]} == {"GitHub", "LinkedIn"}
    experience = [e for key in ("Working Experience", "Internship Experience")
                  for e in cv.sections[key].entries]
    assert [w["name"] for w in plain["work"]] == [e.organization for e in experience]
    assert [w.get("startDate") for w in plain["work"]] == [
        e.dates.start.iso() if e.dates else None for e in experience]
    assert plain["work"][1]["highlights"] == [b.text for b in experience[1].highlights]
    assert plain["work"][1]["summary"] == experience[1].project  # no description: the project
    education = cv.sections["Education"].entries
    assert [(e["institution"], e["studyType"], e.get("area")) for e in plain["education"]] == [
        (e.institution, *e.degree.split(" in ", 1)) if " in " in e.degree
        else (e.institution, e.degree, None) for e in education]
    pubs = cv.sections["Publications"].entries
    assert [(p["name"], p["publisher"], p["releaseDate"]) for p in plain["publications"]] == [
        (p.title, p.venue, str(p.year)) for p in pubs]
    skills = [kw for s in plain["skills"] for kw in s["keywords"]]
    assert "PyTorch" in skills
    # the research interests are interests: each its own item, named
    assert [i["name"] for i in plain["interests"]] == [
        i.name for i in cv.sections["Research Interests"].entries]


def test_plain_json_resume_re_imports_the_mappable_fields(plain):
    cv = load(ROOT / "data" / "cv.yaml").cv
    again = to_cvtool(plain)
    assert (again.name, again.contact.email, again.contact.phone) == (
        cv.name, cv.contact.email, cv.contact.phone)
    original = cv.sections["Education"].entries
    imported = again.sections["Education"].entries
    assert [(e.institution, e.degree, e.dates.start.iso(), e.dates.end.iso())
            for e in imported] == [(e.institution, e.degree, e.dates.start.iso(),
                                    e.dates.end.iso()) for e in original]
    titles = [p.title for p in again.sections["Publications"].entries]
    assert titles == [p.title for p in cv.sections["Publications"].entries]


@pytest.mark.parametrize(("title", "kind", "array"), [
    ("Working Experience", "experience", "work"), ("Volunteering", "experience", "volunteer"),
    ("Awards and Honors", "generic", "awards"), ("Certificates", "generic", "certificates"),
    ("Talks", "generic", None), ("Professional Services", "service", None),
    ("Languages", "skills", "languages"), ("Research Interests", "skills", "interests"),
])
def test_sections_go_to_the_json_resume_array_their_title_calls_for(title, kind, array):
    class Section:
        pass

    section = Section()
    section.kind, section.title = kind, None  # type: ignore[attr-defined]
    assert array_for(title, section) == array


def test_sections_without_a_json_resume_array_travel_in_meta():
    resume = to_jsonresume(load(ROOT / "data" / "cv.yaml").cv)
    kept = resume["meta"][X_CVTOOL]["sections"]
    assert kept["Professional Services"]["kind"] == "service"
    assert kept["Professional Services"]["entries"]


# --- the commands ------------------------------------------------------------------------------


def test_build_writes_json_resume(tmp_path):
    result = CliRunner().invoke(main, ["build", str(ROOT / "examples" / "minimal.yaml"),
                                       "-f", "jsonresume", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "minimal.json").read_text(encoding="utf-8"))
    assert written["basics"]["name"] == "Ada Lovelace"


def test_import_command_prints_yaml_and_notes(tmp_path):
    result = CliRunner().invoke(main, ["import", "jsonresume", str(EXAMPLE / "sample.resume.json")])
    assert result.exit_code == 0, result.output
    assert "name: Richard Hendriks" in result.stdout
    assert "sample.resume.json:135:5: note: projects[0]: kept url, type under " \
        "extensions.jsonresume" in result.stderr


def test_unreadable_json_is_a_located_error(tmp_path):
    path = tmp_path / "resume.json"
    path.write_text('{"basics": {"name": "A",}}', encoding="utf-8")
    with pytest.raises(DiagnosticsError) as caught:
        jsonresume_yaml(path.read_text(), str(path))
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.code, diagnostic.location.line, diagnostic.location.column) == (
        "CV001", 1, 25)
    result = CliRunner().invoke(main, ["import", "jsonresume", str(path)])
    assert result.exit_code == 1
    assert "resume.json:1:25: error[CV001]: JSON syntax" in result.stderr

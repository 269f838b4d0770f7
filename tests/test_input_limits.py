"""Input that no CV contains: every case is a located diagnostic, never a traceback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cvtool.cli import main
from cvtool.errors import DiagnosticsError
from cvtool.loader import load_text


def problems(text: str) -> list[str]:
    with pytest.raises(DiagnosticsError) as info:
        load_text(text, "cv.yaml")
    return info.value.messages()


def lint_json(tmp_path, text: str) -> dict:
    source = tmp_path / "cv.yaml"
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--format", "json", str(source)])
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout)


def test_nul_byte_is_located(tmp_path):
    messages = problems('name: "Ja\0ne"\n')
    assert messages == ["cv.yaml:1:10: error[CV001]: YAML syntax: the control character "
                        "U+0000 is not allowed in a YAML file; remove it"]
    report = lint_json(tmp_path, "name: Ada\nheadline: a\0b\n")
    assert report["diagnostics"][0]["line"] == 2
    assert report["diagnostics"][0]["code"] == "CV001"


def test_other_control_characters_are_located():
    messages = problems("name: Ada\nlocation: x\x07y\n")
    assert messages[0].startswith("cv.yaml:2:12: error[CV001]:")
    assert "U+0007" in messages[0]


def test_huge_integer_is_located(tmp_path):
    messages = problems("name: Ada\nmetrics:\n  x: " + "9" * 5000 + "\n")
    assert messages == ["cv.yaml:3:6: error[CV001]: metrics.x: a number of 5,000 digits; "
                        "put it in quotes if it is text"]
    report = lint_json(tmp_path, "name: " + "1" * 5000 + "\n")
    assert report["diagnostics"][0]["code"] == "CV001"


def test_huge_integer_as_key_is_no_traceback():
    messages = problems("name: Ada\n" + "1" * 5000 + ": x\n")
    assert all("error[CV" in m for m in messages)


@pytest.mark.parametrize("phone", ["0612345678", "0612345670", "12345"])
def test_number_where_text_belongs_is_shown_as_written(phone):
    messages = problems(f"name: Ada\ncontact:\n  phone: {phone}\n")
    assert messages == [f"cv.yaml:3:10: error[CV104]: contact.phone: expected text, got the "
                        f"number {phone} (put it in quotes to keep it as text)"]


def test_integers_follow_yaml_1_2():
    cv = load_text("name: Ada\nmetrics:\n  a: 0o17\n  b: 0x1F\n  c: 010\n  d: -7\n",
                   "cv.yaml").cv
    assert cv.metrics == {"a": 15, "b": 31, "c": 10, "d": -7}
    assert type(cv.metrics["c"]) is int
    cv = load_text("name: Ada\nsections:\n  Publications:\n    - title: T\n"
                   "      authors: [Ada]\n      year: 02020\n", "cv.yaml").cv
    assert cv.sections["Publications"].entries[0].year == 2020


# --- JSON Resume import: the limits of a YAML source -----------------------------------------


def import_json(tmp_path, text: str):
    source = tmp_path / "resume.json"
    source.write_text(text, encoding="utf-8")
    return CliRunner().invoke(main, ["import", "jsonresume", str(source)])


@pytest.mark.parametrize("text", ["[" * 100_000, '{"a": ' * 3000 + "1" + "}" * 3000,
                                  '{"basics": ' + '{"a": ' * 3000 + "{}" + "}" * 3001])
def test_deep_json_is_refused(tmp_path, text):
    result = import_json(tmp_path, text)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "error[CV004]" in result.output and "nesting deeper than 64 levels" in result.output


def test_huge_json_integer_is_located(tmp_path):
    result = import_json(tmp_path, '{"basics": {"name": "A"},\n "x": 1' + "0" * 5000 + "}")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "resume.json:2:7: error[CV001]: a number of 5,001 digits" in result.output


def test_brackets_inside_json_strings_do_not_count(tmp_path):
    text = '{"basics": {"name": "' + "[{" * 200 + '\\" ]", "summary": "}}"}}'
    result = import_json(tmp_path, text)
    assert "CV004" not in result.output


def test_json_with_too_many_values_is_refused(tmp_path):
    text = '{"basics": {"name": "Ada"}, "interests": [' + ",".join(["1"] * 600_000) + "]}"
    result = import_json(tmp_path, text)
    assert result.exit_code == 1
    assert "error[CV004]" in result.output and "more than 500,000 values" in result.output


def test_json_too_large_is_refused_before_parsing(tmp_path, monkeypatch):
    import cvtool.sourcefile

    monkeypatch.setattr(cvtool.sourcefile, "MAX_SOURCE_BYTES", 1000)
    result = import_json(tmp_path, '{"basics": {"name": "' + "a" * 2000 + '"}}')
    assert result.exit_code == 1
    assert "error[CV003]" in result.output


def test_large_json_resume_is_imported_and_reads_back(tmp_path, monkeypatch):
    import cvtool.importers.yamlout as yamlout

    monkeypatch.setattr(yamlout, "FAST_VALUES", 50)  # the printer used for large imports
    jobs = [{"name": f"Company {i}", "position": "Engineer", "startDate": "2019-01-01",
             "highlights": ["Built a thing", "0612"]} for i in range(20)]
    result = import_json(tmp_path, json.dumps({"basics": {"name": "Ada"}, "work": jobs}))
    assert result.exit_code == 0, result.output
    cv = load_text(result.stdout, "cv.yaml").cv
    entries = cv.sections["Experience"].entries
    assert len(entries) == 20 and entries[19].organization == "Company 19"
    assert entries[0].highlights[1].text == "0612"


# --- printing YAML: text that looks like a number stays text ---------------------------------


@pytest.mark.parametrize("value", ["001249", "0612345678", "12", "-3", "+12", "1.5", "1e3",
                                   "0o17", "0x1F", ".inf", "true", "null", "~", ""])
def test_printed_yaml_reads_back_as_text(value):
    from cvtool.importers.yamlout import dump_yaml
    from cvtool.loader import parse_yaml

    data, _, _ = parse_yaml(dump_yaml({"eid": value, "n": 7}, schema=False), "x.yaml")
    assert data == {"eid": value, "n": 7}


def test_bibtex_import_keeps_number_like_fields_as_text(tmp_path):
    bib = tmp_path / "papers.bib"
    bib.write_text("@article{a, title={T}, author={Ada Lovelace}, journal={J}, year={2020},"
                   " eid={001249}, number={07}}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "bibtex", str(bib)])
    assert result.exit_code == 0, result.output
    assert "'001249'" in result.stdout
    text = "name: Ada Lovelace\nsections:\n  Publications:\n" + "".join(
        f"    {line}\n" for line in result.stdout.splitlines() if not line.startswith("#"))
    publication = load_text(text, "cv.yaml").cv.sections["Publications"].entries[0]
    assert publication.number == "07"
    assert publication.extensions["bibtex"]["eid"] == "001249"


# --- values that validate but make no sense --------------------------------------------------


@pytest.mark.parametrize("email", ["a@b.org?subject=<script>", "a@b.org <x>", "a b@c.org",
                                   "a@b@c.org", "a@localhost", '"a"@b.org', "a@b.org,c@d.org",
                                   "a@[1.2.3.4]", "a@b.org/x"])
def test_an_email_field_holds_an_address_only(email):
    messages = problems(f"name: Ada\ncontact:\n  email: {json.dumps(email)}\n")
    assert len(messages) == 1
    assert messages[0].startswith("cv.yaml:3:10: error[CV108]: contact.email: `")
    assert "is not an e-mail address" in messages[0]


@pytest.mark.parametrize("email", ["ada@example.org", "ada.lovelace+cv@mail.example.co.uk",
                                   "o'brien@example.ie", "jürgen@müller.de"])
def test_real_addresses_are_accepted(email):
    assert load_text(f"name: Ada\ncontact:\n  email: {json.dumps(email)}\n",
                     "cv.yaml").cv.contact.email == email


@pytest.mark.parametrize("year", [-5, 0, 999, 2201, 20230])
def test_publication_year_out_of_range(year):
    messages = problems("name: Ada\nsections:\n  Publications:\n    - title: T\n"
                        f"      authors: [Ada]\n      year: {year}\n")
    assert len(messages) == 1 and "error[CV105]: sections.Publications[0].year: must be" \
        in messages[0]


BLANK = "blank text (only spaces) where text is required"


@pytest.mark.parametrize(("text", "where"), [
    ('name: "   "\n', "1:7: error[CV101]: name: "),
    ('name: "\\u200b \\t"\n', "1:7: error[CV101]: name: "),
    ('name: A\nsections:\n  Education:\n    - institution: " "\n', "4:20: error[CV101]: "
     "sections.Education[0].institution: "),
    ('name: A\nsections:\n  Experience:\n    - organization: X\n      highlights: ["  "]\n',
     "5:20: error[CV101]: sections.Experience[0].highlights[0]: "),
    ('name: A\nsections:\n  Publications:\n    - title: " "\n      authors: [A]\n'
     "      year: 2020\n", "4:14: error[CV101]: sections.Publications[0].title: "),
    ('name: A\ncontact:\n  links:\n    - label: " "\n      url: https://e.org\n',
     "4:14: error[CV101]: contact.links[0].label: "),
])
def test_required_text_must_not_be_blank(text, where):
    assert problems(text) == [f"cv.yaml:{where}{BLANK}"]


@pytest.mark.parametrize(("value", "message"), [
    ("!!int abc", "`abc` is not a whole number"),
    ("!!int 1_000", "`1_000` is not a whole number"),
    ("!!int 0x", "`0x` is not a whole number"),
    ("!!float abc", "`abc` cannot be read as !!float"),
    ("!!bool maybe", "`maybe` cannot be read as !!bool"),
    ("!!timestamp 2020-13-45", "`2020-13-45` cannot be read as !!timestamp"),
])
def test_explicit_tags_that_do_not_fit_are_located(value, message):
    assert problems(f"name: Ada\nlocation: {value}\n") == [
        f"cv.yaml:2:11: error[CV001]: location: {message}"]

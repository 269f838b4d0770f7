"""RenderCV 2.x in: one small invented CV per entry type, each imported, validated and
built; every word of the RenderCV file reaches cvtool's Markdown; bad input is located."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from cvtool.cli import main
from cvtool.document import build_document
from cvtool.errors import DiagnosticsError, Severity
from cvtool.importers.rendercv import rendercv_yaml, section_title
from cvtool.loader import load_text, parse_yaml
from cvtool.pipeline import prepare, render
from cvtool.renderers.markdown import render_markdown
from tests.conftest import FIXTURES, words

HERE = FIXTURES / "rendercv"
FULL = HERE / "Mira_Quellen_CV.yaml"
# A tiny PNG (the photo is checked by its bytes).
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000"
                    "000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082")
TYPES = {
    "experience": ("Experience", "experience"), "education": ("Education", "education"),
    "normal": ("Awards", "generic"), "publication": ("Publications", "publication"),
    "one_line": ("Skills", "skills"), "bullet": ("Volunteering", "text"),
    "text": ("About Me", "text"), "numbered": ("Patents", "text"),
    "reversed_numbered": ("Talks", "text"),
}
# Values that cvtool shows otherwise: dates (`2019-04` is shown `Apr 2019`), a network's or
# custom connection's name and icon (contacts are shown by their link), and the photo.
NOT_SHOWN_AS_WRITTEN = {"date", "start_date", "end_date", "network", "fontawesome_icon",
                        "placeholder", "photo"}


def imported(path: Path) -> tuple[str, list[Any], list[str]]:
    return rendercv_yaml(path.read_text(encoding="utf-8"), path.name)


def markdown(text: str) -> str:
    return render_markdown(build_document(load_text(text, "imported.yaml").cv)).decode()


def values(data: Any, key: str = "") -> list[str]:
    """Every text of the `cv` part, except those under NOT_SHOWN_AS_WRITTEN."""
    if key in NOT_SHOWN_AS_WRITTEN:
        return []
    if isinstance(data, dict):
        return [v for k, value in data.items() for v in values(value, str(k))]
    if isinstance(data, list):
        return [v for value in data for v in values(value, key)]
    return [] if data is None else [str(data)]


def source_cv(path: Path) -> dict[str, Any]:
    return parse_yaml(path.read_text(encoding="utf-8"), path.name)[0]["cv"]


# --- one fixture per RenderCV entry type -------------------------------------------------------


@pytest.mark.parametrize("name", list(TYPES))
def test_each_entry_type_imports_validates_and_keeps_every_word(name):
    path = HERE / f"{name}.yaml"
    text, diagnostics, _ = imported(path)
    assert [d for d in diagnostics if d.severity is Severity.ERROR] == []
    cv = load_text(text, "imported.yaml").cv
    title, kind = TYPES[name]
    assert list(cv.sections) == [title]
    assert cv.sections[title].kind == kind
    shown = words(markdown(text))
    missing = words(" ".join(values(source_cv(path)))) - shown
    assert not missing, f"{name}: {sorted(missing)}"
    loaded = load_text(text, "imported.yaml")
    assert title.encode() in render(prepare(loaded), "html")


def test_the_full_cv_keeps_every_word_and_builds():
    text, diagnostics, notes = imported(FULL)
    assert diagnostics == []
    md = markdown(text)
    missing = words(" ".join(values(source_cv(FULL)))) - words(md)
    assert not missing, sorted(missing)
    for year in ("2014", "2019", "2021", "2020", "2022"):
        assert year in md
    assert any("mira.jpg" in n and "same folder" in n for n in notes)


def test_fields_map_to_their_cvtool_counterparts():
    text, _, _ = imported(FULL)
    cv = load_text(text, "imported.yaml").cv
    assert (cv.name, cv.headline, cv.location, cv.photo, cv.lang) == (
        "Mira Quellen", "Hydrologist and *open-data* advocate", "Graz, Austria", "mira.jpg", "de")
    contact = cv.contact
    assert (contact.email, contact.phone, contact.homepage) == (
        "mira.quellen@example.org", "+43 316 555 0142", "https://quellen.example.org/")
    assert (contact.github, contact.linkedin, contact.scholar, contact.orcid) == (
        "mquellen", "mira-quellen", "QzXwVuTsAAAJ", "0000-0002-1825-0097")
    assert [(link.label, link.url) for link in contact.links] == [
        ("Mastodon", "https://hydro.example/@mira"), ("GitLab", "https://gitlab.com/quellenlab"),
        ("Book a call", "https://cal.example.com/mira")]
    (edu,) = cv.sections["Education"].entries
    assert (edu.degree, edu.grade, str(edu.dates), edu.description) == (
        "PhD in Water Resources Engineering", "summa cum laude", "2014-10 – 2019-02",
        "Thesis on snowmelt forecasting")
    (job,) = cv.sections["Experience"].entries
    assert (job.organization, job.positions[0].title, str(job.dates)) == (
        "Riverine Analytics", "Senior Hydrologist", "2021-03 – Present")
    assert cv.sections["Projects"].kind == "project"
    (paper,) = cv.sections["Publications"].entries
    assert (paper.authors, paper.doi, paper.venue, paper.date.iso()) == (
        ["Lukas Fern", "Mira Quellen", "Ada Sorrel"], "10.1234/jah.2022.017",
        "Journal of Alpine Hydrology", "2022-05")
    assert [e.items for e in cv.sections["Skills"].entries] == [
        ["HBV", "SWAT", "MODFLOW"], ["Python", "R", "Fortran"]]
    kept = cv.extensions["rendercv"]
    assert kept["design"] == {"theme": "classic", "page": {"size": "a4"}}
    assert kept["locale"] == {"language": "german", "present": "heute"}
    assert kept["settings"]["bold_keywords"] == ["Python"]
    assert kept["cv"]["custom_connections"][0]["fontawesome_icon"] == "calendar-days"


def test_numbering_is_kept_as_written_text():
    md = markdown(imported(HERE / "numbered.yaml")[0])
    assert md.index("1\\. Folding") < md.index("2\\. Clay") < md.index("3\\. Stackable")
    md = markdown(imported(HERE / "reversed_numbered.yaml")[0])
    assert md.index("2\\. Bees") < md.index("1\\. Queenless")


def test_owner_marks_are_stripped_and_the_owner_recognised():
    text, _, _ = imported(HERE / "publication.yaml")
    cv = load_text(text, "imported.yaml").cv
    first, second = cv.sections["Publications"].entries
    assert first.authors == ["I. Varga", "Jonas Petrakis"]
    assert second.authors == ["Ravi Oduya", "Ilse Varga"]
    assert cv.aliases == []  # `I. Varga` is already the owner to cvtool: an initial matches
    assert first.doi == "10.5555/jub.2021.044"
    assert (second.kind, second.year, second.links) == (
        "preprint", 2023, {"paper": "https://arxiv.org/abs/2301.00001"})
    assert "**I. Varga**" in markdown(text) and "**Ilse Varga**" in markdown(text)


def test_an_owner_written_otherwise_becomes_an_alias(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text("cv:\n  name: Ilse Varga\n  sections:\n    publications:\n"
                    "      - title: Ferns\n        authors: ['*Varga-Horn, I.*', B. Cole]\n"
                    "        date: 2020\n", encoding="utf-8")
    text, _, notes = imported(path)
    assert load_text(text, "x.yaml").cv.aliases == ["Varga-Horn, I."]
    assert any("cv.yaml:6:" in n and "aliases" in n for n in notes)


# --- the header ----------------------------------------------------------------------------


@pytest.mark.parametrize(("network", "username", "url"), [
    ("X", "mira_q", "https://x.com/mira_q"),
    ("Twitter", "mira_q", "https://twitter.com/mira_q"),
    ("ResearchGate", "Mira-Quellen", "https://researchgate.net/profile/Mira-Quellen"),
    ("YouTube", "miraq", "https://youtube.com/@miraq"),
    ("StackOverflow", "12345/mira", "https://stackoverflow.com/users/12345/mira"),
    ("Mastodon", "@mira@fosstodon.example", "https://fosstodon.example/@mira"),
    ("Bluesky", "mira.bsky.social", "https://bsky.app/profile/mira.bsky.social"),
])
def test_other_networks_become_labelled_links(tmp_path, network, username, url):
    path = tmp_path / "cv.yaml"
    path.write_text(f"cv:\n  name: A B\n  social_networks:\n    - network: {network}\n"
                    f"      username: '{username}'\n", encoding="utf-8")
    cv = load_text(imported(path)[0], "x.yaml").cv
    assert [(link.label, link.url) for link in cv.contact.links] == [(network, url)]


def test_an_unknown_network_is_a_located_warning_and_kept(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text("cv:\n  name: A B\n  social_networks:\n    - network: Myspace\n"
                    "      username: ab\n", encoding="utf-8")
    text, diagnostics, _ = imported(path)
    (warning,) = diagnostics
    assert (warning.code, warning.severity, warning.location.line) == (
        "CV105", Severity.WARNING, 4)
    assert load_text(text, "x.yaml").cv.extensions["rendercv"]["cv"]["social_networks"] == [
        {"network": "Myspace", "username": "ab"}]


# --- dates ---------------------------------------------------------------------------------


def test_dates_are_read_as_rendercv_reads_them(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text("cv:\n  name: A B\n  sections:\n    awards:\n"
                    "      - {name: One, start_date: 2020-01}\n"
                    "      - {name: Two, end_date: 2021-05}\n"
                    "      - {name: Three, date: 2019, start_date: 2018}\n"
                    "      - {name: Four, date: Fall 2023}\n", encoding="utf-8")
    text, diagnostics, notes = imported(path)
    assert diagnostics == []
    entries = load_text(text, "x.yaml").cv.sections["Awards"].entries
    assert [str(e.dates) for e in entries] == ["2020-01 – Present", "2021-05", "2019", "2023"]
    assert entries[2].extensions == {"rendercv": {"start_date": 2018}}
    assert entries[3].extensions == {"rendercv": {"date": "Fall 2023"}}
    assert any("cv.yaml:8:" in n and "Fall 2023" in n for n in notes)


# --- bad input -----------------------------------------------------------------------------


def _errors(tmp_path: Path, text: str) -> list[Any]:
    path = tmp_path / "cv.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DiagnosticsError) as caught:
        imported(path)
    return caught.value.diagnostics


def test_not_yaml_is_a_located_error(tmp_path):
    (error,) = _errors(tmp_path, "cv:\n  name: [A B\n")
    assert error.code == "CV001" and error.location.line == 3


def test_a_file_without_cv_is_not_a_rendercv_file(tmp_path):
    (error,) = _errors(tmp_path, "name: A B\nsections: {}\n")
    assert (error.code, error.location.line, error.location.column) == ("CV101", 1, 1)
    (error,) = _errors(tmp_path, "- a list\n")
    assert error.code == "CV104"


def test_older_rendercv_keys_are_warnings_and_kept(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text("cv:\n  name: A B\nlocale_catalog:\n  month: Monat\n"
                    "rendercv_settings:\n  date: 2024-01-01\n", encoding="utf-8")
    text, diagnostics, _ = imported(path)
    assert [(d.code, d.severity, d.location.line) for d in diagnostics] == [
        ("CV100", Severity.WARNING, 4), ("CV100", Severity.WARNING, 6)]
    assert "RenderCV 1.x" in diagnostics[0].message
    kept = load_text(text, "x.yaml").cv.extensions["rendercv"]
    assert kept["locale_catalog"] == {"month": "Monat"}


def test_unknown_and_mixed_entries_are_located_and_kept(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text("cv:\n  name: A B\n  sections:\n    misc:\n      - bullet: One\n"
                    "      - colour: blue\n      - name: A normal entry\n", encoding="utf-8")
    text, diagnostics, _ = imported(path)
    assert [(d.code, d.location.line, d.location.column) for d in diagnostics] == [
        ("CV107", 6, 9), ("CV107", 7, 9)]
    assert "cannot tell" in diagnostics[0].message and "NormalEntry" in diagnostics[1].message
    cv = load_text(text, "x.yaml").cv
    assert cv.extensions["rendercv"]["unread"] == {
        "sections.misc[1]": {"colour": "blue"}, "sections.misc[2]": {"name": "A normal entry"}}


def test_what_cvtool_refuses_is_located_in_the_rendercv_file(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text("cv:\n  name: A B\n  email: not-an-address\n  sections:\n    experience:\n"
                    "      - company: Acme\n        position: Clerk\n"
                    "        start_date: 2020\n        end_date: 2019\n", encoding="utf-8")
    _, diagnostics, _ = imported(path)
    assert [(d.code, d.location.line) for d in diagnostics] == [("CV108", 3), ("CV102", 8)]


def test_arbitrary_entry_keys_are_kept(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text("cv:\n  name: A B\n  sections:\n    experience:\n"
                    "      - {company: Acme, position: Clerk, team_size: 4}\n"
                    "    honors:\n      - {bullet: Prize, icon: star}\n", encoding="utf-8")
    text, diagnostics, notes = imported(path)
    assert diagnostics == []
    cv = load_text(text, "x.yaml").cv
    assert cv.sections["Experience"].entries[0].extensions == {"rendercv": {"team_size": 4}}
    assert cv.extensions["rendercv"]["entries"] == {"sections.honors[0]": {"icon": "star"}}
    assert sum("kept" in n for n in notes) == 2


# --- the output ----------------------------------------------------------------------------


def test_output_is_stable_yaml():
    text, _, _ = imported(HERE / "one_line.yaml")
    assert "- '007'" in text  # YAML 1.2 would read 007 as a number
    data = parse_yaml(text, "x.yaml")[0]
    assert data["sections"]["Skills"][2]["items"] == ["007"]
    assert imported(HERE / "one_line.yaml")[0] == text
    from cvtool.importers.rendercv import plain
    from cvtool.importers.yamlout import dump_yaml

    header = text.splitlines()[1:3]
    assert dump_yaml(plain(data), [line.removeprefix("# ") for line in header]) == text


def test_section_titles_follow_rendercv():
    assert section_title("selected_honors") == "Selected Honors"
    assert section_title("education_and_training") == "Education and Training"
    assert section_title("Already Titled") == "Already Titled"
    assert section_title("教育背景") == "教育背景"


def test_cli_imports_validates_and_builds(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["import", "rendercv", str(FULL)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# yaml-language-server: $schema=")
    assert "Mira_Quellen_CV.yaml:83:3: note: design: kept under extensions.rendercv.design" \
        in result.stderr
    target = tmp_path / "cv.yaml"
    target.write_text(result.stdout, encoding="utf-8")
    (tmp_path / "mira.jpg").write_bytes(PNG)
    result = runner.invoke(main, ["validate", str(target)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["build", str(target), "-f", "md", "-f", "html",
                                  "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Riverine Analytics" in (tmp_path / "out" / "cv.html").read_text(encoding="utf-8")


def test_cli_reports_problems_and_exits_1(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text("cv:\n  name: A B\n  sections:\n    misc:\n      - colour: blue\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "rendercv", str(path)])
    assert result.exit_code == 1
    assert "cv.yaml:5:9: error[CV107]: cv.sections.misc[0]: cannot tell" in result.stderr
    result = CliRunner().invoke(main, ["import", "rendercv", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_yaml_loads_with_pyyaml_too():
    assert yaml.safe_load(imported(FULL)[0])["name"] == "Mira Quellen"

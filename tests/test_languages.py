"""One source, many languages: the projection to one language, located problems in a
translation, a build per language, lint in every language, the JSON Schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cvtool.build import BuildRequest, build
from cvtool.cli import main
from cvtool.errors import CvtoolError, DiagnosticsError
from cvtool.lint import lint_loaded
from cvtool.loader import load, load_text
from cvtool.pipeline import prepare, render
from tests.conftest import ROOT

BILINGUAL = ROOT / "examples" / "bilingual.yaml"

CV = """\
languages: [en, de]
name: Erika Muster
headline: {en: Research Engineer, de: Forschungsingenieurin}
extensions: {x: {en: kept, de: as written}}
sections:
  Education:
    - institution: TU München
      degree: {en: M.Sc. in Computer Science, de: M.Sc. Informatik}
      dates: 2016 – 2018
  Research Projects:
    title: {de: Forschungsprojekte}
    kind: project
    entries:
      - title: {en: Robust perception, de: Robuste Wahrnehmung}
        highlights:
          - {en: Built the benchmark., de: Den Benchmark gebaut.}
          - {en: Only English here.}
          - The same in both.
"""


def markdown(loaded, lang: str) -> str:
    return render(prepare(loaded.in_language(lang)), "md").decode()


def test_each_language_sees_its_own_text():
    loaded = load_text(CV, "cv.yaml")
    assert loaded.languages == ["en", "de"]
    en, de = markdown(loaded, "en"), markdown(loaded, "de")
    assert "*Research Engineer*" in en and "*Forschungsingenieurin*" in de
    assert "**M.Sc. Informatik**" in de and "Robuste Wahrnehmung" in de
    assert "- Den Benchmark gebaut.\n- Only English here.\n- The same in both." in de
    assert "## Research Projects" in en and "## Forschungsprojekte" in de
    assert loaded.in_language("de").cv.lang == "de" and loaded.cv.lang == "en"
    assert loaded.cv.extensions == {"x": {"en": "kept", "de": "as written"}}  # never projected


def test_a_mapping_that_is_not_a_translation_is_left_alone():
    """Keys that are not all language tags: a mapping (here, a mistake the schema names)."""
    with pytest.raises(DiagnosticsError) as info:
        load_text('languages: [en, de]\nname: A\nlocation: {en: Munich, Germany, de: X}\n',
                  "cv.yaml")
    assert [d.format() for d in info.value.diagnostics] == [
        "cv.yaml:3:11: error[CV104]: location: expected text, got a mapping"]


def test_a_problem_in_a_translation_is_located_at_it():
    text = CV.replace("dates: 2016 – 2018", "dates: {en: 2016 – 2018, de: Foo 2016}")
    with pytest.raises(DiagnosticsError) as info:
        load_text(text, "cv.yaml")
    (problem,) = info.value.diagnostics
    assert problem.format().startswith("cv.yaml:9:36: error[CV103]: "
                                       "sections.Education[0].dates: `Foo`")


def test_an_unknown_language_tag_and_both_lang_and_languages_are_errors():
    text = CV.replace("degree: {en:", "degree: {dee: x, en:").replace(
        "name: Erika", "lang: en\nname: Erika")
    with pytest.raises(DiagnosticsError) as info:
        load_text(text, "cv.yaml")
    assert [d.format().split(" (en, de)")[0].split(" (list")[0]
            for d in info.value.diagnostics] == [
        "cv.yaml:2:1: error[CV116]: lang: `lang` and `languages` both given",
        "cv.yaml:9:16: error[CV116]: sections.Education[0].degree.dee: `dee` is not one of "
        "the CV's languages"]


def test_a_single_language_cv_is_as_before():
    loaded = load_text("lang: de\nname: A\nheadline: Text\n", "cv.yaml")
    assert loaded.languages == ["de"] and loaded.cv.lang == "de"
    with pytest.raises(CvtoolError, match="`en` is not one of the CV's languages"):
        loaded.in_language("en")


def test_build_writes_every_language_or_the_ones_asked_for(tmp_path: Path):
    source = tmp_path / "cv.yaml"
    source.write_text(CV, encoding="utf-8")
    written = build(BuildRequest(source, ("md", "html"), tmp_path / "out")).written
    assert [p.name for p in written] == ["cv.md", "cv.html", "cv.de.md", "cv.de.html"]
    assert '<html lang="de"' in (tmp_path / "out" / "cv.de.html").read_text(encoding="utf-8")
    only = build(BuildRequest(source, ("md",), tmp_path / "one", languages=("de",))).written
    assert [p.name for p in only] == ["cv.de.md"]
    with pytest.raises(CvtoolError, match="`fr` is not one of the CV's languages"):
        build(BuildRequest(source, ("md",), tmp_path / "none", languages=("fr",)))
    assert not (tmp_path / "none").exists()


def test_variants_combine_with_languages(tmp_path: Path):
    source = tmp_path / "cv.yaml"
    source.write_text(CV + "variants:\n  short: {sections: [Education]}\n", encoding="utf-8")
    written = build(BuildRequest(source, ("md",), tmp_path / "out", variant="short")).written
    assert [p.name for p in written] == ["cv-short.md", "cv-short.de.md"]
    assert "M.Sc. Informatik" in written[1].read_text(encoding="utf-8")


def test_cli_lang_option(tmp_path: Path):
    source = tmp_path / "cv.yaml"
    source.write_text(CV, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(source), "-f", "md", "--lang", "de",
                                       "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["cv.de.md"]


def test_lint_reads_every_language():
    """A problem only the German text has is found, and what both share is said once."""
    text = CV.replace("{en: Built the benchmark., de: Den Benchmark gebaut.}",
                      "{en: Built the benchmark., de: Den Benchmark <b>gebaut</b>.}")
    found = [d for d in lint_loaded(load_text(text, "cv.yaml")) if d.code == "CV418"]
    assert [d.format().split(": HTML")[0] for d in found] == [
        'cv.yaml:16:44: warning[CV418]: sections["Research Projects"].entries[0].highlights[0]']
    missing = [d.format() for d in lint_loaded(load_text(CV, "cv.yaml")) if d.code == "CV425"]
    assert missing == ['cv.yaml:17:18: warning[CV425]: sections["Research Projects"].entries[0]'
                       '.highlights[1]: no `de` text: the `en` text is shown there (add '
                       '`de: ...` to it)']


def test_the_bilingual_example_builds_both_languages_and_lints_clean(tmp_path: Path):
    loaded = load(BILINGUAL)
    assert loaded.languages == ["en", "de"]
    assert [d for d in lint_loaded(loaded) if d.code == "CV425"] == []
    de = markdown(loaded, "de")
    assert "Wissenschaftlicher Mitarbeiter" in de and "Forschungsprojekte" in de


def test_the_json_schema_takes_translations():
    import jsonschema
    import yaml

    from cvtool.schema.jsonschema import json_schema

    validator = jsonschema.Draft202012Validator(json_schema())
    data = yaml.safe_load(CV)
    assert list(validator.iter_errors(data)) == []
    data["headline"] = {"en": 3}
    assert list(validator.iter_errors(data))

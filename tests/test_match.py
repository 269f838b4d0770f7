"""``cvtool match``: the job ad's terms, the CV's places, the report and the command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvtool.cli import main
from cvtool.loader import load, load_text
from cvtool.match import match
from cvtool.match.report import format_json, format_text
from cvtool.match.terms import extract
from cvtool.match.text import key, stem, tokens

ROOT = Path(__file__).resolve().parent.parent

SMALL = """\
name: Ada Example
sections:
  Experience:
    - organization: Example Corp
      positions: [Machine Learning Engineer]
      dates: 2020 – 2023
      highlights:
        - Built data pipelines for distributed training of large language models.
        - text: Ran Kubernetes clusters for model serving on GCP.
          tags: [ops]
        - text: Wrote the PyTorch evaluation harness.
          tags: [ops]
  Skills:
    - PyTorch
    - Docker
variants:
  short: {exclude_tags: [ops]}
"""

AD = """\
Machine Learning Engineer

We want an ML engineer for distributed training of LLMs on k8s.
You know PyTorch, Docker, Google Cloud Platform and Rust.
To apply, send your CV.
"""


def small(tmp_path: Path):
    path = tmp_path / "cv.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return load(path)


def statuses(result) -> dict[str, str]:
    return {t.term.text: t.status for t in result.terms}


# --- the ad's side -------------------------------------------------------------------------

def test_words_keep_their_spans_and_fold_case():
    words = tokens("Trained C++ and Node.js models")
    assert [w.norm for w in words] == ["trained", "c++", "and", "node.js", "model"]
    assert [(w.start, w.end) for w in words][1] == (8, 11)


@pytest.mark.parametrize(("word", "norm"), [
    ("models", "model"), ("Libraries", "library"), ("GPUs", "gpu"), ("LLMs", "llm"),
    ("processes", "process"), ("pipelines", "pipeline"), ("biases", "bias"), ("bias", "bias"),
    ("analysis", "analysis"), ("AWS", "aws"), ("Kubernetes", "kubernetes"), ("data", "data"),
    ("Amazon’s", "amazon"), ("class", "class"),
])
def test_plurals_fold(word: str, norm: str):
    assert stem(word) == norm


def test_stop_words_dropped_english_and_german():
    terms = {t.key for t in extract("We are looking for someone with strong skills in Rust. "
                                    "Wir suchen eine Person mit Kenntnissen in Haskell und "
                                    "für die Datenbank.")}
    assert ("rust",) in terms and ("haskell",) in terms and ("datenbank",) in terms
    for stop in ("we", "are", "for", "with", "strong", "skill", "wir", "eine", "und", "für",
                 "die"):
        assert (stop,) not in terms


def test_phrases_kept_together_when_listed_or_in_the_cv():
    ad = "Experience in machine learning and distributed training; shiny widgets."
    plain = {t.key for t in extract(ad)}
    assert ("machine", "learning") in plain  # a listed phrase
    assert ("distributed", "training") in plain
    assert ("machine",) not in plain and ("learning",) not in plain
    assert ("shiny", "widget") not in plain and ("widget",) in plain
    in_cv = {t.key for t in extract(ad, lambda k: k == ("shiny", "widget"))}
    assert ("shiny", "widget") in in_cv and ("widget",) not in in_cv


def test_a_phrase_never_spans_punctuation():
    terms = {t.key for t in extract("Machine, learning.")}
    assert ("machine", "learning") not in terms


def test_hyphenated_words_are_one_term():
    terms = {t.key: t for t in extract("Text-to-video models and vision-language models.")}
    assert ("text", "to", "video") in terms
    assert terms[("text", "to", "video")].text == "Text-to-video"  # never written lower case
    assert ("vision", "language", "model") in terms  # a listed phrase


def test_synonyms_map_to_one_term():
    terms = {t.key: t for t in extract("We use k8s, GCP, TF and torch for ML and LLMs.")}
    assert ("kubernetes",) in terms and terms[("kubernetes",)].written == ("k8s",)
    assert ("google", "cloud") in terms
    assert ("tensorflow",) in terms and ("pytorch",) in terms
    assert ("machine", "learning") in terms and ("large", "language", "model") in terms
    assert terms[("large", "language", "model")].text == "large language model"
    assert key("LLMs") == key("large language models")


def test_cv_means_computer_vision_only_away_from_applying():
    assert ("computer", "vision") in {t.key for t in extract("Strong CV and NLP background.")}
    terms = {t.key for t in extract("To apply, send your CV and a cover letter.")}
    assert ("computer", "vision") not in terms and ("cv",) not in terms


def test_counts_and_first_use():
    terms = extract("Rust. Rust and Go. rust!")
    rust = next(t for t in terms if t.key == ("rust",))
    assert rust.count == 3 and rust.first == 0


# --- the CV's side and the classification ----------------------------------------------------

def test_covered_weak_missing_with_exact_places(tmp_path: Path):
    result = match(small(tmp_path), AD, "ad.txt")
    got = {t.term.key: t for t in result.terms}
    covered = got[("distributed", "training")]
    assert covered.status == "covered"
    assert [str(p.location) for p in covered.places] == [f"{tmp_path / 'cv.yaml'}:8:36"]
    assert covered.places[0].path == "sections.Experience[0].highlights[0]"
    llm = got[("large", "language", "model")]  # written "LLMs" in the ad
    assert llm.status == "covered" and llm.places[0].location.column == 60
    k8s = got[("kubernetes",)]
    assert k8s.status == "covered" and [p.location.line for p in k8s.places] == [9]
    assert k8s.places[0].location.column == 21
    engineer = got[("machine", "learning", "engineer")]  # the CV uses the phrase
    assert engineer.status == "covered" and engineer.places[0].location.line == 5
    assert engineer.places[0].location.column == 19
    pytorch = got[("pytorch",)]
    assert pytorch.status == "covered"  # in the tagged bullet: the whole CV shows it
    assert {p.kind for p in pytorch.places} == {"text", "list"}
    assert got[("docker",)].status == "weak"
    assert [str(p.location) for p in got[("docker",)].places] == [
        f"{tmp_path / 'cv.yaml'}:15:7"]
    assert got[("rust",)].status == "missing" and got[("rust",)].places == ()
    assert got[("google", "cloud")].status == "covered"  # GCP in the CV, Google Cloud Platform
    assert not result.suggestions  # no variant: nothing is left out


def test_a_variant_sees_less_and_suggests_its_left_out_bullets(tmp_path: Path):
    result = match(small(tmp_path), AD, "ad.txt", "short")
    got = statuses(result)
    assert got["Kubernetes"] == "missing"
    assert got["PyTorch"] == "weak"  # the bullet that says it is tagged out
    first, second = result.suggestions
    assert (first.location.line, first.tags, first.why) == (9, ("ops",), "tags")
    assert first.missing == ("Kubernetes", "Google Cloud")
    assert second.location.line == 11 and second.missing == () and second.weak == ("PyTorch",)


def test_greedy_cover_ranks_by_what_is_not_covered_yet(tmp_path: Path):
    cv = SMALL.replace("Wrote the PyTorch evaluation harness.",
                       "Ran Kubernetes for the PyTorch evaluation harness on GCP.")
    path = tmp_path / "cv.yaml"
    path.write_text(cv, encoding="utf-8")
    result = match(load(path), AD, "ad.txt", "short")
    assert len(result.suggestions) == 1  # the second adds nothing the first does not
    assert result.suggestions[0].location.line == 11  # it adds PyTorch as well


def test_json_structure(tmp_path: Path):
    data = json.loads(format_json(match(small(tmp_path), AD, "ad.txt", "short")))
    assert set(data) == {"schema", "cv", "job", "variant", "lang", "summary", "terms",
                         "suggestions"}
    assert data["schema"] == 1 and data["variant"] == "short" and data["lang"] == "en"
    assert data["summary"]["terms"] == len(data["terms"]) == sum(
        data["summary"][s] for s in ("covered", "weak", "missing"))
    term = next(t for t in data["terms"] if t["key"] == "distributed training")
    assert term == {"term": "distributed training", "key": "distributed training",
                    "phrase": True, "status": "covered", "ad_count": 1,
                    "written": ["distributed training"],
                    "places": [{"file": str(tmp_path / "cv.yaml"), "line": 8, "column": 36,
                                "path": "sections.Experience[0].highlights[0]",
                                "kind": "text"}]}
    suggestion = data["suggestions"][0]
    assert set(suggestion) == {"file", "line", "column", "path", "text", "tags", "reason",
                               "missing", "weak"}
    assert suggestion["reason"] == "tags" and suggestion["tags"] == ["ops"]


def test_text_report_has_its_sections(tmp_path: Path):
    text = format_text(match(small(tmp_path), AD, "ad.txt", "short"))
    for heading in ("Covered", "Weak", "Missing", "Suggestions"):
        assert re.search(rf"^{heading}", text, re.M), heading
    assert f"{tmp_path / 'cv.yaml'}:15:7" in text
    assert "white" not in text.lower()


def test_german_ad_and_a_cv_in_another_language():
    ad = ("Wir suchen eine:n Machine-Learning-Ingenieur:in (m/w/d) mit Erfahrung in "
          "verteiltem Training, Python und Kubernetes. Bewerbung mit Lebenslauf (CV).")
    loaded = load(ROOT / "examples" / "bilingual.yaml")
    for lang in loaded.languages:
        result = match(loaded.in_language(lang), ad, "ad.txt")
        assert result.lang == lang
        assert ("computer", "vision") not in {t.term.key for t in result.terms}
    chinese = match(load(ROOT / "examples" / "chinese.yaml"), "深度学习 PyTorch 工程师", "ad")
    assert chinese.terms


def test_only_cv_text_not_keys_or_dates():
    loaded = load_text(SMALL, "cv.yaml")
    terms = {t.term.key: t for t in match(loaded, "organization 2020 ops Example", "ad").terms}
    assert terms[("organization",)].status == "missing"  # a key, not text
    assert ("ops",) in terms and terms[("ops",)].status == "missing"  # a tag
    assert terms[("example",)].status == "covered"


# --- the command -------------------------------------------------------------------------------

def run(*args: object):
    return CliRunner().invoke(main, ["match", *[str(a) for a in args]])


def test_command_text_and_json(tmp_path: Path):
    cv = tmp_path / "cv.yaml"
    cv.write_text(SMALL, encoding="utf-8")
    ad = tmp_path / "ad.txt"
    ad.write_text(AD, encoding="utf-8")
    out = run(cv, ad, "--variant", "short")
    assert out.exit_code == 0, out.output
    assert "Missing" in out.output and "Suggestions" in out.output
    out = run(cv, ad, "--format", "json")
    assert out.exit_code == 0 and json.loads(out.output)["variant"] is None


def test_command_exit_codes(tmp_path: Path):
    cv = tmp_path / "cv.yaml"
    cv.write_text(SMALL, encoding="utf-8")
    ad = tmp_path / "ad.txt"
    ad.write_text("Nothing this CV says: COBOL, Fortran.", encoding="utf-8")
    assert run(cv, ad).exit_code == 0  # all missing still informs
    missing = run(cv, tmp_path / "nope.txt")
    assert missing.exit_code == 1 and "no such file" in missing.output
    assert run(tmp_path / "nope.yaml", ad).exit_code == 1
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe bad")
    assert run(cv, tmp_path / "bad.txt").exit_code == 1
    unknown = run(cv, ad, "--variant", "nope")
    assert unknown.exit_code == 1 and "no variant named" in unknown.output
    assert run(cv, ad, "--lang", "fr").exit_code == 1


def test_the_readme_shows_the_current_report(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)
    out = CliRunner().invoke(main, ["match", "data/cv.yaml", "examples/job-ad.txt",
                                    "--variant", "resume"])
    assert out.exit_code == 0, out.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"<!-- match-report -->\n```text\n(.*?)```", readme, re.S)
    assert shown, "the README's Job-ad match section shows the example's report"
    assert shown.group(1) == out.output, "regenerate it: cvtool match data/cv.yaml " \
        "examples/job-ad.txt --variant resume"


def test_every_place_in_the_example_points_at_the_term(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)
    result = match(load("data/cv.yaml"), (ROOT / "examples/job-ad.txt").read_text("utf-8"),
                   "examples/job-ad.txt", "resume")
    lines = (ROOT / "data/cv.yaml").read_text(encoding="utf-8").split("\n")
    places = [(t, p) for t in result.terms for p in t.places]
    assert len(places) > 50
    for term, place in places:
        at = lines[place.location.line - 1][place.location.column - 1:]
        assert at.casefold().startswith(term.term.key[0][:3]), (term.term.text, place)

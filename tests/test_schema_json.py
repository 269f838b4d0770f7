import re
from pathlib import Path

import pytest

from cvtool.cli import schema_text
from cvtool.schema.jsonschema import json_schema
from tests.conftest import ROOT


def test_committed_schema_is_current():
    committed = (ROOT / "cvtool.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(json_schema()), (
        "cvtool.schema.json is stale: run `cvtool schema -o cvtool.schema.json`")


def test_schema_describes_every_field():
    """Every field has a description; every field but the obvious ones has examples."""
    schema = json_schema()
    properties = [("Cv", field, spec) for field, spec in schema["properties"].items()]
    for name, definition in schema["$defs"].items():
        properties += [(name, f, spec) for f, spec in definition.get("properties", {}).items()]
    undescribed = [f"{n}.{f}" for n, f, spec in properties if "description" not in spec]
    unexampled = [f"{n}.{f}" for n, f, spec in properties if "examples" not in spec
                  and not (n.endswith("Section") and f in {"kind", "entries"})]
    assert not undescribed, undescribed
    assert not unexampled, unexampled


def test_short_forms_are_allowed_by_the_schema():
    """Bullets and positions as strings or `Label: text`; sections as lists."""
    job = {"organization": "X", "positions": ["Y"], "highlights": ["a", {"Setup": "b"}]}
    assert _errors({"name": "A", "sections": {"Work": [job], "Skills": [{"Go": ["x"]}]}}) == []
    assert _errors({"name": "A", "sections": {"Work": [{**job, "highlights": [3]}]}})


def _yaml(text: str):
    """YAML as an editor's language server reads it (YAML 1.2: `2022-07-04` is a string)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    # YAML 1.2 booleans are true/false only: `off` and `no` are text, as cvtool reads them.
    Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"),
                                 list("tf"))
    for first in "yYnNoO":
        Loader.yaml_implicit_resolvers[first] = [
            (tag, regexp) for tag, regexp in Loader.yaml_implicit_resolvers.get(first, [])
            if tag != "tag:yaml.org,2002:bool"]
    return yaml.load(text, Loader=Loader)


def _errors(data) -> list[str]:
    import jsonschema

    validator = jsonschema.Draft202012Validator(json_schema())
    return [f"{list(e.absolute_path)}: {e.message[:80]}" for e in validator.iter_errors(data)]


def _shipped_sources() -> list[Path]:
    """Every CV this repository ships or starts users with, and every fixture meant valid."""
    found = [*ROOT.glob("data/*.yaml"), *ROOT.glob("examples/*.yaml"),
             *(ROOT / "cvtool").glob("starter*.yaml"),
             *(ROOT / "tests" / "fixtures").rglob("*-good.yaml")]
    return sorted(p for p in found if not _is_letter(p))


def _is_letter(path: Path) -> bool:
    data = _yaml(path.read_text(encoding="utf-8"))
    return isinstance(data, dict) and "cv" in data and "body" in data


@pytest.mark.parametrize("path", _shipped_sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_schema_accepts_every_shipped_source(path: Path):
    """What `validate` accepts, an editor's schema check accepts too."""
    assert _errors(_yaml(path.read_text(encoding="utf-8"))) == []


def test_every_kind_written_as_the_readme_teaches_is_valid():
    """Short forms, aliases, `Label: text` pairs and strings, under any title: what
    `validate` accepts, an editor does not flag."""
    for path in ("examples/academic-cv.yaml", "data/cv.yaml", "examples/minimal.yaml"):
        assert _errors(_yaml((ROOT / path).read_text(encoding="utf-8"))) == [], path
    from tests.test_kinds import GERMAN

    assert _errors(_yaml("name: A\nsections:\n" + GERMAN)) == []


def test_typos_in_the_new_kinds_are_still_flagged():
    good = {"name": "A", "sections": {"Awards": [{"title": "X", "issuer": "Y", "date": 2020}]}}
    assert _errors(good) == []
    for typo in ({"title": "X", "awarder": "Y", "dat": 2020},
                 {"course": "ML", "enrolment": 20, "role": "TA"}):
        assert _errors({"name": "A", "sections": {"Awards": [typo]}}), typo

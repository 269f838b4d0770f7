import json

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
    schema = json.dumps(json_schema())
    assert '"anyOf": [{"type": "string"}, {"$ref": "#/$defs/Bullet"}]' in schema

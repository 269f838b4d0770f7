"""The published JSON Schema, for editors (yaml-language-server) and other tools.

Pydantic describes the validated form; the source also allows short forms (a list for a
section, a string for a bullet or position), so those are added here.
"""

from __future__ import annotations

from typing import Any

from cvtool.schema.cv import Cv

SCHEMA_ID = "https://cvtool.dev/cvtool.schema.json"
_ENTRY_MODELS = (
    "Education",
    "Experience",
    "Project",
    "Publication",
    "LabelledList",
    "Bullet",
    "Generic",
)
_STRING_FORMS = ("Bullet", "Position", "LabelledList")


def _allow_strings(node: Any) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.rsplit("/", 1)[-1] in _STRING_FORMS and len(node) == 1:
            return {"anyOf": [{"type": "string"}, node]}
        return {key: _allow_strings(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_allow_strings(item) for item in node]
    return node


def json_schema() -> dict[str, Any]:
    schema = Cv.model_json_schema(mode="validation")
    schema = _allow_strings(schema)
    sections = schema["properties"]["sections"]
    long_form = sections["additionalProperties"]
    long_form = {"anyOf": long_form.get("oneOf", long_form.get("anyOf", [long_form]))}
    for definition in schema["$defs"].values():
        if definition.get("properties", {}).get("kind", {}).get(
            "const"
        ) and "entries" in definition.get("properties", {}):
            definition["required"] = [r for r in definition.get("required", []) if r != "kind"]
    entries = [{"$ref": f"#/$defs/{name}"} for name in _ENTRY_MODELS]
    sections["additionalProperties"] = {
        "anyOf": [
            {"type": "array", "items": {"anyOf": [{"type": "string"}, *entries]}},
            long_form,
        ]
    }
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}

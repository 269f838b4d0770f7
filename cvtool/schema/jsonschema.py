"""The published JSON Schema, for editors (yaml-language-server) and other tools.

Pydantic describes the validated form; the source also allows short forms (a list for a
section, a string for a bullet or position), so those are added here.
"""

from __future__ import annotations

from typing import Any

from cvtool.schema.cv import Cv
from cvtool.schema.entries import Record
from cvtool.schema.inference import ENTRY_MODELS
from cvtool.translations import TAG

SCHEMA_ID = "https://cvtool.dev/cvtool.schema.json"
# Every kind's entry model, by the name Pydantic gives its definition.
_MODELS = {model.__name__: model for model in ENTRY_MODELS.values()}
_ENTRY_MODELS = tuple(_MODELS)
# Models whose entry may be a bare string (``- Best Paper Award``: its main field).
_STRING_FORMS = ("Bullet", "Position", "LabelledList", *(
    name for name, model in _MODELS.items()
    if isinstance(model, type) and issubclass(model, Record) and model.PRIMARY))
# A text in each of the CV's languages (`{en: ..., de: ...}`), where a string would do.
_TRANSLATED = {"type": "object", "minProperties": 1, "propertyNames": {"pattern": TAG.pattern},
               "additionalProperties": {"type": "string"}}
# ``- Label: text`` (or ``- Label: [items]``): a one-key mapping every list section reads.
_PAIR = {"type": "object", "minProperties": 1, "maxProperties": 1,
         "additionalProperties": {"anyOf": [{"type": "string"},
                                            {"type": "array", "items": {"type": "string"}}]}}


def _allow_strings(node: Any) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        name = ref.rsplit("/", 1)[-1]
        if name in _STRING_FORMS and len(node) == 1:
            text = [{"type": "string"}, _TRANSLATED]
            return {"anyOf": [*text, node] if name == "Position" else [*text, _PAIR, node]}
        return {key: _allow_strings(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_allow_strings(item) for item in node]
    return node


def _add_aliases(definitions: dict[str, Any]) -> None:
    """The other names an entry's fields are read under (``issuer`` for an award's
    ``awarder``), described as the field they stand for."""
    for name, model in _MODELS.items():
        aliases: dict[str, str] = getattr(model, "ALIASES", {})
        properties = definitions.get(name, {}).get("properties", {})
        for alias, target in aliases.items():
            if target in properties and alias not in properties:
                field = {k: v for k, v in properties[target].items()
                         if k not in ("description", "title", "default")}
                if field.get("type") == "array":  # `position: X` is one of `positions`
                    examples = field.pop("examples", None)
                    field = {"anyOf": [field["items"], field]}
                    if examples:
                        field["examples"] = [*examples, examples[0][0]]
                properties[alias] = {**field, "description": f"Another name for `{target}`."}


# Properties never translated: what says which languages there are, and settings.
_NOT_TRANSLATED = frozenset({"lang", "languages", "kind", "lint", "design", "extensions",
                             "tex_fields", "tags", "$schema"})


def _takes_text(node: dict[str, Any]) -> bool:
    """Whether a property's schema takes a string (or a list of strings) somewhere."""
    kinds = [node, *node.get("anyOf", [])]
    return any(k.get("type") == "string" or (
        k.get("type") == "array" and k.get("items", {}).get("type") == "string")
        for k in kinds)


def _translatable(definition: dict[str, Any]) -> None:
    """Text in a CV with `languages:` may be one text per language: `{en: ..., de: ...}`."""
    for name, node in definition.get("properties", {}).items():
        if name in _NOT_TRANSLATED or not _takes_text(node):
            continue
        meta = {k: node[k] for k in ("default", "description", "examples", "title")
                if k in node}
        text = {k: v for k, v in node.items() if k not in meta}
        definition["properties"][name] = {**meta, "anyOf": [text, {
            "type": "object", "minProperties": 1, "propertyNames": {"pattern": TAG.pattern},
            "additionalProperties": text,
            "description": "The text in each of the CV's languages."}]}


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
    _add_aliases(schema["$defs"])
    for name, definition in [("Cv", schema), *schema["$defs"].items()]:
        if not name.startswith("Design"):
            _translatable(definition)
    entries = [{"$ref": f"#/$defs/{name}"} for name in _ENTRY_MODELS]
    sections["additionalProperties"] = {
        "anyOf": [
            {"type": "array",
             "items": {"anyOf": [{"type": "string"}, _TRANSLATED, _PAIR, *entries]}},
            long_form,
        ]
    }
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}

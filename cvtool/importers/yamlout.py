"""Printing imported data as cvtool YAML: block style, keys in the order built, Unicode kept.

The output is meant to be read and edited by a person, so it looks like the hand-written
examples: one key per line, lists of strings in flow style when short, long text folded.
"""

from __future__ import annotations

from typing import Any

SCHEMA_COMMENT = "# yaml-language-server: $schema=https://cvtool.dev/cvtool.schema.json"


def _dumper() -> type:
    import yaml

    class Dumper(yaml.SafeDumper):
        """Indents lists under their key, as the examples in this repository are written."""

        def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
            return super().increase_indent(flow, False)

    def represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, represent_str)
    return Dumper


def dump_yaml(data: Any, header: list[str] | None = None, *, schema: bool = True) -> str:
    """``data`` as YAML text, after the schema comment (for whole CVs) and ``header``
    comment lines."""
    import yaml

    lines = [SCHEMA_COMMENT] if schema else []
    lines += [f"# {line}" if line else "#" for line in header or []]
    body = yaml.dump(data, Dumper=_dumper(), allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)
    return "\n".join([*lines, body]) if lines else body

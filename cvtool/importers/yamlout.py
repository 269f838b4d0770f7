"""Printing imported data as cvtool YAML: block style, keys in the order built, Unicode kept.

The output is meant to be read and edited by a person, so it looks like the hand-written
examples: one key per line, lists of strings in flow style when short, long text folded.

PyYAML's printer is written in Python and takes some 50 microseconds a value, which is
seconds for an import of thousands of entries; data of more than :data:`FAST_VALUES`
values is printed by libyaml instead (when PyYAML has it), which writes the same data with
a list's dashes level with its key rather than indented under it.

A string that YAML 1.2 would read as something else (a number such as ``001249``, ``true``,
``null``, ``0x1F``) is always quoted, so that the text comes back as text.
"""

from __future__ import annotations

import re
from typing import Any

# The schema beside the CV (`cvtool schema -o cvtool.schema.json` writes it; `cvtool new`
# does so too): an editor checks the imported CV as it is edited.
SCHEMA_COMMENT = "# yaml-language-server: $schema=cvtool.schema.json"


FAST_VALUES = 20_000

# Plain scalars that cvtool's loader (YAML 1.2 core schema) reads as something other than
# text. PyYAML's dumper quotes only what YAML 1.1 would read differently, which leaves
# `001249`, `0o17` or `+12` unquoted.
_NOT_TEXT = re.compile(
    r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|true|True|TRUE|false|False|FALSE|~|null|Null|NULL|)$")


def _count(data: Any, limit: int) -> int:
    """How many values ``data`` holds, counting no further than ``limit``."""
    count, stack = 0, [data]
    while stack and count <= limit:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def _dumper(fast: bool = False) -> type:
    import yaml

    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper) if fast else yaml.SafeDumper

    class Dumper(base):  # type: ignore[misc,valid-type]
        """Indents lists under their key, as the examples in this repository are written."""

        def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
            return super().increase_indent(flow, False)

    def represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else "'" if _NOT_TEXT.match(value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, represent_str)
    return Dumper


def dump_yaml(data: Any, header: list[str] | None = None, *, schema: bool = True) -> str:
    """``data`` as YAML text, after the schema comment (for whole CVs) and ``header``
    comment lines."""
    import yaml

    lines = [SCHEMA_COMMENT] if schema else []
    lines += [f"# {line}" if line else "#" for line in header or []]
    fast = _count(data, FAST_VALUES) > FAST_VALUES
    body = yaml.dump(data, Dumper=_dumper(fast), allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)
    return "\n".join([*lines, body]) if lines else body

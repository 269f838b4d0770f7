"""Reading a CV source: YAML with positions kept for every key and item, then validation,
with every problem reported at once as ``file:line:col`` diagnostics.

The YAML is read with a YAML 1.2-style resolver: ``no``/``on`` stay text, dates stay text
(the schema parses them), and duplicate keys are errors rather than last-one-wins.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from cvtool.citekeys import citation_key_problems
from cvtool.errors import (
    CvtoolError,
    Diagnostic,
    DiagnosticsError,
    Severity,
    SourceLocation,
    format_path,
)
from cvtool.schema import Cv
from cvtool.schema.checks import cross_checks
from cvtool.schema.introspect import allowed_keys
from cvtool.sourcefile import MAX_DEPTH, MAX_INT_DIGITS, MAX_NODES, location_at, read_source
from cvtool.sourcemap import Path_, SourceMap
from cvtool.translations import languages_of, project

_STR_TAG = "tag:yaml.org,2002:str"

try:  # libyaml is several times faster; fall back to the pure-Python parser.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _CvYamlLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """SafeLoader with YAML 1.2 core-schema scalars (no yes/no booleans, no timestamps)."""


_CvYamlLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    _CvYamlLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))

_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
# Python's int() refuses more digits than this (and a CV never needs so many).


class WrittenInt(int):
    """A whole number written with a leading zero (``0612345678``): YAML 1.2 reads it as
    decimal, and the text is kept so that an error shows it as written."""

    written: str = ""


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    """Integers as YAML 1.2's core schema reads them: decimal, ``0o`` octal, ``0x`` hex.

    PyYAML's own constructor applies YAML 1.1 (``0612`` octal, ``1_000``, ``0b``...), so it
    is never used."""
    text = str(node.value)
    digits = text.lstrip("+-")
    if not _INT.fullmatch(text):  # an explicit !!int on something else
        raise yaml.constructor.ConstructorError(
            None, None, f"`{text[:40]}` is not a whole number", node.start_mark)
    if len(digits) > MAX_INT_DIGITS:
        raise yaml.constructor.ConstructorError(
            None, None, f"a number of {len(digits):,} digits; put it in quotes if it is text",
            node.start_mark)
    if digits.startswith(("0o", "0x")):
        return int(digits[2:], 8 if digits[1] == "o" else 16)
    value = int(text, 10)
    if len(digits) > 1 and digits.startswith("0"):
        written = WrittenInt(value)
        written.written = text
        return written
    return value


_CvYamlLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


@dataclass(frozen=True)
class LoadedCv:
    """A validated CV in one of its languages (the default unless :meth:`in_language` chose
    another), with where everything was written and the data as read."""

    cv: Cv
    source: SourceMap
    path: Path
    data: Any  # as read: every language
    warnings: tuple[Diagnostic, ...] = ()  # problems that do not stop a build (.bib macros)
    others: dict[str, LoadedCv] = field(default_factory=dict, compare=False, repr=False)

    @property
    def languages(self) -> list[str]:
        """The CV's languages, the default first."""
        return languages_of(self.data)

    def in_language(self, lang: str) -> LoadedCv:
        """The same CV in another of its languages (validated when it was loaded)."""
        if lang == self.cv.lang:
            return self
        if lang not in self.others:
            raise CvtoolError(f"{self.path}: `{lang}` is not one of the CV's languages "
                              f"({', '.join(self.languages)})")
        return self.others[lang]


def _location(file: str, mark: yaml.Mark | None) -> SourceLocation:
    if mark is None:
        return SourceLocation(file, 1, 1)
    return SourceLocation(file, mark.line + 1, mark.column + 1)


class _Builder:
    """Turns the composed node graph into plain data, recording positions as it goes."""

    def __init__(self, file: str, loader: _CvYamlLoader) -> None:
        self.file = file
        self.loader = loader
        self.positions: dict[Path_, tuple[SourceLocation, SourceLocation]] = {}
        self.diagnostics: list[Diagnostic] = []
        self.nodes = 0

    def error(self, code: str, mark: yaml.Mark | None, message: str, path: Path_ = ()) -> None:
        self.diagnostics.append(Diagnostic(code, message, Severity.ERROR,
                                           _location(self.file, mark), format_path(path)))

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge(node)
        if depth > MAX_DEPTH:
            raise _TooDeep(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, child in enumerate(node.value):
                at = _location(self.file, child.start_mark)
                self.positions[(*path, index)] = (at, at)
                items.append(self.build(child, (*path, index), depth + 1))
            return items
        if node.tag == _STR_TAG:  # most values: text, which needs no constructing
            return node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            self.error("CV001", node.start_mark, exc.problem or "unreadable value", path)
        except (ValueError, KeyError, TypeError, OverflowError):  # an explicit !!tag
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            self.error("CV001", node.start_mark,
                       f"`{str(node.value)[:40]}` cannot be read as {tag}", path)
        return None

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in self._merged(node):
            if not isinstance(key_node, yaml.ScalarNode):
                self.error("CV001", key_node.start_mark, "a key must be plain text", path)
                continue
            try:
                key = self.loader.construct_object(key_node)
            except (yaml.constructor.ConstructorError, ValueError, KeyError, TypeError,
                    OverflowError):
                key = None
            if not isinstance(key, str):
                key = str(key_node.value)
            if key in result:
                first = self.positions[(*path, key)][0]
                self.error("CV002", key_node.start_mark,
                           f"duplicate key `{key}` (first defined at line {first.line})",
                           (*path, key))
                continue
            self.positions[(*path, key)] = (
                _location(self.file, key_node.start_mark),
                _location(self.file, value_node.start_mark),
            )
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _merged(self, node: yaml.MappingNode) -> Iterator[tuple[yaml.Node, yaml.Node]]:
        """Pairs of a mapping, with ``<<: *anchor`` merge keys expanded (explicit keys win)."""
        own = [(k, v) for k, v in node.value if k.tag != "tag:yaml.org,2002:merge"]
        own_keys = {k.value for k, _ in own if isinstance(k, yaml.ScalarNode)}
        yield from own
        for key_node, value_node in node.value:
            if key_node.tag != "tag:yaml.org,2002:merge":
                continue
            is_list = isinstance(value_node, yaml.SequenceNode)
            sources = value_node.value if is_list else [value_node]
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    self.error("CV001", source.start_mark, "`<<` merges only mappings")
                    continue
                for k, v in source.value:
                    if k.value not in own_keys:
                        own_keys.add(k.value)
                        yield k, v


class _TooLarge(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


class _TooDeep(_TooLarge):
    pass


def parse_yaml(text: str, file: str) -> tuple[Any, SourceMap, list[Diagnostic]]:
    """Parse YAML text into plain data and a source map.

    Unreadable YAML raises; problems that still leave data (duplicate keys) are returned
    so that validation can report its own problems alongside them."""
    try:
        loader = _CvYamlLoader(text)
    except yaml.reader.ReaderError as exc:
        raise DiagnosticsError([_reader_error(exc, text, file)]) from None
    builder = _Builder(file, loader)
    try:
        root = loader.get_single_node()
        data = builder.build(root, (), 0) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if exc.context and exc.context not in problem:
            problem = f"{problem} ({exc.context})"
        raise DiagnosticsError(
            [Diagnostic("CV001", f"YAML syntax: {problem}", location=_location(file, mark))]
        ) from None
    except _TooDeep as exc:
        raise DiagnosticsError([Diagnostic(
            "CV004", f"nesting deeper than {MAX_DEPTH} levels; a CV never needs this",
            location=_location(file, exc.node.start_mark))]) from None
    except _TooLarge as exc:
        raise DiagnosticsError([Diagnostic(
            "CV004", f"the document expands to more than {MAX_NODES:,} values "
            "(an alias bomb?); refusing to read it",
            location=_location(file, exc.node.start_mark))]) from None
    except yaml.reader.ReaderError as exc:
        raise DiagnosticsError([_reader_error(exc, text, file)]) from None
    except RecursionError:
        raise DiagnosticsError([Diagnostic(
            "CV004", "nesting too deep to read", location=SourceLocation(file, 1, 1))]) from None
    except yaml.YAMLError as exc:  # any other PyYAML error, which carries no position
        raise DiagnosticsError([Diagnostic(
            "CV001", f"YAML syntax: {exc}".splitlines()[0],
            location=SourceLocation(file, 1, 1))]) from None
    finally:
        loader.dispose()
    return data, SourceMap(file, builder.positions, data, text), builder.diagnostics


def _reader_error(exc: yaml.reader.ReaderError, text: str, file: str) -> Diagnostic:
    """A character YAML does not allow (NUL, other C0 controls, U+FFFE...): PyYAML gives
    only its offset in the text, so the line and column are counted here."""
    character = exc.character
    code = ord(character) if isinstance(character, str) else int(character)
    return Diagnostic(
        "CV001", f"YAML syntax: the control character U+{code:04X} is not allowed in a "
        "YAML file; remove it", location=location_at(text, exc.position, file))


_EXPECTED = {
    "string_type": "text", "int_type": "a whole number", "float_type": "a number",
    "bool_type": "true or false", "list_type": "a list", "dict_type": "a mapping",
    "model_type": "a mapping", "model_attributes_type": "a mapping",
    "int_from_float": "a whole number",
}


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, WrittenInt):
        return f"the number {value.written}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text `{value[:40]}`"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_CODES = {
    "extra_forbidden": "CV100", "missing": "CV101", "cv_date_order": "CV102",
    "cv_date": "CV103", "literal_error": "CV105", "greater_than_equal": "CV105",
    "less_than_equal": "CV105", "cv_url": "CV106", "cv_section_kind": "CV107",
    "cv_email": "CV108", "cv_orcid": "CV108", "cv_doi": "CV108", "cv_arxiv": "CV108",
    "cv_colour": "CV108", "cv_length": "CV108", "cv_image": "CV108",
    "string_pattern_mismatch": "CV108", "cv_author": "CV109", "cv_bib": "CV108",
    "cv_blank": "CV101", "cv_range": "CV105", "cv_image_outside": "CV110",
}


def validation_diagnostic(error: Any, source: SourceMap, root: Any = Cv) -> Diagnostic:
    kind = error["type"]
    loc = tuple(error["loc"])
    found, left = source.nearest(loc)
    message = error["msg"]
    hint = None
    code = _CODES.get(kind, "CV104" if kind in _EXPECTED else "CV199")
    shown: list[str | int] = list(found)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        location = source.key_at(found)
        options = allowed_keys(loc[:-1], root)
        close = difflib.get_close_matches(key, options, n=1, cutoff=0.6)
        message = f"unknown key `{key}`"
        if close:
            hint = f"did you mean `{close[0]}`?"
        elif options:
            hint = "allowed: " + ", ".join(options)
    elif kind == "missing":
        location = source.key_at(found) if found else SourceLocation(source.file, 1, 1)
        name = next((part for part in reversed(left) if isinstance(part, str)), None)
        if name and name != "entries":
            shown.append(name)
            message = f"`{name}` is required here"
        elif message == "Field required":
            message = "a required value is missing"
    else:
        location = source.value_at(found)
        if kind in _EXPECTED:
            message = f"expected {_EXPECTED[kind]}, got {describe(error['input'])}"
            if kind == "string_type" and isinstance(error["input"], int | float | bool):
                hint = "put it in quotes to keep it as text"
        elif kind in ("greater_than_equal", "less_than_equal"):
            bound = error["ctx"].get("ge", error["ctx"].get("le"))
            word = "at least" if kind == "greater_than_equal" else "at most"
            message = f"must be {word} {bound:g}; got {describe(error['input'])}"
        elif kind == "string_pattern_mismatch":
            message = f"{describe(error['input'])} is not in the expected form"
        elif kind == "literal_error":
            message = f"must be one of {error['ctx']['expected']}; got {describe(error['input'])}"
        message = message.removeprefix("Value error, ")
        if kind == "cv_section_kind":
            from cvtool.schema.cv import LONG_FORM_HINT

            hint = LONG_FORM_HINT
    return Diagnostic(code, message, Severity.ERROR, location, format_path(shown), hint)


def _merge_typos(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """A misspelt required key (``organisation``) is one mistake: its "unknown key ...
    did you mean `organization`?" says it all, so "`organization` is required" goes."""
    meant = set()
    for d in diagnostics:
        if d.code == "CV100" and d.hint and d.hint.startswith("did you mean `"):
            parent = d.path.rpartition(".")[0] if "." in d.path else ""
            suggestion = d.hint.removeprefix("did you mean `").removesuffix("`?")
            meant.add(f"{parent}.{suggestion}" if parent else suggestion)
    return [d for d in diagnostics if not (d.code == "CV101" and d.path in meant)]


def _unknown_kind_errors(errors: list[Any], data: dict[str, Any]) -> list[Any]:
    """A section whose kind cannot be told is also checked as the kind it comes closest
    to, so that its entries' own mistakes are reported with "unknown kind" (CV107)."""
    from cvtool.schema.cv import SECTION_MODELS
    from cvtool.schema.inference import closest_kind

    extra: list[Any] = []
    sections = data.get("sections")
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] != "cv_section_kind" or len(loc) != 2 or not isinstance(sections,
                                                                                  dict):
            continue
        section = sections.get(loc[1])
        if isinstance(section, str):
            section = [section]
        if isinstance(section, list):
            section = {"entries": section}
        if not isinstance(section, dict) or not isinstance(section.get("entries"), list):
            continue
        kind = closest_kind(section["entries"])
        if kind is None:
            continue
        try:
            SECTION_MODELS[kind].model_validate({**section, "kind": kind})
        except ValidationError as exc:
            extra += [{**e, "loc": (*loc, kind, *e["loc"])} for e in exc.errors()
                      if tuple(e["loc"])[:1] != ("kind",)]
    return extra


def validate(data: Any, source: SourceMap) -> Cv:
    """Validate plain data into a :class:`Cv`, turning every error into a diagnostic."""
    if not isinstance(data, dict):
        raise DiagnosticsError([Diagnostic(
            "CV104", f"a CV is a mapping with at least `name`; got {describe(data)}",
            location=SourceLocation(source.file, 1, 1))])
    try:
        cv = Cv.model_validate(data)
    except ValidationError as exc:
        errors = [*exc.errors(), *_unknown_kind_errors(exc.errors(), data)]
        diagnostics = _merge_typos([validation_diagnostic(error, source) for error in errors])
        diagnostics.sort(key=lambda d: (d.location or SourceLocation("", 0, 0)))
        raise DiagnosticsError(diagnostics) from None
    problems = [Diagnostic(code, message, Severity.ERROR, *source.locate(path, key=True))
                for path, code, message in cross_checks(cv)]
    problems += citation_key_problems(cv, source)
    if problems:
        raise DiagnosticsError(problems)
    return cv


def load_text(text: str, file: str, path: Path | None = None) -> LoadedCv:
    """Parse and validate a CV's text; .bib files that sections name are read from the
    folder of ``path`` (or of ``file``) and their entries validated with the rest."""
    from cvtool.bibfiles import expand_bibtex

    data, source, problems = parse_yaml(text, file)
    bib = expand_bibtex(data, source, (path or Path(file)).parent)
    problems = [*problems, *bib.errors]
    # Each language is validated on its own, so that a problem in a translation is found
    # (and located at it); a problem every language shares is reported once.
    validated: dict[str, tuple[Cv, SourceMap]] = {}
    for lang in languages_of(data) if isinstance(data, dict) else ["en"]:
        projection = project(data, source, lang)
        problems += [p for p in projection.problems if p not in problems]
        try:
            validated[lang] = validate(projection.data, projection.source), projection.source
        except DiagnosticsError as exc:
            problems += [d for d in exc.diagnostics if d not in problems]
    if problems:
        # A value that could not be read at all was reported already; what validation
        # then says about its absence there is noise.
        unreadable = {d.location for d in problems if d.code == "CV001"}
        problems = [d for d in problems if d.code == "CV001" or d.location not in unreadable]
        raise DiagnosticsError(sorted(problems,
                                      key=lambda d: d.location or SourceLocation("", 0, 0)))
    (default, (cv, cv_source)), *rest = validated.items()
    others = {lang: LoadedCv(other, other_source, path or Path(file), data,
                             (*bib.warnings, *language_warnings(other, other_source)))
              for lang, (other, other_source) in rest}
    loaded = LoadedCv(cv, cv_source, path or Path(file), data,
                      (*bib.warnings, *language_warnings(cv, cv_source)), others)
    for other in others.values():
        other.others.update({default: loaded, **others})
    return loaded


def language_warnings(cv: Cv, source: SourceMap) -> list[Diagnostic]:
    """A language cvtool has no words for (:mod:`cvtool.i18n`) builds with English words:
    said as a warning at ``lang:``, never a failure."""
    from cvtool import i18n

    if i18n.is_known(cv.lang):
        return []
    where, shown = source.locate(("lang",))
    return [Diagnostic("CV105", f"cvtool has no words in `{cv.lang}`: its own words (section "
                       "titles, \"present\", labels) are printed in English", Severity.WARNING,
                       where, shown, "add cvtool/locales/<tag>.toml, as the README's "
                       "\"The words cvtool prints\" says")]


def load(path: Path | str) -> LoadedCv:
    """Read, parse and validate a CV file. Raises :class:`DiagnosticsError` on any problem."""
    path = Path(path)
    return load_text(read_source(path), str(path), path)

"""``cvtool import metrics``: per-paper citation counts from an export file, proposed as a
patch to the CV's YAML (never written without ``--write``).

The export is read (:mod:`.formats`), its records matched to the CV's publications by DOI,
then arXiv id, then normalised title (:mod:`.matching`), and the counts that differ from the
CV's are written into the YAML text at the places the source map knows (:mod:`.patch`): a
written entry gets ``metrics: {citations: N}``; an entry from a ``.bib`` file, which has no
place of its own in the YAML, gets it in its section's ``metrics:`` map by citation key.
The result is loaded again before it is offered, so a patch never breaks the CV.
Nothing is fetched from the network.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cvtool.errors import SourceLocation
from cvtool.importers.metrics.formats import FORMATS, Export, Record, read_export
from cvtool.importers.metrics.matching import Index, Rule, paper_keys
from cvtool.importers.metrics.patch import TextEdits

__all__ = ["FORMATS", "MetricsImport", "import_metrics"]


@dataclass(frozen=True)
class Match:
    where: SourceLocation
    title: str
    rule: Rule
    record: Record
    old: Any  # the citations the CV gave (None: none)
    new: int | None  # the export's count (None: the format has none)


@dataclass
class MetricsImport:
    """What an import found and the CV's text with the counts written in."""

    export: Export
    export_file: str
    cv_file: str
    old_text: str
    new_text: str
    matches: list[Match] = field(default_factory=list)
    missing: list[tuple[SourceLocation, str]] = field(default_factory=list)
    unused: list[Record] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[Match]:
        return [m for m in self.matches if m.new is not None and m.new != m.old]

    def diff(self) -> str:
        """The change as a unified diff of the CV's text ('' when nothing changes)."""
        return "".join(difflib.unified_diff(
            self.old_text.splitlines(keepends=True), self.new_text.splitlines(keepends=True),
            f"a/{self.cv_file}", f"b/{self.cv_file}"))

    def report(self) -> list[str]:
        name = FORMATS[self.export.format]
        lines = [d.format() for d in self.export.warnings]
        lines += [f"{self.export_file}: {name}, {len(self.export.records)} papers; "
                 f"{len(self.matches)} of the CV's papers matched ("
                 + ", ".join(f"{sum(m.rule == r for m in self.matches)} by {r}"
                             for r in ("DOI", "arXiv", "title")) + ")"]
        if not self.export.has_counts:
            lines.append(f"note: {name} exports have no citation counts: the matches are "
                         "listed, no metrics are proposed")
        for m in self.matches:
            if m.new is None:
                change = "no count"
            elif m.new == m.old:
                change = f"citations {m.new} (unchanged)"
            else:
                change = f"citations {'none' if m.old is None else m.old} -> {m.new}"
            lines.append(f"{m.where}: matched by {m.rule} to {m.record.label}: {change}: "
                         f"{_short(m.title)}")
        lines += [f"{where}: not in the export: {_short(title)}" for where, title in self.missing]
        lines += [f"{r.location}: not in the CV: {r.label}: {_short(r.title or '(no title)')}"
                  for r in self.unused]
        lines += self.skipped
        return lines


def _short(title: str) -> str:
    """A title as a reader sees it (TeX converted: ``{\\"U}ber`` is Über), cut at 70."""
    if "\\" in title or "{" in title or "$" in title:
        from cvtool.markup import to_text
        from cvtool.texinline import tex

        title = to_text(tex(title))
    return f"“{title[:70]}{'…' if len(title) > 70 else ''}”"


def _citations_label(metrics: Any) -> str | None:
    """The label under which ``metrics`` gives citations (``citations``, ``cited by``...)."""
    from cvtool.metrics import metric_of

    if not isinstance(metrics, dict):
        return None
    return next((k for k in metrics if isinstance(k, str) and metric_of(k) == "citations"),
                None)


def import_metrics(export_text: str, export_file: str, cv_path: Path,
                   fmt: str | None = None) -> MetricsImport:
    """Read an export and propose its citation counts for the CV at ``cv_path``."""
    from cvtool.loader import load_text
    from cvtool.schema.cv import PublicationSection
    from cvtool.sourcefile import read_source

    export = read_export(export_text, export_file, fmt)
    cv_text = read_source(cv_path)
    loaded = load_text(cv_text, str(cv_path), cv_path)
    index = Index(export.records)
    edits = TextEdits(cv_text, loaded.source)
    result = MetricsImport(export, export_file, str(cv_path), cv_text, cv_text)
    used: set[int] = set()
    new_keyed: dict[str, dict[str, Any]] = {}  # section -> citation key -> metrics to add
    planned: dict[tuple[str | int, ...], int] = {}
    for title, section in loaded.cv.sections.items():
        if not isinstance(section, PublicationSection):
            continue
        for number, pub in enumerate(section.entries):
            path = ("sections", title, "entries", number)
            where = loaded.source.locate(path, key=True)[0]
            found = index.match(paper_keys(pub))
            if found is None:
                result.missing.append((where, pub.title))
                continue
            rule, record = found
            used.add(id(record))
            label = _citations_label(pub.metrics)
            old = pub.metrics.get(label) if label else None
            result.matches.append(Match(where, pub.title, rule, record, old, record.citations))
            if record.citations is None or record.citations == old:
                continue
            problem = _plan(edits, loaded.data, title, path, pub.key, record.citations,
                            new_keyed)
            if problem:
                result.skipped.append(f"{where}: left alone: {problem}")
            else:
                planned[path] = record.citations
    for title, keyed in new_keyed.items():
        edits.add_block(("sections", title), "metrics", keyed)
    for record in export.records:
        if id(record) in used:
            continue
        first = index.duplicate_of(record, used)
        if first is None:
            result.unused.append(record)
        else:
            result.skipped.append(f"{record.location}: left out: the same paper as "
                                  f"{first.label} ({first.location.line}:"
                                  f"{first.location.column}), listed again")
    result.new_text = edits.result()
    if result.new_text != cv_text:
        _check(result.new_text, cv_path, planned)
    return result


def _plan(edits: TextEdits, data: Any, title: str, path: tuple[str | int, ...],
          key: str | None, count: int, new_keyed: dict[str, dict[str, Any]]) -> str | None:
    """Add the edit that gives the paper at ``path`` its count; or say why there is none."""
    section = data["sections"][title]
    keyed = section.get("metrics") if isinstance(section, dict) else None
    keyed_path = ("sections", title, "metrics")
    if key and isinstance(keyed, dict) and isinstance(keyed.get(key), dict) and \
            edits.written_here((*keyed_path, key)):
        _set(edits, (*keyed_path, key), keyed[key], count)  # the section's map has it
        return None
    written = edits.source.written(path)
    if edits.written_here(written):  # an entry written in the YAML
        entry = edits.source.data
        for part in written:
            entry = entry[part]
        if edits.written_here((*written, "metrics")):
            if not isinstance(entry.get("metrics"), dict):
                return "its `metrics:` is not a mapping"
            _set(edits, (*written, "metrics"), entry["metrics"], count)
        else:
            edits.add_keys(written, {"metrics": {"citations": count}})
        return None
    if not key:
        return "an entry of a .bib file without a citation key"
    if isinstance(keyed, dict) and edits.written_here(keyed_path):
        edits.add_keys(keyed_path, {key: {"citations": count}})
    else:
        new_keyed.setdefault(title, {})[key] = {"citations": count}
    return None


def _set(edits: TextEdits, path: tuple[str | int, ...], metrics: dict[str, Any],
         count: int) -> None:
    label = _citations_label(metrics)
    if label is not None and edits.written_here((*path, label)):
        edits.set_scalar((*path, label), count)
    else:
        edits.add_keys(path, {"citations": count})


def _check(text: str, cv_path: Path, planned: dict[tuple[str | int, ...], int]) -> None:
    """Load the patched text: it must be valid and give each planned paper its count (a
    failure here is a bug in the patching, never the user's)."""
    from cvtool.errors import DiagnosticsError
    from cvtool.loader import load_text

    try:
        loaded = load_text(text, str(cv_path), cv_path)
    except DiagnosticsError as exc:  # pragma: no cover - a bug, with its evidence
        raise AssertionError("the patched CV does not load:\n" + str(exc)) from None
    for path, count in planned.items():
        _, title, _, number = path
        pub = loaded.cv.sections[str(title)].entries[int(number)]  # type: ignore[attr-defined]
        label = _citations_label(pub.metrics)
        if label is None or pub.metrics[label] != count:  # pragma: no cover - a bug
            raise AssertionError(f"the patch did not give {pub.title!r} {count} citations")

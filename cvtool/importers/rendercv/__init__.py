"""Reading RenderCV: a RenderCV 2.x ``*_CV.yaml`` (docs.rendercv.com) to cvtool data.

The file is read with cvtool's own YAML reader, so every problem points at its line in the
RenderCV file: YAML that cannot be read, a file without ``cv:``, a section that is not a
list, an entry whose type cannot be told, and whatever the cvtool schema refuses in the
result (each cvtool field knows the RenderCV field it came from). Nothing is dropped:
``design``, ``locale`` (but its ``language``, which becomes ``lang``), ``settings`` and
any key cvtool has no place for are kept under ``extensions: {rendercv: ...}`` and listed
as notes.
"""

from __future__ import annotations

from typing import Any

from cvtool.errors import Diagnostic, DiagnosticsError, Severity, SourceLocation, format_path
from cvtool.importers.rendercv.entries import EXTENSION, KINDS, Mapped, entry_type, map_entry
from cvtool.importers.rendercv.person import person
from cvtool.sourcemap import Path_, SourceMap

# RenderCV's locale names (`locale.language`) and their ISO 639-1 codes.
LANGUAGES = {
    "arabic": "ar", "danish": "da", "dutch": "nl", "english": "en", "french": "fr",
    "german": "de", "hebrew": "he", "hindi": "hi", "indonesian": "id", "indonesia": "id",
    "italian": "it", "japanese": "ja", "korean": "ko", "mandarin_chinese": "zh",
    "norwegian_bokmål": "nb", "norwegian_nynorsk": "nn", "persian": "fa", "polish": "pl",
    "portuguese": "pt", "russian": "ru", "spanish": "es", "swedish": "sv", "turkish": "tr",
}
_KEPT = ("design", "locale", "settings")
_OLD = {"rendercv_settings": "`settings` since RenderCV 2.4",
        "locale_catalog": "`locale` since RenderCV 2.0 (a RenderCV 1.x file)"}
# Lower-case words RenderCV leaves uncapitalized when it turns `snake_case` into a title.
_SMALL = frozenset({
    "a", "and", "as", "at", "but", "by", "for", "from", "if", "in", "into", "like", "near",
    "nor", "of", "off", "on", "onto", "or", "over", "so", "than", "that", "to", "upon", "when",
    "with", "yet"})


def section_title(key: str) -> str:
    """The title RenderCV shows for a section key: `selected_honors` -> Selected Honors."""
    if " " in key or any(c.isupper() for c in key):
        return key
    return " ".join(w if w in _SMALL else w.capitalize() for w in key.replace("_", " ").split(" "))


class Import:
    """One RenderCV file being imported: its data, diagnostics, notes and origins."""

    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.diagnostics: list[Diagnostic] = []
        self.notes: list[str] = []
        self.origins: dict[Path_, Path_] = {}  # cvtool model path -> RenderCV path
        self.kept: dict[str, Any] = {}
        self.owners: list[tuple[str, Path_]] = []  # author names marked as the owner

    def at(self, path: Path_) -> SourceLocation:
        found, _ = self.source.nearest(path)
        return self.source.value_at(found) if found else self.source.start

    def problem(self, code: str, path: Path_, message: str,
                severity: Severity = Severity.ERROR, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, severity, self.at(path),
                                           format_path(path), hint))

    def note(self, path: Path_, message: str) -> None:
        where = format_path(path)
        self.notes.append(f"{self.at(path)}: note: {where + ': ' if where else ''}{message}")

    # --- the whole file ----------------------------------------------------------------

    def run(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise DiagnosticsError([Diagnostic(
                "CV104", "a RenderCV file is a mapping with a `cv:` key", location=self.at(()))])
        if not isinstance(data.get("cv"), dict):
            code = "CV101" if "cv" not in data else "CV104"
            raise DiagnosticsError([Diagnostic(
                code, "no `cv:` mapping: this is not a RenderCV file", location=self.at(("cv",)),
                hint="RenderCV keeps the CV under a top-level `cv:` key")])
        cv = person(self, data["cv"])
        cv["sections"] = self.sections(data["cv"].get("sections"))
        self.top_level(data, cv)
        if self.kept:
            cv["extensions"] = {EXTENSION: self.kept}
        return cv

    def top_level(self, data: dict[str, Any], cv: dict[str, Any]) -> None:
        locale = data.get("locale")
        if isinstance(locale, dict) and locale.get("language") is not None:
            language = str(locale["language"])
            if language in LANGUAGES:
                if LANGUAGES[language] != "en":
                    cv["lang"] = LANGUAGES[language]
                self.origins[("lang",)] = ("locale", "language")
            else:
                self.problem("CV105", ("locale", "language"),
                             f"`{language}` is not a RenderCV language cvtool knows; `lang` "
                             "left as en", Severity.WARNING)
        cv["design"] = {"dates": "short"}  # RenderCV dates are ISO; show them as `Aug 2018`
        for key, value in data.items():
            if key == "cv" or value is None:
                continue
            self.kept[key] = value
            if key in _KEPT:
                what = ", ".join(map(str, value)) if isinstance(value, dict) else "a value"
                why = ("its `language` gives `lang`; cvtool translates its own words" if
                       key == "locale" else "cvtool's own `design:` and themes decide the look")
                self.note((key,), f"kept under extensions.{EXTENSION}.{key} ({what}); {why}")
            elif key in _OLD:
                self.problem("CV100", (key,), f"`{key}` is RenderCV's older name, "
                             f"{_OLD[key]}; kept under extensions.{EXTENSION}.{key}",
                             Severity.WARNING)
            else:
                self.problem("CV100", (key,), f"`{key}` is not a RenderCV key; kept under "
                             f"extensions.{EXTENSION}.{key}", Severity.WARNING)

    # --- sections ------------------------------------------------------------------------

    def sections(self, raw: Any) -> dict[str, Any]:
        from cvtool.schema.inference import kind_from_title

        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.problem("CV104", ("cv", "sections"), "sections must be a mapping of titles to "
                         "lists of entries")
            return {}
        sections: dict[str, Any] = {}
        for key, entries in raw.items():
            where: Path_ = ("cv", "sections", key)
            title = section_title(str(key))
            if title in sections:
                title = str(key)
            if entries is None:
                entries = []
            if not isinstance(entries, list):
                self.problem("CV104", where, "a section is a list of entries; left out")
                self.unread(where, entries)
                continue
            types = [entry_type(e) for e in entries]
            kind_name = next((t for t in types if t is not None), "TextEntry")
            kind = KINDS[kind_name]
            if kind == "generic" and kind_from_title(title) == "project":
                kind = "project"
            elif kind == "skills" and kind_from_title(title) == "service":
                kind = "service"
            self.origins[("sections", title)] = where
            out: list[Any] = []
            count = sum(1 for t in types if t == kind_name)
            for index, (entry, found) in enumerate(zip(entries, types, strict=True)):
                if found != kind_name:
                    self.wrong_entry((*where, index), entry, found, kind_name)
                    continue
                mapped = map_entry(kind_name, entry, len(out) if kind_name != "TextEntry"
                                   else index, count)
                self.entry(title, len(out), (*where, index), mapped)
                out.append(mapped.item)
            sections[title] = {"kind": kind, "entries": out}
        return sections

    def wrong_entry(self, where: Path_, entry: Any, found: str | None, expected: str) -> None:
        if found is None:
            self.problem("CV107", where, "cannot tell this entry's type from its fields; left "
                         f"out, kept under extensions.{EXTENSION}.unread",
                         hint="RenderCV types: " + ", ".join(sorted(KINDS)))
        else:
            self.problem("CV107", where, f"a {found} in a section of {expected}s (RenderCV "
                         f"refuses mixed sections); left out, kept under "
                         f"extensions.{EXTENSION}.unread")
        self.unread(where, entry)

    def unread(self, where: Path_, value: Any) -> None:
        self.kept.setdefault("unread", {})[format_path(where[1:])] = value

    def entry(self, title: str, index: int, where: Path_, mapped: Mapped) -> None:
        model: Path_ = ("sections", title, "entries", index)
        self.origins[model] = where
        for cv_field, rc_field in mapped.fields.items():
            self.origins[model + tuple(cv_field.split("."))] = (*where, rc_field)
        for rc_field, message in mapped.notes:
            self.note(where + ((rc_field,) if rc_field else ()), message)
        if isinstance(mapped.item, dict) and "__extra__" in mapped.item:
            extra = mapped.item.pop("__extra__")
            self.kept.setdefault("entries", {})[format_path(where[1:])] = extra
        self.owners += [(name, (*where, "authors")) for name in mapped.owners]


def rendercv_yaml(text: str, file: str) -> tuple[str, list[Diagnostic], list[str]]:
    """A RenderCV file's text as cvtool YAML (headed by the schema comment), its located
    problems and notes. Raises :class:`DiagnosticsError` when it is not a RenderCV file."""
    from cvtool.importers.rendercv.checking import check, short_sections
    from cvtool.importers.yamlout import dump_yaml
    from cvtool.loader import parse_yaml

    data, source, problems = parse_yaml(text, file)
    job = Import(source)
    job.diagnostics += problems
    cv = job.run(data)
    check(job, cv)
    cv["sections"] = short_sections(cv["sections"])
    order = ("name", "aliases", "headline", "location", "lang", "photo", "contact", "sections")
    cv = {**{k: cv[k] for k in order if k in cv}, **cv}
    header = [f"Imported from {file} (RenderCV) by `cvtool import rendercv`.",
              f"RenderCV's design, locale and settings are kept under `extensions: "
              f"{{{EXTENSION}: ...}}`."]
    return dump_yaml(plain(cv), header), job.diagnostics, job.notes


def plain(value: Any) -> Any:
    """Data as the YAML printer takes it: a number written with a leading zero as its text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and type(value) is not int:
        return getattr(value, "written", None) or int(value)
    return value

"""Many CVs at once: ``cvtool build a.yaml b.yaml cvs/ --all-variants``.

A batch is a list of tasks, one per source and variant (each builds every language of its
CV, as a single build does). Tasks whose outputs are up to date are skipped (see
:class:`Manifest`); the others run in a pool of processes, each of which imports the
schema, the renderers and WeasyPrint once, when it starts, and then typesets whole builds
with all of it warm. A worker only renders: it sends the outputs back, and this process
writes each task's outputs together with the updated manifest, all or none
(:func:`cvtool.build.write_all`), so build.py stays the only writer.

One failing task never stops the others: each failure is kept with its located
diagnostics, listed at the end, and makes the exit status 1.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cvtool import __version__
from cvtool.build import BuildRequest, write_all
from cvtool.errors import CvtoolError

MANIFEST_NAME = ".cvtool-build.json"
SOURCE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Task:
    """One build of a batch: a source in one variant (None: the full CV)."""

    request: BuildRequest

    @property
    def key(self) -> str:
        """The manifest's name for this build."""
        return f"{self.request.source.resolve()}#{self.request.variant or ''}"

    @property
    def label(self) -> str:
        return str(self.request.source)

    def options(self) -> dict[str, Any]:
        """What, besides the files read, decides the outputs."""
        request = self.request
        return {"formats": list(dict.fromkeys(request.formats)), "variant": request.variant,
                "languages": list(request.languages), "theme": request.theme,
                "pdf_engine": request.pdf_engine, "public": request.public,
                "variants_built": list(request.variants_built)}


@dataclass
class Outcome:
    """What became of one task."""

    task: Task
    outputs: tuple[Path, ...] = ()
    messages: tuple[tuple[str, bool], ...] = ()  # (line, to stderr), as a single build prints
    errors: tuple[str, ...] = ()  # located diagnostics of a failure
    seconds: float = 0.0
    skipped: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Discovery:
    """The CV sources found in the arguments, and notes on the files left out."""

    sources: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def discover(paths: Iterable[Path]) -> Discovery:
    """The sources in ``paths``: files as given; a folder's ``*.yaml``/``*.yml`` files that are
    CVs (a mapping with ``name:``). Cover letters (``cv:`` and ``body:``) and other YAML in a
    folder are left out with a note; a file that is not valid YAML is kept, so that its
    located error is reported."""
    found = Discovery()
    for path in paths:
        if not path.is_dir():
            if not path.exists():
                raise CvtoolError(f"{path}: no such file or folder")
            found.sources.append(path)
            continue
        candidates = sorted(p for p in path.iterdir()
                            if p.suffix in SOURCE_SUFFIXES and p.is_file())
        for candidate in candidates:
            kind = _kind(candidate)
            if kind == "cv":
                found.sources.append(candidate)
            else:
                found.notes.append(f"skipped {candidate}: {kind}")
    seen: dict[Path, Path] = {}
    unique = []
    for source in found.sources:
        if source.resolve() not in seen:
            seen[source.resolve()] = source
            unique.append(source)
    found.sources = unique
    return found


def _kind(path: Path) -> str:
    import yaml

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return "cv"  # built, so that the error is reported where it is
    except OSError as exc:
        return f"cannot read it ({exc.strerror})"
    if isinstance(data, dict) and "cv" in data and "body" in data:
        return "a cover letter (build it with `cvtool letter`)"
    if isinstance(data, dict) and "name" in data:
        return "cv"
    return "not a cvtool CV (no `name:`)"


def variants_of(source: Path) -> list[str]:
    """The names under the source's ``variants:`` (none when it cannot be read: the build of
    the full CV then reports why)."""
    import yaml

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(source.read_text(encoding="utf-8"), Loader=loader)
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return []
    variants = data.get("variants") if isinstance(data, dict) else None
    return [str(name) for name in variants] if isinstance(variants, dict) else []


def plan(sources: list[Path], template: BuildRequest, all_variants: bool) -> list[Task]:
    """A task per source (and per variant with ``all_variants``). Two sources with the same
    name would write the same outputs: that is refused, before anything is built."""
    stems: dict[str, Path] = {}
    for source in sources:
        other = stems.setdefault(source.stem, source)
        if other != source:
            raise CvtoolError(
                f"{other} and {source} would both write {template.outdir / source.stem}.*: "
                "rename one, or build them into different folders (-o)")
    tasks = []
    for source in sources:
        variants: list[str | None] = [template.variant]
        if all_variants:
            variants = [None, *variants_of(source)]
        built = tuple(variants) if all_variants else ()  # their pages link to each other
        tasks += [Task(replace(template, source=source, variant=v, pdf_worker=False,
                               variants_built=built))
                  for v in variants]
    return tasks


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class Manifest:
    """``out/.cvtool-build.json``: for each build, the options, the theme, the cvtool version,
    a hash of every file read (source, .bib files, photo, theme files) and of every output.

    A build is up to date when all of these are unchanged; an output changed since (by a
    single ``cvtool build``, by hand) makes it stale too."""

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / MANIFEST_NAME
        self.builds: dict[str, Any] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and isinstance(data.get("builds"), dict):
            self.builds = data["builds"]

    def up_to_date(self, task: Task) -> tuple[Path, ...] | None:
        """The outputs of ``task`` when none needs building, else None."""
        entry = self.builds.get(task.key)
        if not isinstance(entry, dict) or entry.get("cvtool") != __version__ \
                or entry.get("options") != task.options():
            return None
        files = {**entry.get("inputs", {}), **entry.get("outputs", {})}
        if not entry.get("outputs") or any(_digest(Path(p)) != h for p, h in files.items()):
            return None
        return tuple(Path(p) for p in entry["outputs"])

    def record(self, task: Task, theme: str, inputs: Iterable[Path],
               outputs: list[tuple[Path, bytes]]) -> None:
        self.builds[task.key] = {
            "source": str(task.request.source), "cvtool": __version__,
            "options": task.options(), "theme": theme,
            "inputs": {str(p): _digest(p) for p in inputs},
            "outputs": {str(p): hashlib.sha256(data).hexdigest() for p, data in outputs}}

    def encoded(self) -> bytes:
        return (json.dumps({"cvtool": __version__, "builds": self.builds}, indent=1,
                           ensure_ascii=False) + "\n").encode()


# --- the worker processes ------------------------------------------------------------------

def _warm_up(formats: tuple[str, ...]) -> None:
    """Run once in each worker: import everything a build needs (the schema, each format's
    renderer, WeasyPrint), so that every build it runs finds them warm."""
    from importlib import import_module

    import cvtool.loader
    import cvtool.pipeline  # noqa: F401
    from cvtool.formats import FORMATS

    for fmt in formats:
        import_module(FORMATS[fmt].renderer.partition(":")[0])
    if "pdf" in formats:
        try:
            from cvtool.renderers.weasyprint_pdf import weasyprint_module

            weasyprint_module()
        except CvtoolError:
            pass  # each PDF build reports it


@dataclass(frozen=True)
class _Reply:
    outputs: tuple[tuple[Path, bytes], ...] = ()
    inputs: tuple[Path, ...] = ()
    theme: str = ""
    messages: tuple[tuple[str, bool], ...] = ()
    errors: tuple[str, ...] = ()
    seconds: float = 0.0


def run_task(task: Task) -> _Reply:
    """Render one task (in a worker); what stops it comes back as its located messages."""
    from cvtool.build import render_outputs

    start = time.perf_counter()
    try:
        rendered = render_outputs(task.request)
    except CvtoolError as exc:
        return _Reply(errors=tuple(exc.messages()), seconds=time.perf_counter() - start)
    except Exception as exc:  # a bug: reported with the others rather than ending the batch
        import traceback

        return _Reply(errors=(f"internal error: {exc!r}", traceback.format_exc()),
                      seconds=time.perf_counter() - start)
    messages = tuple(m for m in rendered.result.messages() if not m[0].startswith("wrote "))
    return _Reply(rendered.outputs, rendered.inputs, rendered.theme, messages,
                  seconds=time.perf_counter() - start)


def _pool(jobs: int, formats: tuple[str, ...]) -> ProcessPoolExecutor:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_warm_up,
                               initargs=(formats,))


# --- the batch -----------------------------------------------------------------------------

def run(tasks: list[Task], outdir: Path, jobs: int, force: bool = False,
        progress: Callable[[int], None] | None = None) -> list[Outcome]:
    """Build every task (the up-to-date ones only with ``force``); one outcome per task, in
    the order of ``tasks``. ``progress`` is called with 1 as each task ends."""
    manifest = Manifest(outdir)
    outcomes: dict[int, Outcome] = {}
    todo: list[int] = []
    for index, task in enumerate(tasks):
        current = None if force else manifest.up_to_date(task)
        if current is None:
            todo.append(index)
            continue
        outcomes[index] = Outcome(task, current, tuple((f"up to date: {p}", False)
                                                       for p in current), skipped=True)
        if progress:
            progress(1)
    claimed: dict[Path, Task] = {}
    for index, reply in _replies(tasks, todo, jobs):
        outcomes[index] = _write(tasks[index], reply, manifest, claimed)
        if progress:
            progress(1)
    return [outcomes[index] for index in range(len(tasks))]


def _replies(tasks: list[Task], todo: list[int], jobs: int) -> Iterator[tuple[int, _Reply]]:
    if not todo:
        return
    formats = tuple(dict.fromkeys(f for i in todo for f in tasks[i].request.formats))
    with _pool(max(1, min(jobs, len(todo))), formats) as pool:
        futures: dict[Future[_Reply], int] = {pool.submit(run_task, tasks[i]): i for i in todo}
        for future in as_completed(futures):
            index = futures[future]
            try:
                yield index, future.result()
            except Exception as exc:  # a worker that died (out of memory, killed)
                yield index, _Reply(errors=(f"the worker building it stopped: {exc!r}",))


def _write(task: Task, reply: _Reply, manifest: Manifest, claimed: dict[Path, Task]) -> Outcome:
    if reply.errors:
        return Outcome(task, errors=reply.errors, seconds=reply.seconds)
    for path, _ in reply.outputs:
        other = claimed.get(path.resolve())
        if other is not None and other != task and not path.name.endswith(
                tuple(f".{ext}" for ext in ("jpg", "jpeg", "png", "webp", "gif"))):
            return Outcome(task, seconds=reply.seconds, errors=(
                f"{task.label}: refusing to write {path}: {other.label} "
                f"{'(' + str(other.request.variant) + ') ' if other.request.variant else ''}"
                "wrote it in this build",))
    manifest.record(task, reply.theme, reply.inputs, list(reply.outputs))
    try:
        write_all([*reply.outputs, (manifest.path, manifest.encoded())])
    except CvtoolError as exc:
        return Outcome(task, errors=tuple(exc.messages()), seconds=reply.seconds)
    for path, _ in reply.outputs:
        claimed[path.resolve()] = task
    written = tuple(path for path, _ in reply.outputs)
    messages = (*reply.messages, *((f"wrote {p}", False) for p in written))
    return Outcome(task, written, messages, seconds=reply.seconds)


def summary(outcomes: list[Outcome]) -> list[str]:
    """The table printed at the end: source, variant, outputs, time, status."""
    rows = [("source", "variant", "outputs", "time", "status")]
    for outcome in outcomes:
        names = _outputs_text(outcome)
        status = "ok" if outcome.ok else "FAILED"
        if outcome.skipped:
            status, seconds = "up to date", "-"
        else:
            seconds = f"{outcome.seconds:.1f} s"
        rows.append((outcome.task.label, outcome.task.request.variant or "-", names,
                     seconds, status))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
             .rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return lines


def _outputs_text(outcome: Outcome) -> str:
    """``pdf html md`` and the languages besides the default: ``pdf html md (+de)``."""
    from cvtool.build import output_path

    request = outcome.task.request
    stem = output_path(request.source, Path(), "md", request.variant).stem
    formats: dict[str, None] = {}
    languages: dict[str, None] = {}
    for path in outcome.outputs:
        name, _, ext = path.name.rpartition(".")
        if not name.startswith(stem):
            continue  # a photo beside the .tex
        formats[ext] = None
        if name != stem:
            languages[name[len(stem) + 1:]] = None
    text = " ".join(formats) or "-"
    return f"{text} (+{', '.join(languages)})" if languages else text


def default_jobs() -> int:
    return os.cpu_count() or 1

"""The ``cvtool`` command: thin click commands over the library.

Only click is imported at start-up; each command imports what it needs when it runs, so
``cvtool --help`` and ``cvtool validate`` stay fast and work where Pango is missing.
A :class:`~cvtool.errors.CvtoolError` becomes messages on stderr and exit status 1; any
other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cvtool.formats import DEFAULT_FORMATS, DEFAULT_LETTER_FORMATS, FORMATS, LETTER_FORMATS

if TYPE_CHECKING:
    from cvtool.build import BuildRequest

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_SOURCE = Path("data/cv.yaml")


def reports_errors(command: F) -> F:
    """Turn user-facing errors into located messages and an exit status."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from cvtool.errors import CvtoolError

        try:
            return command(*args, **kwargs)
        except CvtoolError as exc:
            for message in exc.messages():
                click.echo(message, err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


PUBLIC_HELP = ("Leave out everything the CV marks private (`private:` paths, `private: true` "
               "entries and bullets) from every format and its metadata; outputs keep their "
               "names.")


def build_options(default_formats: str, many: bool = False) -> Callable[[F], F]:
    """SOURCE (SOURCES... with ``many``), -f/--format and -o/--outdir, shared by the commands
    that build."""

    def decorate(command: F) -> F:
        command = click.option(
            "--lang", "languages", multiple=True, metavar="TAG",
            help="Build only this of the CV's `languages:` (repeat for several); by "
                 "default every one, the others as out/cv.de.pdf, ...")(command)
        command = click.option(
            "-o", "--outdir", type=click.Path(path_type=Path), default=Path("out"),
            show_default=True, help="Folder for the outputs, named after the source.")(command)
        command = click.option(
            "-f", "--format", "formats", multiple=True, type=click.Choice(list(FORMATS)),
            help=f"Output format; repeat for several. Default: {default_formats}.")(command)
        if many:
            return click.argument("sources", nargs=-1, type=click.Path(path_type=Path))(command)
        return click.argument("source", type=click.Path(path_type=Path),
                              default=DEFAULT_SOURCE)(command)

    return decorate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cvtool")
def main() -> None:
    """Typeset a CV from one YAML source into PDF, LaTeX, Markdown and HTML.

    \b
    Start with:   cvtool new my-cv
    Build it:     cvtool build my-cv.yaml
    Check it:     cvtool validate my-cv.yaml
    """


def theme_and_watch(command: F) -> F:
    """--theme and --watch, shared by build and resume."""
    command = click.option(
        "--watch", is_flag=True,
        help="Rebuild on every save; keep the last good output when the source is "
             "invalid.")(command)
    return click.option("--theme", help="Use this theme instead of the one in `design:`.")(
        command)


@main.command()
@build_options(default_formats="pdf, html and md", many=True)
@theme_and_watch
@click.option("--variant", help="Build this variant from `variants:` (e.g. resume).")
@click.option("--pdf-engine", type=click.Choice(["weasyprint", "latex"]), default="weasyprint",
              show_default=True,
              help="Typeset the PDF with WeasyPrint, or compile the .tex with XeLaTeX (needs "
                   "TeX Live), e.g. `cvtool build -f pdf --pdf-engine latex`.")
@click.option("--public", is_flag=True, help=PUBLIC_HELP)
@click.option("--all-variants", is_flag=True,
              help="Build every variant of each CV too (besides the full CV).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Build this many CVs at once (default: one per core).")
@click.option("--force", is_flag=True,
              help="With several CVs: rebuild even the outputs that are up to date.")
@reports_errors
def build(sources: tuple[Path, ...], formats: tuple[str, ...], outdir: Path,
          languages: tuple[str, ...], theme: str | None, variant: str | None, watch: bool,
          pdf_engine: str, public: bool, all_variants: bool, jobs: int | None,
          force: bool) -> None:
    """Build SOURCES (default: data/cv.yaml) into OUTDIR.

    Several sources, or a folder (its CV files), build many CVs at once: in parallel, with a
    summary table at the end; outputs already up to date are skipped (see
    OUTDIR/.cvtool-build.json; --force rebuilds them).

    \b
    Example:
      cvtool build data/cv.yaml -f pdf -f md -o out/
      # writes out/cv.pdf and out/cv.md
      cvtool build my-cv.yaml --watch     # rebuild on every save
      cvtool build --variant resume       # writes out/cv-resume.pdf, .html, .md
      cvtool build -f tex -f pdf --pdf-engine latex   # LaTeX source, and its PDF
      cvtool build --lang de              # of `languages: [en, de]`: out/cv.de.pdf, ...
      cvtool build --public               # without what `private:` marks, same names
      cvtool build cvs/ --all-variants -j 4   # every CV in cvs/, every variant, 4 at once
    """
    from cvtool.build import BuildRequest

    sources = sources or (DEFAULT_SOURCE,)
    request = BuildRequest(sources[0], formats or DEFAULT_FORMATS, outdir, theme, variant,
                           pdf_engine, languages, public=public)  # type: ignore[arg-type]
    if len(sources) > 1 or sources[0].is_dir() or all_variants:
        if watch:
            raise click.UsageError("--watch builds one source; give one file")
        _build_many(sources, request, all_variants, jobs, force)
        return
    _build_or_watch(request, watch)


def _build_or_watch(request: BuildRequest, watch: bool) -> None:
    if watch:
        from cvtool.watch import watch_and_build

        watch_and_build(request, echo=click.echo)
        return
    _build_once(request)


def _build_many(sources: tuple[Path, ...], template: BuildRequest, all_variants: bool,
                jobs: int | None, force: bool) -> None:
    from cvtool import batch

    found = batch.discover(sources)
    for note in found.notes:
        click.echo(note, err=True)
    if not found.sources:
        raise click.UsageError("no CV source found in " + ", ".join(map(str, sources)))
    tasks = batch.plan(found.sources, template, all_variants)
    jobs = jobs or batch.default_jobs()
    if sys.stderr.isatty():
        with click.progressbar(length=len(tasks), label="building", file=sys.stderr) as bar:
            outcomes = batch.run(tasks, template.outdir, jobs, force, progress=bar.update)
    else:
        outcomes = batch.run(tasks, template.outdir, jobs, force)
    for outcome in outcomes:
        for message, to_stderr in outcome.messages:
            click.echo(message, err=to_stderr)
    click.echo("")
    for line in batch.summary(outcomes):
        click.echo(line)
    failed = [outcome for outcome in outcomes if not outcome.ok]
    if failed:
        click.echo(f"\n{len(failed)} of {len(outcomes)} failed:", err=True)
        for outcome in failed:
            variant = f" (variant {outcome.task.request.variant})" \
                if outcome.task.request.variant else ""
            click.echo(f"FAILED {outcome.task.label}{variant}:", err=True)
            for message in outcome.errors:
                click.echo(f"  {message}", err=True)
        sys.exit(1)


def _build_once(request: BuildRequest) -> None:
    from cvtool.build import build as run_build

    for message, to_stderr in run_build(request).messages():
        click.echo(message, err=to_stderr)


@main.command()
@build_options(default_formats="pdf")
@theme_and_watch
@click.option("--variant", default="resume", show_default=True, help="Which variant to build.")
@click.option("--public", is_flag=True, help=PUBLIC_HELP)
@reports_errors
def resume(source: Path, formats: tuple[str, ...], outdir: Path, languages: tuple[str, ...],
           theme: str | None, watch: bool, variant: str, public: bool) -> None:
    """Build the one-page résumé variant of SOURCE (default: data/cv.yaml).

    Same as `cvtool build SOURCE --variant resume -f pdf`; a variant with `max_pages` is
    fitted to its page limit, and what was tightened or dropped is printed.

    \b
    Example:
      cvtool resume                 # writes out/cv-resume.pdf
      cvtool resume my-cv.yaml -f pdf -f md
      cvtool resume --public        # fitted without what `private:` marks
      cvtool resume --theme modern --watch   # another theme; rebuild on every save
    """
    from cvtool.build import BuildRequest

    _build_or_watch(BuildRequest(source, formats or ("pdf",), outdir, theme=theme,
                                 variant=variant, languages=languages, public=public), watch)


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(list(LETTER_FORMATS)),
              help="Output format; repeat for several. Default: pdf.")
@click.option("-o", "--outdir", type=click.Path(path_type=Path), default=Path("out"),
              show_default=True, help="Folder for the outputs, named after the letter.")
@click.option("--pdf-engine", type=click.Choice(["weasyprint", "latex"]), default="weasyprint",
              show_default=True, help="Typeset the PDF with WeasyPrint, or with XeLaTeX.")
@reports_errors
def letter(source: Path, formats: tuple[str, ...], outdir: Path, pdf_engine: str) -> None:
    """Build the cover letter SOURCE (a .yaml with `cv:`, `to:`, `body:`, ...) into OUTDIR.

    The letter has its CV's header, theme and language; the PDF is fitted into the
    letter's `max_pages` (default 1). Start one with `cvtool new --letter NAME`.

    \b
    Example:
      cvtool letter letter.yaml                 # writes out/letter.pdf
      cvtool letter letter.yaml -f pdf -f html -f md -f tex -o out/
    """
    from cvtool.build import LetterRequest, build_letter

    request = LetterRequest(source, formats or DEFAULT_LETTER_FORMATS, outdir,
                            pdf_engine)  # type: ignore[arg-type]
    for message, to_stderr in build_letter(request).messages():
        click.echo(message, err=to_stderr)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json", "github", "sarif"]),
              default="text", show_default=True,
              help="As for lint: text for people; json; github for Actions annotations; "
                   "sarif for code scanning.")
@reports_errors
def validate(sources: tuple[Path, ...], output_format: str) -> None:
    """Check SOURCE... (default: data/cv.yaml) against the schema, and the theme and photo
    each names; print every problem as file:line:col.

    Each file is reported on its own. Exit status 0 when every file is valid, 1 when any
    is not.

    \b
    Example:
      cvtool validate                     # data/cv.yaml
      cvtool validate cvs/*.yaml
      cvtool validate --format github cv.yaml   # annotations in GitHub Actions
    """
    from cvtool.errors import DiagnosticsError, Severity
    from cvtool.lint import report
    from cvtool.loader import load
    from cvtool.resources import resource_diagnostics

    paths = sources or (DEFAULT_SOURCE,)
    diagnostics = []
    lines = []
    for source in paths:
        try:
            loaded = load(source)
            found = [*loaded.warnings, *resource_diagnostics(loaded)]
        except DiagnosticsError as exc:
            found = list(exc.diagnostics)
        diagnostics += found
        lines += [d.format() for d in found]
        if not any(d.severity is Severity.ERROR for d in found):
            sections = len(loaded.cv.sections)
            entries = sum(len(s.entries) for s in loaded.cv.sections.values())
            lines.append(f"{source}: valid ({sections} sections, {entries} entries)")
    if output_format == "json":
        click.echo(report.format_json(diagnostics, [str(p) for p in paths]), nl=False)
    elif output_format == "github":
        click.echo(report.format_github(diagnostics), nl=False)
    elif output_format == "sarif":
        click.echo(report.format_sarif(diagnostics), nl=False)
    else:
        for line in lines:
            click.echo(line, err=" valid (" not in line)
    sys.exit(report.exit_status(diagnostics))


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json", "github", "sarif"]),
              default="text", show_default=True,
              help="text for people; json; github for Actions annotations; sarif for code "
                   "scanning.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too, not only errors.")
@click.option("--render", is_flag=True,
              help="Also lay out the PDFs: variants over their max_pages, text an ATS loses.")
@click.option("--public", is_flag=True,
              help="With --render: build every format in public form and search each for "
                   "every private value (CV426 for a leak).")
@click.option("--list-rules", is_flag=True, help="Print every rule with its severity and exit.")
@click.option("--only-cvs", is_flag=True,
              help="Skip (with a note on stderr) files that are not cvtool sources: no "
                   "`yaml-language-server: $schema=...cvtool.schema.json` comment at the top, "
                   "no top-level name: and sections: (nor cv: and body: for a letter). For "
                   "hooks handed every YAML file.")
@reports_errors
def lint(sources: tuple[Path, ...], output_format: str, strict: bool, render: bool,
         public: bool, list_rules: bool, only_cvs: bool) -> None:
    """Check SOURCE... (default: data/cv.yaml) for problems a schema cannot see.

    Schema errors, then content rules (order, dates, duplicates, tags, contacts, bullet
    style, markup, fonts), each with a stable code. Exit status 0 when clean, 1 on errors
    (or warnings with --strict), 2 on a usage error. Configure rules in the CV's `lint:`
    block or [tool.cvtool.lint] in pyproject.toml; silence one line with
    `# cvtool: ignore[CV401] why`.

    \b
    Example:
      cvtool lint data/cv.yaml
      cvtool lint --format github --strict cv.yaml   # annotations in GitHub Actions
      cvtool lint --render                           # also fit variants, check PDF text
      cvtool lint --render --public                  # prove no private value leaks
      cvtool lint --only-cvs *.yaml                  # skip deploy.yaml and the like
    """
    from cvtool.lint import lint_file, report

    if list_rules:
        click.echo(report.format_rules(), nl=False)
        return
    paths = sources or (DEFAULT_SOURCE,)
    if public and not render:
        raise click.UsageError("--public checks rendered outputs: use it with --render")
    if only_cvs:
        from cvtool.lint.sources import is_cvtool_file

        skipped = [p for p in paths if not is_cvtool_file(p)]
        for path in skipped:
            click.echo(f"{path}: skipped, not a cvtool source (--only-cvs)", err=True)
        paths = tuple(p for p in paths if p not in skipped)
    diagnostics = [d for path in paths for d in lint_file(path, render=render, public=public)]
    if output_format == "json":
        text = report.format_json(diagnostics, [str(p) for p in paths])
    elif output_format == "github":
        text = report.format_github(diagnostics)
    elif output_format == "sarif":
        text = report.format_sarif(diagnostics)
    else:
        text = report.format_text(diagnostics, len(paths), color=_colour_wanted())
    click.echo(text, nl=False)
    sys.exit(report.exit_status(diagnostics, strict))


def _colour_wanted() -> bool:
    import os

    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("job", type=click.Path(path_type=Path))
@click.option("--variant", help="Match what this variant shows (e.g. resume); by default "
              "the whole CV.")
@click.option("--lang", metavar="TAG", help="Match this of the CV's `languages:`; by default "
              "the first.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people; json for scripts.")
@reports_errors
def match(source: Path, job: Path, variant: str | None, lang: str | None,
          output_format: str) -> None:
    """Match the job ad JOB (a text file) against the CV SOURCE, offline.

    Terms and phrases are taken from the ad (stop words dropped, case and plurals folded,
    synonyms such as k8s = Kubernetes); each is covered (with every place the CV uses it,
    as file:line:col), weak (only in skills or lists) or missing. Then the bullets the
    variant leaves out, ranked by the missing terms they would cover. Exit status 0
    whatever the match (it informs, it does not judge); 1 when a file cannot be read.

    \b
    Example:
      cvtool match data/cv.yaml examples/job-ad.txt --variant resume
      cvtool match cv.yaml ad.txt --format json > match.json
    """
    from cvtool.loader import load
    from cvtool.match import match as run_match
    from cvtool.match import report
    from cvtool.sourcefile import read_source

    loaded = load(source)
    ad = read_source(job)
    if lang:
        loaded = loaded.in_language(lang)
    result = run_match(loaded, ad, str(job), variant)
    text = report.format_json(result) if output_format == "json" else report.format_text(result)
    click.echo(text, nl=False)


@main.command()
@click.argument("source", type=click.Path(path_type=Path), default=DEFAULT_SOURCE)
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port on 127.0.0.1; 0 picks a free one (printed).")
@click.option("--lang", metavar="TAG", help="Show this of the CV's `languages:`; by default "
              "its first.")
@click.option("--variant", help="Show this variant from `variants:` (e.g. resume).")
@click.option("--theme", help="Use this theme instead of the one in `design:`.")
@click.option("--no-pdf", is_flag=True, help="Do not typeset the PDF in the background.")
@reports_errors
def preview(source: Path, port: int, lang: str | None, variant: str | None,
            theme: str | None, no_pdf: bool) -> None:
    """Serve SOURCE (default: data/cv.yaml) as a page that reloads on every save.

    Only on 127.0.0.1. An invalid save shows its located errors over the last good
    page; the PDF is typeset in the background, at /cv.pdf. Nothing is written to disk.

    \b
    Example:
      cvtool preview                       # http://127.0.0.1:8765/
      cvtool preview my-cv.yaml --port 0   # a free port, printed
      cvtool preview --lang de --variant resume
    """
    from cvtool.preview import PreviewRequest, serve

    try:
        serve(PreviewRequest(source, lang, variant, theme, pdf=not no_pdf), port, click.echo)
    except OSError as exc:
        from cvtool.errors import CvtoolError

        raise CvtoolError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}") from None


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write to this file instead of standard output.")
@reports_errors
def schema(output: Path | None) -> None:
    """Print the JSON Schema of CV files (for editor completion and checks).

    \b
    Example:
      cvtool schema -o cvtool.schema.json
    """
    from cvtool.schema.jsonschema import json_schema

    text = schema_text(json_schema())
    if output is None:
        click.echo(text, nl=False)
    else:
        from cvtool.build import write_atomic

        write_atomic(output, text.encode("utf-8"))
        click.echo(f"wrote {output}")


def schema_text(schema: dict[str, Any]) -> str:
    import json

    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


# The starter CV of each `cvtool new --template`, in the package.
STARTERS = {"academic": "starter.yaml", "engineer": "starter-engineer.yaml",
            "student": "starter-student.yaml"}


@main.command()
@click.option("--cv", "cv_path", type=click.Path(path_type=Path),
              help="Also list the theme folders beside this CV (default: data/cv.yaml's, if "
                   "it exists).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@reports_errors
def themes(cv_path: Path | None, output_format: str) -> None:
    """List the themes a CV can name: built-in, installed (Python packages with a
    `cvtool.themes` entry point) and local (folders with a theme.toml beside the CV), each
    with its description and where it comes from.

    \b
    Example:
      cvtool themes
      cvtool themes --cv cv.yaml --format json
    """
    from cvtool.themekit import themes_listing

    source = cv_path or (DEFAULT_SOURCE if DEFAULT_SOURCE.is_file() else None)
    cv_dir = source.resolve().parent if source is not None else None
    click.echo(themes_listing(cv_dir, output_format))


@main.group()
def theme() -> None:
    """Make themes of your own."""


@theme.command("new")
@click.argument("name")
@click.option("--from", "parent", default="classic", show_default=True,
              help="The theme to start from (it is extended, its tokens copied).")
@click.option("--dir", "where", type=click.Path(path_type=Path), default=Path("."),
              show_default=True, help="The folder to write the theme folder in.")
@reports_errors
def theme_new(name: str, parent: str, where: Path) -> None:
    """Write a theme folder NAME ready to edit: theme.toml extending --from with its options
    and every style token copied and explained, an empty NAME.css and NAME.tex for
    overrides. Never overwrites.

    \b
    Example:
      cvtool theme new mine --from modern     # writes ./mine/
      cvtool theme new mine --dir data        # beside data/cv.yaml
    """
    from cvtool.themekit import new_theme

    folder = new_theme(name, parent, where)
    click.echo(f"wrote {folder}/ (theme.toml, {name}.css, {name}.tex)")
    click.echo(f"use it from a CV in {where}: design: {{theme: ./{name}}}")


@main.command()
@click.argument("name")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option("--template", type=click.Choice(list(STARTERS)), default="academic",
              show_default=True,
              help="academic: education, research, publications; engineer: experience "
                   "first, projects, skills; student: education first, projects, "
                   "coursework, awards, activities.")
@click.option("--letter", is_flag=True,
              help="Write a starter cover letter instead (its `cv:` names cv.yaml).")
@reports_errors
def new(name: str, force: bool, template: str, letter: bool) -> None:
    """Write a commented starter CV to NAME.yaml that validates as it is, and the JSON
    Schema its first line names (cvtool.schema.json) beside it.

    \b
    Example:
      cvtool new jane-doe      # writes jane-doe.yaml
      cvtool new --template engineer alex    # experience first, no publications
      cvtool new --template student sam      # education first, coursework, activities
      cvtool new --letter letter-acme    # writes letter-acme.yaml, a cover letter
    """
    from importlib.resources import files

    from cvtool.build import write_atomic
    from cvtool.errors import CvtoolError

    target = Path(name if name.endswith((".yaml", ".yml")) else f"{name}.yaml")
    if target.exists() and not force:
        raise CvtoolError(f"{target} exists; use --force to overwrite it")
    starter_file = "starter-letter.yaml" if letter else STARTERS[template]
    starter = files("cvtool").joinpath(starter_file).read_text(encoding="utf-8")
    write_atomic(target, starter.encode("utf-8"))
    command = "letter" if letter else "build"
    click.echo(f"wrote {target}; build it with: cvtool {command} {target}")
    schema = target.parent / "cvtool.schema.json"
    if not letter and not schema.exists():
        # The starter's first line names this file: an editor checks the CV as it is typed.
        from cvtool.schema.jsonschema import json_schema

        write_atomic(schema, schema_text(json_schema()).encode("utf-8"))
        click.echo(f"wrote {schema}, the JSON Schema the first line of {target} names")


@main.group("import")
def import_() -> None:
    """Convert other formats to cvtool YAML, printed on standard output.

    \b
    Example:
      cvtool import bibtex papers.bib > papers.yaml
      cvtool import jsonresume resume.json > cv.yaml
      cvtool import rendercv John_Doe_CV.yaml > cv.yaml
      cvtool import metrics works.json cv.yaml   # citation counts, as a patch of cv.yaml
    """


@import_.command("bibtex")
@click.argument("file", type=click.Path(path_type=Path))
@reports_errors
def import_bibtex(file: Path) -> None:
    """Print the entries of FILE (.bib) as cvtool publications.

    LaTeX becomes Unicode, @string macros and crossref are resolved, `and others` becomes
    et al.; fields cvtool has no place for are kept under `extensions: {bibtex: ...}`.
    Problems are printed on stderr as file:line; their entries are left out (exit 1).
    A publications section can also read the .bib at build time: `bibtex: papers.bib`.

    \b
    Example:
      cvtool import bibtex papers.bib > papers.yaml
    """
    from cvtool.errors import Severity
    from cvtool.importers.bibtex import bibtex_yaml
    from cvtool.sourcefile import read_source

    text, diagnostics = bibtex_yaml(read_source(file), str(file))
    click.echo(text, nl=False)
    for diagnostic in diagnostics:
        click.echo(diagnostic.format(), err=True)
    if any(d.severity is Severity.ERROR for d in diagnostics):
        sys.exit(1)


@import_.command("rendercv")
@click.argument("file", type=click.Path(path_type=Path))
@reports_errors
def import_rendercv(file: Path) -> None:
    """Print the RenderCV 2.x FILE (a *_CV.yaml) as a cvtool CV.

    Sections keep their titles; each entry type (experience, education, publication,
    normal, one-line, bullet, numbered, text) becomes its cvtool kind. RenderCV's design,
    locale and settings are kept under `extensions: {rendercv: ...}` and listed on stderr
    with every other note, each at its line in FILE. Exit 1 when something could not be
    imported as written (the YAML is printed all the same, to fix by hand).

    \b
    Example:
      cvtool import rendercv John_Doe_CV.yaml > cv.yaml && cvtool build cv.yaml
    """
    from cvtool.errors import Severity
    from cvtool.importers.rendercv import rendercv_yaml
    from cvtool.sourcefile import read_source

    text, diagnostics, notes = rendercv_yaml(read_source(file), str(file))
    click.echo(text, nl=False)
    for note in notes:
        click.echo(note, err=True)
    for diagnostic in diagnostics:
        click.echo(diagnostic.format(), err=True)
    if any(d.severity is Severity.ERROR for d in diagnostics):
        sys.exit(1)


@import_.command("jsonresume")
@click.argument("file", type=click.Path(path_type=Path))
@reports_errors
def import_jsonresume(file: Path) -> None:
    """Print the JSON Resume FILE as a cvtool CV.

    Every field is mapped or kept under `extensions: {jsonresume: ...}`; what was kept is
    listed on stderr. `cvtool build -f jsonresume` writes JSON Resume back.

    \b
    Example:
      cvtool import jsonresume resume.json > cv.yaml && cvtool build cv.yaml
    """
    from cvtool.jsonresume.reading import jsonresume_yaml
    from cvtool.loader import load_text
    from cvtool.sourcefile import read_source

    text, messages = jsonresume_yaml(read_source(file), str(file))
    click.echo(text, nl=False)
    for message in messages:
        click.echo(message, err=True)
    load_text(text, f"{file.stem}.yaml (imported)", file.with_suffix(".yaml"))


@import_.command("metrics")
@click.argument("export", type=click.Path(path_type=Path))
@click.argument("cv", type=click.Path(path_type=Path), default=DEFAULT_SOURCE)
@click.option("--format", "export_format",
              type=click.Choice(["openalex", "semanticscholar", "orcid", "orcid-csv",
                                 "scholar-csv", "scholar-bibtex"]),
              help="The export's format; by default told from its content.")
@click.option("--write", is_flag=True,
              help="Write the counts into CV (atomically, comments kept) instead of "
                   "printing the patch.")
@reports_errors
def import_metrics(export: Path, cv: Path, export_format: str | None, write: bool) -> None:
    """Propose per-paper citation counts from EXPORT for the publications of CV.

    EXPORT is a file you downloaded (nothing is fetched): an OpenAlex works JSON, a
    Semantic Scholar paper-batch JSON, a Google Scholar CSV (with "Cited by"), or, to check
    what matches (they have no counts), an ORCID works JSON/CSV or Google Scholar BibTeX.
    Papers match by DOI, then arXiv id, then title. The patch (a unified diff of CV) goes
    to stdout and the report (what matched, by what; what did not) to stderr; --write
    applies it. A .bib entry's count goes to its section's `metrics:` by citation key.

    \b
    Example:
      cvtool import metrics works.json cv.yaml            # show the patch
      cvtool import metrics works.json cv.yaml | git apply
      cvtool import metrics scholar.csv cv.yaml --write   # apply it
    """
    from cvtool.importers.metrics import import_metrics as run_import
    from cvtool.sourcefile import read_source

    result = run_import(read_source(export), str(export), cv, export_format)
    for line in result.report():
        click.echo(line, err=True)
    diff = result.diff()
    if not diff:
        click.echo(f"{cv}: up to date, nothing to change", err=True)
    elif write:
        from cvtool.build import write_atomic

        bom = b"\xef\xbb\xbf" if cv.read_bytes().startswith(b"\xef\xbb\xbf") else b""
        # through a symbolic link to the file it names (a link stays a link); a BOM stays
        write_atomic(cv.resolve(), bom + result.new_text.encode("utf-8"))
        click.echo(f"wrote {cv}: citations of {len(result.changed)} papers", err=True)
    else:
        click.echo(diff, nl=False)

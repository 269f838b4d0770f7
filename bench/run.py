"""Start-up and build timings, printed as a table. Run: python bench/run.py [--runs N]

Whole-process times run the installed ``cvtool`` entry point in a fresh interpreter, as a
user or a CI job would; each row reports the median and the best of N runs. The two
"reference" rows time WeasyPrint alone on the HTML cvtool makes: the floor for the PDF rows
on the machine at hand, whatever its speed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cvtool_command() -> list[str]:
    found = shutil.which("cvtool", path=str(Path(sys.executable).parent)) or shutil.which("cvtool")
    return [found] if found else [sys.executable, "-m", "cvtool"]


def time_process(args: list[str], runs: int) -> list[float]:
    """Wall-clock times of ``args`` as a fresh process, after one untimed run. Bytecode may be
    written (as a pip install does), so an editable install is not timed compiling sources."""
    env = {key: value for key, value in os.environ.items()
           if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(args, cwd=ROOT, check=True, capture_output=True, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, cwd=ROOT, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return times


def time_call(function: Callable[[], object], runs: int) -> list[float]:
    function()  # warm caches, as a long-running process (--watch) would have them
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def row(name: str, times: list[float], target: float | None) -> str:
    median = statistics.median(times)
    verdict = "" if target is None else ("ok" if median < target else "SLOW")
    target_text = f"< {target:.2f} s" if target else ""
    return f"| {name:<44} | {median:7.3f} | {min(times):7.3f} | {target_text:>9} | {verdict:4} |"


def publications_cv(folder: Path, count: int) -> Path:
    """The generated CV that bench/scale.py times, written to ``folder``."""
    from scale import generated_cv  # bench/ is on sys.path when this file runs

    path = folder / f"cv{count}.yaml"
    path.write_text(generated_cv(count), encoding="utf-8")
    return path


def latex_rows(cmd: list[str], out: Path, tex: bytes, runs: int) -> list[str]:
    """XeLaTeX (the engine cvtool uses) against LuaLaTeX, each a whole latexmk run in a fresh
    temporary directory, as cvtool compiles; engines that are not installed are left out."""
    from cvtool.errors import RenderError
    from cvtool.renderers.latex_pdf import compile_latex, tex_available

    rows = []
    if tex_available("xelatex"):
        rows.append(row("cvtool build -f pdf --pdf-engine latex", time_process(
            [*cmd, "build", "data/cv.yaml", "-f", "pdf", "--pdf-engine", "latex", "-o",
             str(out)], runs), None))
    for engine in ("xelatex", "lualatex"):
        if not tex_available(engine):
            continue
        try:
            times = time_call(lambda engine=engine: compile_latex(tex, engine=engine), runs)
        except RenderError as error:  # installed but incomplete, e.g. LuaLaTeX without luaotfload
            print(f"{engine} left out: {error}", file=sys.stderr)
            continue
        rows.append(row(f"compile cv.tex with {engine} (latexmk)", times, None))
    return rows


BARE_WEASYPRINT = (
    "import sys, weasyprint; "
    "weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])")


def weasyprint_floor_rows(out: Path, runs: int) -> list[str]:
    """WeasyPrint by itself, as any program using it would run it, on the very HTML cvtool
    makes for data/cv.yaml: no cvtool code at all. What cvtool's PDF rows cannot go below."""
    sys.path.insert(0, str(ROOT))
    from cvtool.loader import load
    from cvtool.pipeline import prepare
    from cvtool.renderers.pdf import pdf_request

    job = prepare(load(ROOT / "data" / "cv.yaml"))
    html = out / "cv-print.html"
    html.write_text(pdf_request(job.doc, job.theme, job.design, job.cv_dir).html,
                    encoding="utf-8")
    whole = time_process([sys.executable, "-c", BARE_WEASYPRINT, str(html),
                          str(out / "bare.pdf")], runs)
    import weasyprint

    text = html.read_text(encoding="utf-8")
    warm = time_call(lambda: weasyprint.HTML(string=text).write_pdf(), runs)
    return [row("reference: WeasyPrint alone, whole process", whole, None),
            row("reference: WeasyPrint alone, warm re-render", warm, None)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    cmd = cvtool_command()
    out = Path(tempfile.mkdtemp(prefix="cvtool-bench-"))
    rows = [
        row("cvtool --help", time_process([*cmd, "--help"], runs), 0.3),
        row("cvtool validate data/cv.yaml", time_process([*cmd, "validate", "data/cv.yaml"], runs),
            0.3),
        row("cvtool lint data/cv.yaml", time_process([*cmd, "lint", "data/cv.yaml"], runs), 0.3),
        row("cvtool lint (500 publications, generated)",
            time_process([*cmd, "lint", str(publications_cv(out, 500))], runs), 1.0),
        row("cvtool build -f md data/cv.yaml",
            time_process([*cmd, "build", "data/cv.yaml", "-f", "md", "-o", str(out)], runs), None),
    ]
    cold_pdf = time_process([*cmd, "build", "data/cv.yaml", "-f", "pdf", "-o", str(out)], runs)
    rows.append(row("cvtool build -f pdf data/cv.yaml", cold_pdf, 1.2))
    # Page balance: compact's last page of data/cv.yaml is a runt, pulled back by one more
    # typesetting; modern's too. Their ratio to the plain build above is the cost of balance.
    for theme in ("compact", "modern"):
        rows.append(row(f"cvtool build -f pdf --theme {theme} (balanced)", time_process(
            [*cmd, "build", "data/cv.yaml", "-f", "pdf", "--theme", theme, "-o", str(out)],
            runs), None))
    sys.path.insert(0, str(ROOT))
    from cvtool.loader import load
    from cvtool.pipeline import prepare, render

    source = ROOT / "data" / "cv.yaml"
    rows.append(row("in-process: load + validate data/cv.yaml", time_call(lambda: load(source),
                                                                           runs), None))
    job = prepare(load(source))
    start = time.perf_counter()
    tex = render(job, "tex")  # the first one imports pylatex
    rows.append(row("in-process: tex, first render (cold)", [time.perf_counter() - start], 0.2))
    for fmt, target in (("md", None), ("html", None), ("tex", 0.2), ("pdf", 0.4)):
        rows.append(row(f"in-process: {fmt} re-render (warm)",
                        time_call(lambda fmt=fmt: render(job, fmt), runs), target))
    rows.extend(latex_rows(cmd, out, tex, min(runs, 3)))

    # The fitted résumé against one PDF render of the same (fitted) content.
    from cvtool.renderers.pdf import render_pdf

    loaded = load(source)
    fitted = prepare(loaded, None, "resume")
    single = time_call(lambda: render_pdf(fitted.doc, fitted.theme, fitted.design,
                                          fitted.cv_dir), runs)
    fitting = time_call(lambda: prepare(loaded, None, "resume"), runs)
    rows.append(row("in-process: résumé, one PDF render", single, None))
    rows.append(row("in-process: résumé, fitted (measure + fit)", fitting,
                    2 * statistics.median(single)))
    rows.extend(weasyprint_floor_rows(out, runs))

    # cvtool preview: a save of data/cv.yaml until its PDF is ready, in the preview's own
    # process (WeasyPrint already imported), against the cold build above.
    from cvtool.preview import Preview, PreviewRequest

    preview = Preview(PreviewRequest(source, pdf=False))  # no background thread: timed here
    warm = time_call(lambda: (preview.rebuild(), preview.render_pdf()), runs)
    assert preview.pdf is not None and preview.pdf.startswith(b"%PDF")
    rows.append(row("preview: save -> PDF ready (warm, in-process)", warm, None))
    ratio = statistics.median(cold_pdf) / statistics.median(warm)
    print(f"cvtool benchmarks ({runs} runs each; {os.cpu_count()} cores)\n")
    print(f"| {'what':<44} | {'median':>7} | {'best':>7} | {'target':>9} |      |")
    print(f"|{'-' * 46}|{'-' * 9}|{'-' * 9}|{'-' * 11}|------|")
    print("\n".join(rows))
    print(f"\npreview: a warm save -> PDF is {ratio:.1f}x as fast as a cold `cvtool build -f pdf`"
          " (medians)")
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()

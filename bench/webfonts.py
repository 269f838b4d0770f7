"""What inlining the theme's fonts costs the web page. Run: python bench/webfonts.py [--runs N]

For data/cv.yaml in every theme: the page's size and render time without fonts (the plain
page, as before fonts were inlined: the @font-face rules left out) and with them, cold
(fontTools' subsetting from scratch, as a one-off `cvtool build` pays it) and warm (the
subsets cached, as `cvtool preview` re-renders). Then one whole `cvtool build -f html`
process against `-f md`, the plain build beside it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def median_time(function: Callable[[], object], runs: int,
                before: Callable[[], object] = lambda: None) -> float:
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    from run import cvtool_command, time_process  # bench/run.py

    from cvtool import webfonts
    from cvtool.loader import load
    from cvtool.pipeline import prepare
    from cvtool.renderers import html
    from cvtool.themes import available_themes

    def clear() -> None:
        webfonts._subset.cache_clear()
        webfonts._cmap.cache_clear()

    real = html.web_font_css
    print("| theme    | plain kB | fonts kB | x size | plain ms | cold ms | warm ms | x cold |")
    print("| -------- | -------: | -------: | -----: | -------: | ------: | ------: | -----: |")
    for theme in available_themes():
        job = prepare(load(ROOT / "data" / "cv.yaml"), theme)

        def page(job=job) -> str:
            return html.render_html(job.doc, job.theme, job.design, links=job.links)

        html.web_font_css = lambda *args: ""  # the plain page: no @font-face rules
        plain_size = len(page().encode())
        plain = median_time(page, runs)
        html.web_font_css = real
        size = len(page().encode())
        cold = median_time(page, runs, before=clear)
        page()
        warm = median_time(page, runs)
        print(f"| {theme:<8} | {plain_size / 1000:8.1f} | {size / 1000:8.1f} | "
              f"{size / plain_size:6.2f} | {plain * 1000:8.1f} | {cold * 1000:7.1f} | "
              f"{warm * 1000:7.1f} | {cold / plain:6.2f} |")

    with tempfile.TemporaryDirectory() as out:
        cmd = cvtool_command()
        html_build = statistics.median(time_process(
            [*cmd, "build", "data/cv.yaml", "-f", "html", "-o", out], runs))
        md_build = statistics.median(time_process(
            [*cmd, "build", "data/cv.yaml", "-f", "md", "-o", out], runs))
    print(f"\nwhole process: build -f html {html_build:.2f} s, build -f md {md_build:.2f} s "
          f"(plain), ratio {html_build / md_build:.2f}")


if __name__ == "__main__":
    main()

"""Many CVs in one call against one call per CV. Run: python bench/batch.py [--count 20]

Copies of examples/minimal.yaml and data/cv.yaml (half each) in a temporary folder, built
(pdf, html, md) once by ``cvtool build FOLDER --force`` (a warm process pool, one worker per
core) and once by a separate ``cvtool build FILE`` per CV, one after the other, as a shell
loop would. Prints both times and their ratio; the target is a ratio of at most 0.5 on a
2-core machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import ROOT  # bench/ is on sys.path when this file runs

TARGET = 0.5


def copies(folder: Path, count: int) -> list[Path]:
    originals = [ROOT / "examples" / "minimal.yaml", ROOT / "data" / "cv.yaml"]
    sources = []
    for index in range(count):
        original = originals[index % len(originals)]
        target = folder / f"{original.stem}-{index:02d}.yaml"
        shutil.copyfile(original, target)
        sources.append(target)
    return sources


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=20)
    count = parser.parse_args().count
    # This checkout's cvtool (run from ROOT), whichever one an entry point would find.
    cmd = [sys.executable, "-m", "cvtool"]
    work = Path(tempfile.mkdtemp(prefix="cvtool-batch-"))
    try:
        folder = work / "cvs"
        folder.mkdir()
        sources = copies(folder, count)
        timed([*cmd, "build", str(sources[0]), "-o", str(work / "warm")])  # warm disk caches
        one = timed([*cmd, "build", str(folder), "--force", "-o", str(work / "batch")])
        separate = sum(timed([*cmd, "build", str(source), "-o", str(work / "single")])
                       for source in sources)
        again = timed([*cmd, "build", str(folder), "-o", str(work / "batch")])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratio = one / separate
    print(f"{count} CVs (pdf, html, md) on {os.cpu_count()} cores")
    print(f"| {'what':<40} | {'seconds':>8} |")
    print(f"|{'-' * 42}|{'-' * 10}|")
    print(f"| {'one call: cvtool build FOLDER --force':<40} | {one:8.2f} |")
    print(f"| {f'{count} separate cvtool build calls':<40} | {separate:8.2f} |")
    print(f"| {'one call again, all up to date':<40} | {again:8.2f} |")
    verdict = "ok" if ratio <= TARGET else "SLOW"
    print(f"\nratio one call / separate calls: {ratio:.2f} (target <= {TARGET}) {verdict}")


if __name__ == "__main__":
    main()

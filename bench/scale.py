"""How cost grows with the size of a CV: generated CVs of N publications, timed per stage.

Run: python bench/scale.py [--sizes 250 500 1000 2000] [--no-pdf]
Prints seconds per stage and per 1,000 publications; linear growth shows as a flat
"per 1k" column.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def generated_cv(count: int) -> str:
    lines = ["name: Ada Lovelace", "aliases: [A. Lovelace]", "contact: {email: ada@example.org}",
             "sections:", "  Publications:"]
    for i in range(count):
        lines += [
            f"    - title: \"On the Analytical Engine, part {i}: notes & sketches\"",
            f"      authors: [Ada Lovelace, Charles Babbage, Author {i}, et al.]",
            f"      venue: Journal of Engines {i % 17}",
            "      kind: journal",
            f"      year: {1900 + i % 120}",
            f"      doi: 10.1000/engine.{i}",
            f"      selected: {'true' if i % 10 == 0 else 'false'}",
        ]
    return "\n".join(lines) + "\n"


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000])
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    from cvtool.loader import load
    from cvtool.pipeline import prepare, render

    stages = ["validate", "md", "html"] + ([] if args.no_pdf else ["pdf"])
    print(f"| {'publications':>12} | " + " | ".join(f"{s:>8} s" for s in stages)
          + " | " + " | ".join(f"{s:>6}/1k" for s in stages) + " |")
    print("|" + "---|" * (1 + 2 * len(stages)))
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"cv{size}.yaml"
            path.write_text(generated_cv(size))
            results = {"validate": timed(lambda path=path: load(path))}
            job = prepare(load(path))
            for fmt in stages[1:]:
                results[fmt] = timed(lambda fmt=fmt, job=job: render(job, fmt))
            print(f"| {size:>12} | " + " | ".join(f"{results[s]:>10.2f}" for s in stages)
                  + " | " + " | ".join(f"{results[s] / size * 1000:>9.2f}" for s in stages)
                  + " |")


if __name__ == "__main__":
    main()

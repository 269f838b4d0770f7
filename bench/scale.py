"""How cost grows with the size of a CV: generated CVs of N publications, timed per stage.

Run: python bench/scale.py [--sizes 250 500 1000 2000] [--no-pdf]
Prints seconds per stage and per 1,000 publications; linear growth shows as a flat
"per 1k" column.

    python bench/scale.py --lint [--code OLD_TREE ...]

times whole `cvtool validate` and `cvtool lint` processes on generated large CVs (150,000
skills as entries or as the items of one entry, 2,000 publications, 20,000 bullets), and

    python bench/scale.py --bib [--no-pdf] [--code OLD_TREE ...]

times `cvtool validate`, `lint`, `build -f md` and `build -f pdf` on a CV whose
publications come from a generated 1 MB .bib of 8,000 entries, with each process's peak
memory. `--code` adds a row per command for another copy of the package (a folder holding
`cvtool/`, e.g. an older commit's `git archive`), run in the same session for comparison.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
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


def skills_cv(count: int, one_entry: bool = False) -> str:
    head = "name: Ada Lovelace\ncontact: {email: ada@example.org}\nsections:\n  Skills:\n"
    if one_entry:
        return (head + "    - label: Tools\n      items:\n"
                + "".join(f"        - Skill number {i}\n" for i in range(count)))
    return head + "".join(f"    - Skill number {i}\n" for i in range(count))


def bullets_cv(count: int, per_entry: int = 50) -> str:
    lines = ["name: Ada Lovelace", "contact: {email: ada@example.org}", "sections:",
             "  Experience:"]
    for job in range(count // per_entry):
        lines += [f"    - organization: Org {job}", "      positions: [Engineer]",
                  f"      dates: {1000 + job} – {1001 + job}", "      highlights:"]
        lines += [f"        - Built engine part {job}-{k} with care." for k in range(per_entry)]
    return "\n".join(lines) + "\n"


FIRST = ["Ada", "Charles", "Grace", "Alan", "Zhiheng", "Chenliang", "Lele", "Mar{\\'\\i}a",
         "J{\\\"u}rgen", "Ross K."]
LAST = ["Lovelace", "Babbage", "Hopper", "Turing", "Li", "Xu", "Chen", "Garc{\\'\\i}a",
        "M{\\\"u}ller", "Maddox"]


def bib_file(count: int, seed: int = 1) -> str:
    """``count`` realistic entries (@article and @inproceedings with authors, the CV's owner
    among them, title, journal or booktitle, year, DOI; a third with a URL, one in twenty
    with an abstract), about 165 bytes each (8,000 make 1.3 MB)."""
    rnd = random.Random(seed)
    out = []
    for i in range(count):
        people = [f"{rnd.choice(LAST)}, {rnd.choice(FIRST)}" for _ in range(rnd.randint(0, 2))]
        people.insert(rnd.randint(0, len(people)), "Lovelace, Ada")  # the CV's owner
        authors = " and ".join(people)
        if i % 2:
            kind, venue = "article", f"journal={{J. Engines {i % 37}}},"
        else:
            kind, venue = "inproceedings", "booktitle={Proc. {CVPR}},"
        extra = f"url={{https://ex.org/{i}}}," if i % 3 == 0 else ""
        if i % 20 == 0:
            extra += ("abstract={We study the engine with $\\alpha$-tests and {LaTeX} "
                      "notes on gears, cards and loops.},")
        out.append(f"@{kind}{{k{i},author={{{authors}}},title={{On the {{Engine}}, "
                   f"Part {i}}},{venue}year={1990 + i % 35},doi={{10.1000/e.{i}}},{extra}}}\n")
    return "".join(out)


def run_cli(code: Path, args: list[str]) -> tuple[float, float, int]:
    """Seconds, peak memory (MB) and exit status of one whole ``cvtool`` process."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    start = time.perf_counter()
    # Run from the code's folder: ``-m`` puts the working directory first on sys.path.
    process = subprocess.Popen([sys.executable, "-m", "cvtool", *args], env=env, cwd=code,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, process.returncode


def lint_table(codes: list[Path]) -> None:
    inputs = {"150,000 skills (entries)": skills_cv(150_000),
              "150,000 skills (one entry)": skills_cv(150_000, one_entry=True),
              "2,000 publications": generated_cv(2000),
              "20,000 bullets": bullets_cv(20_000)}
    print("| input | code | validate s | lint s | lint / validate | exit |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in inputs.items():
            path = Path(tmp) / "cv.yaml"
            path.write_text(text, encoding="utf-8")
            for code in codes:
                validate, _, status = run_cli(code, ["validate", str(path)])
                lint, _, lint_status = run_cli(code, ["lint", str(path)])
                print(f"| {name} | {_label(code)} | {validate:.2f} | {lint:.2f} | "
                      f"{lint / validate:.2f} | {status}, {lint_status} |", flush=True)


def bib_table(codes: list[Path], pdf: bool) -> None:
    commands = {"validate": ["validate"], "lint": ["lint"], "build -f md": ["build", "-f", "md"]}
    if pdf:
        commands["build -f pdf"] = ["build", "-f", "pdf"]
    with tempfile.TemporaryDirectory() as tmp:
        bib = Path(tmp) / "papers.bib"
        bib.write_text(bib_file(8000), encoding="utf-8")
        cv = Path(tmp) / "cv.yaml"
        cv.write_text("name: Ada Lovelace\naliases: [A. Lovelace]\n"
                      "contact: {email: ada@example.org}\nsections:\n  Publications:\n"
                      "    bibtex: papers.bib\n", encoding="utf-8")
        print(f"{bib.stat().st_size / 1e6:.2f} MB .bib, 8,000 entries\n")
        print("| command | code | seconds | peak MB | exit |")
        print("|---|---|---|---|---|")
        for name, args in commands.items():
            for code in codes:
                out = ["-o", str(Path(tmp) / "out")] if args[0] == "build" else []
                seconds, peak, status = run_cli(code, [*args, str(cv), *out])
                print(f"| {name} | {_label(code)} | {seconds:.2f} | {peak:.0f} | {status} |",
                      flush=True)


def _label(code: Path) -> str:
    return "this tree" if code == ROOT else code.name


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000])
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--lint", action="store_true", help="validate against lint, processes")
    parser.add_argument("--bib", action="store_true", help="a CV reading a 1 MB .bib")
    parser.add_argument("--code", type=Path, action="append", default=[],
                        help="another folder holding a cvtool/ package, to compare with")
    args = parser.parse_args()
    codes = [ROOT, *(path.resolve() for path in args.code)]
    if args.lint or args.bib:
        if args.lint:
            lint_table(codes)
        if args.bib:
            bib_table(codes, pdf=not args.no_pdf)
        return
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

#!/usr/bin/env python
"""Benchmark the processor time of each shipped notebook's own work.

    python scripts/benchmark_notebooks.py [--repeat N] [--lang LANG] [--only NAME ...]

Each notebook of src/programtheory/notebooks runs as a script in a fresh Python process, as
a build runs it (its parameters cell followed by the project, an empty output folder and the
language, as papermill injects them), with `display` left out: what is measured is the work of
the notebook (loading, figures, tables, files), not the kernel or the HTML export around it.
Prints, per notebook, the median processor time (user + system) of N runs (default 3), split
into the notebook's own process and the programs it starts (Graphviz), and the machine.
The project is this repository's report. A measurement with no goal of its own: the build's
goal is `benchmark_build.py`'s; this says which notebook its time goes to.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "src" / "programtheory" / "notebooks"

# runs one notebook's cells in order, its parameters overridden after the parameters cell,
# and prints the processor time of its own process and of the programs it started
RUNNER = """
import resource, sys
import IPython.display
IPython.display.display = lambda *args, **kwargs: None
path, project, out_dir, lang = sys.argv[1:5]
cells = open(path, encoding="utf-8").read().split("\\n# %%")
given = f"project = {project!r}\\nout_dir = {out_dir!r}\\nlang = {lang!r}\\n"
at = next(i for i, cell in enumerate(cells) if 'tags=["parameters"]' in cell.split("\\n")[0])
source = "\\n# %%".join(cells[:at + 1]) + "\\n" + given + "\\n# %%".join([""] + cells[at + 1:])
own = resource.getrusage(resource.RUSAGE_SELF)
exec(compile(source, path, "exec"), {"__name__": "__main__"})
own_after = resource.getrusage(resource.RUSAGE_SELF)
started = resource.getrusage(resource.RUSAGE_CHILDREN)
print(own_after.ru_utime + own_after.ru_stime - own.ru_utime - own.ru_stime,
      started.ru_utime + started.ru_stime)
"""


def run_notebook(path: Path, lang: str) -> tuple[float, float]:
    """(own, started) processor seconds of one run of the notebook at `path`."""
    with tempfile.TemporaryDirectory(prefix="pt-notebook-") as out:
        done = subprocess.run([sys.executable, "-c", RUNNER, str(path), str(REPO), out, lang],
                              capture_output=True, text=True, cwd=REPO, check=False)
    if done.returncode != 0:
        sys.exit(f"{path.name} failed:\n{done.stderr[-3000:]}")
    own, started = (float(value) for value in done.stdout.split()[-2:])
    return own, started


def _at_least_one(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number of 1 or more")
    return int(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    shipped = sorted(p.stem for p in NOTEBOOKS.glob("*.py") if p.stem != "__init__")
    parser.add_argument("--repeat", type=_at_least_one, default=3,
                        help="runs of each notebook; the median is shown (default 3)")
    parser.add_argument("--lang", default="", help="the page language, one of the project's "
                        "languages (default: its primary language)")
    parser.add_argument("--only", nargs="*", choices=shipped, metavar="NAME",
                        help=f"notebook names: {', '.join(shipped)} (default: all)")
    args = parser.parse_args()
    if args.lang:
        from programtheory import load_project

        languages = load_project(REPO).settings.languages
        if args.lang not in languages:
            parser.error(f"--lang {args.lang}: the project's languages are "
                         f"{', '.join(languages)}")
    names = args.only or shipped
    print("benchmark_notebooks: processor time of each shipped notebook's work "
          "(a fresh process each, display left out)")
    print(f"  machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
          f"{platform.release()}, Python {platform.python_version()}; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"  median of {args.repeat}; CPU s (user + system)")
    print(f"  {'notebook':18s} {'total':>7s} {'Python':>7s} {'Graphviz':>9s}   runs")
    totals = []
    for name in names:
        runs = [run_notebook(NOTEBOOKS / f"{name}.py", args.lang) for _ in range(args.repeat)]
        own = statistics.median(r[0] for r in runs)
        started = statistics.median(r[1] for r in runs)
        total = statistics.median(r[0] + r[1] for r in runs)
        totals.append(total)
        print(f"  {name:18s} {total:7.2f} {own:7.2f} {started:9.2f}   "
              + ", ".join(f"{r[0] + r[1]:.2f}" for r in runs))
    print(f"  {'all':18s} {sum(totals):7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

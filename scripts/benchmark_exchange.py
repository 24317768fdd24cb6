"""Benchmark: the Excel round trip (export, then import) of the synthetic theory.

Writes the synthetic theory of programtheory.synthetic (1,000 and 10,000 nodes, about 1.5
links per node, evidence on some) as a project folder (synthetic.write_project), then times
for each size:
  - export: `export_workbook` (rows from the model, the openpyxl workbook, saving it);
  - import with no edit: reading the workbook, checking every cell, comparing with the
    exported rows (nothing to write);
  - import with one edit: the same, plus the text edit of the YAML file, the check of the whole
    project as it would be, and the diff;
and prints where the time goes (cProfile, by module of the exchange package and by library).
Goals (2-core machine): export + import of 1,000 nodes <= 2 s; 10,000 nodes <= 12x that.

    python scripts/benchmark_exchange.py [--sizes 1000 10000] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook

from programtheory import load_project
from programtheory.exchange import export_workbook, plan_workbook_import
from programtheory.synthetic import synthetic_project, write_project

REPO = Path(__file__).resolve().parents[1]

GOAL_1K, SCALE = 2.0, 12.0


def _timed(timings: dict, name: str, call):
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    timings[name] = (time.perf_counter() - wall, time.process_time() - cpu)
    return result


def run(n_nodes: int, workdir: Path, profile: bool) -> tuple[float, float]:
    """(wall, cpu) seconds of export + import with one edit."""
    root = workdir / f"p{n_nodes}"
    # synthetic.write_project also writes the project's settings (its vocabulary of levels)
    write_project(synthetic_project(n_nodes, root=root), root)
    project = load_project(root)
    timings: dict[str, tuple[float, float]] = {}
    path = _timed(timings, "export", lambda: export_workbook(
        project, "synthetic", workdir / f"t{n_nodes}.xlsx"))
    plan = _timed(timings, "import, no edit", lambda: plan_workbook_import(
        project, path, into="synthetic"))
    assert plan.changed == []
    book = load_workbook(path)
    book["Elementen"]["C2"].value = "een gewijzigd label"
    edited = workdir / f"e{n_nodes}.xlsx"
    book.save(edited)
    plan = _timed(timings, "import, one edit", lambda: plan_workbook_import(
        project, edited, into="synthetic"))
    assert len(plan.changed) == 1
    wall = timings["export"][0] + timings["import, one edit"][0]
    cpu = timings["export"][1] + timings["import, one edit"][1]
    print(f"{n_nodes:>6} nodes, {len(project.versions['synthetic'].links)} links, "
          f"{len(project.evidence)} evidence items:            wall      cpu")
    for name, (w, c) in timings.items():
        print(f"    {name:<18} {w:30.2f} s {c:6.2f} s")
    print(f"    {'export + import':<18} {wall:30.2f} s {cpu:6.2f} s")
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(plan_workbook_import, project, edited, into="synthetic")
        _where(profiler)
    return wall, cpu


def _where(profiler: cProfile.Profile) -> None:
    """Own time summed by area: the exchange modules, and the libraries they call."""
    stats = pstats.Stats(profiler)
    areas: dict[str, float] = {}
    for (file, _, _), (_, _, own, _, _) in stats.stats.items():
        if "programtheory/exchange/" in file:
            area = "exchange/" + Path(file).name
        elif "programtheory" in file:
            area = "programtheory/" + Path(file).name
        elif "site-packages" in file:
            area = file.split("site-packages/")[1].split("/")[0]
        else:
            area = "python"
        areas[area] = areas.get(area, 0.0) + own
    total = sum(areas.values()) or 1.0
    print("    where the time of the import with one edit goes (own time, a profiled run):")
    for area, seconds in sorted(areas.items(), key=lambda kv: -kv[1])[:10]:
        print(f"      {area:<34} {seconds:6.2f} s  {100 * seconds / total:4.0f}%")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--profile", action="store_true", help="say where the time goes")
    args = parser.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, load average "
          + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    print("cpu is the process's own time: on a busy machine it is the fairer figure")
    results = {}
    with tempfile.TemporaryDirectory(prefix="pt-bench-exchange-") as temp:
        for size in args.sizes:
            results[size] = run(size, Path(temp), args.profile)
    ok = True
    if 1000 in results:
        wall, cpu = results[1000]
        ok &= wall <= GOAL_1K
        print(f"1,000 nodes: {wall:.2f} s wall, {cpu:.2f} s cpu (goal <= {GOAL_1K:.1f} s)")
    if 1000 in results and 10000 in results:
        ratios = [results[10000][i] / results[1000][i] for i in (0, 1)]
        ok &= ratios[0] <= SCALE
        print(f"10,000 nodes: {ratios[0]:.1f}x the 1,000-node wall time, {ratios[1]:.1f}x its "
              f"cpu time (goal <= {SCALE:.0f}x)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

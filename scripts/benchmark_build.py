#!/usr/bin/env python
"""Benchmark the report build against the naive way of doing the same work.

    python scripts/benchmark_build.py [--keep] [--repeat N]

1. cold: `programtheory build --lang all` of the full report, in every project language, into
   an empty folder (one process: papermill in-process, notebooks in parallel, HTML export in
   the workers);
2. naive: for each language and each notebook in sequence, the `papermill` CLI and then the
   `jupyter nbconvert` CLI (--to html --no-input), on the same notebooks (converted to .ipynb
   beforehand, untimed), the same data, the same parameters and the same kernel;
3. warm: `programtheory build --lang all` again with nothing changed (a whole CLI process).

Cold and naive runs alternate, N of each (default 5), and the medians are compared.
Targets: cold / naive <= 0.4, warm <= 1 s. Prints the figures and the machine; exits 1 when a
target is missed. The project is copied to a temporary folder first, so build/ is left alone.

    python scripts/benchmark_build.py --cpu [--repeat N]

measures instead the processor time of a cold `programtheory build --lang all` (the build, its
workers and every kernel: what a busy machine pays, which wall time on a shared machine does
not show), in total and per notebook run; no target, figures only.
"""

from __future__ import annotations

import argparse
import os
import resource
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RATIO_TARGET = 0.4
WARM_TARGET = 1.0


def run(cmd: list[str], cwd: Path | None = None) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    return elapsed


def copy_project(target: Path) -> Path:
    keep = {"theory", "notebooks", "outcomes.yaml", "barometer.yaml", "project.yaml"}
    target.mkdir(parents=True)
    for item in REPO.iterdir():
        if item.name in keep:
            if item.is_dir():
                # links (what `make lab` puts in notebooks/) are the shipped notebooks
                shutil.copytree(item, target / item.name, symlinks=True,
                                ignore=lambda folder, names: [
                                    n for n in names if n == "__pycache__"
                                    or Path(folder, n).is_symlink()])
            else:
                shutil.copy2(item, target / item.name)
    # the report text that theory/sources.yaml points at (../shared/seed), when it exists: a
    # copy, as a link out of the project is not read
    seed = REPO.parent / "shared" / "seed"
    if seed.is_dir() and not (target.parent / "shared").exists():
        shutil.copytree(seed, target.parent / "shared" / "seed")
    return target


def naive_loop(inputs, project: Path, folder: Path, nbformat) -> tuple[float, list]:
    """papermill CLI, then jupyter nbconvert CLI, per language and notebook, in sequence."""
    total, timings = 0.0, []
    for lang, name, nb in inputs:
        work = folder / lang / name
        work.mkdir(parents=True)
        source = work / f"{name}.input.ipynb"
        nbformat.write(nb, source)  # conversion from jupytext text: not timed
        executed = work / f"{name}.ipynb"
        t_pm = run([str(BIN / "papermill"), str(source), str(executed), "-k", "programtheory",
                    "--cwd", str(work), "-p", "project", os.path.relpath(project, work),
                    "-p", "out_dir", ".", "-p", "lang", lang, "--no-progress-bar"])
        t_nb = run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                    str(executed)])
        timings.append((f"{lang}/{name}", t_pm, t_nb))
        total += t_pm + t_nb
    return total, timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions (the median counts)")
    parser.add_argument("--cpu", action="store_true",
                        help="measure the processor time of a cold build instead")
    args = parser.parse_args()
    if args.cpu:
        return cpu_benchmark(args.repeat, args.keep)

    with _cold_builds("pt-build-bench-", args.keep) as (tmp, project, cli):
        from programtheory.build import notebook_sources, project_languages

        languages = project_languages(project)
        sources = notebook_sources(project, None)

        import jupytext
        import nbformat

        inputs = []
        for lang in languages:
            for name, source in sources.items():
                nb = jupytext.read(source)
                nb.metadata["kernelspec"] = {"name": "programtheory", "language": "python",
                                             "display_name": "Python (programtheory)"}
                inputs.append((lang, name, nb))

        # Interleaved repetitions: the machine may be shared, and a busy neighbour then
        # slows both contenders alike.
        colds, naives, per_notebook = [], [], []
        for rep in range(args.repeat):
            colds.append(run(cli + ["--out", str(tmp / f"site{rep}")]))
            total, timings = naive_loop(inputs, project, tmp / f"naive{rep}", nbformat)
            naives.append(total)
            per_notebook.append((total, timings))
        warm = statistics.median(run(cli + ["--out", str(tmp / "site0")]) for _ in range(3))

    return _print_report(args.repeat, languages, len(sources), colds, naives, per_notebook,
                         warm)


@contextmanager
def _cold_builds(prefix: str, keep: bool):
    """(folder, project, the build command of every language without --out) for cold builds
    of a copy of the project in a temporary folder, after one untimed warm-up build (the OS
    file cache then holds the libraries for every contender); the folder is removed after,
    unless `keep`."""
    sys.path.insert(0, str(REPO / "src"))
    from programtheory.build import ensure_kernel

    ensure_kernel()
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        project = copy_project(tmp / "project")
        cli = [str(BIN / "programtheory"), "build", str(project), "--lang", "all"]
        run(cli[:-2] + ["--out", str(tmp / "warmup"), "--only", "theory_diagram"])
        yield tmp, project, cli
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept {tmp}")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_benchmark(repeat: int, keep: bool) -> int:
    """Processor seconds (user + system, the build and all its descendants) of cold builds."""
    with _cold_builds("pt-build-cpu-", keep) as (tmp, project, cli):
        from programtheory.build import notebook_sources, project_languages

        runs = len(project_languages(project)) * len(notebook_sources(project, None))
        cpus, walls = [], []
        for rep in range(repeat):
            before = children_cpu()
            walls.append(run(cli + ["--out", str(tmp / f"site{rep}")]))
            cpus.append(children_cpu() - before)
    cpu = statistics.median(cpus)
    print("benchmark_build --cpu: processor time of a cold build in every language")
    print(f"  machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
          f"{platform.release()}, Python {platform.python_version()}; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"  notebook runs per build: {runs}; median of {repeat}")
    print(f"  CPU runs: {', '.join(f'{c:.1f}' for c in cpus)} s; "
          f"wall runs: {', '.join(f'{w:.1f}' for w in walls)} s")
    print(f"  CPU per build (median)        {cpu:6.1f} s")
    print(f"  CPU per notebook run          {cpu / runs:6.2f} s")
    return 0


def _print_report(repeat: int, languages: list[str], notebooks: int, colds: list[float],
                  naives: list[float], per_notebook: list, warm: float) -> int:
    cold, naive = statistics.median(colds), statistics.median(naives)
    ratio = cold / naive
    typical = sorted(per_notebook, key=lambda item: item[0])[len(per_notebook) // 2][1]
    print("benchmark_build: report build in every language vs naive papermill + nbconvert "
          "CLI loop")
    print(f"  machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
          f"{platform.release()}, Python {platform.python_version()}")
    print(f"  languages: {', '.join(languages)}; notebooks: {notebooks} per language; "
          f"median of {repeat}")
    print(f"  cold runs: {', '.join(f'{c:.1f}' for c in colds)} s; "
          f"naive runs: {', '.join(f'{n:.1f}' for n in naives)} s")
    for name, t_pm, t_nb in typical:
        print(f"  naive {name:<21} papermill {t_pm:5.1f} s + nbconvert {t_nb:4.1f} s")
    print(f"  naive loop (median)           {naive:6.1f} s")
    print(f"  cold build (median)           {cold:6.1f} s")
    print(f"  ratio cold / naive            {ratio:6.2f}   (target <= {RATIO_TARGET})")
    print(f"  warm rebuild, no change       {warm:6.2f} s (target <= {WARM_TARGET} s, whole CLI)")
    ok = ratio <= RATIO_TARGET and warm <= WARM_TARGET
    print("  result: " + ("OK" if ok else "TARGET MISSED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

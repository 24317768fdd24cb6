"""Benchmark: how long the whole test suite takes, and where its processor time goes.

Prints the machine, then for one run of the suite with the pytest arguments given after `--`
(`make benchmark-tests` gives those of `make test`, its TEST_ARGS, every tier):
  - the wall time (goal: at most 150 s on a 2-core machine);
  - the processor time of the whole machine during the run (Linux: /proc/stat), and what share
    of the cores was busy;
  - the processor time of the test processes and the children they waited for. The rest of
    the machine's time went to processes nobody waited for: mostly Chromium's renderers (the
    browser does not reap them through the test process), and anything else the machine ran
    meanwhile; run it on an otherwise quiet machine. Time the hypervisor gave to other
    machines (steal) is not counted.

    make benchmark-tests                           # the suite as `make test` runs it
    python scripts/benchmark_tests.py -- -m "not browser and not slow" -n 2
"""

from __future__ import annotations

import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 150


def machine_busy_seconds() -> float | None:
    """Processor seconds the whole machine has spent busy since boot (None off Linux)."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").splitlines()[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq = (int(v) for v in fields[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def children_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def machine() -> str:
    return (f"{platform.system()} {platform.release()} {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}")


def main(argv: list[str]) -> int:
    if "--" not in argv:  # the arguments live in the Makefile only (TEST_ARGS)
        print("usage: benchmark_tests.py -- PYTEST_ARGS (make benchmark-tests passes those "
              "of make test)", file=sys.stderr)
        return 2
    args = argv[argv.index("--") + 1:]
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    print(f"machine: {machine()}")
    print(f"running: {' '.join(command[1:])}")
    busy, reaped, started = machine_busy_seconds(), children_seconds(), time.perf_counter()
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - started
    reaped = children_seconds() - reaped
    lines = result.stdout.strip().splitlines() or ["(no output)"]
    if result.returncode:
        print("\n".join(lines[-40:]), result.stderr[-2000:], sep="\n")
    print(f"pytest: {lines[-1]} (exit {result.returncode})")
    verdict = "OK" if wall <= GOAL_SECONDS else "OVER (DEVELOPMENT.md: shared builds)"
    print(f"wall time: {wall:.0f} s (goal: at most {GOAL_SECONDS} s on 2 cores): {verdict}")
    print(f"processor time of the test processes and their reaped children: {reaped:.0f} s")
    if busy is not None:
        busy = machine_busy_seconds() - busy
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
            os.cpu_count() or 1)
        print(f"processor time of the whole machine: {busy:.0f} s "
              f"({busy / (wall * cores):.0%} of {cores} cores); not reaped by the tests "
              f"(mostly Chromium's renderers): {busy - reaped:.0f} s")
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

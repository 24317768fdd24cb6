#!/usr/bin/env python
"""Benchmark the report build of a large synthetic theory: does it finish, or refuse clearly,
within the time limit, and how much memory does it take?

    python scripts/benchmark_build_large.py [--nodes 10000] [--limit 300] [--keep]

The theory comes from programtheory.synthetic (`synthetic_project`: about 1.5
links and 0.6 evidence items per node), with a revised version beside it (every 20th label
changed, every 50th node removed), written as a project folder with the report's own
notebooks. The build runs as `/usr/bin/time -v programtheory build` in a session of its own;
past the limit the whole session is stopped. Prints the wall time, the exit code, the outcome
of each notebook, the peak memory of the largest process (time -v) and the peak memory of the
whole process tree (build, workers, kernels, Graphviz; sampled from /proc every 0.2 s), and
the machine. Exits 1 when the build neither finished nor refused within the limit.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO / "src"))

from programtheory.synthetic import synthetic_project, write_project  # noqa: E402


def with_revision(project):
    """The project with a second version that revises the first, as a report's theory has."""
    first = project.versions["synthetic"]
    dropped = {n.id for i, n in enumerate(first.nodes) if i % 50 == 49}
    nodes = [n.model_copy(update={"label": n.label.model_copy(
                 update={"nl": f"{n.label.nl} (herzien)"})}) if i % 20 == 0 else n
             for i, n in enumerate(first.nodes) if n.id not in dropped]
    links = [ln for ln in first.links if ln.source not in dropped and ln.target not in dropped]
    info = first.info.model_copy(update={"id": "revised", "based_on": "synthetic"})
    revised = first.model_copy(update={"info": info, "nodes": nodes, "links": links,
                                       "path": "theory/versions/revised.yaml"})
    kept = {n.id for n in nodes} | {ln.id for ln in links}
    evidence = [e for e in project.evidence if set(e.bears_on) & kept]
    return project.model_copy(update={"versions": {**project.versions, "revised": revised},
                                      "evidence": evidence})


def tree_rss_kib(root: int) -> int:
    """Resident memory (KiB) of a process and all its descendants, from /proc."""
    parents, rss = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            status = (entry / "status").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat[1])
        found = re.search(r"^VmRSS:\s+(\d+)", status, re.M)
        rss[int(entry.name)] = int(found.group(1)) if found else 0
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += rss.get(pid, 0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


class Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, tree_rss_kib(self.pid))
            self.stop.wait(0.2)


def machine() -> str:
    memory = ""
    try:
        found = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
        memory = f", {int(found.group(1)) / 2**20:.1f} GiB memory" if found else ""
    except OSError:
        pass
    return (f"{platform.machine()}, {os.cpu_count()} cores{memory}, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--limit", type=float, default=300.0, help="seconds (default 300)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("build_args", nargs="*", help="extra build options, after --")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="pt-build-large-"))
    try:
        started = time.perf_counter()
        project = write_project(with_revision(synthetic_project(args.nodes)),
                                tmp / "project")
        shutil.copytree(REPO / "notebooks", project / "notebooks",
                        ignore=shutil.ignore_patterns("__pycache__", "*.ipynb", "*.md"))
        written = time.perf_counter() - started
        cmd = ["/usr/bin/time", "-v", str(BIN / "programtheory"), "build", str(project),
               "--out", str(tmp / "site"), *args.build_args]
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        sampler = Sampler(proc.pid)
        sampler.start()
        try:
            _, stderr = proc.communicate(timeout=args.limit)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            _, stderr = proc.communicate()
            timed_out = True
        seconds = time.perf_counter() - started
        sampler.stop.set()
        sampler.join()
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    largest = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    lines = [ln for ln in stderr.splitlines()
             if re.match(r"\s+(ran|cached|FAILED|missing|skipped|stale)\s", ln)
             or ln.startswith(("build ", "programtheory build: error"))
             or "more than the limit" in ln]
    print(f"benchmark_build_large: build of a synthetic theory of {args.nodes:,} nodes")
    print(f"  machine: {machine()}")
    print(f"  project written in {written:.1f} s")
    print(f"  wall time      {seconds:7.1f} s (limit {args.limit:.0f} s)"
          + ("  STOPPED AT THE LIMIT" if timed_out else f", exit code {proc.returncode}"))
    if largest:
        print(f"  peak memory of the largest process   {int(largest.group(1)) / 1024:7.0f} MiB")
    print(f"  peak memory of the whole process tree {sampler.peak / 1024:7.0f} MiB")
    for line in lines:
        print(f"  | {line.strip()[:160]}")
    ok = not timed_out and seconds <= args.limit
    print("  result: " + ("OK (finished or refused within the limit)" if ok
                          else "TARGET MISSED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

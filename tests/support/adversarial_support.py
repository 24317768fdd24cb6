"""Helpers for the adversarial tier: projects written to disk, builds run as real processes
(so that real signals can reach them), and the process tree of a build read from /proc.

Not a conftest: `from adversarial_support import ...` (tests/support/ is on sys.path through
the `pythonpath` setting in pyproject.toml).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from programtheory.synthetic import write_project  # noqa: F401  (for the tests)

PYTHON = sys.executable

# A notebook that sleeps `seconds` and writes done.txt: slow enough to be interrupted.
SLEEPY = '''# %% [markdown]
# # Slaap / Sleep

# %% tags=["parameters"]
project = ".."
out_dir = "."
seconds = "0"

# %%
import time
from pathlib import Path

time.sleep(float(seconds))
Path(out_dir, "done.txt").write_text(seconds, encoding="utf-8")
print("slept", seconds)
'''

# Ctrl-C reaches the build as at a terminal, however the tests were started: a process
# started in the background by a shell ignores SIGINT, and so would the build it starts.
RUNNER = """
import json, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)
from programtheory.build import build_report
root, out, notebooks, jobs, params = sys.argv[1:6]
result = build_report(root, out=out, notebooks=notebooks, jobs=int(jobs),
                      params=json.loads(params))
sys.exit(0 if result.ok else 1)
"""


def sleepy_notebooks(folder: Path, names: tuple[str, ...]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.py").write_text(SLEEPY, encoding="utf-8")
    return folder


def start_build(root: Path, out: Path, notebooks: Path, jobs: int = 2,
                params: dict | None = None) -> subprocess.Popen:
    """A build in a process (and session) of its own, its output in pipes."""
    return subprocess.Popen([PYTHON, "-c", RUNNER, str(root), str(out), str(notebooks),
                             str(jobs), json.dumps(params or {})],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def run_build(root: Path, out: Path, notebooks: Path, jobs: int = 2, params: dict | None = None,
              timeout: float = 120) -> subprocess.CompletedProcess:
    proc = start_build(root, out, notebooks, jobs, params)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_session(proc)
        stdout, stderr = proc.communicate()
        raise AssertionError(f"the build did not finish within {timeout} s:\n"
                             f"{stderr[-3000:]}") from None
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


def kill_session(proc: subprocess.Popen) -> None:
    """End the build started by start_build and every process of its session."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def _parents() -> dict[int, int]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            found[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def descendants(pid: int) -> set[int]:
    parents = _parents()
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        for child, parent in parents.items():
            if parent == current and child not in found:
                found.add(child)
                todo.append(child)
    return found


def wait_until(condition, timeout: float, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    return condition()


def processes_in(folder: Path) -> list[int]:
    """The processes whose working directory is `folder`: a notebook's kernel, and the worker
    running it (papermill changes into the staging folder too)."""
    target, found = str(folder), []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.readlink(entry / "cwd") == target:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def parent_of(pid: int) -> int:
    """The parent of process `pid` (0 when there is no such process)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat.rsplit(")", 1)[1].split()[1])


def watch(pids: set[int]) -> dict[int, int]:
    """{pid: a pidfd of it} for the processes of `pids` that are still there: from then on a
    pidfd names that one process, never another that is given its number later. (Between the
    reading of `pids` and this call a number could pass to a new process; call it right after
    reading them, while the processes cannot yet have been stopped.)"""
    watched = {}
    for pid in pids:
        try:
            watched[pid] = os.pidfd_open(pid)
        except ProcessLookupError:
            continue
    return watched


def outliving(watched: dict[int, int], timeout: float) -> list[int]:
    """Wait until every watched process has ended (a pidfd turns readable when its process
    ends), at most `timeout` seconds; the pids of those still running then, sorted. The
    pidfds are closed."""
    poller = select.poll()
    for fd in watched.values():
        poller.register(fd, select.POLLIN)
    running = dict(watched)
    deadline = time.monotonic() + timeout
    try:
        while running and (left := deadline - time.monotonic()) > 0:
            for fd, _event in poller.poll(left * 1000):
                poller.unregister(fd)
                running = {pid: pidfd for pid, pidfd in running.items() if pidfd != fd}
        return sorted(running)
    finally:
        for fd in watched.values():
            os.close(fd)

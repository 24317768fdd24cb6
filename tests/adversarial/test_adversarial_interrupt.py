"""Interrupted builds recover: real builds in real processes, stopped by real signals.

Every wait is bounded: a build that hangs fails the test instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from adversarial_support import (descendants, kill_session, outliving, parent_of, processes_in,
                                 run_build, sleepy_notebooks, start_build, wait_until, watch)
from build_support import FIXTURE_PROJECT, copy_project
from programtheory import build as B
from shared_builds import shared

pytestmark = pytest.mark.slow
NAMES = ("steady", "victim", "later")


def package_notebooks(folder: Path, names: tuple[str, ...]) -> Path:
    """Sleeping notebooks that import the package, as real ones do: their kernels are forked
    by the kernel server (see build/kernel_client.py)."""
    sleepy_notebooks(folder, names)
    for name in names:
        path = folder / f"{name}.py"
        text = path.read_text(encoding="utf-8")
        assert "import time\n" in text
        path.write_text(text.replace("import time\n", "import time\n\nimport programtheory\n"),
                        encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def good_build(tmp_path_factory) -> Path:
    """A project, three sleeping notebooks, and one good build of them: built once per run,
    copied for each test (the manifest names no folder, so a copy is as good as the
    original). Nothing interrupts this build: it runs in the test's process, as the builds
    of the tests would with start_build's arguments (two workers, a kernel server), without
    a new interpreter importing the build's libraries once more."""
    def build(base: Path) -> Path:
        root = copy_project(base / "project")
        notebooks = package_notebooks(base / "notebooks", NAMES)
        done = B.build_report(root, out=base / "out", notebooks=notebooks, jobs=2, quiet=True)
        assert done.ok, [(nb.name, nb.reason) for nb in done.notebooks if not nb.ok]
        return base

    return shared(tmp_path_factory, "interrupted_good_build", build)


@pytest.fixture
def site(good_build, tmp_path):
    """A copy of the good build, for one test to interrupt."""
    root, notebooks, out = (tmp_path / "project", tmp_path / "notebooks", tmp_path / "out")
    for folder in (root, notebooks, out):
        shutil.copytree(good_build / folder.name, folder, symlinks=True)
    started: list[subprocess.Popen] = []
    yield root, notebooks, out, started
    for proc in started:  # whatever a failing test left running
        kill_session(proc)
        proc.wait(10)


def _running_kernel(out: Path, names=NAMES) -> int | None:
    for name in names:
        found = processes_in(out / f".{name}.partial")
        if found:
            return found[0]
    return None


def _kernel_server(pid: int) -> bool:
    """Whether `pid` is a kernel server (build/kernel_server.py)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"programtheory.build.kernel_server" in command


def _forked_kernel(stage: Path) -> int | None:
    """The kernel running the notebook staged in `stage`, when the kernel server forked it."""
    return next((pid for pid in processes_in(stage) if _kernel_server(parent_of(pid))), None)


def _a_forked_kernel(out: Path, names=("victim",), timeout: float = 90) -> int:
    """The process of a kernel the server forked for one of the notebooks `names`, once one
    runs (the test fails when none does within `timeout` seconds)."""
    kernel = wait_until(lambda: next(filter(None, (_forked_kernel(out / f".{name}.partial")
                                                   for name in names)), None), timeout)
    assert kernel, f"no kernel of {', '.join(names)} was forked by the kernel server"
    return kernel


def _last_good_outputs_kept(out: Path, names=NAMES) -> None:
    for name in names:
        assert (out / name / "done.txt").read_text(encoding="utf-8") == "0", name
        assert (out / name / f"{name}.html").is_file(), name


def test_a_terminated_build_stops_its_workers_and_kernels_and_marks_the_index(site):
    root, notebooks, out, started = site
    proc = start_build(root, out, notebooks, params={"seconds": "60"})
    started.append(proc)
    assert wait_until(lambda: _running_kernel(out), 90), "no notebook started"
    _a_forked_kernel(out, NAMES, 30)
    family = watch(descendants(proc.pid))
    assert family, "the build has no worker processes"
    os.kill(proc.pid, signal.SIGTERM)
    proc.wait(30)
    assert proc.returncode != 0
    left = outliving(family, 20)
    assert not left, f"processes of the build outlived it: {left}"
    assert not list(out.glob(".*.partial"))
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "ONDERBROKEN" in index and "niet afgerond" in index
    _last_good_outputs_kept(out)
    again = run_build(root, out, notebooks, timeout=120)
    assert again.returncode == 0, again.stderr
    assert "niet afgerond" not in (out / "index.html").read_text(encoding="utf-8")


def test_ctrl_c_stops_a_build_that_runs_its_notebooks_itself(site):
    root, notebooks, out, started = site
    proc = start_build(root, out, notebooks, jobs=1, params={"seconds": "60"})
    started.append(proc)
    _a_forked_kernel(out, NAMES)
    family = watch(descendants(proc.pid))
    os.kill(proc.pid, signal.SIGINT)
    proc.wait(30)
    assert proc.returncode != 0
    left = outliving(family, 20)
    assert not left, f"processes of the build outlived it: {left}"
    assert "niet afgerond" in (out / "index.html").read_text(encoding="utf-8")
    _last_good_outputs_kept(out)


def test_the_lock_of_a_killed_build_is_taken_over(site):
    root, notebooks, out, started = site
    proc = start_build(root, out, notebooks, params={"seconds": "60"})
    started.append(proc)
    assert wait_until(lambda: _running_kernel(out), 90), "no notebook started"
    family = watch(descendants(proc.pid))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    # nothing could clean up: the workers die with the build, their kernels with them
    left = outliving(family, 20)
    assert not left, f"processes of the killed build outlived it: {left}"
    # the build that takes over runs a notebook (the one whose parameter changed; the others
    # are cached from the good build: a second build with a kernel server adds nothing here)
    again = run_build(root, out, notebooks, params={"victim.seconds": "0"}, timeout=120)
    assert again.returncode == 0, again.stderr
    assert f"the build in process {proc.pid} was interrupted" in again.stderr
    assert "taking over" in again.stderr
    assert "victim: running" in again.stderr and "victim: FAILED" not in again.stderr
    assert "niet afgerond" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_killed_worker_fails_only_its_own_notebook(site):
    root, notebooks, out, started = site
    params = {"steady.seconds": "12", "victim.seconds": "60", "later.seconds": "4"}
    proc = start_build(root, out, notebooks, params=params)
    started.append(proc)
    in_stage = wait_until(lambda: processes_in(out / ".victim.partial"), 90)
    assert in_stage, "the victim notebook did not start"
    workers = [pid for pid in in_stage if parent_of(pid) == proc.pid]
    assert len(workers) == 1, (in_stage, proc.pid)
    worker = workers[0]
    kernel = watch({_a_forked_kernel(out, timeout=30)})
    os.kill(worker, signal.SIGKILL)
    # its kernel goes with it at once, not when the build ends (steady still runs)
    assert not outliving(kernel, 10), "the kernel outlived its worker"
    assert proc.poll() is None
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1, stderr
    assert "victim: FAILED" in stderr and "SIGKILL" in stderr
    manifest = json.loads((out / ".cache" / "manifest.json").read_text())["notebooks"]
    # its last good outputs are kept, marked failed (out of date): it reruns next time
    assert "SIGKILL" in manifest["victim"]["failed"]
    for name, seconds in (("steady", "12"), ("later", "4")):
        assert (out / name / "done.txt").read_text(encoding="utf-8") == seconds, stderr
        assert name in manifest
    failed = (out / "victim" / "FAILED.txt").read_text(encoding="utf-8")
    assert "killed (SIGKILL)" in failed


def test_a_killed_kernel_server_costs_its_running_notebooks_a_retry(site):
    root, notebooks, out, started = site
    # long enough to be running when the server is killed, which is as soon as a kernel is
    # forked; each runs twice (the retry sleeps again)
    params = {"steady.seconds": "10", "victim.seconds": "10", "later.seconds": "1"}
    proc = start_build(root, out, notebooks, params=params)
    started.append(proc)
    kernel = _a_forked_kernel(out)
    server = parent_of(kernel)
    family, forked = watch(descendants(proc.pid)), watch({kernel})
    os.kill(server, signal.SIGKILL)
    assert not outliving(forked, 10), "a kernel outlived its server"
    stdout, stderr = proc.communicate(timeout=120)  # never hangs
    # the kernels died with the server; their notebooks start again in kernels started the
    # usual way (a retry never asks the server), and the build succeeds
    assert proc.returncode == 0, stderr
    assert "victim: kernel problem" in stderr and "retrying once" in stderr, stderr
    for name, seconds in (("steady", "10"), ("victim", "10"), ("later", "1")):
        assert (out / name / "done.txt").read_text(encoding="utf-8") == seconds, stderr
    left = outliving(family, 20)
    assert not left, f"processes of the build outlived it: {left}"


def test_partial_folders_left_behind_are_removed_at_the_next_start(site):
    root, notebooks, out, _ = site
    (out / ".victim.partial").mkdir()
    (out / ".victim.partial" / "half.svg").write_text("<svg", encoding="utf-8")
    (out / ".renamed.partial").mkdir()
    done = run_build(root, out, notebooks)  # everything cached
    assert done.returncode == 0, done.stderr
    assert not list(out.glob(".*.partial"))
    assert "removed what an interrupted build left" in done.stderr


def test_a_cell_over_the_time_limit_fails_its_notebook_once(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "project", source=FIXTURE_PROJECT)
    notebooks = sleepy_notebooks(tmp_path / "notebooks", ("stuck",))
    monkeypatch.setattr(B.run, "CELL_TIMEOUT", 3)
    result = B.build_report(root, out=tmp_path / "out", notebooks=notebooks, jobs=1,
                            params={"seconds": "120"}, quiet=True)
    stuck = result["stuck"]
    assert stuck.status == "failed"
    assert stuck.attempts == 1, stuck.reason
    assert "longer than the limit of 3 s" in stuck.reason
    assert "kernel problem" not in stuck.reason

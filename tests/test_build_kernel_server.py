"""build.kernel_server and build.kernel_client: a kernel forked by the kernel server starts as a
fresh kernel would (environment, import path, matplotlib, signals, random seeds), each from the
server's state and none from another's; the server goes when its build goes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from build_support import FIXTURE_PROJECT, copy_project
from programtheory.build import build_languages, build_report
from programtheory.build.kernel import ensure_kernel, kernel_argv
from programtheory.build.kernel_client import (FRESH_KERNELS, KernelServer, imports_preloaded,
                                               one_server, server_command, server_for,
                                               server_pays, start_forked)

pytestmark = pytest.mark.slow

# Writes what a notebook can see of the process it runs in, and draws with pyplot.
PROBE = '''# %% [markdown]
# # Probe

# %% tags=["parameters"]
project = ".."
out_dir = "."

# %%
import gc
import json
import logging
import os
import random
import re
import signal
import sys
import threading
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy


def shown(value):
    return re.sub(r" at 0x[0-9a-f]+", "", repr(value))


def descriptors():
    """What the open files are (numbers left out); not the listing's own, nor the journal and
    its folder that IPython's history thread has open while it writes (SQLite syncs the folder
    too; now and then, in any kernel)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if not (target.endswith("-journal") or os.path.isdir(target)):
            found.append(re.sub(r"[0-9]+", "N", target))
    return sorted(found)


leftover = "left_by_another_notebook" in globals() or hasattr(matplotlib, "_probe_mark")
left_by_another_notebook = matplotlib._probe_mark = True
parent = Path(f"/proc/{os.getppid()}/cmdline").read_bytes().split(b"\\0")
state = {
    "forked": b"programtheory.build.kernel_server" in parent,
    "leftover": leftover,
    "cwd": Path.cwd().name,
    "path": [p.replace(os.getcwd(), "CWD") for p in sys.path],
    "argv": [sys.argv[0], len(sys.argv)],
    "env": sorted(k for k in os.environ if not k.startswith("JPY_")),
    "MPLBACKEND": os.environ.get("MPLBACKEND"),
    "backend": matplotlib.get_backend(),
    "rc": {k: shown(v) for k, v in matplotlib.rcParams.items()},
    "rc_file": matplotlib.matplotlib_fname(),
    "signals": {name: shown(signal.getsignal(getattr(signal, name)))
                for name in ("SIGINT", "SIGTERM", "SIGCHLD", "SIGPIPE", "SIGHUP", "SIGXFSZ",
                             "SIGQUIT", "SIGUSR1", "SIGALRM")},
    "session_leader": os.getsid(0) == os.getpid(),
    "stdin": os.fstat(0).st_mode,
    "random": random.random(),
    "numpy_random": float(numpy.random.random()),
    "warnings": sorted(shown(f) for f in warnings.filters),
    "logging": [shown(h) for h in logging.getLogger().handlers],
    "log_level": logging.getLogger().level,
    "main": sys.modules["__main__"].__name__,
    "name": __name__,
    "flags": shown(sys.flags),
    "threads": sorted(t.name for t in threading.enumerate()),
    "excepthook": shown(sys.excepthook),
    "displayhook": shown(sys.displayhook),
    "stdout": type(sys.stdout).__name__,
    "descriptors": descriptors(),
    "gc": [gc.isenabled(), gc.get_threshold()],
    # numpy's BLAS threads were started in the server: they must work after the fork
    "blas": float((numpy.ones((300, 300)) @ numpy.ones((300, 300))).sum()),
}
Path(out_dir, "state.json").write_text(json.dumps(state), encoding="utf-8")

# %%
figure, axes = plt.subplots()
axes.plot([1, 2], [2, 1])
plt.show()
'''
PER_PROCESS = {"forked", "random", "numpy_random"}


def _servers_of(pid: int) -> list[int]:
    """The kernel servers (alive) that process `pid` started."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except (OSError, NotADirectoryError):
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if int(fields[1]) == pid and fields[0] != "Z" \
                and b"programtheory.build.kernel_server" in command:
            found.append(int(entry.name))
    return found


def _probe_build(base: Path, monkeypatch, fresh: bool,
                 names=("probe_a", "probe_b", "probe_c")) -> dict[str, dict]:
    notebooks = base / "notebooks"
    notebooks.mkdir(parents=True)
    for name in names:
        (notebooks / f"{name}.py").write_text(PROBE, encoding="utf-8")
    if fresh:
        monkeypatch.setenv(FRESH_KERNELS, "1")
    else:
        monkeypatch.delenv(FRESH_KERNELS, raising=False)
    root = copy_project(base / "project", source=FIXTURE_PROJECT)
    result = build_report(root, out=base / "out", notebooks=notebooks, jobs=2, quiet=True)
    assert result.ok, [nb.reason for nb in result.notebooks]
    assert not _servers_of(os.getpid()), "a kernel server outlived its build"
    states = {}
    for name in names:
        state = json.loads((base / "out" / name / "state.json").read_text(encoding="utf-8"))
        executed = json.loads((base / "out" / name / f"{name}.ipynb").read_text(
            encoding="utf-8"))
        state["figure_shown"] = any("image/png" in output.get("data", {})
                                    for cell in executed["cells"]
                                    for output in cell.get("outputs", []))
        state["env"] = [k for k in state["env"] if k != FRESH_KERNELS]
        states[name] = state
    return states


def test_a_forked_kernel_starts_as_a_fresh_kernel_would(tmp_path, monkeypatch):
    """Each of three forked kernels (the server forks the third after two others ran) is
    compared with a kernel started the usual way for the same probe; what a fresh kernel
    sees does not depend on which probe it runs, but for its folder's name."""
    forked = _probe_build(tmp_path / "forked", monkeypatch, fresh=False)
    [(fresh_name, fresh)] = _probe_build(tmp_path / "fresh", monkeypatch, fresh=True,
                                         names=("probe_fresh",)).items()
    assert all(state["forked"] for state in forked.values()), "no kernel was forked"
    assert not fresh["forked"]
    for name in forked:
        assert not forked[name]["leftover"], "a kernel saw what another notebook left"
        assert forked[name]["figure_shown"], "pyplot showed no figure (inline backend)"
        expected = {**fresh, "cwd": fresh["cwd"].replace(fresh_name, name)}
        differing = {key for key in expected
                     if key not in PER_PROCESS and forked[name][key] != expected[key]}
        assert not differing, "\n".join(f"{key}: forked {forked[name][key]!r}, fresh "
                                          f"{expected[key]!r}" for key in sorted(differing))
    # each kernel has its own random seeds, as a new interpreter has
    assert len({state["random"] for state in forked.values()}) == 3
    assert len({state["numpy_random"] for state in forked.values()}) == 3


PARENT = '''# %% [markdown]
# # Ouder

# %% tags=["parameters"]
project = ".."
out_dir = "."

# %%
import os
from pathlib import Path

import programtheory

command = Path(f"/proc/{os.getppid()}/cmdline").read_bytes().split(b"\\0")
forked = b"programtheory.build.kernel_server" in command
Path(out_dir, "server.txt").write_text(str(os.getppid()) if forked else "", encoding="utf-8")
'''


def test_the_languages_of_a_build_share_one_server(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in ("first", "second"):
        (notebooks / f"{name}.py").write_text(PARENT, encoding="utf-8")
    root = copy_project(tmp_path / "project", source=FIXTURE_PROJECT)
    builds = build_languages(root, out=tmp_path / "out", notebooks=notebooks, jobs=2,
                             quiet=True)
    assert builds.ok and [r.lang for r in builds.results] == ["nl", "en"]
    servers = {(tmp_path / "out" / lang / name / "server.txt").read_text(encoding="utf-8")
               for lang in ("nl", "en") for name in ("first", "second")}
    assert len(servers) == 1 and "" not in servers, servers
    assert not _servers_of(os.getpid()), "the shared server outlived the build"


def test_a_shared_server_is_replaced_when_the_package_changes(monkeypatch):
    from programtheory.build import cache

    ensure_kernel()
    with one_server():
        first, own = server_for(kernel_argv())
        assert first is not None and not own
        assert server_for(kernel_argv())[0] is first
        monkeypatch.setattr(cache, "package_hash", lambda modules=None: "edited")
        second, _ = server_for(kernel_argv())
        assert second is not first and first.process.poll() is not None
    assert second.process.poll() is not None  # the scope stopped it


def worth_a_server(texts: list[str]) -> bool:
    """What a build decides from its notebooks' texts (plan.Plan.imports_preloaded)."""
    return server_pays(sum(imports_preloaded(text) for text in texts))


def test_a_server_is_started_for_two_notebooks_that_import_what_it_imported():
    plain = "import time\nfrom pathlib import Path\n"
    package = "from pathlib import Path\n\nfrom programtheory import load_project\n"
    figures = "import matplotlib.pyplot as plt\n"
    assert worth_a_server([package, figures])
    assert worth_a_server([plain, package, plain, "  import pandas as pd\n"])
    assert not worth_a_server([package])
    assert not worth_a_server([plain] * 20)
    assert not worth_a_server([package, "# import pandas\nx = 'from networkx import y'\n"])


def test_a_server_is_made_only_for_an_ipykernel_command_line():
    assert server_command(["/bin/python", "-Xfrozen_modules=off", "-m", "ipykernel_launcher",
                           "-f", "{connection_file}"]) == \
        ["/bin/python", "-Xfrozen_modules=off", "-m", "programtheory.build.kernel_server"]
    assert server_command(["/bin/python", "-m", "other_kernel", "-f", "x"]) is None
    assert server_command(["/bin/python", "-m"]) is None
    assert server_command(["some-kernel", "{connection_file}"]) is None


def _ask(address: str, request: dict) -> dict:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(60)
        conn.connect(address)
        conn.sendall(json.dumps(request).encode() + b"\n")
        data = b""
        while not data.endswith(b"\n"):
            chunk, fds, _flags, _addr = socket.recv_fds(conn, 4096, 1)
            for fd in fds:
                os.close(fd)
            assert chunk, "the server closed the connection"
            data += chunk
    return json.loads(data)


@pytest.fixture(scope="module")
def server():
    """One server for the tests that only talk to it (its start imports for ~2 CPU-s); each
    connects as a client of its own, as each worker of a build does."""
    ensure_kernel()
    started = KernelServer.start(kernel_argv())
    assert started is not None
    yield started
    started.stop()
    assert started.process.poll() is not None


def test_a_kernel_with_another_environment_is_refused(server):
    env = dict(os.environ, PYTHONHASHSEED="1234")
    reply = _ask(server.address, {"start": {"argv": kernel_argv(), "env": env,
                                            "cwd": str(Path.cwd())}})
    assert "PYTHONHASHSEED" in reply["refused"]


def test_a_request_of_the_wrong_shape_ends_its_client_and_not_the_server(server):
    with pytest.raises(AssertionError, match="closed the connection"):
        _ask(server.address, {"start": {"argv": []}})  # no env, no cwd
    assert server.process.poll() is None
    env = dict(os.environ, PYTHONHASHSEED="1234")  # the next client is still answered
    reply = _ask(server.address, {"start": {"argv": kernel_argv(), "env": env,
                                            "cwd": str(Path.cwd())}})
    assert "PYTHONHASHSEED" in reply["refused"]


def test_without_a_server_a_kernel_is_started_the_usual_way():
    ensure_kernel()
    env, cwd = dict(os.environ), str(Path.cwd())
    stopped = KernelServer.start(kernel_argv())
    stopped.stop()  # nobody listens at its address any more
    assert start_forked(stopped.address, kernel_argv(), env, cwd) is None
    killed = KernelServer.start(kernel_argv())
    try:
        killed.process.kill()  # killed: nobody listens at its address any more
        killed.process.wait(10)
        assert start_forked(killed.address, kernel_argv(), env, cwd) is None
    finally:
        killed.stop()


STRANGER = """
import json, os, socket, sys
os.setgid(65534)
os.setuid(65534)
conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
conn.settimeout(30)
conn.connect("\\0" + sys.argv[1])  # an abstract address
try:
    conn.sendall(json.dumps({"reap": 1}).encode() + b"\\n")
    print(repr(conn.recv(100)) or "nothing")
except ConnectionError:  # closed before or after the request: unanswered either way
    print("nothing")
"""


def test_the_server_answers_no_other_user(server):
    if os.getuid() != 0:
        pytest.skip("acting as another user needs root")
    assert _ask(server.address, {"reap": 1}) == {"status": None}  # its own user
    assert server.address.startswith("\0")
    stranger = subprocess.run([sys.executable, "-c", STRANGER, server.address[1:]],
                              capture_output=True, text=True, timeout=60)
    assert stranger.stdout.strip() in ("nothing", "b''"), stranger.stderr


SERVER_OWNER = """
import sys, time
from programtheory.build.kernel import kernel_argv
from programtheory.build.kernel_client import KernelServer
server = KernelServer.start(kernel_argv())
print(server.process.pid, flush=True)
time.sleep(600)
"""


def _gone(pid: int) -> bool:
    """Ended: no such process, or one that only waits to be reaped (a zombie)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] in ("Z", "X")


def test_the_server_dies_with_the_process_that_started_it():
    ensure_kernel()
    owner = subprocess.Popen([sys.executable, "-c", SERVER_OWNER], stdout=subprocess.PIPE,
                             text=True, start_new_session=True)
    try:
        server_pid = int(owner.stdout.readline())
        os.kill(server_pid, 0)  # running
        owner.kill()
        owner.wait(10)
        deadline = time.monotonic() + 20
        while not _gone(server_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _gone(server_pid), "the server outlived its owner"
    finally:
        if owner.poll() is None:
            os.killpg(owner.pid, signal.SIGKILL)
            owner.wait(10)


def test_a_kernel_whose_server_died_before_it_ran_ends_at_once():
    """The server forks a kernel and dies before the child has run a line (a build killed
    while its kernels start): the child must end, not take the process it was handed to for
    its server and run on as a kernel nobody stops."""
    from programtheory.build.kernel_server import _become_kernel

    dead = subprocess.Popen(["true"])
    dead.wait()  # a server that is gone: its pid is not this child's parent
    start = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "none.json"],
             "env": dict(os.environ), "cwd": str(Path.cwd())}
    child = os.fork()
    if child == 0:
        try:
            _become_kernel(start, dead.pid, [], {})
        finally:
            os._exit(99)  # not reached: _become_kernel always exits
    deadline = time.monotonic() + 30
    while (status := os.waitpid(child, os.WNOHANG))[0] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    if status[0] == 0:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
    assert status[0] == child and os.waitstatus_to_exitcode(status[1]) == 1, \
        "the kernel ran on without its server"

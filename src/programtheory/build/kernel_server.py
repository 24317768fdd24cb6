"""A kernel server: one interpreter that has imported what every notebook kernel imports, and
forks one fresh kernel per notebook from that state.

A kernel started the usual way is a new interpreter that imports ipykernel, matplotlib, pandas,
networkx and this package again: ~0.9 CPU-s before the notebook's first line (measured with
scripts/benchmark_build.py --cpu). The build starts this server once (`python -m
programtheory.build.kernel_server`, with the interpreter and flags of the registered kernel,
so it is a fresh interpreter, never a copy of the build's own state) and asks it for each
notebook's kernel; a fork costs a few milliseconds.

What makes a forked kernel the same as a fresh one:
- the fork happens before any notebook code runs, and the server never runs notebook code
  itself: each kernel starts from the same imported state, none inherits another's;
- the server imports with the environment the kernels get (a kernel whose environment differs
  in anything but the per-kernel `JPY_*` variables is refused, and started the usual way);
- matplotlib is imported as a fresh kernel imports it: with ipykernel's default backend in
  `MPLBACKEND`, in the kernel's registration folder (no stray `matplotlibrc`), and pyplot is not
  imported;
- the child takes the kernel's working folder, environment, `sys.argv` and signal dispositions,
  becomes the leader of its own session (as jupyter_client's launcher makes it), reseeds the
  random generators, and runs ipykernel's launcher code.

Lifetime: the server dies with the process that started it (Linux `prctl`, and a check of its
parent each second), and each kernel dies with the server; when a client (a build worker)
goes away, the kernels it started are killed. A kernel is reaped only when its client asks
(after it has exited), so its process and group id stay reserved while the client may still
signal it, as with a kernel the client started itself.

Protocol, over an abstract Unix socket that answers processes of the same user only: one JSON
line per request and reply.
  {"start": {"argv": [...], "env": {...}, "cwd": "...", "ignored_signals": [numbers]}}
      -> {"pid": N} with a pidfd of the kernel sent alongside, or {"refused": "why"}
  {"reap": N} -> {"status": exit code, negative for a signal; null while it runs}
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import random
import select
import signal
import socket
import struct
import sys
from pathlib import Path

from .workers import end_with_parent

INLINE_BACKEND = "module://matplotlib_inline.backend_inline"  # ipykernel's default
# variables a kernel's environment has and the server's may lack (or have otherwise)
PER_KERNEL_VARIABLES = frozenset({"JPY_PARENT_PID", "JPY_SESSION_NAME", "JPY_INTERRUPT_EVENT"})
# the signals whose disposition a kernel takes from its client (ignored) or gets afresh
FRESH_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD, signal.SIGQUIT,
                 signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM)
PRELOAD = (
    # not ipykernel.debugger (debugpy, ~0.08 s a kernel): imported here, it leaves a kernel one
    # more open file and other thread numbers than a fresh kernel has
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "IPython.display",
    "matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg", "pandas", "networkx",
    # what the package's exports import when first called (tables, documents, PDF pages)
    "openpyxl", "docx", "fontTools.subset", "pypdf", "pyvis.network",
    "programtheory",
)


def notebook_imports(folder: Path) -> list[str]:
    """The package modules the notebooks in `folder` import themselves (not the build's own,
    which a kernel never imports)."""
    from .cache import imported_modules

    return sorted({module for source in folder.glob("*.py")
                   for module in imported_modules(source.read_text(encoding="utf-8"))})


def _preload(environment: dict[str, str]) -> dict[str, str | None]:
    """Import what the kernels import, as a fresh kernel would (see the module docstring).
    Returns what the imports changed in the environment (None: removed), for the kernels."""
    if not environment.get("MPLBACKEND"):
        os.environ["MPLBACKEND"] = INLINE_BACKEND
    from .plan import SHIPPED_NOTEBOOKS

    for name in (*PRELOAD, *notebook_imports(SHIPPED_NOTEBOOKS)):
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - a kernel then imports it itself, as ever
            continue
    if not environment.get("MPLBACKEND"):  # set by ipykernel in each kernel, as ever
        del os.environ["MPLBACKEND"]
    changes = {key: os.environ.get(key) for key in set(os.environ) | set(environment)
               if os.environ.get(key) != environment.get(key)}
    os.environ.clear()
    os.environ.update(environment)
    # Python's recipe for a fork server (see gc.freeze): what is imported is kept out of the
    # collector's sight, so that a kernel's collections neither walk it nor copy its pages
    gc.freeze()
    return changes


def _refusal(request: dict, environment: dict[str, str]) -> str:
    wanted = request["env"]
    differing = sorted(k for k in set(wanted) | set(environment)
                       if wanted.get(k) != environment.get(k) and k not in PER_KERNEL_VARIABLES)
    if differing:
        return f"the kernel's environment differs in {', '.join(differing[:5])}"
    if "-m" not in request["argv"] or not os.path.isdir(request.get("cwd") or "."):
        return "not an ipykernel command line"
    return ""


class Server:
    def __init__(self, listener: socket.socket, parent_pid: int, environment: dict[str, str],
                 import_changes: dict[str, str | None]):
        self.listener = listener
        self.parent_pid = parent_pid
        self.environment = environment
        self.import_changes = import_changes
        self.clients: dict[socket.socket, bytes] = {}  # connection → unread bytes
        self.kernels: dict[socket.socket, set[int]] = {}  # connection → kernels not reaped

    def serve(self) -> None:
        while os.getppid() == self.parent_pid:
            ready, _, _ = select.select([self.listener, *self.clients], [], [], 1.0)
            for sock in ready:
                if sock is self.listener:
                    self._accept()
                else:
                    self._read(sock)

    def _accept(self) -> None:
        """A new client, if it is a process of this user (the socket is abstract: any
        process could reach it)."""
        try:
            conn, _ = self.listener.accept()
            credentials = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                          struct.calcsize("3i"))
        except OSError:  # out of descriptors, or gone at once: a client retries
            return
        if struct.unpack("3i", credentials)[1] != os.getuid():
            conn.close()
            return
        self.clients[conn] = b""
        self.kernels[conn] = set()

    def _read(self, conn: socket.socket) -> None:
        try:
            data = conn.recv(1 << 20)
            if data:
                self.clients[conn] += data
                while b"\n" in self.clients[conn]:
                    line, self.clients[conn] = self.clients[conn].split(b"\n", 1)
                    self._answer(conn, json.loads(line))
                return
        # a client killed mid-sentence (OSError, ValueError) goes as one that left; a request
        # of the wrong shape ends its client only, never the server and every other kernel
        except Exception:  # noqa: BLE001
            pass
        self._drop(conn)

    def _drop(self, conn: socket.socket) -> None:
        """A client that went away: its kernels go with it."""
        for pid in self.kernels.pop(conn):
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        del self.clients[conn]
        conn.close()

    def _answer(self, conn: socket.socket, request: dict) -> None:
        if "reap" in request:
            pid = int(request["reap"])
            status = None  # still running: a client asks only after the kernel ended
            if pid in self.kernels[conn]:
                done, wait_status = os.waitpid(pid, os.WNOHANG)
                if done:
                    self.kernels[conn].discard(pid)
                    status = os.waitstatus_to_exitcode(wait_status)
            conn.sendall(json.dumps({"status": status}).encode() + b"\n")
            return
        start = request["start"]
        why = _refusal(start, self.environment)
        pid = pidfd = None
        if not why:
            pid, pidfd, why = self._fork(start)
        if why:
            conn.sendall(json.dumps({"refused": why}).encode() + b"\n")
            return
        self.kernels[conn].add(pid)
        try:
            socket.send_fds(conn, [json.dumps({"pid": pid}).encode() + b"\n"], [pidfd])
        finally:
            os.close(pidfd)

    def _fork(self, start: dict) -> tuple[int | None, int | None, str]:
        """(pid, pidfd, "") of a new kernel, or (None, None, why not)."""
        for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()
        server = os.getpid()  # not the child's getppid(): the server may be gone by then
        try:
            pid = os.fork()
        except OSError as exc:
            return None, None, f"cannot fork: {exc}"
        if pid == 0:
            _become_kernel(start, server, [self.listener, *self.clients], self.import_changes)
        try:
            return pid, os.pidfd_open(pid), ""
        except OSError as exc:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return None, None, f"cannot watch the kernel: {exc}"


def _become_kernel(start: dict, server: int, sockets: list[socket.socket],
                   import_changes: dict[str, str | None]) -> None:
    """In the forked child of the server `server`: become what `argv` would have started, run
    it, and exit. A server that died before this child ran ends it at once (end_with_parent);
    taken from getppid() here, the server's pid would then be that of the process the child
    was handed to, and the kernel would outlive its server and its build."""
    code = 1
    try:
        os.setsid()  # as jupyter_client's launcher: interrupts go to the kernel's own group
        end_with_parent(server)
        for sock in sockets:
            sock.close()
        # stdin: a pipe whose other end is closed, as jupyter_client's launcher leaves it
        read_end, write_end = os.pipe()
        os.dup2(read_end, 0)
        os.close(read_end)
        os.close(write_end)
        _fresh_signals(start.get("ignored_signals", []))
        os.chdir(start["cwd"] or ".")
        os.environ.clear()
        os.environ.update(start["env"])
        os.environ["JPY_PARENT_PID"] = str(server)
        for key, value in import_changes.items():  # as the imports would have set them
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        _fresh_random()
        gc.enable()
        code = _run_launcher(start["argv"], server)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - the child never returns into the server's loop
        import traceback

        traceback.print_exc()
    finally:
        import atexit

        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()
        os._exit(code)


def _fresh_signals(ignored: list[int]) -> None:
    """The dispositions a new interpreter started by the client would have: handlers reset
    by exec, the signals the client ignores kept ignored, then Python's own (SIGINT, SIGPIPE,
    SIGXFSZ)."""
    for signum in FRESH_SIGNALS:
        signal.signal(signum, signal.SIG_IGN if signum in ignored else signal.SIG_DFL)
    if signal.SIGINT not in ignored:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _fresh_random() -> None:
    """New seeds, as a new interpreter has: a fork copies the server's generators."""
    random.seed()
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()


def _run_launcher(argv: list[str], server: int) -> int:
    """What `python -m ipykernel_launcher ARGS` does, with ARGS from the kernel's argv."""
    import ipykernel_launcher
    from ipykernel import kernelapp

    sys.argv = [ipykernel_launcher.__file__, *argv[argv.index("-m") + 2:]]
    # the parent that ipykernel watches is this server; its default was read at import
    kernelapp.IPKernelApp.launch_instance(parent_handle=server)
    return 0


def main(argv: list[str]) -> None:
    socket_fd, parent_pid = int(argv[0]), int(argv[1])
    end_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build decides, as for its workers
    # as ipykernel_launcher: the server's folder is not on the kernels' import path
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    environment = dict(os.environ)
    listener = socket.socket(fileno=socket_fd)
    gc.disable()  # no holes left in the shared pages; each kernel enables it again
    import_changes = _preload(environment)
    Server(listener, parent_pid, environment, import_changes).serve()


if __name__ == "__main__":
    main(sys.argv[1:])

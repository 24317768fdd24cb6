"""The build's side of the kernel server (kernel_server.py): starting and stopping the server,
and a kernel manager whose kernels are forked by it.

The build starts one server when at least MIN_NOTEBOOKS of the notebooks it runs import what the
server has imported (otherwise the server's own start costs more than it saves) and stops it
when it ends, however it ends. papermill then starts each notebook's kernel through
`ForkingKernelManager`: jupyter_client prepares the connection file, the environment and the
command line as ever, and only the last step, the process, differs. When the server is not there or refuses (another environment), the kernel
starts the usual way; a kernel the server started is signalled, killed and waited for as one
the client started itself (through a pidfd, so never a recycled process id).
"""

from __future__ import annotations

import contextlib
import functools

import json
import os
import re
import secrets
import select
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MIN_NOTEBOOKS = 2
# set (to anything) in the environment: every kernel is started the usual way
FRESH_KERNELS = "PROGRAMTHEORY_FRESH_KERNELS"
REPLY_SECONDS = 120  # the server imports for ~1 s before its first answer; never wait forever
SERVER_MODULE = "programtheory.build.kernel_server"


def server_pays(notebooks: int) -> bool:
    """Whether a server pays for its start (~1.4 CPU-s) with `notebooks` notebooks that import
    a package it has imported (`imports_preloaded`): when at least MIN_NOTEBOOKS do (each saves ~0.5-1 CPU-s; a notebook that
    imports none of them saves only ~0.1 CPU-s)."""
    return notebooks >= MIN_NOTEBOOKS


def imports_preloaded(text: str) -> bool:
    """Whether a notebook's text imports a package the server has imported."""
    return _preloaded_import().search(text) is not None


@functools.cache
def _preloaded_import() -> re.Pattern:
    from .kernel_server import PRELOAD

    packages = {name.split(".")[0] for name in PRELOAD} - {"ipykernel", "IPython"}
    return re.compile(r"^\s*(?:import|from)\s+(" + "|".join(sorted(packages)) + r")\b", re.M)


def server_command(kernel_argv: list[str]) -> list[str] | None:
    """The registered kernel's interpreter and flags, running the server instead of
    ipykernel's launcher; None for a kernel command of another form."""
    if "-m" not in kernel_argv:
        return None
    at = kernel_argv.index("-m")
    if kernel_argv[at + 1:at + 2] != ["ipykernel_launcher"]:
        return None
    return [*kernel_argv[:at], "-m", SERVER_MODULE]


class KernelServer:
    """A running kernel server, owned by the process that started it."""

    def __init__(self, process: subprocess.Popen, address: str):
        self.process = process
        self.address = address

    @classmethod
    def start(cls, kernel_argv: list[str]) -> KernelServer | None:
        """Start a server for kernels of this command line (None where forking is not
        available: not Linux, or an unusual kernel command)."""
        from .kernel import kernel_dir

        command = server_command(kernel_argv)
        # its working folder: the kernel's registration (kernel.json and logos), so that
        # no matplotlibrc of the caller's folder is read by its imports
        folder = kernel_dir()
        if command is None or not sys.platform.startswith("linux") \
                or not hasattr(os, "pidfd_open") or (folder / "matplotlibrc").exists():
            return None
        # An abstract socket (Linux): no file that a killed build would leave behind; the
        # server answers only processes of this user.
        address = f"\0programtheory-kernels-{secrets.token_hex(12)}"
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(address)
            listener.listen(64)
            # its own session: a Ctrl-C at the terminal reaches the build, which decides.
            # os.environ, as the kernels get: the C environment may hold more (readline
            # sets COLUMNS and LINES there), which would make the server refuse every kernel
            process = subprocess.Popen(
                [*command, str(listener.fileno()), str(os.getpid())],
                pass_fds=[listener.fileno()], cwd=folder, stdin=subprocess.DEVNULL,
                env=dict(os.environ), start_new_session=True)
        except OSError:
            return None
        finally:
            # the server holds it now: if the server dies, a client is refused, not left
            # waiting for an answer that never comes
            listener.close()
        return cls(process, address)

    def stop(self) -> None:
        """End the server (and with it any kernel it still has)."""
        _forget(self.address)
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(5)


_SHARED: list[dict] = []  # the open scopes of `one_server`: {"server", "package"}


@contextmanager
def one_server():
    """Within it, the builds of this process share one server (the first that wants one
    starts it) instead of starting one each; it stops when the scope ends."""
    scope: dict = {"server": None, "package": ""}
    _SHARED.append(scope)
    try:
        yield
    finally:
        _SHARED.remove(scope)
        if scope["server"] is not None:
            scope["server"].stop()


def server_for(kernel_argv: list[str]) -> tuple[KernelServer | None, bool]:
    """A server for a build: (the server or None, whether the build must stop it). Inside
    `one_server`, the scope's server, started now if it is not running yet, or again if the
    package's source changed since it started (the build's plan has hashed the new source:
    its kernels must run it)."""
    if not _SHARED:
        return KernelServer.start(kernel_argv), True
    from .cache import package_hash

    scope, package = _SHARED[-1], package_hash()
    server = scope["server"]
    if server is None or server.process.poll() is not None or scope["package"] != package:
        if server is not None:
            server.stop()
        scope["server"], scope["package"] = KernelServer.start(kernel_argv), package
    return scope["server"], False


# ---------------------------------------------------------------- the client side

_connections: dict[tuple[int, str], socket.socket] = {}


def _connection(address: str) -> socket.socket:
    """This process's connection to the server (a forked worker opens its own)."""
    key = (os.getpid(), address)
    conn = _connections.get(key)
    if conn is None:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.settimeout(REPLY_SECONDS)
        conn.connect(address)
        _connections[key] = conn
    return conn


def _forget(address: str) -> None:
    conn = _connections.pop((os.getpid(), address), None)
    if conn is not None:
        conn.close()


def _send(conn: socket.socket, request: dict) -> None:
    conn.sendall(json.dumps(request).encode() + b"\n")


def _read_reply(conn: socket.socket) -> tuple[dict, list[int]]:
    """One answer line of the server, and the descriptors sent with it."""
    data, fds = b"", []
    while not data.endswith(b"\n"):
        chunk, more, _flags, _addr = socket.recv_fds(conn, 4096, 1)
        if not chunk:
            raise ConnectionError("the kernel server ended before it answered")
        data += chunk
        fds += more
    return json.loads(data), fds


def _ask(conn: socket.socket, request: dict) -> tuple[dict, list[int]]:
    _send(conn, request)
    return _read_reply(conn)


class ForkedKernel:
    """A kernel process the server forked: what jupyter_client needs of a Popen."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, pidfd: int, address: str):
        self.pid = pid
        self.pidfd = pidfd
        self.address = address
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self.pidfd], [], [], 0)[0]:
            try:
                status = _ask(_connection(self.address), {"reap": self.pid})[0]["status"]
            except OSError:  # the server is gone, and took its kernels with it
                _forget(self.address)
                status = -signal.SIGKILL
            if status is not None:
                self.returncode = int(status)
                os.close(self.pidfd)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            select.select([self.pidfd], [], [], 0.1)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            signal.pidfd_send_signal(self.pidfd, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def start_forked(address: str, cmd: list[str], env: dict[str, str],
                 cwd: str | None) -> ForkedKernel | None:
    """A kernel forked by the server at `address`, or None when it cannot or will not (the
    caller then starts the kernel itself); nothing is started when None is returned."""
    from .kernel_server import FRESH_SIGNALS

    ignored = [int(s) for s in FRESH_SIGNALS if signal.getsignal(s) == signal.SIG_IGN]
    request = {"start": {"argv": cmd, "env": env, "cwd": str(cwd or os.getcwd()),
                         "ignored_signals": ignored}}
    try:
        conn = _connection(address)
        _send(conn, request)
        reply, fds = _read_reply(conn)
    except (OSError, ValueError):
        # the kernel starts the usual way; the connection is not used again (a late answer
        # must not be taken for the next one's), and the server kills what it forked for it
        _forget(address)
        return None
    if "pid" not in reply:
        for fd in fds:
            os.close(fd)
        return None
    return ForkedKernel(int(reply["pid"]), fds[0], address)


def _manager_class():
    """The kernel manager class and its provisioner (jupyter_client is imported only when
    used)."""
    from jupyter_client import AsyncKernelManager
    from jupyter_client.provisioning import LocalProvisioner
    from traitlets import Unicode

    class ForkedKernelProvisioner(LocalProvisioner):
        """LocalProvisioner whose process comes from the kernel server when it can."""

        address = ""

        async def launch_kernel(self, cmd: list[str], **kwargs: Any):
            # (jupyter_client's pre_launch always gives the kernel's environment)
            process = start_forked(self.address, cmd, kwargs["env"], kwargs.get("cwd"))
            if process is None:
                return await super().launch_kernel(cmd, **kwargs)
            self.process = process
            self.pid = self.pgid = process.pid
            self.cwd = kwargs.get("cwd", Path.cwd())
            return self.connection_info

        async def send_signal(self, signum: int) -> None:
            if isinstance(self.process, ForkedKernel) and self.process.poll() is not None:
                return  # reaped: its group id may be another's by now
            await super().send_signal(signum)

    class ForkingKernelManager(AsyncKernelManager):
        """An AsyncKernelManager whose kernel is forked by the server at `kernel_server`."""

        kernel_server = Unicode("", config=True, help="address of the kernel server")

        async def _async_pre_start_kernel(self, **kw: Any):
            if self.provisioner is None and self.kernel_server:
                self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
                provisioner = ForkedKernelProvisioner(
                    kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
                provisioner.address = self.kernel_server
                self.provisioner = provisioner
            return await super()._async_pre_start_kernel(**kw)

        pre_start_kernel = _async_pre_start_kernel

    return ForkingKernelManager


@functools.cache
def forking_kernel_manager():
    """The kernel manager class to give papermill (one class per process)."""
    return _manager_class()

"""Worker processes that die with their build, and one lock per output folder.

The notebooks run in worker processes forked from the build (which imported the heavy
libraries once), one notebook at a time per worker, each worker told which notebook to run
next. A worker asks the kernel (Linux `prctl`) to kill it when the build dies, and checks its
parent besides, so no worker outlives an interrupted build; the notebook kernels it starts exit
when their worker is gone (ipykernel's parent poller, or for a kernel forked by the kernel
server, the server's kill when the worker's connection ends; see kernel_server.py). A worker that crashes (killed by a
signal, out of memory) fails only the notebook it was running: the build knows which one,
and the notebooks still to run go to a fresh worker.

The lock file records the process id (and its start time) of the build holding it. A build
that finds the lock held by a process that no longer exists takes it over, and says so.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

PR_SET_PDEATHSIG = 1  # linux/prctl.h
POLL_SECONDS = 0.2


class BuildInterrupted(KeyboardInterrupt):
    """The build was asked to stop (SIGTERM, SIGHUP or Ctrl-C)."""


# ---------------------------------------------------------------- dying with the parent

def die_with_parent(parent_pid: int) -> None:
    """Make this process end when `parent_pid` ends (Linux: at once, by the kernel; elsewhere:
    a thread that checks every second)."""
    end_with_parent(parent_pid)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def end_with_parent(parent_pid: int) -> None:
    """Ask Linux to end this process when `parent_pid` ends (elsewhere: nothing), and end it
    now if that parent is gone already. Without a thread, for a process that must not have one
    (a kernel server, whose kernels would inherit it)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before the line above
        os._exit(1)


def _worker_main(target: Callable[[dict], dict], conn, parent_pid: int,
                 close_fds: tuple[int, ...]) -> None:
    """Run the jobs the build sends, one at a time, until it sends None or goes away."""
    die_with_parent(parent_pid)
    for fd in close_fds:  # the build's lock stays with the build alone
        with suppress(OSError):
            os.close(fd)
    # Ctrl-C reaches the whole terminal group: the build decides, and stops its workers
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(target(job))


def run_in_workers(jobs: list[dict], workers: int, target: Callable[[dict], dict],
                   on_result: Callable[[dict], None], crashed: Callable[[dict, str], dict],
                   close_fds: tuple[int, ...] = ()) -> None:
    """Run target(job) for every job in at most `workers` worker processes.

    on_result gets each result as it arrives. A worker that dies without a result gives
    crashed(job, why) for its job alone; the remaining jobs go to a fresh worker. When the
    build is interrupted, the workers are stopped.
    """
    import multiprocessing as mp
    from multiprocessing.connection import wait

    method = "fork" if "fork" in mp.get_all_start_methods() and sys.platform != "darwin" \
        else "spawn"
    ctx = mp.get_context(method)
    pending = list(jobs)
    idle: list[tuple[Any, Any]] = []  # (process, connection)
    busy: dict[Any, tuple[Any, dict]] = {}  # connection → (process, job)

    def start() -> tuple[Any, Any]:
        mine, theirs = ctx.Pipe(duplex=True)
        process = ctx.Process(target=_worker_main, daemon=True, name="notebook-worker",
                              args=(target, theirs, os.getpid(), close_fds))
        process.start()
        theirs.close()
        return process, mine

    try:
        while pending or busy:
            while pending and len(busy) < workers:
                process, conn = idle.pop() if idle else start()
                job = pending.pop(0)
                conn.send(job)
                busy[conn] = (process, job)
            for conn in wait(list(busy)):
                process, job = busy.pop(conn)
                try:
                    result = conn.recv()
                except (EOFError, OSError):
                    process.join(5)
                    conn.close()
                    result = crashed(job, _death(process.exitcode))
                else:
                    idle.append((process, conn))
                on_result(result)
    finally:
        for _process, conn in idle:
            # ends the worker (a later worker holds this pipe too, so closing it alone would
            # not)
            with suppress(OSError):
                conn.send(None)
            conn.close()
        for conn, (process, _job) in busy.items():
            process.kill()
            conn.close()
        for process, _conn in idle + [(p, c) for c, (p, _j) in busy.items()]:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the worker process running it was killed ({name})"
    return f"the worker process running it ended without a result (exit code {exitcode})"


@contextmanager
def stop_on_signals():
    """SIGTERM and SIGHUP stop the build like Ctrl-C does: as BuildInterrupted, so that it
    cleans up, marks the index as interrupted and stops its workers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, _frame):
        raise BuildInterrupted(signal.Signals(signum).name)

    wanted = [s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]
    before = {s: signal.signal(s, stop) for s in wanted}
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)


# ---------------------------------------------------------------- the lock

def _start_time(pid: int) -> str:
    """The process's start time (Linux), to tell it from a later process with the same id."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[-1].split()[19]


def _holder(text: str) -> tuple[int, str] | None:
    parts = text.split()
    if not parts or not parts[0].isdigit():
        return None
    return int(parts[0]), parts[1] if len(parts) > 1 else ""


def _alive(holder: tuple[int, str]) -> bool:
    pid, started = holder
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not started or not _start_time(pid) or _start_time(pid) == started


def _record(handle) -> None:
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()} {_start_time(os.getpid())}\n")
    handle.flush()


@contextmanager
def build_lock(lock_path: Path, log: Callable[[str], None]):
    """One build at a time per output folder: a second one waits (and says for whom); a lock
    whose build is gone is taken over. Yields the open lock file."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock
        yield None
        return
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    guard_path = lock_path.with_name(lock_path.name + ".guard")
    waiting_for = None
    while True:
        with open(guard_path, "a+") as guard:  # one build at a time looks at the lock
            fcntl.flock(guard, fcntl.LOCK_EX)
            handle = lock_path.open("a+")
            handle.seek(0)
            holder = _holder(handle.read())
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if holder is None or _alive(holder):
                    handle.close()
                else:  # what is left of a dead build still has the file open: a new file
                    handle.close()
                    handle = _take_over(lock_path, fcntl)
                    log(f"the build in process {holder[0]} was interrupted and is gone; "
                        "taking over its lock")
                    break
            else:
                if holder is not None and holder[0] != os.getpid() and not _alive(holder):
                    log(f"the build in process {holder[0]} was interrupted; taking over its "
                        "lock")
                _record(handle)
                break
        if holder is not None and waiting_for != holder[0]:
            waiting_for = holder[0]
            log(f"waiting for the build running in process {holder[0]} into "
                f"{lock_path.parent.parent.name}/: this build goes on when that one ends; "
                "press Ctrl-C to give up, or build into another folder with --out")
        time.sleep(POLL_SECONDS)
    try:
        yield handle
    finally:
        handle.seek(0)
        handle.truncate()  # a finished build leaves no holder behind
        handle.flush()
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _take_over(lock_path: Path, fcntl):
    fresh = lock_path.with_name(f"{lock_path.name}.{os.getpid()}")
    handle = fresh.open("a+")
    fcntl.flock(handle, fcntl.LOCK_EX)
    _record(handle)
    os.replace(fresh, lock_path)
    return handle

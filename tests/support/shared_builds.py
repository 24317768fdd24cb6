"""Results made once per test run and shared by every test process.

A report build takes 15-20 s. Under pytest-xdist a module- or session-scoped fixture runs once
per worker, and again whenever a worker comes back to a module after another one; the real
project was built six times in one run. `shared` makes a result once per run, whichever worker
asks first, in a folder every worker sees, and hands the others the same result: they wait on a
file lock meanwhile.

Tests read a shared result; a test that changes files copies them first.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
from collections.abc import Callable
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

__all__ = ["shared", "shared_root"]


def shared_root(tmp_path_factory) -> Path:
    """The folder every process of this test run shares (each xdist worker has its own
    temporary folder below it, named after it; a run without xdist has just one). The
    folder's name is checked too: a pytest started from a test inherits the worker's
    environment, not its folder."""
    base = tmp_path_factory.getbasetemp()
    worker_id = os.environ.get("PYTEST_XDIST_WORKER")
    worker = bool(worker_id) and base.name == f"popen-{worker_id}"
    root = (base.parent if worker else base) / "shared"
    root.mkdir(parents=True, exist_ok=True)
    return root


@contextmanager
def _locked(path: Path):
    with path.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared(tmp_path_factory, name: str, produce: Callable[[Path], T]) -> T:
    """`produce(folder)` run once per test run, in a folder of its own; its return value
    (pickled) goes to every process that asks for `name`. A failed attempt leaves nothing
    behind, so the next process to ask tries again and fails the same way."""
    root = shared_root(tmp_path_factory)
    folder, done = root / name, root / f"{name}.pickle"
    with _locked(root / f"{name}.lock"):
        if done.is_file():
            with suppress(pickle.UnpicklingError, EOFError):  # else made again, below
                return pickle.loads(done.read_bytes())
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        try:
            value = produce(folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        partial = done.with_suffix(".partial")
        partial.write_bytes(pickle.dumps(value))
        os.replace(partial, done)  # a process stopped while writing leaves no half result
        return value

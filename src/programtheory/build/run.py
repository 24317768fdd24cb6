"""Running one notebook: jupytext → papermill in its own kernel → the executed notebook and
its offline page, in a staging folder. This runs inside a worker process (see workers.py).

Kernels talk over Unix sockets, not TCP ports, so parallel kernels cannot race for a port; a
kernel is forked by the build's kernel server when there is one (kernel_client.py); a
notebook whose kernel fails to start, or dies before papermill recorded a finished cell, is
retried once, in a kernel started the usual way. A cell over CELL_TIMEOUT fails its
notebook and is not retried. The heavy libraries (papermill, nbconvert, jupytext) are imported
here, inside the functions, never by planning.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import files as F
from .deferred_imports import defer_iri_grammars
from .kernel import DISPLAY_NAME, KERNEL_NAME
from .notebooks import split_cells
from .results import CellError, Job, Outcome

CELL_TIMEOUT = 900  # seconds one cell may run before the notebook counts as failed
# seconds to wait for a finished cell's output (papermill's default of 4 s is too short for
# the figures of a large theory, and then fails a notebook whose cells all succeeded)
IOPUB_TIMEOUT = 120


def log_line(message: str) -> None:
    print(f"[build] {message}", file=sys.stderr, flush=True)


def remove_path(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


def preload() -> None:
    """Import the heavy modules and compile the page templates once, before forking: every
    worker then has them for free."""
    defer_iri_grammars()
    import jupytext  # noqa: F401
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401

    from .site import warm_exporter

    warm_exporter()


def run_notebook(job: Job) -> Outcome:
    """Run one notebook into its staging folder: `<name>.ipynb` and `<name>.html` when it
    succeeds, `<name>.failed.ipynb` and `<name>.failed.html` (inputs shown) when it fails."""
    defer_iri_grammars()  # before nbformat is imported
    log = (lambda message: None) if job.quiet else log_line
    log(f"{job.name}: running ({job.why})")
    started = time.perf_counter()
    remove_path(job.stage)
    job.stage.mkdir(parents=True)
    text = job.source.read_text(encoding="utf-8")
    try:
        notebook = _convert(text, job.title)
    except Exception as exc:  # noqa: BLE001 - any conversion problem fails this notebook
        return Outcome(job.name, False, time.perf_counter() - started, 0,
                       f"cannot read {job.source.name} as a notebook: {exc}")
    executed_path = job.stage / f"{job.name}.ipynb"
    error, message, attempts = _execute_once_or_twice(notebook, executed_path, job, text, log)
    message = F.scrub(message, job.prefixes)
    if executed_path.is_file():
        message = _write_outputs(job, executed_path, message, log)
    elif not message:
        message = "papermill wrote no notebook"
    return Outcome(job.name, not message, time.perf_counter() - started, attempts, message,
                   error)


def _write_outputs(job: Job, executed_path: Path, message: str, log) -> str:
    """The cleaned notebook and its page; returns the failure message (with export problems).
    Images without a description are logged: the page gives them a stand-in text."""
    import nbformat

    from .site import export_page

    nb = nbformat.read(executed_path, as_version=4)
    clean_metadata(nb, job.name, job.prefixes)
    lang = job.lang
    if message:
        nbformat.write(nb, job.stage / f"{job.name}.failed.ipynb")
        executed_path.unlink()
        try:
            export_page(nb, job.stage / f"{job.name}.failed.html", job.title + " — FAILED",
                        show_input=True, lang=lang)
        except Exception as exc:  # noqa: BLE001
            message += f" (and the failed page could not be written: {exc})"
        return message
    nbformat.write(nb, executed_path)
    try:
        undescribed = export_page(without_stderr(nb), job.stage / f"{job.name}.html",
                                  job.title, show_input=False, lang=lang)
    except Exception as exc:  # noqa: BLE001
        return f"HTML export failed: {type(exc).__name__}: {exc}"
    if undescribed:
        log(f"{job.name}: {undescribed} image(s) on its page have no description; give each "
            "one (for example image_html(path, alt=...)), screen readers now say only "
            "that the image has none")
    return ""


def _execute_once_or_twice(notebook, executed_path: Path, job: Job, text: str,
                           log) -> tuple[CellError | None, str, int]:
    """(error, message, attempts): a notebook whose kernel fails to start is retried once; a
    cell error or a cell over the time limit is the notebook's failure, never retried."""
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    attempts = 0
    while True:
        attempts += 1
        try:
            # a retry starts its kernel the usual way, whatever went wrong the first time
            server = job.kernel_server if attempts == 1 else ""
            execute(notebook, executed_path, job.params, job.stage, kernel_server=server)
            return None, "", attempts
        except PapermillExecutionError as exc:
            error = cell_error(exc, text, executed_path)
            return error, error.describe(job.shown_source), attempts
        except CellTimeoutError as exc:
            if "IOPub" in str(exc):  # the cell finished, its output did not arrive in time
                return None, (f"the output of a cell did not arrive within {IOPUB_TIMEOUT} s "
                              "after it finished: the notebook is stopped, not retried"), attempts
            return None, (f"a cell ran longer than the limit of {CELL_TIMEOUT} s "
                          "(CELL_TIMEOUT): the notebook is stopped, not retried"), attempts
        except Exception as exc:  # noqa: BLE001 - kernel start races (ZMQ) and the like
            if attempts < 2 and executed_cells(executed_path) == 0:
                log(f"{job.name}: kernel problem ({type(exc).__name__}: {exc}); "
                    "retrying once")
                continue
            return None, f"{type(exc).__name__}: {exc}", attempts


def _convert(text: str, title: str):
    import jupytext

    nb = jupytext.reads(text, fmt="py:percent")
    nb.metadata["kernelspec"] = {"display_name": DISPLAY_NAME, "language": "python",
                                 "name": KERNEL_NAME}
    nb.metadata.pop("jupytext", None)
    nb.metadata["title"] = title
    return nb


def execute(notebook, output: Path, params: dict, cwd: Path, kernel_server: str = "") -> None:
    """papermill in-process, in the registered kernel, over Unix sockets where there are; the
    kernel is forked by the kernel server at `kernel_server` when one is given (see
    kernel_server.py)."""
    import papermill as pm
    from traitlets.config import Config

    kwargs: dict[str, Any] = {}
    ipc_dir = None
    config = Config()
    if os.name == "posix":
        # Unix sockets instead of TCP ports: no port races between parallel kernels, and no
        # 'running over TCP without encryption' warning. The socket path must stay short.
        ipc_dir = tempfile.mkdtemp(prefix="ptk-")
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = os.path.join(ipc_dir, "k")
    if kernel_server:
        from .kernel_client import forking_kernel_manager

        kwargs["kernel_manager_class"] = forking_kernel_manager()
        config.ForkingKernelManager.kernel_server = kernel_server
    kwargs["config"] = config
    try:
        pm.execute_notebook(notebook, str(output), parameters=params, kernel_name=KERNEL_NAME,
                            cwd=str(cwd), progress_bar=False, log_output=False,
                            request_save_on_cell_execute=False, start_timeout=120,
                            execution_timeout=CELL_TIMEOUT, iopub_timeout=IOPUB_TIMEOUT,
                            # the outputs are written by then: no need to wait for a
                            # graceful exit (saves ~0.15 s per notebook)
                            shutdown_kernel="immediate", **kwargs)
    finally:
        if ipc_dir:
            shutil.rmtree(ipc_dir, ignore_errors=True)


def executed_cells(path: Path) -> int:
    if not path.is_file():
        return 0
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    return sum(1 for c in data.get("cells", []) if c.get("execution_count"))


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def cell_error(exc, text: str, executed_path: Path) -> CellError:
    """The failing cell as an index into the notebook source, with its start line."""
    index = exc.cell_index
    injected_before = 0
    if executed_path.is_file():
        data = json.loads(executed_path.read_text(encoding="utf-8"))
        cells = [c for c in data.get("cells", [])
                 if "papermill-error-cell-tag" not in c.get("metadata", {}).get("tags", [])]
        for cell in cells[:index]:
            if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
                injected_before += 1
    cell = index - injected_before if index is not None else None
    source_cells = split_cells(text)
    line = source_cells[cell].line if cell is not None and 0 <= cell < len(source_cells) \
        else None
    first = next((ln for ln in str(exc.source).splitlines() if ln.strip()), "")
    return CellError(cell, line, first[:120], exc.ename, _ANSI.sub("", str(exc.evalue))[:2000])


def clean_metadata(nb, name: str, prefixes: list[tuple[str, str]]) -> None:
    """No absolute input/output paths or environment in the metadata, and the project,
    build, package, Python and home folders replaced in every output. No clock times either,
    and cells numbered by their place (jupytext and papermill give them random ids): a
    notebook that has not changed gives the same files on every build, and the build's index
    says when it ran and for how long."""
    meta = nb.metadata.get("papermill")
    if meta is not None:
        meta["input_path"] = f"{name}.py"
        meta["output_path"] = f"{name}.ipynb"
        meta["environment_variables"] = {}
        _drop_times(meta)
    for place, cell in enumerate(nb.cells, start=1):
        if "id" in cell:
            cell["id"] = f"cell-{place}"
        cell.metadata.pop("execution", None)  # the kernel's time stamps of the cell
        _drop_times(cell.metadata.get("papermill", {}))
        for output in cell.get("outputs", []):
            _scrub_output(output, prefixes)


def _drop_times(papermill_metadata: dict) -> None:
    for key in ("start_time", "end_time", "duration"):
        papermill_metadata.pop(key, None)


def _scrub_output(output, prefixes: list[tuple[str, str]]) -> None:
    kind = output.get("output_type")
    if kind == "error":
        output["traceback"] = [F.scrub(line, prefixes) for line in output["traceback"]]
        output["evalue"] = F.scrub(output.get("evalue", ""), prefixes)
    elif kind == "stream":
        output["text"] = F.scrub(output.get("text", ""), prefixes)
    elif kind in ("display_data", "execute_result"):
        data = output.get("data", {})
        for mime in ("text/plain", "text/html", "text/markdown"):
            if isinstance(data.get(mime), str):
                data[mime] = F.scrub(data[mime], prefixes)


def without_stderr(nb):
    """A copy of the notebook without stderr streams (library warnings): the report page
    shows results; the warnings stay in the .ipynb."""
    clean = copy.deepcopy(nb)
    for cell in clean.cells:
        if "outputs" in cell:
            cell["outputs"] = [o for o in cell["outputs"]
                               if not (o.get("output_type") == "stream"
                                       and o.get("name") == "stderr")]
    return clean

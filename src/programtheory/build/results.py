"""What a build decides and reports: one status vocabulary, the job a worker runs, what it
sends back, and the result of each notebook and of the whole build.

A notebook's status is one `Status` from planning to the index page: the planner marks the
notebooks to run as DUE, and running turns each DUE into RAN or FAILED (or INTERRUPTED when the
build stops first). The values are strings, so `result.status == "ran"` keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


class Status(StrEnum):
    DUE = "due"  # planned: it must run in this build
    RAN = "ran"
    CACHED = "cached"
    FAILED = "failed"
    STALE = "stale"  # out of date and not rebuilt (--only), or failed earlier
    MISSING = "missing"  # never built and not selected (--only)
    SKIPPED = "skipped"  # the project lacks a file the notebook requires
    INTERRUPTED = "interrupted"

    @property
    def ok(self) -> bool:
        """Not a failure of this build (what was not rebuilt is reported, not failed)."""
        return self not in (Status.FAILED, Status.INTERRUPTED, Status.DUE)


@dataclass
class CellError:
    """Where and how a notebook failed."""

    cell: int | None  # index of the cell in the notebook source (0-based), None if unknown
    line: int | None  # line in notebooks/<name>.py where that cell starts
    first_line: str  # the cell's first source line
    ename: str
    evalue: str

    def describe(self, source: str = "") -> str:
        where = ""
        if self.cell is not None:
            where = f"cell {self.cell}"
            if source and self.line:
                where = f"{source}:{self.line}: {where}"
            if self.first_line:
                where += f" ({self.first_line.strip()!s})"
            where += ": "
        return f"{where}{self.ename}: {self.evalue}".rstrip(": ")


@dataclass(frozen=True)
class Job:
    """One notebook to run, as sent to a worker process (picklable)."""

    name: str
    source: Path  # the notebook's .py file
    params: dict[str, Any]
    stage: Path  # the staging folder, also the kernel's working directory
    prefixes: list[tuple[str, str]]  # private paths to hide in what the notebook writes
    title: str
    why: str
    shown_source: str  # the source as error messages name it (e.g. notebooks/x.py)
    lang: str  # the site's language (of the page, whether the notebook takes `lang` or not)
    quiet: bool = False
    kernel_server: str = ""  # the address of the server that forks kernels (kernel_client.py)


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back for a job."""

    name: str
    ok: bool
    seconds: float
    attempts: int = 1
    message: str = ""  # why it failed ('' when ok)
    error: CellError | None = None


@dataclass
class NotebookResult:
    name: str
    status: Status
    seconds: float = 0.0
    reason: str = ""  # why it ran, or why it failed
    folder: Path | None = None
    page: Path | None = None
    notebook: Path | None = None
    outputs: list[Path] = field(default_factory=list)
    error: CellError | None = None
    attempts: int = 0
    # a failed notebook whose last good outputs are kept and shown as out of date
    kept_outputs: bool = False

    @property
    def ok(self) -> bool:
        return self.status.ok


@dataclass
class BuildResult:
    out: Path
    index: Path
    notebooks: list[NotebookResult]
    seconds: float
    data_errors: list[str] = field(default_factory=list)
    interrupted: bool = False
    lang: str = ""

    @property
    def ok(self) -> bool:
        return (all(nb.status != Status.FAILED for nb in self.notebooks)
                and not self.data_errors and not self.interrupted)

    def __getitem__(self, name: str) -> NotebookResult:
        for nb in self.notebooks:
            if nb.name == name:
                return nb
        raise KeyError(name)

    def names(self, status: Status | str) -> list[str]:
        return [nb.name for nb in self.notebooks if nb.status == status]

    @property
    def ran(self) -> list[str]:
        return self.names(Status.RAN)

    @property
    def cached(self) -> list[str]:
        return self.names(Status.CACHED)

    @property
    def failed(self) -> list[str]:
        return self.names(Status.FAILED)

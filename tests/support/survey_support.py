"""Synthetic surveys for the monitoring tests: a copy of the project in a temporary folder and
exports written by scripts/make_survey.py (no real answers anywhere)."""

from __future__ import annotations

import copy
import functools
import importlib.util
import re
import shutil
from pathlib import Path

from project_support import REPO

MARKER = re.compile(r"synthetic-answer-[\w-]+")


@functools.cache
def make_survey_module():
    spec = importlib.util.spec_from_file_location("make_survey", REPO / "scripts" /
                                                  "make_survey.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def project_copy(tmp_path: Path) -> Path:
    """The shipped project's data files in a temporary folder (never the project itself)."""
    target = tmp_path / "project"
    target.mkdir()
    for name in ("barometer.yaml", "outcomes.yaml", "project.yaml"):
        shutil.copy(REPO / name, target / name)
    shutil.copytree(REPO / "theory", target / "theory")
    return target


def write_survey(path: Path, *, n: int = 120, wave: str = "w_test", seed: int = 1,
                 faults: tuple[str, ...] = (), delimiter: str = ",", encoding: str = "utf-8",
                 fmt: str | None = None):
    """Write a synthetic export; return the frame written (to compute the truth from)."""
    survey = make_survey_module()
    columns = copy.deepcopy(_instrument_columns())  # a test may change its own copy
    frame = survey.survey_frame(columns, n, wave, seed)
    if faults:
        frame = survey.add_faults(frame, columns, list(faults), seed)
    survey.write(frame, columns, fmt or path.suffix.lstrip("."), path, delimiter=delimiter,
                 encoding=encoding)
    return frame, columns


@functools.cache
def _instrument_columns() -> dict:
    """The shipped instrument's columns (read from the project once per test process)."""
    return make_survey_module().instrument_columns(REPO)

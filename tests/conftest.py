"""Shared fixtures: the project's own data and the report text beside it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from programtheory import load_project
from programtheory.report import ReportText, locate_report

ROOT = Path(__file__).resolve().parents[1]

# Property tests judge answers, not speed (speed lives in scripts/benchmark_*.py): on a busy
# machine a case may take any time. CI draws the same cases every run, so a failure reproduces.
settings.register_profile("project", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow],
                          derandomize=bool(os.environ.get("CI")))
settings.load_profile("project")


@pytest.fixture(scope="session")
def real_project():
    """The shipped project (theory, evidence, outcome table, barometer), loaded and checked."""
    return load_project(ROOT)


def report_text_or_skip() -> ReportText:
    """The report text from ../shared/seed/. CI has it, so there a missing report fails."""
    project = load_project(ROOT)
    info = project.sources.report
    assert info is not None, "theory/sources.yaml must name the report file"
    path = locate_report(ROOT, info.file, info.search)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"report text {info.file} not found in {info.search}: CI must have it")
        pytest.skip(f"report text {info.file} is not beside the project")
    return ReportText(path)


@pytest.fixture(scope="session")
def report_text() -> ReportText:
    return report_text_or_skip()

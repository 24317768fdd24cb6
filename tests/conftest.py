"""Shared fixtures: the project's own data and the report text beside it."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from programtheory import load_project
from programtheory.report import ReportText
from project_support import REPO, report_text_or_skip

# Property tests judge answers, not speed (speed lives in scripts/benchmark_*.py): on a busy
# machine a case may take any time. CI draws the same cases every run, so a failure reproduces.
settings.register_profile("project", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow],
                          derandomize=bool(os.environ.get("CI")))
settings.load_profile("project")


@pytest.fixture(scope="session")
def real_project():
    """The shipped project (theory, evidence, outcome table, barometer), loaded and checked.
    Shared by every test of a run: read it, never change it."""
    return load_project(REPO)


@pytest.fixture(scope="session")
def report_text() -> ReportText:
    return report_text_or_skip()


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a test module's pages."""
    from browser_support import Browser, require_chromium

    if require_chromium() is None:
        pytest.skip("PROGRAMTHEORY_ALLOW_NO_BROWSER=1 and Chromium is missing")
    session = Browser()
    yield session
    session.close()

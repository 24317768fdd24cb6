"""Shared fixtures: the project's own data and the report text beside it."""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import HealthCheck, settings

from programtheory import load_project
from programtheory.report import ReportText
from project_support import EXAMPLE, REPO, report_text_or_skip
from shared_builds import shared

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
def report_layouts(tmp_path_factory, real_project):
    """{(version, figure_only): layout} of the report's two theories, in their own columns:
    every element, or (figure_only True) only those the report's figure draws, as `render`
    draws those versions by default. Laid out once per run and shared by every test process:
    read them, never change them."""
    from programtheory import build_graph
    from programtheory.layout import layout_graph
    from programtheory.selection import select_subgraph

    def lay_out(_folder):
        layouts = {}
        for version in ("initial", "revised"):
            graph = build_graph(real_project, version)
            columns = real_project.version(version).info.columns
            for figure_only in (False, True):
                layouts[version, figure_only] = layout_graph(
                    select_subgraph(graph, figure_only=figure_only), columns=columns)
        return layouts

    return shared(tmp_path_factory, "report_layouts", lay_out)


@pytest.fixture(scope="session")
def printed_outcome_table(tmp_path_factory, real_project):
    """The shipped outcome table's office files in both languages, the evidence matrix's
    document and workbook (`matrix`, `matrix_book`) and the barometer's table of waves as a
    document (`waves`), each printed to PDF beside it by one
    LibreOffice run for the whole test run (`office_support.print_outcome_table`). Read them,
    never change them."""
    from office_support import print_outcome_table

    return shared(tmp_path_factory, "printed_outcome_table",
                  lambda folder: print_outcome_table(real_project, folder))


@pytest.fixture(scope="session")
def report_text() -> ReportText:
    return report_text_or_skip()


@pytest.fixture
def browser():
    """The test process's headless Chromium (`browser_support.shared_browser`); each of its
    pages opens in a fresh context."""
    from browser_support import require_chromium, shared_browser

    if require_chromium() is None:
        pytest.skip("PROGRAMTHEORY_ALLOW_NO_BROWSER=1 and Chromium is missing")
    return shared_browser()


def pytest_sessionfinish(session):
    """Close the test process's Chromium, if a test started it."""
    browser_support = sys.modules.get("browser_support")
    if browser_support is not None:
        browser_support.close_shared_browser()


# ---------------------------------------------------------------- builds shared by a whole run

def _built(result):
    failures = [f"{nb.name}: {nb.reason}" for nb in result.notebooks if not nb.ok]
    assert result.ok, "\n".join(failures)
    return result


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """(output folder, result): the project's own data and notebooks, built once per run.
    Read it, never change it (copy it first)."""
    from programtheory.build import build_report

    def build(folder):
        out = folder / "build"
        return out, _built(build_report(REPO, out=out, quiet=True))

    return shared(tmp_path_factory, "real_site", build)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory):
    """(project folder, result): the shipped notebooks built on the small fixture project
    (which carries an XSS corpus), once per run. Read it, never change it (copy it first)."""
    from build_support import copy_project
    from programtheory.build import build_report

    def build(folder):
        root = copy_project(folder / "project")
        return root, _built(build_report(root, quiet=True))

    return shared(tmp_path_factory, "fixture_site", build)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory):
    """The output folder of the English example project, built once per run."""
    from programtheory.build import build_report

    def build(folder):
        out = folder / "build"
        _built(build_report(EXAMPLE, out=out, quiet=True))  # the notebooks of the package
        return out

    return shared(tmp_path_factory, "example_site", build)


@pytest.fixture(scope="session")
def real_site_visits(tmp_path_factory, request):
    """Every page of `real_site` opened once in Chromium (network blocked, things clicked,
    axe-core run, `build_support.SITE_PROBE` read): a `build_support.PageReport` per page,
    shared by every check that reads them."""
    from browser_support import require_chromium
    from build_support import SITE_PROBE, open_pages, site_pages

    if require_chromium() is None:  # before the build: nothing to open the pages with
        pytest.skip("PROGRAMTHEORY_ALLOW_NO_BROWSER=1 and Chromium is missing")
    out, _ = request.getfixturevalue("real_site")
    return shared(tmp_path_factory, "real_site_visits",
                  lambda _folder: open_pages(site_pages(out), axe=True, probe=SITE_PROBE))

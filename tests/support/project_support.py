"""The shipped project: the repository folder that holds it, and the report text beside it.

Not a conftest: `from project_support import REPO` (tests/support/ is on sys.path through the
`pythonpath` setting in pyproject.toml). The loaded project is the `real_project` fixture of
tests/conftest.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from programtheory.report import ReportText, locate_report

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "community-health"  # the English example project


def report_text_or_skip() -> ReportText:
    """The report text from ../shared/seed/. CI has it, so there a missing report fails."""
    from programtheory import load_project

    info = load_project(REPO).sources.report
    assert info is not None, "theory/sources.yaml must name the report file"
    path = locate_report(REPO, info.file, info.search)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"report text {info.file} not found in {info.search}: CI must have it")
        pytest.skip(f"report text {info.file} is not beside the project")
    return ReportText(path)

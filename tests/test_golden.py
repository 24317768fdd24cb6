"""Golden tests: every folder in tests/golden/ is a case with one kind of problem (or none), laid
over the one base project in tests/fixtures/golden-base/ (see tests/support/golden_support.py),
and `expected.txt` holds the exact output of `programtheory validate` on it.

The folder name starts with the finding code it exercises. To accept a deliberate change of
wording, rerun with PROGRAMTHEORY_UPDATE_GOLDEN=1 and review the diff of expected.txt files.
"""

from __future__ import annotations

import os
import re

import pytest

from golden_support import BASE, CASE_FILES, CASES, GOLDEN, golden_project
from programtheory.cli import main


def test_there_are_at_least_thirty_invalid_cases():
    invalid = [c for c in CASES if not c.startswith("ok-")]
    assert len(invalid) >= 30
    codes = {m.group(0).upper() for c in invalid if (m := re.match(r"pt\d{3}", c))}
    assert len(codes) >= 25


def test_a_case_holds_only_what_differs_from_the_base():
    for case in CASES:
        for path in (GOLDEN / case).rglob("*"):
            rel = path.relative_to(GOLDEN / case)
            if path.is_file() and str(rel) not in CASE_FILES and (BASE / rel).is_file():
                assert path.read_bytes() != (BASE / rel).read_bytes(), f"{case}/{rel}"


@pytest.mark.parametrize("case", CASES)
def test_golden_case(case, capsys, tmp_path):
    project = golden_project(case, tmp_path / case)
    exit_code = main(["validate", str(project)])
    output = capsys.readouterr().out
    expected_file = GOLDEN / case / "expected.txt"
    if os.environ.get("PROGRAMTHEORY_UPDATE_GOLDEN"):
        expected_file.write_text(f"exit {exit_code}\n{output}", encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    assert f"exit {exit_code}\n{output}" == expected
    code = re.match(r"pt(\d{3})", case)
    if code:
        assert f"[PT{code.group(1)}]" in output
    if case.startswith("ok-"):
        assert exit_code == 0 and "error[" not in output
    else:
        assert exit_code == (1 if "error[" in output else 0)


def test_every_finding_line_is_followed_by_a_hint():
    for case in CASES:
        lines = (GOLDEN / case / "expected.txt").read_text(encoding="utf-8").splitlines()[1:]
        for i, line in enumerate(lines):
            if "error[" in line or "warning[" in line:
                assert i + 1 < len(lines) and lines[i + 1].startswith("  hint: "), (case, line)

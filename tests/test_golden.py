"""Golden tests: every folder in tests/golden/ is a small project with one kind of problem (or
none), and `expected.txt` holds the exact output of `programtheory validate` on it.

The folder name starts with the finding code it exercises. To accept a deliberate change of
wording, rerun with PROGRAMTHEORY_UPDATE_GOLDEN=1 and review the diff of expected.txt files.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from programtheory.cli import main

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def test_there_are_at_least_thirty_invalid_cases():
    invalid = [c for c in CASES if not c.startswith("ok-")]
    assert len(invalid) >= 30
    codes = {m.group(0).upper() for c in invalid if (m := re.match(r"pt\d{3}", c))}
    assert len(codes) >= 25


@pytest.mark.parametrize("case", CASES)
def test_golden_case(case, capsys):
    folder = GOLDEN / case
    exit_code = main(["validate", str(folder)])
    output = capsys.readouterr().out
    expected_file = folder / "expected.txt"
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

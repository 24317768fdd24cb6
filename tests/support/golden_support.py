"""The golden cases as overlays on one base project.

tests/fixtures/golden-base/ is one small valid project. Every folder in tests/golden/ is a case:
its `expected.txt` (the exact output of `programtheory validate`), the file(s) it breaks (written
over the base's file of the same path, or added), and, when the case needs a base file gone, a
`removed.txt` that lists those paths one per line. `golden_project` puts a case together in a
folder of its own.

Not a conftest: `from golden_support import ...` (tests/support/ is on sys.path through the
`pythonpath` setting in pyproject.toml).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from project_support import REPO

GOLDEN = REPO / "tests" / "golden"
BASE = REPO / "tests" / "fixtures" / "golden-base"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())
CASE_FILES = ("expected.txt", "removed.txt")  # about the case, not part of its project


def golden_project(case: str, target: Path) -> Path:
    """The project of `case`: the base with the case's files over it, in `target` (new)."""
    folder = GOLDEN / case
    if not folder.is_dir():
        raise ValueError(f"no golden case {case!r} in {GOLDEN}")
    shutil.copytree(BASE, target)
    removed = folder / "removed.txt"
    if removed.exists():
        for rel in removed.read_text(encoding="utf-8").split():
            (target / rel).unlink()
    for source in sorted(folder.rglob("*")):
        rel = source.relative_to(folder)
        if source.is_file() and str(rel) not in CASE_FILES:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    return target

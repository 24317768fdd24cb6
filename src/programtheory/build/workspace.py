"""A project's notebooks/ folder as a place to open the shipped notebooks in JupyterLab.

`python -m programtheory.build.workspace FOLDER` links every shipped notebook into FOLDER
(unless FOLDER has a file of that name: the project's own version wins), so that a notebook
opened there finds the project through its default `project = ".."`, and an edit changes the
shipped notebook itself. The build treats such a link as the shipped notebook, not an
override (plan.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .plan import SHIPPED_NOTEBOOKS


def link_shipped_notebooks(folder: Path | str) -> list[str]:
    """Link the shipped notebooks that `folder` lacks into it; returns the names linked."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    linked = []
    for source in sorted(SHIPPED_NOTEBOOKS.glob("*.py")):
        target = folder / source.name
        if target.is_symlink() and not target.exists():
            target.unlink()  # a link left from an earlier checkout or install
        if target.exists() or target.is_symlink():
            continue
        target.symlink_to(os.path.relpath(source, folder.resolve()))
        linked.append(source.name)
    return linked


if __name__ == "__main__":
    for name in link_shipped_notebooks(sys.argv[1] if len(sys.argv) > 1 else "notebooks"):
        print(f"linked {name}")

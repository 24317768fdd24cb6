"""The report's notebooks: which exist, what each reads, and their percent-format source.

The notebooks are jupytext percent-format text files (`<name>.py`). Each has exactly one cell
tagged `parameters`. This module reads them as text: no jupytext, so that planning a build
imports nothing heavy.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..messages import has_message, message


# every page reads the project settings (title, languages, vocabulary)
_SETTINGS = ("project.yaml",)


@dataclass(frozen=True)
class NotebookSpec:
    """One notebook of the report: its name (the file `notebooks/<name>.py`), its titles, and the
    project files it reads, as glob patterns relative to the project folder (pathlib `glob`:
    `theory/**/*.yaml` is every YAML file under theory/, at any depth)."""

    name: str
    title_key: str  # its title in the message catalogues (`programtheory.messages`)
    reads: tuple[str, ...]
    cost: float = 1.0  # relative run time, to start long notebooks first on a cold build
    requires: tuple[str, ...] = ()  # optional project files without which it is skipped
    min_versions: int = 1  # theory versions it needs (fewer: skipped)

    def title(self, lang: str) -> str:
        """The title in `lang`; a project's own notebook, or a language without a catalogue,
        shows its name."""
        if self.title_key and has_message(self.title_key, lang):
            return message(self.title_key, lang)
        return self.name.replace("_", " ")


# The one place that says which data each notebook reads. Order = order in index.html.
NOTEBOOKS: tuple[NotebookSpec, ...] = (
    NotebookSpec("theory_diagram", "page.theory.title", ("theory/**/*.yaml", *_SETTINGS),
                 cost=2.0),
    NotebookSpec("evidence_map", "page.evidence.title", ("theory/**/*.yaml", *_SETTINGS)),
    NotebookSpec("confidence", "page.confidence.title", ("theory/**/*.yaml", *_SETTINGS)),
    NotebookSpec("outcome_table", "page.outcome.title",
                 ("outcomes.yaml", "theory/**/*.yaml", *_SETTINGS), requires=("outcomes.yaml",)),
    NotebookSpec("barometer", "page.barometer.title",
                 ("barometer.yaml", "theory/**/*.yaml", *_SETTINGS), cost=3.0,
                 requires=("barometer.yaml",)),
    NotebookSpec("theory_revision", "page.revision.title", ("theory/**/*.yaml", *_SETTINGS),
                 cost=1.5, min_versions=2),
)
# A notebook that is not listed above (e.g. a new one) is taken to read every data file.
DEFAULT_READS: tuple[str, ...] = ("theory/**/*.yaml", "outcomes.yaml", "barometer.yaml",
                                  *_SETTINGS)


def spec_for(name: str) -> NotebookSpec:
    for spec in NOTEBOOKS:
        if spec.name == name:
            return spec
    return NotebookSpec(name, "", DEFAULT_READS)


# ---------------------------------------------------------------- percent-format source

_MARKER = re.compile(r"^# %%(.*)$")


@dataclass
class SourceCell:
    line: int  # 1-based line of the cell's first line (its marker, if it has one)
    options: str  # what follows '# %%' on the marker line
    body: list[str]


def split_cells(text: str) -> list[SourceCell]:
    """The cells of a percent-format file, the jupytext YAML header left out."""
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "# ---":  # the jupytext YAML header
        for i in range(1, len(lines)):
            if lines[i].strip() == "# ---":
                start = i + 1
                break
    cells: list[SourceCell] = []
    for i in range(start, len(lines)):
        match = _MARKER.match(lines[i])
        if match:
            cells.append(SourceCell(i + 1, match.group(1), []))
        elif cells:
            cells[-1].body.append(lines[i])
        elif lines[i].strip():
            cells.append(SourceCell(i + 1, "", [lines[i]]))
    return cells


def is_parameters_marker(options: str) -> bool:
    return bool(re.search(r"""tags\s*=\s*\[[^\]]*["']parameters["']""", options))


def notebook_parameters(path: Path) -> dict[str, Any]:
    """The defaults of the notebook's `parameters` cell, by name (literal values only).

    Raises ValueError unless the notebook has exactly one cell tagged `parameters`.
    """
    cells = [c for c in split_cells(path.read_text(encoding="utf-8"))
             if is_parameters_marker(c.options)]
    if len(cells) != 1:
        raise ValueError(f"{path.name} must have exactly one cell tagged 'parameters' "
                         f"(# %% tags=[\"parameters\"]), it has {len(cells)}")
    tree = ast.parse("\n".join(cells[0].body))
    params: dict[str, Any] = {}
    for stmt in tree.body:
        if not isinstance(stmt, (ast.Assign, ast.AnnAssign)) or stmt.value is None:
            continue
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        for target in targets:
            if isinstance(target, ast.Name):
                try:
                    params[target.id] = ast.literal_eval(stmt.value)
                except (ValueError, TypeError, SyntaxError):
                    params[target.id] = None
    return params


def discover(notebooks_dir: Path) -> list[str]:
    """Notebook names in the folder: the registry's order first, then the rest sorted."""
    return order_names(p.stem for p in notebooks_dir.glob("*.py")
                       if not p.name.startswith(("_", ".")))


def order_names(names) -> list[str]:
    present = set(names)
    ordered = [s.name for s in NOTEBOOKS if s.name in present]
    return ordered + sorted(present - set(ordered))

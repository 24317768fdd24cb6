"""programtheory: program theories as YAML, checked, graphed and rendered into an offline report.

The public API, imported lazily so that `import programtheory` stays fast for the CLI:

    project = load_project(".")              # typed and checked; InvalidProject lists problems
    graph = build_graph(project, "revised")  # networkx.DiGraph with plain JSON attributes
    findings = validate(".")                 # every finding, with file, line, column and hint

>>> import programtheory
>>> [name for name in ("load_project", "validate", "build_graph") if name in programtheory.__all__]
['load_project', 'validate', 'build_graph']
>>> callable(programtheory.load_project)
True
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Finding": "findings", "Severity": "findings",
    "Project": "model",
    "InvalidProject": "project", "ProjectNotFound": "project", "load_project": "project",
    "read_project": "project", "validate": "project",
    "build_graph": "graph", "build_graphs": "graph",
    "diff_versions": "diff",
    "layout_graph": "layout", "select_subgraph": "layout",
    "render_theory": "render", "static_figure": "render",
    "interactive_html": "interactive", "iframe_html": "interactive",
    "build_report": "build",
    "build_languages": "build", "safe_file_stem": "build.files",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'programtheory' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)

"""programtheory: program theories as YAML, checked, graphed and rendered into an offline report.

The public API:

>>> from programtheory import load_project, validate, build_graph   # doctest: +SKIP
>>> project = load_project(".")                                      # doctest: +SKIP
>>> graph = build_graph(project, "revised")                          # doctest: +SKIP
"""

from .findings import Finding, Severity
from .graph import build_graph, build_graphs
from .model import Project
from .project import InvalidProject, ProjectNotFound, load_project, read_project, validate

__all__ = ["Finding", "InvalidProject", "Project", "ProjectNotFound", "Severity", "build_graph",
           "build_graphs", "load_project", "read_project", "validate"]
__version__ = "0.1.0"

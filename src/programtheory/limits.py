"""Size limits above which drawing and reporting a project would take hours or run out of
memory: a build refuses such a project at once, with a message that says how to go on.

The limits (see docs/limits.md) are far above any program theory drawn by hand: the report's
own theory has a few dozen elements per version. Raise them with `--max-nodes` and
`--max-versions`, or pass 0 for no limit.
"""

from __future__ import annotations

from .exceptions import UsageError

MAX_NODES = 5_000  # nodes and groups in one version (scripts/benchmark_build_large.py)
MAX_VERSIONS = 200  # versions in one project


def check_size(project, max_nodes: int | None = None, max_versions: int | None = None) -> None:
    """Raise UsageError when the project is larger than the limits (None: the default,
    0: no limit)."""
    max_nodes = MAX_NODES if max_nodes is None else max_nodes
    max_versions = MAX_VERSIONS if max_versions is None else max_versions
    problems = []
    if max_versions and len(project.versions) > max_versions:
        problems.append(f"the project has {len(project.versions):,} versions, more than the "
                        f"limit of {max_versions:,} (--max-versions)")
    if max_nodes:
        for vid, version in project.versions.items():
            size = len(version.nodes) + len(version.groups)
            if size > max_nodes:
                problems.append(f"version '{vid}' ({version.path}) has {size:,} nodes and "
                                f"groups, more than the limit of {max_nodes:,} (--max-nodes)")
    if problems:
        shown = problems[:5] + ([f"… and {len(problems) - 5} more"] if len(problems) > 5 else [])
        raise UsageError("the project is too large to draw and report in reasonable time and "
                         "memory:\n  " + "\n  ".join(shown) + "\nSplit it, or raise the limit "
                         "(0 for none) to try anyway; see docs/limits.md.")

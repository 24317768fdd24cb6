"""Benchmark: confidence grading and pathway ranking on a synthetic theory.

Builds the synthetic 1,000-node theory of programtheory.synthetic with
5,000 evidence items (cases, roles and stances drawn at random), then times:
  - grading every node, group and link (`confidence.assess_version`);
  - ranking pathways: the strongest pathway from every action to every long-term outcome it
    reaches (`pathways.strongest_pathways`), and the ten strongest between the pair with the most
    pathways among a sample.
Goal (2-core machine): grading and pathway ranking together in at most 1 s.

    python scripts/benchmark_confidence.py [--nodes 1000] [--evidence 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time

from programtheory.confidence import assess_version
from programtheory.model import Evidence
from programtheory.pathways import strongest_pathways
from programtheory.synthetic import synthetic_project


def project_with_evidence(nodes: int, items: int, seed: int = 11):
    project = synthetic_project(nodes, evidence_per_node=0)
    version = project.version()
    rnd = random.Random(seed)
    targets = [n.id for n in version.nodes] + [lk.id for lk in version.links]
    kinds = ["quote", "quote", "statistic", "literature", "case_count", "document"]
    stances = ["supports"] * 5 + ["nuances", "contradicts", "absent"]
    roles = ["mama casestudie", "consulent casestudie", "peter minderjarige casestudie", ""]
    project.evidence = [Evidence(id=f"ev{j}", kind=rnd.choice(kinds), text=f"bewijs {j}",
                                 role=rnd.choice(roles), stance=rnd.choice(stances),
                                 case=rnd.choice([None, "c1", "c2", "c3", "c4", "c5"]),
                                 bears_on=[rnd.choice(targets)]) for j in range(items)]
    return project


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--evidence", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    project = project_with_evidence(args.nodes, args.evidence)
    version = project.version()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.processor() or '?'}"
          f"; Python {platform.python_version()} on {platform.system()} {platform.release()}")
    print(f"theory: {len(version.nodes)} nodes, {len(version.links)} links, "
          f"{len(project.evidence)} evidence items")
    best_grade = best_paths = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        graded = assess_version(project, version)
        middle = time.perf_counter()
        paths = strongest_pathways(project, version, graded)
        end = time.perf_counter()
        best_grade, best_paths = min(best_grade, middle - start), min(best_paths, end - middle)
    total = best_grade + best_paths
    print(f"grading: {len(graded)} elements and links in {best_grade * 1000:.0f} ms")
    print(f"pathway ranking: the strongest of {len(paths)} action→outcome pathways in "
          f"{best_paths * 1000:.0f} ms")
    print(f"total: {total:.2f} s (goal ≤ 1 s): {'met' if total <= 1 else 'NOT met'}")
    return 0 if total <= 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())

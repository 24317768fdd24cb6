"""The weakest-evidenced pathway from each action to each long-term outcome.

The weakest pathway
-------------------
A reader who wants to know where the theory is thinnest asks: of all the causal chains from an
action to a long-term outcome, which one rests on the least evidence? The answer is defined
precisely as follows.

* A **step** is one causal link (a link whose kind is causal in the project's link rules; feedback,
  part_of, alternative_to and associated_with are not) from one element to another. A link
  from or to a **group** is read as a link from or to the group and each of its members: the
  report states links between groups of elements on behalf of each element (e.g. 'the
  actions lead to medium-term output'). Every step keeps the id of its link and the link's
  evidence count.
* A **path** from action A to outcome O is a sequence of steps from A to O that visits no
  element twice. Two links that join the same two elements are two different paths.
* The **bottleneck** of a path is the smallest evidence count among its links.
* The **weakest path** from A to O is the path with the smallest bottleneck; among those, the
  one with the fewest steps; among those, the lexicographically smallest sequence of
  (element id, link id) pairs. It is the chain a reader should worry about first: its weakest
  link has the least evidence of any link that can carry A's effect to O.
* **Actions** are nodes of kind action, and groups whose members are all actions. **Long-term
  outcomes** are nodes of kind outcome with term long, and groups whose members are all
  outcomes and that have term long (or whose members all have term long).

Computing it does not enumerate paths. In an acyclic graph (the checks refuse causal cycles,
PT403) a link u→v lies on some A→O path exactly when u is reachable from A and O from v, so
the smallest bottleneck b* is the minimum count over those links. The weakest path is then the
shortest path that uses at least one link of count b*: a breadth-first search over states
(element, used-a-b*-link), and a greedy walk for the lexicographic tie-break. That is
O(V + E) per (action, outcome) pair. If group expansion makes the relevant part of the graph
cyclic, exact search over simple paths is NP-hard in general (it contains the two
disjoint-paths problem), so the function falls back to a bounded depth-first enumeration there.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from .graph import evidence_index
from .model import Evidence, Project, Version
from .messages import message
from .tables import Records


def _version(project: Project, version: str | Version | None) -> Version:
    return version if isinstance(version, Version) else project.version(version)


@dataclass(frozen=True)
class Step:
    """One causal step from element `source` to element `target` along link `link`.

    `via` holds the link's own endpoints when the step was read through a group (the link
    joins a group whose member is `source` or `target`), else None.
    """

    source: str
    target: str
    link: str
    evidence_count: int
    via: tuple[str, str] | None = None
    kind: str = ""
    effect: str = ""


def causal_steps(project: Project, version: str | Version | None = None, *,
                 index: dict[str, list[Evidence]] | None = None) -> list[Step]:
    """The causal steps of a version: one per causal link and pair of endpoints, with links
    from or to a group also read from or to each member (see the module docstring)."""
    version = _version(project, version)
    if index is None:
        index = evidence_index(project.evidence)
    members = {g.id: list(g.members) for g in version.groups}
    known = {n.id for n in version.nodes} | set(members)
    steps: list[Step] = []
    for link in version.links:
        rule = project.vocabulary.link_rules.get(link.kind)
        if rule is None or not rule.causal:  # feedback links are not causal
            continue
        count = len(index.get(link.id, []))
        seen: set[tuple[str, str]] = set()
        for source, target in link.edges():
            if source not in known or target not in known:
                continue
            for a in [source] + [m for m in members.get(source, []) if m in known]:
                for b in [target] + [m for m in members.get(target, []) if m in known]:
                    if a == b or (a, b) in seen:
                        continue
                    seen.add((a, b))
                    via = None if (a, b) == (source, target) else (source, target)
                    steps.append(Step(a, b, link.id, count, via, link.kind, link.effect.value))
    return steps


@dataclass(frozen=True)
class WeakestPath:
    """The weakest-evidenced path from `source` to `target` (see the module docstring)."""

    source: str
    target: str
    steps: tuple[Step, ...]

    @property
    def nodes(self) -> tuple[str, ...]:
        return (self.source,) + tuple(step.target for step in self.steps)

    @property
    def links(self) -> tuple[str, ...]:
        return tuple(step.link for step in self.steps)

    @property
    def bottleneck(self) -> int:
        """The smallest evidence count among the path's links."""
        return min(step.evidence_count for step in self.steps)

    @property
    def hops(self) -> int:
        return len(self.steps)

    @property
    def weakest_links(self) -> tuple[str, ...]:
        """The links whose evidence count is the bottleneck, in path order."""
        low = self.bottleneck
        return tuple(dict.fromkeys(s.link for s in self.steps if s.evidence_count == low))

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "bottleneck": self.bottleneck,
                "hops": self.hops, "path": list(self.nodes), "links": list(self.links),
                "evidence": [s.evidence_count for s in self.steps],
                "weakest_links": list(self.weakest_links)}


def _as_step(step: Step | tuple) -> Step:
    if isinstance(step, Step):
        return step
    source, target, link, count = step[:4]
    return Step(str(source), str(target), str(link), int(count))


def weakest_path(steps: Iterable[Step | tuple], source: str, target: str,
                 *, max_paths: int = 1_000_000) -> WeakestPath | None:
    """The weakest-evidenced path from `source` to `target`, or None when there is no path.

    `steps` are `Step`s or tuples ``(source, target, link_id, evidence_count)``. The path
    minimises its bottleneck (the least evidence on any of its links), then the number of
    steps, then the sequence of (element, link) ids.

    >>> steps = [("A", "B", "l1", 5), ("B", "O", "l2", 4),   # strong chain: bottleneck 4
    ...          ("A", "C", "l3", 3), ("C", "O", "l4", 1),   # weak chain: bottleneck 1
    ...          ("A", "D", "l5", 1), ("D", "E", "l6", 9), ("E", "O", "l7", 9)]
    >>> path = weakest_path(steps, "A", "O")
    >>> path.nodes, path.bottleneck, path.weakest_links
    (('A', 'C', 'O'), 1, ('l4',))

    In a graph whose relevant part is cyclic, a bounded search over simple paths decides;
    it raises RuntimeError after `max_paths` partial paths rather than run for hours.
    """
    all_steps = [_as_step(s) for s in steps]
    out_steps: dict[str, list[Step]] = defaultdict(list)
    in_steps: dict[str, list[Step]] = defaultdict(list)
    for s in all_steps:
        out_steps[s.source].append(s)
        in_steps[s.target].append(s)
    return _weakest(out_steps, in_steps, source, target,
                    _reach(out_steps, source, "target"), _reach(in_steps, target, "source"),
                    max_paths=max_paths)


def _reach(adjacency: dict[str, list[Step]], start: str, end: str) -> set[str]:
    """Elements reachable from `start` along `adjacency` (forward: end='target')."""
    seen = {start}
    queue = deque([start])
    while queue:
        u = queue.popleft()
        for s in adjacency.get(u, ()):
            v = getattr(s, end)
            if v not in seen:
                seen.add(v)
                queue.append(v)
    return seen


def _weakest(out_steps: dict[str, list[Step]], in_steps: dict[str, list[Step]], source: str,
             target: str, forward: set[str], backward: set[str], *, acyclic: bool | None = None,
             max_paths: int = 1_000_000) -> WeakestPath | None:
    if source == target or target not in forward:
        return None
    relevant = forward & backward
    # the steps on some walk from source to target; when they form no cycle, each lies on
    # a simple path (and none enters source or leaves target, which would close a cycle)
    useful = [s for u in relevant for s in out_steps.get(u, ()) if s.target in relevant]
    if not useful:
        return None
    if acyclic is None:
        acyclic = _is_acyclic(useful)
    if not acyclic:
        return _weakest_by_search(useful, source, target, max_paths)
    low = min(s.evidence_count for s in useful)
    dist = _distances_to(target, useful, low)
    if (source, False) not in dist:  # cannot happen in an acyclic graph; kept as a guard
        return None
    return WeakestPath(source, target, tuple(_walk(source, target, useful, low, dist)))


def _distances_to(target: str, useful: list[Step], low: int) -> dict[tuple[str, bool], int]:
    """Distances (in steps) to (target, used) over states (element, used a link of count
    `low`), by breadth-first search backwards from the target."""
    into: dict[str, list[Step]] = defaultdict(list)
    for s in useful:
        into[s.target].append(s)
    dist: dict[tuple[str, bool], int] = {(target, True): 0}
    queue = deque([(target, True)])
    while queue:
        v, used = queue.popleft()
        for s in into.get(v, ()):
            if s.evidence_count == low and not used:
                continue  # taking s sets `used`: only (v, True) follows
            before = [False, True] if s.evidence_count == low else [used]
            for u_used in before:
                state = (s.source, u_used)
                if state not in dist:
                    dist[state] = dist[(v, used)] + 1
                    queue.append(state)
    return dist


def _walk(source: str, target: str, useful: list[Step], low: int,
          dist: dict[tuple[str, bool], int]) -> list[Step]:
    """The lexicographically smallest shortest route through the states of `dist`."""
    outgoing: dict[str, list[Step]] = defaultdict(list)
    for s in useful:
        outgoing[s.source].append(s)
    chosen: list[Step] = []
    state = (source, False)
    while state != (target, True):
        u, used = state
        here = dist[state]
        best = None
        for s in outgoing.get(u, ()):
            nxt = (s.target, used or s.evidence_count == low)
            if dist.get(nxt) == here - 1 and (best is None or (s.target, s.link) <
                                               (best.target, best.link)):
                best = s
        assert best is not None  # dist guarantees a successor on a shortest route
        chosen.append(best)
        state = (best.target, used or best.evidence_count == low)
    return chosen


def _is_acyclic(steps: list[Step]) -> bool:
    return nx.is_directed_acyclic_graph(nx.DiGraph((s.source, s.target) for s in steps))


def _weakest_by_search(useful: list[Step], source: str, target: str,
                       max_paths: int) -> WeakestPath | None:
    """Exact depth-first search over simple paths, for the rare cyclic case."""
    outgoing: dict[str, list[Step]] = defaultdict(list)
    for s in sorted(useful, key=lambda s: (s.target, s.link)):
        outgoing[s.source].append(s)
    floor = min(s.evidence_count for s in useful)  # no path can do better
    best: list[Step] | None = None
    best_key: tuple | None = None
    budget = [max_paths]

    def key(path: list[Step]) -> tuple:
        return (min(s.evidence_count for s in path), len(path),
                [(s.target, s.link) for s in path])

    def visit(u: str, path: list[Step], on_path: set[str]) -> None:
        nonlocal best, best_key
        budget[0] -= 1
        if budget[0] < 0:
            raise RuntimeError(f"weakest path {source} -> {target}: more than {max_paths} "
                               "partial paths in a cyclic part of the graph; run "
                               "'programtheory validate' and break the causal cycle")
        if best_key is not None and best_key[0] == floor and len(path) >= best_key[1]:
            return  # cannot beat a path that already reaches the floor with fewer steps
        for s in outgoing.get(u, ()):
            if s.target in on_path:
                continue
            path.append(s)
            if s.target == target:
                k = key(path)
                if best_key is None or k < best_key:
                    best, best_key = list(path), k
            else:
                on_path.add(s.target)
                visit(s.target, path, on_path)
                on_path.discard(s.target)
            path.pop()

    visit(source, [], {source})
    return WeakestPath(source, target, tuple(best)) if best else None


def pathway_ends(project: Project, version: str | Version | None = None
                 ) -> tuple[list[str], list[str]]:
    """(actions, long-term outcomes) of a version, as the weakest-path analysis uses them."""
    version = _version(project, version)
    nodes = {n.id: n for n in version.nodes}

    def long_outcome(node_id: str) -> bool:
        n = nodes.get(node_id)
        return bool(n and n.kind.value == "outcome" and n.term and n.term.value == "long")

    actions = [n.id for n in version.nodes if n.kind.value == "action"]
    outcomes = [n.id for n in version.nodes if long_outcome(n.id)]
    for g in version.groups:
        present = [m for m in g.members if m in nodes]
        if not present:
            continue
        if all(nodes[m].kind.value == "action" for m in present):
            actions.append(g.id)
        if all(nodes[m].kind.value == "outcome" for m in present) and (
                (g.term and g.term.value == "long") or all(long_outcome(m) for m in present)):
            outcomes.append(g.id)
    return actions, outcomes


def weakest_paths(project: Project, version: str | Version | None = None, *,
                  index: dict[str, list[Evidence]] | None = None) -> list[WeakestPath]:
    """The weakest path from every action to every long-term outcome it reaches, weakest
    first (by bottleneck, then steps, then ids). Pairs without a causal path are left out;
    `unreached_actions` lists the actions that reach no long-term outcome at all."""
    version = _version(project, version)
    actions, outcomes = pathway_ends(project, version)
    steps = causal_steps(project, version, index=index)
    out_steps: dict[str, list[Step]] = defaultdict(list)
    in_steps: dict[str, list[Step]] = defaultdict(list)
    for s in steps:
        out_steps[s.source].append(s)
        in_steps[s.target].append(s)
    acyclic = True if _is_acyclic(steps) else None  # None: decide per pair
    backward = {o: _reach(in_steps, o, "source") for o in outcomes}
    found = []
    for a in actions:
        forward = _reach(out_steps, a, "target")
        for o in outcomes:
            path = _weakest(out_steps, in_steps, a, o, forward, backward[o], acyclic=acyclic)
            if path is not None:
                found.append(path)
    found.sort(key=lambda p: (p.bottleneck, p.hops, p.source, p.target))
    return found


def unreached_actions(project: Project, version: str | Version | None = None) -> list[str]:
    """Actions from which no causal path leads to any long-term outcome."""
    version = _version(project, version)
    actions, outcomes = pathway_ends(project, version)
    out_steps: dict[str, list[Step]] = defaultdict(list)
    for s in causal_steps(project, version):
        out_steps[s.source].append(s)
    targets = set(outcomes)
    return [a for a in actions if not (_reach(out_steps, a, "target") - {a}) & targets]


PATH_COLUMNS = ["source", "target", "bottleneck", "hops", "path", "links", "evidence",
                "weakest_links"]


def path_records(paths: Iterable[WeakestPath], *, lang: str = "en") -> Records:
    """Weakest paths as a table: the path and its links as text, the evidence per link
    (caption in `lang`)."""
    rows = []
    for p in paths:
        row = p.to_dict()
        row["path"] = " → ".join(row["path"])
        row["links"] = ", ".join(row["links"])
        row["evidence"] = " / ".join(str(n) for n in row["evidence"])
        row["weakest_links"] = ", ".join(row["weakest_links"])
        rows.append(row)
    return Records(list(PATH_COLUMNS), rows, caption=message("evidence.records.paths", lang))

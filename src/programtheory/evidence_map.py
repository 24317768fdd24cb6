"""How well each part of a theory version is evidenced: the evidence-gap matrix, the elements
without evidence, the quotes per element, and the weakest-evidenced pathway from each action to
each long-term outcome.

The matrix follows EPPI-Mapper's evidence-gap map: theory elements (nodes, groups and links of
one version) in rows, evidence kinds (quote, statistic, case_count, literature, document) or
work packages (WP1–WP4) in columns, and in each cell the number of evidence items with their
stances (supports, contradicts, nuances). An empty cell is a gap.

An evidence item counts for an element when the element's id is in its `bears_on`; this is
also the `evidence_count` attribute of `graph.build_graph`. All edges of a link with several
endpoints share the link's count.

Everything here returns plain structures (`Records`: `.columns` and `.rows`, a list of dicts),
with `to_dataframe()` when pandas is installed and `to_html()`/`to_markdown()` for reports.

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
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .graph import evidence_index
from .model import Evidence, Project, Version
from .tables import Records, records_to_html, records_to_markdown
from .vocab import EvidenceKind, Stance

EVIDENCE_KINDS: tuple[str, ...] = tuple(EvidenceKind.values())
NO_WORK_PACKAGE = "no_wp"
STANCES: tuple[str, ...] = tuple(Stance.values())
STANCE_SIGNS = {"supports": "+", "contradicts": "−", "nuances": "±", "absent": "∅"}
ELEMENT_COLUMNS = ["element", "type", "kind", "label_nl", "label_en"]


# ------------------------------------------------------------------------------ elements

@dataclass(frozen=True)
class Element:
    """A theory element that evidence can bear on: a node, a group or a link."""

    id: str
    type: str  # 'node', 'group' or 'link'
    kind: str  # node kind; for a group its members' kind (or 'group'); for a link its kind
    label_nl: str
    label_en: str = ""


def _version(project: Project, version: str | Version | None) -> Version:
    return version if isinstance(version, Version) else project.version(version)


def elements(version: Version) -> list[Element]:
    """The version's nodes, groups and links, in file order.

    A link is labelled by its endpoints' ids ('a + b → c'), which is short and unambiguous.
    """
    out = [Element(n.id, "node", n.kind.value, n.label.nl, n.label.en) for n in version.nodes]
    out += [Element(g.id, "group", version.group_kind(g), g.label.nl, g.label.en)
            for g in version.groups]
    for link in version.links:
        text = link.ends_text()
        out.append(Element(link.id, "link", link.kind, text, text))
    return out


# ------------------------------------------------------------------------------ the matrix

@dataclass(frozen=True)
class CellEvidence:
    """The evidence in one cell of the matrix: the evidence ids and their stances."""

    evidence: tuple[str, ...] = ()
    supports: int = 0
    contradicts: int = 0
    nuances: int = 0
    absent: int = 0

    @property
    def count(self) -> int:
        return len(self.evidence)

    def text(self) -> str:
        """The cell as shown in a report: the count, then the stances that occur.

        >>> CellEvidence(("e1", "e2", "e3"), supports=2, nuances=1).text()
        '3 (+2 ±1)'
        >>> CellEvidence().text()
        ''
        """
        if not self.evidence:
            return ""
        signs = [f"{STANCE_SIGNS[s]}{getattr(self, s)}" for s in STANCES if getattr(self, s)]
        return f"{self.count} ({' '.join(signs)})"


def _cell(items: list[Evidence]) -> CellEvidence:
    stances = {s: 0 for s in STANCES}
    for item in items:
        stances[item.stance.value] += 1
    return CellEvidence(tuple(item.id for item in items), **stances)


@dataclass
class EvidenceMatrix(Records):
    """The evidence-gap matrix of one version along one axis ('kind' or 'work_package').

    `rows` hold, per element, its identity (`ELEMENT_COLUMNS`), the count per category, the
    `total` and the count per stance; `cells` hold the evidence ids and stances per
    (element id, category). `to_html()` and `to_markdown()` show the cells with their stances
    ('3 (+2 ±1)') and leave gaps empty.
    """

    version: str = ""
    axis: str = "kind"
    categories: list[str] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    cells: dict[tuple[str, str], CellEvidence] = field(default_factory=dict)

    def cell(self, element_id: str, category: str) -> CellEvidence:
        return self.cells.get((element_id, category), CellEvidence())

    @property
    def gaps(self) -> list[Element]:
        """Elements without any evidence."""
        totals = {row["element"]: row["total"] for row in self.rows}
        return [e for e in self.elements if not totals.get(e.id)]

    def display_rows(self) -> list[dict[str, Any]]:
        """Rows with each category cell as text (count and stances), gaps empty."""
        out = []
        for row in self.rows:
            shown = dict(row)
            for category in self.categories:
                shown[category] = self.cell(row["element"], category).text()
            shown["total"] = row["total"] or ""
            out.append(shown)
        return out

    def to_html(self, **options: Any) -> str:
        return records_to_html(self.columns, self.display_rows(),
                               caption=self.caption or None, **options)

    def to_markdown(self) -> str:
        return records_to_markdown(self.columns, self.display_rows())


def evidence_matrix(project: Project, version: str | Version | None = None,
                    axis: str = "kind", *,
                    index: dict[str, list[Evidence]] | None = None) -> EvidenceMatrix:
    """The evidence-gap matrix of a version (default: the newest) by evidence kind or by work
    package (``axis='work_package'``; evidence without a work package goes in 'no_wp').

    Evidence that bears only on elements of other versions is not counted here.
    """
    if axis not in ("kind", "work_package"):
        raise ValueError(f"axis must be 'kind' or 'work_package', not {axis!r}")
    version = _version(project, version)
    categories = list(EVIDENCE_KINDS) if axis == "kind" else \
        project.vocabulary.values("evidence_source") + [NO_WORK_PACKAGE]
    if index is None:
        index = evidence_index(project.evidence)
    rows, cells = [], {}
    all_elements = elements(version)
    for element in all_elements:
        items = index.get(element.id, [])
        row: dict[str, Any] = {"element": element.id, "type": element.type,
                               "kind": element.kind, "label_nl": element.label_nl,
                               "label_en": element.label_en}
        for category in categories:
            chosen = [e for e in items if _category(e, axis) == category]
            cells[(element.id, category)] = _cell(chosen)
            row[category] = len(chosen)
        overall = _cell(items)
        row["total"] = overall.count
        row.update({s: getattr(overall, s) for s in STANCES})
        rows.append(row)
    title = "evidence kind" if axis == "kind" else "work package"
    return EvidenceMatrix(
        columns=ELEMENT_COLUMNS + categories + ["total", *STANCES], rows=rows,
        caption=f"Bewijs per element en {'soort' if axis == 'kind' else 'werkpakket'} "
                f"(evidence per element and {title}), versie {version.id}",
        version=version.id, axis=axis, categories=categories, elements=all_elements,
        cells=cells)


def _category(item: Evidence, axis: str) -> str:
    if axis == "kind":
        return item.kind.value
    return item.work_package.value if item.work_package else NO_WORK_PACKAGE


def unevidenced(project: Project, version: str | Version | None = None) -> list[Element]:
    """The nodes, groups and links of a version that no evidence bears on, in file order."""
    version = _version(project, version)
    index = evidence_index(project.evidence)
    return [e for e in elements(version) if not index.get(e.id)]


# ------------------------------------------------------------------------------ quotes

QUOTE_COLUMNS = ["element", "type", "label_nl", "evidence", "role", "text", "stance",
                 "work_package", "report"]


def quotes_by_element(project: Project, version: str | Version | None = None
                      ) -> dict[str, list[Evidence]]:
    """The quotes bearing on each element of a version, elements in file order, quotes in
    evidence-file order. Elements without quotes are left out. A quote that bears on several
    elements is listed under each."""
    version = _version(project, version)
    index = evidence_index(e for e in project.evidence if e.kind.value == "quote")
    return {el.id: index[el.id] for el in elements(version) if index.get(el.id)}


def quote_records(project: Project, version: str | Version | None = None) -> Records:
    """Every quote per element, with the respondent's role, as one row each."""
    version = _version(project, version)
    index = evidence_index(e for e in project.evidence if e.kind.value == "quote")
    rows = []
    for el in elements(version):
        for q in index.get(el.id, []):
            rows.append({"element": el.id, "type": el.type, "label_nl": el.label_nl,
                         "evidence": q.id, "role": q.role, "text": q.text,
                         "stance": q.stance.value,
                         "work_package": q.work_package.value if q.work_package else "",
                         "report": "; ".join(str(r) for r in q.report)})
    return Records(list(QUOTE_COLUMNS), rows,
                   caption=f"Citaten per element (quotes per element), versie {version.id}")


# ------------------------------------------------------------------------------ pathways

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
    # distances (in steps) to (target, used) over states (element, used a link of count `low`)
    into: dict[str, list[Step]] = defaultdict(list)
    for s in useful:
        into[s.target].append(s)
    dist: dict[tuple[str, bool], int] = {(target, True): 0}
    queue = deque([(target, True)])
    while queue:
        v, used = queue.popleft()
        for s in into.get(v, ()):
            if s.evidence_count == low:  # taking s sets `used`: only (v, True) follows
                if not used:
                    continue
                before = [False, True]
            else:
                before = [used]
            for u_used in before:
                state = (s.source, u_used)
                if state not in dist:
                    dist[state] = dist[(v, used)] + 1
                    queue.append(state)
    if (source, False) not in dist:  # cannot happen in an acyclic graph; kept as a guard
        return None
    chosen: list[Step] = []
    state = (source, False)
    outgoing: dict[str, list[Step]] = defaultdict(list)
    for s in useful:
        outgoing[s.source].append(s)
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
    return WeakestPath(source, target, tuple(chosen))


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


def path_records(paths: Iterable[WeakestPath]) -> Records:
    """Weakest paths as a table: the path and its links as text, the evidence per link."""
    rows = []
    for p in paths:
        row = p.to_dict()
        row["path"] = " → ".join(row["path"])
        row["links"] = ", ".join(row["links"])
        row["evidence"] = " / ".join(str(n) for n in row["evidence"])
        row["weakest_links"] = ", ".join(row["weakest_links"])
        rows.append(row)
    return Records(list(PATH_COLUMNS), rows, caption="Zwakst onderbouwde paden van actie naar "
                   "lange-termijnuitkomst (weakest-evidenced paths from action to long-term "
                   "outcome)")


# ------------------------------------------------------------------------------ all at once

@dataclass
class EvidenceMap:
    """Everything about the evidence of one version, for a report section."""

    version: str
    by_kind: EvidenceMatrix
    by_work_package: EvidenceMatrix
    unevidenced: list[Element]
    quotes: Records
    weakest_paths: list[WeakestPath]
    unreached_actions: list[str]

    def unevidenced_records(self) -> Records:
        rows = [{"element": e.id, "type": e.type, "kind": e.kind, "label_nl": e.label_nl,
                 "label_en": e.label_en} for e in self.unevidenced]
        return Records(list(ELEMENT_COLUMNS), rows, caption="Elementen zonder bewijs "
                       f"(elements without evidence), versie {self.version}")

    def path_records(self) -> Records:
        return path_records(self.weakest_paths)


def evidence_map(project: Project, version: str | Version | None = None, *,
                 extra_evidence: Iterable[Evidence] = ()) -> EvidenceMap:
    """The evidence-gap matrices (by kind and by work package), the elements without
    evidence, the quotes per element and the weakest paths of a version (default: newest).

    `extra_evidence` is counted too, e.g. measured indicators
    (`indicators.measurement_evidence`)."""
    version = _version(project, version)
    index = evidence_index([*project.evidence, *extra_evidence])
    by_kind = evidence_matrix(project, version, "kind", index=index)
    paths = weakest_paths(project, version, index=index)
    actions, _ = pathway_ends(project, version)
    reached = {p.source for p in paths}
    return EvidenceMap(
        version=version.id, by_kind=by_kind,
        by_work_package=evidence_matrix(project, version, "work_package", index=index),
        unevidenced=by_kind.gaps, quotes=quote_records(project, version),
        weakest_paths=paths, unreached_actions=[a for a in actions if a not in reached])

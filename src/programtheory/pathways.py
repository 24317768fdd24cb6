"""Pathways through the theory, ranked by confidence.

A pathway is a chain of causal steps (`evidence_map.causal_steps`: links from or to a group are
also read from or to each member). Its strength is the grade of its weakest link, never a mean:
a chain holds no better than its weakest step.

- Rival explanations: a link that `competes_with` other links caps them. A rival graded high
  leaves the links it competes with at most low; a rival graded moderate, at most moderate; a
  weaker rival caps nothing.
- Source-continuous pathways (two links or more): one case, one cited work or one evidence
  item supports every link of the chain, so one source tells the whole story (as Causal Map's 'trace threads').

`rank_pathways` lists the strongest pathways first (then the shortest), by best-first search:
extending a pathway never raises its strength nor shortens it, so pathways leave the queue in
rank order and the search stops after `limit` of them.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from collections.abc import Iterable

from .confidence import GRADES, RANK, Assessment, assess_version, link_label
from .confidence_texts import text
from .exceptions import UsageError
from .evidence_map import Step, causal_steps, pathway_ends
from .graph import evidence_index
from .model import Evidence, Label, Project, Version
from .tables import Records


def rival_caps(version: Version, graded: dict[str, Assessment]) -> dict[str, tuple[str, str]]:
    """The cap on each link that a rival competes with: link id → (capped grade, rival id)."""
    caps: dict[str, tuple[str, str]] = {}
    for link in version.links:
        rival = graded.get(link.id)
        if rival is None:
            continue
        cap = GRADES[min(3, 4 - RANK[rival.grade])]
        for other in link.competes_with:
            if other in graded and (other not in caps or RANK[cap] < RANK[caps[other][0]]):
                caps[other] = (cap, link.id)
    return caps


def link_grades(version: Version, graded: dict[str, Assessment]) -> dict[str, str]:
    """The grade each link counts with in a pathway: its own, capped by its rivals."""
    caps = rival_caps(version, graded)
    out = {}
    for link in version.links:
        grade = graded[link.id].grade
        if link.id in caps and RANK[caps[link.id][0]] < RANK[grade]:
            grade = caps[link.id][0]
        out[link.id] = grade
    return out


@dataclass(frozen=True)
class Pathway:
    nodes: tuple[str, ...]
    links: tuple[str, ...]
    grades: tuple[str, ...]  # per link, after rival caps
    continuous: tuple[str, ...] = ()  # sources that support every link ('case:…', 'work:…')

    @property
    def strength(self) -> str:
        """The grade of the weakest link."""
        return min(self.grades, key=RANK.__getitem__)

    @property
    def weakest_links(self) -> tuple[str, ...]:
        low = RANK[self.strength]
        return tuple(dict.fromkeys(k for k, g in zip(self.links, self.grades, strict=True)
                                   if RANK[g] == low))

    def label_text(self, labels: dict[str, Label], language: str = "nl") -> str:
        return " → ".join(_word(labels, n, language) for n in self.nodes)


def _word(labels: dict[str, Label], element: str, language: str) -> str:
    label = labels.get(element)
    if label is None:
        return element
    return (label.en or label.nl) if language == "en" else label.nl


def source_keys(item: Evidence) -> set[str]:
    """The sources an item speaks for: itself, its case and its cited work."""
    keys = {f"item:{item.id}"}
    if item.case:
        keys.add(f"case:{item.case}")
    if item.citation:
        keys.add(f"work:{item.citation}")
    return keys


def _continuous(links: Iterable[str], supports: dict[str, set[str]]) -> tuple[str, ...]:
    """The sources that support every link; a chain of one link is never called continuous."""
    links = list(links)
    if len(links) < 2:
        return ()
    shared: set[str] | None = None
    for link in links:
        shared = set(supports.get(link, set())) if shared is None else shared & supports.get(
            link, set())
        if not shared:
            return ()
    return tuple(sorted(shared or ()))


def rank_pathways(steps: list[Step], grades: dict[str, str], source: str, target: str,
                  limit: int = 10, supports: dict[str, set[str]] | None = None
                  ) -> list[Pathway]:
    """The `limit` strongest simple pathways from `source` to `target`, strongest first, then
    shortest. `grades`: the grade each link counts with; `supports`: the source keys of the
    supporting items of each link (for source-continuity)."""
    out_steps: dict[str, list[Step]] = {}
    into: dict[str, list[str]] = {}
    for step in steps:
        if step.link in grades:
            out_steps.setdefault(step.source, []).append(step)
            into.setdefault(step.target, []).append(step.source)
    reaches = _reaching(into, target)
    if source not in reaches or source == target:
        return []
    found: list[Pathway] = []
    counter = 0
    queue: list = [(-3, 0, counter, (source,), ())]
    while queue and len(found) < limit:
        neg_strength, hops, _, nodes, links = heapq.heappop(queue)
        if nodes[-1] == target:
            link_ids = tuple(s.link for s in links)
            found.append(Pathway(nodes, link_ids, tuple(grades[k] for k in link_ids),
                                 _continuous(link_ids, supports or {})))
            continue
        for step in out_steps.get(nodes[-1], []):
            if step.target in reaches and step.target not in nodes:
                counter += 1
                strength = min(-neg_strength, RANK[grades[step.link]])
                heapq.heappush(queue, (-strength, hops + 1, counter, nodes + (step.target,),
                                       links + (step,)))
    return found


def _reaching(into: dict[str, list[str]], target: str) -> set[str]:
    seen, stack = {target}, [target]
    while stack:
        for previous in into.get(stack.pop(), []):
            if previous not in seen:
                seen.add(previous)
                stack.append(previous)
    return seen


def supporting_sources(project: Project, version: Version,
                       index: dict[str, list[Evidence]] | None = None) -> dict[str, set[str]]:
    index = evidence_index(project.evidence) if index is None else index
    return {link.id: set().union(*(source_keys(i) for i in index.get(link.id, [])
                                   if i.stance.value == "supports"))
            for link in version.links}


def element_labels(version: Version) -> dict[str, Label]:
    return {n.id: n.label for n in version.nodes} | {g.id: g.label for g in version.groups}


def resolve_element(version: Version, name: str) -> str:
    """An element id from an id or a label (Dutch or English, case-insensitive, unique)."""
    labels = element_labels(version)
    if name in labels:
        return name
    wanted = name.strip().casefold()
    hits = [i for i, lab in labels.items() if wanted in (lab.nl.casefold(), lab.en.casefold())]
    if not hits:
        hits = [i for i, lab in labels.items()
                if wanted in lab.nl.casefold() or (lab.en and wanted in lab.en.casefold())]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise UsageError(f"no element of version '{version.id}' is called '{name}' "
                         "(give an id or a label, or part of one)")
    shown = ", ".join(f"'{labels[h].nl}'" for h in hits[:5])
    raise UsageError(f"'{name}' names {len(hits)} elements ({shown}"
                     f"{', …' if len(hits) > 5 else ''}); give more of the label or the id")


def pathways(project: Project, source: str, target: str, version: str | Version | None = None,
             limit: int = 10) -> list[Pathway]:
    """The ranked pathways between two elements (ids or labels) of a version."""
    version = version if isinstance(version, Version) else project.version(version)
    index = evidence_index(project.evidence)
    graded = assess_version(project, version, index)
    return rank_pathways(causal_steps(project, version, index=index),
                         link_grades(version, graded), resolve_element(version, source),
                         resolve_element(version, target), limit,
                         supporting_sources(project, version, index))


def strongest_pathways(project: Project, version: str | Version | None = None,
                       graded: dict[str, Assessment] | None = None) -> list[Pathway]:
    """The strongest pathway (then the shortest) from every action to every long-term outcome
    it reaches, weakest first: the ones the theory can least rely on lead. `graded`: the
    assessments of the version, when already made."""
    version = version if isinstance(version, Version) else project.version(version)
    index = evidence_index(project.evidence)
    graded = assess_version(project, version, index) if graded is None else graded
    grades = link_grades(version, graded)
    steps = [s for s in causal_steps(project, version, index=index) if s.link in grades]
    levels = _levels(steps, grades)
    supports = supporting_sources(project, version, index)
    actions, outcomes = pathway_ends(project, version)
    found = [path for a in actions
             for path in strongest_from(steps, grades, a, outcomes, supports, levels)]
    return sorted(found, key=lambda p: (RANK[p.strength], len(p.links), p.nodes))


def _levels(steps: list[Step], grades: dict[str, str]) -> list[dict[str, list[Step]]]:
    """Per grade level t, the steps of links graded at least t, by their source."""
    levels: list[dict[str, list[Step]]] = [{} for _ in GRADES]
    for step in steps:
        for level in range(RANK[grades[step.link]] + 1):
            levels[level].setdefault(step.source, []).append(step)
    return levels


def strongest_from(steps: list[Step], grades: dict[str, str], source: str,
                   targets: Iterable[str], supports: dict[str, set[str]] | None = None,
                   levels: list[dict[str, list[Step]]] | None = None) -> list[Pathway]:
    """The strongest, then shortest, pathway from `source` to each target it reaches.

    A breadth-first search over the links graded at least t, for t from high down: the first
    level at which a target is reached is its strength, and the search gives the fewest steps
    at that level. Exact, and linear in the links per level."""
    levels = _levels([s for s in steps if s.link in grades], grades) if levels is None \
        else levels
    wanted = [t for t in dict.fromkeys(targets) if t != source]
    found: dict[str, Pathway] = {}
    for level in range(len(GRADES) - 1, -1, -1):
        if len(found) == len(wanted):
            break
        parent = _breadth_first(levels[level], source)
        for target in wanted:
            if target in found or target not in parent:
                continue
            chain: list[Step] = []
            node = target
            while node != source:
                chain.append(parent[node])
                node = parent[node].source
            chain.reverse()
            links = tuple(s.link for s in chain)
            found[target] = Pathway((source,) + tuple(s.target for s in chain), links,
                                    tuple(grades[k] for k in links),
                                    _continuous(links, supports or {}))
    return [found[t] for t in wanted if t in found]


def _breadth_first(adjacency: dict[str, list[Step]], source: str) -> dict[str, Step]:
    parent: dict[str, Step] = {}
    frontier, seen = [source], {source}
    while frontier:
        following = []
        for node in frontier:
            for step in adjacency.get(node, []):
                if step.target not in seen:
                    seen.add(step.target)
                    parent[step.target] = step
                    following.append(step.target)
        frontier = following
    return parent


def pathway_records(paths: list[Pathway], version: Version, language: str = "nl"):
    """Pathways as a reader's table: by label, with the weakest link(s) and continuity."""
    labels = element_labels(version)
    links = {link.id: link for link in version.links}
    headers = [text(language, f"path_{key}") for key in
               ("from", "to", "strength", "weakest", "pathway", "continuous")]
    rows = []
    for path in paths:
        weakest = [getattr(link_label(links[k], labels), language) or
                   link_label(links[k], labels).nl for k in path.weakest_links]
        rows.append(dict(zip(headers, [
            _word(labels, path.nodes[0], language), _word(labels, path.nodes[-1], language),
            text(language, path.strength), weakest, path.label_text(labels, language),
            text(language, "yes" if path.continuous else "no")], strict=True)))
    return Records(headers, rows, caption=text(language, "path_caption"))

"""A confidence grade per element and link, after GRADE-CERQual's four components.

The package proposes a grade from the evidence by the rules below (docs/confidence.md); a
researcher confirms or overrides it in the version file (`confidence: {grade, reason}`). Both
are kept: `Assessment.proposed` and `Assessment.decision`.

Each component is a concern level from 0 (no or very minor concerns) to 3 (serious concerns):

- adequacy: breadth, not bulk: distinct cases, respondent roles, cited works and source kinds
  among the supporting and nuancing items; the number of passages does not count;
- coherence: the share of contradicting and 'absent' items (nuancing ones count a quarter);
- relevance: the share of items that bear on the element itself and come from the programme's
  own setting (literature and items on a group or parent element are indirect);
- methodological limitations: the least limited source kind present.

The grade starts at high and drops one step per two concern steps in all, and at least to low
for a serious concern (to very low for two). No evidence at all: very low.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from collections.abc import Iterable

from .confidence_texts import text
from .graph import evidence_index
from .model import ConfidenceDecision, Evidence, Label, Link, Project, Version

GRADES = ("very_low", "low", "moderate", "high")  # weakest first: the index is the rank
RANK = {grade: i for i, grade in enumerate(GRADES)}
COMPONENTS = ("limitations", "coherence", "adequacy", "relevance")

# source kind of an item whose `source_kind` is empty, by evidence kind
DERIVED_SOURCE_KIND = {"quote": "interview", "case_count": "interview", "statistic": "survey",
                       "literature": "literature", "document": "document"}
# the limitations concern of each source kind: published research is appraised by its own
# review; staff surveys and purposively chosen case interviews rest on self-report; documents
# say what was intended rather than what happened
KIND_CONCERN = {"literature": 0, "survey": 1, "interview": 1, "document": 2}
ADEQUACY_STEPS = ((7, 0), (4, 1), (3, 2))  # (breadth score at least, concern)
COHERENCE_STEPS = ((0.0, 0), (0.15, 1), (0.35, 2))  # (conflict share at most, concern)
CONFLICT_WEIGHT = {"supports": 0.0, "nuances": 0.25, "contradicts": 1.0, "absent": 1.0}


@dataclass(frozen=True)
class Reason:
    key: str
    fields: tuple[tuple[str, Any], ...] = ()

    def text(self, language: str = "en") -> str:
        values = {k: text(language, v) if k == "kind" else v for k, v in self.fields}
        return text(language, self.key, **values)


def _reason(key: str, **fields: Any) -> Reason:
    return Reason(key, tuple(fields.items()))


@dataclass(frozen=True)
class Component:
    name: str
    concern: int  # 0 no or very minor … 3 serious
    reasons: tuple[Reason, ...]

    def text(self, language: str = "en") -> str:
        why = "; ".join(r.text(language) for r in self.reasons)
        return f"{text(language, f'concern_{self.concern}')} ({why})"


@dataclass(frozen=True)
class Weighed:
    """One evidence item as it counts for one element: directly on it or inherited."""

    item: Evidence
    inherited: bool = False


def source_kind(item: Evidence) -> str:
    return item.source_kind.value if item.source_kind else DERIVED_SOURCE_KIND[item.kind.value]


def is_direct(weighed: Weighed) -> bool:
    item = weighed.item
    if weighed.inherited:
        return False
    return item.direct if item.direct is not None else source_kind(item) != "literature"


def adequacy(items: Iterable[Weighed]) -> Component:
    backing = [w.item for w in items if w.item.stance.value in ("supports", "nuances")]
    if not backing:
        return Component("adequacy", 3, (_reason("no_support"),))
    cases = len({i.case for i in backing if i.case})
    roles = len({i.role.strip().lower() for i in backing if i.role.strip()})
    works = len({i.citation for i in backing if i.citation})
    kinds = len({source_kind(i) for i in backing})
    score = min(cases, 5) + min(roles, 5) + min(works, 3) + 2 * (kinds - 1)
    concern = next((c for least, c in ADEQUACY_STEPS if score >= least), 3)
    return Component("adequacy", concern, (_reason(
        "adequacy_breadth", cases=cases, roles=roles + works, kinds=kinds, items=len(backing)),))


def coherence(items: Iterable[Weighed]) -> Component:
    counts = {stance: 0 for stance in CONFLICT_WEIGHT}
    for w in items:
        counts[w.item.stance.value] += 1
    total = sum(counts.values())
    if not total:
        return Component("coherence", 3, (_reason("no_evidence"),))
    share = sum(CONFLICT_WEIGHT[s] * n for s, n in counts.items()) / total
    concern = next((c for most, c in COHERENCE_STEPS if share <= most), 3)
    return Component("coherence", concern, (_reason("coherence_mix", **counts),))


def relevance(items: Iterable[Weighed]) -> Component:
    items = list(items)
    if not items:
        return Component("relevance", 3, (_reason("no_evidence"),))
    direct = sum(1 for w in items if is_direct(w))
    share = direct / len(items)
    concern = 0 if share == 1 else 1 if share >= 0.5 else 2 if share > 0 else 3
    reasons = [_reason("relevance_mix", direct=direct, items=len(items))]
    inherited = sum(1 for w in items if w.inherited)
    if inherited:
        reasons.append(_reason("relevance_indirect", inherited=inherited))
    return Component("relevance", concern, tuple(reasons))


def limitations(items: Iterable[Weighed]) -> Component:
    kinds = {source_kind(w.item) for w in items}
    if not kinds:
        return Component("limitations", 3, (_reason("no_evidence"),))
    best = min(kinds, key=lambda k: (KIND_CONCERN[k], k))
    return Component("limitations", KIND_CONCERN[best], (_reason("limitations_best", kind=best),))


def propose(components: Iterable[Component], has_evidence: bool = True) -> tuple[str, Reason]:
    """The proposed grade from the four components, and the reason."""
    concerns = [c.concern for c in components]
    if not has_evidence:
        return "very_low", _reason("no_evidence")
    total, serious = sum(concerns), concerns.count(3)
    steps = 0 if total == 0 else 1 if total <= 2 else 2 if total <= 4 else 3
    steps = max(steps, {0: 0, 1: 2}.get(serious, 3))
    return GRADES[3 - steps], _reason("grade_rule", concerns=total, serious=serious)


@dataclass(frozen=True)
class Assessment:
    """The confidence in one element or link: the components, the proposal, the decision."""

    target: str
    target_type: str  # node, group or link
    label: Label
    components: tuple[Component, ...]
    proposed: str
    rule: Reason
    decision: ConfidenceDecision | None
    evidence: tuple[str, ...] = field(default=())

    @property
    def grade(self) -> str:
        """The grade in force: the researcher's decision, else the proposal."""
        return self.decision.grade if self.decision else self.proposed

    @property
    def status(self) -> str:
        if self.decision is None:
            return "proposed"
        return "confirmed" if self.decision.grade == self.proposed else "overridden"

    def component(self, name: str) -> Component:
        return next(c for c in self.components if c.name == name)


def assess(target: str, target_type: str, label: Label, items: list[Weighed],
           decision: ConfidenceDecision | None = None) -> Assessment:
    components = (limitations(items), coherence(items), adequacy(items), relevance(items))
    grade, rule = propose(components, bool(items))
    return Assessment(target, target_type, label, components, grade, rule, decision,
                      tuple(w.item.id for w in items))


def assess_version(project: Project, version: str | Version | None = None,
                   index: dict[str, list[Evidence]] | None = None) -> dict[str, Assessment]:
    """An assessment for every node, group and link of the version, by id, in file order."""
    version = version if isinstance(version, Version) else project.version(version)
    index = evidence_index(project.evidence) if index is None else index
    containing: dict[str, list[str]] = {}
    for group in version.groups:
        for member in group.members:
            containing.setdefault(member, []).append(group.id)
    out: dict[str, Assessment] = {}
    for node in version.nodes:
        wider = containing.get(node.id, []) + ([node.parent] if node.parent else [])
        out[node.id] = assess(node.id, "node", node.label, _weighed(node.id, wider, index),
                              node.confidence)
    for group in version.groups:
        out[group.id] = assess(group.id, "group", group.label, _weighed(group.id, [], index),
                               group.confidence)
    labels = {n.id: n.label for n in version.nodes} | {g.id: g.label for g in version.groups}
    for _ in range(2):  # a moderator's `to` reads as the relation it moderates: '(a → b)'
        labels |= {lk.id: Label({lang: f"({text})" for lang, text in
                                 link_label(lk, labels).root.items()}) for lk in version.links}
    for link in version.links:
        out[link.id] = assess(link.id, "link", link_label(link, labels),
                              _weighed(link.id, [], index), link.confidence)
    return out


def link_label(link: Link, labels: dict[str, Label]) -> Label:
    """'a + b → c' in the elements' own words, for readers (ids only where a label is missing)."""
    def side(ids: list[str], language: str) -> str:
        return " + ".join((getattr(labels[i], language) or labels[i].nl) if i in labels else i
                          for i in ids)
    return Label(nl=f"{side(link.sources, 'nl')} → {side(link.targets, 'nl')}",
                 en=f"{side(link.sources, 'en')} → {side(link.targets, 'en')}")


def _weighed(target: str, wider: list[str], index: dict[str, list[Evidence]]) -> list[Weighed]:
    own = index.get(target, [])
    seen = {item.id for item in own}
    items = [Weighed(item) for item in own]
    for other in wider:
        for item in index.get(other, []):
            if item.id not in seen:
                seen.add(item.id)
                items.append(Weighed(item, inherited=True))
    return items


# ---- the confidence channel of the figures: line width, which reads in greyscale
PENWIDTH = {"high": 3.4, "moderate": 2.2, "low": 1.2, "very_low": 0.5}  # points, static figure
VIS_WIDTH = {"high": 4.5, "moderate": 3.0, "low": 1.6, "very_low": 0.7}  # pixels, interactive


def annotate_graph(graph, project: Project, version: Version) -> None:
    """Set `confidence` (the grade in force) on every node and edge of a version's graph; an
    edge joining several links takes the weakest of them."""
    graded = assess_version(project, version)
    for node, data in graph.nodes(data=True):
        if node in graded:
            data["confidence"] = graded[node].grade
    for _, _, data in graph.edges(data=True):
        grades = [graded[k].grade for k in data.get("links", [data.get("id")]) if k in graded]
        if grades:
            data["confidence"] = min(grades, key=RANK.__getitem__)
    graph.graph["confidence"] = True


NODE_PENWIDTH = {"high": 3.0, "moderate": 2.0, "low": 1.0, "very_low": 0.4}


def node_confidence_attrs(data: dict) -> dict:
    """The Graphviz attributes of a node's confidence: its border width (none when the node
    is not annotated; groups drawn as frames keep theirs)."""
    grade = data.get("confidence")
    return {"penwidth": str(NODE_PENWIDTH[grade])} if grade in NODE_PENWIDTH else {}


def edge_confidence_attrs(data: dict) -> dict:
    """The Graphviz attributes of an edge's confidence (none when it is not annotated)."""
    grade = data.get("confidence")
    return {"penwidth": str(PENWIDTH[grade])} if grade in PENWIDTH else {}

"""A theory version as a networkx DiGraph.

Node and edge attributes are plain JSON types (str, int, float, bool, list, dict, None), so a
graph can be dumped with `networkx.node_link_data` and read by any tool.

Node attributes: kind, label_nl, label_en, description, levels, term, condition,
condition_inherited, polarity, parent, groups, in_figure, column, is_group, members, citations,
report (list of 'section, lines' strings), evidence (list of evidence ids), evidence_count,
stances ({supports, contradicts, nuances}).

Edge attributes: id (the first link's id), links (every link id joining the pair), kind,
relation, effect, status, sentence, report, causal, feedback, evidence, evidence_count, stances.
A link with several sources or targets gives one edge per pair, each carrying the link's id; two
links between the same pair share one edge (see `_merge_parallel`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from .citations import cite_each, project_sections
from .model import Evidence, Project, Version
from .moderators import edges_of, link_ids, moderated_ends
from .settings import UnknownLabel
from .vocab import column_key
from .yamlio import bulk_allocation


def evidence_index(evidence: Iterable[Evidence]) -> dict[str, list[Evidence]]:
    """Evidence by the id of each element it bears on (an id listed twice counts once)."""
    index: dict[str, list[Evidence]] = defaultdict(list)
    for item in evidence:
        for element_id in dict.fromkeys(item.bears_on):
            index[element_id].append(item)
    return index


def _evidence_attrs(items: list[Evidence]) -> dict:
    stances = {"supports": 0, "contradicts": 0, "nuances": 0}
    for item in items:
        stances[item.stance.value] = stances.get(item.stance.value, 0) + 1  # 'absent' if any
    return {"evidence": [item.id for item in items], "evidence_count": len(items),
            "stances": stances}


def build_graph(project: Project, version: str | Version | None = None,
                index: dict[str, list[Evidence]] | None = None) -> nx.DiGraph:
    """The DiGraph of one version (by default the newest).

    Groups become nodes with ``is_group=True`` and a ``members`` list, so that links the report
    states between groups of elements keep their shape.
    """
    if not isinstance(version, Version):
        version = project.version(version)
    with bulk_allocation():
        return _build_graph(project, version, index)


def _kind_labels(project: Project) -> dict[str, dict[str, str]]:
    """The project's names of its kinds of element, per language it names them in (a figure
    shows these, not the built-in names, wherever the project gives its own)."""
    vocabulary = project.vocabulary
    named: dict[str, dict[str, str]] = {}
    for lang in project.languages:
        for kind in vocabulary.values("kind"):
            try:
                named.setdefault(lang, {})[kind] = vocabulary.label("kind", kind, lang)
            except UnknownLabel:  # the checks report a kind without a name in a language
                continue
    return named


def _build_graph(project: Project, version: Version,
                 index: dict[str, list[Evidence]] | None) -> nx.DiGraph:
    if index is None:
        index = evidence_index(project.evidence)
    sections = project_sections(project)
    graph = nx.DiGraph(version=version.id, title_nl=version.info.title.nl,
                       title_en=version.info.title.en, based_on=version.info.based_on,
                       columns=list(version.info.columns) if version.info.columns else None,
                       levels=project.vocabulary.values("level"),
                       kinds=project.vocabulary.values("kind"),
                       kind_labels=_kind_labels(project),
                       language=project.primary_language,
                       text_language=project.settings.prose_language)
    member_groups: dict[str, list[str]] = defaultdict(list)
    for group in version.groups:
        for member in group.members:
            member_groups[member].append(group.id)
    for node in version.nodes:
        term = node.term.value if node.term else None
        graph.add_node(
            node.id, kind=node.kind.value, label_nl=node.label.nl, label_en=node.label.en,
            description=node.description, levels=[lv.value for lv in node.levels], term=term,
            condition=node.condition.value if node.condition else None,
            condition_inherited=node.condition_inherited, polarity=node.polarity.value,
            parent=node.parent, groups=member_groups.get(node.id, []), in_figure=node.in_figure,
            column=column_key(node.kind.value, term), is_group=False, members=[],
            citations=list(node.citations), report=cite_each(node.report, sections),
            report_lines=[str(r) for r in node.report],
            **_evidence_attrs(index.get(node.id, [])))
    for group in version.groups:
        kind = version.group_kind(group)
        term = group.term.value if group.term else None
        graph.add_node(
            group.id, kind=kind, label_nl=group.label.nl, label_en=group.label.en,
            description=group.note, levels=[], term=term, condition=None,
            condition_inherited=False, polarity="desired", parent=None, groups=[],
            in_figure=True, column=column_key(kind, term), is_group=True,
            members=list(group.members), citations=[], report=cite_each(group.report, sections),
            report_lines=[str(r) for r in group.report],
            **_evidence_attrs(index.get(group.id, [])))
    ends, links, rules = moderated_ends(version), link_ids(version), project.vocabulary.link_rules
    for link in version.links:
        rule = rules.get(link.kind)
        attrs = dict(id=link.id, kind=link.kind, relation=link.relation, effect=link.effect.value,
                     status=link.status.value, sentence=link.sentence,
                     report=cite_each(link.report, sections),
                     report_lines=[str(r) for r in link.report],
                     citations=list(link.citations),
                     causal=bool(rule and rule.causal), feedback=bool(rule and rule.feedback),
                     **_evidence_attrs(index.get(link.id, [])))
        for source, target, moderated in edges_of(link, version, ends, links):
            if source not in graph or target not in graph:
                continue
            if moderated:  # drawn to the end of the link it moderates; not causal
                attrs = dict(attrs, moderates=moderated, causal=False)
            if graph.has_edge(source, target):
                _merge_parallel(graph.edges[source, target], attrs)
            else:
                graph.add_edge(source, target, links=[attrs["id"]], **attrs)
    return graph


def _merge_parallel(edge: dict, attrs: dict) -> None:
    """A second link between the same two elements (e.g. 'enables' and 'hinders' stated in two
    places) joins the edge: `links` lists every link id, evidence is the union, and the edge
    counts as causal or stated when any of its links is."""
    edge["links"].append(attrs["id"])
    for item in attrs["evidence"]:
        if item not in edge["evidence"]:
            edge["evidence"].append(item)
    edge["evidence_count"] = len(edge["evidence"])
    for stance, count in attrs["stances"].items():
        edge["stances"][stance] += count
    edge["causal"] = edge["causal"] or attrs["causal"]
    edge["feedback"] = edge["feedback"] and attrs["feedback"]
    if attrs["status"] == "stated":
        edge["status"] = "stated"
    edge["report"] = edge["report"] + [r for r in attrs["report"] if r not in edge["report"]]
    edge["report_lines"] = edge["report_lines"] + [r for r in attrs["report_lines"]
                                                   if r not in edge["report_lines"]]
    edge["citations"] = edge["citations"] + [c for c in attrs["citations"]
                                             if c not in edge["citations"]]


def build_graphs(project: Project) -> dict[str, nx.DiGraph]:
    """A graph for every version, sharing one evidence index."""
    with bulk_allocation():
        index = evidence_index(project.evidence)
        return {vid: build_graph(project, version, index)
                for vid, version in project.versions.items()}

"""Which part of a theory to draw: one `Selection` passed from the command line to the figure.

`Selection` holds every filter (levels, kinds, conditions, focus and depth, paths, and whether
to keep only the elements the report's own figure draws); `select_subgraph` applies it to a
theory graph and `Selection.describe` says it in words for the figure's title. Unknown ids or
values raise `UsageError` with a 'did you mean'.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

import networkx as nx

from .errors import UsageError
from .findings import did_you_mean
from .vocab import Condition, Level, NodeKind, value_labels

__all__ = ["Selection", "check_choices", "check_node_id", "describe_selection",
           "select_subgraph"]


def check_choices(name: str, given, allowed: list[str]) -> list[str] | None:
    """`given` (one value or several) as a list, or UsageError naming the allowed values."""
    if given is None:
        return None
    values = [given] if isinstance(given, str) else list(given)
    for value in values:
        if value not in allowed:
            hint = did_you_mean(value, allowed)
            raise UsageError(f"unknown {name} '{value}'" + (f"; {hint}" if hint else "")
                             + f" (choose from: {', '.join(allowed)})")
    return values


def check_node_id(graph: nx.DiGraph, node_id: str, what: str = "node") -> None:
    if node_id not in graph:
        hint = did_you_mean(node_id, list(graph.nodes))
        version = graph.graph.get("version")
        where = f" in version '{version}'" if version else ""
        raise UsageError(f"unknown {what} id '{node_id}'{where}" + (f"; {hint}" if hint else ""))


@dataclass(frozen=True)
class Selection:
    """The filters of one drawing; the default selects everything.

    `levels`, `kinds`, `conditions`: keep a node that matches any of the given values.
    `focus` and `depth`: the nodes within `depth` steps of `focus`. `paths`: the nodes and links
    on directed paths (start, end). `figure_only`: keep only the elements the report's own
    figure draws (``in_figure``); None means 'when the version reproduces a figure of the
    report' (`resolved`).
    """

    levels: tuple[str, ...] | None = None
    kinds: tuple[str, ...] | None = None
    conditions: tuple[str, ...] | None = None
    focus: str | None = None
    depth: int = 1
    paths: tuple[str, str] | None = None
    figure_only: bool | None = None

    def __post_init__(self) -> None:
        for name in ("levels", "kinds", "conditions"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, (value,))
            elif value is not None:
                object.__setattr__(self, name, tuple(value))
        if self.paths is not None:
            object.__setattr__(self, "paths", tuple(self.paths))
        if self.depth is None:
            object.__setattr__(self, "depth", 1)

    @classmethod
    def of(cls, selection: Selection | None = None, **filters) -> Selection:
        """`selection`, or one made of keyword filters (the names of the fields)."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(filters) - known)
        if unknown:
            raise TypeError(f"unknown filter {', '.join(unknown)} "
                            f"(known: {', '.join(sorted(known))})")
        if selection is None:
            return cls(**filters)
        return replace(selection, **filters) if filters else selection

    def resolved(self, reproduces_figure: bool) -> Selection:
        """The selection with `figure_only` decided: by default a version that reproduces a
        figure of the report draws only what that figure draws."""
        if self.figure_only is None:
            return replace(self, figure_only=bool(reproduces_figure))
        return self

    def validate(self, graph: nx.DiGraph | None = None) -> None:
        """Raise `UsageError` for an unknown level, kind or condition, or a bad combination.
        The project's vocabulary travels with its graph (`graph.build_graph`)."""
        known = graph.graph if graph is not None else {}
        check_choices("level", self.levels, list(known.get("levels", Level.values())))
        check_choices("kind", self.kinds, list(known.get("kinds", NodeKind.values())) + ["group"])
        check_choices("condition", self.conditions, Condition.values())
        if int(self.depth) < 0:
            raise UsageError(f"--depth must be 0 or more, got {self.depth}")
        if self.focus is not None and self.paths is not None:
            raise UsageError("use either focus or paths, not both (--focus or --paths)")

    def matches(self, data: dict) -> bool:
        """Whether a (non-group) node passes the attribute filters."""
        if self.figure_only and not data.get("in_figure", True):
            return False
        if self.levels is not None and not set(data.get("levels") or []) & set(self.levels):
            return False
        if self.kinds is not None and data.get("kind") not in self.kinds:
            return False
        return self.conditions is None or data.get("condition") in self.conditions

    def describe(self, lang: str = "nl", names: Mapping[str, str] | None = None) -> str:
        """A short description of the filters, for the figure's title. `names` gives the
        reader's name of an element (its label), so that the title shows no id.

        >>> Selection(kinds=["outcome"], focus="oc_a", depth=2).describe("nl", {"oc_a": "Veilig"})
        'rond Veilig (2 stappen); soort: uitkomst'
        >>> Selection(paths=("a", "b")).describe("en")
        'paths from a to b'
        """
        nl = lang != "en"
        name = (names or {}).get
        parts = []
        if self.focus:
            one = self.depth == 1
            steps = ("stap" if one else "stappen") if nl else ("step" if one else "steps")
            focus = name(self.focus, self.focus)
            parts.append(f"{'rond' if nl else 'around'} {focus} ({self.depth} {steps})")
        if self.paths:
            a, b = (name(end, end) for end in self.paths)
            parts.append(f"paden van {a} naar {b}" if nl else f"paths from {a} to {b}")
        for values, category, word_nl, word_en in (
                (self.levels, "level", "niveau", "level"), (self.kinds, "kind", "soort", "kind"),
                (self.conditions, "condition", "voorwaarde", "condition")):
            if values:
                names = value_labels(category, "nl" if nl else "en")
                parts.append(f"{word_nl if nl else word_en}: "
                             + ", ".join(names.get(v, v) for v in values))
        return "; ".join(parts)


def describe_selection(lang: str = "nl", selection: Selection | None = None, *,
                       names: Mapping[str, str] | None = None, **filters) -> str:
    """`Selection.describe` for a selection or keyword filters."""
    return Selection.of(selection, **filters).describe(lang, names)


def _membership(graph: nx.DiGraph) -> dict[str, list[str]]:
    return {n: [m for m in d.get("members", []) if m in graph]
            for n, d in graph.nodes(data=True) if d.get("is_group")}


def _focus_nodes(graph: nx.DiGraph, focus: str, depth: int) -> set[str]:
    """Nodes within `depth` steps of `focus`, following links both ways and group membership."""
    near = nx.Graph()
    near.add_nodes_from(graph.nodes)
    near.add_edges_from(graph.edges)
    for group, members in _membership(graph).items():
        near.add_edges_from((group, m) for m in members)
    return set(nx.single_source_shortest_path_length(near, focus, cutoff=max(0, depth)))


def _path_graph(graph: nx.DiGraph, members: dict[str, list[str]]) -> nx.DiGraph:
    """The links without feedback, each group split into an entry (n, 'in') and an exit
    (n, 'out') so that a path cannot hop from one member to another through the group."""
    aug = nx.DiGraph()
    for n in graph.nodes:
        aug.add_node(_in_name(n, members))
        aug.add_node(_out_name(n, members))
    for u, v, d in graph.edges(data=True):
        if not d.get("feedback"):
            aug.add_edge(_out_name(u, members), _in_name(v, members))
    for group, ms in members.items():
        for m in ms:
            aug.add_edge((group, "in"), _in_name(m, members))
            aug.add_edge(_out_name(m, members), (group, "out"))
    return aug


def _out_name(n: str, members: dict) -> tuple[str, str]:
    return (n, "out") if n in members else (n, "")


def _in_name(n: str, members: dict) -> tuple[str, str]:
    return (n, "in") if n in members else (n, "")


def _path_nodes(graph: nx.DiGraph, start: str, end: str) -> tuple[set[str], set[tuple[str, str]]]:
    """The nodes and links on directed paths from `start` to `end`.

    Feedback links are not followed (they run back by design). A group passes its incoming links
    on to every member and every member passes its outgoing links on through the group. A node
    lies on a path when `start` reaches it and it reaches `end`.
    """
    members = _membership(graph)
    aug = _path_graph(graph, members)
    first, src = _in_name(start, members), _out_name(start, members)
    dst, last = _in_name(end, members), _out_name(end, members)
    forward = nx.descendants(aug, first) | {first} | nx.descendants(aug, src) | {src}
    backward = nx.ancestors(aug, dst) | {dst} | nx.ancestors(aug, last) | {last}
    if not any(name == end for name, _ in forward):
        return set(), set()
    nodes = {name for name, _ in forward & backward} | {start, end}
    links = {(u, v) for u, v, d in graph.edges(data=True)
             if not d.get("feedback") and _out_name(u, members) in forward
             and _in_name(v, members) in backward}
    return nodes, links


def _kept_by_focus_or_paths(graph: nx.DiGraph, selection: Selection):
    """(nodes kept, links kept or None for all, pinned nodes) by the focus or the paths."""
    if selection.focus is not None:
        check_node_id(graph, selection.focus, "focus node")
        return _focus_nodes(graph, selection.focus, int(selection.depth)), None, {selection.focus}
    if selection.paths is not None:
        start, end = selection.paths
        check_node_id(graph, start, "path start")
        check_node_id(graph, end, "path end")
        keep, keep_edges = _path_nodes(graph, start, end)
        if not keep_edges and start != end:
            raise UsageError(f"no path from '{start}' to '{end}' in version "
                             f"'{graph.graph.get('version', '?')}' (links followed in their "
                             "direction, group members through their group; feedback links "
                             "left out)")
        return keep, keep_edges, {start, end}
    return set(graph.nodes), None, set()


def select_subgraph(graph: nx.DiGraph, selection: Selection | None = None,
                    **filters) -> nx.DiGraph:
    """The part of a theory graph to draw (a new graph; the input is not changed).

    `selection` is a `Selection`, or give its fields as keywords. Order of the steps: first
    `focus` (the nodes within `depth` steps, following links either way and group membership)
    or `paths` (the nodes and links on directed paths FROM → TO, feedback links left out); then
    the attribute filters `levels`, `kinds` and `conditions` (each keeps a node that matches any
    of the given values). The focus node and the path ends are always kept. A group is kept when
    one of its members is kept, or (with no level or condition filter) when its own kind
    passes. `figure_only` drops nodes that the report discusses but does not draw
    (``in_figure=False``).

    Unknown ids, levels, kinds or conditions raise `UsageError` with a 'did you mean'.
    """
    selection = Selection.of(selection, **filters)
    selection.validate(graph)
    keep, keep_edges, pinned = _kept_by_focus_or_paths(graph, selection)
    chosen = {n for n in keep if n in pinned or (not graph.nodes[n].get("is_group")
                                                 and selection.matches(graph.nodes[n]))}
    for group, members in _membership(graph).items():
        if group not in keep:
            continue
        itself = (selection.levels is None and selection.conditions is None
                  and (selection.kinds is None
                       or graph.nodes[group].get("kind") in selection.kinds))
        if group in pinned or any(m in chosen for m in members) or itself:
            chosen.add(group)
    sub = nx.DiGraph(**graph.graph)
    sub.add_nodes_from((n, dict(d)) for n, d in graph.nodes(data=True) if n in chosen)
    for u, v, d in graph.edges(data=True):
        if u in chosen and v in chosen and (keep_edges is None or (u, v) in keep_edges):
            sub.add_edge(u, v, **dict(d))
    if sub.number_of_nodes() != graph.number_of_nodes():
        sub.graph["filtered"] = True
    return sub

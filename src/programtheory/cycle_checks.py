"""Cycles in the causal links of a version: of links alone (PT403), and once group membership
counts (PT410). Feedback and structural links take no part (see the rule table in `vocab`)."""

from __future__ import annotations

import networkx as nx

from . import model as m
from .findings import Finding, finding


def cycle_findings(version: m.Version, causal: nx.DiGraph) -> list[Finding]:
    """Every cycle of `causal` (the version's causal links, each edge with its link id and
    index) as a finding, then the cycles through groups."""
    file = version.path
    out: list[Finding] = []
    for component in nx.strongly_connected_components(causal):
        if len(component) < 2:
            continue
        cycle = nx.find_cycle(causal.subgraph(component))
        first = causal.edges[cycle[0][0], cycle[0][1]]
        chain = " -> ".join([cycle[0][0]] + [v for _, v in cycle])
        links = ", ".join(causal.edges[u, v]["link"] for u, v in cycle)
        out.append(finding("PT403", f"causal links form a cycle: {chain} (links {links})",
                           "break the cycle, or mark the returning link as feeds_back",
                           file=file, path=("links", first["index"])))
    _check_group_cycles(version, causal, file, out)
    return out


def _check_group_cycles(version: m.Version, causal: nx.DiGraph, file: str,
                        out: list[Finding]) -> None:
    """PT410: a cycle once membership counts as a link from a member to its group (a change in
    a member is a change in its group), so that a group leading to one of its own members,
    directly or through other elements, is a cycle. Cycles of links alone are PT403's."""
    if not version.groups:
        return
    joined = causal.copy()
    for i, group in enumerate(version.groups):
        for member in group.members:
            if member != group.id and not joined.has_edge(member, group.id):
                joined.add_edge(member, group.id, part_of=i)
    for component in nx.strongly_connected_components(joined):
        inner = joined.subgraph(component)
        part_of = [(u, v) for u, v, d in inner.edges(data=True) if "part_of" in d]
        if len(component) < 2 or not part_of:
            continue
        member, group = min(part_of)
        steps = nx.shortest_path(inner, group, member)
        edges = list(zip(steps, steps[1:], strict=False))
        links = [inner.edges[u, v]["link"] for u, v in edges if "link" in inner.edges[u, v]]
        chain = " -> ".join(steps) + f" -> {group}"
        first = next((inner.edges[u, v] for u, v in edges if "index" in inner.edges[u, v]),
                     None)
        where = ("links", first["index"]) if first else \
            ("groups", inner.edges[member, group]["part_of"], "members")
        out.append(finding("PT410", f"causal links form a cycle through group membership: "
                           f"{chain}, as '{member}' is a member of '{group}'"
                           + (f" (links {', '.join(links)})" if links else ""),
                           "link from or to the member itself instead of its group, or mark "
                           "the returning link as feeds_back", file=file, path=where))

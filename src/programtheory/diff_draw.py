"""The drawn diff: the union of two versions as one graph, and its Graphviz drawing.

The drawing runs Graphviz through `graphviz.run_graphviz`, like every other figure: the same
program lookup (``PROGRAMTHEORY_GRAPHVIZ_BIN``), the same install hint, the same timeout and
errors, the same escaping (`graphviz.dot_quote`, `graphviz.html_label_text`) and the same font.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from .atomic import write_atomically
from .errors import UsageError
from .figure_text import wrap_text
from .messages import message
from .graphviz import (FONT, RawLabel, dot_attrs, dot_label, dot_quote, html_label_text,
                       run_graphviz)
from .textsafe import export_text
from .vocab import column_key
from .yamlio import bulk_allocation

if TYPE_CHECKING:
    from .diff import VersionDiff
    from .model import Project


def diff_graph(project: Project, old: str, new: str,
               diff: VersionDiff | None = None) -> nx.DiGraph:
    """The union of versions `old` and `new` of `project` (see `union_graph`)."""
    from .diff import diff_versions

    if diff is not None and (diff.old, diff.new) != (old, new):
        raise ValueError(f"the diff is of {diff.old} -> {diff.new}, not {old} -> {new}")
    return union_graph(diff or diff_versions(project, old, new))


def union_graph(diff: VersionDiff) -> nx.DiGraph:
    """The union of a diff's two versions as one DiGraph, for drawing the diff.

    Every node and edge has a ``change`` attribute: added, removed, changed, unchanged or
    not_discussed. A matched element appears once, under its new id, with ``old_ids``; removed
    and not-discussed elements keep their old id. Node attributes: kind, label_nl, label_en,
    term, column, is_group, members, change, relation, old_ids, new_ids, fields (names of the
    changed fields). Edge attributes: id, kind, change, and ``links`` (every link drawn on
    that edge, as dicts of id, kind and change; a removed link whose ends fall on the same two
    elements as a new one shares its edge, and the edge's change is then 'changed').
    """
    if diff.old_side is None or diff.new_side is None:
        raise ValueError("the diff does not carry its versions; make it with diff_sides")
    graph = nx.DiGraph(old=diff.old, new=diff.new)
    with bulk_allocation():  # many small dicts and no cycles (see yamlio)
        where = _add_nodes(graph, diff)
        _add_groups(graph, diff, where)
        _add_edges(graph, diff, where)
    return graph


def _add_nodes(graph: nx.DiGraph, diff: VersionDiff) -> dict[str, list[str]]:
    """Add the node entries; return for every old id the union nodes it is drawn as."""
    nodes_old = {n.id: n for n in diff.old_side.version.nodes}
    nodes_new = {n.id: n for n in diff.new_side.version.nodes}
    where: dict[str, list[str]] = {}
    entries: dict[str, list] = {}  # union node id -> the entries naming it
    for change in diff.nodes:
        ids = change.new_ids or change.old_ids
        for node_id in ids:
            entries.setdefault(node_id, []).append(change)
        for o in change.old_ids:
            # an old node that lives on under its id keeps its old links to itself only
            targets = [o] if o in nodes_new else ids
            where.setdefault(o, [])
            where[o] += [i for i in targets if i not in where[o]]
    for node_id, changes in entries.items():
        n = nodes_new[node_id] if node_id in nodes_new else nodes_old[node_id]
        term = n.term.value if n.term else None
        statuses = {c.status for c in changes}
        status = statuses.pop() if len(statuses) == 1 else "changed"
        graph.add_node(node_id, kind=n.kind.value, label_nl=n.label.nl, label_en=n.label.en,
                       term=term, column=column_key(n.kind.value, term), is_group=False,
                       members=[], change=status,
                       relation=", ".join(dict.fromkeys(c.relation for c in changes
                                                        if c.relation)),
                       old_ids=list(dict.fromkeys(o for c in changes for o in c.old_ids)),
                       new_ids=[node_id] if node_id in nodes_new else [],
                       fields=list(dict.fromkeys(f.field for c in changes for f in c.fields)))
    return where


def _add_groups(graph: nx.DiGraph, diff: VersionDiff, where: dict[str, list[str]]) -> None:
    v_old, v_new = diff.old_side.version, diff.new_side.version
    groups_old = {g.id: g for g in v_old.groups}
    groups_new = {g.id: g for g in v_new.groups}
    for change in diff.groups:
        gid = change.id
        g = groups_new[gid] if change.new_ids else groups_old[gid]
        term = g.term.value if g.term else None
        kind = (v_new if change.new_ids else v_old).group_kind(g)
        graph.add_node(gid, kind=kind, label_nl=g.label.nl, label_en=g.label.en, term=term,
                       column=column_key(kind, term), is_group=True, members=list(g.members),
                       change=change.status, relation=change.relation,
                       old_ids=list(change.old_ids), new_ids=list(change.new_ids),
                       fields=[f.field for f in change.fields])
        where.setdefault(gid, [gid])


def _add_edges(graph: nx.DiGraph, diff: VersionDiff, where: dict[str, list[str]]) -> None:
    links_old = {link.id: link for link in diff.old_side.version.links}
    links_new = {link.id: link for link in diff.new_side.version.links}
    for change in diff.links:
        if change.new_ids:
            link = links_new[change.new_ids[0]]
            ends = link.edges()
        else:
            link = links_old[change.old_ids[0]]
            ends = [(s2, t2) for s, t in link.edges()
                    for s2 in where.get(s, [s]) for t2 in where.get(t, [t])]
        for s, t in ends:
            if s not in graph or t not in graph or s == t:
                continue
            entry = {"id": link.id, "kind": link.kind, "change": change.status}
            if graph.has_edge(s, t):
                data = graph.edges[s, t]
                data["links"].append(entry)
                if data["change"] != change.status:
                    data["change"] = "changed"
            else:
                graph.add_edge(s, t, id=link.id, kind=link.kind, change=change.status,
                               links=[entry])


# ------------------------------------------------------------------------------ drawing

MARKERS = {"added": "+", "removed": "−", "changed": "~", "not_discussed": "?",
           "unchanged": ""}
_NODE_STYLES = {
    "added": {"style": "solid", "penwidth": "3"},
    "removed": {"style": "dashed", "color": "gray45", "fontcolor": "gray35", "penwidth": "1"},
    "changed": {"style": "solid", "peripheries": "2", "penwidth": "1"},
    "not_discussed": {"style": "dotted", "color": "gray45", "fontcolor": "gray35",
                      "penwidth": "1.5"},
    "unchanged": {"style": "solid", "penwidth": "0.5"},
}
_EDGE_STYLES = {
    "added": {"style": "solid", "penwidth": "2.5"},
    "removed": {"style": "dashed", "color": "gray45", "penwidth": "1"},
    "changed": {"style": "solid", "color": "black:invis:black", "penwidth": "1"},
    "not_discussed": {"style": "dotted", "color": "gray45", "penwidth": "1"},
    "unchanged": {"style": "solid", "penwidth": "0.5", "color": "gray30"},
}


def _wrap(text: str, width: int = 28) -> list[str]:
    return wrap_text(text, width, max_lines=1_000)  # the figures' wrapping, without cut-off


def _attrs(attrs: dict) -> str:
    return "[" + dot_attrs(attrs) + "]"


def diff_text(graph: nx.DiGraph, lang: str = "nl") -> str:
    """A description of a drawn diff (its SVG's `<desc>`) in `lang`: elements and links per
    change."""
    from .diff import STATUS_LABELS

    nodes = Counter(data.get("change", "unchanged") for _, data in graph.nodes(data=True))
    links = Counter(data.get("change", "unchanged") for *_, data in graph.edges(data=True))
    parts = [message("diff.drawn_part", lang, status=message(f"diff.status.{status}", lang),
                     nodes=nodes.get(status, 0), links=links.get(status, 0))
             for status in STATUS_LABELS if nodes.get(status) or links.get(status)]
    return message("diff.drawn_desc", lang, parts="; ".join(parts))


def draw_diff(graph: nx.DiGraph, path: str | Path, fmt: str = "svg", *,
              lang: str = "nl", timeout: float = 600.0) -> Path:
    """Draw a `union_graph` with Graphviz `dot` to `path` (svg, png or pdf) and return it.

    Styles stay readable in greyscale: added = bold border and '+', removed = dashed grey
    border, '−' and struck-through text, changed = double border and '~', not discussed =
    dotted grey border and '?' (gathered in one box, their arrows left to the table),
    unchanged = thin border. A legend explains them. Labels show their text literally.
    Raises MissingTool when Graphviz is not installed, GraphvizTimeout after `timeout` s.
    """

    if fmt not in ("svg", "png", "pdf"):
        raise UsageError(f"format must be svg, png or pdf, not '{fmt}'")
    lines = ['digraph diff {',
             f'  graph [rankdir="LR", fontname="{FONT}", nodesep="0.25", ranksep="0.6"];',
             f'  node [shape="box", fontname="{FONT}", fontsize="10", margin="0.12,0.06"];',
             '  edge [arrowsize="0.6"];']
    lines += _quiet_box(graph, lang)
    for node_id, data in sorted(graph.nodes(data=True), key=lambda kv: str(kv[0])):
        if data.get("change") != "not_discussed":
            lines.append("  " + _node_statement(node_id, data, lang))
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        change = data.get("change", "unchanged")
        if change == "not_discussed":
            continue
        attrs = dict(_EDGE_STYLES.get(change, _EDGE_STYLES["unchanged"]))
        if MARKERS.get(change):
            attrs.update(label=MARKERS[change], fontsize="9")
        lines.append(f"  {dot_quote(str(u))} -> {dot_quote(str(v))} {_attrs(attrs)};")
    lines += _legend(lang)
    lines.append("}")
    data = run_graphviz("\n".join(lines) + "\n", fmt, timeout=timeout)
    if fmt == "svg":
        from .accessible import label_svg

        versions = " → ".join(str(graph.graph[k]) for k in ("old", "new") if graph.graph.get(k))
        data = label_svg(data, message("diff.drawn_title", lang, versions=versions).strip(),
                         diff_text(graph, lang))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda temp: temp.write_bytes(data))
    return path


def _quiet_box(graph: nx.DiGraph, lang: str) -> list[str]:
    """Elements the revision does not discuss, gathered in one box without their links (those
    are listed in the table): drawn among the rest they hid what did change."""
    quiet = sorted((n for n, d in graph.nodes(data=True) if d.get("change") == "not_discussed"),
                   key=str)
    hidden = sum(1 for *_, d in graph.edges(data=True) if d.get("change") == "not_discussed")
    label = message("diff.status.not_discussed", lang)
    if hidden:
        label += ": " + message("diff.arrows_not_drawn", lang, n=hidden)
    out = ["  subgraph cluster_not_discussed {",
           f"    graph [label={dot_quote(label)}, fontsize=\"10\", style=\"dotted\", "
           f"color=\"gray50\"];"]
    heads = []
    for start in range(0, len(quiet), 10):  # columns of ten keep the box compact
        out.append("    { rank=same;")
        out += ["      " + _node_statement(n, graph.nodes[n], lang)
                for n in quiet[start:start + 10]]
        out.append("    }")
        heads.append(dot_quote(str(quiet[start])))
    out += [f"    {a} -> {b} [style=\"invis\"];" for a, b in pairwise(heads)]
    out.append("  }")
    return out


def _node_statement(node_id: str, data: dict, lang: str) -> str:
    change = data.get("change", "unchanged")
    # data text reaches Graphviz's HTML-like labels too, where dot_quote does not clean it
    text = export_text(data.get(f"label_{lang}") or data.get("label_nl") or str(node_id))
    marker = MARKERS.get(change, "")
    attrs = dict(_NODE_STYLES.get(change, _NODE_STYLES["unchanged"]))
    if data.get("is_group"):
        attrs["shape"] = "folder"
    if change == "removed":
        lines = [html_label_text(line) for line in _wrap(text)]
        attrs["label"] = RawLabel("<<S>" + html_label_text(marker + " ") + "<BR/>".join(lines)
                                  + "</S>>")
    else:
        attrs["label"] = dot_label(_wrap(f"{marker} {text}" if marker else text))
    return f"{dot_quote(str(node_id))} {_attrs(attrs)};"


def _legend(lang: str) -> list[str]:
    out = ["  subgraph cluster_legend {",
           f"    graph [label={dot_quote(message('diff.legend', lang))}, fontsize=\"10\", "
           "style=\"dashed\", color=\"gray60\"];"]
    for change in ("added", "removed", "changed", "not_discussed", "unchanged"):
        attrs = dict(_NODE_STYLES[change])
        text = f"{MARKERS[change]} {message(f'diff.status.{change}', lang)}".strip()
        attrs["label"] = RawLabel(f"<<S>{html_label_text(text)}</S>>") if change == "removed" \
            else text
        out.append(f"    {dot_quote('__legend_' + change)} {_attrs(attrs)};")
    out.append("  }")
    return out

"""One deterministic layout of a theory graph, shared by every renderer.

The pipeline is: ``select_subgraph`` (filters, focus, paths) → ``layout_graph`` (one Graphviz
``dot`` run) → ``Layout`` (positions and sizes in points, origin top left, y down).
`programtheory.render` draws the layout as SVG/PNG/PDF and `programtheory.interactive` as one
offline HTML file; both read the same ``Layout``, so the steering group sees the same picture.

The picture is the usual program-theory figure:

* **Columns**, left to right: assumptions | resources | actions | outputs | outcomes short |
  medium | long | follow-up (`DEFAULT_COLUMNS`). A node's column is ``vocab.column_key(kind,
  term)`` (graph attribute ``column``); a version may set its own order in
  ``version.info.columns``. Each column is one Graphviz rank (``rankdir=LR``, ``newrank=true``,
  ``rank=same`` per column and an invisible chain of column headers), so columns never mix.
* **Bands** around the columns (`BANDS`): problem, goal and rationale above; mechanisms,
  feedback and external factors below. In every column the vertical order is fixed with
  invisible flat edges (``band above → header → column nodes → separator → band below …``);
  each band is a labelled cluster, so it is drawn as one box across the width of the figure.
  Band nodes are spread over the columns near the columns of the nodes they link to.
* **Rows** inside a column are ordered by dot's crossing minimisation: the real links are edges
  with ``constraint=false``, which take part in crossing reduction but not in ranking.
* **Groups** (graph nodes with ``is_group=True``): a group whose members are all drawn, lie in one
  region (the columns or one band) and belong to no other drawn group becomes a **cluster box
  around its members**, labelled with the group's label, and links to or from the group are
  compound edges (``lhead``/``ltail``) that end at that box. This is how the report draws
  'Korte termijn impact' and friends: a frame around the elements, with one arrow for the whole
  set, instead of a copy of the arrow for every member. A group that cannot be a cluster
  (overlapping another group, members in several regions, or none of its members drawn) is drawn
  as an ordinary box in the column of its kind and term. In the interactive view the group is the
  label at the top of its box (clickable, with its own evidence); links attach there.

Same input → same positions: the DOT text is built in the graph's insertion order (the YAML
order), and dot is deterministic for a given text.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field

import networkx as nx

from .errors import MissingTool, UsageError
from .findings import did_you_mean
from .vocab import TERM_RANK, Condition, Level, NodeKind, column_key

__all__ = ["BANDS", "DEFAULT_COLUMNS", "Band", "EdgePath", "Frame", "GraphvizError", "Header",
           "Layout", "NodeBox", "dot_executable", "layout_graph", "node_label_lines",
           "run_graphviz", "select_subgraph", "wrap_text"]

DEFAULT_COLUMNS = ("assumption", "resource", "action", "output", "outcome_short",
                   "outcome_medium", "outcome_long", "follow_up")


@dataclass(frozen=True)
class Band:
    key: str
    kinds: frozenset[str]
    side: str  # 'top' or 'bottom'
    label_nl: str
    label_en: str


BANDS = (
    Band("context", frozenset({"problem", "goal", "rationale"}), "top",
         "Probleemstelling, doelen en rationale", "Problem, goals and rationale"),
    Band("mechanism", frozenset({"mechanism"}), "bottom", "Mechanismen", "Mechanisms"),
    Band("feedback", frozenset({"feedback"}), "bottom", "Feedback en monitoring",
         "Feedback and monitoring"),
    Band("external", frozenset({"external_factor"}), "bottom", "Externe factoren",
         "External factors"),
)
_BAND_OF_KIND = {kind: band.key for band in BANDS for kind in band.kinds}

COLUMN_LABELS = {
    "problem": ("Probleemstelling", "Problem"),
    "goal": ("Doelen", "Goals"),
    "rationale": ("Rationale", "Rationale"),
    "mechanism": ("Mechanismen", "Mechanisms"),
    "assumption": ("Assumpties", "Assumptions"),
    "resource": ("Bronnen", "Resources"),
    "action": ("Acties", "Actions"),
    "output": ("Output", "Outputs"),
    "outcome_short": ("Uitkomsten korte termijn", "Short-term outcomes"),
    "outcome_medium": ("Uitkomsten middellange termijn", "Medium-term outcomes"),
    "outcome_long": ("Uitkomsten lange termijn", "Long-term outcomes"),
    "follow_up": ("Opvolging", "Follow-up"),
    "feedback": ("Feedback", "Feedback"),
    "external_factor": ("Externe factoren", "External factors"),
    "group": ("Groepen", "Groups"),
}

KIND_LABELS = {
    "problem": ("probleemstelling", "problem"),
    "goal": ("doel", "goal"),
    "rationale": ("rationale", "rationale"),
    "mechanism": ("mechanisme", "mechanism"),
    "assumption": ("assumptie", "assumption"),
    "resource": ("bron", "resource"),
    "action": ("actie", "action"),
    "output": ("output", "output"),
    "outcome": ("uitkomst", "outcome"),
    "feedback": ("feedback", "feedback"),
    "follow_up": ("opvolging", "follow-up"),
    "external_factor": ("externe factor", "external factor"),
    "group": ("groep", "group"),
}

# Pale fills: black text stays readable, and the kinds differ in greyscale by their column.
KIND_COLORS = {
    "problem": "#f6c8c3", "goal": "#fbdcb0", "rationale": "#fff5c2", "mechanism": "#e9dcf2",
    "assumption": "#d5ecd0", "resource": "#c9dcec", "action": "#dfd4ec", "output": "#eadfc8",
    "outcome": "#f8d9e8", "feedback": "#dcdcdc", "follow_up": "#cfe8e2",
    "external_factor": "#f2f2f2", "group": "#ffffff",
}

FONT = "DejaVu Sans"  # wide: any substitute font a viewer picks is narrower, so text still fits
FONT_SIZE = 10.0
HEADER_FONT_SIZE = 11.0
WRAP = 24  # characters per line of a node label
MAX_LINES = 7  # longer labels end in '…' in the figure; the full text is in the HTML panel
_HELPER = "__pt_"  # prefix of invisible helper nodes (model ids start with a letter)


class GraphvizError(RuntimeError):
    """Graphviz ran but failed (a bug in the DOT we wrote, or a Graphviz crash)."""


# ------------------------------------------------------------------------------ Graphviz

INSTALL_HINT = ("Graphviz is not installed (the 'dot' program was not found). Install it:\n"
                "  Debian/Ubuntu: sudo apt-get install graphviz\n"
                "  macOS:         brew install graphviz\n"
                "  conda:         conda install -c conda-forge graphviz\n"
                "  Windows:       winget install graphviz   (or: choco install graphviz)\n"
                "then run the command again.")


def dot_executable(program: str = "dot") -> str:
    """The path of a Graphviz program, or `MissingTool` naming the install command.

    The environment variable ``PROGRAMTHEORY_GRAPHVIZ_BIN`` may name the folder holding it.
    """
    folder = os.environ.get("PROGRAMTHEORY_GRAPHVIZ_BIN")
    found = shutil.which(program, path=folder) if folder else shutil.which(program)
    if not found:
        raise MissingTool(INSTALL_HINT)
    return found


def run_graphviz(source: str, fmt: str, *, engine: str = "dot", args: tuple[str, ...] = (),
                 timeout: float = 600.0) -> bytes:
    """Run a Graphviz engine on DOT text and return its output bytes."""
    exe = dot_executable(engine)
    try:
        done = subprocess.run([exe, f"-T{fmt}", *args], input=source.encode("utf-8"),
                              capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError:  # pragma: no cover - removed between which() and run()
        raise MissingTool(INSTALL_HINT) from None
    except subprocess.TimeoutExpired:
        raise GraphvizError(f"Graphviz {engine} took longer than {timeout:.0f} s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise GraphvizError(f"Graphviz {engine} failed (exit {done.returncode}): {message}")
    return done.stdout


def dot_quote(text: str) -> str:
    """A DOT double-quoted string that shows `text` literally.

    Backslashes and quotes are escaped (so ``\\N`` or ``\\G`` in user text is not expanded), and
    ``&`` becomes ``&amp;`` (Graphviz decodes entities in labels). A quoted string is never taken
    as an HTML-like label, whatever it starts with.

    >>> dot_quote('<b>"x"</b> \\\\N & y')
    '"<b>\\\\"x\\\\"</b> \\\\\\\\N &amp; y"'
    """
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    text = text.replace("\r", " ").replace("\n", " ")
    return f'"{text}"'


def _label(lines: list[str] | tuple[str, ...]) -> str:
    """A multi-line DOT label: each line escaped, joined by the centred line break."""
    return dot_quote("\x00".join(lines)).replace("\x00", "\\n")


# ------------------------------------------------------------------------------ labels

def wrap_text(text: str, width: int = WRAP, max_lines: int = MAX_LINES) -> list[str]:
    """Wrap text into lines of at most `width` characters; cut with '…' after `max_lines`.

    >>> wrap_text("de creatie van een werkend veiligheidsplan", 20)
    ['de creatie van een', 'werkend', 'veiligheidsplan']
    >>> wrap_text("a " * 100, 10, 2)
    ['a a a a a', 'a a a a a…']
    """
    words = " ".join(str(text).split())
    if not words:
        return [""]
    lines = textwrap.wrap(words, width=width, break_long_words=True, break_on_hyphens=True)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        lines[-1] = (last[: width - 1].rstrip() if len(last) >= width else last) + "…"
    return lines


def node_text(data: dict, lang: str = "nl") -> str:
    """The label of a node in the chosen language (Dutch when there is no English gloss)."""
    if lang == "en" and data.get("label_en"):
        return data["label_en"]
    return data.get("label_nl") or ""


def node_label_lines(data: dict, lang: str = "nl", width: int = WRAP,
                     max_lines: int = MAX_LINES) -> list[str]:
    return wrap_text(node_text(data, lang), width, max_lines)


# ------------------------------------------------------------------------------ filters

def _check_choices(name: str, given, allowed: list[str]) -> list[str] | None:
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


def _path_nodes(graph: nx.DiGraph, start: str, end: str) -> tuple[set[str], set[tuple[str, str]]]:
    """The nodes and links on directed paths from `start` to `end`.

    Feedback links are not followed (they run back by design). A group passes its incoming links
    on to every member and every member passes its outgoing links on through the group: the
    group is split into an entry and an exit so that a path cannot hop from one member to
    another through the group. A node lies on a path when `start` reaches it and it reaches
    `end`.
    """
    members = _membership(graph)
    aug = nx.DiGraph()

    def out_name(n: str) -> tuple[str, str]:
        return (n, "out") if n in members else (n, "")

    def in_name(n: str) -> tuple[str, str]:
        return (n, "in") if n in members else (n, "")

    for n in graph.nodes:
        aug.add_node(in_name(n))
        aug.add_node(out_name(n))
    for u, v, d in graph.edges(data=True):
        if not d.get("feedback"):
            aug.add_edge(out_name(u), in_name(v))
    for group, ms in members.items():
        for m in ms:
            aug.add_edge((group, "in"), in_name(m))
            aug.add_edge(out_name(m), (group, "out"))
    src, dst = out_name(start), in_name(end)
    # a node both reached from `start` and reaching `end`
    forward = nx.descendants(aug, in_name(start)) | {in_name(start)}
    forward |= nx.descendants(aug, src) | {src}
    backward = nx.ancestors(aug, dst) | {dst}
    backward |= nx.ancestors(aug, out_name(end)) | {out_name(end)}
    on_path = forward & backward
    if not any(name == end for name, _ in forward):
        return set(), set()
    nodes = {name for name, _ in on_path} | {start, end}
    links = {(u, v) for u, v, d in graph.edges(data=True)
             if not d.get("feedback") and out_name(u) in forward and in_name(v) in backward}
    return nodes, links


def select_subgraph(graph: nx.DiGraph, *, levels=None, kinds=None, conditions=None,
                    focus: str | None = None, depth: int = 1,
                    paths: tuple[str, str] | None = None,
                    figure_only: bool = False) -> nx.DiGraph:
    """The part of a theory graph to draw (a new graph; the input is not changed).

    Order of the steps: first `focus` (the nodes within `depth` steps, following links either
    way and group membership) or `paths` (the nodes and links on directed paths FROM → TO,
    feedback links left out); then the attribute filters `levels`, `kinds` and `conditions`
    (each keeps a node that matches any of the given values). The focus node and the path ends
    are always kept. A group is kept when one of its members is kept, or when it matches itself.
    `figure_only` drops nodes that the report discusses but does not draw (``in_figure=False``).

    Unknown ids, levels, kinds or conditions raise `UsageError` with a 'did you mean'.
    """
    levels = _check_choices("level", levels, Level.values())
    kinds = _check_choices("kind", kinds, NodeKind.values() + ["group"])
    conditions = _check_choices("condition", conditions, Condition.values())
    if depth is None:
        depth = 1
    if int(depth) < 0:
        raise UsageError(f"--depth must be 0 or more, got {depth}")
    if focus is not None and paths is not None:
        raise UsageError("use either focus or paths, not both")
    keep = set(graph.nodes)
    keep_edges: set[tuple[str, str]] | None = None
    pinned: set[str] = set()
    if focus is not None:
        check_node_id(graph, focus, "focus node")
        keep = _focus_nodes(graph, focus, int(depth))
        pinned = {focus}
    if paths is not None:
        start, end = paths
        check_node_id(graph, start, "path start")
        check_node_id(graph, end, "path end")
        keep, keep_edges = _path_nodes(graph, start, end)
        if not keep_edges and start != end:
            raise UsageError(f"no path from '{start}' to '{end}' in version "
                             f"'{graph.graph.get('version', '?')}' (links followed in their "
                             "direction, group members through their group; feedback links "
                             "left out)")
        pinned = {start, end}

    def matches(n: str, d: dict) -> bool:
        if figure_only and not d.get("in_figure", True):
            return False
        if levels is not None and not set(d.get("levels") or []) & set(levels):
            return False
        if kinds is not None and d.get("kind") not in kinds:
            return False
        if conditions is not None and d.get("condition") not in conditions:
            return False
        return True

    chosen = {n for n in keep if n in pinned or (not graph.nodes[n].get("is_group")
                                                 and matches(n, graph.nodes[n]))}
    for group, members in _membership(graph).items():
        if group in keep and (group in pinned or any(m in chosen for m in members)
                              or (not members and matches(group, graph.nodes[group]))):
            chosen.add(group)
    sub = nx.DiGraph(**graph.graph)
    sub.add_nodes_from((n, dict(d)) for n, d in graph.nodes(data=True) if n in chosen)
    for u, v, d in graph.edges(data=True):
        if u in chosen and v in chosen and (keep_edges is None or (u, v) in keep_edges):
            sub.add_edge(u, v, **dict(d))
    if sub.number_of_nodes() != graph.number_of_nodes():
        sub.graph["filtered"] = True
    return sub


# ------------------------------------------------------------------------------ the layout

@dataclass(frozen=True)
class NodeBox:
    """A drawn node: centre (x, y) and size, in points, origin top left, y down."""

    id: str
    x: float
    y: float
    width: float
    height: float
    region: str  # 'core' (the columns) or the key of a band
    column: str  # the column key ('' for band nodes)
    rank: int  # the column index, left to right
    lines: tuple[str, ...]
    shape: str = "box"
    cluster: bool = False  # a group drawn as a frame: (x, y) is the centre of its label

    @property
    def left(self) -> float:
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        return self.x + self.width / 2

    @property
    def top(self) -> float:
        return self.y - self.height / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class EdgePath:
    """A drawn link: its graph edge, the link id and dot's spline (B-spline control points)."""

    source: str
    target: str
    id: str
    points: tuple[tuple[float, float], ...]
    arrow_tip: tuple[float, float] | None = None


@dataclass(frozen=True)
class Frame:
    """A labelled box around nodes: a band, or a group drawn as a cluster."""

    id: str
    kind: str  # 'band' or 'group'
    label: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Header:
    column: str
    label: str
    x: float
    y: float


@dataclass
class Cluster:
    """A DOT cluster: a band or a group frame, possibly holding group frames."""

    name: str
    attrs: dict[str, str]
    members: list[str]
    children: list["Cluster"] = field(default_factory=list)


@dataclass
class DotSpec:
    """The DOT text of a layout as parts, so that a renderer can write it again with the
    computed positions (and leave out the invisible helpers)."""

    graph_attrs: dict[str, str]
    node_attrs: dict[str, str]
    edge_attrs: dict[str, str]
    nodes: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # visible nodes
    clusters: list["Cluster"] = field(default_factory=list)
    edges: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)  # visible
    helper_nodes: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    helper_edges: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    ranks: list[list[str]] = field(default_factory=list)

    def to_dot(self, *, helpers: bool = True, positions: dict | None = None,
               extra: str = "", graph_attrs: dict[str, str] | None = None) -> str:
        out = ["digraph theory {"]
        attrs = dict(self.graph_attrs)
        attrs.update(graph_attrs or {})
        out.append("  graph [" + _attrs(attrs) + "];")
        out.append("  node [" + _attrs(self.node_attrs) + "];")
        out.append("  edge [" + _attrs(self.edge_attrs) + "];")
        pos = positions or {}

        def write(cluster: Cluster, indent: str) -> None:
            cattrs = {**cluster.attrs, **pos.get(("cluster", cluster.name), {})}
            out.append(f"{indent}subgraph {dot_quote(cluster.name)} {{")
            out.append(f"{indent}  graph [" + _attrs(cattrs) + "];")
            for child in cluster.children:
                write(child, indent + "  ")
            out.extend(f"{indent}  {dot_quote(m)};" for m in cluster.members)
            out.append(f"{indent}}}")

        for cluster in self.clusters:
            write(cluster, "  ")
        for name, nattrs in self.nodes:
            nattrs = {**nattrs, **pos.get(("node", name), {})}
            out.append(f"  {dot_quote(name)} [" + _attrs(nattrs) + "];")
        if helpers:
            for name, nattrs in self.helper_nodes:
                out.append(f"  {dot_quote(name)} [" + _attrs(nattrs) + "];")
            for rank in self.ranks:
                out.append("  {rank=same; " + " ".join(dot_quote(n) for n in rank) + "}")
            for tail, head, eattrs in self.helper_edges:
                out.append(f"  {dot_quote(tail)} -> {dot_quote(head)} [" + _attrs(eattrs) + "];")
        for tail, head, eattrs in self.edges:
            eattrs = {**eattrs, **pos.get(("edge", eattrs.get("id", "")), {})}
            out.append(f"  {dot_quote(tail)} -> {dot_quote(head)} [" + _attrs(eattrs) + "];")
        if extra:
            out.append(extra)
        out.append("}")
        return "\n".join(out) + "\n"


def _attrs(attrs: dict[str, str]) -> str:
    parts = []
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        if isinstance(value, float):
            value = f"{value:.4f}".rstrip("0").rstrip(".")
        if key == "label" and isinstance(value, RawLabel):
            parts.append(f"{key}={value}")
        else:
            parts.append(f"{key}={dot_quote(str(value))}")
    return ", ".join(parts)


class RawLabel(str):
    """A label already in DOT syntax (escaped and quoted, with its line breaks)."""


@dataclass
class Layout:
    """Where everything goes. Coordinates in points (1/72 inch), origin top left, y down.

    `nodes` holds every drawn graph node, groups included (a group drawn as a frame has
    ``cluster=True`` and sits at the frame's label). `frames` are the band and group boxes,
    `headers` the column titles. `spec` and `gv` are what the static renderer needs to draw the
    same picture again with Graphviz (positions pinned, no second layout).
    """

    graph: nx.DiGraph
    nodes: dict[str, NodeBox]
    edges: list[EdgePath]
    frames: list[Frame]
    headers: list[Header]
    width: float
    height: float
    columns: tuple[str, ...]
    lang: str
    spec: DotSpec
    gv: dict = field(repr=False, default_factory=dict)
    seconds: float = 0.0

    def positions(self) -> dict[str, tuple[float, float]]:
        return {n: (b.x, b.y) for n, b in self.nodes.items()}


def _column_order(graph: nx.DiGraph, columns) -> list[str]:
    """The column keys to use, left to right: the version's order, or the default; any other
    column key that occurs is added at the end in the default order."""
    order = list(columns or graph.graph.get("columns") or DEFAULT_COLUMNS)
    seen = set(order)
    present = []
    for n, d in graph.nodes(data=True):
        key = d.get("column") or column_key(d.get("kind", ""), d.get("term"))
        if key not in seen and key not in _BAND_OF_KIND:
            present.append(key)
            seen.add(key)
    rank_of = {k: i for i, k in enumerate(("problem", "goal", "rationale") + DEFAULT_COLUMNS)}
    present.sort(key=lambda k: (rank_of.get(k, 99), k))
    return order + present


def node_style(data: dict, lang: str = "nl") -> dict[str, str]:
    """Graphviz attributes of a node (they set its size, so layout and figure share them).

    Greyscale-safe coding: necessary = square box with a double border; facilitating = dashed
    border; undesired (or mixed) = octagon; other nodes are rounded boxes.
    """
    kind = data.get("kind", "group")
    fill = KIND_COLORS.get(kind, "#ffffff")
    style = ["filled"]
    shape = "box"
    attrs: dict[str, str] = {}
    condition = data.get("condition")
    if data.get("polarity") in ("undesired", "mixed"):
        shape = "octagon"
    if condition == "necessary":
        attrs["peripheries"] = "2"
        attrs["penwidth"] = "1.4"
    else:
        if shape == "box":
            style.insert(0, "rounded")
        if condition == "facilitating":
            style.append("dashed")
            attrs["penwidth"] = "1.4"
    classes = ["pt-node", f"pt-kind-{kind}"]
    if condition:
        classes.append(f"pt-{condition}")
    classes.append(f"pt-{data.get('polarity', 'desired')}")
    if data.get("is_group"):
        classes.append("pt-group")
    attrs.update(shape=shape, style=",".join(style), fillcolor=fill,
                 label=RawLabel(_label(node_label_lines(data, lang))),
                 tooltip=node_text(data, lang)[:500], **{"class": " ".join(classes)})
    return attrs


def edge_style(data: dict) -> dict[str, str]:
    """Graphviz attributes of a link: implied = dashed; hinders/prevents = flat 'tee' head;
    moderates = open diamond; feedback links grey."""
    attrs: dict[str, str] = {}
    if data.get("status") == "implied":
        attrs["style"] = "dashed"
    effect = data.get("effect")
    if data.get("kind") in ("hinders", "prevents") or effect == "hinders":
        attrs["arrowhead"] = "tee"
    elif effect == "moderates" or data.get("kind") == "moderates":
        attrs["arrowhead"] = "odiamond"
    if data.get("feedback"):
        attrs["color"] = "#555555"
    classes = ["pt-link", f"pt-{data.get('status', 'stated')}"]
    attrs["class"] = " ".join(classes)
    return attrs


def _barycentre(graph: nx.DiGraph, node: str, rank_of: dict[str, int]) -> float | None:
    ranks = [rank_of[m] for m in nx.all_neighbors(graph, node) if m in rank_of]
    return sum(ranks) / len(ranks) if ranks else None


def _spread(nodes: list[str], wanted: dict[str, float | None], n_ranks: int) -> dict[str, int]:
    """Give each band node a rank near `wanted`, at most ceil(k/n_ranks) per rank."""
    if not nodes:
        return {}
    k = len(nodes)
    cap = max(1, math.ceil(k / n_ranks))
    even = {n: (i * (n_ranks - 1) / (k - 1) if k > 1 else (n_ranks - 1) / 2)
            for i, n in enumerate(nodes)}
    target = {n: (wanted[n] if wanted.get(n) is not None else even[n]) for n in nodes}
    order = sorted(nodes, key=lambda n: (target[n], nodes.index(n)))
    load = [0] * n_ranks
    result = {}
    for n in order:
        best = min(range(n_ranks), key=lambda r: (load[r] >= cap, abs(r - target[n]), r))
        result[n] = best
        load[best] += 1
    return result


def layout_graph(graph: nx.DiGraph, *, columns=None, lang: str = "nl",
                 timeout: float = 600.0) -> Layout:
    """Lay out a theory graph once with Graphviz dot (see the module docstring).

    `columns` is the column order (``version.info.columns``); by default the graph attribute
    ``columns`` or `DEFAULT_COLUMNS`. Returns a `Layout`; raises `MissingTool` without Graphviz.
    """
    import time

    if lang not in ("nl", "en"):
        raise UsageError(f"unknown language '{lang}' (choose nl or en)")
    started = time.perf_counter()
    order = _column_order(graph, columns)
    groups = _membership(graph)
    in_graph = set(graph.nodes)

    # ---- which groups become clusters
    def region_of(n: str) -> str:
        d = graph.nodes[n]
        key = d.get("column") or column_key(d.get("kind", ""), d.get("term"))
        if key in order:
            return "core"
        return _BAND_OF_KIND.get(d.get("kind", ""), "core")

    taken: set[str] = set()
    cluster_groups: dict[str, list[str]] = {}
    for group, members in groups.items():
        ms = [m for m in members if not graph.nodes[m].get("is_group")]
        if ms and not taken & set(ms) and len({region_of(m) for m in ms}) == 1:
            cluster_groups[group] = ms
            taken.update(ms)

    boxes = [n for n in graph.nodes if n not in cluster_groups]
    core = [n for n in boxes if region_of(n) == "core"]
    used_columns = []
    col_of: dict[str, str] = {}
    for n in core:
        d = graph.nodes[n]
        key = d.get("column") or column_key(d.get("kind", ""), d.get("term"))
        if key not in order:
            key = "group"
        col_of[n] = key
    for key in order + ["group"]:
        if key in col_of.values() and key not in used_columns:
            used_columns.append(key)
    rank_of = {n: used_columns.index(col_of[n]) for n in core}
    band_nodes = {band.key: [n for n in boxes if region_of(n) == band.key] for band in BANDS}
    n_ranks = max(len(used_columns), min(6, max([len(v) for v in band_nodes.values()] + [0])), 1)
    for band in BANDS:
        ns = band_nodes[band.key]
        kind_rank = {k: i for i, k in enumerate(("problem", "goal", "rationale"))}
        ns.sort(key=lambda n: kind_rank.get(graph.nodes[n].get("kind"), 0))
        wanted = {n: _barycentre(graph, n, rank_of) for n in ns}
        rank_of.update(_spread(ns, wanted, n_ranks))

    # ---- DOT spec
    big = graph.number_of_nodes() > 250
    gattrs = {"rankdir": "LR", "newrank": "true", "compound": "true", "nodesep": "0.14",
              "ranksep": "0.45", "fontname": FONT, "fontsize": "12", "outputorder": "edgesfirst",
              "splines": "spline", "pad": "0.15", "labeljust": "l", "ordering": "",
              "esep": "2", "sep": "4"}
    if big:  # keep dot's search bounded on very large theories
        gattrs.update(mclimit="0.3", nslimit="2", nslimit1="2", searchsize="10",
                      remincross="false")
    gattrs = {k: v for k, v in gattrs.items() if v != ""}
    spec = DotSpec(graph_attrs=gattrs,
                   node_attrs={"fontname": FONT, "fontsize": f"{FONT_SIZE:g}", "width": "1.7",
                               "height": "0.36", "margin": "0.09,0.05", "penwidth": "1",
                               "color": "#333333", "fontcolor": "#111111"},
                   edge_attrs={"constraint": "false", "arrowsize": "0.7", "penwidth": "1.1",
                               "color": "#333333"})
    for n in boxes:
        spec.nodes.append((n, {**node_style(graph.nodes[n], lang), "id": f"node-{n}"}))

    band_label = {b.key: (b.label_nl if lang == "nl" else b.label_en) for b in BANDS}
    for band in BANDS:
        ns = band_nodes[band.key]
        if ns:
            spec.clusters.append(Cluster(f"cluster_band_{band.key}", {
                "label": band_label[band.key], "style": "rounded,filled", "color": "#9a9a9a",
                "fillcolor": "#fafafa", "fontsize": "11", "fontname": FONT, "penwidth": "1",
                "class": f"pt-band pt-band-{band.key}", "id": f"band-{band.key}",
                "margin": "10"}, list(ns)))
    for group, ms in cluster_groups.items():
        d = graph.nodes[group]
        text = " ".join(wrap_text(node_text(d, lang), 60, 2))
        spec.clusters.append(Cluster(f"cluster_group_{group}", {
            "label": text, "style": "dashed,rounded", "color": "#444444", "penwidth": "1.3",
            "fontsize": "10", "fontname": FONT, "class": "pt-group-frame",
            "id": f"group-{group}", "margin": "8"}, list(ms)))
    # group membership inside band clusters: dot wants nested clusters, so a group whose
    # members sit in a band cluster is written inside it
    _nest_group_clusters(spec)

    # ---- helpers: column headers (rank skeleton) and the vertical order in each rank
    headers = []
    for r in range(n_ranks):
        name = f"{_HELPER}col{r}"
        label = ""
        if r < len(used_columns):
            nl, en = COLUMN_LABELS.get(used_columns[r], (used_columns[r], used_columns[r]))
            label = nl if lang == "nl" else en
        headers.append(name)
        spec.helper_nodes.append((name, {
            "shape": "plaintext", "style": "", "label": RawLabel(_label(wrap_text(label, 22, 3))),
            "fontsize": f"{HEADER_FONT_SIZE:g}", "fontname": f"{FONT} Bold", "height": "0.3",
            "width": "1.7", "margin": "0.02", "id": f"header-{r}", "class": "pt-header"}))
    for r in range(n_ranks - 1):
        spec.helper_edges.append((headers[r], headers[r + 1],
                                  {"style": "invis", "constraint": "true", "weight": "1000"}))
    by_rank: list[list[str]] = [[] for _ in range(n_ranks)]
    for n in boxes:
        by_rank[rank_of[n]].append(n)
    sections_top = ["context"]
    sections_bottom = [b.key for b in BANDS if b.side == "bottom"]
    seps: dict[tuple[int, str], str] = {}
    flat = {"style": "invis", "constraint": "true", "weight": "0"}
    for r in range(n_ranks):
        in_rank = by_rank[r]
        region = {n: region_of(n) for n in in_rank}
        rank_members = [headers[r]] + in_rank
        # top band above the header
        for n in in_rank:
            if region[n] in sections_top:
                spec.helper_edges.append((n, headers[r], flat))
        prev = headers[r]
        core_here = [n for n in in_rank if region[n] == "core"]
        for n in core_here:
            spec.helper_edges.append((headers[r], n, flat))
        last_group = core_here
        for key in sections_bottom:
            if not band_nodes[key]:
                continue
            sep = f"{_HELPER}sep_{key}_{r}"
            seps[(r, key)] = sep
            spec.helper_nodes.append((sep, {"shape": "point", "style": "invis", "width": "0",
                                            "height": "0", "label": ""}))
            rank_members.append(sep)
            spec.helper_edges.append((prev, sep, flat))
            for n in last_group:
                spec.helper_edges.append((n, sep, flat))
            here = [n for n in in_rank if region[n] == key]
            for n in here:
                spec.helper_edges.append((sep, n, flat))
            prev, last_group = sep, here
        spec.ranks.append(rank_members)
    for key in sections_bottom:
        for r in range(n_ranks - 1):
            if (r, key) in seps and (r + 1, key) in seps:
                spec.helper_edges.append((seps[(r, key)], seps[(r + 1, key)],
                                          {"style": "invis", "constraint": "true",
                                           "weight": "20"}))

    # ---- the links
    rep_cache: dict[tuple[str, str], str] = {}

    def endpoint(n: str, other: str) -> tuple[str, str | None]:
        """The DOT node an edge end attaches to, and the cluster it is clipped at."""
        if n not in cluster_groups:
            return n, None
        ms = cluster_groups[n]
        other_rank = rank_of.get(other)
        if other_rank is None and other in cluster_groups:
            other_rank = sum(rank_of[m] for m in cluster_groups[other]) / len(cluster_groups[other])
        if other_rank is None:
            other_rank = 0
        key = (n, f"{other_rank}")
        if key not in rep_cache:
            best = min(ms, key=lambda m: (abs(rank_of[m] - other_rank), ms.index(m) != len(ms) // 2,
                                          ms.index(m)))
            rep_cache[key] = best
        return rep_cache[key], f"cluster_group_{n}"

    for i, (u, v, d) in enumerate(graph.edges(data=True)):
        if u == v:
            continue
        tail, tcl = endpoint(u, v)
        head, hcl = endpoint(v, u)
        attrs = {**edge_style(d), "id": f"edge-{i}", "pt_link": d.get("id", "")}
        if tcl:
            if v in cluster_groups.get(u, []) or head in cluster_groups.get(u, []):
                tcl = None
            else:
                attrs["ltail"] = tcl
        if hcl:
            if u in cluster_groups.get(v, []) or tail in cluster_groups.get(v, []):
                hcl = None
            else:
                attrs["lhead"] = hcl
        if tail == head:
            continue
        attrs["pt_source"], attrs["pt_target"] = u, v
        spec.edges.append((tail, head, attrs))

    source = spec.to_dot()
    raw = run_graphviz(source, "json0", timeout=timeout)
    gv = json.loads(raw.decode("utf-8"))
    layout = _read_layout(graph, gv, spec, cluster_groups, rank_of, used_columns, col_of,
                          region_of, lang)
    layout.seconds = time.perf_counter() - started
    return layout


def _nest_group_clusters(spec: DotSpec) -> None:
    """Write each group frame whose members lie in a band inside that band's cluster."""
    bands = [c for c in spec.clusters if c.name.startswith("cluster_band_")]
    groups = [c for c in spec.clusters if c.name.startswith("cluster_group_")]
    top = list(bands)
    for group in groups:
        home = next((b for b in bands if set(group.members) <= set(b.members)), None)
        if home is None:
            top.append(group)
            continue
        home.children.append(group)
        home.members = [m for m in home.members if m not in group.members]
    spec.clusters = top


def _spline_points(pos: str, flip) -> tuple[tuple[tuple[float, float], ...],
                                             tuple[float, float] | None]:
    points, tip = [], None
    for part in pos.split():
        if part.startswith("e,"):
            x, y = part[2:].split(",")[:2]
            tip = flip(float(x), float(y))
        elif part.startswith("s,"):
            continue
        else:
            x, y = part.split(",")[:2]
            points.append(flip(float(x), float(y)))
    return tuple(points), tip


def _read_layout(graph, gv, spec, cluster_groups, rank_of, used_columns, col_of, region_of,
                 lang) -> Layout:
    x0, y0, x1, y1 = (float(v) for v in gv.get("bb", "0,0,0,0").split(","))
    height = y1 - y0

    def flip(x: float, y: float) -> tuple[float, float]:
        return (round(x - x0, 3), round(y1 - y, 3))

    objects = gv.get("objects", [])
    by_gvid = {o.get("_gvid"): o for o in objects}
    placed: dict[str, dict] = {}
    clusters: dict[str, dict] = {}
    for o in objects:
        name = o.get("name", "")
        if "pos" in o:
            placed[name] = o
        elif name.startswith("cluster_"):
            clusters[name] = o
    nodes: dict[str, NodeBox] = {}
    frames: list[Frame] = []
    headers: list[Header] = []
    for n in graph.nodes:
        d = graph.nodes[n]
        lines = tuple(node_label_lines(d, lang))
        if n in cluster_groups:
            c = clusters.get(f"cluster_group_{n}")
            if c is None:
                continue
            bx0, by0, bx1, by1 = (float(v) for v in c["bb"].split(","))
            lx, ly = (float(v) for v in c.get("lp", f"{(bx0 + bx1) / 2},{by1 - 8}").split(","))
            lw = float(c.get("lwidth", 1)) * 72
            lh = float(c.get("lheight", 0.2)) * 72
            cx, cy = flip(lx, ly)
            members = cluster_groups[n]
            nodes[n] = NodeBox(n, cx, cy, lw + 8, lh + 4, region_of(members[0]), "",
                               min(rank_of[m] for m in members),
                               (" ".join(wrap_text(node_text(d, lang), 60, 2)),), "box", True)
            fx0, fy0 = flip(bx0, by1)
            fx1, fy1 = flip(bx1, by0)
            frames.append(Frame(n, "group", c.get("label", ""), fx0, fy0, fx1, fy1))
            continue
        o = placed.get(n)
        if o is None:
            continue
        px, py = (float(v) for v in o["pos"].split(","))
        cx, cy = flip(px, py)
        region = region_of(n)
        nodes[n] = NodeBox(n, cx, cy, float(o["width"]) * 72, float(o["height"]) * 72, region,
                           col_of.get(n, "") if region == "core" else "", rank_of.get(n, 0),
                           lines, o.get("shape", "box"))
    for name, c in clusters.items():
        if name.startswith("cluster_band_"):
            bx0, by0, bx1, by1 = (float(v) for v in c["bb"].split(","))
            fx0, fy0 = flip(bx0, by1)
            fx1, fy1 = flip(bx1, by0)
            frames.append(Frame(name[len("cluster_band_"):], "band", c.get("label", ""),
                                fx0, fy0, fx1, fy1))
    frames.sort(key=lambda f: (f.kind != "band", f.y0, f.x0, f.id))
    for r, column in enumerate(used_columns):
        o = placed.get(f"{_HELPER}col{r}")
        if o is not None:
            px, py = (float(v) for v in o["pos"].split(","))
            cx, cy = flip(px, py)
            nl, en = COLUMN_LABELS.get(column, (column, column))
            headers.append(Header(column, nl if lang == "nl" else en, cx, cy))
    edges: list[EdgePath] = []
    for e in gv.get("edges", []):
        if "pt_source" not in e:
            continue
        pts, tip = _spline_points(e.get("pos", ""), flip) if e.get("pos") else ((), None)
        edges.append(EdgePath(e["pt_source"], e["pt_target"], e.get("pt_link", ""), pts, tip))
    gvinfo = {"bb": (x0, y0, x1, y1), "placed": placed, "clusters": clusters,
              "edges": {e.get("id"): e for e in gv.get("edges", []) if "id" in e},
              "by_gvid": by_gvid}
    return Layout(graph=graph, nodes=nodes, edges=edges, frames=frames, headers=headers,
                  width=round(x1 - x0, 3), height=round(height, 3),
                  columns=tuple(used_columns), lang=lang, spec=spec, gv=gvinfo)


def _term_rank(term: str | None) -> int:  # pragma: no cover - kept for callers sorting terms
    return TERM_RANK.get(term or "", 1)

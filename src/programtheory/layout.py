"""One deterministic layout of a theory graph, shared by every renderer.

The pipeline is: ``select_subgraph`` (filters, focus, paths) → ``layout_graph`` (one Graphviz
``dot`` run, then composition) → ``Layout`` (positions and sizes in points, origin top left,
y down). `programtheory.render` draws the layout as SVG/PNG/PDF and
`programtheory.interactive` as one offline HTML file; both read the same ``Layout``, so the
steering group sees the same picture everywhere.

The picture is the usual program-theory figure:

* **Columns**, left to right: assumptions | resources | actions | outputs | outcomes short |
  medium | long | follow-up (`DEFAULT_COLUMNS`). A node's column is ``vocab.column_key(kind,
  term)`` (graph attribute ``column``); a version may set its own order in
  ``version.info.columns`` (the revised theory puts short-term outcomes between resources and
  actions). Each column is one dot rank (``rankdir=LR``, ``newrank=true``, ``rank=same`` per
  column on an invisible chain of column anchors), so columns never mix. Empty columns are
  left out.
* **Rows** inside a column are ordered by dot's crossing minimisation: the links are edges with
  ``constraint=false``, which take part in crossing reduction but not in ranking.
* **Bands** around the columns (`BANDS`): problem, goals and rationale above; mechanisms,
  feedback and external factors below, each a labelled frame across the whole width. A band
  node goes to the column nearest the mean column of the nodes it links to (at most
  ceil(k / columns) per column), so its links stay short; band rows are aligned to the
  columns' x positions. (A first design kept bands inside the dot run, ordered by invisible
  flat edges; dot does not keep flat-edge order once clusters are present, so bands are
  composed around the dot result instead.)
* **Links** between two column nodes are dot's splines. A link with an end in a band is routed
  orthogonally through the free corridors between columns and the free streets between bands;
  routes that share a corridor are spread over lanes, and the gap between columns is widened
  when many routes need it. (Graphviz's own router for pinned nodes, ``neato -n2
  splines=true``, took 4 s for 200 nodes and over 500 s for 1,000.)
* **Groups** (graph nodes with ``is_group=True``): a group whose members all lie in the columns
  and belong to no other drawn group is a **dashed frame around its members** (a dot cluster),
  labelled with the group's label; links to or from the group are compound edges
  (``lhead``/``ltail``) that end at the frame. This is how the report draws 'Korte termijn
  impact' and the other blocks of Figuur 6: a frame around the elements and one arrow for the
  whole set, instead of a copy of the arrow for every member, which would multiply the arrows
  by the group's size. A group that cannot be a frame (overlapping another group, or members in
  a band) is drawn as an ordinary box in the column of its kind and term. In the interactive
  view the group is the label box at the top of its frame: clickable, with its own evidence,
  and its links attach there.

Same input → same positions: the DOT text is written in the graph's insertion order (the YAML
order), dot is deterministic for a given text, and the composition uses no randomness.
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

from .errors import MissingTool, ToolFailed, UsageError
from .findings import did_you_mean
from .textsafe import export_text
from .vocab import VALUE_LABELS, Condition, Level, NodeKind, column_key

__all__ = ["BANDS", "DEFAULT_COLUMNS", "Band", "EdgePath", "Frame", "GraphvizError", "Header",
           "Layout", "NodeBox", "dot_executable", "edge_style", "layout_graph", "node_label_lines",
           "node_style", "node_text", "run_graphviz", "select_subgraph", "wrap_text"]

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

KIND_LABELS = {**VALUE_LABELS["kind"], "group": ("groep", "group")}

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


class GraphvizError(ToolFailed):
    """Graphviz ran but failed (a bug in the DOT we wrote, or a Graphviz crash)."""


class GraphvizTimeout(GraphvizError):
    """Graphviz did not finish in time (a very large or dense selection)."""


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
        raise GraphvizTimeout(f"Graphviz {engine} took longer than {timeout:.0f} s; draw a "
                              "smaller part with --focus, --kind or --level") from None
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
    text = export_text(text)  # no control characters: Graphviz fails on them or copies them
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    text = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return f'"{text}"'


def dot_label(lines: list[str] | tuple[str, ...]) -> str:
    """A multi-line DOT label: each line escaped, joined by the centred line break."""
    return '"' + "\\n".join(dot_quote(line)[1:-1] for line in lines) + '"'


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


POLARITY_MARK = {"undesired": "⊖", "mixed": "±"}


def node_label_lines(data: dict, lang: str = "nl", width: int = WRAP,
                     max_lines: int = MAX_LINES) -> list[str]:
    """The lines of a box: the label wrapped, with ⊖ before an undesired element (± mixed)."""
    lines = wrap_text(node_text(data, lang), width, max_lines)
    mark = POLARITY_MARK.get(data.get("polarity") or "")
    if mark:
        lines[0] = f"{mark} {lines[0]}"
    return lines


# ------------------------------------------------------------------------------ filters

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
    are always kept. A group is kept when one of its members is kept, or (with no level or
    condition filter) when its own kind passes.
    `figure_only` drops nodes that the report discusses but does not draw (``in_figure=False``).

    Unknown ids, levels, kinds or conditions raise `UsageError` with a 'did you mean'.
    """
    # the project's vocabulary travels with the graph (`graph.build_graph`)
    levels = check_choices("level", levels, graph.graph.get("levels", Level.values()))
    kinds = check_choices("kind", kinds, list(graph.graph.get("kinds", NodeKind.values()))
                          + ["group"])
    conditions = check_choices("condition", conditions, Condition.values())
    if depth is None:
        depth = 1
    if int(depth) < 0:
        raise UsageError(f"--depth must be 0 or more, got {depth}")
    if focus is not None and paths is not None:
        raise UsageError("use either focus or paths, not both (--focus or --paths)")
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
        if group not in keep:
            continue
        itself = (levels is None and conditions is None
                  and (kinds is None or graph.nodes[group].get("kind") in kinds))
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
    """A drawn link: the graph edge (source, target, link id), the DOT nodes it is written
    between, and its spline (cubic Bézier control points) ending at `tip` (the arrow point)."""

    source: str
    target: str
    id: str
    tail: str
    head: str
    points: tuple[tuple[float, float], ...]
    tip: tuple[float, float] | None = None
    routed: bool = False  # True: routed by us through the corridors; False: by dot
    by_frame: bool = False  # member ↔ its own group's frame: shown by the frame, no line


@dataclass(frozen=True)
class Frame:
    """A labelled box: a band, or a group drawn around its members."""

    id: str
    kind: str  # 'band' or 'group'
    label: str
    x0: float
    y0: float
    x1: float
    y1: float
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class Header:
    column: str
    label: str
    x: float
    y: float
    lines: tuple[str, ...] = ()


@dataclass
class Layout:
    """Where everything goes. Coordinates in points (1/72 inch), origin top left, y down.

    `nodes` holds every drawn graph node, groups included (a group drawn as a frame has
    ``cluster=True`` and sits at the frame's label). `frames` are the band and group boxes,
    `headers` the column titles, `edges` every drawn link with its spline. The static renderer
    writes these, pinned, for Graphviz (``neato -n2``); the interactive view places its nodes at
    the same points.
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
    seconds: float = 0.0
    dot_source: str = field(default="", repr=False)

    def positions(self) -> dict[str, tuple[float, float]]:
        return {n: (b.x, b.y) for n, b in self.nodes.items()}


class RawLabel(str):
    """A label already in DOT syntax (escaped and quoted, with its line breaks)."""


def dot_attrs(attrs: dict) -> str:
    """DOT attribute list text; every value quoted with `dot_quote` (or given as RawLabel)."""
    parts = []
    for key, value in attrs.items():
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, float):
            value = f"{value:.3f}".rstrip("0").rstrip(".")
        if isinstance(value, RawLabel):
            parts.append(f"{key}={value}")
        else:
            parts.append(f"{key}={dot_quote(str(value))}")
    return ", ".join(parts)


def _column_order(graph: nx.DiGraph, columns) -> list[str]:
    """The column keys, left to right: the version's order or the default; any other column
    key that occurs (and is not a band) is added at the end."""
    order = list(columns or graph.graph.get("columns") or DEFAULT_COLUMNS)
    seen = set(order)
    extra = []
    for _, d in graph.nodes(data=True):
        key = d.get("column") or column_key(d.get("kind", ""), d.get("term"))
        if key not in seen and key not in _BAND_OF_KIND:
            extra.append(key)
            seen.add(key)
    rank = {k: i for i, k in enumerate(("problem", "goal", "rationale") + DEFAULT_COLUMNS)}
    extra.sort(key=lambda k: (rank.get(k, 99), k))
    return order + extra


def node_style(data: dict, lang: str = "nl") -> dict:
    """Graphviz attributes of a node. They set its size, so the layout and the figure share them.

    Greyscale-safe coding: necessary = square box with a double border; facilitating = dashed
    border; undesired = square box with cut corners (Graphviz 'diagonals') and ⊖ before the
    text (mixed: ±); other nodes are rounded boxes. The fill colour shows the kind.
    (An octagon was tried for undesired: with multi-line Dutch labels it grew to twice the size
    of the other boxes.)
    """
    kind = data.get("kind", "group")
    style = ["filled"]
    shape = "box"
    attrs: dict = {}
    condition = data.get("condition")
    undesired = data.get("polarity") in ("undesired", "mixed")
    if undesired:
        style.append("diagonals")
    if condition == "necessary":
        attrs["peripheries"] = "2"
        attrs["penwidth"] = "1.5"
    else:
        if not undesired:
            style.insert(0, "rounded")
        if condition == "facilitating":
            style.append("dashed")
            attrs["penwidth"] = "1.5"
    classes = ["pt-node", f"pt-kind-{kind}", f"pt-{condition or 'unconditioned'}",
               f"pt-{data.get('polarity', 'desired')}"]
    if data.get("is_group"):
        classes.append("pt-group")
    attrs.update(shape=shape, style=",".join(style), fillcolor=KIND_COLORS.get(kind, "#ffffff"),
                 label=RawLabel(dot_label(node_label_lines(data, lang))),
                 tooltip=node_text(data, lang)[:300], **{"class": " ".join(classes)})
    from .confidence import node_confidence_attrs  # the confidence channel: border width
    attrs.update(node_confidence_attrs(data))
    return attrs


def edge_style(data: dict) -> dict:
    """Graphviz attributes of a link: implied = dashed; hinders/prevents = flat 'tee' head;
    moderates = open diamond; feedback links grey."""
    attrs: dict = {}
    if data.get("status") == "implied":
        attrs["style"] = "dashed"
    effect = data.get("effect")
    if data.get("kind") in ("hinders", "prevents") or effect == "hinders":
        attrs["arrowhead"] = "tee"
    elif effect == "moderates" or data.get("kind") == "moderates" or data.get("moderates"):
        attrs["arrowhead"] = "odiamond"
    if data.get("feedback"):
        attrs["color"] = "#666666"
    attrs["class"] = f"pt-link pt-{data.get('status', 'stated')}" + \
        (" pt-moderator" if data.get("moderates") else "")  # acts on a link (moderators.py)
    from .confidence import edge_confidence_attrs  # the confidence channel: line width
    attrs.update(edge_confidence_attrs(data))
    return attrs


def _spread(nodes: list[str], wanted: dict[str, float | None], n_ranks: int) -> dict[str, int]:
    """A rank for each band node near `wanted`, at most ceil(k / n_ranks) nodes per rank."""
    if not nodes:
        return {}
    k = len(nodes)
    cap = max(1, math.ceil(k / n_ranks))
    even = {n: (i * (n_ranks - 1) / (k - 1) if k > 1 else (n_ranks - 1) / 2)
            for i, n in enumerate(nodes)}
    target = {n: (wanted[n] if wanted.get(n) is not None else even[n]) for n in nodes}
    index = {n: i for i, n in enumerate(nodes)}
    load = [0] * n_ranks
    result = {}
    for n in sorted(nodes, key=lambda n: (target[n], index[n])):
        best = min(range(n_ranks), key=lambda r: (load[r] >= cap, abs(r - target[n]), r))
        result[n] = best
        load[best] += 1
    return result


@dataclass
class _Plan:
    order: list[str]
    columns: list[str]  # the columns in use, left to right
    n_ranks: int
    region: dict[str, str]
    rank: dict[str, int]
    col: dict[str, str]
    frames: dict[str, list[str]]  # group id -> members, for groups drawn as frames
    bands: dict[str, list[str]]


def _plan(graph: nx.DiGraph, columns, frames_allowed: bool = True) -> _Plan:
    order = _column_order(graph, columns)

    def key_of(n: str) -> str:
        d = graph.nodes[n]
        return d.get("column") or column_key(d.get("kind", ""), d.get("term"))

    region = {}
    for n in graph.nodes:
        key = key_of(n)
        region[n] = "core" if key in order else _BAND_OF_KIND.get(graph.nodes[n].get("kind"),
                                                                   "core")
    taken: set[str] = set()
    frames: dict[str, list[str]] = {}
    for group, members in _membership(graph).items():
        ms = [m for m in members if not graph.nodes[m].get("is_group")]
        if (frames_allowed and ms and not taken & set(ms)
                and all(region[m] == "core" for m in ms)):
            frames[group] = ms
            taken.update(ms)
    boxes = [n for n in graph.nodes if n not in frames]
    col = {n: (key_of(n) if key_of(n) in order else "group") for n in boxes
           if region[n] == "core"}
    used = [k for k in order + ["group"] if k in set(col.values())]
    rank = {n: used.index(col[n]) for n in col}
    bands = {b.key: [n for n in boxes if region[n] == b.key] for b in BANDS}
    n_ranks = max(len(used), min(6, max([len(v) for v in bands.values()] + [0])), 1)
    kind_rank = {"problem": 0, "goal": 1, "rationale": 2}
    for band in BANDS:
        ns = sorted(bands[band.key], key=lambda n: kind_rank.get(graph.nodes[n].get("kind"), 0))
        bands[band.key] = ns
        wanted = {}
        for n in ns:
            near = [rank[m] for m in nx.all_neighbors(graph, n) if m in rank]
            near += [rank[x] for m in nx.all_neighbors(graph, n) if m in frames
                     for x in frames[m]]
            wanted[n] = sum(near) / len(near) if near else None
        rank.update(_spread(ns, wanted, n_ranks))
    for g, ms in frames.items():
        rank[g] = min(rank[m] for m in ms)
    return _Plan(order, used, n_ranks, region, rank, col, frames, bands)


GAP = 20.0  # between regions, points
MARGIN = 8.0


def layout_graph(graph: nx.DiGraph, *, columns=None, lang: str = "nl",
                 timeout: float = 600.0) -> Layout:
    """Lay out a theory graph (see the module docstring) and return a `Layout`.

    `columns` is the column order (``version.info.columns``); by default the graph attribute
    ``columns``, else `DEFAULT_COLUMNS`. One dot run places the columns (and sizes every box);
    bands are added as rows aligned to the columns, and links touching a band are routed along
    the free corridors between columns. Raises `MissingTool` without Graphviz.
    """
    import time

    if lang not in ("nl", "en"):
        raise UsageError(f"unknown language '{lang}' (choose nl or en)")
    started = time.perf_counter()
    plan = _plan(graph, columns)
    source = _core_dot(graph, plan, lang)
    try:
        gv = json.loads(run_graphviz(source, "json0", timeout=timeout).decode("utf-8"))
    except GraphvizTimeout:
        raise  # a second run without frames would take as long again
    except GraphvizError:
        if not plan.frames:
            raise
        # dot can trip over clusters with compound edges; draw the groups as boxes instead
        plan = _plan(graph, columns, frames_allowed=False)
        source = _core_dot(graph, plan, lang)
        gv = json.loads(run_graphviz(source, "json0", timeout=timeout).decode("utf-8"))
    layout = _compose(graph, plan, gv, lang)
    layout.dot_source = source
    layout.seconds = time.perf_counter() - started
    return layout


def _core_dot(graph: nx.DiGraph, plan: _Plan, lang: str) -> str:
    """The DOT text of the column part, plus every band node in one extra rank (for its size)."""
    big = graph.number_of_nodes() > 250
    # the gaps between columns carry the routes of band links: widen them when many do
    ranksep = min(1.6, max(0.5, (14 + 3.5 * _corridor_demand(graph, plan)) / 72))
    gattrs = {"rankdir": "LR", "newrank": "true", "compound": "true", "nodesep": "0.14",
              "ranksep": f"{ranksep:.2f}", "fontname": FONT, "fontsize": "10",
              "splines": "spline", "outputorder": "edgesfirst"}
    if big:  # bound dot's search on very large theories
        gattrs.update(mclimit="0.2", nslimit="1", nslimit1="1", searchsize="5",
                      remincross="false")
    out = ["digraph core {", f"  graph [{dot_attrs(gattrs)}];",
           f"  node [{dot_attrs(NODE_DEFAULTS)}];",
           f"  edge [{dot_attrs(EDGE_DEFAULTS)}];"]
    ranks: list[list[str]] = [[] for _ in range(len(plan.columns) + 1)]
    helper = {"shape": "point", "style": "invis", "width": "0.01", "height": "0.01",
              "label": ""}
    for r in range(len(plan.columns) + 1):
        out.append(f"  {dot_quote(f'{_HELPER}col{r}')} [{dot_attrs(helper)}];")
        ranks[r].append(f"{_HELPER}col{r}")
        if r:
            out.append(f"  {dot_quote(f'{_HELPER}col{r - 1}')} -> "
                       f"{dot_quote(f'{_HELPER}col{r}')} [style=invis, constraint=true, "
                       "weight=1000];")
    for g, ms in plan.frames.items():
        d = graph.nodes[g]
        out.append(f"  subgraph {dot_quote('cluster_' + g)} {{")
        out.append(f"    graph [{dot_attrs(_frame_attrs(d, lang))}];")
        out.extend(f"    {dot_quote(m)};" for m in ms)
        out.append("  }")
    for n in graph.nodes:
        if n in plan.frames:
            continue
        out.append(f"  {dot_quote(n)} [{dot_attrs(node_style(graph.nodes[n], lang))}];")
        r = plan.rank[n] if plan.region[n] == "core" else len(plan.columns)
        ranks[r].append(n)
    for members in ranks:
        out.append("  {rank=same; " + "; ".join(dot_quote(m) for m in members) + "}")
    for i, (u, v, tail, head, attrs) in enumerate(_core_edges(graph, plan)):
        out.append(f"  {dot_quote(tail)} -> {dot_quote(head)} [{dot_attrs(attrs)}];")
    out.append("}")
    return "\n".join(out) + "\n"


NODE_DEFAULTS = {"fontname": FONT, "fontsize": f"{FONT_SIZE:g}", "width": "1.7",
                 "height": "0.36", "margin": "0.09,0.05", "penwidth": "1", "color": "#333333",
                 "fontcolor": "#111111"}
EDGE_DEFAULTS = {"constraint": "false", "arrowsize": "0.7", "penwidth": "1.1",
                 "color": "#333333"}


def _frame_attrs(data: dict, lang: str) -> dict:
    return {"label": " ".join(wrap_text(node_text(data, lang), 48, 2)),
            "style": "dashed,rounded", "color": "#444444", "penwidth": "1.3", "fontsize": "10",
            "fontname": FONT, "labeljust": "l", "margin": "8"}


def _representative(plan: _Plan, group: str, other: str) -> str:
    """The member of a frame group nearest (by column) to the other end of a link."""
    ms = plan.frames[group]
    if other in plan.frames:
        target = sum(plan.rank[m] for m in plan.frames[other]) / len(plan.frames[other])
    else:
        target = plan.rank.get(other, 0)
    middle = ms[len(ms) // 2]
    return min(ms, key=lambda m: (abs(plan.rank[m] - target), m != middle, ms.index(m)))


def _core_edges(graph: nx.DiGraph, plan: _Plan):
    """(source, target, tail, head, attrs) for links dot draws: both ends in the columns."""
    for i, (u, v, d) in enumerate(graph.edges(data=True)):
        if u == v or plan.region[u] != "core" or plan.region[v] != "core":
            continue
        if _inside_frame(plan, u, v):
            continue
        tail = _representative(plan, u, v) if u in plan.frames else u
        head = _representative(plan, v, u) if v in plan.frames else v
        attrs = {**edge_style(d), "id": f"edge-{i}"}
        if u in plan.frames and v not in plan.frames.get(u, ()) and head not in plan.frames[u]:
            attrs["ltail"] = "cluster_" + u
        if v in plan.frames and u not in plan.frames.get(v, ()) and tail not in plan.frames[v]:
            attrs["lhead"] = "cluster_" + v
        if tail == head:
            continue
        yield u, v, tail, head, attrs


def _inside_frame(plan: _Plan, u: str, v: str) -> bool:
    """A link between a group drawn as a frame and one of its own members: the frame itself
    shows it (an arrow from inside a frame to its own border would say nothing more)."""
    return u in plan.frames.get(v, ()) or v in plan.frames.get(u, ())


def _compose(graph: nx.DiGraph, plan: _Plan, gv: dict, lang: str) -> Layout:
    objects = gv.get("objects", [])
    placed = {o["name"]: o for o in objects if "pos" in o}
    clusters = {o["name"]: o for o in objects if o.get("name", "").startswith("cluster_")}
    bx0, by0, bx1, by1 = (float(v) for v in gv.get("bb", "0,0,0,0").split(","))

    def flip(x: float, y: float) -> tuple[float, float]:  # dot (y up) -> local (y down)
        return x - bx0, by1 - y

    def pos_of(name: str) -> tuple[float, float]:
        x, y = (float(v) for v in placed[name]["pos"].split(",")[:2])
        return flip(x, y)

    def size_of(name: str) -> tuple[float, float]:
        o = placed[name]
        return float(o["width"]) * 72, float(o["height"]) * 72

    # ---- the columns (local coordinates of the core run)
    core_nodes = [n for n in graph.nodes if n not in plan.frames and plan.region[n] == "core"]
    boxes_local: dict[str, tuple[float, float, float, float]] = {}
    for n in core_nodes:
        (x, y), (w, h) = pos_of(n), size_of(n)
        boxes_local[n] = (x, y, w, h)
    frames_local: dict[str, tuple[float, float, float, float, dict]] = {}
    for g in plan.frames:
        c = clusters.get("cluster_" + g)
        if c is None:
            continue
        cx0, cy0, cx1, cy1 = (float(v) for v in c["bb"].split(","))
        (fx0, fy0), (fx1, fy1) = flip(cx0, cy1), flip(cx1, cy0)
        frames_local[g] = (fx0, fy0, fx1, fy1, c)
    col_x = [pos_of(f"{_HELPER}col{r}")[0] for r in range(len(plan.columns))]
    spacing = (col_x[-1] - col_x[0]) / (len(col_x) - 1) if len(col_x) > 1 else 1.7 * 72 + 36
    if not col_x:
        col_x = [1.7 * 36]
    while len(col_x) < plan.n_ranks:
        col_x.append(col_x[-1] + spacing)
    extents = [*(b[1] - b[3] / 2 for b in boxes_local.values()),
               *(f[1] for f in frames_local.values())]
    core_top = min(extents) if extents else 0.0
    core_bottom = max([b[1] + b[3] / 2 for b in boxes_local.values()]
                      + [f[3] for f in frames_local.values()]) if extents else 0.0

    # ---- vertical composition: top band, headers, columns, bottom bands
    header_lines = {c: tuple(wrap_text(COLUMN_LABELS.get(c, (c, c))[lang == "en"], 20, 3))
                    for c in plan.columns}
    header_h = max([len(v) for v in header_lines.values()] + [0]) * (HEADER_FONT_SIZE + 2.5)
    y = MARGIN
    nodes: dict[str, NodeBox] = {}
    frames: list[Frame] = []
    band_rows: dict[str, tuple[float, float]] = {}

    def place_band(band: Band, top: float) -> float:
        ns = plan.bands[band.key]
        per_rank: dict[int, list[str]] = {}
        for n in ns:
            per_rank.setdefault(plan.rank[n], []).append(n)
        depth = max(len(v) for v in per_rank.values())
        label_h = 18.0
        row_top = top + label_h
        for j in range(depth):
            row = [per_rank[r][j] for r in sorted(per_rank) if len(per_rank[r]) > j]
            row_h = max(size_of(n)[1] for n in row)
            right = -math.inf
            for n in row:
                w, h = size_of(n)
                x = max(col_x[plan.rank[n]], right + 10 + w / 2)
                right = x + w / 2
                d = graph.nodes[n]
                nodes[n] = NodeBox(n, x, row_top + row_h / 2, w, h, band.key, "",
                                   plan.rank[n], tuple(node_label_lines(d, lang)),
                                   node_style(d, lang)["shape"])
            row_top += row_h + 10
        bottom = row_top - 10 + 10
        band_rows[band.key] = (top, bottom)
        return bottom

    for band in BANDS:
        if band.side == "top" and plan.bands[band.key]:
            y = place_band(band, y) + GAP
    headers_y = y
    if plan.columns:
        y += header_h + 6
    dy = y - core_top
    for n, (x, cy, w, h) in boxes_local.items():
        d = graph.nodes[n]
        nodes[n] = NodeBox(n, x, cy + dy, w, h, "core", plan.col[n], plan.rank[n],
                           tuple(node_label_lines(d, lang)), node_style(d, lang)["shape"])
    for g, (fx0, fy0, fx1, fy1, c) in frames_local.items():
        lx, ly = (float(v) for v in c.get("lp", f"{(fx0 + fx1) / 2},{fy1}").split(","))
        lx, ly = flip(lx, ly)
        lw, lh = float(c.get("lwidth", 1)) * 72, float(c.get("lheight", 0.2)) * 72
        # the group's own text: Graphviz reports the label as written in DOT, escaped
        label = _frame_attrs(graph.nodes[g], lang)["label"]
        nodes[g] = NodeBox(g, lx, ly + dy, lw + 6, lh + 2, "core", "", plan.rank[g], (label,),
                           "box", True)
        frames.append(Frame(g, "group", label, fx0, fy0 + dy, fx1, fy1 + dy,
                            tuple(plan.frames[g])))
    y = (core_bottom + dy + GAP) if extents else y
    for band in BANDS:
        if band.side == "bottom" and plan.bands[band.key]:
            y = place_band(band, y) + GAP
    height = y - GAP + MARGIN if nodes else 2 * MARGIN

    # ---- shift right so nothing starts left of the margin; full-width band frames
    left = min([b.left for b in nodes.values()] + [f.x0 for f in frames]
               + [x - 60 for x in col_x[:len(plan.columns)]] + [MARGIN + 10])
    shift = MARGIN + 10 - left
    nodes = {n: _moved(b, shift, 0) for n, b in nodes.items()}
    frames = [Frame(f.id, f.kind, f.label, f.x0 + shift, f.y0, f.x1 + shift, f.y1, f.members)
              for f in frames]
    col_x = [x + shift for x in col_x]
    right = max([b.right for b in nodes.values()] + [f.x1 for f in frames]
                + [x + 60 for x in col_x[:len(plan.columns)]] + [MARGIN + 10])
    width = right + MARGIN + 10
    for band in BANDS:
        if band.key in band_rows:
            top, bottom = band_rows[band.key]
            label = band.label_nl if lang == "nl" else band.label_en
            frames.insert(0, Frame(band.key, "band", label, MARGIN, top, width - MARGIN, bottom,
                                   tuple(plan.bands[band.key])))
    headers = [Header(c, " ".join(header_lines[c]), col_x[r], headers_y + header_h / 2,
                      header_lines[c]) for r, c in enumerate(plan.columns)]

    # ---- links: dot's splines for the columns, corridors for the rest
    edges: list[EdgePath] = []
    by_id = {e.get("id"): e for e in gv.get("edges", []) if e.get("id")}
    for u, v, tail, head, attrs in _core_edges(graph, plan):
        e = by_id.get(attrs["id"])
        if e is None or "pos" not in e:
            continue
        pts, tip = _parse_spline(e["pos"], lambda x, y: (flip(x, y)[0] + shift,
                                                         flip(x, y)[1] + dy))
        edges.append(EdgePath(u, v, graph.edges[u, v].get("id", ""), tail, head, pts, tip))
    edges.extend(_route_band_edges(graph, plan, nodes, frames, col_x, band_rows, dy,
                                   core_top, core_bottom, headers_y))
    for u, v, d in graph.edges(data=True):
        if _inside_frame(plan, u, v):
            edges.append(EdgePath(u, v, d.get("id", ""), u, v, (), None, False, True))
    return Layout(graph=graph, nodes=nodes, edges=edges, frames=frames, headers=headers,
                  width=round(width, 2), height=round(height, 2), columns=tuple(plan.columns),
                  lang=lang)


def _moved(b: NodeBox, dx: float, dy: float) -> NodeBox:
    return NodeBox(b.id, round(b.x + dx, 2), round(b.y + dy, 2), round(b.width, 2),
                   round(b.height, 2), b.region, b.column, b.rank, b.lines, b.shape, b.cluster)


def _parse_spline(pos: str, convert) -> tuple[tuple[tuple[float, float], ...],
                                              tuple[float, float] | None]:
    """Graphviz edge `pos` ('e,x,y x,y ...'; several splines separated by ';') → points, tip."""
    points: list[tuple[float, float]] = []
    tip = None
    for spline in pos.split(";")[:1]:
        for part in spline.split():
            if part.startswith("e,"):
                x, y = part[2:].split(",")[:2]
                tip = convert(float(x), float(y))
            elif part.startswith("s,"):
                continue
            else:
                x, y = part.split(",")[:2]
                points.append(convert(float(x), float(y)))
    rounded = tuple((round(x, 2), round(y, 2)) for x, y in points)
    return rounded, (round(tip[0], 2), round(tip[1], 2)) if tip else None


def _corridors(a: tuple[int, int], b: tuple[int, int], n_cols: int) -> tuple[int, int, int]:
    """The corridors (0 = left of the first column, k = between column k-1 and k) a route from
    a box spanning ranks `a` to one spanning ranks `b` uses, and the side it enters b from
    (+1: b's left side, -1: b's right side)."""
    if b[0] > a[1]:  # b right of a
        ka, kb, side = a[1] + 1, b[0], 1
    elif b[1] < a[0]:  # b left of a
        ka, kb, side = a[0], b[1] + 1, -1
    else:  # same column: out and back in on the right
        ka = kb = max(a[1], b[1]) + 1
        side = -1
    return min(ka, n_cols), min(kb, n_cols), side


def _band_links(graph: nx.DiGraph, plan: _Plan):
    """The links drawn by the corridor router: those with an end outside the columns."""
    for i, (u, v, d) in enumerate(graph.edges(data=True)):
        if u != v and not (plan.region[u] == "core" and plan.region[v] == "core"):
            yield i, u, v, d


def _corridor_demand(graph: nx.DiGraph, plan: _Plan) -> int:
    """The most routes any one corridor will carry (to widen the gaps between columns)."""
    n_cols = max(1, len(plan.columns))

    def span(n: str) -> tuple[int, int]:
        if n in plan.frames:
            ranks = [plan.rank[m] for m in plan.frames[n]]
            return min(ranks), max(ranks)
        return plan.rank.get(n, 0), plan.rank.get(n, 0)

    load: dict[int, int] = {}
    for _, u, v, _ in _band_links(graph, plan):
        ka, kb, _side = _corridors(span(u), span(v), n_cols)
        for k in {ka, kb}:
            load[k] = load.get(k, 0) + 1
    return max(load.values(), default=0)


def _route_band_edges(graph, plan: _Plan, nodes: dict[str, NodeBox], frames: list[Frame],
                      col_x: list[float], band_rows, dy, core_top, core_bottom,
                      headers_y) -> list[EdgePath]:
    """Orthogonal routes for links that touch a band: out of the side of the box into the free
    corridor next to its column, along a free street between regions to the corridor next to
    the other box, and into its side. Routes sharing a corridor or street get evenly spread
    lanes across its width."""
    frame_of = {f.id: f for f in frames if f.kind == "group"}
    n_cols = len(col_x)
    lo = [math.inf] * n_cols
    hi = [-math.inf] * n_cols
    for b in nodes.values():
        if b.cluster or not (0 <= b.rank < n_cols):
            continue
        lo[b.rank] = min(lo[b.rank], b.left)
        hi[b.rank] = max(hi[b.rank], b.right)
    for f in frame_of.values():
        ranks = [nodes[m].rank for m in f.members if m in nodes]
        if ranks:
            lo[min(ranks)] = min(lo[min(ranks)], f.x0)
            hi[max(ranks)] = max(hi[max(ranks)], f.x1)
    for r in range(n_cols):
        if lo[r] == math.inf:
            lo[r], hi[r] = col_x[r] - 60, col_x[r] + 60
    # corridor k: centre and usable half-width
    corridor = [(lo[0] - 12, 8.0)]
    for r in range(1, n_cols):
        corridor.append(((hi[r - 1] + lo[r]) / 2, max(2.0, (lo[r] - hi[r - 1]) / 2 - 4)))
    corridor.append((hi[-1] + 12, 8.0))
    streets = []
    for top, bottom in band_rows.values():
        streets += [top - GAP / 2, bottom + GAP / 2]
    streets.append(core_top + dy - GAP / 2 + 4)
    streets.append(core_bottom + dy + GAP / 2)
    streets.append(headers_y - GAP / 2)
    streets = sorted(set(round(s, 2) for s in streets))
    outer = {streets[0], streets[-1]} if len(streets) > 2 else set()

    def box(n: str):
        if n in frame_of:
            f = frame_of[n]
            ranks = [nodes[m].rank for m in f.members if m in nodes]
            return (f.x0, f.y0, f.x1, f.y1, min(ranks or [0]), max(ranks or [0]))
        b = nodes[n]
        return (b.left, b.top, b.right, b.bottom, b.rank, b.rank)

    # pass 1: the skeleton of every route, and how many routes use each corridor and street
    routes = []
    use: dict[tuple, list[int]] = {}
    ports: dict[tuple, list[int]] = {}
    for i, u, v, d in _band_links(graph, plan):
        if u not in nodes or v not in nodes:
            continue
        a, b = box(u), box(v)
        ka, kb, side = _corridors((a[4], a[5]), (b[4], b[5]), n_cols)
        side_a = a[2] if ka > a[5] else a[0]
        side_b = b[0] if side == 1 else b[2]
        ya0, yb0 = (a[1] + a[3]) / 2, (b[1] + b[3]) / 2
        street = None
        if ka != kb:
            mid = (ya0 + yb0) / 2
            street = min(streets, key=lambda s: (not (min(ya0, yb0) <= s <= max(ya0, yb0)),
                                                 s in outer, abs(s - mid)))
        j = len(routes)
        routes.append((i, u, v, d, a, b, ka, kb, side, side_a, side_b, street))
        for key in {("c", ka), ("c", kb)} | ({("s", street)} if street is not None else set()):
            use.setdefault(key, []).append(j)
        ports.setdefault(("out", u), []).append(j)
        ports.setdefault(("in", v), []).append(j)

    def offset(key, j: int, half: float, step: float) -> float:
        members = use.get(key) or ports.get(key) or [j]
        k = members.index(j)
        spacing = min(step, 2 * half / max(1, len(members)))
        return (k - (len(members) - 1) / 2) * spacing

    out = []
    for j, (i, u, v, d, a, b, ka, kb, side, side_a, side_b, street) in enumerate(routes):
        ha, hb = (a[3] - a[1]) / 2 - 3, (b[3] - b[1]) / 2 - 3
        ya = (a[1] + a[3]) / 2 + offset(("out", u), j, max(ha, 1), 4.0)
        yb = (b[1] + b[3]) / 2 + offset(("in", v), j, max(hb, 1), 4.0)
        xa = corridor[ka][0] + offset(("c", ka), j, corridor[ka][1], 4.0)
        xb = corridor[kb][0] + offset(("c", kb), j, corridor[kb][1], 4.0)
        pts = [(side_a, ya), (xa, ya)]
        if street is None:
            pts.append((xa, yb))
        else:
            ys = street + offset(("s", street), j, GAP / 2 - 3, 3.0)
            pts += [(xa, ys), (xb, ys), (xb, yb)]
        arrow = 7.0
        pts.append((side_b - side * arrow, yb))
        out.append(EdgePath(u, v, d.get("id", ""), _dot_end(plan, u, v), _dot_end(plan, v, u),
                            _as_bezier(pts), (round(side_b, 2), round(yb, 2)), True))
    return out


def _dot_end(plan: _Plan, n: str, other: str) -> str:
    return _representative(plan, n, other) if n in plan.frames else n


def _as_bezier(points: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """A polyline as one cubic Bézier spline (each straight piece as a degenerate curve)."""
    clean = [points[0]]
    for p in points[1:]:
        if abs(p[0] - clean[-1][0]) > 0.01 or abs(p[1] - clean[-1][1]) > 0.01:
            clean.append(p)
    if len(clean) == 1:
        clean.append((clean[0][0] + 0.5, clean[0][1]))
    out = [clean[0]]
    for p, q in zip(clean, clean[1:]):
        out += [(p[0] + (q[0] - p[0]) / 3, p[1] + (q[1] - p[1]) / 3),
                (p[0] + 2 * (q[0] - p[0]) / 3, p[1] + 2 * (q[1] - p[1]) / 3), q]
    return tuple((round(x, 2), round(y, 2)) for x, y in out)

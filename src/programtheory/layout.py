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
* **Rows** inside a column are ordered by dot's crossing minimisation: a link that runs left to
  right is an ordinary edge (the columns already satisfy it), a link that runs right to left
  has ``constraint=false`` (it takes part in crossing reduction but not in ranking). dot does
  not see the links to the bands, so `programtheory.core_order` then looks for a better order
  that counts them too (an element linked to a band above moves up its column); when it finds
  one, a second dot run keeps it: invisible links chain each column in order, and a link
  that spans several columns is drawn as pieces through invisible points where it passes
  them (`_pieces`), joined again into one line. Not with group frames (see `_run_dot`).
* **Bands** around the columns (`BANDS`): problem, goals and rationale above; mechanisms,
  feedback and external factors below, each a labelled frame across the whole width. A band
  node goes to the column nearest the mean column of the nodes it links to (at most
  ceil(k / columns) per column), so its links stay short; band rows are aligned to the
  columns' x positions. (A first design kept bands inside the dot run, ordered by invisible
  flat edges; dot does not keep flat-edge order once clusters are present, so bands are
  composed around the dot result instead.)
* **Links** between two column nodes are dot's lines, drawn as polylines (as curved splines
  they wove around each other: 171 crossings in the revised theory, as polylines 76). A link
  with an end in a band is routed orthogonally through the free corridors between columns and
  the free streets between bands (`programtheory.routing`); routes that share a corridor are
  spread over lanes, and the gap between columns is widened when many routes need it. Routes
  from one source share a trunk that splits like a tree, routes into one target one arrow, as
  a report draws one arrow for a set (`programtheory.route_lanes`). (Graphviz's own router for
  pinned nodes, ``neato -n2 splines=true``, took 4 s for 200 nodes and over 500 s for 1,000.)
* **How it reads**, counted by scripts/benchmark_render.py (crossings / edges through a box,
  ours against plain ``dot`` on the same graph, December 2026): the initial theory's figure
  140 / 0 against 20 / 0, with --all 228 / 0 against 37 / 0; the revised figure 61 / 0
  against 44 / 0, with --all 111 / 0 against 66 / 0 (before the order of `core_order`, the
  outer column for a band element linked only across the columns, the nearer ends of links
  to frames (`_nearer_frame_ends`) and the routes round the columns: 185, 290, 68 and 162). No line runs through a box;
  plain dot crosses less because it is free to put any element anywhere, while here the
  columns keep the report's order and the bands lie outside them. In the revised figure 52
  of the 61 are dot's own lines between columns: dot with the columns (a rank per column on
  an invisible chain) and the group frames got 59 to 91 over 12 shuffled input orders (the
  graph's own order was the best); without the chain 47 to 59, but then the columns lose
  their order. (The frames are not the cause: without them, 64.)
* **Groups** (graph nodes with ``is_group=True``): a group whose members all lie in the columns
  and belong to no other drawn group is a **dashed frame around its members** (a dot cluster),
  labelled with the group's label; links to or from the group are compound edges
  (``lhead``/``ltail``) that end at the frame. This is how the report draws 'Korte termijn
  impact' and the other blocks of a report's figure: a frame around the elements and one arrow for the
  whole set, instead of a copy of the arrow for every member, which would multiply the arrows
  by the group's size. A group that cannot be a frame (overlapping another group, or members in
  a band) is drawn as an ordinary box in the column of its kind and term. In the interactive
  view the group is the label box at the top of its frame: clickable, with its own evidence,
  and its links attach there.

The concerns live in their own modules: `programtheory.graphviz` runs Graphviz,
`programtheory.selection` chooses what to draw, `programtheory.style` says how each element
looks, `programtheory.layout_plan` assigns columns and bands, `programtheory.routing` routes the
band links, and `programtheory.geometry` holds the result. This module composes them; the old
names stay importable from here.

Same input → same positions: the DOT text is written in the graph's insertion order (the YAML
order), dot is deterministic for a given text, and the composition uses no randomness.
"""

from __future__ import annotations

import json
import math
import time
from itertools import pairwise

import networkx as nx

from .core_order import column_orders
from .dot_output import (DotResult, dot_places, drawn_crossings, join_pieces, lines_at_boxes,
                         nearest_frame_ends, parse_spline)
from .errors import UsageError
from .figure_text import MAX_LINES, WRAP, node_text, text_width, wrap_text
from .geometry import EdgePath, Frame, Header, Layout, NodeBox
from .graphviz import (FONT, INSTALL_HINT, GraphvizError, GraphvizTimeout, RawLabel, dot_attrs,
                       dot_executable, dot_label, dot_quote, run_graphviz)
from .layout_plan import (BAND_OF_KIND, BANDS, COLUMN_LABELS, CORE, DEFAULT_COLUMNS, Band,
                          Plan, make_plan)
from .routing import GAP, OUTER_REACH, Regions, corridor_demand, route_band_edges
from .selection import Selection, check_choices, check_node_id, select_subgraph
from .style import (EDGE_DEFAULTS, FONT_SIZE, HEADER_FONT_SIZE, KIND_COLORS, KIND_LABELS,
                    NODE_DEFAULTS, POLARITY_MARK, edge_style, node_label_lines, node_style)

__all__ = ["BANDS", "DEFAULT_COLUMNS", "Band", "EdgePath", "Frame", "GraphvizError", "Header",
           "Layout", "NodeBox", "Selection", "dot_executable", "edge_style", "layout_graph",
           "node_label_lines", "node_style", "node_text", "run_graphviz", "select_subgraph",
           "wrap_text"]

# the names this module had before its concerns moved out (kept importable from here)
_MOVED = (BAND_OF_KIND, COLUMN_LABELS, FONT, FONT_SIZE, HEADER_FONT_SIZE, INSTALL_HINT,
          KIND_COLORS, KIND_LABELS, MAX_LINES, POLARITY_MARK, WRAP, GraphvizTimeout, RawLabel,
          check_choices, check_node_id, dot_label, dot_quote)

MARGIN = 8.0  # around the whole drawing, points
_HELPER = "__pt_"  # prefix of invisible helper nodes (model ids start with a letter)
_PASS = _HELPER + "pass"  # where a link that spans several columns passes one between its ends
_POINT_NODE = {"shape": "point", "style": "invis", "width": "0.01", "height": "0.01",
               "label": ""}
BIG_GRAPH = 250  # nodes; above this dot's search is bounded
# nodes; above this dot's order is kept as it is: the search for a better one and the second
# dot run took 300 elements from 0.56 s to 0.62 s, but 1,000 elements from 0.32 s to 1.2 s
REORDER_LIMIT = 500
BAND_LABEL_HEIGHT = 18.0  # the band's title above its first row
BAND_TITLE_SIZE = 11.0  # points, bold (render.py draws the band frames)
TITLE_PAD = 12.0  # around a title's estimated text
BAND_ROW_GAP = 10.0  # between rows of a band, and between boxes in a row
HEADER_LINE_HEIGHT = HEADER_FONT_SIZE + 2.5
HEADER_WRAP, HEADER_MAX_LINES = 20, 3
HEADER_TO_COLUMNS = 6.0
DEFAULT_COLUMN_SPACING = 1.7 * 72 + 36  # a box width and a gap, when dot gave one column
COLUMN_HALF = 60.0  # half a column, for the drawing's width when a column is narrow
FRAME_LABEL_PAD = (6.0, 2.0)  # added to a frame label's size for its clickable box
LANE_MARGIN = 4.0  # between the outermost lane and a band frame's side


def layout_graph(graph: nx.DiGraph, *, columns=None, lang: str = "nl",
                 timeout: float = 600.0) -> Layout:
    """Lay out a theory graph (see the module docstring) and return a `Layout`.

    `columns` is the column order (``version.info.columns``); by default the graph attribute
    ``columns``, else `DEFAULT_COLUMNS`. dot places the columns (and sizes every box; a second
    run may keep a better order within them, see `_run_dot`); bands are added as rows aligned
    to the columns, and links touching a band are routed along the free corridors between
    columns. Raises `MissingTool` without Graphviz.
    """
    if lang not in ("nl", "en"):
        raise UsageError(f"unknown language '{lang}' (choose nl or en)")
    started = time.perf_counter()
    plan = make_plan(graph, columns)
    try:
        source, gv = _run_dot(graph, plan, lang, timeout)
    except GraphvizTimeout:
        raise  # a second run without frames would take as long again
    except GraphvizError:
        if not plan.frames:
            raise
        # dot can trip over clusters with compound edges; draw the groups as boxes instead
        plan = make_plan(graph, columns, frames_allowed=False)
        source, gv = _run_dot(graph, plan, lang, timeout)
    layout = _Composer(graph, plan, gv, lang).layout()
    layout.dot_source = source
    layout.seconds = time.perf_counter() - started
    return layout


def _run_dot(graph: nx.DiGraph, plan: Plan, lang: str, timeout: float) -> tuple[str, dict]:
    """dot's layout of the columns: the first run gives dot's own order within each column,
    `column_orders` looks for a better one (counting the links to the bands too, which dot
    does not see), and a second run keeps that one (see `_core_dot`). Not with frames: the
    count misses how dot draws links to a frame (the revised theory's --all figure: 127 ->
    104 by the count, but drawn with 137 crossings instead of 111); there the links to a
    frame get nearer ends instead (`_nearer_frame_ends`). Only up to `REORDER_LIMIT` nodes."""
    started = time.perf_counter()
    first_source = _core_dot(graph, plan, lang)
    first = json.loads(run_graphviz(first_source, "json0", timeout=timeout).decode("utf-8"))
    if graph.number_of_nodes() > REORDER_LIMIT:
        return first_source, first
    if plan.frames:
        return _nearer_frame_ends(graph, plan, lang, timeout - (time.perf_counter() - started),
                                  first_source, first)
    links = list(_core_edges(graph, plan))
    chosen = column_orders(graph, plan, [(tail, head) for _u, _v, tail, head, _a in links],
                           _PASS, dot_places(first, plan, links, f"{_HELPER}col", _PASS))
    if not chosen.better:
        return first_source, first
    source = _core_dot(graph, plan, lang, chosen.orders)
    second = _second_run(source, timeout - (time.perf_counter() - started))
    if second is None or lines_at_boxes(second, graph, lang) > lines_at_boxes(first, graph,
                                                                               lang):
        return first_source, first
    return source, second


def _second_run(source: str, timeout: float) -> dict | None:
    """dot's drawing of a second try, or None when it fails or runs out of the time left:
    the first drawing is a good one, so a second try never costs the figure."""
    if timeout <= 0:
        return None
    try:
        return json.loads(run_graphviz(source, "json0", timeout=timeout).decode("utf-8"))
    except GraphvizError:  # a timeout too
        return None


def _nearer_frame_ends(graph: nx.DiGraph, plan: Plan, lang: str, timeout: float,
                       first_source: str, first: dict) -> tuple[str, dict]:
    """With frames: draw each link to a frame to the member nearest its other end where dot
    first put them (it is cut off at the frame, but it leaves the frame there), and keep
    that drawing when its lines cross less (`plan.ends` then says which ends it has). The
    revised theory's figure: 59 crossings between dot's lines, 52 like this (a third and a
    fourth run, each with the ends nearest in the run before, found no fewer)."""
    ends = nearest_frame_ends(plan, graph, first)
    if all(plan.representative(g, other) == m for (g, other), m in ends.items()):
        return first_source, first
    plan.ends = ends
    source = _core_dot(graph, plan, lang)
    second = _second_run(source, timeout)
    if (second is None or drawn_crossings(second) >= drawn_crossings(first)
            or lines_at_boxes(second, graph, lang) > lines_at_boxes(first, graph, lang)):
        plan.ends = {}
        return first_source, first
    return source, second


def _graph_attrs(graph: nx.DiGraph, plan: Plan) -> dict:
    # the gaps between columns carry the routes of band links: widen them when many do
    ranksep = min(1.6, max(0.5, (14 + 3.5 * corridor_demand(graph, plan)) / 72))
    gattrs = {"rankdir": "LR", "newrank": "true", "compound": "true", "nodesep": "0.14",
              "ranksep": f"{ranksep:.2f}", "fontname": FONT, "fontsize": "10",
              "splines": "polyline", "outputorder": "edgesfirst"}
    if graph.number_of_nodes() > BIG_GRAPH:  # bound dot's search on very large theories
        gattrs.update(mclimit="0.2", nslimit="1", nslimit1="1", searchsize="5",
                      remincross="false")
    return gattrs


def _core_dot(graph: nx.DiGraph, plan: Plan, lang: str,
              orders: dict[int, list[str]] | None = None) -> str:
    """The DOT text of the column part, plus every band node in one extra rank (for its size).
    Without `orders`, dot orders each column itself; with them (from `column_orders`), it
    keeps their order, long links drawn through their passing points (`_pieces`)."""
    out = ["digraph core {", f"  graph [{dot_attrs(_graph_attrs(graph, plan))}];",
           f"  node [{dot_attrs(NODE_DEFAULTS)}];",
           f"  edge [{dot_attrs(EDGE_DEFAULTS)}];"]
    ranks: list[list[str]] = [[] for _ in range(len(plan.columns) + 1)]
    for r in range(len(plan.columns) + 1):
        out.append(f"  {dot_quote(f'{_HELPER}col{r}')} [{dot_attrs(_POINT_NODE)}];")
        ranks[r].append(f"{_HELPER}col{r}")
        if r:
            out.append(f"  {dot_quote(f'{_HELPER}col{r - 1}')} -> "
                       f"{dot_quote(f'{_HELPER}col{r}')} [style=invis, constraint=true, "
                       "weight=1000];")
    place = {n: i for items in (orders or {}).values() for i, n in enumerate(items)}
    for g, ms in plan.frames.items():
        out.append(f"  subgraph {dot_quote('cluster_' + g)} {{")
        out.append(f"    graph [{dot_attrs(_frame_attrs(graph.nodes[g], lang))}];")
        out.extend(f"    {dot_quote(m)};" for m in ms)
        out.append("  }")
    for r, items in (orders or {}).items():
        for n in items:
            attrs = _POINT_NODE if n not in graph else node_style(graph.nodes[n], lang)
            out.append(f"  {dot_quote(n)} [{dot_attrs(attrs)}];")
            ranks[r].append(n)
    for n in graph.nodes:
        if n not in place and n not in plan.frames:
            out.append(f"  {dot_quote(n)} [{dot_attrs(node_style(graph.nodes[n], lang))}];")
            ranks[plan.rank[n] if plan.region[n] == CORE else len(plan.columns)].append(n)
    for members in ranks:
        out.append("  {rank=same; " + "; ".join(dot_quote(m) for m in members) + "}")
    if orders is not None:
        out.extend(_order_chain(orders))
    for k, (_u, _v, tail, head, attrs) in enumerate(_core_edges(graph, plan)):
        pieces = (_pieces(plan, k, tail, head, attrs) if orders is not None
                  else [(tail, head, attrs)])
        for a, b, piece in pieces:
            out.append(f"  {dot_quote(a)} -> {dot_quote(b)} [{dot_attrs(piece)}];")
    out.append("}")
    return "\n".join(out) + "\n"


def _order_chain(orders: dict[int, list[str]]) -> list[str]:
    """Invisible links down each column that make dot keep the order `column_orders` chose
    (in a left-to-right drawing a flat link's tail lies above its head; with weight 0 dot
    would not hold to it). Never with group frames (see `_run_dot`)."""
    out = []
    for items in orders.values():
        for a, b in pairwise(items):
            out.append(f"  {dot_quote(a)} -> {dot_quote(b)} [style=invis, weight=1, "
                       "constraint=true];")
    return out


def _pieces(plan: Plan, k: int, tail: str, head: str, attrs: dict):
    """(from, to, attributes) of the pieces dot draws link `k` with: one edge, or, for a link
    that spans several columns, one per gap through its passing points, the arrowhead and a
    frame end only where the link ends (see `dot_output.join_pieces`)."""
    step = 1 if plan.rank[head] > plan.rank[tail] else -1
    inner = [f"{_PASS}{k}_{r}" for r in range(plan.rank[tail] + step, plan.rank[head], step)]
    if not inner:
        yield tail, head, attrs
        return
    path = [tail, *inner, head]
    last = len(path) - 2
    for i, (a, b) in enumerate(pairwise(path)):
        piece = {key: value for key, value in attrs.items()
                 if key not in ("id", "ltail", "lhead", "arrowhead")}
        piece["id"] = f"{attrs['id']}-{i}"
        if i == 0 and "ltail" in attrs:
            piece["ltail"] = attrs["ltail"]
        if i == last:
            piece.update({key: attrs[key] for key in ("lhead", "arrowhead") if key in attrs})
        else:
            piece["arrowhead"] = "none"
        yield a, b, piece


def _frame_attrs(data: dict, lang: str) -> dict:
    return {"label": " ".join(wrap_text(node_text(data, lang), 48, 2)),
            "style": "dashed,rounded", "color": "#444444", "penwidth": "1.3", "fontsize": "10",
            "fontname": FONT, "labeljust": "l", "margin": "8"}


def _core_edges(graph: nx.DiGraph, plan: Plan):
    """(source, target, tail, head, attrs) for links dot draws: both ends in the columns."""
    for i, (u, v, d) in enumerate(graph.edges(data=True)):
        if u == v or plan.region[u] != CORE or plan.region[v] != CORE:
            continue
        if plan.inside_frame(u, v):
            continue
        tail, head = plan.dot_end(u, v), plan.dot_end(v, u)
        attrs = {**edge_style(d), "id": f"edge-{i}"}
        if u in plan.frames and head not in plan.frames[u]:
            attrs["ltail"] = "cluster_" + u
        if v in plan.frames and tail not in plan.frames[v]:
            attrs["lhead"] = "cluster_" + v
        if tail == head:
            continue
        if plan.rank[tail] < plan.rank[head]:
            # a link that runs left to right may rank: dot then orders its ends to keep it
            # short and uncrossed (the revised theory: 563 crossings as constraint=false
            # links, 171 like this; the columns stay as they are, see the rank chain)
            attrs["constraint"] = "true"
        yield u, v, tail, head, attrs


def title_boxes(frames, headers) -> list[tuple[float, float, float, float]]:
    """Where the bands' and the columns' titles are written (left, top, right, bottom; the
    text's width estimated generously): the band links' routes keep
    clear of them, since a line through a title makes it hard to read."""
    rects = [(f.x0, f.y0, f.x0 + TITLE_PAD + text_width(f.label, BAND_TITLE_SIZE, bold=True),
              f.y0 + BAND_LABEL_HEIGHT) for f in frames if f.kind == "band"]
    for h in headers:
        widest = max(h.lines, key=len, default="")
        half_w = (text_width(widest, HEADER_FONT_SIZE, bold=True) + TITLE_PAD) / 2
        half_h = len(h.lines) * HEADER_LINE_HEIGHT / 2
        rects.append((h.x - half_w, h.y - half_h, h.x + half_w, h.y + half_h))
    return rects


class _Composer:
    """Turns one dot run into a `Layout`: bands above and below the columns, column headers,
    group frames, and every link's path."""

    def __init__(self, graph: nx.DiGraph, plan: Plan, gv: dict, lang: str) -> None:
        self.graph, self.plan, self.lang = graph, plan, lang
        self.dot = DotResult(gv)
        self.nodes: dict[str, NodeBox] = {}
        self.frames: list[Frame] = []
        self.band_rows: dict[str, tuple[float, float]] = {}
        self._measure_core()

    def _measure_core(self) -> None:
        """The column boxes and group frames in dot's local coordinates, and the columns' x."""
        plan, dot = self.plan, self.dot
        self.boxes_local = {n: (*dot.pos(n), *dot.size(n)) for n in self.graph.nodes
                            if n not in plan.frames and plan.region[n] == CORE}
        self.frames_local = {}
        for g in plan.frames:
            c = dot.clusters.get("cluster_" + g)
            if c is not None:
                cx0, cy0, cx1, cy1 = (float(v) for v in c["bb"].split(","))
                self.frames_local[g] = (*dot.flip(cx0, cy1), *dot.flip(cx1, cy0), c)
        col_x = [dot.pos(f"{_HELPER}col{r}")[0] for r in range(len(plan.columns))]
        spacing = ((col_x[-1] - col_x[0]) / (len(col_x) - 1) if len(col_x) > 1
                   else DEFAULT_COLUMN_SPACING)
        col_x = col_x or [1.7 * 36]
        while len(col_x) < plan.n_ranks:
            col_x.append(col_x[-1] + spacing)
        self.col_x = col_x
        tops = [y - h / 2 for _x, y, _w, h in self.boxes_local.values()]
        bottoms = [y + h / 2 for _x, y, _w, h in self.boxes_local.values()]
        tops += [f[1] for f in self.frames_local.values()]
        bottoms += [f[3] for f in self.frames_local.values()]
        self.has_core = bool(tops)
        self.core_top = min(tops, default=0.0)
        self.core_bottom = max(bottoms, default=0.0)

    def _box(self, n: str, x: float, y: float, w: float, h: float, region: str,
             column: str) -> NodeBox:
        d = self.graph.nodes[n]
        return NodeBox(n, x, y, w, h, region, column, self.plan.rank[n],
                       tuple(node_label_lines(d, self.lang)), node_style(d, self.lang)["shape"])

    def _place_band(self, band: Band, top: float) -> float:
        """The band's boxes in rows aligned to the columns; returns the band's bottom."""
        per_rank: dict[int, list[str]] = {}
        for n in self.plan.bands[band.key]:
            per_rank.setdefault(self.plan.rank[n], []).append(n)
        row_top = top + BAND_LABEL_HEIGHT
        for j in range(max(len(v) for v in per_rank.values())):
            row = [per_rank[r][j] for r in sorted(per_rank) if len(per_rank[r]) > j]
            row_h = max(self.dot.size(n)[1] for n in row)
            right = -math.inf
            for n in row:
                w, h = self.dot.size(n)
                x = max(self.col_x[self.plan.rank[n]], right + BAND_ROW_GAP + w / 2)
                right = x + w / 2
                self.nodes[n] = self._box(n, x, row_top + row_h / 2, w, h, band.key, "")
            row_top += row_h + BAND_ROW_GAP
        self.band_rows[band.key] = (top, row_top)
        return row_top

    def _place_core(self, y: float) -> float:
        """The columns from `y` down; returns the y below them."""
        dy = self.dy = y - self.core_top
        for n, (x, cy, w, h) in self.boxes_local.items():
            self.nodes[n] = self._box(n, x, cy + dy, w, h, CORE, self.plan.col[n])
        for g, (fx0, fy0, fx1, fy1, c) in self.frames_local.items():
            lx, ly = (float(v) for v in c.get("lp", f"{(fx0 + fx1) / 2},{fy1}").split(","))
            lx, ly = self.dot.flip(lx, ly)
            lw, lh = float(c.get("lwidth", 1)) * 72, float(c.get("lheight", 0.2)) * 72
            # the group's own text: Graphviz reports the label as written in DOT, escaped
            label = _frame_attrs(self.graph.nodes[g], self.lang)["label"]
            self.nodes[g] = NodeBox(g, lx, ly + dy, lw + FRAME_LABEL_PAD[0],
                                    lh + FRAME_LABEL_PAD[1], CORE, "", self.plan.rank[g],
                                    (label,), "box", True)
            self.frames.append(Frame(g, "group", label, fx0, fy0 + dy, fx1, fy1 + dy,
                                     tuple(self.plan.frames[g])))
        return self.core_bottom + dy + GAP if self.has_core else y

    def _shift_right(self) -> float:
        """Move everything right so that nothing starts left of the margin; returns the
        drawing's width."""
        n_cols = len(self.plan.columns)
        # the corridors left and right of all columns carry routes: keep them on the page,
        # clear of the band frames' sides
        lanes = OUTER_REACH - 10 + LANE_MARGIN
        left = min([b.left for b in self.nodes.values()] + [f.x0 for f in self.frames]
                   + [b.left - lanes for b in self.nodes.values() if not b.cluster]
                   + [x - COLUMN_HALF for x in self.col_x[:n_cols]] + [MARGIN + 10])
        shift = self.shift = MARGIN + 10 - left
        self.nodes = {n: b.moved(shift, 0) for n, b in self.nodes.items()}
        self.frames = [f.moved(shift) for f in self.frames]
        self.col_x = [x + shift for x in self.col_x]
        right = max([b.right for b in self.nodes.values()] + [f.x1 for f in self.frames]
                    + [b.right + lanes for b in self.nodes.values() if not b.cluster]
                    + [x + COLUMN_HALF for x in self.col_x[:n_cols]] + [MARGIN + 10])
        return right + MARGIN + 10

    def layout(self) -> Layout:
        plan, lang = self.plan, self.lang
        header_lines = {c: tuple(wrap_text(COLUMN_LABELS.get(c, (c, c))[lang == "en"],
                                           HEADER_WRAP, HEADER_MAX_LINES)) for c in plan.columns}
        header_h = max([len(v) for v in header_lines.values()] + [0]) * HEADER_LINE_HEIGHT
        y = MARGIN
        for band in BANDS:
            if band.side == "top" and plan.bands[band.key]:
                y = self._place_band(band, y) + GAP
        headers_y = y
        y = self._place_core(y + (header_h + HEADER_TO_COLUMNS if plan.columns else 0))
        for band in BANDS:
            if band.side == "bottom" and plan.bands[band.key]:
                y = self._place_band(band, y) + GAP
        height = y - GAP + MARGIN if self.nodes else 2 * MARGIN
        width = self._shift_right()
        for band in BANDS:
            if band.key in self.band_rows:
                top, bottom = self.band_rows[band.key]
                label = band.label_nl if lang == "nl" else band.label_en
                self.frames.insert(0, Frame(band.key, "band", label, MARGIN, top,
                                            width - MARGIN, bottom, tuple(plan.bands[band.key])))
        headers = [Header(c, " ".join(header_lines[c]), self.col_x[r], headers_y + header_h / 2,
                          header_lines[c]) for r, c in enumerate(plan.columns)]
        regions = Regions(self.band_rows, self.core_top + self.dy, self.core_bottom + self.dy,
                          headers_y)
        return Layout(graph=self.graph, nodes=self.nodes,
                      edges=self._edges(regions, title_boxes(self.frames, headers)),
                      frames=self.frames, headers=headers, width=round(width, 2),
                      height=round(height, 2), columns=tuple(plan.columns), lang=lang)

    def _edges(self, regions: Regions, titles=()) -> list[EdgePath]:
        """dot's splines for the columns, corridors for the links touching a band (clear of
        the `titles`), and no line for a member's link to its own frame."""
        graph, plan = self.graph, self.plan
        edges: list[EdgePath] = []
        by_id = {e.get("id"): e for e in self.dot.gv.get("edges", []) if e.get("id")}

        def convert(x: float, y: float) -> tuple[float, float]:
            fx, fy = self.dot.flip(x, y)
            return fx + self.shift, fy + self.dy

        for k, (u, v, tail, head, attrs) in enumerate(_core_edges(graph, plan)):
            parts = ([by_id[attrs["id"]]] if attrs["id"] in by_id  # dot drew it in one
                     else [by_id.get(piece["id"]) for _a, _b, piece in _pieces(plan, k, tail,
                                                                               head, attrs)])
            if all(e is not None and "pos" in e for e in parts):
                pts, tip = join_pieces([parse_spline(e["pos"], convert) for e in parts])
                edges.append(EdgePath(u, v, graph.edges[u, v].get("id", ""), tail, head, pts,
                                      tip))
        edges.extend(route_band_edges(graph, plan, self.nodes, self.frames, self.col_x,
                                      regions, edges, titles))
        for u, v, d in graph.edges(data=True):
            if plan.inside_frame(u, v):
                edges.append(EdgePath(u, v, d.get("id", ""), u, v, (), None, False, True))
        return edges

"""What one dot run drew, read back from its JSON output (see `programtheory.layout`): the
places, sizes and lines of the column part, where dot put each element and each point a long
link passes, and what its lines cross or touch (to choose between two runs)."""

from __future__ import annotations

from itertools import pairwise

import networkx as nx

from .drawing_quality import (Drawing, bezier_points, graphviz_box, graphviz_line, measure,
                              spline_polyline, through_boxes)
from .layout_plan import CORE, Plan
from .style import node_style

__all__ = ["DotResult", "dot_places", "drawn_crossings", "join_pieces", "lines_at_boxes",
           "nearest_frame_ends", "parse_spline"]

DOUBLE_BORDER = 4.0  # how far outside a box Graphviz draws its second border


class DotResult:
    """dot's json0 output in local coordinates: x from the left, y down."""

    def __init__(self, gv: dict) -> None:
        objects = gv.get("objects", [])
        self.gv = gv
        self.placed = {o["name"]: o for o in objects if "pos" in o}
        self.clusters = {o["name"]: o for o in objects
                         if o.get("name", "").startswith("cluster_")}
        self.x0, _y0, _x1, self.y1 = (float(v) for v in gv.get("bb", "0,0,0,0").split(","))

    def flip(self, x: float, y: float) -> tuple[float, float]:
        return x - self.x0, self.y1 - y

    def pos(self, name: str) -> tuple[float, float]:
        x, y = (float(v) for v in self.placed[name]["pos"].split(",")[:2])
        return self.flip(x, y)

    def size(self, name: str) -> tuple[float, float]:
        o = self.placed[name]
        return float(o["width"]) * 72, float(o["height"]) * 72


def dot_places(gv: dict, plan: Plan, links: list[tuple], anchor: str, passing: str
               ) -> dict[str, float]:
    """Where dot put each column element and each point where a long link passes a column
    (named `passing` + the link's index in `links` + '_' + the column; see `column_orders`),
    from the top: y, down. `anchor` + the column names the invisible node of each column."""
    dot = DotResult(gv)
    places = {n: dot.pos(n)[1] for n in plan.rank if n in dot.placed}
    col_x = {r: dot.pos(f"{anchor}{r}")[0] for r in range(len(plan.columns))}
    by_id = {e.get("id"): e for e in gv.get("edges", []) if e.get("id")}
    for k, (_u, _v, tail, head, attrs) in enumerate(links):
        e = by_id.get(attrs["id"])
        if e is None or "pos" not in e:
            continue
        line = bezier_points(parse_spline(e["pos"], dot.flip)[0])
        low, high = sorted((plan.rank[tail], plan.rank[head]))
        for r in range(low + 1, high):
            y = _y_at(line, col_x[r])
            if y is not None:
                places[f"{passing}{k}_{r}"] = y
    return places


def _y_at(line: list[tuple[float, float]], x: float) -> float | None:
    """Where a polyline first meets the vertical at `x`."""
    for (x0, y0), (x1, y1) in pairwise(line):
        if min(x0, x1) <= x <= max(x0, x1):
            return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return None


def nearest_frame_ends(plan: Plan, graph: nx.DiGraph, gv: dict) -> dict[tuple[str, str], str]:
    """For each link to a frame: the member (in the column it is drawn to now) nearest the
    link's other end, where dot put them in `gv`."""
    dot = DotResult(gv)
    y = {n: dot.pos(n)[1] for n in plan.rank if n in dot.placed}
    y.update({g: sum(y[m] for m in ms) / len(ms) for g, ms in plan.frames.items()
              if all(m in y for m in ms)})
    ends = {}
    for u, v in graph.edges:
        for group, other in ((u, v), (v, u)):
            if (group not in plan.frames or plan.inside_frame(u, v) or other not in y
                    or plan.region[other] != CORE):
                continue
            column = plan.rank[plan.representative(group, other)]
            ends[group, other] = min(
                (m for m in plan.frames[group] if m in y and plan.rank[m] == column),
                key=lambda m: (abs(y[m] - y[other]), plan.frames[group].index(m)))
    return ends


def _drawn_lines(gv: dict) -> list[tuple[frozenset[str], list[tuple[float, float]]]]:
    """dot's lines for the links (not its invisible helpers), each with its two ends, y down:
    its splines are polylines, so each straight piece stays one segment."""
    top = float(gv.get("bb", "0,0,0,0").split(",")[3])
    objects = gv.get("objects", [])
    return [(frozenset({objects[e["tail"]].get("name"), objects[e["head"]].get("name")}),
             graphviz_line(e, top, spline_polyline))
            for e in gv.get("edges", [])
            if "pos" in e and str(e.get("id", "")).startswith("edge-")]


def drawn_crossings(gv: dict) -> int:
    """How often dot's lines for the links cross."""
    return measure(Drawing({}, _drawn_lines(gv))).crossings


def lines_at_boxes(gv: dict, graph: nx.DiGraph, lang: str) -> int:
    """How often one of dot's lines runs through a box, or so close past a double border
    that it touches it, that is not its end: dot keeps its lines clear of the inner border
    only. (An order that gives more of these is not worth its fewer crossings.)"""
    top = float(gv.get("bb", "0,0,0,0").split(",")[3])
    boxes = {}
    for o in gv.get("objects", []):
        if o.get("name") in graph and "pos" in o:
            double = node_style(graph.nodes[o["name"]], lang).get("peripheries") == "2"
            boxes[o["name"]] = _grown(graphviz_box(o, top), DOUBLE_BORDER if double else 0.0)
    return len(through_boxes(Drawing(boxes, _drawn_lines(gv))))


def _grown(rect: tuple[float, float, float, float], by: float):
    return rect[0] - by, rect[1] - by, rect[2] + by, rect[3] + by


def join_pieces(pieces: list[tuple[tuple, tuple | None]]) -> tuple[tuple, tuple | None]:
    """One spline of the pieces of a link (see `_pieces`): each next piece starts where the
    one before ended (they meet at a passing point of 0.01 inch), and the tip is the last
    piece's."""
    points = list(pieces[0][0])
    for following, _tip in pieces[1:]:
        points += following[1:]
    return tuple(points), pieces[-1][1]


def parse_spline(pos: str, convert) -> tuple[tuple[tuple[float, float], ...],
                                              tuple[float, float] | None]:
    """Graphviz edge `pos` ('e,x,y x,y ...'; several splines separated by ';') → points, tip."""
    points: list[tuple[float, float]] = []
    tip = None
    for part in pos.split(";")[0].split():
        if part.startswith("e,"):
            x, y = part[2:].split(",")[:2]
            tip = convert(float(x), float(y))
        elif not part.startswith("s,"):
            x, y = part.split(",")[:2]
            points.append(convert(float(x), float(y)))
    rounded = tuple((round(x, 2), round(y, 2)) for x, y in points)
    return rounded, (round(tip[0], 2), round(tip[1], 2)) if tip else None

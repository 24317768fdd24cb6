"""Corridor routing: the links with an end in a band, drawn orthogonally around the boxes.

A route leaves the side of its source box into the free corridor next to the box's column,
runs along a free street between regions (bands, headers, columns) to the corridor next to the
target box, and enters the target's side; or it goes round the columns: from a street near the
source along the corridor outside the first or the last column to a street near the target.
Routes that share a corridor, a street or a box side are spread over evenly spaced lanes,
bundled and ordered by `programtheory.route_lanes`: the routes from one source share a trunk,
the routes into one target one arrow. (Graphviz's own router for pinned nodes,
``neato -n2 splines=true``, took 4 s for 200 nodes and over 500 s for 1,000.)

Measured with scripts/benchmark_render.py (crossings in the initial theory's figure, with
the measure of December 2026): a lane per route 270; bundles, nested lanes and ports by
heading 217; the shortest links routed first 184; lane swaps that weigh arrowheads and may
jump over lanes 182; the way across counting double in "shortest" 174; the band and column
titles priced like boxes 185 (routes through a title: 6 -> 2 there, 11 -> 0 on a synthetic
theory of 300 elements; a line through a title costs its reader more than a crossing); dot's
straight pieces priced as one segment each instead of twelve samples 183 (the router was
blind to a lane that crossed a line exactly at a sample, and it routes in two thirds of the
time; the revised theory with --all 162 -> 172, the synthetic theory 1487 -> 1456); the
columns ordered with the band links counted (`programtheory.core_order`) 161; a rationale
linked only to mechanisms in an outer column (`layout_plan`) 150; routes allowed round the
columns by an outer corridor, from a street near the source to one near the target (a link
from the band above to the band below no longer runs down a gap between two columns) 140.
Plain ``dot`` draws the same graph with 20, without columns or bands (given the same columns
in their order, with 382);
most of ours are routes from the bands that cross dot's lines on their way to a box in the
middle of a column, counted once per route even where a trunk carries several. Tried and not
kept: routing every link again once all are known (the first skeletons, not the final lanes,
decide the price: 236 -> 244); the best of 6 dot runs in shuffled orders, chosen by a quick
draft (initial 220 -> 183, the others unchanged, three times the layout time); the way
round by any corridor, or over three streets at either end, instead of two (no fewer).
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import NamedTuple

import networkx as nx

from .drawing_quality import spline_polyline
from .geometry import EdgePath, Frame, NodeBox
from .layout_plan import CORE, Plan
from .route_lanes import LaneOrder, route_streets
from .route_obstacles import Obstacles

__all__ = ["GAP", "OUTER_REACH", "Box", "Route", "as_bezier", "band_links", "corridor_demand",
           "route_band_edges"]

GAP = 20.0  # points between regions (bands, headers, columns); the streets run in it
EMPTY_COLUMN_HALF = 60.0  # half-width assumed for a column with no box in it
ARROW_LENGTH = 7.0  # the spline ends this far before the box; the arrowhead fills the rest
CORRIDOR_CLEARANCE = 4.0  # kept free between a lane and the boxes on either side
OUTER_CORRIDOR_HALF = 8.0
# The corridors left of the first and right of the last column, centred this far out: their
# lanes stay more than an arrowhead away from the boxes, so that an arrow into a box never
# lies across a lane running past it (at 12 points out, one in a hundred small theories had one)
OUTER_CORRIDOR_OFFSET = ARROW_LENGTH + 2.0 + OUTER_CORRIDOR_HALF
OUTER_REACH = OUTER_CORRIDOR_OFFSET + OUTER_CORRIDOR_HALF  # the outermost lane from the boxes
MIN_CORRIDOR_HALF = 2.0
PORT_INSET = 3.0  # ports stay this far from a box's corners
PORT_STEP = 4.0  # between the ports of several routes on one side of a box
LANE_STEP = 4.0  # between lanes in a corridor
STREET_LANE_STEP = 3.0  # between lanes in a street
HEADER_STREET_NUDGE = 4.0  # the street above the columns sits this much below the gap's middle
STREET_CHOICES = 6  # streets tried per route, nearest the middle of its two ends first
ROUND_STREETS = 2  # streets tried at either end of a route round the columns
# Above this many routes, routes take their default skeleton and lanes keep their first order:
# the search is quadratic (a synthetic 1,000-node theory with 153 routes took 12 s instead of 2 s)
SEARCH_LIMIT = 120


class Box(NamedTuple):
    """The rectangle a route starts or ends at, and the ranks (columns) it spans."""

    left: float
    top: float
    right: float
    bottom: float
    first_rank: int
    last_rank: int

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def port_half(self) -> float:
        """Half the height available for ports on a side."""
        return max((self.bottom - self.top) / 2 - PORT_INSET, 1.0)


class Route(NamedTuple):
    """The skeleton of one routed link before lanes are assigned."""

    source: str
    target: str
    data: dict
    start: Box
    end: Box
    corridor_out: int  # corridor index next to the source (0 = left of the first column)
    corridor_in: int  # corridor index next to the target
    enters_left: bool  # True: the route enters the target from its left side
    x_out: float  # the side of the source box it leaves from
    x_in: float  # the side of the target box it enters
    street: float | None  # y of the street it crosses over, None when both corridors agree
    # Round by an outer corridor: from `street` (near the source) along the corridor `via`
    # (left of the first column or right of the last) to `street_back` (near the target)
    via: int | None = None
    street_back: float | None = None


class Corridor(NamedTuple):
    centre: float
    half: float  # usable half-width


def corridors(a: tuple[int, int], b: tuple[int, int], n_cols: int) -> tuple[int, int, int]:
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


def band_links(graph: nx.DiGraph, plan: Plan):
    """The links drawn by the corridor router: those with an end outside the columns."""
    for u, v, d in graph.edges(data=True):
        if u != v and not (plan.region[u] == CORE and plan.region[v] == CORE):
            yield u, v, d


def corridor_demand(graph: nx.DiGraph, plan: Plan) -> int:
    """The most routes any one corridor will carry (to widen the gaps between columns)."""
    n_cols = max(1, len(plan.columns))
    load: dict[int, int] = {}
    for u, v, _ in band_links(graph, plan):
        ka, kb, _side = corridors(plan.span(u), plan.span(v), n_cols)
        for k in {ka, kb}:
            load[k] = load.get(k, 0) + 1
    return max(load.values(), default=0)


def _column_extents(nodes: dict[str, NodeBox], frames: dict[str, Frame],
                    col_x: list[float]) -> list[Corridor]:
    """The corridors between the columns' outer edges (boxes and group frames)."""
    n_cols = len(col_x)
    lo = [math.inf] * n_cols
    hi = [-math.inf] * n_cols
    for b in nodes.values():
        if b.cluster or not (0 <= b.rank < n_cols):
            continue
        lo[b.rank] = min(lo[b.rank], b.left)
        hi[b.rank] = max(hi[b.rank], b.right)
    for f in frames.values():
        ranks = [nodes[m].rank for m in f.members if m in nodes]
        if ranks:
            lo[min(ranks)] = min(lo[min(ranks)], f.x0)
            hi[max(ranks)] = max(hi[max(ranks)], f.x1)
    for r in range(n_cols):
        if lo[r] == math.inf:
            lo[r], hi[r] = col_x[r] - EMPTY_COLUMN_HALF, col_x[r] + EMPTY_COLUMN_HALF
    out = [Corridor(lo[0] - OUTER_CORRIDOR_OFFSET, OUTER_CORRIDOR_HALF)]
    for r in range(1, n_cols):
        out.append(Corridor((hi[r - 1] + lo[r]) / 2,
                            max(MIN_CORRIDOR_HALF, (lo[r] - hi[r - 1]) / 2 - CORRIDOR_CLEARANCE)))
    out.append(Corridor(hi[-1] + OUTER_CORRIDOR_OFFSET, OUTER_CORRIDOR_HALF))
    return out


class Regions(NamedTuple):
    """The vertical extents the streets run between."""

    band_rows: dict[str, tuple[float, float]]  # band key -> (top, bottom)
    core_top: float
    core_bottom: float
    headers_y: float


def _streets(regions: Regions) -> list[float]:
    streets = []
    for top, bottom in regions.band_rows.values():
        streets += [top - GAP / 2, bottom + GAP / 2]
    streets.append(regions.core_top - GAP / 2 + HEADER_STREET_NUDGE)
    streets.append(regions.core_bottom + GAP / 2)
    streets.append(regions.headers_y - GAP / 2)
    return sorted({round(s, 2) for s in streets})


class _Router(LaneOrder):
    """Lays out every band link's route: the skeletons first (to count who shares what),
    then the lanes."""

    def __init__(self, plan: Plan, nodes: dict[str, NodeBox], frames: list[Frame],
                 col_x: list[float], regions: Regions) -> None:
        super().__init__()
        self.plan = plan
        self.nodes = nodes
        self.frame_of = {f.id: f for f in frames if f.kind == "group"}
        self.n_cols = len(col_x)
        self.corridor = _column_extents(nodes, self.frame_of, col_x)
        self.streets = _streets(regions)
        self.outer = ({self.streets[0], self.streets[-1]} if len(self.streets) > 2 else set())
        self.routes: list[Route] = []
        self.obstacles = Obstacles(nodes)
        self.quick = False  # True: no search for better routes (see SEARCH_LIMIT)
        self.drawn = Obstacles({})  # dot's lines

    def members_of(self, n: str) -> tuple[str, ...]:
        return self.frame_of[n].members if n in self.frame_of else ()

    def box(self, n: str) -> Box:
        if n in self.frame_of:
            f = self.frame_of[n]
            ranks = [self.nodes[m].rank for m in f.members if m in self.nodes] or [0]
            return Box(f.x0, f.y0, f.x1, f.y1, min(ranks), max(ranks))
        b = self.nodes[n]
        return Box(b.left, b.top, b.right, b.bottom, b.rank, b.rank)

    def distance(self, u: str, v: str) -> float:
        """How far apart two boxes are (between their centres), the way across counting
        double: a route that runs far along a street passes every corridor on its way (the
        initial theory's figure: 182 crossings with both ways alike, 174 like this, 181 with
        only the way across)."""
        a, b = self.box(u), self.box(v)
        return abs(a.middle - b.middle) + abs(a.left + a.right - b.left - b.right)

    def _street(self, a: Box, b: Box) -> float:
        """The street between the two ends: one between them, not the outermost, nearest
        their middle."""
        low, high = min(a.middle, b.middle), max(a.middle, b.middle)
        mid = (a.middle + b.middle) / 2
        return min(self.streets, key=lambda s: (not low <= s <= high, s in self.outer,
                                                abs(s - mid)))

    def _candidates(self, u: str, v: str, d: dict):
        """Every skeleton a route may take: out of either side of its source, into either
        side of its target, over one of the nearest streets; the first is the default."""
        a, b = self.box(u), self.box(v)
        ka, kb, side = corridors((a.first_rank, a.last_rank), (b.first_rank, b.last_rank),
                                 self.n_cols)
        yield self._route(u, v, d, a, b, ka, kb, side == 1, self._street(a, b))
        sides = [(min(a.last_rank + 1 if out_right else a.first_rank, self.n_cols),
                  min(b.first_rank if in_left else b.last_rank + 1, self.n_cols), in_left)
                 for out_right, in_left in ((True, True), (True, False), (False, True),
                                            (False, False))]
        for ka, kb, in_left in sides:
            for street in self._near_streets(a, b):
                yield self._route(u, v, d, a, b, ka, kb, in_left, street)
        for ka, kb, in_left in sides:
            yield from self._ways_round(u, v, d, a, b, ka, kb, in_left)

    def _ways_round(self, u, v, d, a: Box, b: Box, ka: int, kb: int, in_left: bool):
        """Routes round the columns: from a street near the source along an outer corridor
        to a street near the target. A link between a band above the columns and one below
        them otherwise runs down the gap between two columns, across every line there (the
        initial theory's figure: one such route crossed 16 lines)."""
        if ka == kb:  # both ends by one corridor: nothing to go round
            return
        between = [s for s in self.streets
                   if min(a.middle, b.middle) < s < max(a.middle, b.middle)]
        near_a = sorted(between, key=lambda s: abs(s - a.middle))[:ROUND_STREETS]
        near_b = sorted(between, key=lambda s: abs(s - b.middle))[:ROUND_STREETS]
        for via in (0, self.n_cols):
            if via in (ka, kb):
                continue
            for first in near_a:
                for back in near_b:
                    if abs(first - a.middle) < abs(back - a.middle):
                        yield self._route(u, v, d, a, b, ka, kb, in_left, first)._replace(
                            via=via, street_back=back)

    def _near_streets(self, a: Box, b: Box) -> list[float]:
        mid = (a.middle + b.middle) / 2
        return sorted(self.streets, key=lambda s: abs(s - mid))[:STREET_CHOICES]

    def _route(self, u, v, d, a: Box, b: Box, ka: int, kb: int, in_left: bool,
               street: float) -> Route:
        return Route(u, v, d, a, b, ka, kb, in_left, a.right if ka > a.last_rank else a.left,
                     b.left if in_left else b.right, street if ka != kb else None)

    def _skeleton(self, r: Route) -> list[tuple[float, float]]:
        xs = [self.corridor[k].centre for k in self._route_corridors(r)]
        pts = [(r.x_out, r.start.middle), (xs[0], r.start.middle)]
        for x, x_next, street in zip(xs, xs[1:], route_streets(r), strict=False):
            pts += [(x, street), (x_next, street)]
        return [*pts, (xs[-1], r.end.middle), (r.x_in, r.end.middle)]

    @staticmethod
    def _route_corridors(r: Route) -> list[int]:
        """The corridors a route runs along, from its source."""
        if r.street is None:
            return [r.corridor_out]
        middle = [] if r.via is None else [r.via]
        return [r.corridor_out, *middle, r.corridor_in]

    def add(self, u: str, v: str, d: dict) -> None:
        """Route a link among the lines already drawn: the candidate skeleton with the fewest
        crossings and no box in the way (`obstacles`); ties go to the default."""
        candidates = self._candidates(u, v, d)
        route = next(candidates)
        if not self.quick:
            price = self.obstacles.pricer({u, v} | set(self.members_of(u))
                                          | set(self.members_of(v)))
            best_cost = price(self._skeleton(route))
            for candidate in candidates:
                cost = price(self._skeleton(candidate))
                if cost < best_cost:
                    route, best_cost = candidate, cost
            self.obstacles.add_line(self._skeleton(route))
        self.routes.append(route)

    def points(self, j: int, r: Route) -> tuple[list[tuple[float, float]], tuple[float, float]]:
        """The polyline of route `j` and its arrow tip."""
        lanes = self.lanes_of[j]

        def lane(key: tuple, half: float, step: float) -> float:
            return self.offset(key, lanes[key], half, step)

        ya = r.start.middle + lane(("port", r.source, r.x_out), r.start.port_half, PORT_STEP)
        yb = r.end.middle + lane(("port", r.target, r.x_in), r.end.port_half, PORT_STEP)
        xs = [self.corridor[k].centre + lane(("c", k), self.corridor[k].half, LANE_STEP)
              for k in self._route_corridors(r)]
        pts = [(r.x_out, ya), (xs[0], ya)]
        for x, x_next, street in zip(xs, xs[1:], route_streets(r), strict=False):
            ys = street + lane(("s", street), GAP / 2 - PORT_INSET, STREET_LANE_STEP)
            pts += [(x, ys), (x_next, ys)]
        pts += [(xs[-1], yb)]
        pts.append((r.x_in - (ARROW_LENGTH if r.enters_left else -ARROW_LENGTH), yb))
        return pts, (round(r.x_in, 2), round(yb, 2))


def route_band_edges(graph: nx.DiGraph, plan: Plan, nodes: dict[str, NodeBox],
                     frames: list[Frame], col_x: list[float], regions: Regions,
                     drawn: list[EdgePath] = (),
                     titles: list[tuple[float, float, float, float]] = ()) -> list[EdgePath]:
    """Orthogonal routes for the links that touch a band (see the module docstring), around
    the boxes and the `titles` (of bands and columns: a line through a title makes it hard
    to read), crossing as few of the `drawn` links (dot's) as it can."""
    router = _Router(plan, nodes, frames, col_x, regions)
    for i, rect in enumerate(titles):
        router.obstacles.add_box(f"__title{i}", rect)
    links = [(u, v, d) for u, v, d in band_links(graph, plan) if u in nodes and v in nodes]
    router.quick = len(links) > SEARCH_LIMIT
    for e in drawn if not router.quick else ():
        if e.points:
            line = spline_polyline(e.points) + ([e.tip] if e.tip else [])
            router.drawn.add_line(line)
            router.obstacles.add_line(line)
    # the shortest links first: they take the direct ways, and the long ones, which have more
    # ways to choose from, go around them (the initial theory's figure: 220 crossings in the
    # links' own order, 184 shortest first; ties keep that order)
    for u, v, d in sorted(links, key=lambda link: router.distance(link[0], link[1])):
        router.add(u, v, d)
    router.assign_lanes()
    router.nest()
    router.untangle()
    out = []
    for j, r in enumerate(router.routes):
        points, tip = router.points(j, r)
        out.append(EdgePath(r.source, r.target, r.data.get("id", ""),
                            plan.dot_end(r.source, r.target), plan.dot_end(r.target, r.source),
                            as_bezier(points), tip, routed=True))
    return out


def as_bezier(points: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """A polyline as one cubic Bézier spline (each straight piece as a degenerate curve)."""
    clean = [points[0]]
    for p in points[1:]:
        if abs(p[0] - clean[-1][0]) > 0.01 or abs(p[1] - clean[-1][1]) > 0.01:
            clean.append(p)
    if len(clean) == 1:
        clean.append((clean[0][0] + 0.5, clean[0][1]))
    out = [clean[0]]
    for p, q in pairwise(clean):
        out += [(p[0] + (q[0] - p[0]) / 3, p[1] + (q[1] - p[1]) / 3),
                (p[0] + 2 * (q[0] - p[0]) / 3, p[1] + 2 * (q[1] - p[1]) / 3), q]
    return tuple((round(x, 2), round(y, 2)) for x, y in out)

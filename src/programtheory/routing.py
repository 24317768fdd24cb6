"""Corridor routing: the links with an end in a band, drawn orthogonally around the boxes.

A route leaves the side of its source box into the free corridor next to the box's column,
runs along a free street between regions (bands, headers, columns) to the corridor next to the
target box, and enters the target's side. Routes that share a corridor, a street or a box side
are spread over evenly spaced lanes. (Graphviz's own router for pinned nodes, ``neato -n2
splines=true``, took 4 s for 200 nodes and over 500 s for 1,000.)
"""

from __future__ import annotations

import math
from itertools import combinations, pairwise
from typing import NamedTuple

import networkx as nx

from .geometry import EdgePath, Frame, NodeBox
from .layout_plan import CORE, Plan

__all__ = ["GAP", "Box", "Route", "as_bezier", "band_links", "corridor_demand",
           "route_band_edges"]

GAP = 20.0  # points between regions (bands, headers, columns); the streets run in it
EMPTY_COLUMN_HALF = 60.0  # half-width assumed for a column with no box in it
OUTER_CORRIDOR_OFFSET = 12.0  # the corridors left of the first and right of the last column
OUTER_CORRIDOR_HALF = 8.0
CORRIDOR_CLEARANCE = 4.0  # kept free between a lane and the boxes on either side
MIN_CORRIDOR_HALF = 2.0
PORT_INSET = 3.0  # ports stay this far from a box's corners
PORT_STEP = 4.0  # between the ports of several routes on one side of a box
LANE_STEP = 4.0  # between lanes in a corridor
STREET_LANE_STEP = 3.0  # between lanes in a street
HEADER_STREET_NUDGE = 4.0  # the street above the columns sits this much below the gap's middle
ARROW_LENGTH = 7.0  # the spline ends this far before the box; the arrowhead fills the rest
LANE_SEARCH_LIMIT = 400  # routes; above this the lanes keep their first order (search is slow)
LANE_SEARCH_ROUNDS = 2


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


class _Router:
    """Lays out every band link's route: the skeletons first (to count who shares what),
    then the lanes."""

    def __init__(self, plan: Plan, nodes: dict[str, NodeBox], frames: list[Frame],
                 col_x: list[float], regions: Regions) -> None:
        self.plan = plan
        self.nodes = nodes
        self.frame_of = {f.id: f for f in frames if f.kind == "group"}
        self.n_cols = len(col_x)
        self.corridor = _column_extents(nodes, self.frame_of, col_x)
        self.streets = _streets(regions)
        self.outer = ({self.streets[0], self.streets[-1]} if len(self.streets) > 2 else set())
        self.use: dict[tuple, list[int]] = {}
        self.routes: list[Route] = []

    def box(self, n: str) -> Box:
        if n in self.frame_of:
            f = self.frame_of[n]
            ranks = [self.nodes[m].rank for m in f.members if m in self.nodes] or [0]
            return Box(f.x0, f.y0, f.x1, f.y1, min(ranks), max(ranks))
        b = self.nodes[n]
        return Box(b.left, b.top, b.right, b.bottom, b.rank, b.rank)

    def _street(self, a: Box, b: Box) -> float:
        """The street between the two ends: one between them, not the outermost, nearest
        their middle."""
        low, high = min(a.middle, b.middle), max(a.middle, b.middle)
        mid = (a.middle + b.middle) / 2
        return min(self.streets, key=lambda s: (not low <= s <= high, s in self.outer,
                                                abs(s - mid)))

    def add(self, u: str, v: str, d: dict) -> None:
        a, b = self.box(u), self.box(v)
        ka, kb, side = corridors((a.first_rank, a.last_rank), (b.first_rank, b.last_rank),
                                 self.n_cols)
        street = self._street(a, b) if ka != kb else None
        route = Route(u, v, d, a, b, ka, kb, side == 1, a.right if ka > a.last_rank else a.left,
                      b.left if side == 1 else b.right, street)
        j = len(self.routes)
        self.routes.append(route)
        keys = {("c", ka), ("c", kb), ("out", u), ("in", v)}
        if street is not None:
            keys.add(("s", street))
        for key in keys:
            self.use.setdefault(key, []).append(j)

    def untangle(self) -> None:
        """Reorder the lanes of every corridor, street and box side so that fewer routes
        cross: adjacent lanes are swapped while that removes crossings (the initial theory:
        181 crossings between routes before, see scripts/benchmark_render.py for after)."""
        if len(self.routes) > LANE_SEARCH_LIMIT:
            return
        for _ in range(LANE_SEARCH_ROUNDS):
            for members in self.use.values():
                if len(members) > 1:
                    self._swap_lanes(members)

    def _swap_lanes(self, members: list[int]) -> None:
        def lines() -> list[_Line]:
            return [_Line(self.points(j, self.routes[j])[0]) for j in members]

        mine = _Line([p for line in lines() for p in line.points])
        others = [line for line in (_Line(self.points(j, r)[0]) for j, r in
                                    enumerate(self.routes) if j not in members)
                  if line.near(mine, GAP)]

        def crossings() -> int:
            now = lines()
            return sum(a.crossings(b) for a, b in combinations(now, 2)) + sum(
                a.crossings(b) for a in now for b in others)

        best = crossings()
        improved = True
        while improved and best:
            improved = False
            for i in range(len(members) - 1):
                members[i], members[i + 1] = members[i + 1], members[i]
                now = crossings()
                if now < best:
                    best, improved = now, True
                else:
                    members[i], members[i + 1] = members[i + 1], members[i]

    def offset(self, key: tuple, j: int, half: float, step: float) -> float:
        """The lane of route `j` among those sharing `key`, centred on 0."""
        members = self.use.get(key) or [j]
        spacing = min(step, 2 * half / max(1, len(members)))
        return (members.index(j) - (len(members) - 1) / 2) * spacing

    def points(self, j: int, r: Route) -> tuple[list[tuple[float, float]], tuple[float, float]]:
        """The polyline of route `j` and its arrow tip."""
        ya = r.start.middle + self.offset(("out", r.source), j, r.start.port_half, PORT_STEP)
        yb = r.end.middle + self.offset(("in", r.target), j, r.end.port_half, PORT_STEP)
        ca, cb = self.corridor[r.corridor_out], self.corridor[r.corridor_in]
        xa = ca.centre + self.offset(("c", r.corridor_out), j, ca.half, LANE_STEP)
        xb = cb.centre + self.offset(("c", r.corridor_in), j, cb.half, LANE_STEP)
        pts = [(r.x_out, ya), (xa, ya)]
        if r.street is None:
            pts.append((xa, yb))
        else:
            ys = r.street + self.offset(("s", r.street), j, GAP / 2 - PORT_INSET,
                                        STREET_LANE_STEP)
            pts += [(xa, ys), (xb, ys), (xb, yb)]
        pts.append((r.x_in - (ARROW_LENGTH if r.enters_left else -ARROW_LENGTH), yb))
        return pts, (round(r.x_in, 2), round(yb, 2))


def route_band_edges(graph: nx.DiGraph, plan: Plan, nodes: dict[str, NodeBox],
                     frames: list[Frame], col_x: list[float],
                     regions: Regions) -> list[EdgePath]:
    """Orthogonal routes for the links that touch a band (see the module docstring)."""
    router = _Router(plan, nodes, frames, col_x, regions)
    for u, v, d in band_links(graph, plan):
        if u in nodes and v in nodes:
            router.add(u, v, d)
    router.untangle()
    out = []
    for j, r in enumerate(router.routes):
        points, tip = router.points(j, r)
        out.append(EdgePath(r.source, r.target, r.data.get("id", ""),
                            plan.dot_end(r.source, r.target), plan.dot_end(r.target, r.source),
                            as_bezier(points), tip, routed=True))
    return out


class _Line:
    """A polyline with its bounding box, for counting crossings quickly."""

    def __init__(self, points: list[tuple[float, float]]) -> None:
        self.points = points
        xs, ys = [x for x, _ in points], [y for _, y in points]
        self.box = (min(xs), min(ys), max(xs), max(ys))

    def near(self, other: _Line, margin: float = 0.0) -> bool:
        a, b = self.box, other.box
        return not (a[2] + margin < b[0] or b[2] + margin < a[0]
                    or a[3] + margin < b[1] or b[3] + margin < a[1])

    def crossings(self, other: _Line) -> int:
        """How often the two polylines cross."""
        if not self.near(other):
            return 0
        count = 0
        for p, q in pairwise(self.points):
            for r, s in pairwise(other.points):
                d = (q[0] - p[0]) * (s[1] - r[1]) - (q[1] - p[1]) * (s[0] - r[0])
                if abs(d) < 1e-9:
                    continue
                t = ((r[0] - p[0]) * (s[1] - r[1]) - (r[1] - p[1]) * (s[0] - r[0])) / d
                u = ((r[0] - p[0]) * (q[1] - p[1]) - (r[1] - p[1]) * (q[0] - p[0])) / d
                count += 0 < t < 1 and 0 < u < 1
        return count


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

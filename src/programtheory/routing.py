"""Corridor routing: the links with an end in a band, drawn orthogonally around the boxes.

A route leaves the side of its source box into the free corridor next to the box's column,
runs along a free street between regions (bands, headers, columns) to the corridor next to the
target box, and enters the target's side. Routes that share a corridor, a street or a box side
are spread over evenly spaced lanes. (Graphviz's own router for pinned nodes, ``neato -n2
splines=true``, took 4 s for 200 nodes and over 500 s for 1,000.)
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import NamedTuple

import networkx as nx

from .drawing_quality import bezier_points, segment_hits_rect
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
STREET_CHOICES = 6  # streets tried per route, nearest the middle of its two ends first
THROUGH_BOX_COST = 1000  # a route through a box costs as much as this many crossings
LENGTH_COST = 0.001  # per point of length: among equal routes, the shortest
# Above this many routes, routes take their default skeleton and lanes keep their first order:
# the search is quadratic (a synthetic 1,000-node theory with 153 routes took 12 s instead of 2 s)
SEARCH_LIMIT = 120
LANE_SEARCH_ROUNDS = 1
LANE_SEARCH_WIDTH = 10  # lanes; a wider corridor keeps its order (each swap redraws them all)


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
        self.obstacles = Obstacles(nodes)
        self.quick = False  # True: no search for better routes (see SEARCH_LIMIT)

    def members_of(self, n: str) -> tuple[str, ...]:
        return self.frame_of[n].members if n in self.frame_of else ()

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

    def _candidates(self, u: str, v: str, d: dict):
        """Every skeleton a route may take: out of either side of its source, into either
        side of its target, over one of the nearest streets; the first is the default."""
        a, b = self.box(u), self.box(v)
        ka, kb, side = corridors((a.first_rank, a.last_rank), (b.first_rank, b.last_rank),
                                 self.n_cols)
        yield self._route(u, v, d, a, b, ka, kb, side == 1, self._street(a, b))
        for out_right, in_left in ((True, True), (True, False), (False, True), (False, False)):
            ka = min(a.last_rank + 1 if out_right else a.first_rank, self.n_cols)
            kb = min(b.first_rank if in_left else b.last_rank + 1, self.n_cols)
            for street in self._near_streets(a, b):
                yield self._route(u, v, d, a, b, ka, kb, in_left, street)

    def _near_streets(self, a: Box, b: Box) -> list[float]:
        mid = (a.middle + b.middle) / 2
        return sorted(self.streets, key=lambda s: abs(s - mid))[:STREET_CHOICES]

    def _route(self, u, v, d, a: Box, b: Box, ka: int, kb: int, in_left: bool,
               street: float) -> Route:
        return Route(u, v, d, a, b, ka, kb, in_left, a.right if ka > a.last_rank else a.left,
                     b.left if in_left else b.right, street if ka != kb else None)

    def _skeleton(self, r: Route) -> list[tuple[float, float]]:
        xa, xb = self.corridor[r.corridor_out].centre, self.corridor[r.corridor_in].centre
        pts = [(r.x_out, r.start.middle), (xa, r.start.middle)]
        if r.street is not None:
            pts += [(xa, r.street), (xb, r.street)]
        return [*pts, (xb, r.end.middle), (r.x_in, r.end.middle)]

    def add(self, u: str, v: str, d: dict) -> None:
        """Route a link: the candidate skeleton with the fewest crossings and no box in the
        way (`obstacles`); ties go to the default."""
        candidates = self._candidates(u, v, d)
        route = next(candidates)
        if not self.quick:
            ends = {u, v} | set(self.members_of(u)) | set(self.members_of(v))
            best_cost = self.obstacles.cost(self._skeleton(route), ends)
            for candidate in candidates:
                cost = self.obstacles.cost(self._skeleton(candidate), ends)
                if cost < best_cost:
                    route, best_cost = candidate, cost
            self.obstacles.add_line(self._skeleton(route))
        ka, kb, street = route.corridor_out, route.corridor_in, route.street
        j = len(self.routes)
        self.routes.append(route)
        # in a fixed order (a set of ids would follow the per-process string hash): the lane
        # search visits the keys in this order, so the same input gives the same drawing
        keys = [("c", ka), ("c", kb), ("out", u), ("in", v)]
        if street is not None:
            keys.append(("s", street))
        for key in dict.fromkeys(keys):
            self.use.setdefault(key, []).append(j)

    def untangle(self) -> None:
        """Reorder the lanes of every corridor, street and box side so that fewer routes
        cross: adjacent lanes are swapped while that removes crossings (the initial theory:
        181 crossings between routes before, see scripts/benchmark_render.py for after)."""
        if len(self.routes) > SEARCH_LIMIT:
            return
        for _ in range(LANE_SEARCH_ROUNDS):
            for members in self.use.values():
                if 1 < len(members) <= LANE_SEARCH_WIDTH:
                    self._swap_lanes(members)

    def _swap_lanes(self, members: list[int]) -> None:
        others = Obstacles({})
        for j, r in enumerate(self.routes):
            if j not in members:
                others.add_line(self.points(j, r)[0])

        def crossings() -> int:
            lines = [self.points(j, self.routes[j])[0] for j in members]
            among = Obstacles({})
            for i, line in enumerate(lines):
                among.add_line(line, owner=i)
            return sum(others.crossings(line) + among.crossings(line, skip=i) / 2
                       for i, line in enumerate(lines))

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


class Obstacles:
    """The boxes and the lines already drawn, in a grid, to price a candidate route: each
    crossing costs 1, a box that is not an end `THROUGH_BOX_COST`, each point of length
    `LENGTH_COST`."""

    CELL = 40.0

    def __init__(self, nodes: dict[str, NodeBox]) -> None:
        self.segments: dict[tuple[int, int], list[tuple]] = {}
        self.boxes: dict[tuple[int, int], list[tuple[str, tuple]]] = {}
        for n, b in nodes.items():
            if not b.cluster:
                rect = (b.left, b.top, b.right, b.bottom)
                for cell in self._cells((b.left, b.top), (b.right, b.bottom)):
                    self.boxes.setdefault(cell, []).append((n, rect))

    def _cells(self, p, q):
        for cx in range(int(min(p[0], q[0]) // self.CELL), int(max(p[0], q[0]) // self.CELL) + 1):
            for cy in range(int(min(p[1], q[1]) // self.CELL),
                            int(max(p[1], q[1]) // self.CELL) + 1):
                yield cx, cy

    def add_line(self, line: list[tuple[float, float]], owner: int = -1) -> None:
        for p, q in pairwise(line):
            for cell in self._cells(p, q):
                self.segments.setdefault(cell, []).append((p, q, owner))

    def crossings(self, line: list[tuple[float, float]], skip: int = -2) -> int:
        """How many drawn segments (not those of owner `skip`) the line crosses."""
        found: set[tuple] = set()
        for p, q in pairwise(line):
            for cell in self._cells(p, q):
                for r, s, owner in self.segments.get(cell, ()):
                    if owner != skip and _segments_cross(p, q, r, s):
                        found.add((p, q, r, s))
        return len(found)

    def cost(self, line: list[tuple[float, float]], ends: set[str]) -> float:
        crossings: set[tuple] = set()
        hit: set[str] = set()
        length = 0.0
        for p, q in pairwise(line):
            length += abs(q[0] - p[0]) + abs(q[1] - p[1])
            for cell in self._cells(p, q):
                for r, s, _owner in self.segments.get(cell, ()):
                    if _segments_cross(p, q, r, s):
                        crossings.add((r, s))
                for n, rect in self.boxes.get(cell, ()):
                    if n not in ends and n not in hit and segment_hits_rect(p, q, rect, 1.0):
                        hit.add(n)
        return len(crossings) + THROUGH_BOX_COST * len(hit) + LENGTH_COST * length


def _segments_cross(p, q, r, s) -> bool:
    d = (q[0] - p[0]) * (s[1] - r[1]) - (q[1] - p[1]) * (s[0] - r[0])
    if abs(d) < 1e-9:
        return False
    t = ((r[0] - p[0]) * (s[1] - r[1]) - (r[1] - p[1]) * (s[0] - r[0])) / d
    u = ((r[0] - p[0]) * (q[1] - p[1]) - (r[1] - p[1]) * (q[0] - p[0])) / d
    return 0 < t < 1 and 0 < u < 1


def route_band_edges(graph: nx.DiGraph, plan: Plan, nodes: dict[str, NodeBox],
                     frames: list[Frame], col_x: list[float], regions: Regions,
                     drawn: list[EdgePath] = ()) -> list[EdgePath]:
    """Orthogonal routes for the links that touch a band (see the module docstring), around
    the boxes and crossing as few of the `drawn` links (dot's) as it can."""
    router = _Router(plan, nodes, frames, col_x, regions)
    links = [(u, v, d) for u, v, d in band_links(graph, plan) if u in nodes and v in nodes]
    router.quick = len(links) > SEARCH_LIMIT
    for e in drawn if not router.quick else ():
        if e.points:
            router.obstacles.add_line(bezier_points(e.points))
    for u, v, d in links:
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
        return sum(_segments_cross(p, q, r, s) for p, q in pairwise(self.points)
                   for r, s in pairwise(other.points))


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

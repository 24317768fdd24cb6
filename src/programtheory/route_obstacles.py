"""The lines a route may cross and the boxes it must not enter, on a grid, to price a route
or a lane order (see `programtheory.routing`)."""

from __future__ import annotations

from itertools import pairwise

from .drawing_quality import CELL, grid_cells, segment_hits_rect, segments_cross
from .geometry import NodeBox

__all__ = ["LENGTH_COST", "SLANTED", "THROUGH_BOX_COST", "Line", "Obstacles", "cell_span",
           "direction", "spans_meet"]

THROUGH_BOX_COST = 1000  # a route through a box costs as much as this many crossings
LENGTH_COST = 0.001  # per point of length: among equal routes, the shortest


class Obstacles:
    """The boxes and the lines already drawn, in a grid, to price a candidate route: each
    crossing costs 1, a box that is not an end `THROUGH_BOX_COST`, each point of length
    `LENGTH_COST`."""

    def __init__(self, nodes: dict[str, NodeBox]) -> None:
        self.segments: dict[tuple[int, int], list[tuple]] = {}
        self.boxes: dict[tuple[int, int], list[tuple[str, tuple]]] = {}
        for n, b in nodes.items():
            if not b.cluster:
                rect = (b.left, b.top, b.right, b.bottom)
                for cell in grid_cells((b.left, b.top), (b.right, b.bottom)):
                    self.boxes.setdefault(cell, []).append((n, rect))

    def add_box(self, name: str, rect: tuple[float, float, float, float]) -> None:
        """Something a route should not cross, like a box: a band's or a column's title."""
        for cell in grid_cells((rect[0], rect[1]), (rect[2], rect[3])):
            self.boxes.setdefault(cell, []).append((name, rect))

    def add_line(self, line: list[tuple[float, float]]) -> None:
        for p, q in pairwise(line):
            segment = (p, q, direction(p, q))
            for cell in grid_cells(p, q):
                self.segments.setdefault(cell, []).append(segment)

    def crossings(self, line: list[tuple[float, float]]) -> int:
        """How many drawn segments the line crosses."""
        found: set[tuple] = set()
        for p, q in pairwise(line):
            way = direction(p, q)
            for cell in grid_cells(p, q):
                for r, s, their_way in self.segments.get(cell, ()):
                    if (way != their_way or way == SLANTED) and segments_cross(p, q, r, s):
                        found.add((p, q, r, s))
        return len(found)

    def pricer(self, ends: set[str]):
        """The price of a route between `ends` (boxes it may touch), while nothing is added:
        each crossing costs 1, a box that is not an end `THROUGH_BOX_COST`, each point of
        length `LENGTH_COST`. The candidate routes of one link share many pieces (the way out
        of a side, a street), and each piece is priced once."""
        pieces: dict[tuple, tuple[frozenset, frozenset]] = {}

        def cost(line: list[tuple[float, float]]) -> float:
            crossings: set[tuple] = set()
            hit: set[str] = set()
            length = 0.0
            for p, q in pairwise(line):
                length += abs(q[0] - p[0]) + abs(q[1] - p[1])
                found = pieces.get((p, q))
                if found is None:
                    found = pieces[p, q] = self._piece(p, q, ends)
                crossings |= found[0]
                hit |= found[1]
            return len(crossings) + THROUGH_BOX_COST * len(hit) + LENGTH_COST * length

        return cost

    def _piece(self, p: tuple[float, float], q: tuple[float, float],
               ends: set[str]) -> tuple[frozenset, frozenset]:
        """The drawn segments piece pq crosses, and the boxes (not `ends`) it enters."""
        crossings: set[tuple] = set()
        hit: set[str] = set()
        way = direction(p, q)
        for cell in grid_cells(p, q):
            for r, s, their_way in self.segments.get(cell, ()):
                if (way != their_way or way == SLANTED) and segments_cross(p, q, r, s):
                    crossings.add((r, s))
            for n, rect in self.boxes.get(cell, ()):
                if n not in ends and n not in hit and segment_hits_rect(p, q, rect, 1.0):
                    hit.add(n)
        return frozenset(crossings), frozenset(hit)


class Line:
    """A polyline with its bounding box, for counting crossings quickly."""

    def __init__(self, points: list[tuple[float, float]]) -> None:
        self.points = points
        xs, ys = [x for x, _ in points], [y for _, y in points]
        self.box = (min(xs), min(ys), max(xs), max(ys))

    def near(self, other: Line) -> bool:
        a, b = self.box, other.box
        return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])

    def crossings(self, other: Line) -> int:
        """How often the two polylines cross."""
        if not self.near(other):
            return 0
        return sum(segments_cross(p, q, r, s) for p, q in pairwise(self.points)
                   for r, s in pairwise(other.points))


LEVEL, UPRIGHT, SLANTED = 0, 1, 2


def direction(p: tuple[float, float], q: tuple[float, float]) -> int:
    """LEVEL, UPRIGHT or SLANTED (a single point counts as level). Two level or two upright
    segments never cross (`segments_cross` finds their determinant exactly 0), and most of
    a route's pieces are level or upright: the pair is not tried."""
    return LEVEL if p[1] == q[1] else UPRIGHT if p[0] == q[0] else SLANTED


def cell_span(points) -> tuple[int, int, int, int]:
    """The grid cells (`grid_cells`) the points' bounding box touches: first and last column,
    first and last row."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return (int(min(xs) // CELL), int(max(xs) // CELL), int(min(ys) // CELL),
            int(max(ys) // CELL))


def spans_meet(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    """Whether two cell spans (`cell_span`) share a cell."""
    return a[0] <= b[1] and b[0] <= a[1] and a[2] <= b[3] and b[2] <= a[3]

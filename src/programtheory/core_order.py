"""The order of the elements within each column (see `programtheory.layout`).

dot orders each column well for its own lines, but it does not see the links to the bands,
whose routes leave an element sideways and run up or down the gap beside its column to their
band, crossing every line they meet there. Starting from dot's order, this looks for one with
fewer crossings in all, counted the usual way for layered drawings: a link that spans several
columns passes a point in each column between its ends; a link to a band counts as a line to
the top (or the bottom) of the gap next to its element; a link within a column as an arc on
the column's left, across what enters the items between its ends from the left. Neighbours in
a column swap while that removes crossings (transposition), then the columns are swept left
to right and back, each item moving to the mean place of its neighbours in the column swept
from (barycentres), with transposition after each sweep; the order with the fewest crossings
seen is kept. `layout.py` has dot keep it (invisible links chain each column in order). Not
for drawings with group frames: the count misses how dot draws links to a frame.

Measured with scripts/benchmark_render.py (ours / dot's order, crossings of the whole
drawing): the initial theory's figure 161 / 183, with --all 229 / 290; a synthetic theory of
300 elements 1330 / 1456 (dot's own lines cross more, 891 / 573, the routes to the bands far
less).
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from .layout_plan import BANDS, CORE, Plan

__all__ = ["ColumnOrder", "column_orders"]

MAX_SWEEPS = 24  # left to right or back; the best order seen is kept
PATIENCE = 4  # sweeps without a better order before the search stops
TRANSPOSE_ROUNDS = 4  # passes of neighbour swaps per sweep (each pass stops when none helps)
TOP, BOTTOM = -1.0, 1e9  # where a link to a band above (below) ends, in the next column
_BAND_SIDE = {band.key: (TOP if band.side == "top" else BOTTOM) for band in BANDS}


class _Layers:
    """The columns as layers of items (elements, and the points where a long link passes a
    column), and the segments between neighbouring layers."""

    def __init__(self, n_ranks: int) -> None:
        self.items: list[list[str]] = [[] for _ in range(n_ranks)]
        # per gap (between layer g and g + 1): (left item or end, right item or end)
        self.gaps: list[list[tuple[str | float, str | float]]] = [[] for _ in range(n_ranks)]
        self.flat: list[tuple[str, str]] = []  # links within one column

    def add_item(self, rank: int, item: str) -> None:
        self.items[rank].append(item)

    def link(self, a: str, ra: int, b: str, rb: int, name: str) -> None:
        """A link from item a (rank ra) to b (rank rb), through a point per column between."""
        if ra > rb:
            a, ra, b, rb = b, rb, a, ra
        previous = a
        for r in range(ra + 1, rb):
            point = f"{name}_{r}"
            self.add_item(r, point)
            self.gaps[r - 1].append((previous, point))
            previous = point
        self.gaps[rb - 1].append((previous, b))


def _build(graph: nx.DiGraph, plan: Plan, core_links: Iterable[tuple[str, str]],
           point: str) -> _Layers:
    n_ranks = len(plan.columns)
    layers = _Layers(n_ranks)
    for n in graph.nodes:
        if plan.region[n] == CORE and n in plan.rank:
            layers.add_item(plan.rank[n], n)
    for i, (tail, head) in enumerate(core_links):
        if plan.rank[tail] != plan.rank[head]:
            layers.link(tail, plan.rank[tail], head, plan.rank[head], f"{point}{i}")
        elif tail != head:
            layers.flat.append((tail, head))
    for u, v in graph.edges:
        for n, band_end in ((u, v), (v, u)):
            side = _BAND_SIDE.get(plan.region.get(band_end, CORE))
            if side is None or plan.region[n] != CORE:
                continue
            r, rb = plan.rank[n], plan.rank.get(band_end, 0)
            if rb < r:  # the route leaves on the left, into the gap before the column
                layers.gaps[r - 1].append((side, n))
            elif r < n_ranks - 1:
                layers.gaps[r].append((n, side))
    return layers


def _inversions(pairs: list[tuple[float, float]]) -> int:
    """How many pairs of segments cross: (a1 - a2) * (b1 - b2) < 0."""
    pairs.sort()
    seen: list[float] = []
    crossing = 0
    start = 0
    for i, (a, b) in enumerate(pairs):
        if i and a != pairs[i - 1][0]:  # segments from one point do not cross each other
            for _a, earlier in pairs[start:i]:
                insort(seen, earlier)
            start = i
        crossing += len(seen) - bisect_right(seen, b)
    return crossing


class _Order:
    """Positions of the items and the crossings they give."""

    def __init__(self, layers: _Layers) -> None:
        self.layers = layers
        self.pos: dict[str, float] = {}
        self.rank = {item: r for r, items in enumerate(layers.items) for item in items}
        self.neighbours: dict[str, tuple[list, list]] = {
            item: ([], []) for rank in layers.items for item in rank}
        self.partners: dict[str, list[str]] = {item: [] for item in self.neighbours}
        for u, v in layers.flat:
            self.partners[u].append(v)
            self.partners[v].append(u)
        for gap in layers.gaps:
            for a, b in gap:
                if isinstance(a, str):
                    self.neighbours[a][1].append(b)
                if isinstance(b, str):
                    self.neighbours[b][0].append(a)
        self.place()

    def place(self) -> None:
        for rank in self.layers.items:
            for i, item in enumerate(rank):
                self.pos[item] = float(i)

    def at(self, end: str | float) -> float:
        return self.pos[end] if isinstance(end, str) else end

    def crossings(self) -> int:
        """Crossings between the columns, and of the links within a column
        (`flat_crossings`)."""
        return (sum(_inversions([(self.at(a), self.at(b)) for a, b in gap])
                    for gap in self.layers.gaps) + self.flat_crossings())

    def flat_crossings(self) -> int:
        """dot draws a link within a column as an arc on the column's left, across the links
        that come into the items between its ends from the left, and across the arcs whose
        ends interleave with its own."""
        spans = [sorted((self.pos[u], self.pos[v])) for u, v in self.layers.flat]
        crossing = sum(a[0] < b[0] < a[1] < b[1] or b[0] < a[0] < b[1] < a[1]
                       for i, a in enumerate(spans) for b in spans[:i])
        for (low, high), (u, _v) in zip(spans, self.layers.flat, strict=True):
            crossing += sum(len(self.neighbours[item][0])
                            for item in self.layers.items[self.rank[u]][int(low) + 1:int(high)])
        return crossing

    def sweep(self, rank: int, side: int) -> None:
        """Order a layer by the mean place of its neighbours on `side` (0 left, 1 right) and
        of the other ends of its links within the column."""
        items = self.layers.items[rank]
        wanted = {}
        for item in items:
            ends = [min(self.at(e), len(items)) for e in self.neighbours[item][side]]
            ends += [self.pos[p] for p in self.partners[item]]
            wanted[item] = sum(ends) / len(ends) if ends else self.pos[item]
        items.sort(key=lambda item: (wanted[item], self.pos[item]))
        for i, item in enumerate(items):
            self.pos[item] = float(i)

    def pair_costs(self, u: str, v: str) -> tuple[int, int]:
        """Crossings among the links of u and v with u placed before v, and after it."""
        before = after = 0
        for side in (0, 1):
            mine = [self.at(e) for e in self.neighbours[u][side]]
            theirs = sorted(self.at(e) for e in self.neighbours[v][side])
            if mine and theirs:
                for e in mine:
                    lower = bisect_left(theirs, e)
                    before += lower  # theirs end before mine: crossed with u first
                    after += len(theirs) - bisect_right(theirs, e, lower)
        # a link within the column passes the other item when its other end lies beyond it
        left_u, left_v = len(self.neighbours[u][0]), len(self.neighbours[v][0])
        before += left_v * sum(self.pos[p] > self.pos[v] for p in self.partners[u])
        before += left_u * sum(self.pos[p] < self.pos[u] for p in self.partners[v])
        after += left_v * sum(self.pos[p] < self.pos[v] for p in self.partners[u])
        after += left_u * sum(self.pos[p] > self.pos[u] for p in self.partners[v])
        return before, after

    def transpose(self, rounds: int = TRANSPOSE_ROUNDS) -> None:
        """Swap neighbours in a layer while that removes crossings."""
        for _ in range(rounds):
            improved = False
            for items in self.layers.items:
                for i in range(len(items) - 1):
                    u, v = items[i], items[i + 1]
                    now, swapped = self.pair_costs(u, v)
                    if swapped < now:
                        items[i], items[i + 1] = v, u
                        self.pos[u], self.pos[v] = float(i + 1), float(i)
                        improved = True
            if not improved:
                return


@dataclass
class ColumnOrder:
    """What `column_orders` chose, and the crossings it counts for it and for the start."""

    orders: dict[int, list[str]]  # rank -> its items, top to bottom
    crossings: int
    start_crossings: int

    @property
    def better(self) -> bool:
        return self.crossings < self.start_crossings


def column_orders(graph: nx.DiGraph, plan: Plan, core_links: Sequence[tuple[str, str]],
                  point: str, start: dict[str, float]) -> ColumnOrder:
    """What each column (rank) holds, top to bottom, with few crossings, starting from the
    y of each item in `start` (dot's own order): its elements, and where each link that
    spans several columns passes it (named `point` + the link's index in `core_links` + '_' +
    the rank). `core_links` are the (tail, head) of the links dot draws. Deterministic: the
    start, then the graph's order, decides every tie."""
    layers = _build(graph, plan, core_links, point)
    for items in layers.items:
        first = {item: i for i, item in enumerate(items)}
        items.sort(key=lambda item: (start.get(item, math.inf), first[item]))
    order = _Order(layers)
    start_cost = order.crossings()
    # dot's order is the answer to beat: a swap is judged by a pair's own links, which may
    # leave out what it does to a link within the column, so the search can end above it
    best, best_cost = [list(rank) for rank in layers.items], start_cost
    order.transpose()  # dot's order is good: first what swapping neighbours does for it
    cost = order.crossings()
    if cost < best_cost:
        best, best_cost = [list(rank) for rank in layers.items], cost
    n, stalled = len(layers.items), 0
    for sweep in range(MAX_SWEEPS):
        forward = sweep % 2 == 0
        for rank in (range(1, n) if forward else range(n - 2, -1, -1)):
            order.sweep(rank, 0 if forward else 1)
        order.transpose()
        cost = order.crossings()
        if cost < best_cost:
            best, best_cost, stalled = [list(rank) for rank in layers.items], cost, 0
        else:
            stalled += 1
            if stalled == PATIENCE:
                break
    return ColumnOrder(dict(enumerate(best)), best_cost, start_cost)

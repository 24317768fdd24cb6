"""The lanes of the corridor router: which routes share a lane (bundles), and the order of
the lanes in every corridor, street and box side (see `programtheory.routing`).

A route's parts take the lanes of its two bundles (`bundle_slots`): the routes from one source
into one corridor share the source's port, their corridor lane and their street lane, a trunk
that splits like a tree (one arrow for the set, as a report draws it); the routes into one
target from one corridor share their last corridor lane and the target's port, so they end in
one arrow. Lines of one bundle that run together are drawn over each other, which is no
crossing; the order of the lanes then decides the rest: `nest` gives each corridor and street
a first order in which no lane turns off across another (like the rings of a tree), and
`untangle` swaps neighbouring lanes while that removes crossings, dot's lines included.
"""

from __future__ import annotations

from itertools import combinations, pairwise, permutations
from typing import TYPE_CHECKING

from .drawing_quality import segments_cross
from .route_obstacles import SLANTED, Line, Obstacles, cell_span, direction, spans_meet

if TYPE_CHECKING:
    from .routing import Route

__all__ = ["LaneOrder", "bundle_ids", "bundle_slots", "lane_pieces", "route_streets"]

NEST_ROUNDS = 3
BUNDLE_CROSSING_COST = 100  # the lane search never buys fewer crossings with a crossed bundle
LANE_SEARCH_WIDTH = 10  # lanes; a wider corridor keeps its order (each swap redraws them all)


class LaneOrder:
    """The lane half of the router: it reads `routes`, `quick`, `drawn` and `points` of the
    class it is mixed into."""

    def __init__(self) -> None:
        self.use: dict[tuple, list[tuple]] = {}  # lane key -> its slots, in order
        self.sharing: dict[tuple, list[int]] = {}  # (key, slot) -> its routes
        self.heading: dict[tuple, int] = {}  # (port key, slot) -> -1 up, +1 down, 0 both
        self.lanes_of: list[dict[tuple, tuple]] = []  # per route: lane key -> its bundle
        self.mates: list[list[int]] = []  # per route: the routes that share a bundle with it

    def assign_lanes(self) -> None:
        """The bundles (`bundle_slots`) of every route, in route order: keys and slots in a
        fixed order (a set of ids would follow the per-process string hash), so the lane
        search visits them in the same order for the same input."""
        size: dict[tuple, int] = {}
        for route in self.routes:
            for bundle in bundle_ids(route):
                size[bundle] = size.get(bundle, 0) + 1
        headings: dict[tuple, set[int]] = {}
        for j, route in enumerate(self.routes):
            self.lanes_of.append(bundle_slots(route, size))
            for key, slot in self.lanes_of[j].items():
                slots = self.use.setdefault(key, [])
                if slot not in slots:
                    slots.append(slot)
                self.sharing.setdefault((key, slot), []).append(j)
            streets = route_streets(route)
            away = streets[0] if streets else route.end.middle
            back = streets[-1] if streets else route.start.middle
            for key, box, towards in ((("port", route.source, route.x_out), route.start, away),
                                      (("port", route.target, route.x_in), route.end, back)):
                headings.setdefault((key, self.lanes_of[j][key]), set()).add(
                    (towards > box.middle) - (towards < box.middle))
        self.heading = {k: next(iter(v)) if len(v) == 1 else 0 for k, v in headings.items()}
        members: dict[tuple, list[int]] = {}
        for j, route in enumerate(self.routes):
            for bundle in bundle_ids(route):
                members.setdefault(bundle, []).append(j)
        self.mates = [sorted({k for b in bundle_ids(r) for k in members[b]} - {j})
                      for j, r in enumerate(self.routes)]

    def nest(self) -> None:
        """A first order for the lanes of every corridor and street: a lane whose route turns
        off towards one side at some point goes on that side of every lane that passes that
        point, so that its turn crosses none of them (nested like the rings of a tree; where
        two lanes would each have to lie beyond the other, one crossing is unavoidable and
        their order stays). `untangle` then weighs the rest, dot's lines included."""
        for _ in range(NEST_ROUNDS):  # a street's order changes where its lanes turn
            for key, slots in self.use.items():
                if key[0] in ("c", "s") and len(slots) > 1:
                    self.use[key] = self._nested(key, slots)

    def _nested(self, key: tuple, slots: list[tuple]) -> list[tuple]:
        spans, turns = self._lane_geometry(key, slots)

        def side(a: tuple, b: tuple) -> set[bool]:
            """The sides (True: towards smaller x or y) a's turns inside b's span go to."""
            lo, hi = min(spans[b]), max(spans[b])
            return {towards < 0 for where, towards in turns[a] if lo < where < hi}

        before: dict[tuple, set[tuple]] = {slot: set() for slot in slots}  # must come first
        for a, b in permutations(slots, 2):
            wants, theirs = side(a, b), side(b, a)
            if len(wants) == 1 and len(theirs) < 2 and wants != theirs:
                # a turns towards smaller: b must lie beyond it, so a comes first
                (before[b].add(a) if wants == {True} else before[a].add(b))
        return _stable_topological(slots, before)

    def _lane_geometry(self, key: tuple, slots: list[tuple]):
        """Per slot of `key`: the extent its lane covers (along the lane) and where its
        routes turn off, with the direction (negative: towards smaller x or y)."""
        along = 1 if key[0] == "c" else 0  # a corridor's lanes run along y, a street's along x
        spans: dict[tuple, list[float]] = {slot: [] for slot in slots}
        turns: dict[tuple, list[tuple[float, float]]] = {slot: [] for slot in slots}
        for slot in slots:
            for j in self.sharing[key, slot]:
                pts = self.points(j, self.routes[j])[0]
                pieces = lane_pieces(self.routes[j])
                street_pieces = {i for lane, i in pieces.items() if lane[0] == "s"}
                i = pieces[key]
                spans[slot] += [pts[i][along], pts[i + 1][along]]
                for end, k, turn in ((i, i - 1, i - 1), (i + 1, i + 2, i + 1)):
                    if key[0] == "s" or turn not in street_pieces:
                        # (a corridor lane's turn into a street follows the street's
                        # order, which is nested after this one)
                        turns[slot].append((pts[end][along],
                                            pts[k][1 - along] - pts[end][1 - along]))
        return spans, turns

    def drawn_line(self, j: int) -> list[tuple[float, float]]:
        """Route `j` as drawn, its arrowhead included (an arrow may lie across a lane that
        runs close past the box it points at)."""
        points, tip = self.points(j, self.routes[j])
        return [*points, tip]

    def untangle(self) -> None:
        """Reorder the lanes of every corridor, street and box side so that fewer routes
        cross: adjacent lanes are swapped while that removes crossings (the initial theory:
        181 crossings between routes before, see scripts/benchmark_render.py for after)."""
        if self.quick:
            return
        # every route as drawn now: a search changes the lines of the routes it moves only
        drawn = [self.drawn_line(j) for j in range(len(self.routes))]
        pairs = _PairCrossings(self.drawn)  # what two lines cross stays: kept for every key
        for key, slots in self.use.items():
            if 1 < len(slots) <= LANE_SEARCH_WIDTH:
                for j in self._swap_lanes(key, slots, drawn, pairs):
                    drawn[j] = self.drawn_line(j)

    def _swap_lanes(self, key: tuple, slots: list[tuple], drawn: list[list[tuple]],
                    pairs: _PairCrossings) -> list[int]:
        """Search the order of `slots` of `key`; returns the routes it may have moved."""
        moved = sorted({j for slot in slots for j in self.sharing[key, slot]})
        others = Obstacles({})
        fixed = {j: drawn[j] for j in range(len(self.routes)) if j not in moved}
        for line in fixed.values():
            others.add_line(line)
        fixed_mates = {k: pairs.intern(fixed[k]) for j in moved for k in self.mates[j]
                       if k in fixed}
        # a swap moves the lines of two slots only: the crossings of an unmoved line with
        # what stays put, and those of two lines with each other, are looked up, not counted
        # again (half of the initial theory's layout time went into counting them again)
        with_fixed: dict[int, int] = {}
        lines = dict.fromkeys(moved, -1)  # route -> its line as drawn for `places`
        places: dict[tuple, tuple] = {}

        def crossings() -> float:
            now = self._places(key, slots)
            for slot, place in now.items():  # redraw only the routes of slots that moved
                if places.get(slot) != place:
                    for j in self.sharing[key, slot]:
                        lines[j] = pairs.intern(self.drawn_line(j))
            places.update(now)
            mates = sum(pairs.count(lines[j], lines.get(k, fixed_mates.get(k)))
                        for j in moved for k in self.mates[j] if k not in lines or k > j)
            total = BUNDLE_CROSSING_COST * mates
            for j, line in lines.items():
                if line not in with_fixed:
                    points = pairs.lines[line].points
                    with_fixed[line] = pairs.with_dot(line) + others.crossings(points)
                total += with_fixed[line] + pairs.among(line, [lines[k] for k in moved
                                                              if k != j]) / 2
            return total

        best = crossings()
        neighbours = [(i, i + 1) for i in range(len(slots) - 1)]
        best = _improve(slots, neighbours, crossings, best)
        if best >= BUNDLE_CROSSING_COST:
            # a bundle still crosses itself: try any two lanes once (the two may lie apart,
            # with lanes between them that swap with neither)
            best = _improve(slots, list(combinations(range(len(slots)), 2)), crossings, best,
                            rounds=1)
        return moved

    def _places(self, key: tuple, slots: list[tuple]) -> dict[tuple, tuple]:
        """Per slot of `key`, what its lane's offset (`offset`) depends on besides the
        number of slots: its place in the order, within its heading on a box side."""
        if key[0] != "port":
            return {slot: (i,) for i, slot in enumerate(slots)}
        heading = {s: self.heading.get((key, s), 0) for s in slots}
        seen: dict[int, int] = {}
        places = {}
        for slot in slots:
            places[slot] = (heading[slot], seen.get(heading[slot], 0))
            seen[heading[slot]] = places[slot][1] + 1
        return places

    def offset(self, key: tuple, slot: tuple, half: float, step: float) -> float:
        """The lane of `slot` (a bundle) among those sharing `key`, centred on 0."""
        slots = self.use.get(key) or [slot]
        spacing = min(step, 2 * half / max(1, len(slots)))
        if key[0] == "port":
            return self._port_offset(key, slot, half, spacing)
        return (slots.index(slot) - (len(slots) - 1) / 2) * spacing

    def _port_offset(self, key: tuple, slot: tuple, half: float, spacing: float) -> float:
        """A port's place on a box side: the bundles that head up sit at the top of the side
        and those that head down at the bottom, clear of the links dot attached around the
        middle; a bundle that splits both ways stays in the middle."""
        # from `_places`, which the lane search also reads: what moves a lane is what it
        # redraws
        places = self._places(key, self.use.get(key) or [slot])
        heading, i = places[slot]
        n = sum(1 for other, _ in places.values() if other == heading)
        if heading < 0:
            return -half + i * spacing
        if heading > 0:
            return half - (n - 1 - i) * spacing
        return (i - (n - 1) / 2) * spacing


class _PairCrossings:
    """The crossings between two lines, kept for every pair met: a lane swap redraws the lines
    of two slots, and every other pair is priced as before. Each distinct line is numbered
    once (`intern`), so that a pair is looked up by two numbers."""

    def __init__(self, dot: Obstacles) -> None:
        self.dot = dot  # dot's own lines, which stay put for every key
        self.numbers: dict[tuple, int] = {}
        self.lines: list[Line] = []
        self.cells: list[tuple[int, int, int, int]] = []  # the grid cells a line spans
        self.pieces: list[list[tuple]] = []  # per line: (p, q, its cell span, its direction)
        self._counts: dict[tuple[int, int], int] = {}
        self._crossed: dict[tuple[int, int], frozenset] = {}
        self._with_dot: dict[int, int] = {}

    def intern(self, line: list[tuple[float, float]]) -> int:
        key = tuple(line)
        number = self.numbers.get(key)
        if number is None:
            number = self.numbers[key] = len(self.lines)
            self.lines.append(Line(line))
            self.cells.append(cell_span(line))
            self.pieces.append([(p, q, *cell_span((p, q)), direction(p, q))
                                for p, q in pairwise(line)])
        return number

    def with_dot(self, line: int) -> int:
        """How many of dot's lines the line crosses."""
        if line not in self._with_dot:
            self._with_dot[line] = self.dot.crossings(self.lines[line].points)
        return self._with_dot[line]

    def count(self, a: int, b: int) -> int:
        """How often lines a and b cross (`Line.crossings`, the same either way round)."""
        key = (a, b) if a < b else (b, a)
        if key not in self._counts:
            self._counts[key] = self.lines[a].crossings(self.lines[b])
        return self._counts[key]

    def among(self, a: int, others: list[int]) -> int:
        """The pieces of the other lines that line a crosses, each (piece of a, piece of an
        other) pair once, as `Obstacles.crossings` counts them: lines drawn over each other
        (a trunk) share their pieces."""
        found: set[tuple] = set()
        for b in others:
            key = (a, b)
            crossed = self._crossed.get(key)
            if crossed is None:
                # `segments_cross` is exact either way round (its terms only change sign)
                theirs = self._crossed.get((b, a))
                crossed = self._crossed[key] = (
                    self._crossing_pieces(a, b) if theirs is None
                    else frozenset((p, q, r, s) for r, s, p, q in theirs))
            if crossed:
                found |= crossed
        return len(found)

    def _crossing_pieces(self, a: int, b: int) -> frozenset:
        """(p, q, r, s) for every piece pq of line a that crosses a piece rs of line b, of the
        pieces that share a grid cell (the pairs `Obstacles.crossings` tries)."""
        if not spans_meet(self.cells[a], self.cells[b]):
            return frozenset()
        theirs = self.pieces[b]
        found = []
        for p, q, x0, x1, y0, y1, way in self.pieces[a]:
            for r, s, u0, u1, v0, v1, their_way in theirs:
                if (x0 <= u1 and u0 <= x1 and y0 <= v1 and v0 <= y1  # `spans_meet`, inline
                        and (way != their_way or way == SLANTED) and segments_cross(p, q, r, s)):
                    found.append((p, q, r, s))
        return frozenset(found)


def _improve(slots: list, pairs: list[tuple[int, int]], cost, best: float,
             rounds: int = 1_000_000) -> float:
    """Swap the `pairs` of `slots` while that lowers `cost`; returns the lowest cost."""
    improved = True
    while improved and best and rounds:
        improved, rounds = False, rounds - 1
        for i, k in pairs:
            slots[i], slots[k] = slots[k], slots[i]
            now = cost()
            if now < best:
                best, improved = now, True
            else:
                slots[i], slots[k] = slots[k], slots[i]
    return best


def _stable_topological(items: list, before: dict) -> list:
    """`items` in an order where each comes after those in its `before` set, otherwise as
    close to the given order as possible (a cycle is broken at its first item)."""
    left = list(items)
    out = []
    while left:
        ready = next((x for x in left if not before[x] & set(left)), left[0])
        out.append(ready)
        left.remove(ready)
    return out


def route_streets(r: Route) -> list[float]:
    """The streets a route runs along, from its source: none, one, or two for a route that
    goes round by an outer corridor (`Route.via`)."""
    if r.street is None:
        return []
    return [r.street] if r.via is None else [r.street, r.street_back]


def lane_pieces(r: Route) -> dict[tuple, int]:
    """Which piece of a route's polyline (see `programtheory.routing`) runs along each lane
    key: the corridor next to its source, its street, (round by an outer corridor: that
    corridor and a second street,) the corridor next to its target."""
    keys = [("c", r.corridor_out)]
    if r.street is not None:
        keys.append(("s", r.street))
        if r.via is not None:
            keys += [("c", r.via), ("s", r.street_back)]
        keys.append(("c", r.corridor_in))
    pieces = {key: i for i, key in enumerate(keys, start=1)}
    assert len(pieces) == len(keys), f"a route takes one lane twice: {keys}"
    return pieces


def bundle_ids(r: Route) -> tuple[tuple, tuple]:
    """The two bundles a route belongs to: the routes from its source into one corridor, and
    the routes into its target from one corridor."""
    return ("from", r.source, r.corridor_out), ("to", r.target, r.corridor_in)


def bundle_slots(r: Route, size: dict[tuple, int]) -> dict[tuple, tuple]:
    """The lane each part of a route takes. A source's bundle shares the source's port, its
    corridor lane and its street lane: a trunk that splits like a tree, one arrow for the set,
    as a report draws it. A target's bundle shares the target's port and its corridor lane. A
    route that stays in one corridor (no street) takes the lane of the larger of its two
    bundles (`size`: routes per bundle), so that it joins that trunk instead of crossing it."""
    source, target = bundle_ids(r)
    slots = {("port", r.source, r.x_out): source}
    if r.street is not None:
        slots[("c", r.corridor_out)] = source
        slots[("s", r.street)] = source
        if r.via is not None:  # the way round is the route's own
            own = ("via", r.source, r.target, r.via, r.street_back)
            slots[("c", r.via)] = slots[("s", r.street_back)] = own
        slots[("c", r.corridor_in)] = target
    else:
        slots[("c", r.corridor_out)] = (target if size.get(target, 0) > size.get(source, 0)
                                        else source)
    slots[("port", r.target, r.x_in)] = target
    return slots

"""Where each element of a theory goes before anything is measured: its column or band, its
rank (column index), and which groups are drawn as frames around their members.

See `programtheory.layout` for the picture this plans.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx

from .messages import has_message, message
from .selection import _membership
from .vocab import column_key

__all__ = ["BANDS", "COLUMN_LABELS", "DEFAULT_COLUMNS", "Band", "Plan", "band_label",
           "column_label", "make_plan"]

DEFAULT_COLUMNS = ("assumption", "resource", "action", "output", "outcome_short",
                   "outcome_medium", "outcome_long", "follow_up")
MAX_BAND_RANKS = 6  # a band alone in a drawing spreads over at most this many columns
CORE = "core"  # the region of the columns


@dataclass(frozen=True)
class Band:
    key: str
    kinds: frozenset[str]
    side: str  # 'top' or 'bottom'
    label_nl: str
    label_en: str


def _band(key: str, kinds: set[str], side: str) -> Band:
    return Band(key, frozenset(kinds), side, message(f"figure.band.{key}", "nl"),
                message(f"figure.band.{key}", "en"))


BANDS = (
    _band("context", {"problem", "goal", "rationale"}, "top"),
    _band("mechanism", {"mechanism"}, "bottom"),
    _band("feedback", {"feedback"}, "bottom"),
    _band("external", {"external_factor"}, "bottom"),
)
BAND_OF_KIND = {kind: band.key for band in BANDS for kind in band.kinds}
_BAND_SIDE = {band.key: band.side for band in BANDS}
_CONTEXT_ORDER = {"problem": 0, "goal": 1, "rationale": 2}

_COLUMN_KEYS = ("problem", "goal", "rationale", "mechanism", "assumption", "resource", "action",
                "output", "outcome_short", "outcome_medium", "outcome_long", "follow_up",
                "feedback", "external_factor", "group")
# (Dutch, English) headings of the built-in columns, from the message catalogue
COLUMN_LABELS = {key: (message(f"figure.column.{key}", "nl"), message(f"figure.column.{key}", "en"))
                 for key in _COLUMN_KEYS}


def column_label(key: str, lang: str) -> str:
    """The heading of a column in `lang`: the catalogue's for a built-in column, else the key
    as the version names it."""
    name = f"figure.column.{key}"
    return message(name, lang) if has_message(name, lang) else key


def band_label(band: Band, lang: str) -> str:
    """The heading of a band in `lang`."""
    return message(f"figure.band.{band.key}", lang)


def _key_of(graph: nx.DiGraph, n: str) -> str:
    d = graph.nodes[n]
    return d.get("column") or column_key(d.get("kind", ""), d.get("term"))


def column_order(graph: nx.DiGraph, columns) -> list[str]:
    """The column keys, left to right: the version's order or the default; any other column
    key that occurs (and is not a band) is added at the end."""
    order = list(columns or graph.graph.get("columns") or DEFAULT_COLUMNS)
    seen = set(order)
    extra = []
    for n in graph.nodes:
        key = _key_of(graph, n)
        if key not in seen and key not in BAND_OF_KIND:
            extra.append(key)
            seen.add(key)
    rank = {k: i for i, k in enumerate(("problem", "goal", "rationale") + DEFAULT_COLUMNS)}
    extra.sort(key=lambda k: (rank.get(k, 99), k))
    return order + extra


def spread(nodes: list[str], wanted: dict[str, float | None], n_ranks: int) -> dict[str, int]:
    """A rank for each band node near `wanted`, at most ceil(k / n_ranks) nodes per rank.
    (Up to two per rank, stacked nearer their neighbours, gave the initial theory's figure
    157 crossings instead of 140: the routes between stacked band nodes cross more than the
    longer streets save.)"""
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
class Plan:
    order: list[str]
    columns: list[str]  # the columns in use, left to right
    n_ranks: int
    region: dict[str, str]  # CORE or the key of a band
    rank: dict[str, int]
    col: dict[str, str]
    frames: dict[str, list[str]]  # group id -> members, for groups drawn as frames
    bands: dict[str, list[str]]
    # (group, other end) -> the member a link to a frame is drawn to, where chosen by place
    ends: dict[tuple[str, str], str] = field(default_factory=dict)

    def representative(self, group: str, other: str) -> str:
        """The member of a frame group a link to the other end is drawn to (and cut off at
        the frame): the one chosen in `ends`, else the one nearest (by column) to the other
        end, the middle one among equals."""
        if (group, other) in self.ends:
            return self.ends[group, other]
        ms = self.frames[group]
        if other in self.frames:
            target = sum(self.rank[m] for m in self.frames[other]) / len(self.frames[other])
        else:
            target = self.rank.get(other, 0)
        middle = ms[len(ms) // 2]
        return min(ms, key=lambda m: (abs(self.rank[m] - target), m != middle, ms.index(m)))

    def dot_end(self, n: str, other: str) -> str:
        """The DOT node a link from or to `n` is written with (a frame's representative)."""
        return self.representative(n, other) if n in self.frames else n

    def inside_frame(self, u: str, v: str) -> bool:
        """A link between a group drawn as a frame and one of its own members: the frame
        itself shows it (an arrow from inside a frame to its own border would say nothing
        more)."""
        return u in self.frames.get(v, ()) or v in self.frames.get(u, ())

    def span(self, n: str) -> tuple[int, int]:
        """The first and last rank a node (or a frame's members) occupies."""
        if n in self.frames:
            ranks = [self.rank[m] for m in self.frames[n]]
            return min(ranks), max(ranks)
        return self.rank.get(n, 0), self.rank.get(n, 0)


def _frames(graph: nx.DiGraph, region: dict[str, str], allowed: bool) -> dict[str, list[str]]:
    """The groups drawn as frames: all members in the columns, in no other frame."""
    taken: set[str] = set()
    frames: dict[str, list[str]] = {}
    if not allowed:
        return frames
    for group, members in _membership(graph).items():
        ms = [m for m in members if not graph.nodes[m].get("is_group")]
        if ms and not taken & set(ms) and all(region[m] == CORE for m in ms):
            frames[group] = ms
            taken.update(ms)
    return frames


def _band_ranks(graph: nx.DiGraph, plan: Plan) -> None:
    """Put each band node in the column nearest the mean column of its neighbours."""
    left_blocked = _first_column_has_inner_links(graph, plan)
    for band in BANDS:
        ns = sorted(plan.bands[band.key],
                    key=lambda n: _CONTEXT_ORDER.get(graph.nodes[n].get("kind"), 0))
        plan.bands[band.key] = ns
        wanted = {}
        for n in ns:
            near = [plan.rank[m] for m in nx.all_neighbors(graph, n) if m in plan.rank]
            near += [plan.rank[x] for m in nx.all_neighbors(graph, n) if m in plan.frames
                     for x in plan.frames[m]]
            wanted[n] = (sum(near) / len(near) if near
                         else _across(graph, plan, n, band, left_blocked))
        plan.rank.update(spread(ns, wanted, plan.n_ranks))


def _first_column_has_inner_links(graph: nx.DiGraph, plan: Plan) -> bool:
    """Whether a link joins two elements of the first column (dot draws it as an arc on the
    column's left)."""
    return any(plan.rank.get(u) == plan.rank.get(v) == 0 and plan.region[u] == CORE
               == plan.region[v] for u, v in graph.edges if u != v)


def _across(graph: nx.DiGraph, plan: Plan, n: str, band: Band,
            left_blocked: bool) -> float | None:
    """An outer column for a band node linked only to bands on the other side of the
    columns: its routes then pass the columns in the free corridor beside them instead of
    crossing the lines between two columns on their way (the revised theory's rationale,
    linked to three mechanisms: with --all, 162 crossings before, 127 after). The side
    nearer the columns its neighbours link to, but not the left when links within the first
    column are drawn there (as arcs on its left)."""
    sides = {_BAND_SIDE.get(plan.region[m]) for m in nx.all_neighbors(graph, n) if m != n}
    if sides != {"bottom" if band.side == "top" else "top"}:
        return None
    beyond = [plan.rank[x] for m in nx.all_neighbors(graph, n)
              for x in nx.all_neighbors(graph, m) if plan.region.get(x) == CORE and x in plan.rank]
    if beyond and sum(beyond) / len(beyond) < (plan.n_ranks - 1) / 2 and not left_blocked:
        return 0
    return plan.n_ranks - 1


def make_plan(graph: nx.DiGraph, columns, frames_allowed: bool = True) -> Plan:
    """Regions, columns, ranks and frames of every node of `graph`."""
    order = column_order(graph, columns)
    region = {n: CORE if _key_of(graph, n) in order
              else BAND_OF_KIND.get(graph.nodes[n].get("kind"), CORE) for n in graph.nodes}
    frames = _frames(graph, region, frames_allowed)
    boxes = [n for n in graph.nodes if n not in frames]
    col = {n: (_key_of(graph, n) if _key_of(graph, n) in order else "group") for n in boxes
           if region[n] == CORE}
    used = [k for k in [*order, "group"] if k in set(col.values())]
    rank = {n: used.index(col[n]) for n in col}
    bands = {b.key: [n for n in boxes if region[n] == b.key] for b in BANDS}
    n_ranks = max(len(used), min(MAX_BAND_RANKS, max([len(v) for v in bands.values()] + [0])),
                  1)
    plan = Plan(order, used, n_ranks, region, rank, col, frames, bands)
    _band_ranks(graph, plan)
    for g, ms in frames.items():
        rank[g] = min(rank[m] for m in ms)
    return plan

"""The drawn picture of a theory: boxes, links, frames and headers in points (origin top
left, y down), as `programtheory.layout.layout_graph` computes them and every renderer reads
them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import networkx as nx

__all__ = ["EdgePath", "Frame", "Header", "Layout", "NodeBox"]


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

    def moved(self, dx: float, dy: float) -> NodeBox:
        return replace(self, x=round(self.x + dx, 2), y=round(self.y + dy, 2),
                       width=round(self.width, 2), height=round(self.height, 2))


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

    def moved(self, dx: float) -> Frame:
        return replace(self, x0=self.x0 + dx, x1=self.x1 + dx)


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

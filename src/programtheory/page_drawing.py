"""A printed figure page as Graphviz draws it, read back from its JSON output: the boxes, the
arrows with the boxes each may touch, and the extent of the drawing on the page.

`figure_print.page_dots` gives the DOT text of each page; `page_drawing` reads what it draws,
so that a test or a benchmark can count the arrows that pass through a box that is not one of
their ends (`through_boxes`, with `drawing_quality`'s measure) and how much of the page the
drawing fills (`fill`).

Counted as boxes: every visible box, the column headings of an overview page and the marks
where a cut link leaves a detail page. An arrow may touch its own two ends; a cut arrow also
touches the marks that stand for it, and an arrow to a group its frame's members.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .drawing_quality import Drawing, Rect, graphviz_box, graphviz_line, through_boxes
from .graphviz import run_graphviz

HIDDEN_SHAPES = ("plaintext", "plain", "none", "point")
HEADING_PREFIX = "__pt_head_"  # an overview's column heading: text the arrows go around
MARK_PREFIX = "__pt_mark_"  # where a cut link leaves a detail page
LINKS_ATTRIBUTE = "pt_links"  # the ids of the links a mark stands for (DOT attribute)
TITLE_NODE = "__pt_title"
LEGEND_PREFIX = "__pt_legend"  # the legend's entries
HELPER_PREFIX = "__pt_fig"  # invisible points that hold the drawing in place
BODY_PREFIXES = (TITLE_NODE, LEGEND_PREFIX, HELPER_PREFIX)  # the page's chrome and helpers
LEGEND_CLUSTER = "cluster_legend"


@dataclass(frozen=True)
class PageDrawing:
    """What one page draws (points, y down from the page's top)."""

    width: float
    height: float
    drawing: Drawing  # boxes and arrows, each arrow with the boxes it may touch
    extent: Rect  # the bounding box of the boxes, frames, marks, arrows and headers
    usable: Rect  # the page between its title and its legend: the room for the drawing

    def through_boxes(self) -> list[tuple[int, str]]:
        """(arrow index, box) for every arrow drawn through a box not one of its ends."""
        return through_boxes(self.drawing)

    def fill(self, usable: Rect | None = None) -> tuple[float, float]:
        """The shares of the `usable` area's width and height (default: the page between
        its title and its legend) that the drawing spans."""
        usable = usable or self.usable
        x0, y0, x1, y1 = self.extent
        return ((min(x1, usable[2]) - max(x0, usable[0])) / (usable[2] - usable[0]),
                (min(y1, usable[3]) - max(y0, usable[1])) / (usable[3] - usable[1]))


def page_drawing(engine: str, dot: str) -> PageDrawing:
    """The page of `dot` (pinned, for ``neato -n2``) as Graphviz lays it out."""
    gv = json.loads(run_graphviz(dot, "json", engine=engine, args=("-n2",)))
    _, _, width, height = (float(v) for v in gv["bb"].split(","))
    objects = gv.get("objects", [])
    names = {i: o.get("name", "") for i, o in enumerate(objects)}
    boxes: dict[str, Rect] = {}
    serves: dict[str, set[str]] = {}  # link id → the marks that stand for it
    members: dict[str, set[str]] = {}  # group → the boxes its frame holds
    extent: list[Rect] = []
    legend, title = None, []
    for o in objects:
        if o.get("name") == TITLE_NODE:
            title = _text_rects(o, height)
        if o.get("name") == LEGEND_CLUSTER:
            legend = _cluster_rect(o, height)
        elif "bb" in o and o.get("name", "").startswith("cluster_"):
            extent.append(_cluster_rect(o, height))
            members[o["name"].split("_", 2)[-1]] = {names[i] for i in o.get("nodes", [])}
        rect = _node_rect(o, height)
        if rect is None:
            if "pos" in o and not o.get("name", "").startswith(BODY_PREFIXES):
                extent += _text_rects(o, height)  # column headers and other drawn text
            continue
        name = o["name"]
        if not name.startswith(BODY_PREFIXES):
            extent.append(rect)
        for link in o.get(LINKS_ATTRIBUTE, "").split():
            serves.setdefault(link, set()).add(name)
        boxes[name] = rect
    edges = []
    for e in gv.get("edges", []):
        line = graphviz_line(e, height)
        if not line:
            continue
        ends = {names[e["tail"]], names[e["head"]]} | serves.get(e.get("tooltip", ""), set())
        for end in list(ends):
            ends |= members.get(end, set())
        edges.append((frozenset(ends), line))
        reach = (min(p[0] for p in line), min(p[1] for p in line),
                 max(p[0] for p in line), max(p[1] for p in line))
        if legend is None or not _within(reach, legend):  # (the legend's sample arrows)
            extent.append(reach)
    whole = (min(r[0] for r in extent), min(r[1] for r in extent),
             max(r[2] for r in extent), max(r[3] for r in extent)) if extent else (0, 0, 0, 0)
    usable = (0.0, max((r[3] for r in title), default=0.0), width,
              legend[1] if legend is not None else height)
    return PageDrawing(width, height, Drawing(boxes, edges), whole, usable)


def _within(inner: Rect, outer: Rect) -> bool:
    return (outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2]
            and inner[3] <= outer[3])


def _node_rect(o: dict, height: float) -> Rect | None:
    """The box of a drawn node (None for text, points and what is not drawn)."""
    if "pos" not in o or "width" not in o or "invis" in o.get("style", ""):
        return None
    if o.get("shape") in HIDDEN_SHAPES and not o["name"].startswith(HEADING_PREFIX):
        return None
    return graphviz_box(o, height)


def _text_rects(o: dict, height: float) -> list[Rect]:
    """Where a node's label text is drawn (from Graphviz's drawing operations)."""
    rects, size = [], 14.0
    for op in o.get("_ldraw_", []):
        if op.get("op") == "F":
            size = float(op.get("size", size))
        elif op.get("op") == "T" and op.get("text", "").strip():
            x, y = op["pt"]
            width = float(op.get("width", 0))
            left = x - {"l": 0.0, "r": width}.get(op.get("align"), width / 2)
            rects.append((left, height - y - size, left + width, height - y + size * 0.3))
    return rects


def _cluster_rect(o: dict, height: float) -> Rect:
    x0, y0, x1, y1 = (float(v) for v in o["bb"].split(","))
    return (x0, height - y1, x1, height - y0)

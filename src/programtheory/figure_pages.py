"""Printed pages for a theory figure: the scale at which a drawing fits a page, and the split of
a theory too large to print legibly on one page into detail pages.

The figure is drawn at its natural size (box text 10 pt, nothing smaller) and scaled to the
page. A page may scale it down only to `MIN_SCALE`, so no text is printed below `MIN_TEXT_PT`.
When the whole theory would need more, it is cut into windows: runs of neighbouring columns,
and, where a run is taller than the page, horizontal slices between boxes. Each window keeps the
layout's own positions (shifted to the page), colours, frames and headers; a window holds only
the columns with boxes on it. A link that leaves the window is cut at its edge and marked,
beside the window and where no other link crosses the mark, with the page its other end is on.
An overview page (`programtheory.figure_print`) comes first.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from .drawing_quality import bezier_points, segment_hits_rect
from .layout import HEADER_FONT_SIZE, MARGIN, EdgePath, Frame, Header, Layout, NodeBox
from .routing import as_bezier

MIN_TEXT_PT = 7.0  # the smallest text size allowed on paper
SMALLEST_FONT = 10.0  # the smallest font size used in a figure drawing (boxes, frames, legend)
MIN_SCALE = MIN_TEXT_PT / SMALLEST_FONT
MAX_ENLARGE = {"a4": 1.5, "a3": 1.5, "a4-document": 1.5, "slide": 2.5}  # how far a small drawing is blown up
_PAD = 10.0  # room kept around a window's boxes, points
MARK_ROOM = (64.0, 20.0)  # room beside and above/below a detail page's window for the marks


@dataclass(frozen=True)
class Window:
    """A part of the layout printed on one detail page (layout coordinates, y down)."""

    ranks: tuple[int, ...]
    x0: float
    y0: float
    x1: float
    y1: float
    repeat_headers: bool = False  # the slice is below the column headers: draw them on top
    members: frozenset[str] = frozenset()  # the boxes drawn on the page


@dataclass(frozen=True)
class OffPageMark:
    """Where a cut link leaves a detail page, and the page its other end is on."""

    x: float
    y: float
    page: int
    outgoing: bool
    links: frozenset[str] = frozenset()  # the ids of the cut links it stands for


def fit_scale(body_w: float, body_h: float, page: tuple[float, float],
              chrome: Callable[[float], float], max_scale: float) -> float:
    """The largest scale (≤ `max_scale`) at which a body of `body_w` × `body_h` points, plus
    the title and legend (`chrome(drawing width)` points high), fits the `page` (points)."""
    page_w, page_h = page
    body_w, body_h = max(body_w, 1.0), max(body_h, 1.0)
    scale = min(page_w / body_w, page_h / (body_h + chrome(body_w)), max_scale)
    for _ in range(8):
        wanted = min(page_w / body_w, page_h / (body_h + chrome(page_w / scale)), max_scale)
        if abs(wanted - scale) < 1e-4:
            break
        scale = wanted
    while body_h + chrome(page_w / scale) > page_h / scale + 0.01 and scale > 1e-3:
        scale *= 0.98  # the legend wraps into more rows on a narrower drawing
    return scale


def header_block(layout: Layout) -> float:
    """The height of the column header row (as `layout._compose` leaves room for it)."""
    lines = max([len(h.lines) for h in layout.headers] + [0])
    return lines * (HEADER_FONT_SIZE + 2.5) + 6 if lines else 0.0


def _boxes_by_rank(layout: Layout) -> dict[int, list[NodeBox]]:
    ranks: dict[int, list[NodeBox]] = {}
    for box in layout.nodes.values():
        ranks.setdefault(box.rank, []).append(box)
    return ranks


def _group_frames(layout: Layout) -> dict[int, list[Frame]]:
    """Group frames by the rank of their label box."""
    out: dict[int, list[Frame]] = {}
    for frame in layout.frames:
        box = layout.nodes.get(frame.id)
        if frame.kind == "group" and box is not None:
            out.setdefault(box.rank, []).append(frame)
    return out


def _window_x(layout: Layout, ranks: tuple[int, ...]) -> tuple[float, float]:
    boxes = _boxes_by_rank(layout)
    frames = _group_frames(layout)
    lefts, rights = [], []
    for r in ranks:
        lefts += [b.left for b in boxes.get(r, [])] + [f.x0 for f in frames.get(r, [])]
        rights += [b.right for b in boxes.get(r, [])] + [f.x1 for f in frames.get(r, [])]
        lefts += [h.x - 60 for h in layout.headers if layout.columns.index(h.column) == r]
        rights += [h.x + 60 for h in layout.headers if layout.columns.index(h.column) == r]
    return min(lefts) - _PAD, max(rights) + _PAD


def _window_y(layout: Layout, ranks: tuple[int, ...]) -> tuple[float, float, list]:
    """The vertical extent of a run of columns and its boxes as (top, bottom, id) triples."""
    boxes = _boxes_by_rank(layout)
    spans = [(b.top, b.bottom, b.id) for r in ranks for b in boxes.get(r, [])]
    block = header_block(layout)
    tops = [t for t, _, _ in spans]
    bottoms = [b for _, b, _ in spans]
    for h in layout.headers:
        if layout.columns.index(h.column) in ranks:
            tops.append(h.y - block / 2)
            bottoms.append(h.y + block / 2)
    return min(tops) - _PAD, max(bottoms) + _PAD, spans


def _slices(spans, top: float, bottom: float, room: float,
            room_below_headers: float) -> list[tuple[float, float, frozenset[str]]]:
    """`_greedy_slices` with pieces of even height: as few pieces as filling each page
    allows, but no short last piece that would sit small on its page."""
    pieces = _greedy_slices(spans, top, bottom, room, room_below_headers)
    if len(pieces) < 2:
        return pieces
    even = (bottom - top) / len(pieces)
    for step in range(20):
        limit = even * (1 + 0.05 * step)
        if limit >= room:
            break
        balanced = _greedy_slices(spans, top, bottom, limit,
                                  limit - (room - room_below_headers))
        if len(balanced) == len(pieces):
            return balanced
    return pieces


def _greedy_slices(spans, top: float, bottom: float, room: float,
                   room_below_headers: float) -> list[tuple[float, float, frozenset[str]]]:
    """The boxes in pieces of at most `room` high (the first, from `top`) or
    `room_below_headers` (the others, which repeat the column headers). A box is never cut:
    it goes whole to the piece its top falls in, or to the next one."""
    out: list[tuple[float, float, frozenset[str]]] = []
    start, limit, low, members = top, room, top, []
    for t, b, n in sorted(spans):
        if members and b + _PAD - start > limit:
            out.append((start, low, frozenset(members)))
            start, limit, members = t - _PAD, room_below_headers, []
        members.append(n)
        low = max(low, b + _PAD) if len(members) > 1 else b + _PAD
    if not members:
        return [(top, bottom, frozenset())]
    out.append((start, max(low, bottom) if not out else low, frozenset(members)))
    return out


def _chunks(n: int, k: int) -> list[tuple[int, ...]]:
    """0..n-1 in ceil(n/k) runs of near-equal length."""
    m = math.ceil(n / k)
    base, extra = divmod(n, m)
    out, start = [], 0
    for i in range(m):
        size = base + (1 if i < extra else 0)
        out.append(tuple(range(start, start + size)))
        start += size
    return out


def plan_windows(layout: Layout, room: tuple[float, float], header_room: float,
                 page_scale: Callable[[float, float], float]) -> list[Window]:
    """Detail windows covering every box: runs of columns that fit `room` (drawing points at
    `MIN_SCALE`) in width, sliced in height. Of the ways to group the columns, the one with the
    fewest pages wins, then the one whose smallest page scale (`page_scale(w, h)`) is largest.
    """
    ranks = sorted(_boxes_by_rank(layout))
    n = len(ranks)
    best: tuple | None = None
    for k in range(1, n + 1):
        windows: list[Window] = []
        for chunk in _chunks(n, k):
            run = tuple(ranks[i] for i in chunk)
            x0, x1 = _window_x(layout, run)
            if x1 - x0 > room[0] and len(run) > 1:
                break
            top, bottom, spans = _window_y(layout, run)
            for i, (a, b, ms) in enumerate(_slices(spans, top, bottom, room[1],
                                                   room[1] - header_room)):
                windows.append(_tightened(layout, Window(run, x0, a, x1, b,
                                                         i > 0 and header_room > 0, ms)))
        else:
            smallest = min(page_scale(w.x1 - w.x0, w.y1 - w.y0
                                      + (header_room if w.repeat_headers else 0))
                           for w in windows)
            key = (len(windows), -smallest)
            if best is None or key < best[0]:
                best = (key, windows)
    return best[1] if best is not None else []


def _tightened(layout: Layout, window: Window) -> Window:
    """The window shrunk to the columns that have boxes on it, and, when its boxes start
    well below the column headers, to its boxes (the headers then drawn above them): a page
    is not spent on empty columns or on the room of the boxes printed on another page."""
    boxes = [layout.nodes[n] for n in window.members if n in layout.nodes]
    if not boxes:
        return window
    ranks = tuple(r for r in window.ranks if any(b.rank == r for b in boxes))
    x0, x1 = (window.x0, window.x1) if ranks == window.ranks else _window_x(layout, ranks)
    y0, repeat = window.y0, window.repeat_headers
    first = min(b.top for b in boxes) - _PAD
    if not repeat and first - window.y0 > 2 * header_block(layout) + 4 * _PAD:
        y0, repeat = first, header_block(layout) > 0
    return replace(window, ranks=ranks, x0=x0, x1=x1, y0=y0, repeat_headers=repeat)


# ------------------------------------------------------------------------------ cropping

def page_of_nodes(layout: Layout, windows: list[Window], first_page: int) -> dict[str, int]:
    """The page number each drawn node is on."""
    out: dict[str, int] = {}
    for i, window in enumerate(windows):
        for n in window.members:
            out.setdefault(n, first_page + i)
    return out


def _clip_edge(edge: EdgePath, window: Window, keep_tail: bool) -> EdgePath | None:
    """The part of a link inside `window`, from the end that is on the page to where the line
    first leaves it."""
    line = bezier_points(edge.points)
    if not keep_tail:
        line = line[::-1]

    def inside(p):
        return window.x0 <= p[0] <= window.x1 and window.y0 <= p[1] <= window.y1

    kept = []
    for p in line:
        if not inside(p):
            if kept:  # the line ends where it crosses the window's edge, where its mark goes
                kept.append(_edge_crossing(kept[-1], p, window))
            break
        kept.append(p)
    if len(kept) < 2:
        return None
    if not keep_tail:
        kept = kept[::-1]
    tail = edge.tail if keep_tail else ""
    head = edge.head if not keep_tail else ""
    return EdgePath(edge.source, edge.target, edge.id, tail, head, as_bezier(kept),
                    None if keep_tail else edge.tip, edge.routed, False)


def crop_layout(layout: Layout, window: Window, pages: dict[str, int],
                page: int) -> tuple[Layout, list[OffPageMark]]:
    """The part of `layout` inside `window`, moved so the window starts at the margin; links
    that leave it are cut at its edge (their cut end has an empty DOT name) and marked."""
    block = header_block(layout) if window.repeat_headers else 0.0
    dx, dy = MARGIN + MARK_ROOM[0] - window.x0, MARGIN + MARK_ROOM[1] + block - window.y0
    nodes = {n: _shift_box(b, dx, dy) for n, b in layout.nodes.items() if pages.get(n) == page}
    edges, marks = [], []
    for e in layout.edges:
        if e.by_frame or not e.points:
            continue
        tail_here, head_here = pages.get(e.tail) == page, pages.get(e.head) == page
        if tail_here and head_here:
            edges.append(_shift_edge(_clamped(e, window), dx, dy))
        elif tail_here or head_here:
            cut = _clip_edge(e, window, keep_tail=tail_here)
            other = pages.get(e.head if tail_here else e.tail)
            if cut is None or other is None:
                continue
            edges.append(_shift_edge(cut, dx, dy))
            x, y = _mark_place(cut.points[-1] if tail_here else cut.points[0], window)
            marks.append(OffPageMark(x + dx, y + dy, other, tail_here, frozenset({e.id})))
    frames = [_clip_frame(f, window, dx, dy) for f in layout.frames
              if any(m in nodes for m in f.members) or f.id in nodes]
    headers = [Header(h.column, h.label, h.x + dx, (MARGIN + MARK_ROOM[1] + block / 2)
                      if window.repeat_headers else h.y + dy, h.lines)
               for h in layout.headers if layout.columns.index(h.column) in window.ranks]
    extra_w, extra_h = page_extra()
    width = round(window.x1 - window.x0 + extra_w, 2)
    height = round(window.y1 - window.y0 + block + extra_h, 2)
    cropped = Layout(graph=layout.graph, nodes=nodes, edges=edges, frames=frames,
                     headers=headers, width=width, height=height, columns=layout.columns,
                     lang=layout.lang)
    inner = (window.x0 + dx, window.y0 + dy, window.x1 + dx, window.y1 + dy)
    return cropped, _apart(marks, width, height, edges, inner)


def page_extra() -> tuple[float, float]:
    """What a detail page adds around its window: margins and the room for the marks."""
    return 2 * (MARGIN + MARK_ROOM[0]), 2 * (MARGIN + MARK_ROOM[1])


def _edge_crossing(a: tuple[float, float], b: tuple[float, float],
                   window: Window) -> tuple[float, float]:
    """Where the segment from `a` (inside the window) to `b` (outside) leaves the window."""
    t = 1.0
    for start, step, low, high in ((a[0], b[0] - a[0], window.x0, window.x1),
                                   (a[1], b[1] - a[1], window.y0, window.y1)):
        if step > 0:
            t = min(t, (high - start) / step)
        elif step < 0:
            t = min(t, (low - start) / step)
    t = max(0.0, t)
    return a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])


def _mark_place(end: tuple[float, float], window: Window) -> tuple[float, float]:
    """A cut link's mark: beside the window, in the room kept for the marks (off the boxes),
    across the side of the window nearest to where the link leaves it."""
    x, y = end
    sides = [(x - window.x0, (window.x0 - MARK_ROOM[0] / 2, y)),
             (window.x1 - x, (window.x1 + MARK_ROOM[0] / 2, y)),
             (y - window.y0, (x, window.y0 - MARK_ROOM[1] / 2)),
             (window.y1 - y, (x, window.y1 + MARK_ROOM[1] / 2))]
    return min(sides, key=lambda side: side[0])[1]


def _apart(marks: list[OffPageMark], width: float, height: float,
           edges: list[EdgePath], inner: tuple) -> list[OffPageMark]:
    """The marks, one per page and neighbourhood (nearby links to the same page share one),
    each moved along the page's edge to the nearest place where it covers no other mark, no
    link it does not stand for crosses it, and it stays on the page (or left where it is when
    there is none). `inner` is the window on the page: marks above and below it move
    sideways, the others up and down."""
    out: list[OffPageMark] = []
    lines = [(e.id, line, _bounds(line)) for e in edges if (line := bezier_points(e.points))]
    # in a full order: marks at one place (links to other pages) once came in the order of a
    # set, which follows the string hash, and a rebuild could print another page number there
    for m in sorted(set(marks), key=lambda m: (m.x, m.y, m.page, m.outgoing, sorted(m.links))):
        near = next((i for i, o in enumerate(out) if o.page == m.page
                     and o.outgoing == m.outgoing and abs(o.x - m.x) < 40
                     and abs(o.y - m.y) < 30), None)
        if near is not None:
            out[near] = replace(out[near], links=out[near].links | m.links)
            continue
        sideways = m.y < inner[1] or m.y > inner[3]
        place = _free_place(m, sideways, out, width, height, lines)
        out.append(OffPageMark(place[0], place[1], m.page, m.outgoing, m.links))
    return out


_MARK_HALF = (MARK_ROOM[0] / 2, 7.0)  # half the width and height of a mark


def _free_place(m: OffPageMark, sideways: bool, placed: list[OffPageMark], width: float,
                height: float, lines) -> tuple[float, float]:
    """The nearest place along the page's edge (`sideways`: along the top or bottom) for mark
    `m` (see `_apart`); a place crossed by other links is taken only if there is no clear
    one."""
    half_w, half_h = _MARK_HALF
    fallback = None
    for step in range(60):
        offset = (step + 1) // 2 * (-1 if step % 2 else 1)
        x = m.x + offset * MARK_ROOM[0] if sideways else m.x
        y = m.y if sideways else m.y + offset * 2 * half_h
        inside = half_w <= x <= width - half_w and half_h <= y <= height - half_h
        if not inside or any(abs(o.x - x) < MARK_ROOM[0] and abs(o.y - y) < 2 * half_h
                             for o in placed):
            continue
        if not _crossed((x, y), m.links, lines):
            return x, y
        fallback = fallback or (x, y)
    return fallback or (m.x, m.y)


def _crossed(centre: tuple[float, float], own: frozenset[str], lines) -> bool:
    """Whether a link other than `own` crosses a mark placed at `centre`."""
    half_w, half_h = _MARK_HALF
    rect = (centre[0] - half_w, centre[1] - half_h, centre[0] + half_w, centre[1] + half_h)
    # only the links whose bounds reach the mark are looked at segment by segment (a
    # 1,000-element PDF spent 18 s here checking every link against every place tried)
    return any(link not in own and bounds[0] <= rect[2] and rect[0] <= bounds[2]
               and bounds[1] <= rect[3] and rect[1] <= bounds[3]
               and any(segment_hits_rect(p, q, rect, 0.0)
                       for p, q in zip(line, line[1:], strict=False))
               for link, line, bounds in lines)


def _bounds(line: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [x for x, _ in line], [y for _, y in line]
    return min(xs), min(ys), max(xs), max(ys)


def _clamped(e: EdgePath, window: Window) -> EdgePath:
    """The link with its control points kept inside the window (a route around the outside
    of the page's boxes would otherwise make the page larger, and its text smaller)."""
    def keep(p):
        return (min(max(p[0], window.x0), window.x1), min(max(p[1], window.y0), window.y1))

    return EdgePath(e.source, e.target, e.id, e.tail, e.head,
                    tuple(keep(p) for p in e.points), keep(e.tip) if e.tip else None,
                    e.routed, e.by_frame)


def _shift_box(b: NodeBox, dx: float, dy: float) -> NodeBox:
    return NodeBox(b.id, b.x + dx, b.y + dy, b.width, b.height, b.region, b.column, b.rank,
                   b.lines, b.shape, b.cluster)


def _shift_edge(e: EdgePath, dx: float, dy: float) -> EdgePath:
    return EdgePath(e.source, e.target, e.id, e.tail, e.head,
                    tuple((x + dx, y + dy) for x, y in e.points),
                    (e.tip[0] + dx, e.tip[1] + dy) if e.tip else None, e.routed, e.by_frame)


def _clip_frame(f: Frame, window: Window, dx: float, dy: float) -> Frame:
    return Frame(f.id, f.kind, f.label, max(f.x0, window.x0) + dx, max(f.y0, window.y0) + dy,
                 min(f.x1, window.x1) + dx, min(f.y1, window.y1) + dy, f.members)

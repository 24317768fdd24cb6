"""A theory figure as printed pages: one page when the whole theory is legible on it, else an
overview page followed by detail pages (`programtheory.figure_pages`), written as one PDF.

The overview draws each column as a frame holding its groups (and its other elements) as
boxes with their counts, the bands as boxes above and below, and one arrow per pair of boxes
with the number of links between them. Every box names the detail pages its elements are on.
Graphviz routes the arrows around the boxes and the column headings; the gaps between the rows
(or columns) are widened to give the overview the page's shape, so that it fills the page.
`programtheory.page_drawing` reads a page back to check both.
"""

from __future__ import annotations

import io
from collections import Counter

from .figure_pages import (MAX_ENLARGE, MIN_SCALE, crop_layout, fit_scale, header_block,
                           page_extra, page_of_nodes, plan_windows)
from .messages import messages_under
from .page_drawing import HEADING_PREFIX, TITLE_NODE
from .layout_plan import column_label
from .layout import (FONT, Layout, RawLabel, dot_attrs,
                     dot_label, dot_quote, wrap_text)

__all__ = ["page_dots", "pdf_pages", "merge_pdfs"]



def page_dots(layout: Layout, *, preset: str = "a4", legend: bool = True,
              title: str | None = None, note: str = "") -> list[tuple[str, str]]:
    """(Graphviz engine, DOT text) of each printed page. The whole figure when it fits the page
    at `MIN_SCALE` or more; otherwise an overview and the detail pages."""
    from .render import _Chrome, _page_points, figure_dot, legend_boxes, figure_scale, \
        figure_title

    page = _page_points(preset)
    if not layout.nodes or figure_scale(layout, preset, legend=legend, title=title,
                                        note=note) >= MIN_SCALE - 1e-6:
        return [("neato", figure_dot(layout, preset=preset, legend=legend, title=title,
                                     note=note))]
    words = messages_under("figure.print", layout.lang)
    boxes = legend_boxes(layout)
    base = figure_title(layout, title, note)
    chrome = _Chrome(layout, base + " — " + words["detail"].format(page=99, pages=99), legend,
                     boxes)
    planned = MIN_SCALE * 1.03  # a little room for what Graphviz adds around a drawing
    room_w = page[0] / planned
    extra_w, extra_h = page_extra()
    room = (room_w - extra_w, page[1] / planned - chrome.height(room_w) - extra_h)
    windows = plan_windows(layout, room, header_block(layout),
                           lambda w, h: fit_scale(w + extra_w, h + extra_h, page, chrome.height,
                                                  MAX_ENLARGE[preset]))
    pages = page_of_nodes(layout, windows, first_page=2)
    total = len(windows) + 1
    # a cropped page keeps the whole layout's graph: its legend, of all the boxes, is the same
    legend_entries = chrome.legend_entries() if legend else None
    dots = [("neato", overview_dot(layout, pages, page, f"{base} — {words['overview']}"))]
    for i, window in enumerate(windows):
        cropped, marks = crop_layout(layout, window, pages, i + 2)
        label = words["detail"].format(page=i + 2, pages=total)
        scale = fit_scale(cropped.width, cropped.height, page, chrome.height,
                          MAX_ENLARGE[preset])
        dots.append(("neato", figure_dot(cropped, preset=preset, legend=legend,
                                         title=f"{base} — {label}", scale=scale, boxes=boxes,
                                         marks=marks, legend_entries=legend_entries)))
    return dots


def pdf_pages(dots: list[tuple[str, str]]) -> bytes:
    """The pages (from `page_dots`) as one PDF."""
    from .layout import run_graphviz

    parts = [run_graphviz(dot, "pdf:cairo", engine=engine,
                          args=("-n2",) if engine == "neato" else ()) for engine, dot in dots]
    return parts[0] if len(parts) == 1 else merge_pdfs(parts)


def png_pages(dots: list[tuple[str, str]], dpi: int = 200) -> list[bytes]:
    """The pages (from `page_dots`) as PNG images at `dpi`."""
    from .layout import run_graphviz

    return [run_graphviz(dot, "png", engine=engine,
                         args=(("-n2",) if engine == "neato" else ()) + (f"-Gdpi={dpi}",))
            for engine, dot in dots]


def merge_pdfs(parts: list[bytes]) -> bytes:
    """One PDF with the pages of `parts`, in order."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        for p in PdfReader(io.BytesIO(part)).pages:
            writer.add_page(p)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ------------------------------------------------------------------------------ the overview

def _units(layout: Layout) -> dict[str, str]:
    """The overview box each drawn node belongs to: its group, else its column, else its band."""
    unit: dict[str, str] = {}
    for frame in layout.frames:
        for m in frame.members:
            if m in layout.nodes and (frame.kind == "group" or m not in unit):
                unit[m] = f"{frame.kind}:{frame.id}"
    for n, box in layout.nodes.items():
        if box.cluster:
            unit[n] = f"group:{n}"
        elif n not in unit or box.region == "core" and unit[n].startswith("band:"):
            unit.setdefault(n, f"column:{box.rank}")
    return unit


def _page_span(numbers) -> str:
    numbers = sorted(set(numbers))
    if not numbers:
        return ""
    runs, start, prev = [], numbers[0], numbers[0]
    for n in numbers[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(runs)


def _box_lines(name: str, count: int, page_numbers, words: dict) -> list[str]:
    lines = wrap_text(name, 20, 3)
    lines.append(words["element"] if count == 1 else words["elements"].format(n=count))
    lines.append(words["pages"].format(pages=_page_span(page_numbers)))
    return lines


_COL_W, _COL_GAP, _LINE, _UNIT_GAP, _BAND_GAP = 140.0, 26.0, 13.0, 12.0, 30.0
MAX_SPREAD = 11.0  # a gap of the overview is widened to at most this many times its own size


def overview_dot(layout: Layout, pages: dict[str, int], page: tuple[float, float],
                 title: str) -> str:
    """The overview page: columns (frames), their groups and other elements, and the bands as
    boxes, each with its count and detail pages; one arrow per pair of boxes, with the number
    of links. Placed like the figure (columns left to right, bands above and below), spread
    to the page's shape (`_spread`) and pinned, for ``neato -n2``; Graphviz routes the arrows
    around the boxes and the column headings."""
    from .render import _Writer

    words = messages_under("figure.print", layout.lang)
    unit = _units(layout)
    members: dict[str, list[str]] = {}
    for n, u in unit.items():
        if not layout.nodes[n].cluster:
            members.setdefault(u, []).append(n)
    placed, width, heading = _spread(layout, members, pages, words, title, page)
    head_h = 18.0 * len(heading) + 10
    height = placed["bottom"] + head_h + 10
    full_w = max(width, height * page[0] / page[1])
    full_h = full_w * page[1] / page[0]
    dx, dy = (full_w - width) / 2, (full_h - height) / 2 + head_h
    w = _Writer(full_h)
    w.helper(0, 0)
    w.helper(full_w, full_h)
    w.node(TITLE_NODE, full_w / 2, (full_h - height) / 2 + head_h / 2, None, None,
           {"shape": "plaintext", "fontsize": "12", "fontname": f"{FONT} Bold",
            "label": RawLabel(dot_label(heading)), "width": "0.01", "height": "0.01"})
    for u, (x, y, bw, bh, lines) in placed["boxes"].items():
        w.node(u, x + dx, y + dy, bw, bh,
               {"shape": "box", "style": "rounded,filled", "fixedsize": "true",
                "fillcolor": "#f7f7f7" if u.startswith("band:") else "#ffffff",
                "label": RawLabel(dot_label(lines)), "fontsize": "10", "fontname": FONT})
    for r, (x0, y0, x1, y1, lines, inside) in placed["columns"].items():
        # the column's heading is a node of its own, so that the arrows are routed around it
        column_h = placed["header_h"]
        w.node(f"{HEADING_PREFIX}{r}", (x0 + x1) / 2 + dx, y0 + dy + 4 + column_h / 2, x1 - x0 - 16,
               column_h, {"shape": "plaintext", "fixedsize": "true", "fontsize": "11",
                        "fontname": f"{FONT} Bold", "label": RawLabel(dot_label(lines))})
        w.clusters.append((f"cluster_column_{r}", {
            "label": "", "style": "rounded", "color": "#777777",
            "bb": f"{x0 + dx:.2f},{w.y(y1 + dy):.2f},{x1 + dx:.2f},{w.y(y0 + dy):.2f}"},
            [*inside, f"{HEADING_PREFIX}{r}"]))
    links = Counter()
    for e in layout.edges:
        a, b = unit.get(e.tail), unit.get(e.head)
        if a and b and a != b and not e.by_frame:
            links[a, b] += 1
    for (a, b), count in sorted(links.items()):
        w.lines.append(f"  {dot_quote(a)} -> {dot_quote(b)} [" + dot_attrs(
            {"label": str(count), "penwidth": f"{min(4.0, 1 + count / 4):.2f}",
             "fontsize": "10", "fontname": FONT}) + "];")
    # boxes sit closer than Graphviz's default separation (+4): with it, it would give up
    # routing and draw straight lines, through the boxes in their way
    gattrs = {"fontname": FONT, "splines": "true", "sep": "+1", "esep": "+0.5",
              "pad": "0", "margin": "0",
              "outputorder": "edgesfirst",
              "bgcolor": "white", "size": f"{page[0] / 72:.3f},{page[1] / 72:.3f}!"}
    from .render import _dot_text

    return _dot_text(w, gattrs)


def _spread(layout: Layout, members, pages, words: dict, title: str,
            page: tuple[float, float]) -> tuple[dict, float, list[str]]:
    """The overview placed to fill the page's shape: a drawing wider than the page gets
    taller gaps between its rows, a taller one wider gaps between its columns (up to
    `MAX_SPREAD` times their size). Returns the placement, its width and its heading lines."""
    def measure(placed):
        width = max([x + w / 2 for x, _, w, _, _ in placed["boxes"].values()] + [400.0]) + 20
        heading = (wrap_text(title, int(width / 11), 3)
                   + wrap_text(words["explain"], int(width / 7), 4))
        return width, placed["bottom"] + 18.0 * len(heading) + 20, heading

    placed = _place_units(layout, members, pages, words)
    width, height, heading = measure(placed)
    aspect = page[0] / page[1]
    if width / height > aspect and placed["gaps_y"]:
        extra = min((width / aspect - height) / placed["gaps_y"], (MAX_SPREAD - 1) * _BAND_GAP)
        placed = _place_units(layout, members, pages, words, gap_y=_BAND_GAP + extra)
    elif width / height < aspect and placed["gaps_x"]:
        extra = min((height * aspect - width) / placed["gaps_x"], (MAX_SPREAD - 1) * _COL_GAP)
        placed = _place_units(layout, members, pages, words, gap_x=_COL_GAP + extra)
    width, _, heading = measure(placed)
    return placed, width, heading


def _place_units(layout: Layout, members: dict[str, list[str]], pages: dict[str, int],
                 words: dict, gap_x: float = _COL_GAP, gap_y: float = _BAND_GAP) -> dict:
    """Positions (figure coordinates) of the overview's boxes and column frames: the top
    bands, the columns `gap_x` apart, the other bands below, the rows `gap_y` apart. Also
    the number of gaps each way ('gaps_x', 'gaps_y'), which `_spread` may widen."""
    frames = {f"{f.kind}:{f.id}": f for f in layout.frames}

    def lines_of(u: str) -> list[str]:
        alone = u.startswith("column:") and not any(
            _core_rank(layout, o) == int(u[7:]) for o in members if o != u)
        name = frames[u].label if u in frames else words["all" if alone else "others"]
        return _box_lines(name, len(members[u]), [pages[n] for n in members[u]], words)

    top_bands = [u for u in members if u.startswith("band:") and _band_on_top(layout, u)]
    low_bands = [u for u in members if _core_rank(layout, u) is None and u not in top_bands]
    boxes: dict[str, tuple] = {}
    y = 0.0
    for u in top_bands:
        lines = lines_of(u)
        h = _LINE * len(lines) + 10
        boxes[u] = (0.0, y + h / 2, 2 * _COL_W, h, lines)
        y += h + gap_y
    columns, bottom, span = _place_columns(layout, members, lines_of, boxes, y, gap_x, words)
    y = bottom
    for u in low_bands:
        lines = lines_of(u)
        h = _LINE * len(lines) + 10
        boxes[u] = (0.0, y + gap_y + h / 2, 2 * _COL_W, h, lines)
        y += gap_y + h
    for u in boxes:
        if _core_rank(layout, u) is None:
            bx, by, bw, bh, lines = boxes[u]
            boxes[u] = (span / 2, by, bw, bh, lines)
    return {"boxes": boxes, "columns": columns, "bottom": y,
            "header_h": _header_lines(layout, members) * (_LINE + 2.5),
            "gaps_x": max(0, len(columns) - 1), "gaps_y": len(top_bands) + len(low_bands)}


def _header_lines(layout: Layout, members) -> int:
    """The lines of the tallest column heading (its label and its count)."""
    lines = 0
    for r, column in enumerate(layout.columns):
        if any(_core_rank(layout, u) == r for u in members):
            label = column_label(column, layout.lang)
            lines = max(lines, len(wrap_text(label, 18, 3)) + 1)
    return lines


def _place_columns(layout: Layout, members, lines_of, boxes: dict, core_top: float,
                   gap_x: float, words: dict) -> tuple[dict, float, float]:
    """The column frames from `core_top` down, `gap_x` apart, each holding its boxes (added
    to `boxes`); returns the frames, their lowest edge and their span."""
    header_h = _header_lines(layout, members) * (_LINE + 2.5)
    columns: dict[int, tuple] = {}
    bottom, x = core_top, _COL_W / 2
    for r, column in enumerate(layout.columns):
        inside = sorted((u for u in members if _core_rank(layout, u) == r),
                        key=lambda u: (u.startswith("column:"), u))
        if not inside:
            continue
        label = column_label(column, layout.lang)
        count = sum(len(members[u]) for u in inside)
        head = wrap_text(label, 18, 3) + [words["element"] if count == 1
                                          else words["elements"].format(n=count)]
        cy = core_top + header_h + 16  # below the column's heading, 11 pt bold
        for u in inside:
            lines = lines_of(u)
            h = _LINE * len(lines) + 10
            boxes[u] = (x, cy + h / 2, _COL_W - 16, h, lines)
            cy += h + _UNIT_GAP
        columns[r] = (x - _COL_W / 2, core_top, x + _COL_W / 2, cy, head, inside)
        bottom = max(bottom, cy)
        x += _COL_W + gap_x
    return columns, bottom, max(x - gap_x, _COL_W)


def _core_rank(layout: Layout, unit: str) -> int | None:
    """The column index of a column or core-group unit (None for a band)."""
    if unit.startswith("column:"):
        return int(unit[7:])
    box = layout.nodes.get(unit[6:]) if unit.startswith("group:") else None
    return box.rank if box is not None and box.region == "core" else None


def _band_on_top(layout: Layout, unit: str) -> bool:
    frame = next((f for f in layout.frames if f"{f.kind}:{f.id}" == unit), None)
    header_y = min((h.y for h in layout.headers), default=0.0)
    return frame is not None and frame.y1 < header_y

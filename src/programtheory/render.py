"""Static theory figures (SVG, PNG at 300 dpi or, on a very large page, less: see png_dpi;
PDF) and `render_theory`, the API behind ``programtheory render``.

The figure draws a `programtheory.layout.Layout` as it is: every box, frame and link is written
with its position pinned and rendered by Graphviz ``neato -n2``, which draws without moving
anything. So the figure and the interactive view (`programtheory.interactive`) show the same
picture, and the same input gives the same bytes.

Print presets: ``a4`` (A4 landscape, 297 × 210 mm), ``a3`` (A3 landscape) and ``slide`` (16:9,
13.33 × 7.5 in). The page has exactly that shape and the figure fills it. No text is printed
below 7 pt (`figure_pages.MIN_TEXT_PT`): a PDF of a theory too large for that is split into an
overview page and detail pages (`figure_print`); an SVG or PNG gets a larger page of the same
shape instead.
"""

from __future__ import annotations

import math
import re
import struct
import zlib
from collections.abc import Mapping
from pathlib import Path

from .atomic import write_atomically
from .errors import UsageError
from .figure_text import text_width, wrap_text
from .geometry import Layout
from .graphviz import FONT, RawLabel, dot_attrs, dot_label, dot_quote, run_graphviz
from .layout import layout_graph
from .selection import Selection, check_choices, describe_selection, select_subgraph
from .legend import LegendItem, legend_rows
from .style import (EDGE_DEFAULTS, HEADER_FONT_SIZE, NODE_DEFAULTS, edge_look_attrs, edge_style,
                    look_attrs, node_style)
from .messages import languages, messages_under
from .outfiles import check_out_suffix, format_for_suffix, suffix_of
from .page_drawing import (HELPER_PREFIX, LEGEND_PREFIX, LINKS_ATTRIBUTE, MARK_PREFIX,
                           TITLE_NODE)

__all__ = ["FORMATS", "PRESETS", "Selection", "describe_selection", "figure_dot",
           "png_with_dpi", "render_formats", "render_theory", "static_figure"]

FORMATS = ("html", "svg", "png", "pdf")
# "a4-document": the text area of an A4 landscape page with 0.5 cm margins, less room for a heading
# and a caption, for figures placed into documents at their printed size
PRESETS = {"a4": (11.69, 8.27), "a3": (16.54, 11.69), "a4-document": (11.29, 7.3),
           "slide": (13.333, 7.5)}  # inches, landscape
DPI = 300
# a PNG of at most this many pixels (an A2 page at 300 dpi; 140 MB to draw): the page of a
# large theory grows to keep its text legible, and at 300 dpi its PNG took Graphviz 1.7 GB
# and 20 s for 500 nodes, and more memory than a machine has for 2,000
MAX_PNG_PIXELS = 35_000_000

def _page_words(lang: str) -> Mapping[str, str]:
    """The words around a figure (title, legend heading, page marks) in `lang`; the legend's
    entries come from programtheory.legend."""
    return messages_under("figure.page", lang)


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


class _Writer:
    """Collects pinned DOT statements in figure coordinates (points, y down) and writes them
    with Graphviz coordinates (y up)."""

    def __init__(self, height: float) -> None:
        self.height = height
        self.lines: list[str] = []
        self.clusters: list[tuple[str, dict, list[str]]] = []
        self.count = 0

    def y(self, y: float) -> float:
        return self.height - y

    def pos(self, x: float, y: float) -> str:
        return f"{_num(x)},{_num(self.y(y))}"

    def node(self, name: str, x: float, y: float, w: float | None, h: float | None,
             attrs: dict) -> None:
        a = dict(attrs)
        a["pos"] = self.pos(x, y)
        if w is not None:
            a["width"] = _num(w / 72)
        if h is not None:
            a["height"] = _num(h / 72)
        self.lines.append(f"  {dot_quote(name)} [{dot_attrs(a)}];")

    def helper(self, x: float, y: float) -> str:
        self.count += 1
        name = f"{HELPER_PREFIX}{self.count}"
        self.node(name, x, y, 1, 1, {"shape": "point", "style": "invis", "label": "",
                                     "fixedsize": "true"})
        return name

    def edge(self, tail: str, head: str, points, tip, attrs: dict) -> None:
        a = dict(attrs)
        spline = " ".join(self.pos(x, y) for x, y in points)
        a["pos"] = (f"e,{self.pos(*tip)} " if tip else "") + spline
        self.lines.append(f"  {dot_quote(tail)} -> {dot_quote(head)} [{dot_attrs(a)}];")


def _page_points(preset: str) -> tuple[float, float]:
    return PRESETS[preset][0] * 72, PRESETS[preset][1] * 72


class _Chrome:
    """The title and legend around a drawing, laid out for a drawing width."""

    def __init__(self, layout: Layout, title: str, legend: bool, boxes=None,
                 entries: list[list[dict]] | None = None) -> None:
        self.layout, self.title, self.legend = layout, title, legend
        self.boxes = list(boxes) if boxes is not None else legend_boxes(layout)
        self._entries = entries
        self._widths: list[list[float]] = []
        self._titles: dict[int, list[str]] = {}

    def title_lines(self, width: float) -> list[str]:
        chars = max(30, int(width / 11))  # 14 pt bold: < 11 pt/char
        if chars not in self._titles:  # the page planner asks for thousands of widths
            self._titles[chars] = wrap_text(self.title, chars, 4)
        return list(self._titles[chars])

    def legend_entries(self) -> list[list[dict]]:
        """The legend's rows of entries (see `_legend_entries`), made once: the page planner
        asks for many widths (a 1,000-element PDF: 1,890 times), and every detail page
        shows the same legend. Read them, never change them."""
        if self._entries is None:
            self._entries = _legend_entries(self.layout, self.boxes)
        if not self._widths:
            self._widths = [[_entry_width(item) for item in row] for row in self._entries]
        return self._entries

    def legend_items(self, width: float) -> tuple[list[dict], float]:
        if not self.legend:
            return [], 0.0
        return _place_legend(self.legend_entries(), width - 16)

    def height(self, width: float) -> float:
        """Title, legend and gaps: everything on the page but the drawing itself."""
        legend_h = 0.0
        if self.legend:
            self.legend_entries()
            legend_h = _legend_slots(self._widths, width - 16)[1]
        return 8.0 + 18.0 * len(self.title_lines(width)) + legend_h + 8


def figure_scale(layout: Layout, preset: str = "a4", *, legend: bool = True,
                 title: str | None = None, note: str = "", page=None) -> float:
    """The scale at which the whole figure fits the preset's page (1 = natural size, where box
    text is 10 pt)."""
    from .figure_pages import MAX_ENLARGE, fit_scale

    chrome = _Chrome(layout, figure_title(layout, title, note), legend)
    body_h = layout.height if layout.nodes else 40.0
    return fit_scale(max(layout.width, 1.0), body_h, page or _page_points(preset),
                     chrome.height, MAX_ENLARGE[preset])


def figure_dot(layout: Layout, *, preset: str = "a4", legend: bool = True,
               title: str | None = None, note: str = "", dpi: int | None = None,
               scale: float | None = None, page: tuple[float, float] | None = None,
               boxes=None, marks=(), legend_entries: list[list[dict]] | None = None) -> str:
    """The DOT text of a static figure: the layout pinned (for ``neato -n2``), with a title,
    column headers, band and group frames, and a legend below, drawn at `scale` on a `page`
    (points; the preset's by default). Without `scale` the figure is fitted to the page.
    `boxes` are the elements the legend explains (a detail page shows the whole theory's
    legend: pass all of its boxes); `marks`
    are `figure_pages.OffPageMark`s where cut links leave the page. `legend_entries`: the
    legend's rows as made for these `boxes` of this graph before (`_Chrome.legend_entries`), for
    pages that share one legend."""
    check_choices("preset", preset, list(PRESETS))
    page = page or _page_points(preset)
    chrome = _Chrome(layout, figure_title(layout, title, note), legend, boxes, legend_entries)
    if scale is None:
        scale = figure_scale(layout, preset, legend=legend, title=title, note=note, page=page)
    full_w, full_h = page[0] / scale, page[1] / scale
    title_lines = chrome.title_lines(full_w)
    title_h = 8.0 + 18.0 * len(title_lines)
    legend_items, legend_h = chrome.legend_items(full_w)
    body_h = layout.height if layout.nodes else 40.0
    total_h = title_h + body_h + legend_h + 8
    # spare height: the title at the top of the page, the legend at its foot, the drawing
    # in the middle between them
    spare = max(0.0, full_h - total_h)
    ox, oy = (full_w - layout.width) / 2, min(spare / 2, _EDGE_ROOM)
    body_shift = spare / 2 - oy
    w = _Writer(full_h)
    gattrs = {"bgcolor": "white", "fontname": FONT, "outputorder": "edgesfirst",
              "size": f"{_num(page[0] / 72)},{_num(page[1] / 72)}!", "pad": "0",
              "splines": "spline", "notranslate": "true", "margin": "0"}
    if dpi:
        gattrs["dpi"] = str(dpi)
    w.helper(0, 0)
    w.helper(full_w, full_h)
    w.node(TITLE_NODE, full_w / 2, oy + title_h / 2, None, None,
           {"shape": "plaintext", "fontsize": "14", "fontname": f"{FONT} Bold",
            "label": RawLabel(dot_label(title_lines)),
            "class": "pt-title", "margin": "0", "width": "0.01", "height": "0.01"})
    top = oy + title_h + body_shift
    _write_body(w, layout, ox, top, marks)
    if legend_items:
        _write_legend(w, legend_items, 8.0, top + body_h + 8 + body_shift, full_w - 16,
                      legend_h, _page_words(layout.lang))
    return _dot_text(w, gattrs)


def _write_body(w: _Writer, layout: Layout, dx: float, top: float, marks=()) -> None:
    """Frames, headers, boxes and links of the layout, moved by (dx, top)."""
    graph = layout.graph
    for frame in layout.frames:
        w.clusters.append(_frame_cluster(w, frame, layout, dx, top))
    for header in layout.headers:
        w.node(f"__pt_header_{header.column}", header.x + dx, header.y + top, None, None,
               {"shape": "plaintext", "label": RawLabel(dot_label(header.lines)),
                "fontsize": f"{HEADER_FONT_SIZE:g}", "fontname": f"{FONT} Bold",
                "class": "pt-header", "margin": "0", "width": "0.01", "height": "0.01"})
    drawn = set()
    for n, box in layout.nodes.items():
        if box.cluster:
            continue
        attrs = node_style(graph.nodes[n], layout.lang)
        attrs["id"] = f"node-{n}"
        w.node(n, box.x + dx, box.y + top, box.width, box.height, attrs)
        drawn.add(n)
    for i, e in enumerate(layout.edges):
        if e.by_frame or not e.points:
            continue
        attrs = edge_style(graph.edges[e.source, e.target])
        attrs["id"] = f"link-{i}"
        attrs["tooltip"] = e.id
        points = [(x + dx, y + top) for x, y in e.points]
        tail = e.tail if e.tail in drawn else w.helper(*points[0])
        head = e.head if e.head in drawn else w.helper(*points[-1])
        if not e.tip and e.head not in drawn:
            attrs["arrowhead"] = "none"  # the link goes on on another page
        w.edge(tail, head, points, (e.tip[0] + dx, e.tip[1] + top) if e.tip else None, attrs)
    for i, mark in enumerate(marks):
        _write_mark(w, i, mark, dx, top, layout.lang)
    if not layout.nodes:
        w.node("__pt_empty", dx + layout.width / 2, top + 20, None, None,
               {"shape": "plaintext", "label": _page_words(layout.lang)["empty"], "fontsize": "11",
                "class": "pt-empty", "width": "0.01", "height": "0.01"})


def _write_mark(w: _Writer, i: int, mark, dx: float, top: float, lang: str) -> None:
    """'→ p. 3' where a cut link leaves the page ('←' where it comes in)."""
    word = _page_words(lang)["page_short"]
    label = f"{'→' if mark.outgoing else '←'} {word} {mark.page}"
    w.node(f"{MARK_PREFIX}{i}", mark.x + dx, mark.y + top, None, None,
           {"shape": "box", "style": "rounded,filled", "fillcolor": "white",
            "color": "#777777", "fontsize": "10", "label": label, "class": "pt-offpage",
            "margin": "0.03,0.01", "width": "0.01", "height": "0.01",
            LINKS_ATTRIBUTE: " ".join(sorted(mark.links))})


def _frame_cluster(w: _Writer, frame, layout: Layout, dx: float,
                   top: float) -> tuple[str, dict, list[str]]:
    members = [m for m in frame.members if m in layout.nodes]
    if frame.kind == "band":
        attrs = {"style": "rounded,filled", "color": "#9a9a9a", "fillcolor": "#f7f7f7",
                 "penwidth": "1", "fontsize": "11", "fontname": f"{FONT} Bold",
                 "labeljust": "l", "labelloc": "t", "class": f"pt-band pt-band-{frame.id}"}
    else:
        attrs = {"style": "dashed,rounded", "color": "#444444", "penwidth": "1.3",
                 "fontsize": "10", "fontname": FONT, "labeljust": "l", "labelloc": "t",
                 "class": "pt-group-frame"}
    attrs["label"] = frame.label
    attrs["id"] = f"{frame.kind}-{frame.id}"
    attrs["bb"] = (f"{_num(frame.x0 + dx)},{_num(w.y(frame.y1 + top))},"
                   f"{_num(frame.x1 + dx)},{_num(w.y(frame.y0 + top))}")
    return f"cluster_{frame.kind}_{frame.id}", attrs, members


_EDGE_ROOM = 8.0  # points kept free above the title and below the legend, when there is room


def _dot_text(w: _Writer, gattrs: dict) -> str:
    out = ["digraph figure {", f"  graph [{dot_attrs(gattrs)}];",
           f"  node [{dot_attrs(NODE_DEFAULTS)}];", f"  edge [{dot_attrs(EDGE_DEFAULTS)}];"]
    for name, attrs, members in w.clusters:
        out.append(f"  subgraph {dot_quote(name)} {{")
        out.append(f"    graph [{dot_attrs(attrs)}];")
        out.extend(f"    {dot_quote(m)};" for m in members)
        out.append("  }")
    out.extend(w.lines)
    out.append("}")
    return "\n".join(out) + "\n"


def legend_boxes(layout: Layout) -> list[str]:
    """The drawn boxes (group frames aside) whose kinds and forms the legend explains."""
    return [n for n, box in layout.nodes.items() if not box.cluster]


def _confidence_legend(lang: str) -> list[dict]:
    """The legend row of the confidence channel: one line width per grade."""
    from .confidence import GRADES, PENWIDTH
    from .confidence_texts import text
    return [{"type": "title", "label": text(lang, "grade").capitalize()}] + [
        {"type": "edge", "label": text(lang, grade),
         "attrs": {"penwidth": str(PENWIDTH[grade]), "class": "pt-legend"}}
        for grade in reversed(GRADES)]


def figure_title(layout: Layout, title: str | None = None, note: str = "") -> str:
    """The title drawn above a figure: `title`, else 'Programmatheorie: <version title>',
    followed by `note`."""
    if title is None:
        title = layout.graph.graph.get("title_en" if layout.lang == "en" else "title_nl") or ""
        label = _page_words(layout.lang)["title"]
        title = f"{label}: {title}" if title else label
    return f"{title} — {note}" if note else title


def _legend_item(item: LegendItem) -> dict:
    """A legend entry as the figure writes it: a box with the label inside, or a line."""
    if item.edge is not None:
        return {"type": "edge", "label": item.label,
                "attrs": {**edge_look_attrs(item.edge), "class": "pt-legend"}}
    attrs = look_attrs(item.node)
    attrs["class"] = attrs["class"].replace("pt-node", "pt-legend")
    return {"type": "box", "label": item.label, "attrs": attrs}


def _legend_entries(layout: Layout, boxes: list[str] | None = None) -> list[list[dict]]:
    """The legend's rows of entries (a row's title first), before they are placed."""
    graph = layout.graph
    if boxes is None:
        boxes = [n for n, box in layout.nodes.items() if not box.cluster]
    rows: list[list[dict]] = [
        [{"type": "title", "label": title}] + [_legend_item(item) for item in items]
        for title, items in legend_rows(graph, layout.lang, boxes)]
    if graph.graph.get("confidence"):
        rows.append(_confidence_legend(layout.lang))
    return rows


def _place_legend(rows: list[list[dict]], width: float) -> tuple[list[dict], float]:
    """The entries in rows that wrap within `width`: (entries with x, y, w; the height)."""
    widths = [[_entry_width(item) for item in row] for row in rows]
    slots, height = _legend_slots(widths, width)
    placed = [{**item, "x": x, "y": y, "w": w}
              for row, row_widths, row_slots in zip(rows, widths, slots, strict=True)
              for item, w, (x, y) in zip(row, row_widths, row_slots, strict=True)]
    return placed, height


def _entry_width(item: dict) -> float:
    """The width a legend entry takes: its label, and its box or its line."""
    size = 10.0
    if item["type"] == "title":
        return text_width(item["label"] + ":", size + 0.5)
    if item["type"] == "box":
        return max(60.0, text_width(item["label"], size) + 22)
    return 44 + text_width(item["label"], size)


def _legend_slots(widths: list[list[float]], width: float) -> tuple[list[list[tuple]], float]:
    """Where each legend entry (rows of entry widths) goes, rows wrapping within `width`:
    ((x, y) of each entry, row by row; the legend's height)."""
    slots: list[list[tuple]] = []
    y = 22.0  # below the legend's own title
    row_h = 26.0
    for row in widths:
        x = 10.0
        row_slots = []
        for w in row:
            if x + w > width - 10 and x > 10.0:
                x, y = 10.0 + 60, y + row_h
            row_slots.append((x, y))
            x += w + 12
        slots.append(row_slots)
        y += row_h
    return slots, y + 4


def _write_legend(w: _Writer, items: list[dict], ox: float, top: float, width: float,
                  height: float, text: dict) -> None:
    members = []
    size = "10"
    w.node(f"{LEGEND_PREFIX}_title", ox + 10 + text_width(text["legend"], 11) / 2, top + 10, None,
           None, {"shape": "plaintext", "label": text["legend"], "fontsize": "11",
                  "fontname": f"{FONT} Bold", "class": "pt-legend-title", "margin": "0",
                  "width": "0.01", "height": "0.01"})
    for i, item in enumerate(items):
        x, y, iw = ox + item["x"], top + item["y"] + 9, item["w"]
        name = f"{LEGEND_PREFIX}_{i}"
        if item["type"] == "title":
            w.node(name, x + iw / 2, y, None, None,
                   {"shape": "plaintext", "label": item["label"] + ":", "fontsize": size,
                    "fontname": f"{FONT} Bold", "class": "pt-legend-label", "margin": "0",
                    "width": "0.01", "height": "0.01"})
        elif item["type"] == "box":
            w.node(name, x + iw / 2, y, iw, 20, {**item["attrs"], "label": item["label"],
                                                 "fontsize": size, "margin": "0.05,0.02"})
            members.append(name)
        else:
            a, b = w.helper(x, y), w.helper(x + 36, y)
            w.edge(a, b, [(x, y), (x + 10, y), (x + 20, y), (x + 29, y)], (x + 36, y),
                   item["attrs"])
            w.node(name, x + 40 + (iw - 44) / 2, y, None, None,
                   {"shape": "plaintext", "label": item["label"], "fontsize": size,
                    "class": "pt-legend-label", "margin": "0", "width": "0.01",
                    "height": "0.01"})
    bb = f"{_num(ox + 2)},{_num(w.y(top + height))},{_num(ox + width - 2)},{_num(w.y(top))}"
    w.clusters.append(("cluster_legend", {"bb": bb, "style": "rounded", "color": "#bbbbbb",
                                          "label": "", "class": "pt-legend-frame",
                                          "id": "legend"}, members))


# ------------------------------------------------------------------------------ figures

def static_figure(source, fmt: str = "svg", *, preset: str = "a4", lang: str = "nl",
                  legend: bool = True, title: str | None = None, note: str = "",
                  columns=None) -> bytes:
    """The figure of a layout (or of a graph, laid out first) as SVG, PNG (300 dpi; see
    png_dpi) or PDF bytes. `title` replaces the default title ('Programmatheorie: <version
    title>'); `note` is added after it (render_theory puts the filters there)."""
    if fmt not in ("svg", "png", "pdf"):
        raise UsageError(f"unknown figure format '{fmt}' (choose svg, png or pdf)")
    layout = source if isinstance(source, Layout) else layout_graph(source, columns=columns,
                                                                   lang=lang)
    if fmt == "pdf":
        from .figure_print import page_dots, pdf_pages

        return pdf_pages(page_dots(layout, preset=preset, legend=legend, title=title,
                                   note=note))
    page, scale = _screen_page(layout, preset, legend, title, note)
    dpi = png_dpi(page) if fmt == "png" else None
    data = run_graphviz(figure_dot(layout, preset=preset, legend=legend, title=title, note=note,
                                   dpi=dpi, scale=scale, page=page),
                        "svg" if fmt == "svg" else "png:cairo", engine="neato", args=("-n2",))
    if fmt == "svg":
        from .accessible import label_svg, layout_text

        data = label_svg(_svg_fonts(data), figure_title(layout, title, note),
                         layout_text(layout))
    elif fmt == "png":
        data = png_with_dpi(data, dpi)
    return data


def _screen_page(layout: Layout, preset: str, legend: bool, title: str | None,
                 note: str) -> tuple[tuple[float, float], float]:
    """The page (points) and scale of a single-page figure (SVG, PNG): the preset's page when
    the figure is legible there, else a larger page of the same shape, so that no text is
    below `figure_pages.MIN_TEXT_PT`."""
    from .figure_pages import MIN_SCALE

    scale = figure_scale(layout, preset, legend=legend, title=title, note=note)
    page = _page_points(preset)
    if scale < MIN_SCALE:
        grow = MIN_SCALE / scale
        page, scale = (page[0] * grow, page[1] * grow), MIN_SCALE
    return page, scale


def png_dpi(page: tuple[float, float]) -> int:
    """The resolution of a PNG of a `page` (points): 300 dpi, less on a page so large that
    the image would exceed MAX_PNG_PIXELS. The text keeps its size in points on the page;
    only the pixels per point fall (still 2 pixels per point on a page of 4 x 4 A4 pages).

    >>> png_dpi((842, 595)), png_dpi((842 * 4, 595 * 4))
    (300, 150)
    """
    area = (page[0] / 72) * (page[1] / 72)
    return max(1, min(DPI, int(math.sqrt(MAX_PNG_PIXELS / area))))


def _svg_fonts(data: bytes) -> bytes:
    """Give the SVG's font a fallback list (a viewer without DejaVu picks a narrower font)."""
    text = data.decode("utf-8")
    text = re.sub(r'font-family="DejaVu Sans( Bold)?(,[^"]*)?"',
                  lambda m: 'font-family="DejaVu Sans,Verdana,Arial,sans-serif"'
                  + (' font-weight="bold"' if m.group(1) else ""), text)
    return text.encode("utf-8")


def png_with_dpi(data: bytes, dpi: int) -> bytes:
    """The PNG with a pHYs chunk saying `dpi` (Graphviz writes none)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return data
    ppm = round(dpi / 0.0254)
    chunks, pos = [], 8
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if kind != b"pHYs":
            chunks.append((kind, data[pos:end]))
        pos = end
    body = struct.pack(">IIB", ppm, ppm, 1)
    phys = struct.pack(">I", len(body)) + b"pHYs" + body + struct.pack(
        ">I", zlib.crc32(b"pHYs" + body) & 0xFFFFFFFF)
    out = [data[:8]]
    for kind, raw in chunks:
        out.append(raw)
        if kind == b"IHDR":
            out.append(phys)
    return b"".join(out)


# ------------------------------------------------------------------------------ the command

def render_theory(project, version: str | None = None, fmt: str | None = None,
                  lang: str | None = None, selection: Selection | None = None, preset: str = "a4",
                  out=None, **filters) -> Path:
    """Draw one theory version and write it to a file; returns the path written.

    `lang` defaults to the project's primary language.
    `fmt` is html (one offline interactive file), svg, png (300 dpi) or pdf; without it, the
    suffix of `out` decides, else html. `selection` (or its fields as keywords) chooses what
    to draw (`programtheory.selection.Selection`). The default `out` is
    ``<project root>/build/theory-<version>.<fmt>`` (the project's build folder, whatever the
    current directory). Unknown versions, ids, levels or kinds raise `UsageError`; a missing
    Graphviz raises `MissingTool`.
    """
    suffix = suffix_of(out)
    if fmt is None:
        fmt = format_for_suffix(suffix, FORMATS) or "html"
    check_choices("format", fmt, list(FORMATS))
    if suffix in FORMATS and suffix != fmt:
        raise UsageError(f"the output file ends in .{suffix} but the format is {fmt}: "
                         f"use --format {suffix}, or an output name ending in .{fmt}")
    check_out_suffix(out, fmt)
    chosen = project.version(version)
    if out is None:
        out = Path(project.root) / "build" / f"theory-{chosen.id}.{fmt}"
    written = render_formats(project, {fmt: out}, version=chosen.id, lang=lang,
                             selection=Selection.of(selection, **filters), preset=preset)
    return written[fmt]


def render_formats(project, outputs: dict[str, str | Path], version: str | None = None,
                   lang: str | None = None, selection: Selection | None = None,
                   preset: str = "a4", confidence: bool = False, **filters) -> dict[str, Path]:
    """Write one selection of a version in several formats ({format: path}), laid out once:
    the figures and the interactive view of a report show the same picture. `selection` (or
    its fields as keywords) chooses what to draw; by default a version that reproduces a figure
    of the report draws only that figure's elements. `confidence`: draw each link as wide as
    its confidence grade (docs/confidence.md)."""
    from .graph import build_graph

    for fmt in outputs:
        check_choices("format", fmt, list(FORMATS))
    lang = project.language(lang)
    check_choices("language", lang, list(languages()))  # those with a catalogue
    check_choices("preset", preset, list(PRESETS))
    chosen = project.version(version)
    selection = Selection.of(selection, **filters).resolved(bool(chosen.info.figure))
    graph = build_graph(project, chosen)
    sub = select_subgraph(graph, selection)
    if graph.number_of_nodes() and not sub.number_of_nodes():
        raise UsageError("the filters keep no element of version "
                         f"'{chosen.id}'; loosen --kind, --level or --condition")
    if confidence:
        from .confidence import annotate_graph
        annotate_graph(sub, project, chosen)
    layout = layout_graph(sub, columns=chosen.info.columns, lang=lang)
    note = selection.describe(lang, {item.id: item.label.shown(lang)  # labels, not ids
                                     for item in [*chosen.nodes, *chosen.groups]})
    written: dict[str, Path] = {}
    for fmt, target in outputs.items():
        if fmt == "html":
            from .interactive import interactive_html
            data = interactive_html(layout, project=project, note=note).encode("utf-8")
        else:
            data = static_figure(layout, fmt, preset=preset, note=note)
        path = Path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda temp, data=data: temp.write_bytes(data))
        written[fmt] = path
    return written

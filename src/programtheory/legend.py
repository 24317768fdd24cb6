"""What every symbol in a drawing means: one legend, built from `programtheory.style`, that the
static figure (`programtheory.render`) and the interactive view (`programtheory.interactive`)
both draw. A row or entry appears when the drawing uses that symbol, so the legend explains
every symbol drawn ('⊖', '±', grey elements and the evidence badge included) and nothing else.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import networkx as nx

from .messages import messages_under
from .style import (KIND_COLORS, POLARITY_MARK, EdgeLook, NodeLook, edge_look, kind_label,
                    node_look)

__all__ = ["LegendItem", "legend_rows", "legend_swatch_svg"]

_PLAIN = "#ffffff"  # swatches of forms are white: the fill belongs to the kind


@dataclass(frozen=True)
class LegendItem:
    """One entry: a box (`node`) or a line (`edge`) and what it means. `swatch_text` is
    written inside a box swatch (the label itself, or a mark such as '⊖')."""

    label: str
    node: NodeLook | None = None
    edge: EdgeLook | None = None
    swatch_text: str = ""
    badge: int = 0


def _form_items(looks: list[NodeLook], words: dict) -> list[LegendItem]:
    def plain(**kw) -> NodeLook:
        return NodeLook(kind="legend", fill=_PLAIN, **kw)

    items = []
    if any(look.double for look in looks):
        items.append(LegendItem(words["necessary"], plain(double=True, rounded=False,
                                                          width=1.5, condition="necessary")))
    if any(look.dashed for look in looks):
        items.append(LegendItem(words["facilitating"], plain(dashed=True, width=1.5,
                                                             condition="facilitating")))
    items.append(LegendItem(words["desired"], plain()))
    for polarity in ("undesired", "mixed"):
        if any(look.polarity == polarity for look in looks):
            items.append(LegendItem(f"{POLARITY_MARK[polarity]} {words[polarity]}",
                                    plain(rounded=False, cut_corners=True, polarity=polarity)))
    return items


def _link_items(looks: list[EdgeLook], words: dict) -> list[LegendItem]:
    items = [LegendItem(words["stated"], edge=EdgeLook())]
    if any(look.dashed for look in looks):
        items.append(LegendItem(words["implied"], edge=EdgeLook(dashed=True)))
    for head in ("tee", "odiamond"):
        if any(look.head == head for look in looks):
            items.append(LegendItem(words[head], edge=EdgeLook(head=head)))
    feedback = [look.color for look in looks if look.color != EdgeLook().color]
    if feedback:
        items.append(LegendItem(words["feedback"], edge=EdgeLook(color=feedback[0])))
    return items


def legend_rows(graph: nx.DiGraph, lang: str, nodes=None, *,
                badge: bool = False) -> list[tuple[str, list[LegendItem]]]:
    """The legend of a drawing of `graph` (only `nodes`, when given, are drawn as boxes): rows
    of (title, items). `badge`: the drawing shows the evidence badge."""
    words = messages_under("figure.legend", lang)
    own = graph.graph.get("kind_labels")
    drawn = list(nodes) if nodes is not None else list(graph.nodes)
    looks = [node_look(graph.nodes[n]) for n in drawn]
    kinds = sorted({look.kind for look in looks}, key=list(KIND_COLORS).index)
    rows = [(words["kind"], [LegendItem(kind_label(k, lang, own),
                                        NodeLook(kind=k, fill=KIND_COLORS[k])) for k in kinds]),
            (words["form"], _form_items(looks, words))]
    outside = [look for look in looks if look.outside_figure]
    if outside:
        rows.append((words["figure"], [LegendItem(words["outside"], NodeLook(
            kind="legend", fill=_PLAIN, border=outside[0].border, text=outside[0].text,
            outside_figure=True))]))
    rows.append((words["link"], _link_items([edge_look(d) for *_, d in graph.edges(data=True)],
                                            words)))
    if badge and any(look.evidence for look in looks):
        rows.append((words["evidence"], [LegendItem(words["badge"], badge=3)]))
    return [(title, items) for title, items in rows if items]


def legend_swatch_svg(item: LegendItem) -> str:
    """A small inline SVG that draws the item as the figure does (for an HTML legend)."""
    if item.edge is not None:
        return _edge_swatch(item.edge)
    if item.badge:
        return ('<svg class="pt-swatch" width="22" height="16" aria-hidden="true">'
                '<circle cx="11" cy="8" r="7" fill="#ffffff" stroke="#333333"/>'
                f'<text x="11" y="11.5" font-size="9" text-anchor="middle">{item.badge}</text>'
                "</svg>")
    return _box_swatch(item.node or NodeLook(kind="legend", fill=_PLAIN))


def _box_swatch(look: NodeLook) -> str:
    w, h = 30, 16
    rx = 4 if look.rounded else 0
    dash = ' stroke-dasharray="4 2"' if look.dashed else ""
    shapes = [f'<rect x="1.5" y="1.5" width="{w - 3}" height="{h - 3}" rx="{rx}" '
              f'fill="{html.escape(look.fill)}" stroke="{html.escape(look.border)}" '
              f'stroke-width="{look.width:g}"{dash}/>']
    if look.double:
        shapes.append(f'<rect x="4" y="4" width="{w - 8}" height="{h - 8}" fill="none" '
                      f'stroke="{html.escape(look.border)}"/>')
    if look.cut_corners:
        c = 5
        for x0, y0, x1, y1 in ((1.5, 1.5 + c, 1.5 + c, 1.5), (w - 1.5 - c, 1.5, w - 1.5, 1.5 + c),
                               (1.5, h - 1.5 - c, 1.5 + c, h - 1.5),
                               (w - 1.5 - c, h - 1.5, w - 1.5, h - 1.5 - c)):
            shapes.append(f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y1}" '
                          f'stroke="{html.escape(look.border)}"/>')
    return (f'<svg class="pt-swatch" width="{w}" height="{h}" aria-hidden="true">'
            + "".join(shapes) + "</svg>")


def _edge_swatch(look: EdgeLook) -> str:
    colour = html.escape(look.color)
    dash = ' stroke-dasharray="5 3"' if look.dashed else ""
    head = {"normal": f'<polygon points="24,3 32,8 24,13" fill="{colour}"/>',
            "tee": f'<line x1="31" y1="2" x2="31" y2="14" stroke="{colour}" stroke-width="2"/>',
            "odiamond": f'<polygon points="22,8 27,4 32,8 27,12" fill="#ffffff" '
                        f'stroke="{colour}"/>'}[look.head]
    return ('<svg class="pt-swatch" width="34" height="16" aria-hidden="true">'
            f'<line x1="1" y1="8" x2="{24 if look.head != "tee" else 31}" y2="8" '
            f'stroke="{colour}" stroke-width="{look.width:g}"{dash}/>{head}</svg>')

"""The one place that says how a theory element looks, for every renderer.

`node_look` and `edge_look` map an element's kind, condition, polarity, evidence and
``in_figure`` to a renderer-neutral `NodeLook` / `EdgeLook`; `node_style` / `edge_style` turn a
look into Graphviz attributes (the layout and the static figure), `vis_node_style` /
`vis_edge_style` into vis-network options (the interactive view), and `legend_entries` lists
what a legend must explain. So the static figure and the interactive view encode the same way:

* fill colour: the kind (`KIND_COLORS`, a colour-blind-safe palette that also differs in
  greyscale);
* border: necessary = square box with a double border; facilitating = rounded box with a
  dashed border; undesired = square box with cut corners and ⊖ before the text (mixed: ±);
  other elements are rounded boxes with a single border;
* grey border and grey text: not drawn in the report's own figure (``in_figure: false``);
* a badge with the number of evidence items (interactive view);
* links: implied = dashed; hinders/prevents = flat 'tee' head; moderates = open diamond;
  feedback = grey.

Adding a node kind means one entry in `KIND_COLORS` (and its names in `vocab`): a kind without a
style raises `MissingStyle` instead of being drawn white.
"""

from __future__ import annotations

from dataclasses import dataclass

from .figure_text import MAX_LINES, WRAP, node_text, wrap_text
from .graphviz import FONT, RawLabel, dot_label
from .messages import message
from .vocab import VALUE_LABELS, Condition, LinkEffect, NodeKind, Polarity, Stance

__all__ = ["EDGE_DEFAULTS", "KIND_COLORS", "KIND_LABELS", "NODE_DEFAULTS", "POLARITY_MARK",
           "EdgeLook", "MissingStyle", "NodeLook", "edge_look", "edge_style", "kind_fill", "kind_label",
           "node_label_lines", "node_look", "node_style", "vis_edge_style", "vis_node_style"]

FONT_SIZE = 10.0
HEADER_FONT_SIZE = 11.0

KIND_LABELS = {**VALUE_LABELS["kind"],
               "group": (message("figure.kind.group", "nl"), message("figure.kind.group", "en"))}


def kind_label(kind: str, lang: str, own: dict[str, dict[str, str]] | None = None) -> str:
    """The name of a kind of box in `lang`: the project's own (`own`: the graph's
    `kind_labels`, language → kind → label) where it names the kind, else the catalogue's
    (a group frame is 'group')."""
    if kind == "group":
        return message("figure.kind.group", lang)
    named = (own or {}).get(lang, {}).get(kind)
    return named or message(f"vocab.kind.{kind}", lang)

# One fill per kind, chosen by a search that maximised the smallest colour difference between
# any two kinds (CIE ΔE) for normal vision and simulated protan, deutan and tritan colour
# blindness, with each kind on its own lightness step (4 CIELAB L* apart, 16 apart for
# neighbouring columns and kinds that share a band) so the kinds also differ in greyscale, and
# every fill at least 4.5:1 against the text. tests/test_style.py measures all of it.
KIND_COLORS = {
    "problem": "#d3fed8", "goal": "#56bed2", "rationale": "#148fc9", "mechanism": "#c4c0fe",
    "assumption": "#bf817a", "resource": "#78eef9", "action": "#7b789e", "output": "#cdb6ba",
    "outcome": "#fae89c", "feedback": "#b690a7", "follow_up": "#94af68",
    "external_factor": "#f4caa4", "group": "#ffffff",
}

POLARITY_MARK = {"desired": "", "undesired": "⊖", "mixed": "±"}
TEXT_COLOR = "#111111"
BORDER_COLOR = "#333333"
OUTSIDE_FIGURE_COLOR = "#7a7a7a"  # border and text of an element the report's figure omits
FEEDBACK_COLOR = "#666666"
LINK_HEADS = {"hinders": "tee", "prevents": "tee", "moderates": "odiamond"}
STANCE_COLORS = {"supports": "#228833", "contradicts": "#aa3377", "nuances": "#ccbb44",
                 "absent": "#bbbbbb"}  # Paul Tol's bright scheme: safe for colour blindness
CONDITION_LOOKS = {"necessary": "double border", "facilitating": "dashed border"}


class MissingStyle(KeyError):
    """A vocabulary value has no style: add it here, in style.py."""

    def __str__(self) -> str:
        return str(self.args[0])


def kind_fill(kind: str) -> str:
    """The fill colour of a kind; `MissingStyle` for a kind that has none."""
    try:
        return KIND_COLORS[kind]
    except KeyError:
        raise MissingStyle(f"node kind '{kind}' has no colour: add it to "
                           "programtheory.style.KIND_COLORS") from None


def node_label_lines(data: dict, lang: str = "nl", width: int = WRAP,
                     max_lines: int = MAX_LINES) -> list[str]:
    """The lines of a box: the label wrapped, with ⊖ before an undesired element (± mixed)."""
    lines = wrap_text(node_text(data, lang), width, max_lines)
    polarity = data.get("polarity") or "desired"
    if polarity not in POLARITY_MARK:
        raise MissingStyle(f"polarity '{polarity}' has no mark: add it to "
                           "programtheory.style.POLARITY_MARK")
    mark = POLARITY_MARK[polarity]
    if mark:
        lines[0] = f"{mark} {lines[0]}"
    return lines


@dataclass(frozen=True)
class NodeLook:
    """How a box looks, whatever draws it."""

    kind: str
    fill: str
    border: str = BORDER_COLOR
    text: str = TEXT_COLOR
    width: float = 1.0  # border width in points
    double: bool = False  # necessary
    dashed: bool = False  # facilitating
    rounded: bool = True
    cut_corners: bool = False  # undesired or mixed
    outside_figure: bool = False
    evidence: int = 0  # the badge

    condition: str = "unconditioned"
    polarity: str = "desired"
    grade: str | None = None  # the confidence grade, when the graph carries one

    @property
    def classes(self) -> str:
        return " ".join(["pt-node", f"pt-kind-{self.kind}", f"pt-{self.condition}",
                         f"pt-{self.polarity}"]
                        + (["pt-outside-figure"] if self.outside_figure else []))


@dataclass(frozen=True)
class EdgeLook:
    """How a link looks, whatever draws it."""

    dashed: bool = False  # implied
    head: str = "normal"  # Graphviz arrowhead name: normal, tee or odiamond
    color: str = BORDER_COLOR
    width: float = 1.1  # points
    evidence: int = 0
    grade: str | None = None  # the confidence grade, when the graph carries one


def node_look(data: dict) -> NodeLook:
    """The look of a node (see the module docstring)."""
    kind = data.get("kind") or "group"
    condition = data.get("condition")
    polarity = data.get("polarity") or "desired"
    if condition is not None and condition not in CONDITION_LOOKS:
        raise MissingStyle(f"condition '{condition}' has no look: add it to "
                           "programtheory.style.CONDITION_LOOKS")
    if polarity not in POLARITY_MARK:
        raise MissingStyle(f"polarity '{polarity}' has no mark: add it to "
                           "programtheory.style.POLARITY_MARK")
    cut = polarity != "desired"
    outside = not data.get("in_figure", True)
    from .confidence import NODE_PENWIDTH  # the confidence channel: border width
    width = NODE_PENWIDTH.get(data.get("confidence"), 1.5 if condition else 1.0)
    # an element the report's figure omits recedes (grey border, paler fill) but its text stays
    # dark: grey text on the darker fills was unreadable
    fill = _paler(kind_fill(kind)) if outside else kind_fill(kind)
    return NodeLook(kind=kind, fill=fill,
                    border=OUTSIDE_FIGURE_COLOR if outside else BORDER_COLOR,
                    text=TEXT_COLOR, width=width,
                    double=condition == "necessary", dashed=condition == "facilitating",
                    rounded=condition != "necessary" and not cut, cut_corners=cut,
                    outside_figure=outside, evidence=int(data.get("evidence_count") or 0),
                    condition=condition or "unconditioned", polarity=polarity,
                    grade=data.get("confidence"))


def _paler(color: str, toward_white: float = 0.6) -> str:
    """`color` mixed with white (0: unchanged, 1: white)."""
    rgb = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * toward_white):02x}" for c in rgb)


def edge_look(data: dict) -> EdgeLook:
    """The look of a link (see the module docstring)."""
    effect = data.get("effect")
    if effect is not None and effect not in LinkEffect.values():
        raise MissingStyle(f"effect '{effect}' has no look")
    head = LINK_HEADS.get(data.get("kind") or "") or LINK_HEADS.get(effect or "", "normal")
    if data.get("moderates"):  # acts on a link (moderators.py): the moderator's diamond
        head = "odiamond"
    from .confidence import PENWIDTH  # the confidence channel: line width
    return EdgeLook(dashed=data.get("status") == "implied", head=head,
                    color=FEEDBACK_COLOR if data.get("feedback") else BORDER_COLOR,
                    width=PENWIDTH.get(data.get("confidence"), 1.1),
                    evidence=int(data.get("evidence_count") or 0),
                    grade=data.get("confidence"))


# ------------------------------------------------------------------------------ Graphviz

NODE_DEFAULTS = {"fontname": FONT, "fontsize": f"{FONT_SIZE:g}", "width": "1.7",
                 "height": "0.36", "margin": "0.09,0.05", "penwidth": "1", "color": BORDER_COLOR,
                 "fontcolor": TEXT_COLOR}
EDGE_DEFAULTS = {"constraint": "false", "arrowsize": "0.7", "penwidth": "1.1",
                 "color": BORDER_COLOR}


def look_attrs(look: NodeLook) -> dict:
    """Graphviz attributes of a node look (no label)."""
    style = (["rounded"] if look.rounded else []) + ["filled"]
    if look.cut_corners:
        style.append("diagonals")
    if look.dashed:
        style.append("dashed")
    attrs = {"shape": "box", "style": ",".join(style), "fillcolor": look.fill,
             "penwidth": f"{look.width:g}", "class": look.classes}
    if look.double:
        attrs["peripheries"] = "2"
    if look.outside_figure:
        attrs.update(color=look.border, fontcolor=look.text)
    return attrs


def node_style(data: dict, lang: str = "nl") -> dict:
    """Graphviz attributes of a node. They set its size, so the layout and the figure share them.

    (An octagon was tried for undesired: with multi-line Dutch labels it grew to twice the size
    of the other boxes; hence cut corners.)
    """
    look = node_look(data)
    attrs = look_attrs(look)
    if data.get("is_group"):
        attrs["class"] += " pt-group"
    attrs.update(label=RawLabel(dot_label(node_label_lines(data, lang))),
                 tooltip=node_text(data, lang)[:300])
    return attrs


def edge_style(data: dict) -> dict:
    """Graphviz attributes of a link (see `edge_look`)."""
    look = edge_look(data)
    attrs = {"class": f"pt-link pt-{data.get('status', 'stated')}"
             + (" pt-moderator" if data.get("moderates") else ""), **edge_look_attrs(look)}
    if data.get("confidence"):
        attrs["penwidth"] = f"{look.width:g}"
    return attrs


def edge_look_attrs(look: EdgeLook) -> dict:
    """Graphviz attributes of a link look (the default width is left to EDGE_DEFAULTS)."""
    attrs: dict = {}
    if look.dashed:
        attrs["style"] = "dashed"
    if look.head != "normal":
        attrs["arrowhead"] = look.head
    if look.color != BORDER_COLOR:
        attrs["color"] = look.color
    return attrs


# ------------------------------------------------------------------------------ vis-network

VIS_FONT_FACE = "DejaVu Sans, Verdana, Arial, sans-serif"
VIS_HEADS = {"normal": "arrow", "tee": "bar", "odiamond": "diamond"}
PIXELS_PER_POINT = 1.0  # the interactive view draws the layout's points as pixels
VIS_WIDTH_SLACK = 24.0  # a browser font may be wider than DejaVu: room before a line wraps


def _vis_width(look: NodeLook | EdgeLook) -> float:
    """Line widths on a screen: the confidence grade's pixels, else the look's points."""
    from .confidence import VIS_WIDTH
    return VIS_WIDTH.get(look.grade, look.width * PIXELS_PER_POINT)


def vis_node_style(look: NodeLook, box) -> dict:
    """vis-network options of a box at its layout position; the double border, the cut
    corners and the evidence badge are painted over it by the page (assets/early.js) from
    `vis_marks`."""
    colors = {"background": look.fill, "border": look.border}
    return {
        "x": round(box.x, 2), "y": round(box.y, 2), "fixed": True, "physics": False,
        "shape": "box", "margin": 5, "borderWidth": _vis_width(look),
        "borderWidthSelected": _vis_width(look) + 2,
        "widthConstraint": {"minimum": round(box.width, 1),
                            "maximum": round(box.width + VIS_WIDTH_SLACK, 1)},
        "heightConstraint": {"minimum": round(box.height, 1), "valign": "middle"},
        "font": {"face": VIS_FONT_FACE, "size": FONT_SIZE, "color": look.text},
        "color": {**colors, "highlight": {**colors, "border": "#000000"},
                  "hover": {**colors, "border": "#000000"}},
        "shapeProperties": {"borderDashes": [6, 4] if look.dashed else False,
                            "borderRadius": 5 if look.rounded else 0},
    }


def vis_marks(look: NodeLook) -> dict:
    """What the page paints over a box: a second border, cut corners, the evidence badge."""
    return {"double": look.double, "cut": look.cut_corners, "evidence": look.evidence,
            "color": look.border}


def vis_edge_style(look: EdgeLook) -> dict:
    """vis-network options of a link."""
    return {"arrows": {"to": {"enabled": True, "type": VIS_HEADS[look.head],
                              "scaleFactor": 0.6}},
            "dashes": [6, 4] if look.dashed else False,
            "width": _vis_width(look), "selectionWidth": 2, "hoverWidth": 1,
            "color": {"color": look.color, "highlight": "#000000", "hover": "#000000"}}


def vocabulary_styles() -> dict[str, list[str]]:
    """Every vocabulary value that needs a look, by category (for the completeness test)."""
    return {"kind": NodeKind.values() + ["group"], "condition": Condition.values(),
            "polarity": Polarity.values(), "stance": Stance.values(),
            "effect": LinkEffect.values()}

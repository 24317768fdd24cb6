"""The one style: every vocabulary value has a look, a missing one fails, and the static
figure and the interactive view read the same look."""

from __future__ import annotations

import itertools

import pytest

from programtheory import style
from programtheory.geometry import NodeBox
from programtheory.interactive import _vis_edge, _vis_node
from programtheory.layout import edge_style, node_style
from programtheory.vocab import VALUE_LABELS, Condition, LinkEffect, NodeKind, Polarity


def _node(**data):
    return {"kind": "action", "label_nl": "x", "polarity": "desired", **data}


def test_every_kind_condition_and_polarity_has_a_style():
    for kind in NodeKind.values() + ["group"]:
        assert style.kind_fill(kind).startswith("#")
        assert kind in style.KIND_LABELS
    assert set(style.CONDITION_LOOKS) == set(Condition.values())
    assert set(style.POLARITY_MARK) == set(Polarity.values())
    assert set(style.STANCE_COLORS) == set(VALUE_LABELS["stance"])
    for effect in LinkEffect.values():
        assert style.edge_look({"effect": effect}).head in style.VIS_HEADS
    for category, values in style.vocabulary_styles().items():
        assert values, category


def test_a_kind_without_a_style_fails_instead_of_drawing_white(monkeypatch):
    monkeypatch.delitem(style.KIND_COLORS, "mechanism")
    with pytest.raises(style.MissingStyle, match="mechanism.*KIND_COLORS"):
        node_style(_node(kind="mechanism"))
    with pytest.raises(style.MissingStyle):
        _vis_node("n", NodeBox("n", 0, 0, 100, 30, "core", "action", 0, ("x",)),
                  _node(kind="mechanism"), "nl")


@pytest.mark.parametrize("data", [_node(condition="sufficient"), _node(polarity="neutral")])
def test_an_unknown_condition_or_polarity_fails(data):
    with pytest.raises(style.MissingStyle):
        style.node_look(data)


@pytest.mark.parametrize("data, double, dashed, cut, rounded", [
    (_node(condition="necessary"), True, False, False, False),
    (_node(condition="facilitating"), False, True, False, True),
    (_node(polarity="undesired"), False, False, True, False),
    (_node(polarity="mixed"), False, False, True, False),
    (_node(), False, False, False, True),
])
def test_static_and_interactive_read_the_same_look(data, double, dashed, cut, rounded):
    look = style.node_look(data)
    assert (look.double, look.dashed, look.cut_corners, look.rounded) == (double, dashed, cut,
                                                                         rounded)
    dot = node_style(data)
    assert (dot.get("peripheries") == "2") == double
    assert ("dashed" in dot["style"]) == dashed and ("diagonals" in dot["style"]) == cut
    assert ("rounded" in dot["style"]) == rounded
    box = NodeBox("n", 10, 20, 100, 30, "core", "action", 0, ("x",))
    vis = _vis_node("n", box, data, "nl")
    assert vis["color"]["background"] == dot["fillcolor"] == look.fill
    assert bool(vis["shapeProperties"]["borderDashes"]) == dashed
    assert (vis["shapeProperties"]["borderRadius"] > 0) == rounded
    assert style.vis_marks(look) == {"double": double, "cut": cut, "evidence": 0,
                                     "color": look.border}


def test_links_look_the_same_in_both_views():
    for data, head, vis_head in [({"kind": "hinders"}, "tee", "bar"),
                                 ({"effect": "moderates"}, "odiamond", "diamond"),
                                 ({"kind": "leads_to"}, None, "arrow")]:
        assert edge_style(data).get("arrowhead") == head
        assert _vis_edge(0, data, False)["arrows"]["to"]["type"] == vis_head
    implied = {"status": "implied", "feedback": True}
    assert edge_style(implied)["style"] == "dashed" and edge_style(implied)["color"] == "#666666"
    vis = _vis_edge(0, implied, True)
    assert vis["dashes"] and vis["color"]["color"] == "#666666"


def test_an_element_outside_the_report_figure_is_grey_in_both_views():
    data = _node(in_figure=False)
    dot = node_style(data)
    # grey border and a paler fill; the text stays dark, so it is readable on every fill
    assert dot["color"] == style.OUTSIDE_FIGURE_COLOR
    assert dot["fontcolor"] == style.TEXT_COLOR
    assert dot["fillcolor"] != node_style(_node())["fillcolor"]
    assert "pt-outside-figure" in dot["class"]
    vis = _vis_node("n", NodeBox("n", 0, 0, 100, 30, "core", "action", 0, ("x",)), data, "nl")
    assert vis["color"]["border"] == style.OUTSIDE_FIGURE_COLOR
    assert vis["font"]["color"] == style.TEXT_COLOR
    assert "color" not in node_style(_node())


# ------------------------------------------------------------------------------ the palette

_SIMULATIONS = {  # Machado, Oliveira and Fernandes (2009), severity 1, on linear RGB
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protan": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
               (-0.003882, -0.048116, 1.051998)),
    "deutan": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
               (-0.011820, 0.042940, 0.968881)),
    "tritan": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
               (0.004733, 0.691367, 0.303900)),
}
_TO_XYZ = ((0.4124, 0.3576, 0.1805), (0.2126, 0.7152, 0.0722), (0.0193, 0.1192, 0.9505))
_WHITE = tuple(sum(row) for row in _TO_XYZ)


def _linear(colour: str) -> tuple[float, ...]:
    channels = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)


def _mul(matrix, vector) -> tuple[float, ...]:
    return tuple(sum(m * v for m, v in zip(row, vector, strict=True)) for row in matrix)


def _lab(colour: str, vision: str = "normal") -> tuple[float, float, float]:
    rgb = tuple(min(1.0, max(0.0, c)) for c in _mul(_SIMULATIONS[vision], _linear(colour)))
    x, y, z = (v / w for v, w in zip(_mul(_TO_XYZ, rgb), _WHITE, strict=True))

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _luminance(colour: str) -> float:
    return _mul(_TO_XYZ, _linear(colour))[1]


def test_the_colour_maths_is_right():
    assert _lab("#ffffff") == pytest.approx((100, 0, 0), abs=0.05)
    assert _lab("#000000") == pytest.approx((0, 0, 0), abs=0.05)
    assert _lab("#ff0000")[0] == pytest.approx(53.2, abs=0.3)  # the textbook value
    # red and green collapse for a deuteranope: the test can tell a bad pair from a good one
    red_green = sum((p - q) ** 2 for p, q in zip(_lab("#d55e00", "deutan"),
                                                   _lab("#009e73", "deutan"), strict=True))
    assert red_green ** 0.5 < sum((p - q) ** 2 for p, q in zip(
        _lab("#d55e00"), _lab("#009e73"), strict=True)) ** 0.5


def test_every_kind_differs_in_greyscale():
    lightness = {k: _lab(c)[0] for k, c in style.KIND_COLORS.items()}
    for (a, la), (b, lb) in itertools.combinations(lightness.items(), 2):
        assert abs(la - lb) >= 3.5, (a, b, la, lb)
    neighbours = [("assumption", "resource"), ("resource", "action"), ("action", "output"),
                  ("output", "outcome"), ("outcome", "follow_up"), ("problem", "goal"),
                  ("goal", "rationale"), ("problem", "rationale"), ("mechanism", "feedback"),
                  ("feedback", "external_factor")]
    for a, b in neighbours:
        assert abs(lightness[a] - lightness[b]) >= 12, (a, b)


@pytest.mark.parametrize("vision", list(_SIMULATIONS))
def test_every_kind_differs_in_colour_also_for_colour_blind_readers(vision):
    labs = {k: _lab(c, vision) for k, c in style.KIND_COLORS.items()}
    for (a, la), (b, lb) in itertools.combinations(labs.items(), 2):
        distance = sum((p - q) ** 2 for p, q in zip(la, lb, strict=True)) ** 0.5
        assert distance >= 10, (vision, a, b, distance)


def test_the_text_is_readable_on_every_fill():
    text = _luminance(style.TEXT_COLOR)
    for kind, colour in style.KIND_COLORS.items():
        assert (_luminance(colour) + 0.05) / (text + 0.05) >= 4.5, kind

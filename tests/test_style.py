"""The one style: every vocabulary value has a look, a missing one fails, and the static
figure and the interactive view read the same look."""

from __future__ import annotations

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
    assert dot["color"] == dot["fontcolor"] == style.OUTSIDE_FIGURE_COLOR
    assert "pt-outside-figure" in dot["class"]
    vis = _vis_node("n", NodeBox("n", 0, 0, 100, 30, "core", "action", 0, ("x",)), data, "nl")
    assert vis["color"]["border"] == vis["font"]["color"] == style.OUTSIDE_FIGURE_COLOR
    assert "color" not in node_style(_node())

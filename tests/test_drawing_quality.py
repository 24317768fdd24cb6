"""Counting what makes a drawing hard to read, and holding our layout to it."""

from __future__ import annotations


import pytest

from programtheory import build_graph, load_project
from programtheory import routing
from programtheory.drawing_quality import (Drawing, bezier_points, layout_drawing, measure,
                                           plain_dot_drawing, spline_polyline)
from programtheory.layout import layout_graph
from programtheory.layout_plan import make_plan
from programtheory.selection import select_subgraph

from project_support import REPO


def test_a_crossing_and_a_line_through_a_box_are_counted():
    boxes = {"a": (0, 0, 10, 10), "b": (100, 0, 110, 10), "c": (50, 30, 60, 40),
             "d": (0, 60, 10, 70), "e": (100, 60, 110, 70)}
    straight = (frozenset({"a", "b"}), [(10, 5), (100, 5)])
    through = (frozenset({"a", "e"}), [(10, 5), (55, 35), (100, 65)])  # through c
    across = (frozenset({"x", "y"}), [(80, -20), (80, 80)])  # crosses both, outside boxes
    quality = measure(Drawing(boxes, [straight, through, across]))
    assert (quality.through_boxes, quality.crossings) == (1, 2)
    inside = (frozenset({"x", "y"}), [(55, 20), (55, 50)])  # crosses `through` inside c
    assert measure(Drawing(boxes, [through, inside])).crossings == 0
    assert measure(Drawing(boxes, [straight])).crossings == 0


def test_a_trunk_that_carries_several_links_crosses_a_line_at_one_point():
    """Two links drawn over each other (a bundle's trunk) across a third: two pairs of links
    cross, at one point a reader sees."""
    trunk = [(0.0, 50.0), (100.0, 50.0)]
    one, two = (frozenset({"a", "b"}), trunk), (frozenset({"a", "c"}), [*trunk, (100, 90)])
    across = (frozenset({"x", "y"}), [(50.0, 0.0), (50.0, 100.0)])
    elsewhere = (frozenset({"x", "z"}), [(80.0, 0.0), (80.0, 100.0)])
    quality = measure(Drawing({}, [one, two, across, elsewhere]))
    assert (quality.crossings, quality.crossing_points) == (4, 2)


def test_lines_that_only_touch_at_an_end_do_not_cross():
    # two links into one arrow tip, as dot drew them: rounding puts the shared end 1e-16
    # inside both last pieces
    tip = (479.5, 950.54)
    one = (frozenset({"a", "t"}), [(470.0, 940.0), (478.06365740740745, 951.9173148148147), tip])
    two = (frozenset({"b", "t"}), [(470.0, 960.0), (478.06365740740745, 953.1372222222222), tip])
    assert measure(Drawing({}, [one, two])).crossings == 0
    # a branch that leaves a trunk: a T, not a crossing
    trunk = (frozenset({"a", "b"}), [(0.0, 10.0), (100.0, 10.0)])
    branch = (frozenset({"a", "c"}), [(0.0, 10.0), (443.00000000000006 - 400, 10.0),
                                      (43.0, 80.0)])
    assert measure(Drawing({}, [trunk, branch])).crossings == 0
    through = (frozenset({"x", "y"}), [(43.0, -5.0), (43.0, 5.0), (43.0, 80.0)])
    assert measure(Drawing({}, [trunk, through])).crossings == 1


def test_a_line_that_crosses_another_exactly_at_one_of_its_points_is_counted():
    # a sampled straight run of dot's has a point at the middle of its length, exactly where a
    # corridor lane halfway between two columns passes
    lane = (frozenset({"a", "b"}), [(197.0, 200.0), (197.0, 400.0)])
    across = (frozenset({"c", "d"}), [(187.0, 352.0), (197.0, 281.5), (207.0, 211.0)])
    assert measure(Drawing({}, [lane, across])).crossings == 1
    # a line that only touches the lane at its point and turns back does not cross it
    back = (frozenset({"c", "d"}), [(187.0, 352.0), (197.0, 281.5), (187.0, 211.0)])
    assert measure(Drawing({}, [lane, back])).crossings == 0
    # one that runs along it for a while does not cross it either
    along = (frozenset({"c", "d"}), [(187.0, 352.0), (197.0, 300.0), (197.0, 250.0),
                                     (187.0, 211.0)])
    assert measure(Drawing({}, [lane, along])).crossings == 0


def test_bezier_sampling_keeps_the_ends():
    line = bezier_points([(0, 0), (10, 0), (20, 10), (30, 10)])
    assert line[0] == (0, 0) and line[-1] == pytest.approx((30, 10))
    assert all(0 <= x <= 30 and 0 <= y <= 10 for x, y in line)


@pytest.fixture(scope="module")
def real():
    return load_project(REPO)


@pytest.mark.parametrize("version", ["initial", "revised"])
@pytest.mark.parametrize("figure_only", [True, False])
def test_no_link_is_drawn_through_a_box_that_is_not_its_end(report_layouts, version,
                                                            figure_only):
    layout = report_layouts[version, figure_only]
    quality = measure(layout_drawing(layout))
    assert quality.through_boxes == 0
    assert quality.edges == sum(1 for e in layout.edges if e.points and not e.by_frame) > 20


def test_dot_lines_alone_are_the_links_between_two_column_elements(report_layouts):
    layout = report_layouts["revised", False]
    alone = layout_drawing(layout, dot_only=True)
    drawn = [e for e in layout.edges if e.points and not e.by_frame]
    assert len(alone.edges) == sum(not e.routed for e in drawn) < len(drawn)


def test_searching_routes_and_lanes_removes_crossings(real, monkeypatch):
    graph = select_subgraph(build_graph(real, "initial"), figure_only=True)
    columns = real.version("initial").info.columns
    after = measure(layout_drawing(layout_graph(graph, columns=columns))).crossings
    monkeypatch.setattr(routing, "SEARCH_LIMIT", 0)  # default routes, first lane order
    before = measure(layout_drawing(layout_graph(graph, columns=columns))).crossings
    assert after < before


def test_plain_dot_draws_every_node_and_link(real):
    graph = build_graph(real, "revised")
    drawing = plain_dot_drawing(graph)
    assert set(drawing.boxes) == set(graph.nodes)
    assert len(drawing.edges) == sum(1 for u, v in graph.edges if u != v)


def test_dot_given_the_same_columns_keeps_each_column_in_one_rank():
    graph = build_graph(load_project(REPO), "revised")
    ranks = {n: r for n, r in make_plan(graph, None).rank.items() if n in graph}
    drawing = plain_dot_drawing(graph, ranks=ranks)
    centres: dict[int, set[float]] = {}
    for n, rank in ranks.items():
        if n in drawing.boxes:
            left, _top, right, _bottom = drawing.boxes[n]
            centres.setdefault(rank, set()).add(round((left + right) / 2))
    assert len(centres) > 3 and all(len(xs) == 1 for xs in centres.values())
    lefts = [min(xs) for _rank, xs in sorted(centres.items())]
    assert lefts == sorted(lefts)  # the columns keep their order, left to right


def test_a_straight_piece_stays_one_segment_and_a_curve_is_sampled():
    straight = [(0.0, 0.0), (10.0, 5.0), (20.0, 10.0), (30.0, 15.0)]
    curve = [(30.0, 15.0), (40.0, 40.0), (50.0, -20.0), (60.0, 15.0)]
    line = spline_polyline(straight + curve[1:])
    assert line[:2] == [(0.0, 0.0), (30.0, 15.0)]
    assert line[1:] == bezier_points(curve)
    assert spline_polyline(straight[:2]) == straight[:2]

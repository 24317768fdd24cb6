"""The order within the columns (`programtheory.core_order`), and the layout that keeps it."""

from __future__ import annotations

import json
from collections import Counter
from itertools import combinations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from programtheory import build_graph
from programtheory.core_order import _inversions, column_orders
from programtheory.drawing_quality import layout_drawing, measure
from programtheory.graphviz import run_graphviz
from programtheory.dot_output import dot_places
from programtheory.layout import _HELPER, _PASS, _core_dot, _core_edges
from programtheory.layout_plan import CORE, make_plan
from programtheory.synthetic import synthetic_project


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=30))
def test_segments_between_two_columns_are_counted_crossing_pair_by_pair(segments):
    """Two segments cross when their ends lie in the opposite order in the two columns;
    sharing an end is no crossing."""
    brute = sum((a1 - a2) * (b1 - b2) < 0 for (a1, b1), (a2, b2) in combinations(segments, 2))
    assert _inversions(list(segments)) == brute


def _chosen(graph):
    """The plan, dot's own order (y of each element), what `column_orders` makes of it, and
    the links dot draws."""
    plan = make_plan(graph, None)
    links = list(_core_edges(graph, plan))
    first = json.loads(run_graphviz(_core_dot(graph, plan, "nl"), "json0"))
    pairs = [(tail, head) for _u, _v, tail, head, _a in links]
    start = dot_places(first, plan, links, f"{_HELPER}col", _PASS)
    return plan, start, column_orders(graph, plan, pairs, _PASS, start), links


@settings(max_examples=8, deadline=None)
@given(st.integers(20, 70), st.integers(0, 10_000))
def test_the_order_holds_every_element_once_and_never_counts_more_than_dot(n, seed):
    graph = build_graph(synthetic_project(n, seed=seed))
    plan, _start, chosen, _links = _chosen(graph)
    assert chosen.crossings <= chosen.start_crossings
    for rank, items in chosen.orders.items():
        elements = [item for item in items if item in graph]
        expected = [m for m in graph if plan.region[m] == CORE and plan.rank.get(m) == rank]
        assert Counter(elements) == Counter(expected)
        assert all(item.startswith(_PASS) for item in items if item not in graph)


def test_dot_keeps_the_order_chosen():
    """The second dot run draws each column in the order `column_orders` chose, not in
    dot's own. (Read from that run itself: the layout keeps dot's first drawing when the
    second puts more lines through boxes.)"""
    graph = build_graph(synthetic_project(120, seed=2))
    plan, start, chosen, links = _chosen(graph)
    assert chosen.better
    second = json.loads(run_graphviz(_core_dot(graph, plan, "nl", chosen.orders), "json0"))
    drawn = dot_places(second, plan, links, f"{_HELPER}col", _PASS)
    differs = False
    for items in chosen.orders.values():
        elements = [item for item in items if item in graph]
        assert sorted(elements, key=drawn.get) == elements
        differs |= elements != sorted(elements, key=start.get)
    assert differs


# Crossings of the report's figures, measured with scripts/benchmark_render.py in December
# 2026 (ours / plain dot on the same graph): before the columns were ordered here, a
# rationale linked only to mechanisms went to an outer column and links to a frame were
# drawn to its member nearest their other end, and routes could go round the columns, the
# initial figure 185 / 20, with --all 290 / 37, the revised figure 68 / 44, with --all
# 162 / 66; after, 140, 228, 61 and 111. The bounds leave a little room for another
# Graphviz release.
REPORT_FIGURE_BOUNDS = {("initial", True): 150, ("initial", False): 245,
                        ("revised", True): 65, ("revised", False): 120}


@pytest.mark.parametrize(("version", "figure_only"), list(REPORT_FIGURE_BOUNDS))
def test_the_report_figures_cross_less_than_before(report_layouts, version, figure_only):
    quality = measure(layout_drawing(report_layouts[version, figure_only]))
    assert quality.through_boxes == 0
    assert quality.crossings <= REPORT_FIGURE_BOUNDS[version, figure_only]


@settings(max_examples=60, deadline=None)
@example(across=[(0, 1), (0, 5), (0, 1), (0, 0)], within=[(4, 1), (2, 3), (3, 4), (3, 2)],
         start=[0, 1, 2, 3, 4, 5])  # found by hand: swapping b2 and b3 looked good, was not
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 5)), max_size=8),
       st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=5),
       st.permutations(range(6)))
def test_links_within_a_column_never_make_the_order_worse_than_dots(across, within, start):
    """Links within a column (which the synthetic theories never have) are priced by the
    search only in part; whatever it tries, it never returns more crossings than dot's own
    order, which it counts in full. (Two columns, a0 a1 and b0..b5, with links from a to b,
    to the bands, and within b.)"""
    from programtheory import core_order

    layers = core_order._Layers(2)
    for i in range(2):
        layers.add_item(0, f"a{i}")
    for i in range(6):
        layers.add_item(1, f"b{i}")
    layers.gaps[0] += [(f"a{a}", f"b{b}") for a, b in across]
    layers.gaps[0] += [(core_order.BOTTOM, "b3"), (core_order.TOP, "b2")]
    layers.flat += [(f"b{u}", f"b{v}") for u, v in within if u != v]
    places = {"a0": 0, "a1": 1, **{f"b{b}": i for i, b in enumerate(start)}}
    original = core_order._build
    core_order._build = lambda *_args: layers
    try:
        chosen = core_order.column_orders(None, None, [], "p", places)
    finally:
        core_order._build = original
    assert chosen.crossings <= chosen.start_crossings
    assert sorted(chosen.orders[1]) == [f"b{i}" for i in range(6)]

"""Bundled routes: the links from one source into one corridor share a trunk that splits like
a tree, and the links into one target from one corridor share its last lane and its arrow.
Whatever the theory, two links of one bundle never cross each other."""

from __future__ import annotations

from itertools import combinations, pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programtheory import build_graph
from programtheory.drawing_quality import _cross, bezier_points
from programtheory.layout import layout_graph
from programtheory.selection import select_subgraph
from programtheory.synthetic import synthetic_project


def _crossings(a, b) -> int:
    return sum(_cross(p, q, r, s) is not None for p, q in pairwise(a) for r, s in pairwise(b))


def _bundles(layout):
    """Pairs of routed links that share a bundle: the same source and the same first lane
    (port and corridor), or the same target and the same arrow tip."""
    routed = [(e, bezier_points(e.points) + [e.tip]) for e in layout.edges if e.routed]
    for (a, line_a), (b, line_b) in combinations(routed, 2):
        if a.source == b.source and line_a[:2] == line_b[:2]:
            yield "source", a, b, line_a, line_b
        if a.target == b.target and a.tip == b.tip:
            yield "target", a, b, line_a, line_b


@settings(max_examples=40)
@given(size=st.integers(12, 70), seed=st.integers(0, 10_000))
def test_links_of_one_bundle_never_cross(size, seed):
    layout = layout_graph(build_graph(synthetic_project(size, seed=seed)))
    for _kind, _a, _b, line_a, line_b in _bundles(layout):
        assert _crossings(line_a, line_b) == 0


@pytest.fixture(scope="module")
def real_layouts(real_project):
    out = []
    for version in ("initial", "revised"):
        graph = build_graph(real_project, version)
        columns = real_project.version(version).info.columns
        for figure_only in (True, False):
            out.append(layout_graph(select_subgraph(graph, figure_only=figure_only),
                                    columns=columns))
    return out


def test_the_report_theories_draw_bundles_that_do_not_cross(real_layouts):
    shared = {kind: 0 for kind in ("source", "target")}
    for layout in real_layouts:
        for kind, _a, _b, line_a, line_b in _bundles(layout):
            shared[kind] += 1
            assert _crossings(line_a, line_b) == 0
    assert shared["source"] >= 5 and shared["target"] >= 5

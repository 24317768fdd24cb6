"""The shared layout: filters, focus, paths, columns, bands, groups, determinism, edge cases."""

from __future__ import annotations

import itertools

import pytest

from browser_support import link, node, project_of, small_project, synthetic_project
from programtheory import build_graph
from programtheory.errors import MissingTool, UsageError
from programtheory.layout import (BANDS, MAX_LINES, WRAP, layout_graph, select_subgraph,
                                  wrap_text)
from programtheory.model import Group, Label



@pytest.fixture(scope="module")
def small():
    return small_project()


@pytest.fixture(scope="module")
def graph(small):
    return build_graph(small)


@pytest.fixture(scope="module")
def layout(graph):
    return layout_graph(graph)


def boxes(layout):
    return [b for b in layout.nodes.values() if not b.cluster]


def overlaps(a, b, tol=0.5) -> bool:
    return (a.left < b.right - tol and b.left < a.right - tol
            and a.top < b.bottom - tol and b.top < a.bottom - tol)


# ------------------------------------------------------------------------------ filters

def test_filter_by_kind_level_condition(graph):
    sub = select_subgraph(graph, kinds=["outcome"])
    assert {graph.nodes[n]["kind"] for n in sub} == {"outcome"}
    assert all(graph.nodes[u]["kind"] == "outcome" for u, _ in sub.edges)
    sub = select_subgraph(graph, levels=["case"])
    assert set(sub) == {"act_a", "act_b", "out_a", "oc_s", "grp_actions"}
    sub = select_subgraph(graph, conditions=["necessary"])
    assert set(sub) == {"asm_a", "res_a"}
    sub = select_subgraph(graph, kinds=["assumption"], conditions=["facilitating"])
    assert set(sub) == {"asm_b"}


@pytest.mark.parametrize("kwargs, word, hint", [
    ({"levels": ["organsation"]}, "level 'organsation'", "did you mean 'organisation'?"),
    ({"kinds": ["asumption"]}, "kind 'asumption'", "did you mean 'assumption'?"),
    ({"conditions": ["necesary"]}, "condition 'necesary'", "did you mean 'necessary'?"),
    ({"focus": "act_x"}, "focus node id 'act_x'", "did you mean"),
    ({"paths": ("asm_a", "oc_lx")}, "path end id 'oc_lx'", "did you mean 'oc_l'?"),
])
def test_unknown_names_are_usage_errors_with_a_hint(graph, kwargs, word, hint):
    with pytest.raises(UsageError) as info:
        select_subgraph(graph, **kwargs)
    assert word in str(info.value) and hint in str(info.value)


def test_focus_takes_n_steps_both_ways_and_through_groups(graph):
    near = select_subgraph(graph, focus="out_a", depth=1)
    assert set(near) == {"out_a", "grp_actions", "oc_s"}
    wider = select_subgraph(graph, focus="out_a", depth=2)
    assert {"act_a", "act_b", "asm_a", "asm_b", "oc_m"} <= set(wider)
    assert set(select_subgraph(graph, focus="out_a", depth=0)) == {"out_a"}


def test_focus_keeps_the_focus_node_under_a_kind_filter(graph):
    sub = select_subgraph(graph, focus="out_a", depth=2, kinds=["outcome"])
    assert set(sub) == {"out_a", "oc_s", "oc_m"}


def test_paths_follow_links_and_groups_but_not_feedback(graph):
    sub = select_subgraph(graph, paths=("asm_b", "oc_l"))
    assert set(sub) == {"asm_b", "grp_actions", "act_a", "act_b", "out_a", "oc_s", "oc_m",
                        "oc_l"}
    assert "asm_a" not in sub  # a sibling source, not on a path from asm_b
    assert "fb_a" not in sub
    with pytest.raises(UsageError, match="no path from 'oc_l' to 'asm_a'"):
        select_subgraph(graph, paths=("oc_l", "asm_a"))
    with pytest.raises(UsageError, match="either focus or paths"):
        select_subgraph(graph, focus="oc_l", paths=("asm_a", "oc_l"))


def test_filtering_does_not_change_the_input(graph):
    before = (set(graph.nodes), set(graph.edges))
    select_subgraph(graph, kinds=["action"])
    assert (set(graph.nodes), set(graph.edges)) == before


def test_wrap_text_caps_lines_and_keeps_words():
    lines = wrap_text("x" * 500, WRAP, MAX_LINES)
    assert len(lines) == MAX_LINES and lines[-1].endswith("…")
    assert all(len(line) <= WRAP for line in lines)
    assert wrap_text("") == [""]


# ------------------------------------------------------------------------------ the layout

def test_every_node_and_link_is_placed(graph, layout):
    assert set(layout.nodes) == set(graph.nodes)
    drawn = {(e.source, e.target) for e in layout.edges}
    assert drawn == set(graph.edges)
    for e in layout.edges:
        assert len(e.points) >= 4 and (len(e.points) - 1) % 3 == 0, e
        assert e.tip is not None and not e.by_frame


def test_same_input_gives_the_same_layout(graph, layout):
    again = layout_graph(graph)
    assert again.positions() == layout.positions()
    assert [e.points for e in again.edges] == [e.points for e in layout.edges]
    assert again.frames == layout.frames and again.headers == layout.headers


def test_columns_run_left_to_right_in_the_default_order(layout):
    assert layout.columns == ("assumption", "resource", "action", "output", "outcome_short",
                              "outcome_medium", "outcome_long")
    xs = {h.column: h.x for h in layout.headers}
    assert list(xs.values()) == sorted(xs.values())
    for b in boxes(layout):
        if b.region == "core":
            assert abs(b.x - xs[b.column]) < 1.0, b  # centred in its column


def test_a_version_can_reorder_the_columns(graph):
    order = ["assumption", "resource", "outcome_short", "action", "output",
             "outcome_medium", "outcome_long"]
    lay = layout_graph(graph, columns=order)
    assert lay.columns == tuple(order)
    assert lay.nodes["oc_s"].x < lay.nodes["act_b"].x < lay.nodes["out_a"].x


def test_bands_sit_above_and_below_the_columns(layout):
    core = [b for b in boxes(layout) if b.region == "core"]
    top = min(b.top for b in core)
    bottom = max(b.bottom for b in core)
    band = {f.id: f for f in layout.frames if f.kind == "band"}
    assert set(band) == {b.key for b in BANDS}
    assert band["context"].y1 < min(h.y for h in layout.headers) < top
    assert bottom < band["mechanism"].y0 < band["mechanism"].y1 < band["feedback"].y0
    assert band["feedback"].y1 < band["external"].y0
    for b in boxes(layout):
        if b.region != "core":
            f = band[b.region]
            assert f.x0 <= b.left and b.right <= f.x1 and f.y0 <= b.top and b.bottom <= f.y1


def test_groups_are_frames_around_their_members(layout):
    frame = next(f for f in layout.frames if f.kind == "group")
    assert frame.id == "grp_actions" and set(frame.members) == {"act_a", "act_b"}
    for m in frame.members:
        b = layout.nodes[m]
        assert frame.x0 < b.left and b.right < frame.x1 and frame.y0 < b.top
        assert b.bottom < frame.y1
    label = layout.nodes["grp_actions"]
    assert label.cluster and frame.y0 <= label.y <= frame.y1
    # links to the group end at the frame, not at a member's box
    into = [e for e in layout.edges if e.target == "grp_actions"]
    assert into and all(abs(e.tip[0] - frame.x0) < 3 for e in into)


def test_overlapping_groups_fall_back_to_a_box():
    nodes = [node("a1", "action", "een"), node("a2", "action", "twee"),
             node("o1", "outcome", "drie", term="short")]
    groups = [Group(id="g1", label=Label(nl="g1"), members=["a1", "a2"]),
              Group(id="g2", label=Label(nl="g2"), members=["a2"])]
    p = project_of(nodes, [link("L1", "g2", "o1")], groups)
    lay = layout_graph(build_graph(p))
    assert lay.nodes["g1"].cluster and not lay.nodes["g2"].cluster
    assert lay.columns[-1] == "outcome_short"


def test_no_boxes_overlap(layout):
    for a, b in itertools.combinations(boxes(layout), 2):
        assert not overlaps(a, b), (a.id, b.id)


# ------------------------------------------------------------------------------ edge cases

def test_empty_theory():
    lay = layout_graph(build_graph(project_of([])))
    assert lay.nodes == {} and lay.edges == [] and lay.width > 0 and lay.height > 0


def test_one_node():
    lay = layout_graph(build_graph(project_of([node("a", "action", "alleen")])))
    assert list(lay.nodes) == ["a"] and lay.columns == ("action",)


def test_only_band_nodes():
    p = project_of([node(f"m{i}", "mechanism", f"mechanisme {i}") for i in range(9)])
    lay = layout_graph(build_graph(p))
    assert len(lay.nodes) == 9 and lay.columns == ()
    for a, b in itertools.combinations(lay.nodes.values(), 2):
        assert not overlaps(a, b)


def test_labels_of_500_characters():
    text = ("zeer lange omschrijving van een element " * 20)[:500]
    nodes = [node("a", "assumption", text), node("b", "action", "<" + text + ">"),
             node("m", "mechanism", text)]
    lay = layout_graph(build_graph(project_of(nodes, [link("L", "a", "b"),
                                                      link("M", "m", "b")])))
    assert all(len(b.lines) <= MAX_LINES for b in lay.nodes.values())
    assert lay.nodes["a"].lines[-1].endswith("…")


@pytest.mark.slow
def test_a_theory_of_1000_nodes():
    graph = build_graph(synthetic_project(1000))
    lay = layout_graph(graph)
    assert len(lay.nodes) == 1000
    by_rank: dict[int, list] = {}
    for b in lay.nodes.values():
        by_rank.setdefault((b.region, b.rank), []).append(b)
    for column in by_rank.values():  # boxes of one column (or band row set) never overlap
        column.sort(key=lambda b: b.top)
        for a, b in zip(column, column[1:], strict=False):
            assert a.bottom <= b.top + 0.5 or not overlaps(a, b)


# ------------------------------------------------------------------------------ Graphviz

def test_missing_graphviz_names_the_install_command(graph, tmp_path, monkeypatch):
    monkeypatch.setenv("PROGRAMTHEORY_GRAPHVIZ_BIN", str(tmp_path))  # an empty folder
    with pytest.raises(MissingTool) as info:
        layout_graph(graph)
    message = str(info.value)
    assert "sudo apt-get install graphviz" in message and "brew install graphviz" in message
    assert "conda install -c conda-forge graphviz" in message and "winget" in message


def test_groups_become_boxes_when_dot_fails_on_clusters(graph, monkeypatch):
    import programtheory.layout as layout_module

    real_run = layout_module.run_graphviz

    def picky(source, fmt, **kwargs):
        if "subgraph" in source:
            raise layout_module.GraphvizError("trouble in init_rank")
        return real_run(source, fmt, **kwargs)

    monkeypatch.setattr(layout_module, "run_graphviz", picky)
    lay = layout_graph(graph)
    assert not lay.nodes["grp_actions"].cluster and set(lay.nodes) == set(graph.nodes)


def test_unknown_language_is_a_usage_error(graph):
    with pytest.raises(UsageError, match="language"):
        layout_graph(graph, lang="fr")


# ------------------------------------------------------------------------------ real data

@pytest.mark.parametrize("version", ["initial", "revised"])
def test_the_report_theories_lay_out_cleanly(real_project, version):
    graph = build_graph(real_project, version)
    lay = layout_graph(graph, columns=real_project.version(version).info.columns)
    assert set(lay.nodes) == set(graph.nodes)
    assert {(e.source, e.target) for e in lay.edges} == {(u, v) for u, v in graph.edges
                                                         if u != v}
    for e in lay.edges:  # a line for each, except member ↔ own frame (the frame shows it)
        assert bool(e.points) != e.by_frame
        if e.by_frame:
            assert e.source in graph.nodes[e.target]["members"] or \
                e.target in graph.nodes[e.source]["members"]
    for a, b in itertools.combinations(boxes(lay), 2):
        assert not overlaps(a, b), (a.id, b.id)
    if real_project.version(version).info.columns:
        assert list(lay.columns) == [c for c in real_project.version(version).info.columns
                                     if c in lay.columns]

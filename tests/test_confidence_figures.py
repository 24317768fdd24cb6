"""The confidence channel of the figures: line width per grade, in the static figure, its legend
and the interactive view; figures without it stay as they were."""

from __future__ import annotations

import re

from browser_support import link, node, project_of
from programtheory import build_graph
from programtheory.confidence import PENWIDTH, VIS_WIDTH, annotate_graph
from programtheory.interactive import _vis_edge
from programtheory.layout import edge_style, layout_graph
from programtheory.model import ConfidenceDecision
from programtheory.render import figure_dot, render_formats


def _project():
    nodes = [node("a", "action", "Huisbezoek"), node("b", "output", "Plan"),
             node("c", "outcome", "Veiligheid", term="long")]
    links = [link("L1", "a", "b", confidence=ConfidenceDecision(grade="high", reason="r")),
             link("L2", "b", "c")]
    return project_of(nodes, links)


def test_links_are_as_wide_as_their_grade_and_the_legend_says_so():
    project = _project()
    version = project.version()
    graph = build_graph(project, version)
    annotate_graph(graph, project, version)
    assert graph.edges["a", "b"]["confidence"] == "high"
    assert graph.edges["b", "c"]["confidence"] == "very_low"
    assert edge_style(graph.edges["a", "b"])["penwidth"] == str(PENWIDTH["high"])
    assert edge_style(graph.edges["b", "c"])["penwidth"] == str(PENWIDTH["very_low"])
    assert _vis_edge(0, graph.edges["a", "b"], False)["width"] == VIS_WIDTH["high"]
    assert PENWIDTH["high"] > PENWIDTH["moderate"] > PENWIDTH["low"] > PENWIDTH["very_low"]
    dot = figure_dot(layout_graph(graph, lang="nl"))
    assert "Vertrouwen" in dot and "zeer laag" in dot


def test_figures_without_the_channel_are_unchanged(tmp_path):
    project = _project()
    graph = build_graph(project, project.version())
    assert "penwidth" not in edge_style(graph.edges["a", "b"])
    assert "Vertrouwen" not in figure_dot(layout_graph(graph, lang="nl"))
    files = render_formats(project, {"svg": tmp_path / "t.svg"}, confidence=True)
    widths = set(re.findall(r'stroke-width="([0-9.]+)"', files["svg"].read_text()))
    assert {str(PENWIDTH["high"]), str(PENWIDTH["very_low"])} <= widths


def test_nodes_carry_the_channel_and_the_interactive_legend_says_what_widths_mean(tmp_path):
    from programtheory.confidence import NODE_PENWIDTH
    from programtheory.layout import node_style
    project = _project()
    version = project.version()
    graph = build_graph(project, version)
    plain = render_formats(project, {"html": tmp_path / "plain.html"})["html"]
    assert "hoog vertrouwen" not in plain.read_text(encoding="utf-8")
    annotate_graph(graph, project, version)
    assert node_style(graph.nodes["a"])["penwidth"] == str(NODE_PENWIDTH["very_low"])
    page = render_formats(project, {"html": tmp_path / "c.html"}, confidence=True)["html"]
    text = page.read_text(encoding="utf-8")
    legend = text[text.index('<details id="pt-legend"'):]
    legend = legend[:legend.index("</details>")]
    assert "dikke lijn = hoog vertrouwen" in legend and "dikke rand = hoog vertrouwen" in legend
    assert "Vertrouwen:" in legend

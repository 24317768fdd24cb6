"""One legend for both views: every symbol drawn is explained, '±' and grey elements included."""

from __future__ import annotations

import networkx as nx

from programtheory.layout import layout_graph
from programtheory.legend import legend_rows, legend_swatch_svg
from programtheory.render import figure_dot


def _graph(**extra):
    g = nx.DiGraph(version="v")
    g.add_node("a", kind="action", label_nl="doe iets", polarity="desired", condition=None)
    g.add_node("b", kind="outcome", label_nl="gevolg", polarity="mixed", term="short",
               condition="necessary", **extra)
    g.add_edge("a", "b", kind="hinders", status="implied", effect="hinders")
    return g


def _labels(rows):
    return {title: [item.label for item in items] for title, items in rows}


def test_the_legend_explains_every_symbol_that_is_drawn():
    rows = _labels(legend_rows(_graph(), "nl"))
    assert rows["Soort"] == ["actie", "uitkomst"]
    assert "± gemengd: gewenst én ongewenst" in rows["Vorm"] and "noodzakelijk" in rows["Vorm"]
    assert "faciliterend" not in rows["Vorm"]  # not drawn, not explained
    assert rows["Verband"] == ["uitgesproken verband", "afgeleid verband",
                               "belemmert of voorkomt"]
    assert "Figuur" not in rows and "Bewijs" not in rows


def test_a_kind_the_project_names_is_shown_by_its_name():
    graph = _graph()
    graph.graph["kind_labels"] = {"en": {"action": "intervention"}}
    assert _labels(legend_rows(graph, "en"))["Kind"] == ["intervention", "outcome"]
    assert _labels(legend_rows(graph, "nl"))["Soort"] == ["actie", "uitkomst"]


def test_elements_outside_the_report_figure_are_explained():
    rows = _labels(legend_rows(_graph(in_figure=False), "en"))
    assert rows["Figure"] == ["not drawn in the report's figure"]
    dot = figure_dot(layout_graph(_graph(in_figure=False), lang="en"))
    assert "not drawn in the report" in dot and "pt-outside-figure" in dot


def test_the_evidence_badge_is_explained_where_it_is_drawn():
    g = _graph()
    g.nodes["a"]["evidence_count"] = 2
    assert "Bewijs" not in _labels(legend_rows(g, "nl"))
    assert _labels(legend_rows(g, "nl", badge=True))["Bewijs"] == ["aantal bewijsstukken"]


def test_swatches_draw_the_same_look():
    rows = dict(legend_rows(_graph(), "nl"))
    necessary = next(i for i in rows["Vorm"] if i.label == "noodzakelijk")
    assert legend_swatch_svg(necessary).count("<rect") == 2  # the double border
    mixed = next(i for i in rows["Vorm"] if i.label.startswith("±"))
    assert legend_swatch_svg(mixed).count("<line") == 4  # cut corners
    implied = next(i for i in rows["Verband"] if i.label == "afgeleid verband")
    assert "stroke-dasharray" in legend_swatch_svg(implied)
    tee = next(i for i in rows["Verband"] if i.label == "belemmert of voorkomt")
    assert "<polygon" not in legend_swatch_svg(tee)

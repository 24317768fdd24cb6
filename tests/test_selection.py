"""One Selection from the command line to the figure: its fields, figure_only, its words."""

from __future__ import annotations

import networkx as nx
import pytest

from programtheory.errors import UsageError
from programtheory.selection import Selection, describe_selection, select_subgraph


def _graph():
    g = nx.DiGraph(version="v")
    g.add_node("a", kind="action", levels=["team"], condition=None, in_figure=True)
    g.add_node("b", kind="outcome", levels=["client"], condition="necessary", in_figure=False)
    g.add_node("c", kind="outcome", levels=["client"], condition=None, in_figure=True)
    g.add_edge("a", "b")
    g.add_edge("b", "c")
    return g


def test_selection_of_keywords_or_an_object():
    assert Selection.of(kinds="outcome").kinds == ("outcome",)
    base = Selection(levels=["team"])
    assert Selection.of(base) is base
    assert Selection.of(base, depth=3) == Selection(levels=("team",), depth=3)
    with pytest.raises(TypeError, match="unknown filter"):
        Selection.of(colour="red")


def test_figure_only_drops_what_the_report_figure_does_not_draw():
    g = _graph()
    assert set(select_subgraph(g, figure_only=True)) == {"a", "c"}
    assert set(select_subgraph(g, figure_only=False)) == {"a", "b", "c"}
    assert set(select_subgraph(g)) == {"a", "b", "c"}  # undecided: everything


def test_resolved_follows_the_version_unless_told():
    assert Selection().resolved(True).figure_only is True
    assert Selection().resolved(False).figure_only is False
    assert Selection(figure_only=False).resolved(True).figure_only is False
    assert Selection(figure_only=True).resolved(False).figure_only is True


def test_selection_and_keywords_select_the_same():
    g = _graph()
    assert set(select_subgraph(g, Selection(kinds=["outcome"], levels=["client"]))) == set(
        select_subgraph(g, kinds=["outcome"], levels=["client"])) == {"b", "c"}
    assert set(select_subgraph(g, Selection(conditions=["necessary"]))) == {"b"}


@pytest.mark.parametrize("selection, message", [
    (Selection(kinds=["outcom"]), "did you mean"), (Selection(depth=-1), "--depth"),
    (Selection(focus="a", paths=("a", "c")), "either focus or paths"),
])
def test_bad_selections_are_usage_errors(selection, message):
    with pytest.raises(UsageError, match=message):
        select_subgraph(_graph(), selection)


def test_describe_in_both_languages():
    assert describe_selection("en", Selection(focus="a", depth=1)) == "around a (1 step)"
    assert describe_selection("nl", kinds=["outcome"]) == "soort: uitkomst"
    assert Selection().describe("nl") == ""

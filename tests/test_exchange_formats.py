"""Open exchange formats: each file read back by the tool that reads it (networkx for GraphML
and GEXF), the filters of render, and GraphML/CSV back into a version."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from browser_support import XSS, link, node, project_of, synthetic_project
from text_support import copy_project, digests

from programtheory import load_project
from programtheory.cli import main
from programtheory.errors import UsageError
from programtheory.exchange.formats import (JSON_SCHEMA_VERSION, export_graph, flat_graph,
                                            mermaid, plan_graph_import, selected_graph)
from programtheory.layout import layout_graph
from programtheory.render import figure_dot

VERSION = "revised"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("formats") / "project")
    return load_project(root)


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_read_back_with_every_node_edge_and_attribute(shipped, tmp_path, fmt,
                                                                        reader):
    path = export_graph(shipped, fmt, version=VERSION, out=tmp_path / f"t.{fmt}")
    back = reader(path)
    graph = selected_graph(shipped, VERSION)
    expected = flat_graph(graph, "nl", layout_graph(graph, lang="nl"))
    assert set(back.nodes) == set(expected.nodes)
    assert set(back.edges) == set(expected.edges)
    for n, data in expected.nodes(data=True):
        got = back.nodes[n]
        for key in ("kind", "label_nl", "label_en", "levels", "groups", "evidence", "label"):
            assert got[key] == data[key], (n, key)
        if fmt == "graphml":
            assert (got["x"], got["y"], got["color"]) == (data["x"], data["y"], data["color"])
        else:
            assert got["viz"]["position"]["x"] == pytest.approx(data["x"])
            assert got["viz"]["color"]["r"] == data["r"]
    for u, v, data in expected.edges(data=True):
        for key in ("id", "kind", "status", "sentence", "links"):
            assert back.edges[u, v][key] == data[key]
    assert json.loads(back.nodes[next(iter(graph.nodes))]["levels"]) == \
        graph.nodes[next(iter(graph.nodes))]["levels"]


def test_exports_take_the_filters_of_render(shipped, tmp_path):
    path = export_graph(shipped, "graphml", version=VERSION, out=tmp_path / "o.graphml",
                        kinds=["outcome"], positions=False)
    kinds = {d["kind"] for _, d in nx.read_graphml(path).nodes(data=True)}
    assert kinds and kinds <= {"outcome", "group"}
    focus = shipped.versions[VERSION].nodes[0].id
    data = json.loads(export_graph(shipped, "json", version=VERSION, out=tmp_path / "f.json",
                                   focus=focus, depth=1).read_text(encoding="utf-8"))
    graph = selected_graph(shipped, VERSION, focus=focus, depth=1)
    assert {n["id"] for n in data["nodes"]} == set(graph.nodes) and data["filtered"]
    with pytest.raises(UsageError, match="keep no element"):
        export_graph(shipped, "json", version=VERSION, out=tmp_path / "x.json",
                     levels=["partner"], kinds=["problem"])


def test_json_has_a_versioned_schema(shipped, tmp_path):
    data = json.loads(export_graph(shipped, "json", version=VERSION, out=tmp_path / "t.json")
                      .read_text(encoding="utf-8"))
    assert data["schema"] == "programtheory-graph"
    assert data["schema_version"] == JSON_SCHEMA_VERSION == 1
    graph = selected_graph(shipped, VERSION)
    assert len(data["nodes"]) == graph.number_of_nodes()
    assert len(data["edges"]) == graph.number_of_edges()
    assert data["theory"]["version"] == VERSION
    first = data["edges"][0]
    assert graph.edges[first["source"], first["target"]]["kind"] == first["kind"]


def test_dot_is_the_figure_s_own_source(shipped, tmp_path):
    text = export_graph(shipped, "dot", version=VERSION, out=tmp_path / "t.dot").read_text()
    graph = selected_graph(shipped, VERSION)
    assert text == figure_dot(layout_graph(graph, lang="nl"))


def test_mermaid_is_accessible_escaped_and_bounded(tmp_path):
    nodes = [node(f"n{i}", "action", text) for i, text in enumerate(XSS)]
    links = [link(f"L{i}", f"n{i}", f"n{i + 1}") for i in range(len(XSS) - 1)]
    graph = selected_graph(project_of(nodes, links))
    text = mermaid(graph)
    assert "accTitle: Theorie v1" in text and "accDescr: 8 elementen en 7 verbanden" in text
    assert "<script>" not in text and "<img" not in text and '"><svg' not in text
    assert text.count("-->") == 7
    big = selected_graph(synthetic_project(1000))
    with pytest.raises(UsageError, match="at most 500.*--focus"):
        mermaid(big)


def test_csv_is_two_files_that_import_back_unchanged_and_with_an_edit(tmp_path):
    root = copy_project(tmp_path / "project")
    project = load_project(root)
    before = digests(root)
    assert main(["export", "--format", "csv", str(root), "--version", VERSION, "--out",
                 str(tmp_path / "t.csv")]) == 0
    nodes_file, links_file = tmp_path / "t-Elementen.csv", tmp_path / "t-Verbanden.csv"
    assert links_file.is_file()
    assert plan_graph_import(project, "csv", nodes_file, into=VERSION).changed == []
    lines = nodes_file.read_text(encoding="utf-8").splitlines()
    first = project.versions[VERSION].nodes[0]
    assert first.label.nl in lines[1]
    lines[1] = lines[1].replace(first.label.nl, "een nieuw label")
    nodes_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["import", "csv", str(links_file), str(root), "--as", "uit_csv"]) == 0
    assert digests(root).items() >= before.items()
    new = load_project(root).versions["uit_csv"]
    assert new.node(first.id).label.nl == "een nieuw label"
    assert new.info.based_on == VERSION


def test_graphml_imports_as_a_new_version_with_one_edit(shipped, tmp_path):
    root = copy_project(tmp_path / "project")
    project = load_project(root)
    path = export_graph(project, "graphml", version=VERSION, out=tmp_path / "t.graphml",
                        positions=False)
    assert plan_graph_import(project, "graphml", path, into=VERSION).changed == []
    graph = nx.read_graphml(path)
    target = project.versions[VERSION].nodes[5].id
    graph.nodes[target]["label_en"] = "edited in yEd"
    nx.write_graphml(graph, path)
    plan = plan_graph_import(project, "graphml", path, as_version="uit_yed")
    assert [(c.id, [f.field for f in c.fields]) for c in plan.diff.changes(status="changed")] \
        == [(target, ["label_en"])]
    plan.write()
    assert load_project(root).versions["uit_yed"].node(target).label.en == "edited in yEd"

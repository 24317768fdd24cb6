"""The networkx graph of a version: nodes, edges, plain JSON attributes, evidence."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from golden_support import BASE as VALID
from golden_support import golden_project
from programtheory import InvalidProject, build_graph, build_graphs, load_project



@pytest.fixture(scope="module")
def project():
    return load_project(VALID)


def test_graph_has_every_node_and_link(project):
    graph = build_graph(project, "v1")
    assert set(graph.nodes) == {"res_time", "act_meeting", "oc_safety"}
    assert set(graph.edges) == {("res_time", "act_meeting"), ("act_meeting", "oc_safety")}
    assert graph.edges["act_meeting", "oc_safety"]["id"] == "L2"


def test_attributes_are_plain_json(project):
    data = nx.node_link_data(build_graph(project), edges="links")
    # a tuple, set or model among the attributes would not come back equal (or not dump at all)
    assert json.loads(json.dumps(data)) == data
    assert {n["id"] for n in data["nodes"]} == {"res_time", "act_meeting", "oc_safety"}


def test_node_attributes(project):
    node = build_graph(project).nodes["oc_safety"]
    assert node["kind"] == "outcome" and node["term"] == "long"
    assert node["column"] == "outcome_long"
    assert node["label_nl"] == "duurzame veiligheid" and node["label_en"] == "lasting safety"
    res = build_graph(project).nodes["res_time"]
    assert res["condition"] == "necessary" and res["citations"] == ["munro-etal-2016"]


def test_evidence_is_attached_to_nodes_and_edges(project):
    graph = build_graph(project)
    assert graph.nodes["act_meeting"]["evidence"] == ["q_1"]
    assert graph.nodes["act_meeting"]["stances"] == {"supports": 1, "contradicts": 0,
                                                     "nuances": 0}
    assert graph.edges["act_meeting", "oc_safety"]["evidence_count"] == 1
    assert graph.edges["res_time", "act_meeting"]["evidence_count"] == 0


def test_edges_know_if_they_are_causal(project):
    graph = build_graph(project)
    assert graph.edges["act_meeting", "oc_safety"]["causal"] is True
    assert graph.edges["act_meeting", "oc_safety"]["status"] == "implied"


def test_default_version_is_the_newest(project):
    assert project.default_version_id() == "v1"
    assert set(build_graphs(project)) == {"v1"}


def test_load_project_raises_with_every_finding(tmp_path):
    with pytest.raises(InvalidProject) as exc:
        load_project(golden_project("many-problems-at-once", tmp_path / "p"))
    assert len(exc.value.findings) >= 5
    assert "error(s) in the project" in str(exc.value)


def test_groups_become_group_nodes(tmp_path):
    import shutil
    shutil.copytree(VALID, tmp_path / "p")
    version = tmp_path / "p" / "theory" / "versions" / "v1.yaml"
    text = version.read_text(encoding="utf-8").replace(
        "links:\n", "groups:\n  - id: grp_long\n    label: {nl: Lange termijn uitkomst}\n"
        "    members: [oc_safety]\nlinks:\n", 1)
    version.write_text(text, encoding="utf-8")
    graph = build_graph(load_project(tmp_path / "p"))
    assert graph.nodes["grp_long"]["is_group"] is True
    assert graph.nodes["grp_long"]["members"] == ["oc_safety"]
    assert graph.nodes["grp_long"]["kind"] == "outcome"
    assert graph.nodes["oc_safety"]["groups"] == ["grp_long"]

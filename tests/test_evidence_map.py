"""The evidence-gap matrix, elements without evidence, quotes per element, and the weakest
pathway (bottleneck path) from actions to long-term outcomes."""

from __future__ import annotations

import itertools
import random

import pytest

from programtheory import build_graph
from programtheory.settings import ProjectSettings
from programtheory.evidence_map import (NO_WORK_PACKAGE, CellEvidence, Step, causal_steps,
                                        evidence_map, evidence_matrix, pathway_ends,
                                        path_records, quote_records, quotes_by_element,
                                        unevidenced, unreached_actions, weakest_path,
                                        weakest_paths)
from programtheory.model import (Evidence, Group, Label, Link, Node, Project, SourcesFile,
                                 Version, VersionInfo)



# ------------------------------------------------------------------ a hand-made project

def node(node_id: str, kind: str, term: str | None = None, **extra) -> Node:
    return Node(id=node_id, kind=kind, label=Label(nl=f"{node_id} nl", en=f"{node_id} en"),
                term=term, **extra)


def link(link_id: str, source, target, kind: str = "leads_to") -> Link:
    return Link.model_validate({"id": link_id, "from": source, "to": target, "kind": kind,
                                "status": "stated"})


def evidence(evidence_id: str, bears_on: list[str], kind: str = "quote", stance="supports",
             wp: str | None = "WP4", role: str = "") -> Evidence:
    return Evidence(id=evidence_id, kind=kind, text=f"tekst {evidence_id}", bears_on=bears_on,
                    stance=stance, work_package=wp, role=role)


def project(nodes, groups, links, items, version_id="v1") -> Project:
    version = Version(info=VersionInfo(id=version_id, title=Label(nl="Versie")), nodes=nodes,
                      groups=groups, links=links, path=f"theory/versions/{version_id}.yaml")
    return Project(root=".", versions={version_id: version}, evidence=items,
                   sources=SourcesFile(), recommendations=[])


# Link evidence counts: K1=3, K2=2, K3=1, K4=5, K5=0, K6=4, K10=2.
#   act_a -K1-> out_o -K2-> oc_x          bottleneck 2
#   act_a -K3-> oc_m  -K4-> oc_x          bottleneck 1   <- weakest act_a -> oc_x
#   act_a -K10-> oc_x                     bottleneck 2
#   g_act = {act_b, act_c} -K5-> out_o    (read as act_b -> out_o and act_c -> out_o)
#   oc_m -K6-> g_lt = {oc_y, oc_z}        (read as oc_m -> oc_y, oc_m -> oc_z)
# K7 (feeds_back) and K8 (part_of) are not causal; act_d reaches nothing.
COUNTS = {"K1": 3, "K2": 2, "K3": 1, "K4": 5, "K5": 0, "K6": 4, "K7": 0, "K8": 0, "K9": 0,
          "K10": 2}


@pytest.fixture(scope="module")
def hand_made() -> Project:
    nodes = [node("res_r", "resource"), node("act_a", "action"), node("act_b", "action"),
             node("act_c", "action"), node("act_d", "action"), node("out_o", "output"),
             node("oc_m", "outcome", "medium"), node("oc_x", "outcome", "long"),
             node("oc_y", "outcome", "long"), node("oc_z", "outcome", "long")]
    groups = [Group(id="g_act", label=Label(nl="Acties"), members=["act_b", "act_c"]),
              Group(id="g_lt", label=Label(nl="Lange termijn"), term="long",
                    members=["oc_y", "oc_z"])]
    links = [link("K1", "act_a", "out_o"), link("K2", "out_o", "oc_x"),
             link("K3", "act_a", "oc_m"), link("K4", "oc_m", "oc_x"),
             link("K5", "g_act", "out_o"), link("K6", "oc_m", "g_lt"),
             link("K7", "out_o", "act_a", "feeds_back"), link("K8", "act_d", "act_a", "part_of"),
             link("K9", "res_r", "act_a", "enables"), link("K10", "act_a", "oc_x")]
    items = []
    kinds = ["quote", "statistic", "literature"]
    for link_id, count in COUNTS.items():
        for i in range(count):
            items.append(evidence(f"e_{link_id}_{i}", [link_id], kind=kinds[i % 3],
                                  stance="contradicts" if i == 1 else "supports"))
    items.append(evidence("e_node", ["act_a", "act_a", "oc_x"], role="mama casestudie",
                          wp=None, stance="nuances"))
    items.append(evidence("e_other_version", ["not_in_v1"]))
    return project(nodes, groups, links, items)


def test_weakest_path_prefers_the_chain_with_the_least_evidenced_link(hand_made):
    found = {(p.source, p.target): p for p in weakest_paths(hand_made)}
    path = found[("act_a", "oc_x")]
    assert path.nodes == ("act_a", "oc_m", "oc_x")
    assert path.links == ("K3", "K4")
    assert path.bottleneck == 1 and path.hops == 2 and path.weakest_links == ("K3",)
    # a longer but weaker chain beats a short strong one
    assert found[("act_a", "oc_y")].nodes == ("act_a", "oc_m", "oc_y")
    assert found[("act_a", "oc_y")].steps[1].via == ("oc_m", "g_lt")  # read through the group
    assert found[("act_a", "g_lt")].links == ("K3", "K6")


def test_links_of_a_group_count_for_its_members(hand_made):
    found = {(p.source, p.target): p for p in weakest_paths(hand_made)}
    for source in ("act_b", "act_c", "g_act"):
        path = found[(source, "oc_x")]
        assert path.links == ("K5", "K2") and path.bottleneck == 0
    # out_o does not lead to oc_y, so the group's actions do not reach it
    assert ("act_b", "oc_y") not in found
    # sorted weakest first
    keys = [(p.bottleneck, p.hops, p.source, p.target) for p in weakest_paths(hand_made)]
    assert keys == sorted(keys)


def test_non_causal_links_are_no_steps(hand_made):
    links = {s.link for s in causal_steps(hand_made)}
    assert links.isdisjoint({"K7", "K8"})
    assert unreached_actions(hand_made) == ["act_d"]


def test_pathway_ends(hand_made):
    actions, outcomes = pathway_ends(hand_made)
    assert actions == ["act_a", "act_b", "act_c", "act_d", "g_act"]
    assert outcomes == ["oc_x", "oc_y", "oc_z", "g_lt"]


def test_step_counts_equal_the_graph_edge_attribute(hand_made):
    graph = build_graph(hand_made)
    for step in causal_steps(hand_made):
        if step.via is None:
            assert graph.edges[step.source, step.target]["evidence_count"] == \
                step.evidence_count == COUNTS[step.link]


def test_no_path_and_trivial_cases():
    assert weakest_path([("a", "b", "l", 1)], "b", "a") is None
    assert weakest_path([("a", "b", "l", 1)], "a", "a") is None
    assert weakest_path([], "a", "b") is None
    one = weakest_path([Step("a", "b", "l", 4)], "a", "b")
    assert one.nodes == ("a", "b") and one.bottleneck == 4


def test_ties_fewest_steps_then_ids():
    steps = [("s", "z", "l1", 0), ("z", "t", "l2", 0),        # 2 steps, bottleneck 0
             ("s", "a", "l3", 0), ("a", "b", "l4", 0), ("b", "t", "l5", 0),  # 3 steps
             ("s", "y", "l6", 0), ("y", "t", "l7", 5)]       # 2 steps, 'y' < 'z'
    assert weakest_path(steps, "s", "t").nodes == ("s", "y", "t")
    parallel = [("s", "t", "b", 2), ("s", "t", "a", 2), ("s", "t", "c", 1)]
    assert weakest_path(parallel, "s", "t").links == ("c",)  # the weaker of parallel links
    tie = [("s", "t", "b", 2), ("s", "t", "a", 2)]
    assert weakest_path(tie, "s", "t").links == ("a",)


def _brute_force(steps: list[tuple], source: str, target: str):
    best = None
    out: dict[str, list[tuple]] = {}
    for s in steps:
        out.setdefault(s[0], []).append(s)

    def visit(u, path, seen):
        nonlocal best
        for s in out.get(u, []):
            if s[1] in seen:
                continue
            path.append(s)
            if s[1] == target:
                key = (min(x[3] for x in path), len(path), [(x[1], x[2]) for x in path])
                best = key if best is None or key < best else best
            else:
                visit(s[1], path, seen | {s[1]})
            path.pop()

    if source != target:
        visit(source, [], {source})
    return best


@pytest.mark.parametrize("acyclic", [True, False])
def test_weakest_path_matches_brute_force_on_random_graphs(acyclic):
    rng = random.Random(20240611 + acyclic)
    names = [f"n{i}" for i in range(7)]
    for trial in range(150):
        steps = []
        for k in range(rng.randint(4, 16)):
            a, b = rng.sample(range(7), 2)
            if acyclic and a > b:
                a, b = b, a
            steps.append((names[a], names[b], f"L{k}", rng.randint(0, 3)))
        for source, target in itertools.permutations(names[:4], 2):
            expected = _brute_force(steps, source, target)
            found = weakest_path(steps, source, target)
            if expected is None:
                assert found is None, (trial, steps, source, target)
                continue
            assert found is not None, (trial, steps, source, target)
            key = (found.bottleneck, found.hops, [(s.target, s.link) for s in found.steps])
            assert key == expected, (trial, steps, source, target)
            assert len(set(found.nodes)) == len(found.nodes)  # a simple path


def test_cyclic_search_has_a_budget():
    ring = [(f"n{i}", f"n{j}", f"l{i}{j}", 1) for i in range(9) for j in range(9) if i != j]
    with pytest.raises(RuntimeError, match="cycle"):
        weakest_path(ring, "n0", "n8", max_paths=50)


def test_weakest_path_scales_without_enumerating_paths():
    # a layered DAG with 30 layers of 4 fully connected elements has 4**29 paths
    steps, layers = [], [[f"x{layer}_{i}" for i in range(4)] for layer in range(30)]
    for _k, (left, right) in enumerate(zip(layers, layers[1:], strict=False)):
        for a in left:
            for b in right:
                steps.append((a, b, f"{a}-{b}", 3))
    steps.append(("x14_2", "x15_1", "weak", 0))
    for s in steps:
        if (s[0], s[1]) == ("x14_2", "x15_1") and s[2] != "weak":
            steps.remove(s)
            break
    steps += [("start", a, f"start-{a}", 3) for a in layers[0]]
    path = weakest_path(steps, "start", "x29_0")
    assert path.bottleneck == 0 and "weak" in path.links and path.hops == 30


# ------------------------------------------------------------------ the matrix

def test_matrix_by_kind_counts_and_stances(hand_made):
    matrix = evidence_matrix(hand_made, axis="kind")
    rows = {row["element"]: row for row in matrix.rows}
    assert matrix.columns[:5] == ["element", "type", "kind", "label_nl", "label_en"]
    assert rows["K1"]["quote"] == 1 and rows["K1"]["statistic"] == 1
    assert rows["K1"]["literature"] == 1 and rows["K1"]["total"] == 3
    assert rows["K1"]["contradicts"] == 1 and rows["K1"]["supports"] == 2
    assert rows["act_a"]["total"] == 1 and rows["act_a"]["nuances"] == 1  # listed twice: once
    assert rows["K1"]["type"] == "link" and rows["K1"]["label_nl"] == "act_a → out_o"
    assert rows["g_act"]["type"] == "group" and rows["g_act"]["kind"] == "action"
    assert matrix.cell("K1", "statistic").text() == "1 (−1)"
    assert "not_in_v1" not in rows


def test_matrix_by_work_package(hand_made):
    assert evidence_matrix(hand_made, axis="work_package").categories == [NO_WORK_PACKAGE]
    sources = [{"id": wp, "label": {"nl": wp}} for wp in ("WP1", "WP2", "WP3", "WP4")]
    hand_made = hand_made.model_copy(update={"settings": ProjectSettings.model_validate(
        {"vocabulary": {"evidence_sources": sources}})})
    matrix = evidence_matrix(hand_made, axis="work_package")
    assert matrix.categories == ["WP1", "WP2", "WP3", "WP4", NO_WORK_PACKAGE]
    rows = {row["element"]: row for row in matrix.rows}
    assert rows["K4"]["WP4"] == 5 and rows["oc_x"][NO_WORK_PACKAGE] == 1
    with pytest.raises(ValueError):
        evidence_matrix(hand_made, axis="stance")


def test_elements_without_evidence(hand_made):
    gaps = unevidenced(hand_made)
    ids = [e.id for e in gaps]
    assert "K5" in ids and "res_r" in ids and "g_lt" in ids
    assert "K1" not in ids and "act_a" not in ids and "oc_x" not in ids
    assert [e.type for e in gaps if e.id == "K5"] == ["link"]
    assert ids == [e.id for e in evidence_matrix(hand_made).gaps]


def test_quotes_per_element_with_role(hand_made):
    quotes = quotes_by_element(hand_made)
    assert [q.id for q in quotes["act_a"]] == ["e_node"]
    records = quote_records(hand_made)
    row = next(r for r in records.rows if r["element"] == "oc_x")
    assert row["role"] == "mama casestudie" and row["evidence"] == "e_node"
    assert all(r["evidence"].startswith("e_") for r in records.rows)
    assert "e_K1_1" not in {r["evidence"] for r in records.rows}  # a statistic, not a quote


def test_html_and_markdown_show_gaps_empty_and_escape(hand_made):
    hand_made = hand_made.model_copy(deep=True)
    hand_made.versions["v1"].nodes[0].label.nl = "<img src=x onerror=alert(1)>"
    matrix = evidence_matrix(hand_made)
    page = matrix.to_html()
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    k1 = next(line for line in page.splitlines() if line.startswith("<tr><td>K1</td>"))
    assert "<td>1 (−1)</td>" in k1 and "<td class=\"num\">3</td>" in k1  # statistic contradicts; total
    k5 = next(line for line in page.splitlines() if line.startswith("<tr><td>K5</td>"))
    assert k5.count("<td></td>") == 6  # a gap: five empty kinds and an empty total
    markdown = matrix.to_markdown()
    assert "\\<img" in markdown


def test_cell_text():
    assert CellEvidence(("a",), contradicts=1).text() == "1 (−1)"


def test_to_dataframe(hand_made):
    import pandas as pd
    frame = evidence_matrix(hand_made).to_dataframe()
    assert isinstance(frame, pd.DataFrame) and list(frame.columns)[:1] == ["element"]


def test_evidence_map_bundle(hand_made):
    result = evidence_map(hand_made)
    assert result.version == "v1"
    assert result.by_kind.axis == "kind" and result.by_work_package.axis == "work_package"
    assert [e.id for e in result.unevidenced] == [e.id for e in unevidenced(hand_made)]
    table = result.path_records()
    first = table.rows[0]
    assert first["bottleneck"] == 0 and " → " in first["path"]
    assert path_records(result.weakest_paths).rows == table.rows
    assert len(result.unevidenced_records()) == len(result.unevidenced)


# ------------------------------------------------------------------ the real project

def test_real_project_weakest_paths_are_consistent(real_project):
    for version in real_project.versions:
        graph = build_graph(real_project, version)
        steps = causal_steps(real_project, version)
        by_link = {s.link: s.evidence_count for s in steps}
        for _u, _v, data in graph.edges(data=True):
            if data["causal"] and len(data["links"]) == 1:
                assert by_link[data["id"]] == data["evidence_count"]
            elif data["causal"]:  # parallel links share one edge with the union of evidence
                assert data["evidence_count"] >= max(by_link.get(i, 0) for i in data["links"])
        for path in weakest_paths(real_project, version):
            assert path.bottleneck == min(by_link[link] for link in path.links)
            assert len(set(path.nodes)) == len(path.nodes)


def test_real_revised_version_has_paths_from_actions(real_project):
    result = evidence_map(real_project, "revised")
    assert result.weakest_paths, "the revised theory links actions to long-term outcomes"
    sources = {p.source for p in result.weakest_paths}
    assert "rev_actions" in sources or any(s.startswith("rev_act_") for s in sources)
    assert len(result.by_kind.rows) == len(real_project.version("revised").nodes) + \
        len(real_project.version("revised").groups) + len(real_project.version("revised").links)
    quoted = {row["element"] for row in result.quotes.rows}
    assert quoted, "the revised theory has quotes from the case studies"

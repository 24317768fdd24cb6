"""A link that targets a link (a moderator): accepted, checked (PT411-PT415), graphed and drawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from golden_support import golden_project

from programtheory.cli import main
from programtheory.graph import build_graph
from programtheory.layout import edge_style
from programtheory.project import read_project

NODE = """  - id: ext_caseload
    kind: external_factor
    label: {nl: caseload, en: caseload}
"""


def _project(tmp_path: Path, links: str) -> Path:
    root = golden_project("ok-valid", tmp_path / "project")
    version = root / "theory" / "versions" / "v1.yaml"
    text = version.read_text(encoding="utf-8")
    text = text.replace("links:\n", NODE + "links:\n", 1) + links
    version.write_text(text, encoding="utf-8")
    return root


def _link(link_id: str, source: str, target: str, kind: str = "moderates") -> str:
    return (f"  - id: {link_id}\n    from: {source}\n    to: {target}\n    kind: {kind}\n"
            f"    effect: moderates\n    status: stated\n")


def _codes(root: Path) -> list[str]:
    return sorted(f.code for f in read_project(root).findings if f.severity.value == "error")


def test_a_moderator_validates_and_is_drawn_to_the_moderated_links_end(tmp_path):
    root = _project(tmp_path, _link("M1", "ext_caseload", "L2"))
    result = read_project(root)
    assert _codes(root) == []
    assert "PT404" not in {f.code for f in result.findings}  # the moderator is linked
    graph = build_graph(result.project, "v1")
    edge = graph.edges["ext_caseload", "oc_safety"]
    assert edge["moderates"] == "L2" and edge["links"] == ["M1"] and edge["causal"] is False
    assert graph.edges["act_meeting", "oc_safety"].get("moderates") is None
    style = edge_style(edge)
    assert style["arrowhead"] == "odiamond" and "pt-moderator" in style["class"]


def test_a_moderator_of_a_moderator_ends_at_the_inner_relation(tmp_path):
    root = _project(tmp_path, _link("M1", "ext_caseload", "L2")
                    + _link("M2", "res_time", "M1", "hinders"))
    assert _codes(root) == []
    graph = build_graph(read_project(root).project, "v1")
    assert graph.edges["res_time", "oc_safety"]["moderates"] == "M1"


def test_the_layout_draws_the_moderator_and_render_writes_it(tmp_path):
    from programtheory.layout import layout_graph
    root = _project(tmp_path, _link("M1", "ext_caseload", "L2"))
    graph = build_graph(read_project(root).project, "v1")
    drawn = {(e.source, e.target) for e in layout_graph(graph, lang="en").edges}
    assert ("ext_caseload", "oc_safety") in drawn and ("act_meeting", "oc_safety") in drawn
    out = tmp_path / "figure.svg"
    assert main(["render", str(root), "--out", str(out), "--lang", "en"]) == 0
    assert "caseload" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("links", "codes"), [
    (_link("M1", "L1", "oc_safety", "leads_to"), ["PT411"]),
    (_link("M1", "ext_caseload", "[L2, oc_safety]"), ["PT412"]),
    (_link("M1", "ext_caseload", "L2", "part_of"), ["PT413"]),
    (_link("M1", "ext_caseload", "M1"), ["PT414"]),
    (_link("M1", "ext_caseload", "M2") + _link("M2", "res_time", "M1"), ["PT415"]),
    (_link("M1", "ext_caseload", "L9"), ["PT302"]),
])
def test_malformed_moderators_are_findings_without_noise(tmp_path, links, codes):
    root = _project(tmp_path, links)
    assert _codes(root) == codes
    assert main(["validate", str(root)]) == 1


def test_a_typo_in_a_moderated_link_id_gets_a_suggestion(tmp_path, capsys):
    root = _project(tmp_path, _link("M1", "ext_caseload", "L9"))
    assert main(["validate", str(root)]) == 1
    assert "PT302" in capsys.readouterr().out


def test_a_moderator_reads_as_the_relation_it_moderates_not_as_an_id(tmp_path):
    from programtheory.confidence import assess_version
    root = _project(tmp_path, _link("M1", "ext_caseload", "L2"))
    project = read_project(root).project
    label = assess_version(project, "v1")["M1"].label
    assert label.en == "caseload → (network meeting → lasting safety)"


def test_a_graph_reads_the_links_of_its_version_once(real_project, monkeypatch):
    """Which links are moderators is worked out once per graph, not once per link: per link
    it made the graph of 9,000 links take 30 s (scripts/benchmark_load.py)."""
    from programtheory import graph, moderators

    calls, link_ids = [], moderators.link_ids

    def counted(version):
        calls.append(version.id)
        return link_ids(version)

    monkeypatch.setattr(graph, "link_ids", counted)
    monkeypatch.setattr(moderators, "link_ids", counted)
    built = build_graph(real_project, "initial")
    assert built.number_of_edges() > 50 and calls == ["initial"]

"""Comparing theory versions: matching, categories, Markdown and JSON, the CLI, the union graph
and its drawing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from programtheory import load_project
from programtheory.cli import main
from programtheory.diff import diff_graph, diff_versions, draw_diff
from programtheory.errors import MissingTool, UsageError
from project_support import REPO

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "analysis"


@pytest.fixture(scope="module")
def fixture_project():
    return load_project(FIXTURE)


@pytest.fixture(scope="module")
def change(fixture_project):
    return diff_versions(fixture_project, "initial", "revised")


def entry(entries, status, old=None, new=None):
    found = [c for c in entries if c.status == status and (old is None or c.old_ids == old)
             and (new is None or c.new_ids == new)]
    assert len(found) == 1, (status, old, new, [c.to_json() for c in entries])
    return found[0]


def test_counts(change):
    counts = change.counts()
    assert counts["node"] == {"added": 2, "removed": 1, "changed": 5, "not_discussed": 2,
                              "unchanged": 2}
    assert counts["group"] == {"added": 1, "removed": 0, "changed": 0, "not_discussed": 0,
                               "unchanged": 1}
    # L3 -> R3 and L7 -> R7 are the same links (same ends and kind) under new ids: unchanged
    assert counts["link"] == {"added": 2, "removed": 2, "changed": 1, "not_discussed": 2,
                              "unchanged": 4}
    assert counts["condition"]["added"] == 2 and counts["condition"]["removed"] == 1


def test_added_removed_and_not_discussed_nodes(change):
    assert [c.id for c in change.changes("node", "added")] == ["rev_fu_chair", "rev_fu_reports"]
    removed = entry(change.nodes, "removed")
    assert removed.old_ids == ["ext_climate"]
    silent = change.changes("node", "not_discussed")
    assert [c.id for c in silent] == ["act_team", "fb_loop"]
    assert silent[0].note == "4.1.2 zwijgt over teamacties"


def test_same_id_fields(change):
    res_time = entry(change.nodes, "changed", ["res_time"], ["res_time"])
    assert res_time.relation == "same_id"
    # the condition is reported once, in its own category (see test_conditions)
    assert {f.field: (f.old, f.new) for f in res_time.fields} == {
        "label_en": ("time", "time and mental space")}
    out_heard = entry(change.nodes, "changed", ["out_heard"], ["out_heard"])
    assert out_heard.get_field("term").new == "short"
    assert entry(change.nodes, "unchanged", ["act_tools"], ["act_tools"]).fields == []


def test_corresponds_to_reframed_merged_split(change):
    reframed = entry(change.nodes, "changed", ["asm_stance"], ["rev_asm_stance"])
    assert reframed.relation == "reframed"
    assert reframed.get_field("id").new == "rev_asm_stance"
    assert reframed.get_field("label_nl").old == "Basishouding"
    merged = entry(change.nodes, "changed", ["oc_lt_avoid", "oc_lt_reunify"], ["rev_lt_home"])
    assert merged.relation == "merged" and merged.fields == []
    assert set(merged.labels) == {"oc_lt_avoid", "oc_lt_reunify", "rev_lt_home"}
    split = entry(change.nodes, "changed", ["oc_lt_safety"])
    assert split.relation == "split" and split.id == "oc_lt_safety"
    assert split.new_ids == ["rev_lt_safe_now", "rev_lt_safe_later"]


def test_links_by_id_and_by_ends(change):
    assert entry(change.links, "unchanged", ["L1"], ["L1"]).relation == "same_id"
    l2 = entry(change.links, "changed", ["L2"], ["L2"])
    assert [f.field for f in l2.fields] == ["sentence"]
    r3 = entry(change.links, "unchanged", ["L3"], ["R3"])
    assert r3.relation == "endpoints" and r3.fields == []
    # its ends were reframed (asm_stance -> rev_asm_stance); only the id differs
    assert entry(change.links, "unchanged", ["L7"], ["R7"]).relation == "endpoints"
    # a link is shown by its ends' labels, not by ids
    assert r3.labels["R3"] == {"nl": "Ouders voelen zich gehoord → Werkend veiligheidsplan",
                               "en": "parents feel heard → working safety plan"}
    assert [c.id for c in change.changes("link", "not_discussed")] == ["L5", "L6"]
    assert [c.id for c in change.changes("link", "removed")] == ["L8", "L9"]
    assert [c.id for c in change.changes("link", "added")] == ["R10", "R9"]


def test_groups_compare_members_through_the_matching(change):
    # g_long had oc_lt_avoid + oc_lt_reunify, now rev_lt_home which merges them
    assert entry(change.groups, "unchanged", ["g_long"], ["g_long"])
    assert entry(change.groups, "added", new=["rev_follow_up"])


def test_conditions(change):
    conditions = {(c.status, c.id): c for c in change.conditions}
    assert conditions[("added", "res_time")].get_field("condition").new == "necessary"
    assert ("added", "rev_asm_stance") in conditions
    assert conditions[("removed", "ext_climate")].get_field("condition").old == "facilitating"


def test_markdown(change):
    text = change.to_markdown()
    lines = text.splitlines()
    assert lines[0] == "# Verschil tussen theorieversies"
    assert lines[2] == "Wat veranderde van «Initiële programmatheorie» naar «Bijgestuurde " \
                       "programmatheorie»."
    table = [line for line in lines if line.startswith("| Elementen |")]
    assert table == ["| Elementen | 2 | 1 | 5 | 2 | 2 |"]
    order = [text.index(h) for h in ("## Elementen", "## Groepen", "## Verbanden",
                                     "## Voorwaarden")]
    assert order == sorted(order)
    # labels for the reader; ids only in the technical column (the last cell of a row)
    merged = next(line for line in lines if "`rev_lt_home`" in line)
    assert merged.startswith("| Gewijzigd | Minderjarige groeit op in natuurlijk netwerk | "
                             "samengevoegd uit: ")
    assert merged.endswith("| `oc_lt_avoid`, `oc_lt_reunify`, `rev_lt_home` |")
    for line in lines:
        if line.startswith("| ") and "`" in line:
            assert "`" not in line.rsplit(" | ", 1)[0], line
    link = next(line for line in lines if "`L2`" in line)
    assert "SofS-tools inzetten → Ouders voelen zich gehoord" in link
    # data text shows literally: the label '<b>&amp;</b>' is escaped, never raw HTML
    assert "<b>" not in text and "Netwerklid als voorzitter \\<b\\>\\&amp;\\</b\\>" in text
    assert "4.1.2 zwijgt over teamacties" in text
    assert "```mermaid" not in text


def test_markdown_in_english_with_a_drawing(change):
    text = change.to_markdown("en", drawing=True)
    assert text.startswith("# Difference between theory versions\n")
    assert "| nodes | 2 | 1 | 5 | 2 | 2 |" in text
    assert "| changed | use the SofS tools → parents feel heard | sentence: " in text
    drawing = text[text.index("```mermaid"):text.index("```", text.index("```mermaid") + 3)]
    assert '["+ network member as chair"]:::added' in drawing
    assert '["− political climate"]:::removed' in drawing
    assert "Tijd" not in text  # one language


def test_json_plain_and_stable(fixture_project, change):
    data = change.to_json()
    again = diff_versions(fixture_project, "initial", "revised").to_json()
    assert json.dumps(data, sort_keys=False) == json.dumps(again, sort_keys=False)
    assert json.loads(json.dumps(data)) == data  # plain types only
    assert list(data) == ["old", "new", "counts", "nodes", "groups", "links", "conditions",
                          "evidence"]
    statuses = [n["status"] for n in data["nodes"]]
    rank = ["added", "removed", "changed", "not_discussed", "unchanged"]
    assert statuses == sorted(statuses, key=rank.index)
    assert data["old"]["id"] == "initial" and data["new"]["title"]["nl"]


def test_unknown_version(fixture_project):
    with pytest.raises(UsageError, match="unknown version 'nope'"):
        diff_versions(fixture_project, "initial", "nope")


# ------------------------------------------------------------------ the CLI

def test_cli_markdown_and_json(capsys):
    assert main(["diff", "initial", "revised", "--path", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    assert "## Elementen" in out and "`rev_fu_chair`" in out and "```mermaid" in out
    assert main(["diff", "initial", "revised", "--path", str(FIXTURE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["node"]["not_discussed"] == 2


def test_cli_usage_errors(capsys, tmp_path):
    assert main(["diff", "initial", "nope", "--path", str(FIXTURE)]) == 2
    assert "unknown version 'nope'" in capsys.readouterr().err
    assert main(["diff", "initial", "revised", "--path", str(tmp_path)]) == 2
    assert main(["diff", "initial"]) == 2  # argparse: a missing argument


# ------------------------------------------------------------------ the union graph

def test_diff_graph(fixture_project):
    graph = diff_graph(fixture_project, "initial", "revised")
    assert all("change" in data for _, data in graph.nodes(data=True))
    assert all("change" in data for _, _, data in graph.edges(data=True))
    changes = dict(graph.nodes(data="change"))
    assert changes["rev_fu_chair"] == "added" and changes["act_team"] == "not_discussed"
    assert changes["ext_climate"] == "removed" and changes["act_tools"] == "unchanged"
    assert changes["rev_lt_home"] == "changed"
    assert graph.nodes["rev_lt_home"]["old_ids"] == ["oc_lt_avoid", "oc_lt_reunify"]
    assert "asm_stance" not in graph and "oc_lt_avoid" not in graph  # shown under new ids
    assert graph.nodes["rev_follow_up"]["is_group"] and changes["rev_follow_up"] == "added"
    assert graph.edges["ext_climate", "act_tools"]["change"] == "removed"
    assert graph.edges["act_team", "act_tools"]["change"] == "not_discussed"
    assert graph.edges["rev_asm_stance", "act_tools"]["change"] == "unchanged"  # L7 = R7
    assert graph.edges["res_time", "act_tools"]["change"] == "unchanged"
    # L9 ran to oc_lt_safety, which was split: drawn to both parts
    for part in ("rev_lt_safe_now", "rev_lt_safe_later"):
        assert graph.edges["oc_st_plan", part]["links"] == [
            {"id": "L9", "kind": "leads_to", "change": "removed"}]
        assert graph.edges["rev_follow_up", part]["change"] == "added"


def test_draw_diff_svg(fixture_project, tmp_path):
    graph = diff_graph(fixture_project, "initial", "revised")
    out = draw_diff(graph, tmp_path / "diff.svg")
    svg = out.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "</svg>" in svg
    assert 'text-decoration="line-through"' in svg  # removed: struck through
    # the label '<b>&amp;</b>' shows literally (wrapped onto a second line)
    assert ">+ Netwerklid als voorzitter</text>" in svg
    assert ">&lt;b&gt;&amp;amp;&lt;/b&gt;</text>" in svg
    assert "<b>" not in svg and "<script" not in svg
    assert ">~ Kracht&#45; en<" in svg and ">? Casusbespreking in<" in svg
    assert "xlink:href" not in svg and "src=" not in svg
    png = draw_diff(graph, tmp_path / "diff.png", fmt="png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pdf = draw_diff(graph, tmp_path / "diff.pdf", fmt="pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"/CreationDate" not in pdf  # the same on a rebuild
    with pytest.raises(UsageError):
        draw_diff(graph, tmp_path / "diff.gif", fmt="gif")


def test_draw_diff_without_dot(fixture_project, tmp_path, monkeypatch):
    graph = diff_graph(fixture_project, "initial", "revised")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(MissingTool, match="apt-get install graphviz"):
        draw_diff(graph, tmp_path / "diff.svg")


def test_draw_diff_runs_graphviz_like_every_figure(fixture_project, tmp_path, monkeypatch):
    from programtheory.layout import GraphvizTimeout

    graph = diff_graph(fixture_project, "initial", "revised")
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PROGRAMTHEORY_GRAPHVIZ_BIN", str(folder))  # no dot there
    with pytest.raises(MissingTool, match="apt-get install graphviz"):
        draw_diff(graph, tmp_path / "none.svg")
    assert not (tmp_path / "none.svg").exists()
    fake = folder / "dot"
    fake.write_text("#!/bin/sh\ncat > /dev/null\necho '<svg>from the named folder</svg>'\n")
    fake.chmod(0o755)
    out = draw_diff(graph, tmp_path / "named.svg")
    assert out.read_text().strip().endswith(">from the named folder</svg>")
    fake.write_text("#!/bin/sh\nsleep 5\n")
    with pytest.raises(GraphvizTimeout):
        draw_diff(graph, tmp_path / "slow.svg", timeout=0.5)


# ------------------------------------------------------------------ the real project

def test_real_diff_lists_the_added_follow_up(real_project):
    change = diff_versions(real_project, "initial", "revised")
    follow_up = [n.id for n in real_project.version("revised").nodes if n.id.startswith("rev_fu_")]
    assert follow_up, "the revised theory has follow-up elements (4.1.2.6)"
    added = {i for c in change.changes("node", "added") for i in c.new_ids}
    assert set(follow_up) <= added
    assert "rev_follow_up" in {c.id for c in change.changes("group", "added")}


def test_real_diff_not_discussed_is_what_the_data_says(real_project):
    change = diff_versions(real_project, "initial", "revised")
    initial = {n.id: n for n in real_project.version("initial").nodes}
    revised = {n.id for n in real_project.version("revised").nodes}
    for c in change.changes("node", "not_discussed"):
        (old_id,) = c.old_ids
        assert initial[old_id].revision.status.value == "not_discussed"
        assert old_id not in revised
    assert change.changes("node", "not_discussed"), "4.1.2 is silent about many elements"
    text = change.to_markdown()
    assert "| Niet besproken in de bijsturing |" in text
    json.dumps(change.to_json())


def test_real_cli(capsys):
    assert main(["diff", "initial", "revised", "--path", str(REPO), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["new"]["id"] == "revised"


# ------------------------------------------------------------------ matching corner cases

def _two_versions(old_nodes, new_nodes, old_links=(), new_links=()):
    from programtheory.model import (Label, Link, Node, Project, SourcesFile, Version,
                                     VersionInfo)

    def nodes(specs):
        return [Node(id=i, kind="assumption", label=Label(nl=i), corresponds_to=list(c),
                     **extra) for i, c, extra in specs]

    def links(specs):
        return [Link.model_validate({"id": i, "from": a, "to": b, "kind": k,
                                     "status": "stated"}) for i, a, b, k in specs]

    versions = {vid: Version(info=VersionInfo(id=vid, title=Label(nl=vid),
                                              based_on="a" if vid == "b" else None),
                             nodes=nodes(n),
                             groups=[], links=links(lk), path=f"{vid}.yaml")
                for vid, n, lk in (("a", old_nodes, old_links), ("b", new_nodes, new_links))}
    return Project(root=".", versions=versions, evidence=[], sources=SourcesFile(),
                   recommendations=[])


def test_many_to_many_is_listed_as_merge_and_split_not_lumped():
    # x1 -> {y1, y2}; y2 <- {x1, x2}; x3 lives on and also feeds y3
    project = _two_versions(
        [("x1", [], {}), ("x2", [], {}), ("x3", [], {}), ("x4", [], {})],
        [("y1", ["x1"], {}), ("y2", ["x1", "x2"], {}), ("x3", [], {}), ("y3", ["x3"], {}),
         ("y4", [], {})])
    change = diff_versions(project, "a", "b")
    nodes = {(tuple(c.old_ids), tuple(c.new_ids)): c for c in change.nodes}
    assert nodes[(("x1",), ("y1", "y2"))].relation == "split"
    assert nodes[(("x1", "x2"), ("y2",))].relation == "merged"
    assert nodes[(("x3",), ("x3",))].status == "unchanged"
    assert nodes[(("x3",), ("x3", "y3"))].relation == "split"
    assert nodes[(("x4",), ())].status == "removed"
    assert nodes[((), ("y4",))].status == "added"
    assert len(change.nodes) == 6


def test_one_to_one_correspondence_needs_an_exclusive_pair():
    project = _two_versions([("x1", [], {"condition": "facilitating"})],
                            [("y1", ["x1"], {"condition": "necessary"})])
    change = diff_versions(project, "a", "b")
    (entry_,) = change.nodes
    assert entry_.relation == "reframed" and entry_.get_field("condition") is None
    (condition,) = change.conditions
    assert condition.status == "changed"
    assert (condition.get_field("condition").old, condition.get_field("condition").new) == \
        ("facilitating", "necessary")


def test_removed_and_added_link_on_the_same_edge():
    project = _two_versions([("p", [], {}), ("q", [], {})], [("p", [], {}), ("q", [], {})],
                            [("X1", "p", "q", "leads_to")], [("Y1", "p", "q", "enables")])
    change = diff_versions(project, "a", "b")
    assert [(c.status, c.id) for c in change.links] == [("added", "Y1"), ("removed", "X1")]
    graph = diff_graph(project, "a", "b")
    edge = graph.edges["p", "q"]
    assert edge["change"] == "changed"
    assert [(x["id"], x["change"]) for x in edge["links"]] == [("Y1", "added"),
                                                              ("X1", "removed")]


def test_mermaid_drawing_is_bounded_and_cannot_be_broken_out_of(real_project):
    import re

    from programtheory.diff_markdown import MAX_DRAWN_NODES, mermaid_text

    text = diff_versions(real_project, "initial", "revised").to_markdown(drawing=True)
    block = text[text.index("```mermaid\n"):]
    block = block[:block.index("\n```\n") + 4]
    nodes = [line for line in block.splitlines() if re.match(r"^  n\d+\[", line)]
    assert 0 < len(nodes) <= MAX_DRAWN_NODES
    assert all(re.fullmatch(r'  n\d+\["[^"`\n]*"\]:::\w+', line) for line in nodes), nodes
    assert "gewijzigde elementen niet getekend (hoogstens 60)" in text  # more changed than fit
    # changed elements come first: nothing unchanged is drawn while changed ones are left out
    assert not any(line.endswith(":::unchanged") for line in nodes)
    hostile = '"] --> x["`click n0 call alert(1)`'
    assert '"' not in mermaid_text(hostile) and "`" not in mermaid_text(hostile)

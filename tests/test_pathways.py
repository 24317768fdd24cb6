"""Pathways ranked by confidence: the weakest link decides, rivals cap, one source may carry a
whole chain; the `paths` and `confidence` commands."""

from __future__ import annotations

import itertools

import docx
import networkx as nx
import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from browser_support import link, node, project_of
from programtheory.cli import main
from programtheory.confidence import GRADES, RANK, assess_version
from programtheory.confidence_tables import (profile_records, records_to_docx,
                                             records_to_html_page, records_to_xlsx,
                                             soqf_records)
from programtheory.evidence_map import Step
from programtheory.model import ConfidenceDecision, Evidence
from programtheory.pathways import link_grades, pathways, rank_pathways, rival_caps


@st.composite
def graded_dags(draw):
    n = draw(st.integers(2, 7))
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    grades = draw(st.lists(st.sampled_from(GRADES), min_size=len(chosen),
                           max_size=len(chosen)))
    steps = [Step(f"n{a}", f"n{b}", f"L{i}", 0) for i, (a, b) in enumerate(chosen)]
    return n, steps, {f"L{i}": g for i, g in enumerate(grades)}


@settings(max_examples=200, deadline=None)
@given(graded_dags())
def test_a_pathway_is_never_stronger_than_its_weakest_link_and_the_ranking_is_exact(case):
    n, steps, grades = case
    found = rank_pathways(steps, grades, "n0", f"n{n - 1}", limit=1000)
    graph = nx.MultiDiGraph()
    for s in steps:
        graph.add_edge(s.source, s.target, key=s.link)
    brute = []
    if "n0" in graph and f"n{n - 1}" in graph:
        for path in nx.all_simple_edge_paths(graph, "n0", f"n{n - 1}"):
            links = [k for _, _, k in path]
            brute.append((min(RANK[grades[k]] for k in links), len(links)))
    assert sorted(brute, key=lambda x: (-x[0], x[1])) == \
        [(RANK[p.strength], len(p.links)) for p in found]
    for p in found:
        assert all(RANK[p.strength] <= RANK[grades[k]] for k in p.links)
        assert set(p.weakest_links) <= set(p.links)


def _chain_project(rival_grade=None, shared_case=True):
    nodes = [node("a", "action", "Huisbezoek"), node("b", "output", "Plan"),
             node("c", "outcome", "Veiligheid", term="long")]
    links = [link("L1", "a", "b"), link("L2", "b", "c")]
    if rival_grade:
        links.append(link("L3", "a", "c", competes_with=["L1"],
                          confidence=ConfidenceDecision(grade=rival_grade, reason="test")))
    evidence = [Evidence(id=f"e{i}", kind="quote", text="x", role=role, bears_on=[target],
                         case="k1" if shared_case else f"k{i}")
                for i, (target, role) in enumerate([("L1", "mama"), ("L2", "consulent")])]
    return project_of(nodes, links, evidence=evidence)


def test_rivals_cap_the_links_they_compete_with():
    for rival, cap in (("high", "low"), ("moderate", "moderate"), ("low", "high")):
        project = _chain_project(rival)
        version = project.version()
        graded = assess_version(project, version)
        capped = link_grades(version, graded)
        assert RANK[capped["L1"]] <= RANK[graded["L1"].grade]
        assert RANK[capped["L1"]] <= RANK[cap]
        if rival != "low":
            assert rival_caps(version, graded)["L1"] == (cap, "L3")


def test_source_continuous_pathways_and_labels():
    shared = pathways(_chain_project(shared_case=True), "Huisbezoek", "veiligheid")
    assert [p.nodes for p in shared] == [("a", "b", "c")]
    assert "case:k1" in shared[0].continuous
    apart = pathways(_chain_project(shared_case=False), "a", "c")
    assert apart[0].continuous == ()


def test_paths_command_prints_labels_and_weakest_link(tmp_path, capsys, real_project):
    assert main(["paths", "partnerschap met netwerk", "veiligheid op lange termijn",
                 real_project.root, "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. [") and "zwakste schakel:" in out
    assert "rev_" not in out  # labels, never ids
    assert main(["paths", "geen-element", "Acties", real_project.root]) == 2
    assert "no element" in capsys.readouterr().err
    assert main(["paths", "a", "b", real_project.root, "--limit", "0"]) == 2


def test_confidence_tables_in_three_formats_escape_and_show_no_ids(tmp_path):
    hostile = "=HYPERLINK(\"x\") <script>alert(1)</script> & {{7*7}}"
    project = project_of([node("a", "action", hostile), node("b", "outcome", "Uitkomst",
                                                            term="short")],
                         [link("L1", "a", "b", confidence=ConfidenceDecision(
                             grade="high", reason="<b>gezien</b>"))],
                         evidence=[Evidence(id="e1", kind="quote", text="t", role="mama",
                                            bears_on=["a"])])
    graded = assess_version(project)
    assert graded["L1"].status == "overridden" and graded["L1"].grade == "high"
    tables = [soqf_records(graded, project, "nl"), profile_records(graded, "nl")]
    page = records_to_html_page(tables, "nl")
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;gezien" in page
    assert "overschreven" not in page and "aangepast" in page
    book = openpyxl.load_workbook(records_to_xlsx(tables, tmp_path / "c.xlsx"))
    cells = [c.value for row in book.worksheets[0].iter_rows() for c in row]
    assert hostile in cells and book.worksheets[0]["A2"].data_type == "s"
    word = docx.Document(str(records_to_docx(tables, tmp_path / "c.docx")))
    assert word.tables[0].rows[1].cells[0].text == hostile
    for text in itertools.chain(cells, [page]):
        assert "e1" not in str(text).split() and "L1" not in str(text).split()


def test_confidence_command_writes_and_refuses_unknown_suffix(tmp_path, real_project):
    assert main(["confidence", real_project.root, "--out", str(tmp_path / "c.xlsx")]) == 0
    assert (tmp_path / "c.xlsx").is_file()
    assert main(["confidence", real_project.root, "--out", str(tmp_path / "c.pdf")]) == 2
    assert not (tmp_path / "c.pdf").exists()


@settings(max_examples=200, deadline=None)
@given(graded_dags())
def test_the_strongest_pathway_per_target_agrees_with_the_ranking(case):
    from programtheory.pathways import strongest_from
    n, steps, grades = case
    targets = [f"n{i}" for i in range(1, n)]
    for path in strongest_from(steps, grades, "n0", targets):
        best = rank_pathways(steps, grades, "n0", path.nodes[-1], limit=1)[0]
        assert (path.strength, len(path.links)) == (best.strength, len(best.links))
        assert RANK[path.strength] == min(RANK[grades[k]] for k in path.links)
    reached = {p.nodes[-1] for p in strongest_from(steps, grades, "n0", targets)}
    assert reached == {t for t in targets if rank_pathways(steps, grades, "n0", t, limit=1)}


def test_confidence_command_prints_grades_with_reasons_and_paths_json(capsys, real_project):
    assert main(["confidence", real_project.root, "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split(":")[0] in ("high", "moderate", "low", "very low")
    assert out[1].startswith("   methodological limitations: ")
    assert main(["paths", "Acties", "veiligheid op lange termijn", real_project.root,
                 "--format", "json", "--limit", "3"]) == 0
    import json
    found = json.loads(capsys.readouterr().out)
    assert 1 <= len(found) <= 3
    ranks = [RANK[p["strength"]] for p in found]
    assert ranks == sorted(ranks, reverse=True)
    for p in found:
        assert RANK[p["strength"]] == min(RANK[g] for g in p["grades"])

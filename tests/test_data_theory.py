"""The encoded program theories against the report: completeness, the necessary/facilitating
split of Figuur 6 as the report words it, and a clean validation."""

from __future__ import annotations

from collections import Counter

from programtheory import build_graph, validate
from project_support import REPO



# Figuur 6 (4.1.2): the condition of every assumption and resource, with the report's own words
# and the line where it says so. `None`: the report states no condition.
NECESSITY = {
    "rev_asm_clear_communication": ("necessary", "een noodzakelijke assumptie", 3133),
    "rev_asm_basic_stance": ("necessary", "een noodzakelijke assumptie", 3239),
    "rev_asm_natural_network": ("facilitating", "een faciliterende factor", 3367),
    "rev_asm_external_partners": ("facilitating", "een faciliterende factor", 3409),
    "rev_res_time_space": ("necessary", "een noodzakelijke factor", 3473),
    "rev_res_consultant_expertise": ("facilitating", "een faciliterende factor", 3517),
    "rev_res_colleague_support": ("facilitating", "eerder dan een noodzakelijke", 3531),
    "rev_res_sofs_tools": (None, None, None),
    "rev_res_child_voice_methods": (None, None, None),
    "rev_res_realistic_caseload": (None, None, None),
}
SUMMARY_SENTENCE = ("Zowel duidelijke, laagdrempelige, eerlijke en transparante communicatie en een "
                    "kracht- en oplossingsgerichte basishouding van de consulent zijn hierin "
                    "noodzakelijke factoren. Daarnaast kunnen de aanwezigheid van netwerk en "
                    "externe professionele partners faciliterend zijn.")


def test_figuur6_conditions_are_as_the_report_states(real_project):
    revised = real_project.versions["revised"]
    for node_id, (condition, _, _) in NECESSITY.items():
        node = revised.node(node_id)
        assert (node.condition.value if node.condition else None) == condition, node_id
        assert not node.condition_inherited, node_id


def test_the_necessity_wording_is_in_the_report_at_those_lines(report_text):
    report = report_text
    assert report.occurs_within(SUMMARY_SENTENCE, 3123, 3129)
    for node_id, (_, words, line) in NECESSITY.items():
        if words:
            assert report.occurs_within(words, line, line + 2, slack=1), node_id


def test_sub_elements_inherit_their_parents_condition(real_project):
    revised = real_project.versions["revised"]
    children = [n for n in revised.nodes if n.parent and n.kind.value == "assumption"]
    assert len(children) == 8  # three communication levels and five facets of the basic stance
    for child in children:
        parent = revised.node(child.parent)
        assert child.condition == parent.condition and child.condition_inherited


def test_every_assumption_and_resource_of_figuur6_is_encoded(real_project):
    revised = real_project.versions["revised"]
    kinds = Counter(n.kind.value for n in revised.nodes if n.in_figure)
    assert kinds["assumption"] == 12 and kinds["resource"] == 9
    assert sum(kinds.values()) == 48


def test_initial_theory_has_every_element_of_figuur5(real_project):
    initial = real_project.versions["initial"]
    kinds = Counter(n.kind.value for n in initial.nodes if n.in_figure)
    assert kinds == {"problem": 4, "goal": 5, "rationale": 9, "mechanism": 6, "assumption": 6,
                     "resource": 8, "action": 13, "output": 8, "outcome": 8, "feedback": 9,
                     "external_factor": 5}


def test_the_four_critical_implementation_elements(real_project):
    initial = real_project.versions["initial"]
    labels = {initial.node(i).label.nl for i in ("crit_learning", "crit_leadership",
                                                  "crit_org_alignment",
                                                  "crit_meaningful_measurement")}
    assert labels == {"Leren", "Leiderschap", "Organisatorische afstemming", "Zinvol meten"}


def test_revised_chain_groups(real_project):
    revised = real_project.versions["revised"]
    labels = {g.id: g.label.nl for g in revised.groups}
    assert labels["rev_short_term"] == "Korte termijn impact"
    assert labels["rev_mid_term"] == "Middellange termijn output"
    assert labels["rev_follow_up"] == "Opvolging"
    assert labels["rev_long_term"] == "Lange termijn uitkomst"


def test_links_carry_status_and_a_dutch_sentence(real_project):
    links = [lk for v in real_project.versions.values() for lk in v.links]
    assert len(links) >= 113
    assert all(lk.sentence for lk in links)
    statuses = Counter(lk.status.value for lk in links)
    assert statuses["stated"] > statuses["implied"] > 0


def test_evidence_counts(real_project):
    kinds = Counter(e.kind.value for e in real_project.evidence)
    assert kinds["quote"] >= 107
    assert kinds["statistic"] + kinds["case_count"] >= 21
    assert kinds["literature"] > 0
    survey = [e for e in real_project.evidence if e.kind.value == "statistic" and e.values]
    assert all(e.n for e in survey), "survey figures carry their n"


def test_recommendations(real_project):
    assert len(real_project.recommendations) == 32
    sections = Counter(r.section for r in real_project.recommendations if r.parent is None)
    assert set(sections) == {"5.2.1", "5.2.2", "5.2.3", "5.2.4"}


def test_initial_elements_say_what_the_revision_does_with_them(real_project):
    initial = real_project.versions["initial"]
    missing = [n.id for n in initial.nodes if n.in_figure and n.revision is None]
    assert not missing


def test_shipped_data_validates_without_errors():
    findings = validate(REPO)
    assert [f.format() for f in findings if f.severity.value == "error"] == []


def test_graphs_of_both_versions(real_project):
    for vid in ("initial", "revised"):
        graph = build_graph(real_project, vid)
        assert graph.number_of_nodes() == len(real_project.versions[vid].nodes) + \
            len(real_project.versions[vid].groups)
        assert graph.number_of_edges() > 50

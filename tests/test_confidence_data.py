"""The cases of Tabel 3 and the case statements of 4.1.2, checked against the report text."""

from __future__ import annotations

import pytest

from programtheory.necessity import necessity_results

DUTCH_COUNTS = {1: ("één", "een"), 2: ("twee",), 3: ("drie",), 4: ("vier",), 5: ("vijf",)}


def test_the_five_cases_of_tabel_3_are_verbatim_at_their_lines(real_project, report_text):
    cases = real_project.sources.cases
    assert [c.id for c in cases] == [f"case_{i}" for i in range(1, 6)]
    for case in cases:
        (first, last), = [r.lines for r in case.report]
        assert case.report[0].table == "Tabel 3"
        for text in (case.theme, case.complicating_factors, case.ages):
            assert text and report_text.occurs_within(text, first, last, 0), (case.id, text)
        # the row begins with its number: the case is the row the reference points at
        assert report_text.occurs_within(f"{case.label.nl[-1]} {case.theme[:30]}", first,
                                         first, 0), case.id


def test_no_quote_names_a_case_the_report_withholds(real_project, report_text):
    """The report prints no case number beside a quote (L918–L920)."""
    assert report_text.occurs_within("wordt het casenummer niet vermeld bij citaten", 915, 922)
    assert not [e.id for e in real_project.evidence if e.case]


def _said(count: int, text: str) -> bool:
    lowered = text.lower()
    return any(f"{word} van de vijf" in lowered or f"{word} case" in lowered
               or f"{word} van de vijf bevraagde" in lowered for word in DUTCH_COUNTS[count])


def test_case_statements_rest_on_case_counts_that_say_their_numbers(real_project):
    evidence = {e.id: e for e in real_project.evidence}
    statements = real_project.sources.case_statements
    assert {s.condition for s in statements} >= {"rev_asm_natural_network",
                                                   "rev_res_time_space"}
    for s in statements:
        items = [evidence[i] for i in s.evidence]
        assert all(e.kind.value == "case_count" for e in items), s.id
        text = " ".join(e.text for e in items)
        assert s.cases == 5 and "vijf" in text.lower(), s.id
        counted = [c for c in (s.with_condition, s.outcome_without_condition) if c]
        lacking = s.cases - s.with_condition if s.with_condition is not None else None
        assert any(_said(c, text) for c in counted) or (lacking and _said(lacking, text)), s.id


def test_the_reports_conclusions_are_recorded_with_the_statements(real_project, report_text):
    by_condition = {s.condition: s for s in real_project.sources.case_statements}
    assert by_condition["rev_res_colleague_support"].concludes.value == "facilitating"
    assert report_text.occurs_within("als een faciliterende factor, eerder dan een "
                                     "noodzakelijke", 3529, 3533)
    assert by_condition["rev_res_time_space"].concludes.value == "necessary"
    assert report_text.occurs_within("blijkt een noodzakelijke factor", 3473, 3475)
    network = by_condition["rev_asm_natural_network"]
    assert (network.with_condition, network.outcome_without_condition) == (4, 1)
    assert report_text.occurs_within("positieve uitkomst", 3397, 3401)


def test_every_necessary_condition_of_the_revised_theory_has_a_necessity_row(real_project):
    version = real_project.version("revised")
    necessary = {n.id for n in version.nodes if n.condition and n.condition.value == "necessary"}
    rows = necessity_results(real_project, version)
    assert necessary <= {r.condition for r in rows}
    network = next(r for r in rows if r.condition == "rev_asm_natural_network")
    # a case reached the outcome without a natural network: never consistently necessary
    assert network.lacked_by_outcome_case == "yes"
    assert network.consistency.high == pytest.approx(0.8)

"""Diagnostic updating: Bayes' rule per appraised item, and what the test types allow."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programtheory.diagnostics import ladder, ladder_svg, posterior_after, what_the_tests_allow
from programtheory.model import Appraisal, Evidence


def item(i, certain, unique, stance="supports", p=None):
    probabilities = {"p_e_given_h": p[0], "p_e_given_not_h": p[1]} if p else {}
    return Evidence(id=f"e{i}", kind="quote", text="t", bears_on=["x"], stance=stance,
                    appraisal=Appraisal(certain=certain, unique=unique, **probabilities))


def test_test_types_from_certainty_and_uniqueness():
    assert item(1, False, False).appraisal.test_type == "straw_in_the_wind"
    assert item(1, True, False).appraisal.test_type == "hoop"
    assert item(1, False, True).appraisal.test_type == "smoking_gun"
    assert item(1, True, True).appraisal.test_type == "doubly_decisive"


def test_the_ladder_follows_bayes_rule_in_order():
    items = [item(1, True, False, p=(0.9, 0.5)), item(2, False, True, p=(0.4, 0.05))]
    rungs = ladder(items, prior=0.5)
    first = 0.5 * 0.9 / (0.5 * 0.9 + 0.5 * 0.5)
    assert rungs[0].posterior == pytest.approx(first)
    assert rungs[1].posterior == pytest.approx(first * 0.4 / (first * 0.4 + (1 - first) * 0.05))
    absent = ladder([item(3, True, False, "absent", p=(0.9, 0.5))], prior=0.5)
    assert absent[0].posterior == pytest.approx(0.5 * 0.1 / (0.5 * 0.1 + 0.5 * 0.5))
    assert "<svg" in ladder_svg(rungs) and ladder([item(4, True, False)]) == []


@given(st.floats(0.01, 0.99), st.floats(0.01, 0.99), st.floats(0.01, 0.99))
def test_found_evidence_raises_confidence_exactly_when_it_is_likelier_under_the_claim(
        prior, p_h, p_not):
    after = posterior_after(prior, item(1, True, True, p=(p_h, p_not)))
    if p_h > p_not:
        assert after >= prior - 1e-12
    elif p_h < p_not:
        assert after <= prior + 1e-12
    assert 0 <= after <= 1


def test_summary_says_what_the_test_types_allow():
    two_hoops = [item(1, True, False), item(2, True, False)]
    assert what_the_tests_allow(two_hoops, "en") == ("passed 2 × hoop test; no smoking-gun test "
                                             "(neither confirmed nor eliminated)")
    failed = what_the_tests_allow([item(1, True, False, "absent")], "en")
    assert "failed 1 × hoop test" in failed and "counts against" in failed
    assert "bevestigt" in what_the_tests_allow([item(1, False, True)], "nl")
    assert what_the_tests_allow([], "nl") == "geen beoordeeld bewijs"


def test_ladders_of_a_project_and_their_caption_is_escaped():
    from browser_support import link, node, project_of
    from programtheory.diagnostics import diagnostic_records, ladder_html, ladders
    appraised = item(1, True, False, p=(0.9, 0.3)).model_copy(update={"bears_on": ["L1"]})
    project = project_of([node("a", "action", "A"), node("b", "outcome", "B", term="short")],
                         [link("L1", "a", "b")], evidence=[appraised])
    found = ladders(project)
    assert list(found) == ["L1"] and found["L1"][0].posterior == pytest.approx(0.75)
    assert "&lt;b&gt;" in ladder_html(found["L1"], "<b>")
    rows = diagnostic_records(project, language="nl").rows
    assert rows[0]["toelichting"].startswith("1 × hoepeltest doorstaan")
    assert "0.50 → 0.75" in rows[0]["p"]

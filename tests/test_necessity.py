"""Necessity across cases: the QCA measures and their ranges when the report leaves counts
unsaid."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programtheory.model import CaseStatement
from programtheory.necessity import CaseTable, fitting_tables, measure

tables = st.tuples(*[st.integers(0, 6)] * 4).filter(lambda t: sum(t) > 0)
FIELDS = ("with_condition", "with_outcome", "with_both", "outcome_without_condition")


def statement_of(table: CaseTable, said: tuple[bool, ...]) -> CaseStatement:
    counts = dict(zip(FIELDS, (table.both + table.condition_only, table.both + table.outcome_only,
                               table.both, table.outcome_only), strict=False))
    given_counts = {k: v for (k, v), keep in zip(counts.items(), said, strict=False) if keep}
    return CaseStatement(id="s", evidence=["e"], condition="x",
                         cases=table.both + table.condition_only + table.outcome_only
                         + table.neither, **given_counts)


@given(tables, st.tuples(*[st.booleans()] * 4))
def test_the_true_measures_lie_within_the_ranges(counts, said):
    truth = CaseTable(*counts)
    result = measure(statement_of(truth, said), "necessary")
    assert truth in fitting_tables(statement_of(truth, said))
    for name in ("consistency", "coverage", "relevance"):
        value, bounds = getattr(truth, name), getattr(result, name)
        if value is not None:
            assert bounds.low - 1e-12 <= value <= bounds.high + 1e-12
    if truth.outcome_only:
        assert result.lacked_by_outcome_case in ("yes", "possible")


@given(tables)
def test_with_every_count_said_the_measures_are_exact(counts):
    truth = CaseTable(*counts)
    result = measure(statement_of(truth, (True,) * 4))
    assert result.tables == 1
    if truth.consistency is not None:
        assert result.consistency.exact and result.consistency.low == truth.consistency
    assert result.lacked_by_outcome_case == ("yes" if truth.outcome_only else "no")


def test_the_textbook_formulas():
    table = CaseTable(both=3, condition_only=1, outcome_only=1, neither=2)
    assert table.consistency == pytest.approx(3 / 4)
    assert table.coverage == pytest.approx(3 / 4)
    assert table.relevance == pytest.approx(3 / 4)  # Goertz: (1 + 2) / (1 + 1 + 2)
    assert CaseTable(0, 0, 0, 1).consistency is None


def test_a_necessary_condition_a_successful_case_lacked_is_flagged():
    s = CaseStatement(id="s", evidence=["e"], condition="x", cases=5, with_condition=4,
                      outcome_without_condition=1)
    assert measure(s, "necessary").flagged
    assert not measure(s, "facilitating").flagged
    assert measure(s).consistency.high == pytest.approx(0.8)

"""The barometer's tables for any instrument: the share column only with a threshold, means at
their stated precision, and distributions given as counts or as shares."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from programtheory.barometer import mean_bounds, share_at_least
from programtheory.barometer_tables import factor_records, wave_records
from programtheory.model import (Barometer, Factor, Instrument, ReportedMean, ReportRef,
                                 ScoreShare, Wave)


def _barometer(waves, threshold=None, low=1, high=5, **extra) -> Barometer:
    return Barometer(instrument=Instrument(id="staff", question="q", anchor_low="l",
                                           anchor_high="h", scale_min=low, scale_max=high,
                                           threshold=threshold), waves=waves, **extra)


def _counts_wave(counts: dict[int, int], **extra) -> Wave:
    return Wave(id="w", year=2025, n=sum(counts.values()), distribution=[
        ScoreShare(scores=(score, score), count=count) for score, count in counts.items()],
        **extra)


def test_no_threshold_no_share_column():
    wave = _counts_wave({1: 2, 3: 5, 5: 3})
    records = wave_records(_barometer([wave]), lang="en")
    assert not any("≥" in column for column in records.columns)
    with_threshold = wave_records(_barometer([wave], threshold=4), lang="en")
    column = "Share scoring ≥ 4 (%)"
    assert with_threshold.rows[0][column] == "30"


def test_a_mean_is_printed_at_its_precision_without_a_point_interval():
    wave = _counts_wave({3: 7, 4: 13}, mean=ReportedMean(value=3.65, precision=0.01))
    row = wave_records(_barometer([wave]), lang="nl").rows[0]
    assert row["Gerapporteerd gemiddelde"] == "3,65"
    assert row["Afrondingsinterval"] == "3,645–3,655"
    assert row["Gemiddelde volgens de verdeling"] == "3,65"  # exact: one value, not 3,65–3,65
    assert row["Gemiddelde past bij de verdeling"] == "ja"
    english = wave_records(_barometer([wave]), lang="en").rows[0]
    assert all("," not in str(value) for value in english.values())


@given(st.dictionaries(st.integers(1, 5), st.integers(0, 400), min_size=1, max_size=5)
       .filter(lambda counts: sum(counts.values()) > 0))
def test_shares_computed_from_counts_are_the_counts_proportions(counts):
    wave = _counts_wave(counts)
    total = sum(counts.values())
    assert sum(s.percent for s in wave.distribution) == pytest.approx(100, abs=1e-2)
    for share in wave.distribution:
        assert share.percent == pytest.approx(100 * share.count / total, abs=1e-4)
    exact = sum(score * count for score, count in counts.items()) / total
    low, high = mean_bounds(wave, 1, 5)
    assert low == pytest.approx(exact, abs=1e-3) and high == pytest.approx(exact, abs=1e-3)
    at_four = 100 * sum(c for s, c in counts.items() if s >= 4) / total
    assert share_at_least(wave, 4)[0] == pytest.approx(at_four, abs=1e-2)


def test_counts_for_some_shares_only_are_refused():
    with pytest.raises(ValidationError, match="counts for every share"):
        Wave(id="w", year=2025, n=10, distribution=[ScoreShare(scores=(1, 1), count=3),
                                                    ScoreShare(scores=(2, 2), percent=70)])
    with pytest.raises(ValidationError, match="a percent or a count"):
        Wave(id="w", year=2025, n=10, distribution=[ScoreShare(scores=(1, 1))])


def test_the_factor_table_names_the_source_table_only_when_the_data_does():
    factors = [Factor(id="f1", level="team", polarity="hindering", text="Tijd", count=3,
                      report=[ReportRef(section="4.2", table="Table 5")])]
    named = factor_records(_barometer([], factors=factors, factor_levels=["team"]), lang="en")
    assert named.caption.endswith("(Table 5)")
    factors[0].report = []
    plain = factor_records(_barometer([], factors=factors, factor_levels=["team"]), lang="en")
    assert plain.caption == "Facilitating and hindering factors per level"

"""Properties of the wave statistics: they agree with direct computation on the answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programtheory import survey_stats
from programtheory.waves import count_scores, group_counts

scores_lists = st.lists(st.integers(1, 10), min_size=2, max_size=300)
# the tests that compare with scipy.stats import it themselves: importing it costs every test
# process about a second when it collects this module, and the package imports it only on use


@given(scores_lists, st.integers(1, 10))
@settings(max_examples=60, deadline=None)
def test_summary_matches_the_answers(scores, threshold):
    from scipy import stats

    answers = np.array(scores, dtype=float)
    counts = count_scores(answers, 1, 10)
    summary = survey_stats.summarize(counts, threshold)
    assert summary["valid_n"] == len(answers)
    assert summary["mean"] == pytest.approx(answers.mean(), abs=1e-4)
    assert summary["sd"] == pytest.approx(answers.std(ddof=1), abs=1e-4)
    assert summary["share_at_threshold"] == pytest.approx(100 * (answers >= threshold).mean(),
                                                          abs=0.006)
    if answers.std() > 0:
        low, high = stats.t.interval(0.95, len(answers) - 1, loc=answers.mean(),
                                     scale=stats.sem(answers))
        assert summary["ci95"] == pytest.approx((low, high), abs=1e-3)
    share_low, share_high = summary["share_ci95"]
    assert share_low <= summary["share_at_threshold"] <= share_high


@given(scores_lists, st.lists(st.sampled_from("abcd"), min_size=300, max_size=300))
@settings(max_examples=40, deadline=None)
def test_group_counts_and_chi_square_match_a_crosstab(scores, groups):
    from scipy import stats

    answers = np.array(scores, dtype=float)
    labels = pd.Series(groups[:len(scores)])
    table = group_counts(labels, answers, 1, 10)
    crosstab = pd.crosstab(labels, answers.astype(int))
    for group, counts in table.items():
        for score, count in counts.items():
            expected = crosstab.loc[group, score] if score in crosstab.columns else 0
            assert count == expected
    test = survey_stats.chi_square(table)
    if crosstab.shape[0] >= 2 and crosstab.shape[1] >= 2:
        statistic, p, df, _ = stats.chi2_contingency(crosstab.to_numpy(), correction=False)
        assert test["statistic"] == pytest.approx(statistic, abs=1e-3)
        assert test["df"] == df and test["p"] == pytest.approx(p, abs=1e-4)
    else:
        assert test is None


@given(scores_lists, scores_lists)
@settings(max_examples=40, deadline=None)
def test_mann_whitney_from_counts_equals_the_test_on_answers(a, b):
    from scipy import stats

    result = survey_stats.mann_whitney(count_scores(np.array(a, float), 1, 10),
                                       count_scores(np.array(b, float), 1, 10))
    if len(set(a) | set(b)) == 1:
        assert result is None
        return
    direct = stats.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic")
    assert result["p"] == pytest.approx(direct.pvalue, abs=1e-4)


@given(st.integers(0, 200), st.integers(1, 200), st.integers(0, 200), st.integers(1, 200))
@settings(max_examples=80, deadline=None)
def test_two_proportions_agrees_with_the_chi_square_of_the_2x2_table(x1, n1, x2, n2):
    from scipy import stats

    x1, x2 = min(x1, n1), min(x2, n2)
    result = survey_stats.two_proportions(x1, n1, x2, n2)
    table = np.array([[x1, n1 - x1], [x2, n2 - x2]])
    if result is None:
        assert (x1 + x2) in (0, n1 + n2)
        return
    chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
    assert result["statistic"] ** 2 == pytest.approx(chi2, rel=1e-2, abs=1e-2)
    assert result["p"] == pytest.approx(p, abs=1e-3)


def cells(delimiter: str):
    """Texts with letters, digits, accents, quotes and the file's own delimiter (which the
    writer quotes), but no other delimiter: a tool writing one delimiter does not leave
    another unquoted in every row."""
    alphabet = list("abcXYZ 019\"'éëèïö-?") + [delimiter]
    return st.text(alphabet=st.sampled_from(alphabet), min_size=1, max_size=12).filter(
        lambda t: t.strip() == t)


@st.composite
def exports(draw):
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    header = draw(st.lists(cells(delimiter), min_size=2, max_size=6, unique=True))
    rows = draw(st.lists(st.lists(cells(delimiter), min_size=len(header),
                                  max_size=len(header)), min_size=1, max_size=5))
    return delimiter, header, rows


@given(exports(), st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
@settings(max_examples=120, deadline=None)
def test_any_csv_dialect_is_read_back_with_its_header(tmp_path_factory, export_data,
                                                      encoding):
    import csv

    from programtheory.survey_import import open_export

    delimiter, header, rows = export_data
    path = tmp_path_factory.mktemp("csv") / "export.csv"
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
    export = open_export(path)
    assert export.headers == header
    assert export.delimiter == delimiter
    expected = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "cp1252": "cp1252",
                "utf-16": "utf-16"}[encoding]
    if encoding == "cp1252" and all(ord(ch) < 128 for ch in "".join(header)
                                    + "".join("".join(r) for r in rows)):
        expected = "utf-8"  # pure ASCII is the same text in either
    assert export.encoding == expected

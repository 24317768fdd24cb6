"""Statistics of complete survey waves, computed from counts per score.

A wave imported from a raw export keeps only its counts per score (and per group), never the
answers; every statistic here is computed from those counts, so it can be recomputed from
`barometer.yaml` alone.

>>> summary = summarize({5: 2, 6: 1, 8: 1}, threshold=7)
>>> summary["valid_n"], summary["mean"], summary["share_at_threshold"]
(4, 6.0, 25.0)
>>> two_proportions(42, 121, 60, 120)["p"] < 0.05
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

Z95 = 1.959963984540054  # the 97.5% point of the standard normal distribution


def _round(value: float, digits: int = 4) -> float:
    return float(round(float(value), digits))


def expand(counts: Mapping[int, int]) -> np.ndarray:
    """The scores that the counts stand for, one per answer, in score order."""
    scores = sorted(counts)
    return np.repeat(np.asarray(scores, dtype=float),
                     np.asarray([counts[s] for s in scores], dtype=np.int64))


def summarize(counts: Mapping[int, int], threshold: int | None = None) -> dict:
    """n, mean, standard deviation, the 95% t interval of the mean, and the share (percent,
    with its 95% Wilson interval) of answers at or above `threshold`."""
    # scipy.special, not scipy.stats: the same quantile (t.ppf is stdtrit) for a third of the
    # import time, which a wave import pays once per process
    from scipy import special

    n = int(sum(counts.values()))
    result: dict = {"valid_n": n, "mean": None, "sd": None, "ci95": None,
                    "threshold": threshold, "share_at_threshold": None, "share_ci95": None}
    if n == 0:
        return result
    total = sum(score * c for score, c in counts.items())
    mean = total / n
    result["mean"] = _round(mean)
    if n > 1:
        square = sum(c * (score - mean) ** 2 for score, c in counts.items())
        sd = math.sqrt(square / (n - 1))
        half = float(special.stdtrit(n - 1, 0.975)) * sd / math.sqrt(n)
        result["sd"] = _round(sd)
        result["ci95"] = (_round(mean - half), _round(mean + half))
    if threshold is not None:
        hits = sum(c for score, c in counts.items() if score >= threshold)
        result["share_at_threshold"] = _round(100.0 * hits / n, 2)
        low, high = wilson_interval(hits, n)
        result["share_ci95"] = (_round(100 * low, 2), _round(100 * high, 2))
    return result


def wilson_interval(hits: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (better than the normal interval near 0 or
    1 and for small n).

    >>> wilson_interval(0, 10)[0], round(wilson_interval(5, 10)[1], 3)
    (0.0, 0.763)
    """
    if n == 0:
        return 0.0, 1.0
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def chi_square(table: Mapping[str, Mapping[int, int]]) -> dict | None:
    """The χ² test of independence of score and group, from counts per group and score.

    Scores and groups without any answer are left out (they carry no information and would
    make the expected counts zero). None when fewer than two groups or two scores remain.
    The statistic is Pearson's, without continuity correction (as scipy.stats.chi2_contingency
    with correction=False); its p-value is the upper tail of the χ² distribution.
    """
    from scipy import special

    groups = [g for g in table if sum(table[g].values()) > 0]
    scores = sorted({s for g in groups for s, c in table[g].items() if c > 0})
    if len(groups) < 2 or len(scores) < 2:
        return None
    matrix = np.array([[table[g].get(s, 0) for s in scores] for g in groups], dtype=float)
    expected = np.outer(matrix.sum(axis=1), matrix.sum(axis=0)) / matrix.sum()
    statistic = float(((matrix - expected) ** 2 / expected).sum())
    df = (len(groups) - 1) * (len(scores) - 1)
    p = float(special.chdtrc(df, statistic))
    return {"statistic": _round(statistic, 3), "df": int(df), "p": _round(p, 4)}


def mann_whitney(a: Mapping[int, int], b: Mapping[int, int]) -> dict | None:
    """The two-sided Mann-Whitney U test between two waves' score counts (ties corrected)."""
    from scipy import stats

    x, y = expand(a), expand(b)
    if len(x) == 0 or len(y) == 0 or (np.all(x == x[0]) and np.all(y == x[0])):
        return None
    result = stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic")
    return {"statistic": _round(result.statistic, 1), "p": _round(result.pvalue, 4),
            "n": (len(x), len(y))}


def two_proportions(hits_a: int, n_a: int, hits_b: int, n_b: int) -> dict | None:
    """The two-sided z test of two proportions with the pooled standard error.

    >>> round(two_proportions(50, 100, 50, 100)["p"], 3)
    1.0
    """
    from scipy import special

    if n_a == 0 or n_b == 0:
        return None
    pooled = (hits_a + hits_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    diff = hits_b / n_b - hits_a / n_a
    if se == 0:
        return None
    z = diff / se
    return {"statistic": _round(z, 3), "p": _round(2 * special.ndtr(-abs(z)), 4),
            "difference": _round(100 * diff, 2), "n": (n_a, n_b)}

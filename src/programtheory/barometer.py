"""Barometer analysis: what a partly reported score distribution does and does not allow.

A source may give a wave only in part: a few unlabelled shares, one share for a range of
scores together (say 7-10), and a mean rounded to a whole score. Nothing here fills the gaps
with invented numbers. Every statistic is an interval: the lowest and highest value that any
complete distribution agreeing with the stored shares could give.

All functions are pure and work on the models of `programtheory.model`.

>>> from programtheory.model import ScoreShare, Wave, ReportedMean
>>> wave = Wave(id="w", year=2021, n=122, distribution=[
...     ScoreShare(scores=(1, 6), percent=65.3, status="inferred"),
...     ScoreShare(scores=(7, 10), percent=34.7)], mean=ReportedMean(value=6, precision=1))
>>> mean_bounds(wave, 1, 10)
(3.082, 7.388)
>>> reported_mean_interval(wave.mean)
(5.5, 6.5)
>>> is_consistent(wave, 1, 10)
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .model import Barometer, Breakdown, ReportedMean, ScoreShare, Wave

STATUSES = ("printed", "inferred")

# Survey results for fewer respondents than this are not shown: with a handful of staff in
# one function or team, a mean can point at a person.
MIN_GROUP_SIZE = 5


def _shares(wave: Wave, statuses: Iterable[str]) -> list[ScoreShare]:
    wanted = set(statuses)
    return [share for share in wave.distribution if share.status in wanted]


def _round(value: float) -> float:
    return float(round(value, 4))


def wave(barometer: Barometer, wave_id: str | None = None) -> Wave:
    """The wave with this id, or the latest one; UsageError (with a suggestion) otherwise."""
    from .errors import UsageError
    from .findings import did_you_mean

    if not barometer.waves:
        raise UsageError("barometer.yaml has no waves yet: add one under 'waves:'")
    if not wave_id:
        return max(barometer.waves, key=lambda w: w.year)
    by_id = {w.id: w for w in barometer.waves}
    if wave_id not in by_id:
        hint = did_you_mean(wave_id, by_id)
        raise UsageError(f"unknown wave '{wave_id}'" + (f"; {hint}" if hint else "")
                         + f" (the barometer has: {', '.join(by_id)})")
    return by_id[wave_id]


def mean_bounds(wave: Wave, scale_min: int = 1, scale_max: int = 10, *,
                statuses: Iterable[str] = STATUSES) -> tuple[float, float]:
    """The lowest and highest mean that the wave's (partial) distribution allows.

    Each share counts at the lowest score of its range for the low bound and at the highest
    for the high bound (a share for 7-10 may be all 7s or all 10s). Whatever the stored shares
    leave unaccounted for (100 minus their sum: answers whose score the report does not give)
    counts at `scale_min` for the low bound and at `scale_max` for the high bound. The
    remainder goes to the scale ends, not to the scores that no share covers, because the
    report text loses chart labels (small bars, unlabelled values), so a missing part cannot
    be assumed to lie outside the ranges that happen to be printed; the scale ends give
    bounds that hold whatever the missing part is. A sum above 100 (rounding of printed
    percentages) is scaled back to 100.

    `statuses` selects which shares to trust: ('printed',) uses only what the report prints,
    ('printed', 'inferred') also the reconstructed ones.

    >>> from programtheory.model import ScoreShare, Wave
    >>> only_top = Wave(id="w", year=2021, n=122,
    ...                 distribution=[ScoreShare(scores=(7, 10), percent=34.7)])
    >>> mean_bounds(only_top, 1, 10)        # 65.3% unknown: anywhere from 1 to 10
    (3.082, 10.0)
    >>> full = Wave(id="w", year=2021, n=4, distribution=[
    ...     ScoreShare(scores=(2, 2), percent=50), ScoreShare(scores=(4, 4), percent=50)])
    >>> mean_bounds(full, 1, 10)            # a complete distribution gives its exact mean
    (3.0, 3.0)
    >>> mean_bounds(Wave(id="w", year=2021, n=0), 1, 10)
    (1.0, 10.0)
    """
    shares = _shares(wave, statuses)
    total = sum(share.percent for share in shares)
    scale = 100.0 / total if total > 100.0 else 1.0
    remainder = max(0.0, 100.0 - total * scale)
    low = sum(share.percent * scale * share.scores[0] for share in shares)
    high = sum(share.percent * scale * share.scores[1] for share in shares)
    low += remainder * scale_min
    high += remainder * scale_max
    return _round(low / 100.0), _round(high / 100.0)


def reported_mean_interval(mean: ReportedMean) -> tuple[float, float]:
    """The interval of true means that round to the reported mean.

    A mean reported as 6 with precision 1 is any value from 5.5 up to 6.5.

    >>> from programtheory.model import ReportedMean
    >>> reported_mean_interval(ReportedMean(value=6, precision=1))
    (5.5, 6.5)
    >>> reported_mean_interval(ReportedMean(value=6.9, precision=0.1))
    (6.85, 6.95)
    """
    half = mean.precision / 2.0
    return _round(mean.value - half), _round(mean.value + half)


def is_consistent(wave: Wave, scale_min: int = 1, scale_max: int = 10, *,
                  statuses: Iterable[str] = STATUSES) -> bool:
    """Whether the reported mean can come from a distribution that fits the stored shares,
    i.e. whether `reported_mean_interval` and `mean_bounds` overlap. True when the wave
    reports no mean.

    >>> from programtheory.model import ScoreShare, Wave, ReportedMean
    >>> low = Wave(id="w", year=2021, n=10, mean=ReportedMean(value=9, precision=1),
    ...            distribution=[ScoreShare(scores=(1, 2), percent=90),
    ...                          ScoreShare(scores=(10, 10), percent=10)])
    >>> mean_bounds(low, 1, 10)
    (1.9, 2.8)
    >>> is_consistent(low, 1, 10)
    False
    """
    if wave.mean is None:
        return True
    low, high = mean_bounds(wave, scale_min, scale_max, statuses=statuses)
    mean_low, mean_high = reported_mean_interval(wave.mean)
    return low <= mean_high and mean_low <= high


def share_at_least(wave: Wave, score: int, *,
                   statuses: Iterable[str] = STATUSES) -> tuple[float, float]:
    """Bounds on the percentage of answers with a score of at least `score`.

    The low bound counts the shares that lie wholly at or above `score`; the high bound adds
    the shares that straddle it and the unaccounted remainder (see `mean_bounds`).

    >>> from programtheory.model import ScoreShare, Wave
    >>> wave = Wave(id="w", year=2021, n=122, distribution=[
    ...     ScoreShare(scores=(5, 5), percent=9.9, status="inferred"),
    ...     ScoreShare(scores=(7, 10), percent=34.7)])
    >>> share_at_least(wave, 7)
    (34.7, 90.1)
    >>> share_at_least(wave, 8)             # the 7-10 share may be all 7s or all 8-10
    (0.0, 90.1)
    >>> share_at_least(wave, 7, statuses=("printed",))
    (34.7, 100.0)
    """
    shares = _shares(wave, statuses)
    total = sum(share.percent for share in shares)
    remainder = max(0.0, 100.0 - total)
    sure = float(sum(share.percent for share in shares if share.scores[0] >= score))
    maybe = sum(share.percent for share in shares if share.scores[0] < score <= share.scores[1])
    return _round(min(sure, 100.0)), _round(min(sure + maybe + remainder, 100.0))


def factor_totals(barometer: Barometer) -> dict[tuple[str, str], int]:
    """Total mentions per (level, polarity) of the factors, levels in the order of
    `factor_levels`, facilitating before hindering.

    >>> from programtheory.model import Barometer, Factor, Instrument
    >>> b = Barometer(instrument=Instrument(id="i", question="q", anchor_low="l",
    ...                                     anchor_high="h"),
    ...               factor_levels=["team", "org"], factors=[
    ...     Factor(id="a", level="org", polarity="hindering", text="x", count=3),
    ...     Factor(id="b", level="team", polarity="facilitating", text="y", count=2),
    ...     Factor(id="c", level="org", polarity="hindering", text="z", count=4)])
    >>> factor_totals(b)
    {('team', 'facilitating'): 2, ('org', 'hindering'): 7}
    """
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for factor in barometer.factors:
        totals[(factor.level, factor.polarity)] += factor.count
    order = {level: i for i, level in enumerate(barometer.factor_levels)}
    polarity_rank = {"facilitating": 0, "hindering": 1}
    keys = sorted(totals, key=lambda key: (order.get(key[0], len(order)), key[0],
                                           polarity_rank.get(key[1], 2), key[1]))
    return {key: totals[key] for key in keys}


def suppressed_groups(breakdown: Breakdown, total: int | None = None,
                      min_n: int = MIN_GROUP_SIZE) -> set[int]:
    """Indices of the groups whose results must not be shown.

    Primary suppression: every group with n < `min_n`. Secondary suppression: when exactly one
    group is hidden and the total n is known, its n would follow by subtraction, so the
    smallest shown group is hidden too.

    >>> from programtheory.model import Breakdown, GroupResult, Label
    >>> def b(*sizes):
    ...     return Breakdown(by=Label(nl="functie"), groups=[
    ...         GroupResult(label=Label(nl=f"g{i}"), n=n) for i, n in enumerate(sizes)])
    >>> sorted(suppressed_groups(b(40, 3, 30, 2)))
    [1, 3]
    >>> sorted(suppressed_groups(b(40, 3, 30), total=73))
    [1, 2]
    >>> sorted(suppressed_groups(b(40, 30)))
    []
    """
    hidden = {i for i, group in enumerate(breakdown.groups) if group.n < min_n
              or group.suppressed}
    if len(hidden) == 1 and total is not None:
        shown = [i for i in range(len(breakdown.groups)) if i not in hidden]
        if shown:
            hidden.add(min(shown, key=lambda i: (breakdown.groups[i].n, i)))
    return hidden


def breakdown_records(wave: Wave, min_n: int = MIN_GROUP_SIZE, threshold: int | None = None,
                      *, lang: str = "en"):
    """Every breakdown of a wave as one table, with small groups suppressed (n shown as
    '< min_n', results as suppressed). The share column appears only for an instrument with
    a `threshold`."""
    from .tables import Records
    from .wording import label_text, message

    columns = [message(key, lang) for key in ("barometer.col_breakdown", "barometer.col_group",
                                              "barometer.col_n", "barometer.col_group_mean")]
    if threshold is not None:
        columns.append(message("barometer.col_share", lang, threshold=threshold))
    suppressed = message("barometer.suppressed", lang)
    rows = []
    for breakdown in wave.breakdowns:
        hidden = suppressed_groups(breakdown, wave.summary.valid_n if wave.summary else wave.n,
                                   min_n)
        by = label_text(breakdown.by, lang)
        for i, group in enumerate(breakdown.groups):
            if i in hidden:
                values = [f"< {min_n}" if group.n < min_n else suppressed, suppressed,
                          suppressed]
            else:
                values = [group.n, "" if group.mean is None else group.mean, _group_share(group)]
            if threshold is None:
                values = values[:2]  # no threshold: no share column
            rows.append(dict(zip(columns, [by, label_text(group.label, lang), *values],
                                 strict=True)))
    return Records(columns, rows, caption=message("barometer.breakdown_caption", lang,
                                                  wave=wave.label or wave.year, min_n=min_n))


def _group_share(group) -> float | str:
    """The group's share at or above the threshold, as given or as imported."""
    if group.share_at_least_7 is not None:
        return group.share_at_least_7
    return "" if group.share_at_threshold is None else group.share_at_threshold

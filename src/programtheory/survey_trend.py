"""Change over time: every wave side by side, complete (imported) and partial (as printed).

A complete wave has counts per score, so its mean has a confidence interval and any test
can be run. A partial wave (the 2021 wave as the report prints it) gives only some shares: its
mean is an interval of possible values, and a test on the scores cannot be run with it. These
functions say so instead of guessing, and use what a partial wave does allow: a printed share
at or above the threshold with its valid n gives the counts for a two-proportion test.

>>> from programtheory.model import Wave
>>> is_complete(Wave(id="a", year=2024, n=3, counts={1: 1, 2: 2}))
True
>>> is_complete(Wave(id="b", year=2021, n=3))
False
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from . import survey_stats
from .barometer import mean_bounds, reported_mean_interval, share_at_least
from .model import Barometer, ScoreShare, Wave


def is_complete(wave: Wave) -> bool:
    return bool(wave.counts) and sum(wave.counts.values()) > 0


def ordered(barometer: Barometer) -> list[Wave]:
    """Waves in time order (year, then date, then the order in the file)."""
    return sorted(barometer.waves, key=lambda w: (w.year, w.date))


def with_distribution(wave: Wave) -> Wave:
    """A complete wave with its counts also given as shares per score, so the functions for
    printed distributions (bounds, charts) see an exact distribution."""
    if not is_complete(wave) or wave.distribution:
        return wave
    total = sum(wave.counts.values())
    shares = [ScoreShare(scores=(s, s), percent=round(100 * c / total, 4))
              for s, c in sorted(wave.counts.items())]
    return wave.model_copy(update={"distribution": shares})


def completed(barometer: Barometer) -> Barometer:
    """The barometer with `with_distribution` applied to every wave."""
    return barometer.model_copy(update={"waves": [with_distribution(w)
                                                  for w in barometer.waves]})


@dataclass
class WavePoint:
    """One wave on the trend: its mean and share at the threshold, each with an interval."""

    wave: Wave
    complete: bool
    n: int
    valid_n: int | None
    mean: float | None  # the computed mean, or the reported (rounded) one
    mean_interval: tuple[float, float]  # 95% CI, or the bounds a partial wave allows
    share: float | None
    share_interval: tuple[float, float] | None
    hits: int | None  # answers at or above the threshold, when known or reconstructable


def point(barometer: Barometer, wave: Wave) -> WavePoint:
    inst = barometer.instrument
    threshold = inst.threshold
    if is_complete(wave):
        summary = survey_stats.summarize(wave.counts, threshold)
        n_valid = summary["valid_n"]
        hits = (sum(c for s, c in wave.counts.items() if s >= threshold)
                if threshold is not None else None)
        ci = summary["ci95"] or (summary["mean"], summary["mean"])
        return WavePoint(wave, True, wave.n, n_valid, summary["mean"], tuple(ci),
                         summary["share_at_threshold"], summary["share_ci95"], hits)
    low, high = mean_bounds(wave, inst.scale_min, inst.scale_max)
    mean = None
    if wave.mean is not None:
        r_low, r_high = reported_mean_interval(wave.mean)
        low, high, mean = max(low, r_low), min(high, r_high), wave.mean.value
    valid = wave.valid_n.value if wave.valid_n else wave.n
    share, interval, hits = None, None, None
    if threshold is not None:
        s_low, s_high = share_at_least(wave, threshold)
        interval = (s_low, s_high)
        if s_low == s_high:
            share = s_low
            hits = round(share * valid / 100)
    return WavePoint(wave, False, wave.n, valid, mean, (low, high), share, interval, hits)


def points(barometer: Barometer) -> list[WavePoint]:
    return [point(barometer, w) for w in ordered(barometer)]


def limitation(barometer: Barometer, lang: str = "en") -> str:
    """What the partial waves do not allow, in plain words (empty when every wave is
    complete)."""
    from .messages import message

    partial = [w for w in barometer.waves if not is_complete(w)]
    if not partial:
        return ""
    names = ", ".join(w.label or w.id for w in partial)
    ranges = sorted({f"{s.scores[0]}–{s.scores[1]}" for w in partial for s in w.distribution
                     if s.scores[0] != s.scores[1]})
    together = message("trend.together", lang, ranges=", ".join(ranges)) if ranges else ""
    return message("trend.limitation", lang, names=names, together=together)


def compare(barometer: Barometer, first: Wave, second: Wave, lang: str = "en") -> dict:
    """The tests of change from `first` to `second`: Mann-Whitney on the scores when both are
    complete, the two-proportion test on the share at or above the threshold when both shares
    are known; each with the reason when it cannot be run."""
    a, b = point(barometer, first), point(barometer, second)
    result: dict = {"first": first.id, "second": second.id, "n": (a.valid_n, b.valid_n)}
    if a.complete and b.complete:
        result["mann_whitney"] = survey_stats.mann_whitney(first.counts, second.counts)
    else:
        result["mann_whitney"] = None
        result["mann_whitney_reason"] = _message("trend.no_mann_whitney", lang)
    if a.hits is not None and b.hits is not None and a.valid_n and b.valid_n:
        result["two_proportions"] = survey_stats.two_proportions(a.hits, a.valid_n, b.hits,
                                                                 b.valid_n)
        if not (a.complete and b.complete):
            result["two_proportions_note"] = _message("trend.reconstructed", lang)
    else:
        result["two_proportions"] = None
    return result


def _message(key: str, lang: str, **fields: object) -> str:
    from .messages import message
    return message(key, lang, **fields)


def trend_note(barometer: Barometer, lang: str = "en") -> str:
    """The sentence above the trend: how many waves, and what a single wave cannot show."""
    count = len(barometer.waves)
    if count <= 1:
        return _message("trend.no_wave" if count == 0 else "trend.one_wave", lang)
    return _message("trend.waves", lang, count=count)


def trend_records(barometer: Barometer, lang: str = "en"):
    """One row per wave: n, valid n, mean with its interval, share at the threshold with its
    interval (only for an instrument with a threshold), and whether the wave is complete."""
    from .charts import instrument_name
    from .tables import Records
    from .wording import format_number, format_range

    threshold = barometer.instrument.threshold
    keys = ["wave", "year", "n", "valid_n", "mean", "mean_interval"]
    if threshold is not None:
        keys += ["share", "share_interval"]
    columns = [_message(f"trend.col_{key}", lang, threshold=threshold) for key in keys]
    columns.append(_message("trend.col_distribution", lang))
    rows = []
    for p in points(barometer):
        kind = "trend.ci" if p.complete else "trend.bounds"
        values = [p.wave.label or p.wave.id, p.wave.date or p.wave.year, p.n,
                  "" if p.valid_n is None else p.valid_n,
                  "" if p.mean is None else format_number(p.mean, lang, 2),
                  f"{format_range(*p.mean_interval, lang, 2)} ({_message(kind, lang)})"]
        if threshold is not None:
            values += ["" if p.share is None else format_number(p.share, lang),
                       "" if p.share_interval is None else
                       format_range(*p.share_interval, lang)]
        values.append(_message("trend.complete" if p.complete else "trend.partial", lang))
        rows.append(dict(zip(columns, values, strict=True)))
    name = instrument_name(barometer.instrument, lang)
    return Records(columns, rows, caption=_message("trend.caption", lang, name=name))


def comparison_records(barometer: Barometer, lang: str = "en"):
    """The tests of change between each wave and the one before it."""
    from .tables import Records
    from .wording import format_number

    columns = [_message(f"trend.col_{key}", lang) for key in
               ("from", "to", "n", "mann_whitney", "share_difference", "note")]
    rows = []
    waves = ordered(barometer)
    for first, second in pairwise(waves):
        test = compare(barometer, first, second, lang)
        mw, tp = test["mann_whitney"], test["two_proportions"]
        mann_whitney = (f"{format_number(mw['statistic'], lang)} "
                        f"(p = {format_number(mw['p'], lang, 3)})" if mw else "—")
        difference = (f"{format_number(tp['difference'], lang)} pp "
                      f"(z = {format_number(tp['statistic'], lang, 2)}, "
                      f"p = {format_number(tp['p'], lang, 3)})" if tp else "—")
        note = "; ".join(test[k] for k in ("mann_whitney_reason", "two_proportions_note")
                         if k in test)
        rows.append(dict(zip(columns, [first.label or first.id, second.label or second.id,
                                       f"{test['n'][0]} / {test['n'][1]}", mann_whitney,
                                       difference, note], strict=True)))
    return Records(columns, rows, caption=_message("trend.tests_caption", lang))


def factor_records(barometer: Barometer, lang: str = "en"):
    """The factors over the waves: mentions per factor in each wave that coded its open answers
    (a wave from the source: its counts as given)."""
    from .tables import Records

    waves = [w for w in ordered(barometer) if w.factor_counts or not is_complete(w)]
    columns = [_message("barometer.col_level", lang), _message("barometer.col_factor", lang)]
    columns += [w.label or w.id for w in waves]
    rows = []
    for factor in barometer.factors:
        row = {columns[0]: factor.level, columns[1]: factor.text}
        for wave, name in zip(waves, columns[2:], strict=True):
            row[name] = (factor.count if not is_complete(wave)
                         else wave.factor_counts.get(factor.id, 0))
        rows.append(row)
    return Records(columns, rows, caption=_message("trend.factors_caption", lang))

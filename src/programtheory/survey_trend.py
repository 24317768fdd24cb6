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


def limitation(barometer: Barometer) -> str:
    """What the partial waves do not allow, in plain words (empty when every wave is
    complete)."""
    partial = [w for w in barometer.waves if not is_complete(w)]
    if not partial:
        return ""
    names = ", ".join(w.label or w.id for w in partial)
    ranges = sorted({f"{s.scores[0]}–{s.scores[1]}" for w in partial for s in w.distribution
                     if s.scores[0] != s.scores[1]})
    together = (f" (de scores {', '.join(ranges)} staan samen)" if ranges else "")
    together_en = (f" (scores {', '.join(ranges)} are given together)" if ranges else "")
    return (f"De meting {names} is alleen gedeeltelijk gerapporteerd: niet elke score heeft "
            f"een eigen aandeel{together}. Een toets op de scores (Mann-Whitney) met deze "
            "meting kan daarom niet; het aandeel boven de drempel wel, met het gedrukte "
            "percentage en de geldige n. "
            f"(The wave {names} is reported only in part: not every score has its own "
            f"share{together_en}, so a test on the scores (Mann-Whitney) against it is not "
            "possible; the share at or above the threshold can be compared, using the printed "
            "percentage and the valid n.)")


def compare(barometer: Barometer, first: Wave, second: Wave) -> dict:
    """The tests of change from `first` to `second`: Mann-Whitney on the scores when both are
    complete, the two-proportion test on the share at or above the threshold when both shares
    are known; each with the reason when it cannot be run."""
    a, b = point(barometer, first), point(barometer, second)
    result: dict = {"first": first.id, "second": second.id, "n": (a.valid_n, b.valid_n)}
    if a.complete and b.complete:
        result["mann_whitney"] = survey_stats.mann_whitney(first.counts, second.counts)
    else:
        result["mann_whitney"] = None
        result["mann_whitney_reason"] = ("niet mogelijk: een van beide metingen heeft geen "
                                         "volledige scoreverdeling / not possible: a wave has "
                                         "no complete score distribution")
    if a.hits is not None and b.hits is not None and a.valid_n and b.valid_n:
        result["two_proportions"] = survey_stats.two_proportions(a.hits, a.valid_n, b.hits,
                                                                 b.valid_n)
        if not (a.complete and b.complete):
            result["two_proportions_note"] = (
                "aantallen afgeleid uit het gedrukte percentage en de geldige n / counts "
                "reconstructed from the printed percentage and the valid n")
    else:
        result["two_proportions"] = None
    return result


def trend_note(barometer: Barometer) -> str:
    """The sentence above the trend: how many waves, and what a single wave cannot show."""
    count = len(barometer.waves)
    if count == 0:
        return "Nog geen meting. (No wave yet.)"
    if count == 1:
        return ("Eén meting: een trend vraagt een tweede meting. (One wave: a trend needs a "
                "second wave.)")
    return f"{count} metingen. ({count} waves.)"


def trend_records(barometer: Barometer):
    """One row per wave: n, valid n, mean with its interval, share at the threshold with its
    interval, and whether the wave is complete."""
    from .charts import nl_number
    from .tables import Records

    threshold = barometer.instrument.threshold
    share_name = (f"aandeel ≥ {threshold} / share ≥ {threshold} (%)" if threshold is not None
                  else "aandeel / share (%)")
    columns = ["meting / wave", "jaar / year", "n", "geldig / valid n", "gemiddelde / mean",
               "interval gemiddelde / mean interval", share_name,
               "interval aandeel / share interval", "verdeling / distribution"]
    rows = []
    for p in points(barometer):
        mean_text = "" if p.mean is None else nl_number(p.mean, 2)
        rows.append({
            columns[0]: p.wave.label or p.wave.id, columns[1]: p.wave.date or p.wave.year,
            columns[2]: p.n, columns[3]: "" if p.valid_n is None else p.valid_n,
            columns[4]: mean_text,
            columns[5]: (f"{nl_number(p.mean_interval[0], 2)}–{nl_number(p.mean_interval[1], 2)}"
                         + (" (95%-BI / CI)" if p.complete else " (grenzen / bounds)")),
            columns[6]: "" if p.share is None else nl_number(p.share),
            columns[7]: "" if p.share_interval is None else
            f"{nl_number(p.share_interval[0])}–{nl_number(p.share_interval[1])}",
            columns[8]: "volledig / complete" if p.complete else "gedeeltelijk / partial"})
    return Records(columns, rows, caption="SofS-barometer per meting: gemiddelde en aandeel "
                   "boven de drempel met hun interval (barometer per wave: mean and share at "
                   "or above the threshold with their interval)")


def comparison_records(barometer: Barometer):
    """The tests of change between each wave and the one before it."""
    from .charts import nl_number
    from .tables import Records

    columns = ["van / from", "naar / to", "n", "Mann-Whitney U (p)",
               "verschil aandeel / share difference (z, p)", "opmerking / note"]
    rows = []
    waves = ordered(barometer)
    for first, second in pairwise(waves):
        test = compare(barometer, first, second)
        mw, tp = test["mann_whitney"], test["two_proportions"]
        rows.append({
            columns[0]: first.label or first.id, columns[1]: second.label or second.id,
            columns[2]: f"{test['n'][0]} / {test['n'][1]}",
            columns[3]: (f"{nl_number(mw['statistic'], 1)} (p = {nl_number(mw['p'], 3)})"
                         if mw else "—"),
            columns[4]: (f"{nl_number(tp['difference'])} pp (z = {nl_number(tp['statistic'], 2)}"
                         f", p = {nl_number(tp['p'], 3)})" if tp else "—"),
            columns[5]: "; ".join(test[k] for k in ("mann_whitney_reason",
                                                    "two_proportions_note") if k in test)})
    return Records(columns, rows, caption="Toetsen van verandering tussen opeenvolgende "
                   "metingen (tests of change between consecutive waves)")


def factor_records(barometer: Barometer):
    """Tabel 5 over the waves: mentions per factor in each wave that coded its open answers
    (the report's wave: Tabel 5 as printed)."""
    from .tables import Records

    waves = [w for w in ordered(barometer) if w.factor_counts or not is_complete(w)]
    columns = ["niveau / level", "factor"] + [w.label or w.id for w in waves]
    rows = []
    for factor in barometer.factors:
        row = {columns[0]: factor.level, columns[1]: factor.text}
        for wave, name in zip(waves, columns[2:], strict=True):
            row[name] = (factor.count if not is_complete(wave)
                         else wave.factor_counts.get(factor.id, 0))
        rows.append(row)
    return Records(columns, rows, caption="Tabel 5 per meting: aantal vermeldingen per factor "
                   "(Table 5 per wave: mentions per factor)")

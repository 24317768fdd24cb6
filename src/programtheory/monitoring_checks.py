"""Checks of the monitoring data: imported waves, mappings, thresholds and measurements.

Called from `checks` for barometer.yaml and outcomes.yaml; the codes are PT510-PT514.
"""

from __future__ import annotations

from . import model as m
from .findings import Finding, did_you_mean, finding


def check_barometer(file: str, barometer: m.Barometer, out: list[Finding]) -> None:
    inst = barometer.instrument
    low, high = inst.scale_min, inst.scale_max
    if inst.threshold is not None and not low <= inst.threshold <= high:
        out.append(finding("PT513", f"the threshold {inst.threshold} lies outside the scale "
                           f"{low}-{high}", "use a score of the scale", file=file,
                           path=("instrument", "threshold")))
    items = {item.id for item in barometer.survey_items}
    factors = {f.id for f in barometer.factors}
    for i, item_id in enumerate(inst.breakdown_items):
        if item_id not in items:
            out.append(_unknown("PT512", f"breakdown item '{item_id}'", item_id, items,
                                file, ("instrument", "breakdown_items", i)))
    for i, mapping in enumerate(barometer.mappings):
        for item_id in mapping.breakdowns:
            if item_id not in items:
                out.append(_unknown("PT512", f"mapping '{mapping.id}' breaks down by unknown "
                                    f"survey item '{item_id}'", item_id, items, file,
                                    ("mappings", i, "breakdowns", item_id)))
    for w, wave in enumerate(barometer.waves):
        _check_wave(file, wave, w, low, high, factors, out)


def _unknown(code: str, what: str, value: str, known: set[str], file: str,
             path: tuple) -> Finding:
    hint = did_you_mean(value, known) or "use an id of survey_items"
    message = what if "unknown" in what else f"{what} is not a survey item"
    return finding(code, message, hint, file=file, path=path)


def _check_wave(file: str, wave: m.Wave, w: int, low: int, high: int, factors: set[str],
                out: list[Finding]) -> None:
    outside = [s for s in wave.counts if not low <= s <= high]
    if outside:
        out.append(finding("PT510", f"wave '{wave.id}': counts for score(s) "
                           f"{', '.join(map(str, outside))} outside the scale {low}-{high}",
                           "import the wave again from its export", file=file,
                           path=("waves", w, "counts")))
    if wave.counts and wave.summary is not None:
        total = sum(wave.counts.values())
        if total != wave.summary.valid_n or total > wave.n:
            out.append(finding("PT510", f"wave '{wave.id}': the counts add up to {total}, "
                               f"valid n is {wave.summary.valid_n} and n {wave.n}",
                               "import the wave again from its export (--replace)", file=file,
                               path=("waves", w, "counts")))
    for factor_id in wave.factor_counts:
        if factor_id not in factors:
            hint = did_you_mean(factor_id, factors) or "use an id of factors"
            out.append(finding("PT511", f"wave '{wave.id}': factor count for unknown factor "
                               f"'{factor_id}'", hint, file=file,
                               path=("waves", w, "factor_counts", factor_id)))


def check_outcomes(file: str, table: m.OutcomeTable, out: list[Finding]) -> None:
    for i, indicator in enumerate(table.indicators):
        seen: set[str] = set()
        for j, measurement in enumerate(indicator.measurements):
            if measurement.period in seen:
                out.append(finding("PT514", f"indicator '{indicator.id}' has a second "
                                   f"measurement for {measurement.period}",
                                   "keep one value per period (or name the periods apart, "
                                   "e.g. 2024-Q1)", file=file,
                                   path=("indicators", i, "measurements", j, "period")))
            seen.add(measurement.period)

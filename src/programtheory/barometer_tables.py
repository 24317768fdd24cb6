"""The barometer's tables beside its charts: the waves with their bounds, the factors per
level, and the assessment of the critical implementation elements. Headers and captions are
in the page's language (`wording`); names of the instrument and the source's table numbers
come from the data."""

from __future__ import annotations

from .barometer import is_consistent, mean_bounds, reported_mean_interval, share_at_least
from .model import Barometer, ReportRef
from .tables import Records
from .wording import (decimals, format_at_precision, format_number, format_range, label_text,
                      message)


def source_table(refs: list[ReportRef]) -> str:
    """The table of the source that these references name (e.g. the report's own table
    number), or '' when they name none."""
    return next((ref.table for ref in refs if ref.table), "")


def _caption(caption: str, refs: list[ReportRef], lang: str) -> str:
    table = source_table(refs)
    return message("barometer.from_source", lang, caption=caption, table=table) if table \
        else caption


def critical_elements_records(barometer: Barometer, *, english: bool = False,
                              lang: str = "en") -> Records:
    """The critical elements as rows: one per element, with its hindering and facilitating
    points and recommendations as lists (shown as lines by `tables.records_to_*`).
    `english` adds a point's English gloss after the text as printed."""
    def points(items) -> list[str]:
        return [f"{p.text} ({p.en})" if english and p.en else p.text for p in items]

    columns = [message(key, lang) for key in ("barometer.col_element", "barometer.col_hindering",
                                              "barometer.col_facilitating",
                                              "barometer.col_recommendations")]
    rows = [{columns[0]: label_text(ce.label, lang), columns[1]: points(ce.hindering),
             columns[2]: points(ce.facilitating), columns[3]: points(ce.recommendations)}
            for ce in barometer.critical_elements]
    refs = [ref for ce in barometer.critical_elements for ref in ce.report]
    return Records(columns, rows,
                   caption=_caption(message("barometer.elements_caption", lang), refs, lang))


def wave_columns(threshold: int | None, lang: str) -> list[str]:
    """The headers of `wave_records`; the share column only for an instrument with a
    threshold."""
    keys = ["barometer.col_wave", "barometer.col_year", "barometer.col_n",
            "barometer.col_valid_n", "barometer.col_mean", "barometer.col_rounding",
            "barometer.col_bounds"]
    columns = [message(key, lang) for key in keys]
    if threshold is not None:
        columns.append(message("barometer.col_share", lang, threshold=threshold))
    return columns + [message("barometer.col_consistent", lang)]


def wave_records(barometer: Barometer, *, lang: str = "en") -> Records:
    """Per wave what the source gives and what follows from it, as bounds: n, the reported
    mean at its precision with its rounding interval, the mean bounds of the distribution,
    and the share at or above the instrument's threshold when it has one."""
    lo, hi = barometer.instrument.scale_min, barometer.instrument.scale_max
    threshold = barometer.instrument.threshold
    columns = wave_columns(threshold, lang)
    rows = []
    for wave in sorted(barometer.waves, key=lambda w: w.year):
        b_lo, b_hi = mean_bounds(wave, lo, hi)
        values: list[object] = [wave.label or wave.id, wave.year, wave.n, _valid_n(wave, lang)]
        if wave.mean is not None:
            r_lo, r_hi = reported_mean_interval(wave.mean)
            values += [format_at_precision(wave.mean.value, wave.mean.precision, lang),
                       format_range(r_lo, r_hi, lang, decimals(wave.mean.precision) + 1)]
        else:
            values += [message("barometer.not_reported", lang), ""]
        values.append(format_range(b_lo, b_hi, lang, 2))
        if threshold is not None:
            s_lo, s_hi = share_at_least(wave, threshold)
            values.append(format_range(s_lo, s_hi, lang))
        values.append(message("barometer.yes" if is_consistent(wave, lo, hi) else "barometer.no",
                              lang))
        rows.append(dict(zip(columns, values, strict=True)))
    name = label_text(getattr(barometer.instrument, "title", None), lang) or message(
        "barometer.name", lang)
    return Records(columns, rows, caption=message("barometer.waves_caption", lang, name=name))


def _valid_n(wave, lang: str) -> str:
    if wave.valid_n is None:
        return ""
    text = str(wave.valid_n.value)
    return f"{text} ({message('barometer.inferred', lang)})" if wave.valid_n.inferred else text


def factor_records(barometer: Barometer, *, english: bool = False, lang: str = "en") -> Records:
    """The factors as rows: per level the facilitating factors, then the hindering ones, each
    by number of mentions (most first), the same order as `charts.factors_chart`."""
    from .charts import factor_levels

    columns = [message(key, lang) for key in ("barometer.col_level", "barometer.col_kind",
                                              "barometer.col_factor", "barometer.col_mentions")]
    rows = []
    for level in factor_levels(barometer):
        for polarity in ("facilitating", "hindering"):
            chosen = [f for f in barometer.factors
                      if f.level == level and f.polarity == polarity]
            for factor in sorted(chosen, key=lambda f: -f.count):
                text = f"{factor.text} ({factor.en})" if english and factor.en else factor.text
                rows.append(dict(zip(columns, [level, message(f"barometer.{polarity}", lang),
                                               text, factor.count], strict=True)))
    refs = [ref for factor in barometer.factors for ref in factor.report]
    return Records(columns, rows,
                   caption=_caption(message("barometer.factors_title", lang), refs, lang))


__all__ = ["critical_elements_records", "factor_records", "format_number", "source_table",
           "wave_records"]

"""Figures of change over time: the score distribution of every wave side by side, and the
trend of the mean and of the share at or above the threshold, each with its interval.

A partial wave is drawn as printed: a share for a range of scores is one hatched block over
that range, never split; its mean is the interval of possible values, not a point estimate.
"""

from __future__ import annotations

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .charts import _RC, A4_WIDTH, _both, _figure, _literal_text, instrument_name
from .messages import message
from .wording import format_number
from .model import Barometer, Indicator
from .survey_trend import ordered, points, trend_note, with_distribution

GREYS = ("#333333", "#8c8c8c", "#c8c8c8", "#5f5f5f", "#aaaaaa", "#e0e0e0")


def distributions_chart(barometer: Barometer, *, lang: str = "en") -> Figure:
    """Percent per score for each wave, side by side; a range share is a hatched block."""
    lo, hi = barometer.instrument.scale_min, barometer.instrument.scale_max
    waves = [with_distribution(w) for w in ordered(barometer)]
    width = 0.8 / max(1, len(waves))
    with mpl.rc_context(_RC):
        fig = _figure(A4_WIDTH, 3.6)
        ax = fig.add_subplot()
        handles = []
        inferred_drawn = False
        for k, wave in enumerate(waves):
            colour = GREYS[k % len(GREYS)]
            offset = -0.4 + width * (k + 0.5)
            for share in wave.distribution:
                inferred_drawn |= _draw_share(ax, share, offset, width, colour, lang)
            label = f"{wave.label or wave.id} (n = {wave.n})"
            handles.append(Patch(facecolor=colour, edgecolor="black", label=label))
        ax.set_xticks(range(lo, hi + 1))
        ax.set_xlim(lo - 0.6, hi + 0.6)
        ax.set_xlabel(message("trend.score", lang))
        ax.set_ylabel(message("trend.share_axis", lang))
        ax.grid(axis="y", color="#dddddd", linewidth=0.5, zorder=0)
        if any(s.scores[0] != s.scores[1] for w in waves for s in w.distribution):
            handles.append(Patch(facecolor="white", edgecolor="black", hatch="///",
                                 label=message("trend.legend_together", lang)))
        if inferred_drawn:
            handles.append(Patch(facecolor="white", edgecolor="black", hatch="...",
                                 label=message("trend.legend_inferred", lang)))
        fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False,
                   fontsize=7.5)
        ax.set_title(message("trend.distributions_title", lang), loc="left")
    return _literal_text(fig)  # data text drawn as written: no math text, no control characters


def _draw_share(ax, share, offset: float, width: float, colour: str, lang: str) -> bool:
    """One wave's share as a bar, or as a hatched block over a range; True when inferred."""
    first, last = share.scores
    if first == last and share.status == "inferred":  # not given: reconstructed
        ax.bar(first + offset, share.percent, width=width * 0.95, facecolor="white",
               edgecolor=colour, hatch="...", linewidth=0.8, zorder=2)
        return True
    if first == last:
        ax.bar(first + offset, share.percent, width=width * 0.95, color=colour,
               edgecolor="black", linewidth=0.4, zorder=2)
        return False
    span = last - first + 1
    ax.bar((first + last) / 2 + offset, share.percent / span, width=span - 1 + width * 0.95,
           facecolor="white", edgecolor=colour, hatch="///", linewidth=0.8, zorder=1)
    ax.text((first + last) / 2, share.percent / span + 1,
            message("trend.together_label", lang, first=first, last=last,
                    percent=format_number(share.percent, lang)),
            ha="center", va="bottom", fontsize=7)
    return False


def trend_chart(barometer: Barometer, *, lang: str = "en") -> Figure:
    """The mean over the waves (95% interval, or bounds for a partial wave) and, for an
    instrument with a threshold, the share at or above it (95% Wilson interval, or bounds)."""
    inst = barometer.instrument
    data = points(barometer)
    with mpl.rc_context(_RC):
        fig = _figure(A4_WIDTH, 3.4)
        panels = fig.subplots(1, 2 if inst.threshold is not None else 1, squeeze=False)[0]
        xs = list(range(len(data)))
        names = [p.wave.date or str(p.wave.year) for p in data]
        _trend_panel(panels[0], xs, data, [p.mean for p in data],
                     [p.mean_interval for p in data], lambda v, p: (
                         f"{format_number(v, lang, 2)} (n = {p.valid_n})"))
        panels[0].set_ylim(inst.scale_min, inst.scale_max)
        panels[0].set_ylabel(message("trend.mean_axis", lang))
        if inst.threshold is not None:
            _trend_panel(panels[1], xs, data, [p.share for p in data],
                         [p.share_interval for p in data],
                         lambda v, p: f"{format_number(v, lang)}%")
            panels[1].set_ylim(0, 100)
            panels[1].set_ylabel(message("trend.share_at_axis", lang, threshold=inst.threshold))
        for ax in panels:
            ax.set_xticks(xs, names)
            ax.set_xlim(-0.6, max(xs, default=0) + 0.9)
            ax.set_xlabel(message("trend.wave_axis", lang))
            ax.grid(axis="y", color="#dddddd", linewidth=0.5, zorder=0)
        fig.legend(handles=[
            Line2D([], [], color="black", marker="o",
                   label=message("trend.legend_complete", lang)),
            Line2D([], [], color="#777777", marker="D",
                   label=message("trend.legend_partial", lang))],
            loc="outside lower center", ncols=2, frameon=False, fontsize=7)
        fig.suptitle(message("trend.title", lang, name=instrument_name(inst, lang),
                             note=trend_note(barometer, lang)), x=0.01, ha="left", fontsize=9)
    return _literal_text(fig)  # data text drawn as written: no math text, no control characters


def _trend_panel(ax, xs, data, values, intervals, label) -> None:
    for x, p, value, interval in zip(xs, data, values, intervals, strict=True):
        style = {"color": "black"} if p.complete else {"color": "#777777"}
        if interval is not None:
            ax.plot([x, x], list(interval), linewidth=1.2, **style)
        if value is not None:
            ax.plot([x], [value], marker="o" if p.complete else "D", markersize=5,
                    linestyle="none", **style)
            ax.annotate(label(value, p), (x, value), xytext=(6, 0), textcoords="offset points",
                        va="center", fontsize=7)
    known = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
    if len(known) >= 2:
        ax.plot(*zip(*known, strict=True), color="black", linewidth=0.8, linestyle=":")


def indicator_chart(indicator: Indicator) -> Figure:
    """The indicator's numeric measurements over the periods, with baseline and target as
    horizontal lines where they are numbers."""
    points = sorted((m for m in indicator.measurements if isinstance(m.value, (int, float))),
                    key=lambda m: m.period)
    with mpl.rc_context(_RC):
        fig = _figure(A4_WIDTH * 0.7, 2.6)
        ax = fig.add_subplot()
        xs = list(range(len(points)))
        ax.plot(xs, [m.value for m in points], marker="o", color="black", linewidth=1)
        for x, m in zip(xs, points, strict=True):
            ax.annotate(f"{m.value}" + (f" (n = {m.n})" if m.n is not None else ""),
                        (x, m.value), xytext=(0, 6), textcoords="offset points",
                        ha="center", fontsize=7)
        for measure, name, style in ((indicator.baseline, "basislijn / baseline", ":"),
                                     (indicator.target, "doel / target", "--")):
            if measure is not None and isinstance(measure.value, (int, float)):
                ax.axhline(measure.value, color="#555555", linestyle=style, linewidth=1,
                           label=name)
        ax.set_xticks(xs, [m.period for m in points])
        ax.set_xlim(-0.5, max(len(points) - 0.5, 0.5))
        ax.set_ylabel(indicator.unit or _both("waarde", "value"))
        if ax.get_legend_handles_labels()[0]:
            ax.legend(frameon=False, fontsize=7)
        ax.set_title(indicator.label.nl, loc="left", fontsize=9)
    return _literal_text(fig)  # data text drawn as written: no math text, no control characters

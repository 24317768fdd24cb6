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

from .charts import _RC, A4_WIDTH, _both, _figure, _literal_text, nl_number
from .model import Barometer
from .survey_trend import ordered, points, trend_note, with_distribution

GREYS = ("#333333", "#8c8c8c", "#c8c8c8", "#5f5f5f", "#aaaaaa", "#e0e0e0")


def distributions_chart(barometer: Barometer) -> Figure:
    """Percent per score for each wave, side by side; a range share is a hatched block."""
    lo, hi = barometer.instrument.scale_min, barometer.instrument.scale_max
    waves = [with_distribution(w) for w in ordered(barometer)]
    width = 0.8 / max(1, len(waves))
    with mpl.rc_context(_RC):
        fig = _figure(A4_WIDTH, 3.4)
        ax = fig.add_subplot()
        handles = []
        inferred_drawn = False
        for k, wave in enumerate(waves):
            colour = GREYS[k % len(GREYS)]
            offset = -0.4 + width * (k + 0.5)
            for share in wave.distribution:
                first, last = share.scores
                if first == last and share.status == "inferred":  # not printed: reconstructed
                    inferred_drawn = True
                    ax.bar(first + offset, share.percent, width=width * 0.95, facecolor="white",
                           edgecolor=colour, hatch="...", linewidth=0.8, zorder=2)
                elif first == last:
                    ax.bar(first + offset, share.percent, width=width * 0.95, color=colour,
                           edgecolor="black", linewidth=0.4, zorder=2)
                else:
                    span = last - first + 1
                    ax.bar((first + last) / 2 + offset, share.percent / span,
                           width=span - 1 + width * 0.95, facecolor="white",
                           edgecolor=colour, hatch="///", linewidth=0.8, zorder=1)
                    ax.text((first + last) / 2, share.percent / span + 1,
                            _both(f"{first}–{last} samen: {nl_number(share.percent)}%",
                                  "together"), ha="center", va="bottom", fontsize=7)
            label = f"{wave.label or wave.id} (n = {wave.n})"
            handles.append(Patch(facecolor=colour, edgecolor="black", label=label))
        ax.set_xticks(range(lo, hi + 1))
        ax.set_xlim(lo - 0.6, hi + 0.6)
        ax.set_xlabel(_both("Score", "score"))
        ax.set_ylabel(_both("Aandeel (%)", "share (%)"))
        ax.grid(axis="y", color="#dddddd", linewidth=0.5, zorder=0)
        if any(len(s.scores) and s.scores[0] != s.scores[1] for w in waves
               for s in w.distribution):
            handles.append(Patch(facecolor="white", edgecolor="black", hatch="///",
                                 label=_both("scores samen gerapporteerd (per score gemiddeld "
                                             "getekend)", "reported together")))
        if inferred_drawn:
            handles.append(Patch(facecolor="white", edgecolor="black", hatch="...",
                                 label=_both("afgeleid, niet gedrukt in het rapport",
                                             "inferred, not printed")))
        ax.legend(handles=handles, loc="upper left", frameon=False, fontsize=7.5)
        ax.set_title(_both("Scoreverdeling per meting", "score distribution per wave"),
                     loc="left")
    return _literal_text(fig)  # data text drawn as written: no math text, no control characters


def trend_chart(barometer: Barometer) -> Figure:
    """Two panels over the waves: the mean (95% interval, or bounds for a partial wave) and
    the share at or above the threshold (95% Wilson interval, or bounds)."""
    inst = barometer.instrument
    data = points(barometer)
    with mpl.rc_context(_RC):
        fig = _figure(A4_WIDTH, 3.2)
        mean_ax, share_ax = fig.subplots(1, 2)
        xs = list(range(len(data)))
        names = [p.wave.date or str(p.wave.year) for p in data]
        for x, p in zip(xs, data, strict=True):
            style = {"color": "black"} if p.complete else {"color": "#777777"}
            mean_ax.plot([x, x], list(p.mean_interval), linewidth=1.2, **style)
            if p.mean is not None:
                mean_ax.plot([x], [p.mean], marker="o" if p.complete else "D", markersize=5,
                             linestyle="none", **style)
                mean_ax.annotate(f"{nl_number(p.mean, 2)} (n = {p.valid_n})", (x, p.mean),
                                 xytext=(6, 0), textcoords="offset points", va="center",
                                 fontsize=7)
            if p.share_interval is not None:
                share_ax.plot([x, x], list(p.share_interval), linewidth=1.2, **style)
            if p.share is not None:
                share_ax.plot([x], [p.share], marker="o" if p.complete else "D", markersize=5,
                              linestyle="none", **style)
                share_ax.annotate(f"{nl_number(p.share)}%", (x, p.share), xytext=(6, 0),
                                  textcoords="offset points", va="center", fontsize=7)
        for ax, values in ((mean_ax, [p.mean for p in data]),
                           (share_ax, [p.share for p in data])):
            known = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
            if len(known) >= 2:
                ax.plot(*zip(*known, strict=True), color="black", linewidth=0.8, linestyle=":")
            ax.set_xticks(xs, names)
            ax.set_xlim(-0.6, max(xs, default=0) + 0.9)
            ax.set_xlabel(_both("Meting", "wave"))
            ax.grid(axis="y", color="#dddddd", linewidth=0.5, zorder=0)
        mean_ax.set_ylim(inst.scale_min, inst.scale_max)
        mean_ax.set_ylabel(_both("Gemiddelde score", "mean score"))
        share_ax.set_ylim(0, 100)
        threshold = inst.threshold if inst.threshold is not None else "?"
        share_ax.set_ylabel(_both(f"Aandeel ≥ {threshold} (%)", "share"))
        share_ax.legend(handles=[
            Line2D([], [], color="black", marker="o", label=_both("volledige meting, 95%-BI",
                                                                  "complete wave, 95% CI")),
            Line2D([], [], color="#777777", marker="D",
                   label=_both("gedeeltelijke meting, grenzen", "partial wave, bounds"))],
            loc="upper left", frameon=False, fontsize=7)
        fig.suptitle(_both("SofS-barometer over de metingen", "barometer over waves")
                     + " — " + trend_note(barometer), x=0.01, ha="left", fontsize=9)
    return _literal_text(fig)  # data text drawn as written: no math text, no control characters

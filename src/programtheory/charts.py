"""Report-ready charts of the barometer: score distribution, Tabel 5 factors, trend over waves.

Every chart is a matplotlib `Figure` drawn with the Agg canvas directly (no pyplot, so a
notebook's backend is left alone), readable in greyscale (grey levels plus hatching, never colour
alone), labelled in Dutch with the English alongside, and saved byte-stable by `save_figure`
(SVG with a fixed hash salt and no date, PDF without creation date, PNG without timestamp):
rebuilding with the same data gives the same files, so a diff in git means a change in data.

What the report does not give is drawn as not given:

* a share for a range of scores (the 2021 wave: 34.7% for 7-10 together) is one outlined,
  hatched bar spanning the range, labelled as not reported per score; it is never split;
* a share whose position or value is reconstructed (`status: inferred`) is hatched and named
  so in the legend;
* the mean is the reported value with its rounding interval and the bounds that any complete
  distribution agreeing with the shares allows (`barometer.mean_bounds`);
* one wave is one point with its interval: no line, no trend.

>>> from programtheory.model import ScoreShare, Wave, ReportedMean
>>> wave = Wave(id="w", year=2021, n=10, distribution=[ScoreShare(scores=(5, 5), percent=40),
...     ScoreShare(scores=(7, 10), percent=60)], mean=ReportedMean(value=7))
>>> fig = distribution_chart(wave)
>>> strip, bars = fig.axes
>>> print(bars.texts[-1].get_text())
7–10 samen / together
60,0%
niet per score gerapporteerd
not reported per score
>>> print(strip.texts[0].get_text())
gerapporteerd gemiddelde (◆): 7/10, afgerond (▬): 6,5–7,5 / reported mean, rounded
mogelijk gemiddelde volgens de verdeling (|–|): 6,2–8 / mean bounds
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter

from .barometer import mean_bounds, reported_mean_interval
from .model import Barometer, Instrument, Wave
from .textsafe import export_text

# Grey levels and hatches that stay apart on a black-and-white printout.
PRINTED = {"facecolor": "#6e6e6e", "edgecolor": "black", "hatch": None}
INFERRED = {"facecolor": "#d9d9d9", "edgecolor": "black", "hatch": ".."}
UNREPORTED = {"facecolor": "white", "edgecolor": "black", "hatch": "//", "linestyle": "--"}
FACILITATING = {"facecolor": "#bdbdbd", "edgecolor": "black", "hatch": None}
HINDERING = {"facecolor": "white", "edgecolor": "black", "hatch": "///"}

FORMATS = ("svg", "png", "pdf")
A4_WIDTH = 7.5  # inches: the text width of an A4 page with normal margins

_RC = {
    "svg.hashsalt": "programtheory",  # stable ids inside SVG files
    "svg.fonttype": "path",  # text as paths: looks the same without the font installed
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs everywhere
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "legend.fontsize": 8,
    "hatch.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    # text from data is drawn as written: '$5 en $10' is no formula, '$\\input{x}$' no TeX
    "text.parse_math": False,
    "text.usetex": False,
}


def nl_number(value: float, digits: int = 1) -> str:
    """A number as the Dutch report writes it: decimal comma, trailing ',0' dropped.

    >>> nl_number(34.7), nl_number(6.0), nl_number(5.694, 2)
    ('34,7', '6', '5,69')
    """
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _figure(width: float, height: float) -> Figure:
    with mpl.rc_context(_RC):
        fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _literal_text(fig: Figure) -> Figure:
    """Every text of the figure drawn as written: no math text (also for artists made outside
    `_RC`), and no control, bidirectional or hiding zero-width characters."""
    for text in fig.findobj(Text):
        text.set_parse_math(False)
        text.set_usetex(False)
        shown = text.get_text()
        if not shown.isascii() or not shown.isprintable():
            text.set_text(export_text(shown))
    return fig


def _both(nl: str, en: str) -> str:
    return f"{nl} / {en}" if en else nl


# ---------------------------------------------------------------- the score distribution

def distribution_chart(wave: Wave, instrument: Instrument | None = None, *,
                       title: str | None = None) -> Figure:
    """The wave's score distribution as the report gives it, with the mean and its bounds.

    Single scores are bars (printed: solid; inferred: dotted); a share for a range of scores
    is one dashed, hatched box over the whole range with its total, never split; the part of
    100% that no share accounts for is stated under the chart. A strip above the bars shows
    the reported mean, its rounding interval and the bounds the distribution allows.
    """
    lo = instrument.scale_min if instrument else 1
    hi = instrument.scale_max if instrument else 10
    with mpl.rc_context(_RC):
        fig = _figure(A4_WIDTH, 4.6)
        strip, ax = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [1.3, 5]})
        top = max([s.percent for s in wave.distribution] + [10.0])
        used: set[str] = set()
        for share in wave.distribution:
            first, last = share.scores
            if first == last:
                style = PRINTED if share.status == "printed" else INFERRED
                used.add(share.status)
                ax.bar(first, share.percent, width=0.7, **style, linewidth=0.8, zorder=2)
                marker = ""
                if share.position == "inferred":  # the value is printed, its score is not
                    marker = "*"
                    used.add("position")
                ax.annotate(f"{share.percent:.1f}%{marker}".replace(".", ","),
                            (first, share.percent),
                            xytext=(0, 2), textcoords="offset points", ha="center",
                            va="bottom", fontsize=8)
            else:
                used.add("range")
                ax.add_patch(Rectangle((first - 0.4, 0), last - first + 0.8, share.percent,
                                       linewidth=1.0, zorder=2, **UNREPORTED))
                ax.text((first + last) / 2, share.percent / 2,
                        f"{first}–{last} samen / together\n"
                        f"{share.percent:.1f}%\n".replace(".", ",")
                        + "niet per score gerapporteerd\nnot reported per score",
                        ha="center", va="center", fontsize=8, zorder=3,
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
        ax.set_xlim(lo - 0.6, hi + 0.6)
        ax.set_xticks(range(lo, hi + 1))
        ax.set_ylim(0, top * 1.3)
        ax.set_xlabel(f"Score ({lo} = "
                      + (_short(instrument.anchor_low) if instrument else "laag / low")
                      + f"; {hi} = "
                      + (_short(instrument.anchor_high) if instrument else "hoog / high") + ")")
        ax.set_ylabel(_both("Aandeel antwoorden (%)", "share of answers (%)"))
        ax.grid(axis="y", color="#dddddd", linewidth=0.5, zorder=0)
        handles = []
        if "printed" in used:
            handles.append(Patch(**PRINTED, label=_both("gedrukt in het rapport", "printed")))
        if "inferred" in used:
            handles.append(Patch(**INFERRED, label=_both("afgeleid (zie noot)",
                                                         "inferred (see note)")))
        if "range" in used:
            handles.append(Patch(**UNREPORTED, label=_both("alleen samen gerapporteerd",
                                                           "reported only as a total")))
        if "position" in used:
            handles.append(Patch(facecolor="none", edgecolor="none",
                                 label="* " + _both("score afgeleid: het label ontbreekt in de "
                                                    "tekst", "score position inferred")))
        ax.legend(handles=handles, loc="upper left", frameon=False)
        _draw_mean(strip, wave, lo, hi)
        strip.set_title(title or _distribution_title(wave), loc="left")
        note = _footnote(wave)
        if note:
            fig.text(0.01, 0.005, note, fontsize=7, ha="left", va="bottom", wrap=True)
            fig.get_layout_engine().set(h_pad=0.2)
    return _literal_text(fig)


def _short(text: str, width: int = 28) -> str:
    return textwrap.shorten(export_text(text), width=width, placeholder="…")


def _distribution_title(wave: Wave) -> str:
    n = f"n = {wave.n}"
    if wave.valid_n is not None:
        n += f", {wave.valid_n.value} geldig / valid" + (" (afgeleid / inferred)"
                                                         if wave.valid_n.inferred else "")
    return f"SofS-barometer {wave.year} ({n})"


def _footnote(wave: Wave) -> str:
    parts = []
    total = sum(s.percent for s in wave.distribution)
    if total < 99.95:
        parts.append(f"{nl_number(100 - total)}% niet gerapporteerd / not reported.")
    for test in wave.tests:
        stat = f"{test.name} = {nl_number(test.statistic, 2)}"
        if test.name.lower().startswith(("chi", "χ")):
            stat = f"χ²({test.df}) = {nl_number(test.statistic, 2)}" if test.df is not None \
                else f"χ² = {nl_number(test.statistic, 2)}"
        if test.p is not None:
            stat += f", p = {nl_number(test.p, 2)}"
        if test.across:
            stat += f" (naar / across {test.across})"
        parts.append(stat + ".")
    return " ".join(parts)


def _draw_mean(ax, wave: Wave, lo: int, hi: int) -> None:
    """In a strip of its own: the reported mean (diamond), its rounding interval (thick grey
    bar) and the bounds any distribution fitting the shares allows (whiskers), each named."""
    b_lo, b_hi = mean_bounds(wave, lo, hi)
    y = 0.5
    ax.plot([b_lo, b_hi], [y, y], color="black", linewidth=1.0, marker="|", markersize=10,
            zorder=3)
    text = _both(f"mogelijk gemiddelde volgens de verdeling (|–|): {nl_number(b_lo, 2)}–"
                 f"{nl_number(b_hi, 2)}", "mean bounds")
    if wave.mean is not None:
        r_lo, r_hi = reported_mean_interval(wave.mean)
        ax.plot([r_lo, r_hi], [y, y], color="#555555", linewidth=7, solid_capstyle="butt",
                zorder=2)
        ax.plot([wave.mean.value], [y], marker="D", color="black", markersize=6, zorder=4,
                linestyle="none")
        text = (_both(f"gerapporteerd gemiddelde (◆): {nl_number(wave.mean.value)}/{hi}, "
                      f"afgerond (▬): {nl_number(r_lo, 2)}–{nl_number(r_hi, 2)}",
                      "reported mean, rounded") + "\n" + text)
    ax.text((lo + hi) / 2, -0.25, text, ha="center", va="top", fontsize=7.5)
    ax.set_ylim(-1.6, 1)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.spines["bottom"].set_visible(False)
    ax.tick_params(axis="x", length=0)


# ---------------------------------------------------------------- Tabel 5: factors per level

def factors_chart(barometer: Barometer, *, levels: Sequence[str] | None = None,
                  wrap: int = 60, title: str | None = None) -> Figure:
    """Tabel 5 as a diverging bar chart: one panel per level, hindering factors to the left
    (hatched), facilitating to the right (grey), each bar labelled with its count.

    `levels` keeps only those levels (e.g. one level per figure for a report page).
    """
    order = list(barometer.factor_levels)
    order += sorted({f.level for f in barometer.factors} - set(order))
    if levels is not None:
        order = [level for level in order if level in set(levels)]
    panels = []
    for level in order:
        rows = [f for f in barometer.factors if f.level == level]
        fac = sorted((f for f in rows if f.polarity == "facilitating"), key=lambda f: -f.count)
        hin = sorted((f for f in rows if f.polarity == "hindering"), key=lambda f: -f.count)
        if fac or hin:
            panels.append((level, fac + hin))
    if not panels:
        fig = _figure(A4_WIDTH, 1.5)
        fig.text(0.5, 0.5, _both("Geen factoren", "no factors"), ha="center")
        return _literal_text(fig)
    biggest = max(f.count for _, rows in panels for f in rows) or 1
    heights = [len(rows) * 0.3 + 0.7 for _, rows in panels]
    with mpl.rc_context(_RC):
        fig = _figure(A4_WIDTH, sum(heights) + 0.8)
        axes = fig.subplots(len(panels), 1, sharex=True,
                            gridspec_kw={"height_ratios": heights}, squeeze=False)[:, 0]
        for ax, (level, rows) in zip(axes, panels):
            y = list(range(len(rows)))[::-1]
            for yi, factor in zip(y, rows):
                sign = 1 if factor.polarity == "facilitating" else -1
                style = FACILITATING if sign > 0 else HINDERING
                ax.barh(yi, sign * factor.count, height=0.7, linewidth=0.8, zorder=2, **style)
                ax.annotate(str(factor.count), (sign * factor.count, yi),
                            xytext=(3 * sign, 0), textcoords="offset points",
                            ha="left" if sign > 0 else "right", va="center", fontsize=7)
            ax.set_yticks(y)
            ax.set_yticklabels([_two_lines(f.text, wrap) for f in rows], fontsize=6.5)
            ax.set_ylim(-0.6, len(rows) - 0.4)
            ax.axvline(0, color="black", linewidth=0.8)
            ax.set_xlim(-biggest * 1.15, biggest * 1.15)
            fac_total = sum(f.count for f in rows if f.polarity == "facilitating")
            hin_total = sum(f.count for f in rows if f.polarity == "hindering")
            ax.set_title(f"{level}\nbelemmerend / hindering: {hin_total} · "
                         f"faciliterend / facilitating: {fac_total}", loc="left", fontsize=8.5)
            ax.grid(axis="x", color="#dddddd", linewidth=0.5, zorder=0)
        axes[-1].set_xlabel(_both("Aantal vermeldingen", "number of mentions") + "\n← "
                            + _both("belemmerend", "hindering") + " | "
                            + _both("faciliterend", "facilitating") + " →")
        axes[-1].xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):g}"))
        axes[0].legend(handles=[Patch(**HINDERING, label=_both("belemmerend", "hindering")),
                                Patch(**FACILITATING, label=_both("faciliterend",
                                                                  "facilitating"))],
                       loc="lower right", frameon=False)
        fig.suptitle(title or ("Tabel 5: faciliterende en belemmerende factoren per niveau\n"
                               "Table 5: facilitating and hindering factors per level"),
                     x=0.01, ha="left", fontsize=10)
    return _literal_text(fig)


def _two_lines(text: str, width: int) -> str:
    lines = textwrap.wrap(" ".join(export_text(text).split()), width=width)
    if len(lines) <= 2:
        return "\n".join(lines)
    return lines[0] + "\n" + textwrap.shorten(" ".join(lines[1:]), width=width, placeholder="…")


# ---------------------------------------------------------------- the trend over waves

def trend_chart(barometer: Barometer, *, title: str | None = None) -> Figure:
    """The barometer mean per wave: the reported mean, its rounding interval and the bounds
    allowed by the distribution. Points are joined only when there are two or more waves."""
    lo, hi = barometer.instrument.scale_min, barometer.instrument.scale_max
    waves = sorted(barometer.waves, key=lambda w: w.year)
    with mpl.rc_context(_RC):
        fig = _figure(A4_WIDTH * 0.7, 3.2)
        ax = fig.add_subplot()
        xs, ys = [], []
        for wave in waves:
            b_lo, b_hi = mean_bounds(wave, lo, hi)
            ax.plot([wave.year, wave.year], [b_lo, b_hi], color="black", linewidth=1.0,
                    zorder=2)
            ax.plot([wave.year - 0.08, wave.year + 0.08], [b_lo, b_lo], color="black",
                    linewidth=1.0)
            ax.plot([wave.year - 0.08, wave.year + 0.08], [b_hi, b_hi], color="black",
                    linewidth=1.0)
            if wave.mean is not None:
                r_lo, r_hi = reported_mean_interval(wave.mean)
                ax.plot([wave.year, wave.year], [r_lo, r_hi], color="#555555", linewidth=6,
                        solid_capstyle="butt", zorder=3)
                ax.plot([wave.year], [wave.mean.value], marker="D", color="black",
                        markersize=6, zorder=4)
                xs.append(wave.year)
                ys.append(wave.mean.value)
                ax.annotate(f"{nl_number(wave.mean.value)}/{hi} (n = {wave.n})",
                            (wave.year, wave.mean.value), xytext=(8, 0),
                            textcoords="offset points", va="center", fontsize=8)
        if len(xs) >= 2:
            ax.plot(xs, ys, color="black", linewidth=0.8, linestyle=":", zorder=1)
        years = [w.year for w in waves] or [0]
        ax.set_xlim(min(years) - 1, max(years) + 1)
        ax.set_xticks(sorted(set(years)))
        ax.set_ylim(lo, hi)
        ax.set_yticks(range(lo, hi + 1))
        ax.set_xlabel(_both("Meting (jaar)", "wave (year)"))
        ax.set_ylabel(_both("Gemiddelde score", "mean score"))
        ax.grid(axis="y", color="#dddddd", linewidth=0.5, zorder=0)
        ax.legend(handles=[
            Line2D([], [], color="black", marker="D", linestyle="none",
                             label=_both("gerapporteerd gemiddelde", "reported mean")),
            Line2D([], [], color="#555555", linewidth=6,
                             label=_both("afrondingsinterval", "rounding interval")),
            Line2D([], [], color="black", linewidth=1.0,
                             label=_both("mogelijk volgens de verdeling", "distribution bounds"))],
            loc="lower right", frameon=False)
        note = ("Eén meting: nog geen trend / one wave: no trend yet" if len(waves) == 1
                else f"{len(waves)} metingen / waves")
        ax.set_title(title or _both("SofS-barometer over de metingen", "barometer over waves")
                     + f"\n{note}", loc="left")
    return _literal_text(fig)


# ---------------------------------------------------------------- saving

def save_figure(fig: Figure, out_dir: str | Path, stem: str,
                formats: Sequence[str] | str = FORMATS, *, dpi: int = 200,
                title: str = "", desc: str = "") -> list[Path]:
    """Write the figure as `<out_dir>/<stem>.<fmt>` for each format; return the paths.

    The files are byte-stable: the same figure gives the same bytes on every run. An SVG
    carries `title` and `desc` (by default from the figure's own texts,
    `accessible.figure_text`) for screen readers.
    """
    if isinstance(formats, str):
        formats = [formats]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in formats:
        path = out / f"{stem}.{fmt}"
        metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None},
                    "png": {"Software": None}}.get(fmt)
        with mpl.rc_context(_RC):
            fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata)
        _freeze_layout(fig)
        if fmt == "svg":
            from .accessible import figure_text, label_svg_file

            own_title, own_desc = figure_text(fig)
            label_svg_file(path, title or own_title or stem, desc or own_desc or title)
        paths.append(path)
    return paths


def _freeze_layout(fig: Figure) -> None:
    """Keep the layout of the first save: constrained layout starts from the current
    positions on every draw, so a second save (another format, or the same one again) would
    otherwise differ slightly from the first."""
    engine = fig.get_layout_engine()
    if engine is not None and type(engine).__name__ != "PlaceholderLayoutEngine":
        fig.set_layout_engine("none")


def save_all(figures: Iterable[tuple[str, Figure]], out_dir: str | Path,
             formats: Sequence[str] | str = FORMATS) -> list[Path]:
    """Save several (stem, figure) pairs; return every path written."""
    paths: list[Path] = []
    for stem, fig in figures:
        paths += save_figure(fig, out_dir, stem, formats)
    return paths


# ---------------------------------------------------------------- figures in a notebook page

# shown inline in notebook pages; lives with iframe_html, so pages without charts need no
# matplotlib
from .interactive import image_html  # noqa: E402,F401


# ---------------------------------------------------------------- the tables beside the charts

def critical_elements_records(barometer: Barometer, *, english: bool = False):
    """Tabel 4 as rows: one per critical element, with its hindering and facilitating points
    and recommendations as lists (shown as lines by `tables.records_to_*`)."""
    from .tables import Records

    def points(items) -> list[str]:
        return [f"{p.text} ({p.en})" if english and p.en else p.text for p in items]

    columns = ["Kritisch element / critical element",
               "Belemmerende factoren / hindering",
               "Bevorderende factoren / facilitating",
               "Aanbevelingen / recommendations"]
    rows = [{columns[0]: _both(ce.label.nl, ce.label.en),
             columns[1]: points(ce.hindering), columns[2]: points(ce.facilitating),
             columns[3]: points(ce.recommendations)} for ce in barometer.critical_elements]
    return Records(columns, rows, caption="Tabel 4: assessment van de kritische elementen "
                   "(Table 4: assessment of the critical implementation elements)")


def wave_records(barometer: Barometer):
    """Per wave what the report gives and what follows from it, as bounds: n, the reported
    mean with its rounding interval, the mean bounds of the distribution, the share at or
    above the instrument's threshold."""
    from .barometer import is_consistent, share_at_least
    from .tables import Records

    lo, hi = barometer.instrument.scale_min, barometer.instrument.scale_max
    threshold = barometer.instrument.threshold or hi  # no threshold: the top score alone
    columns = ["meting / wave", "jaar / year", "n", "geldig / valid n",
               "gerapporteerd gemiddelde / reported mean", "afrondingsinterval / rounding",
               "gemiddelde volgens verdeling / mean bounds",
               f"aandeel ≥ {threshold} / share ≥ {threshold} (%)",
               "consistent"]
    rows = []
    for wave in sorted(barometer.waves, key=lambda w: w.year):
        b_lo, b_hi = mean_bounds(wave, lo, hi)
        s_lo, s_hi = share_at_least(wave, threshold)
        rounding = ""
        if wave.mean is not None:
            r_lo, r_hi = reported_mean_interval(wave.mean)
            rounding = f"{nl_number(r_lo, 2)}–{nl_number(r_hi, 2)}"
        valid = ""
        if wave.valid_n is not None:
            valid = str(wave.valid_n.value) + (" (afgeleid / inferred)"
                                               if wave.valid_n.inferred else "")
        rows.append({
            columns[0]: wave.label or wave.id, columns[1]: wave.year, columns[2]: wave.n,
            columns[3]: valid,
            columns[4]: nl_number(wave.mean.value, 2) if wave.mean else "niet gerapporteerd",
            columns[5]: rounding,
            columns[6]: f"{nl_number(b_lo, 2)}–{nl_number(b_hi, 2)}",
            columns[7]: (nl_number(s_lo) if s_lo == s_hi
                         else f"{nl_number(s_lo)}–{nl_number(s_hi)}"),
            columns[8]: "ja / yes" if is_consistent(wave, lo, hi) else "NEE / NO"})
    return Records(columns, rows, caption="SofS-barometer per meting: gerapporteerd en "
                   "begrensd (barometer per wave: reported values and bounds)")


def factor_records(barometer: Barometer, *, english: bool = False):
    """Tabel 5 as rows: per level the facilitating factors, then the hindering ones, each
    by number of mentions (most first), the same order as `factors_chart`."""
    from .tables import Records

    columns = ["Niveau / level", "Soort / kind", "Factor / factor",
               "Aantal vermeldingen / mentions"]
    kinds = {"facilitating": _both("faciliterend", "facilitating"),
             "hindering": _both("belemmerend", "hindering")}
    order = list(barometer.factor_levels)
    order += sorted({f.level for f in barometer.factors} - set(order))
    rows = []
    for level in order:
        for polarity in ("facilitating", "hindering"):
            chosen = [f for f in barometer.factors
                      if f.level == level and f.polarity == polarity]
            for factor in sorted(chosen, key=lambda f: -f.count):
                text = f"{factor.text} ({factor.en})" if english and factor.en else factor.text
                rows.append({columns[0]: level, columns[1]: kinds[polarity], columns[2]: text,
                             columns[3]: factor.count})
    return Records(columns, rows, caption="Tabel 5: faciliterende en belemmerende factoren "
                   "per niveau (Table 5: facilitating and hindering factors per level)")

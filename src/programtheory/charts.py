"""Report-ready charts of the barometer: score distribution, factors per level, trend over waves.

Every chart is a matplotlib `Figure` drawn with the Agg canvas directly (no pyplot, so a
notebook's backend is left alone), readable in greyscale (grey levels plus hatching, never colour
alone), worded in the page's language (`wording`, with the instrument's name from the data),
and saved byte-stable by `save_figure` (SVG with a fixed hash salt and no date, PDF without
creation date, PNG without timestamp): rebuilding with the same data gives the same files, so a
diff in git means a change in data.

What the source does not give is drawn as not given:

* a share for a range of scores (e.g. one share for 7-10 together) is one outlined, hatched bar
  spanning the range, labelled as not given per score; it is never split;
* a share whose position or value is reconstructed (`status: inferred`) is hatched and named
  so in the legend;
* the mean is a labelled interval: the reported value at its precision, its rounding interval
  and the bounds that any complete distribution agreeing with the shares allows
  (`barometer.mean_bounds`);
* one wave is one point with its interval: no line, no trend.

>>> from programtheory.model import ScoreShare, Wave, ReportedMean
>>> wave = Wave(id="w", year=2021, n=10, distribution=[ScoreShare(scores=(5, 5), percent=40),
...     ScoreShare(scores=(7, 10), percent=60)], mean=ReportedMean(value=7))
>>> fig = distribution_chart(wave, lang="nl")
>>> strip, bars = fig.axes
>>> print(bars.texts[-1].get_text())
7–10 samen: 60%
niet per score gerapporteerd
>>> print(strip.texts[-1].get_text())
gerapporteerd gemiddelde (◆): 7 op 10; afgerond, dus tussen 6,5 en 7,5 (grijze balk)
mogelijk volgens de verdeling: 6,2 tot 8 (|—|)
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter

from .barometer import mean_bounds, reported_mean_interval
from .chart_png import save_png
from .model import Barometer, Instrument, Wave
from .pdf_fonts import lean_font_subsets
from .textsafe import export_text
from .wording import decimals, format_at_precision, format_number, label_text, message

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
    # the figure as laid out, whatever a user's matplotlibrc says ('tight' crops it, and a
    # PNG's pixels would no longer have the figure's size: chart_png.save_png)
    "savefig.bbox": None,
}


def nl_number(value: float, digits: int = 1) -> str:
    """A number with a decimal comma, trailing ',0' dropped (`wording.format_number` in Dutch).

    >>> nl_number(34.7), nl_number(6.0), nl_number(5.694, 2)
    ('34,7', '6', '5,69')
    """
    return format_number(value, "nl", digits)


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


def instrument_name(instrument: Instrument | None, lang: str) -> str:
    """What the pages call the instrument: its `title` in the data, else 'Barometer'."""
    title = getattr(instrument, "title", None)
    return label_text(title, lang) or message("barometer.name", lang)


def _wrap(text: str, width: int) -> str:
    """The whole text over as many lines as it needs: a label is never cut."""
    return "\n".join(textwrap.wrap(" ".join(export_text(text).split()), width=width)) or text


# ---------------------------------------------------------------- the score distribution

def distribution_chart(wave: Wave, instrument: Instrument | None = None, *,
                       title: str | None = None, lang: str = "nl") -> Figure:
    """The wave's score distribution as the source gives it, with the mean and its bounds.

    Single scores are bars (given: solid; inferred: dotted); a share for a range of scores
    is one dashed, hatched box over the whole range with its total, never split; the part of
    100% that no share accounts for is stated under the chart. A strip above the bars draws
    the mean as a labelled interval: the reported value, its rounding interval and the bounds
    the distribution allows. The legend sits below the chart, clear of the bars.
    """
    lo = instrument.scale_min if instrument else 1
    hi = instrument.scale_max if instrument else 10
    with mpl.rc_context(_RC):
        fig = _figure(A4_WIDTH, 5.2)
        strip, ax = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [1.7, 5]})
        used = _draw_shares(ax, wave, lang)
        top = max([s.percent for s in wave.distribution] + [10.0])
        ax.set_xlim(lo - 0.6, hi + 0.6)
        ax.set_xticks(range(lo, hi + 1))
        ax.set_ylim(0, top * 1.2)
        ax.set_xlabel(_score_axis(instrument, lo, hi, lang))
        ax.set_ylabel(message("barometer.share_axis", lang))
        ax.grid(axis="y", color="#dddddd", linewidth=0.5, zorder=0)
        handles = _share_legend(used, lang)
        if handles:
            fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False)
        _draw_mean(strip, wave, lo, hi, lang, note=_footnote(wave, lang))
        strip.set_title(title or _distribution_title(wave, instrument, lang), loc="left")
    return _literal_text(fig)


def _draw_shares(ax, wave: Wave, lang: str) -> set[str]:
    """The bars and range boxes; returns which legend entries they need."""
    used: set[str] = set()
    for share in wave.distribution:
        first, last = share.scores
        percent = format_number(share.percent, lang)
        if first == last:
            style = PRINTED if share.status == "printed" else INFERRED
            used.add(share.status)
            ax.bar(first, share.percent, width=0.7, **style, linewidth=0.8, zorder=2)
            marker = ""
            if share.position == "inferred":  # the value is given, its score is not
                marker = "*"
                used.add("position")
            ax.annotate(f"{percent}%{marker}", (first, share.percent), xytext=(0, 2),
                        textcoords="offset points", ha="center", va="bottom", fontsize=8)
        else:
            used.add("range")
            ax.add_patch(Rectangle((first - 0.4, 0), last - first + 0.8, share.percent,
                                   linewidth=1.0, zorder=2, **UNREPORTED))
            ax.text((first + last) / 2, share.percent / 2,
                    message("barometer.range_total", lang, first=first, last=last,
                            percent=percent) + "\n" + message("barometer.range_unreported",
                                                              lang),
                    ha="center", va="center", fontsize=8, zorder=3,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
    return used


def _share_legend(used: set[str], lang: str) -> list[Patch]:
    entries = (("printed", PRINTED, "barometer.legend_printed"),
               ("inferred", INFERRED, "barometer.legend_inferred"),
               ("range", UNREPORTED, "barometer.legend_range"),
               ("position", {"facecolor": "none", "edgecolor": "none"},
                "barometer.legend_position"))
    return [Patch(**style, label=message(key, lang)) for name, style, key in entries
            if name in used]


def _score_axis(instrument: Instrument | None, lo: int, hi: int, lang: str) -> str:
    """The axis title with both scale anchors in full, wrapped rather than cut."""
    low = instrument.anchor_low if instrument else message("barometer.anchor_low", lang)
    high = instrument.anchor_high if instrument else message("barometer.anchor_high", lang)
    return _wrap(message("barometer.score_axis", lang, low=lo, high=hi,
                         anchor_low=" ".join(low.split()),
                         anchor_high=" ".join(high.split())), 95)


def _distribution_title(wave: Wave, instrument: Instrument | None, lang: str) -> str:
    n = message("barometer.n", lang, n=wave.n)
    if wave.valid_n is not None:
        n += ", " + message("barometer.valid_n", lang, n=wave.valid_n.value)
        if wave.valid_n.inferred:
            n += f" ({message('barometer.inferred', lang)})"
    name = message("barometer.title", lang, name=instrument_name(instrument, lang),
                   year=wave.year)
    return f"{name} ({n})"


def _footnote(wave: Wave, lang: str) -> str:
    parts = []
    total = sum(s.percent for s in wave.distribution)
    if total < 99.95:
        parts.append(message("barometer.unreported", lang,
                             percent=format_number(100 - total, lang)))
    for test in wave.tests:
        parts.append(_test_text(test, lang) + ".")
    return " ".join(parts)


def _test_text(test, lang: str) -> str:
    value = format_number(test.statistic, lang, 2)
    stat = f"{test.name} = {value}"
    if test.name.lower().startswith(("chi", "χ")):
        stat = f"χ²({test.df}) = {value}" if test.df is not None else f"χ² = {value}"
    if test.p is not None:
        stat += f", p = {format_number(test.p, lang, 2)}"
    if test.across:
        stat += f" ({message('barometer.across', lang, across=test.across)})"
    return stat


def _draw_mean(ax, wave: Wave, lo: int, hi: int, lang: str, note: str = "") -> None:
    """In a strip of its own, the mean as a labelled interval: the bounds any distribution
    fitting the shares allows (whiskers, each end labelled with its value), the rounding
    interval of the reported mean (grey bar) and the reported mean (diamond, labelled); under
    it the same in words, and `note` (what is not given, the tests)."""
    b_lo, b_hi = mean_bounds(wave, lo, hi)
    y = 0.0
    ax.plot([b_lo, b_hi], [y, y], color="black", linewidth=1.0, marker="|", markersize=12,
            zorder=3)
    if format_number(b_lo, lang, 2) == format_number(b_hi, lang, 2):
        lines = [message("barometer.mean_exact", lang, value=format_number(b_lo, lang, 2))]
    else:
        for x, align in ((b_lo, "right"), (b_hi, "left")):
            ax.annotate(format_number(x, lang, 2), (x, y), xytext=(-5 if align == "right"
                                                                   else 5, 0),
                        textcoords="offset points", ha=align, va="center", fontsize=7.5)
        lines = [message("barometer.mean_bounds", lang, low=format_number(b_lo, lang, 2),
                         high=format_number(b_hi, lang, 2))]
    if wave.mean is not None:
        lines = _draw_reported_mean(ax, wave, y, hi, lang) + lines
    if note:
        lines.append(_wrap(note, 125))
    ax.text(0.0, -0.5, "\n".join(lines), transform=ax.get_yaxis_transform(), ha="left",
            va="top", fontsize=7.5)
    ax.set_ylim(-1.5 - 0.35 * note.count(". "), 0.7)
    ax.set_yticks([y])
    ax.set_yticklabels([message("barometer.mean_axis", lang)])
    ax.tick_params(axis="both", length=0)
    ax.spines["left"].set_visible(False)
    ax.spines["bottom"].set_visible(False)


def _draw_reported_mean(ax, wave: Wave, y: float, hi: int, lang: str) -> list[str]:
    mean = wave.mean
    r_lo, r_hi = reported_mean_interval(mean)
    digits = decimals(mean.precision) + 1
    ax.plot([r_lo, r_hi], [y, y], color="#8c8c8c", linewidth=8, solid_capstyle="butt",
            zorder=2)
    shown = format_at_precision(mean.value, mean.precision, lang)
    ax.plot([mean.value], [y], marker="D", color="black", markersize=6, zorder=4,
            linestyle="none")
    ax.annotate(shown, (mean.value, y), xytext=(0, 7), textcoords="offset points",
                ha="center", va="bottom", fontsize=8, fontweight="bold")
    return [message("barometer.mean_reported", lang, value=shown, scale_max=hi) + "; "
            + message("barometer.mean_rounding", lang,
                      low=format_number(r_lo, lang, digits),
                      high=format_number(r_hi, lang, digits))]


# ---------------------------------------------------------------- factors per level

def factor_levels(barometer: Barometer, levels: Sequence[str] | None = None) -> list[str]:
    """The factor levels in the data's order (levels not listed in `factor_levels` after
    them), or only `levels`."""
    order = list(barometer.factor_levels)
    order += sorted({f.level for f in barometer.factors} - set(order))
    if levels is not None:
        order = [level for level in order if level in set(levels)]
    return order


def _factor_panels(barometer: Barometer, levels: Sequence[str] | None):
    panels = []
    for level in factor_levels(barometer, levels):
        rows = [f for f in barometer.factors if f.level == level]
        fac = sorted((f for f in rows if f.polarity == "facilitating"), key=lambda f: -f.count)
        hin = sorted((f for f in rows if f.polarity == "hindering"), key=lambda f: -f.count)
        if fac or hin:
            panels.append((level, fac + hin))
    return panels


def factors_chart(barometer: Barometer, *, levels: Sequence[str] | None = None,
                  wrap: int = 60, title: str | None = None, lang: str = "nl") -> Figure:
    """The factors per level as a diverging bar chart: one panel per level, hindering factors
    to the left (hatched), facilitating to the right (grey), each bar labelled with its count.

    Factor texts are wrapped over as many lines as they need, never cut. The figure has one
    title: `title`, else the level when one level is drawn, else the general title; each
    panel names its level only when there are several.
    """
    panels = _factor_panels(barometer, levels)
    if not panels:
        fig = _figure(A4_WIDTH, 1.5)
        fig.text(0.5, 0.5, message("barometer.no_factors", lang), ha="center")
        return _literal_text(fig)
    biggest = max(f.count for _, rows in panels for f in rows) or 1
    wrapped = [[_wrap(f.text, wrap) for f in rows] for _, rows in panels]
    heights = [_row_positions(texts)[1] * 0.27 + 0.5 for texts in wrapped]
    with mpl.rc_context(_RC):
        fig = _figure(A4_WIDTH, sum(heights) + 1.0)
        axes = fig.subplots(len(panels), 1, sharex=True,
                            gridspec_kw={"height_ratios": heights}, squeeze=False)[:, 0]
        for ax, (level, rows), texts in zip(axes, panels, wrapped, strict=True):
            _factor_panel(ax, rows, texts, biggest, lang)
            totals = message("barometer.level_totals", lang,
                             hindering=sum(f.count for f in rows if f.polarity == "hindering"),
                             facilitating=sum(f.count for f in rows
                                              if f.polarity == "facilitating"))
            ax.set_title(totals if len(panels) == 1 else f"{level}\n{totals}", loc="left",
                         fontsize=8.5)
        hindering, facilitating = (message("barometer.hindering", lang),
                                   message("barometer.facilitating", lang))
        axes[-1].set_xlabel(f"{message('barometer.mentions', lang)}\n← {hindering} | "
                            f"{facilitating} →")
        axes[-1].xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):g}"))
        fig.legend(handles=[Patch(**HINDERING, label=hindering),
                            Patch(**FACILITATING, label=facilitating)],
                   loc="outside lower center", ncols=2, frameon=False)
        heading = title or (panels[0][0] if len(panels) == 1
                            else message("barometer.factors_title", lang))
        fig.suptitle(heading, x=0.01, ha="left", fontsize=10)
    return _literal_text(fig)


def _row_positions(texts: list[str]) -> tuple[list[float], float]:
    """The y of each bar, top down, with room for its label's lines; and the panel's height
    in rows of one line."""
    sizes = [max(1.0, 0.42 * (text.count("\n") + 1) + 0.25) for text in texts]
    total = sum(sizes)
    ys, top = [], total
    for size in sizes:
        ys.append(top - size / 2)
        top -= size
    return ys, total


def _factor_panel(ax, rows, texts: list[str], biggest: int, lang: str) -> None:
    y, total = _row_positions(texts)
    for yi, factor in zip(y, rows, strict=True):
        sign = 1 if factor.polarity == "facilitating" else -1
        style = FACILITATING if sign > 0 else HINDERING
        ax.barh(yi, sign * factor.count, height=0.7, linewidth=0.8, zorder=2, **style)
        ax.annotate(str(factor.count), (sign * factor.count, yi), xytext=(3 * sign, 0),
                    textcoords="offset points", ha="left" if sign > 0 else "right",
                    va="center", fontsize=7)
    ax.set_yticks(y)
    ax.set_yticklabels(texts, fontsize=7)
    ax.set_ylim(0, total)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlim(-biggest * 1.15, biggest * 1.15)
    ax.grid(axis="x", color="#dddddd", linewidth=0.5, zorder=0)


# ---------------------------------------------------------------- the trend over waves

def trend_chart(barometer: Barometer, *, title: str | None = None, lang: str = "nl") -> Figure:
    """The mean per wave: the reported mean, its rounding interval and the bounds allowed by
    the distribution. Points are joined only when there are two or more waves."""
    lo, hi = barometer.instrument.scale_min, barometer.instrument.scale_max
    waves = sorted(barometer.waves, key=lambda w: w.year)
    with mpl.rc_context(_RC):
        fig = _figure(A4_WIDTH * 0.7, 3.2)
        ax = fig.add_subplot()
        xs, ys = [], []
        for wave in waves:
            _draw_wave_interval(ax, wave, lo, hi, lang)
            if wave.mean is not None:
                xs.append(wave.year)
                ys.append(wave.mean.value)
        if len(xs) >= 2:
            ax.plot(xs, ys, color="black", linewidth=0.8, linestyle=":", zorder=1)
        years = [w.year for w in waves] or [0]
        ax.set_xlim(min(years) - 1, max(years) + 1)
        ax.set_xticks(sorted(set(years)))
        ax.set_ylim(lo, hi)
        ax.set_yticks(range(lo, hi + 1))
        ax.set_xlabel(message("barometer.wave_year", lang))
        ax.set_ylabel(message("barometer.mean_score", lang))
        ax.grid(axis="y", color="#dddddd", linewidth=0.5, zorder=0)
        fig.legend(handles=[
            Line2D([], [], color="black", marker="D", linestyle="none",
                   label=message("barometer.legend_mean", lang)),
            Line2D([], [], color="#8c8c8c", linewidth=6,
                   label=message("barometer.legend_rounding", lang)),
            Line2D([], [], color="black", linewidth=1.0,
                   label=message("barometer.legend_bounds", lang))],
            loc="outside lower center", ncols=3, frameon=False, fontsize=7)
        note = (message("barometer.one_wave", lang) if len(waves) == 1
                else message("barometer.waves", lang, count=len(waves)))
        heading = title or message("barometer.trend_title", lang,
                                   name=instrument_name(barometer.instrument, lang))
        ax.set_title(f"{heading}\n{note}", loc="left")
    return _literal_text(fig)


def _draw_wave_interval(ax, wave: Wave, lo: int, hi: int, lang: str) -> None:
    b_lo, b_hi = mean_bounds(wave, lo, hi)
    ax.plot([wave.year, wave.year], [b_lo, b_hi], color="black", linewidth=1.0, zorder=2)
    for bound in (b_lo, b_hi):
        ax.plot([wave.year - 0.08, wave.year + 0.08], [bound, bound], color="black",
                linewidth=1.0)
    if wave.mean is None:
        return
    r_lo, r_hi = reported_mean_interval(wave.mean)
    ax.plot([wave.year, wave.year], [r_lo, r_hi], color="#8c8c8c", linewidth=6,
            solid_capstyle="butt", zorder=3)
    ax.plot([wave.year], [wave.mean.value], marker="D", color="black", markersize=6, zorder=4)
    shown = format_at_precision(wave.mean.value, wave.mean.precision, lang)
    ax.annotate(message("barometer.mean_label", lang, value=shown, scale_max=hi, n=wave.n),
                (wave.year, wave.mean.value), xytext=(8, 0), textcoords="offset points",
                va="center", fontsize=8)


# ---------------------------------------------------------------- saving

def save_figure(fig: Figure, out_dir: str | Path, stem: str,
                formats: Sequence[str] | str = FORMATS, *, dpi: int = 200,
                title: str = "", desc: str = "", lang: str = "en") -> list[Path]:
    """Write the figure as `<out_dir>/<stem>.<fmt>` for each format; return the paths.

    The files are byte-stable: the same figure gives the same bytes on every run. An SVG
    carries `title` and `desc` (by default from the figure's own texts,
    `accessible.figure_text`, its own words in `lang`) for screen readers.
    """
    if isinstance(formats, str):
        formats = [formats]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in formats:
        path = out / f"{stem}.{fmt}"
        metadata = {"svg": {"Date": None},
                    "pdf": {"CreationDate": None, "ModDate": None}}.get(fmt)
        with mpl.rc_context(_RC), _drawn_once(fig), lean_font_subsets():
            if fmt == "png":
                save_png(fig, path, dpi=dpi)
            else:
                fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata)
        _freeze_layout(fig)
        if fmt == "svg":
            from .accessible import figure_text, label_svg_file

            own_title, own_desc = figure_text(fig, lang)
            label_svg_file(path, title or own_title or stem, desc or own_desc or title)
        paths.append(path)
    return paths


def _freeze_layout(fig: Figure) -> None:
    """Keep the layout of the first save: constrained layout starts from the current
    positions on every draw, so a second save (another format, or the same one again) would
    otherwise differ slightly from the first."""
    engine = fig.get_layout_engine()
    if engine is not None and not isinstance(engine, PlaceHolderLayoutEngine):
        fig.set_layout_engine("none")


# no layout engine from the rcParams either (a user's matplotlibrc may turn one on)
_NO_ENGINE = {"figure.autolayout": False, "figure.constrained_layout.use": False}


@contextmanager
def _drawn_once(fig: Figure):
    """A figure whose layout is kept saves without any layout engine: with one, even
    matplotlib's placeholder, every save draws the figure twice (a third of the time the
    barometer's charts took). The placeholder comes back afterwards, so that a save
    elsewhere (a notebook showing the figure) keeps the layout too."""
    placeholder = fig.get_layout_engine()
    if not isinstance(placeholder, PlaceHolderLayoutEngine):
        yield
        return
    # matplotlib puts back "no engine" after a save as the rcParams' engine: none, here
    with mpl.rc_context(_NO_ENGINE):
        fig.set_layout_engine(None)
        try:
            yield
        finally:
            fig.set_layout_engine(placeholder)


def save_all(figures: Iterable[tuple[str, Figure]], out_dir: str | Path,
             formats: Sequence[str] | str = FORMATS, *, lang: str = "en") -> list[Path]:
    """Save several (stem, figure) pairs; return every path written."""
    paths: list[Path] = []
    for stem, fig in figures:
        paths += save_figure(fig, out_dir, stem, formats, lang=lang)
    return paths


# ---------------------------------------------------------------- figures in a notebook page

# shown inline in notebook pages; lives with iframe_html, so pages without charts need no
# matplotlib
from .interactive import image_html  # noqa: E402,F401


# ---------------------------------------------------------------- the tables beside the charts

from .barometer_tables import (  # noqa: E402,F401 (their older import path)
    critical_elements_records, factor_records, wave_records)

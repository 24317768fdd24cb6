# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python (programtheory)
#     language: python
#     name: programtheory
# ---

# %% tags=["parameters"]
project = ".."  # the project folder (holds theory/, outcomes.yaml, barometer.yaml)
out_dir = "../build/lab/barometer"  # where figures and tables are written
wave = ""  # wave id for the distribution; empty: the latest wave
dossiers = ""  # a dossier export (CSV/XLSX) for the case-management dashboard; empty: none
dashboard_period = "year"  # year, quarter or month
lang = ""  # the language of the page; empty: the project's primary language

# %%
from html import escape
from pathlib import Path

from IPython.display import HTML, display

from programtheory import barometer as barometer_analysis
from programtheory import charts, exports, load_project, survey_trend, trend_charts
from programtheory.wording import heading, message, paragraph

theory = load_project(project)
lang = lang or theory.settings.primary_language
barometer = theory.barometer
if barometer is None:
    raise SystemExit("the project has no barometer.yaml")
out = Path(out_dir)
out.mkdir(parents=True, exist_ok=True)
chosen = barometer_analysis.wave(barometer, wave)
name = charts.instrument_name(barometer.instrument, lang)
display(HTML(f"<h1>{escape(name)}</h1>" + paragraph("page.barometer.intro", lang)))

# %%
display(HTML(heading("page.barometer.distribution", lang)))
files = charts.save_figure(charts.distribution_chart(survey_trend.with_distribution(chosen),
                                                    barometer.instrument, lang=lang), out,
                           f"barometer_distribution_{chosen.id}", lang=lang)
display(HTML(charts.image_html(files[0], lang=lang, alt=message("page.barometer.distribution_alt", lang,
                                                     name=name, year=chosen.year))))
statistics = charts.wave_records(survey_trend.completed(barometer), lang=lang)
exports.write_table(statistics, out, "barometer_waves", lang=lang)
statistics

# %%
display(HTML(heading("page.barometer.breakdowns", lang)
             + paragraph("page.barometer.breakdowns_intro", lang,
                         min_n=barometer_analysis.MIN_GROUP_SIZE)))
breakdowns = barometer_analysis.breakdown_records(
    chosen, threshold=barometer.instrument.threshold, lang=lang)
if breakdowns.rows:
    (out / f"barometer_breakdown_{chosen.id}.md").write_text(breakdowns.to_markdown() + "\n",
                                                            encoding="utf-8")
    display(breakdowns)
else:
    display(HTML(paragraph("page.barometer.no_breakdown", lang)))

# %%
display(HTML(heading("page.barometer.trend", lang) + paragraph("page.barometer.trend_intro",
                                                                lang)))
display(HTML(f"<p><strong>{escape(survey_trend.trend_note(barometer, lang))}</strong></p>"))
files = charts.save_figure(trend_charts.trend_chart(barometer, lang=lang), out, "barometer_trend",
                           lang=lang)
display(HTML(charts.image_html(files[0], lang=lang, alt=message("page.barometer.trend_alt", lang,
                                                     name=name))))
files = charts.save_figure(trend_charts.distributions_chart(barometer, lang=lang), out,
                           "barometer_distributions", lang=lang)
display(HTML(charts.image_html(files[0], lang=lang, alt=message("page.barometer.distributions_alt",
                                                     lang))))
trend = survey_trend.trend_records(barometer, lang)
(out / "barometer_trend.md").write_text(trend.to_markdown() + "\n", encoding="utf-8")
display(trend)

# %%
if len(barometer.waves) > 1:
    changes = survey_trend.comparison_records(barometer, lang)
    (out / "barometer_tests.md").write_text(changes.to_markdown() + "\n", encoding="utf-8")
    display(changes)
limitation = survey_trend.limitation(barometer, lang)
if limitation and len(barometer.waves) > 1:
    display(HTML(f"<p><em>{escape(limitation)}</em></p>"))

# %%
factors_over_waves = survey_trend.factor_records(barometer, lang)
if len(factors_over_waves.columns) > 3:
    (out / "factors_per_wave.md").write_text(factors_over_waves.to_markdown() + "\n",
                                             encoding="utf-8")
    display(factors_over_waves)

# %%
display(HTML(heading("barometer.factors_title", lang)))
# one figure per level: all levels in one figure are taller than a page
for i, level in enumerate(charts.factor_levels(barometer), start=1):
    figure = charts.factors_chart(barometer, levels=[level], lang=lang)
    files = charts.save_figure(figure, out, f"factors_level{i}", lang=lang)
    display(HTML(charts.image_html(files[0], lang=lang, alt=message("page.barometer.factors_alt", lang,
                                                         level=level))))
factors = charts.factor_records(barometer, lang=lang)
exports.write_table(factors, out, "factors", lang=lang)
factors

# %%
display(HTML(heading("page.barometer.elements", lang)))
elements = charts.critical_elements_records(barometer, lang=lang)
exports.write_table(elements, out, "critical_elements", lang=lang,
                    latex_widths=[0.16, 0.26, 0.26, 0.26])
elements

# %%
display(HTML(heading("page.barometer.dashboard", lang)
             + paragraph("page.barometer.dashboard_intro", lang,
                         min_n=barometer_analysis.MIN_GROUP_SIZE)))
if dossiers:
    from programtheory import dashboard

    board = dashboard.dashboard(barometer, dossiers, dashboard_period)
    shares = dashboard.share_records(board, lang=lang)
    per_team = dashboard.summary_records(board, lang=lang)
    (out / "dashboard.md").write_text(shares.to_markdown() + "\n\n"
                                      + per_team.to_markdown() + "\n", encoding="utf-8")
    display(shares)
    display(per_team)
else:
    display(HTML(paragraph("page.barometer.no_dossiers", lang)))

# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python (programtheory)
#     language: python
#     name: programtheory
# ---

# %% [markdown]
# # SofS-barometer
# *The implementation barometer: score distribution, factors per level (Tabel 5), the critical
# elements (Tabel 4) and the trend over survey waves.*
#
# Wat het rapport niet geeft, wordt als niet gegeven getoond: de scores 7–10 staan alleen samen
# in het rapport (één gearceerde balk, nooit verdeeld), en het gemiddelde is een interval.
# *What the report does not give is shown as not given: scores 7–10 are one hatched total, never
# split, and every statistic computed from the partial distribution is a bound.*

# %% tags=["parameters"]
project = ".."  # the project folder (holds theory/, outcomes.yaml, barometer.yaml)
out_dir = "../build/lab/barometer"  # where figures and tables are written
wave = ""  # wave id for the distribution; empty: the latest wave
dossiers = ""  # a dossier export (CSV/XLSX) for the case-management dashboard; empty: none
dashboard_period = "year"  # year, quarter or month
lang = "nl"  # the language of the pages (the standalone table pages say so)

# %%
from html import escape
from pathlib import Path

from IPython.display import HTML, display

from programtheory import barometer as barometer_analysis
from programtheory import charts, exports, load_project, survey_trend, trend_charts

theory = load_project(project)
barometer = theory.barometer
if barometer is None:
    raise SystemExit("the project has no barometer.yaml")
out = Path(out_dir)
out.mkdir(parents=True, exist_ok=True)
chosen = barometer_analysis.wave(barometer, wave)

# %% [markdown]
# ## Scoreverdeling / score distribution

# %%
files = charts.save_figure(charts.distribution_chart(survey_trend.with_distribution(chosen),
                                                    barometer.instrument), out,
                           f"barometer_verdeling_{chosen.id}")
display(HTML(charts.image_html(files[0], alt="Scoreverdeling SofS-barometer / "
                                             "barometer score distribution")))
statistics = charts.wave_records(survey_trend.completed(barometer))
exports.write_table(statistics, out, "barometer_metingen", lang=lang)
statistics

# %% [markdown]
# ## Uitsplitsingen / breakdowns
# Per functie of team, waar een meting die geeft; groepen kleiner dan 5 worden niet getoond.
# *By function or team where a wave gives them; groups under 5 are not shown.*

# %%
breakdowns = barometer_analysis.breakdown_records(
    chosen, threshold=barometer.instrument.threshold)
if breakdowns.rows:
    (out / f"barometer_uitsplitsing_{chosen.id}.md").write_text(breakdowns.to_markdown() + "\n",
                                                               encoding="utf-8")
    display(breakdowns)
else:
    display(HTML("<p>Het rapport geeft voor deze meting geen uitsplitsing per groep "
                 "(alleen de χ²-toets over functies). <em>The report gives no breakdown per "
                 "group for this wave (only the χ² test across functions).</em></p>"))

# %% [markdown]
# ## Trend over de metingen / trend over waves
# Gemiddelde en aandeel boven de drempel per meting, met hun interval; de verdeling per meting
# naast elkaar; toetsen van verandering tussen opeenvolgende metingen.
# *Mean and share at or above the threshold per wave with their intervals; the distributions
# side by side; tests of change between consecutive waves.*

# %%
display(HTML(f"<p><strong>{escape(survey_trend.trend_note(barometer))}</strong></p>"))
files = charts.save_figure(trend_charts.trend_chart(barometer), out, "barometer_trend")
display(HTML(charts.image_html(files[0], alt="Barometer per meting / barometer per wave")))
files = charts.save_figure(trend_charts.distributions_chart(barometer), out,
                           "barometer_verdeling_metingen")
display(HTML(charts.image_html(files[0], alt="Scoreverdeling per meting / distribution per "
                                             "wave")))
trend = survey_trend.trend_records(barometer)
(out / "barometer_trend.md").write_text(trend.to_markdown() + "\n", encoding="utf-8")
display(trend)

# %%
if len(barometer.waves) > 1:
    changes = survey_trend.comparison_records(barometer)
    (out / "barometer_toetsen.md").write_text(changes.to_markdown() + "\n", encoding="utf-8")
    display(changes)
limitation = survey_trend.limitation(barometer)
if limitation and len(barometer.waves) > 1:
    display(HTML(f"<p><em>{escape(limitation)}</em></p>"))

# %%
factors_over_waves = survey_trend.factor_records(barometer)
if len(factors_over_waves.columns) > 3:
    (out / "tabel5_per_meting.md").write_text(factors_over_waves.to_markdown() + "\n",
                                              encoding="utf-8")
    display(factors_over_waves)

# %% [markdown]
# ## Tabel 5: faciliterende en belemmerende factoren / facilitating and hindering factors

# %%
# one figure per level: the whole of Tabel 5 in one figure is taller than a page
for i, level in enumerate(barometer.factor_levels, start=1):
    figure = charts.factors_chart(barometer, levels=[level], title=f"Tabel 5 — {level}")
    files = charts.save_figure(figure, out, f"tabel5_factoren_niveau{i}")
    display(HTML(charts.image_html(files[0], alt=f"Tabel 5, {level}: faciliterende en "
                                                 "belemmerende factoren")))
factors = charts.factor_records(barometer)
exports.write_table(factors, out, "tabel5_factoren", lang=lang)
factors

# %% [markdown]
# ## Tabel 4: kritische elementen / critical implementation elements

# %%
table4 = charts.critical_elements_records(barometer)
exports.write_table(table4, out, "tabel4_kritische_elementen", lang=lang,
                    latex_widths=[0.16, 0.26, 0.26, 0.26])
table4

# %% [markdown]
# ## Tabel 8: dashboard casemanagement / case-management dashboard
# Per periode en team: het aandeel dossiers waarin elke stap van het veiligheidsplan
# plaatsvond, de mediaan dagen tussen de stappen en de stappen die het vaakst worden
# overgeslagen; groepen van minder dan 5 dossiers worden niet getoond.
# *Per period and team: the share of dossiers in which each step took place, the median days
# between steps and the steps most often skipped; groups under 5 dossiers are not shown.*

# %%
if dossiers:
    from programtheory import dashboard

    board = dashboard.dashboard(barometer, dossiers, dashboard_period)
    shares = dashboard.share_records(board)
    per_team = dashboard.summary_records(board)
    (out / "tabel8_dashboard.md").write_text(shares.to_markdown() + "\n\n"
                                             + per_team.to_markdown() + "\n", encoding="utf-8")
    display(shares)
    display(per_team)
else:
    display(HTML("<p>Geen dossierexport opgegeven: het dashboard verschijnt met "
                 "<code>-p barometer.dossiers=BESTAND</code>. <em>No dossier export given: "
                 "the dashboard appears with <code>-p barometer.dossiers=FILE</code>.</em></p>"))

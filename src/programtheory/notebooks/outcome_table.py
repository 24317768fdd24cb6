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
# # Uitkomstentabel (Tabel 6)
# *The outcome table: perspective × term, every item verbatim, with its polarity, theory links
# and the indicators proposed for later outcome research. Also written as HTML, Markdown, LaTeX,
# Excel and Word files.*

# %% tags=["parameters"]
project = ".."  # the project folder
out_dir = "../build/lab/outcome_table"  # where the table files are written
lang = "nl"  # the language of the pages (the standalone table page says so)

# %%
from pathlib import Path

from IPython.display import HTML, display

from programtheory import load_project, tables
from programtheory.indicators import series_records

theory = load_project(project)
if theory.outcome_table is None:
    raise SystemExit("the project has no outcomes.yaml")
out = Path(out_dir)
out.mkdir(parents=True, exist_ok=True)
(out / "tabel6.html").write_text(tables.to_html(theory, standalone=True, lang=lang), encoding="utf-8")
(out / "tabel6.md").write_text(tables.to_markdown(theory), encoding="utf-8")
(out / "tabel6.tex").write_text(tables.to_latex(theory), encoding="utf-8")
tables.to_xlsx(theory, out / "tabel6.xlsx")
tables.to_docx(theory, out / "tabel6.docx")
HTML(tables.to_html(theory))

# %% [markdown]
# ## Indicatoren / indicators

# %%
indicators = tables.indicator_records(theory)
(out / "tabel6_indicatoren.md").write_text(indicators.to_markdown() + "\n", encoding="utf-8")
indicators

# %% [markdown]
# ## Indicatoren per periode / indicators per period
# Elke meting tegenover basislijn en doel; indicatoren zonder meting staan gemarkeerd.
# *Each measurement against baseline and target; indicators without a measurement are marked.*

# %%
series = series_records(theory.outcome_table)
(out / "indicatoren_per_periode.md").write_text(series.to_markdown() + "\n", encoding="utf-8")
display(series)

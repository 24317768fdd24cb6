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
project = ".."  # the project folder
out_dir = "../build/lab/outcome_table"  # where the table files are written
lang = ""  # the language of the page; empty: the project's primary language

# %%
from pathlib import Path

from IPython.display import HTML, display

from programtheory import load_project, tables
from programtheory.indicators import series_records
from programtheory.outcome_office import indicator_view
from programtheory.wording import heading, message, paragraph

theory = load_project(project)
lang = lang or theory.settings.primary_language
if theory.outcome_table is None:
    raise SystemExit("the project has no outcomes.yaml")
out = Path(out_dir)
out.mkdir(parents=True, exist_ok=True)
grid = tables.outcome_grid(theory, lang)  # read once, written in every format
(out / "outcome_table.html").write_text(tables.to_html(grid, standalone=True, lang=lang),
                                        encoding="utf-8")
(out / "outcome_table.md").write_text(tables.to_markdown(grid, lang=lang), encoding="utf-8")
(out / "outcome_table.tex").write_text(tables.to_latex(grid, lang=lang), encoding="utf-8")
tables.to_xlsx(grid, out / "outcome_table.xlsx", lang=lang)
tables.to_docx(grid, out / "outcome_table.docx", lang=lang)
display(HTML(f"<h1>{message('page.outcome.title', lang)}</h1>"
             + paragraph("page.outcome.intro", lang)))
HTML(tables.to_html(grid, lang=lang))

# %%
indicators = indicator_view(grid, lang)
(out / "outcome_indicators.md").write_text(indicators.to_markdown() + "\n", encoding="utf-8")
display(HTML(heading("outcome.indicators", lang)))
indicators

# %%
display(HTML(heading("page.outcome.series", lang) + paragraph("page.outcome.series_intro",
                                                               lang)))
series = series_records(theory.outcome_table, lang)
(out / "indicators_per_period.md").write_text(series.to_markdown() + "\n", encoding="utf-8")
display(series)

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
# # Vertrouwen in het bewijs
# *Hoe sterk is het bewijs voor elk element en elke relatie van de programmatheorie: een
# voorgesteld oordeel naar de vier componenten van GRADE-CERQual, met de redenen en de beslissing
# van de onderzoeker; de paden met hun zwakste schakel; de noodzakelijkheid over de cases, naast
# de eigen uitspraken van het rapport; en wat de diagnostische tests toelaten. De regels staan in
# docs/confidence.md.*

# %% tags=["parameters"]
project = ".."  # the project folder
out_dir = "../build/lab/confidence"  # where the tables are written
version = ""  # theory version id; empty: the newest
lang = "nl"  # the page's language: nl or en

# %%
from pathlib import Path

from IPython.display import HTML, display

from programtheory import load_project
from programtheory.confidence import assess_version
from programtheory.confidence_tables import (profile_records, records_to_docx,
                                             records_to_html_page, records_to_xlsx,
                                             soqf_records)
from programtheory.confidence_texts import text
from programtheory.diagnostics import diagnostic_records, ladder_html, ladders
from programtheory.interactive import iframe_html, image_html
from programtheory.necessity import necessity_records
from programtheory.pathways import pathway_records, strongest_pathways
from programtheory.render import render_formats

theory = load_project(project)
chosen = theory.version(version or None)
out = Path(out_dir)
out.mkdir(parents=True, exist_ok=True)
graded = assess_version(theory, chosen)
soqf = soqf_records(graded, theory, lang)
profile = profile_records(graded, lang)
(out / f"soqf_{chosen.id}.html").write_text(records_to_html_page([soqf, profile], lang),
                                            encoding="utf-8")
records_to_docx([soqf, profile], out / f"soqf_{chosen.id}.docx")
records_to_xlsx([soqf, profile], out / f"soqf_{chosen.id}.xlsx");

# %% [markdown]
# ## Samenvatting van de kwalitatieve bevindingen

# %%
HTML(soqf.to_html())

# %% [markdown]
# ## Bewijsprofiel

# %%
HTML(profile.to_html())

# %% [markdown]
# ## De theorie met het vertrouwen per verband
# *Hoe breder de lijn, hoe hoger het vertrouwen (ook leesbaar in grijstinten).*

# %%
files = render_formats(theory, {"svg": out / f"vertrouwen_{chosen.id}.svg",
                                "pdf": out / f"vertrouwen_{chosen.id}.pdf",
                                "html": out / f"vertrouwen_{chosen.id}.html"},
                       version=chosen.id, lang=lang, confidence=True)
display(HTML(image_html(files["svg"], alt=chosen.info.title.nl)))
display({"text/html": iframe_html(files["html"].read_text(encoding="utf-8"), height=700,
                                  title=chosen.info.title.nl)}, raw=True)

# %% [markdown]
# ## Paden van actie naar lange-termijnuitkomst, zwakste eerst

# %%
paths = pathway_records(strongest_pathways(theory, chosen, graded), chosen, lang)
(out / f"paden_{chosen.id}.html").write_text(paths.to_html() + "\n", encoding="utf-8")
HTML(paths.to_html())

# %% [markdown]
# ## Noodzakelijkheid over de cases, naast de uitspraken van het rapport

# %%
necessity = necessity_records(theory, chosen, lang)
(out / f"noodzakelijkheid_{chosen.id}.html").write_text(necessity.to_html() + "\n",
                                                        encoding="utf-8")
HTML(necessity.to_html())

# %% [markdown]
# ## Diagnostische tests

# %%
diagnostics = diagnostic_records(theory, chosen, lang)
display(HTML(diagnostics.to_html() if len(diagnostics) else
             f"<p>{text(lang, 'no_appraisal')}</p>"))
for target, rungs in ladders(theory, chosen).items():
    display(HTML(ladder_html(rungs, getattr(graded[target].label, lang) or
                             graded[target].label.nl, language=lang)))

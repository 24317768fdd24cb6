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
out_dir = "../build/lab/confidence"  # where the tables are written
version = ""  # theory version id; empty: the newest
lang = ""  # the lang of the page; empty: the project's primary lang

# %%
from pathlib import Path

from IPython.display import HTML, display

from programtheory import load_project
from programtheory.confidence import assess_version
from programtheory.confidence_tables import (confidence_records, records_to_docx,
                                             records_to_html_page, records_to_xlsx)
from programtheory.confidence_texts import text
from programtheory.diagnostics import diagnostic_records, ladder_html, ladders
from programtheory.exports import records_page
from programtheory.interactive import iframe_html, image_html
from programtheory.necessity import necessity_records
from programtheory.pathways import pathway_records, strongest_pathways
from programtheory.render import render_formats
from programtheory.wording import heading, label_text, message, paragraph

theory = load_project(project)
lang = lang or theory.settings.primary_language
chosen = theory.version(version or None)
out = Path(out_dir)
out.mkdir(parents=True, exist_ok=True)
display(HTML(f"<h1>{message('page.confidence.title', lang)}</h1>"
             + paragraph("page.confidence.intro", lang)))
graded = assess_version(theory, chosen)
soqf, profile = confidence_records(graded, theory, lang)
(out / f"soqf_{chosen.id}.html").write_text(records_to_html_page([soqf, profile], lang),
                                            encoding="utf-8")
records_to_docx([soqf, profile], out / f"soqf_{chosen.id}.docx")
written = records_to_xlsx([soqf, profile], out / f"soqf_{chosen.id}.xlsx")

# %%
display(HTML(heading("page.confidence.soqf", lang)))
HTML(soqf.to_html())

# %%
display(HTML(heading("page.confidence.profile", lang)))
HTML(profile.to_html())

# %%
display(HTML(heading("page.confidence.figure", lang)
             + paragraph("page.confidence.figure_intro", lang)))
files = render_formats(theory, {"svg": out / f"confidence_{chosen.id}.svg",
                                "pdf": out / f"confidence_{chosen.id}.pdf",
                                "html": out / f"confidence_{chosen.id}.html"},
                       version=chosen.id, lang=lang, confidence=True)
title = label_text(chosen.info.title, lang)
display(HTML(image_html(files["svg"], lang=lang, alt=message("page.theory.figure_alt", lang,
                                                  title=title))))
display({"text/html": iframe_html(files["html"].read_text(encoding="utf-8"), height=700,
                                  title=title)}, raw=True)

# %%
display(HTML(heading("page.confidence.pathways", lang)))
paths = pathway_records(strongest_pathways(theory, chosen, graded), chosen, lang)
(out / f"pathways_{chosen.id}.html").write_text(records_page(paths, lang=lang),
                                              encoding="utf-8")
HTML(paths.to_html())

# %%
display(HTML(heading("page.confidence.necessity", lang)))
necessity = necessity_records(theory, chosen, lang)
(out / f"necessity_{chosen.id}.html").write_text(records_page(necessity, lang=lang),
                                                        encoding="utf-8")
HTML(necessity.to_html())

# %%
display(HTML(heading("page.confidence.diagnostics", lang)))
diagnostics = diagnostic_records(theory, chosen, lang)
display(HTML(diagnostics.to_html() if len(diagnostics) else
             f"<p>{text(lang, 'no_appraisal')}</p>"))
for target, rungs in ladders(theory, chosen).items():
    display(HTML(ladder_html(rungs, getattr(graded[target].label, lang) or
                             graded[target].label.nl, lang=lang)))

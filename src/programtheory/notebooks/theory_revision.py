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
# # Herziening van de programmatheorie / revision of the program theory
# *Added, removed and changed elements, links, conditions and evidence between two versions of
# the theory, as a table and as a drawn diff.*

# %% tags=["parameters"]
project = ".."  # the project folder
out_dir = "../build/lab/theory_revision"  # where the diff files are written
old = ""  # earlier version id; empty: the version the new one is based on
new = ""  # later version id; empty: the newest
lang = "nl"  # the language of the page and the diff

# %%
import json
from pathlib import Path

from IPython.display import HTML, Markdown

from programtheory import load_project, safe_file_stem, tables
from programtheory.interactive import image_html
from programtheory.diff import diff_graph, diff_versions, draw_diff

theory = load_project(project)
new_id = theory.version(new or None).id
old_id = old or theory.version(new_id).info.based_on
if not old_id:
    raise SystemExit(f"version '{new_id}' is based on no other version: pass old=...")
out = Path(out_dir)
out.mkdir(parents=True, exist_ok=True)
change = diff_versions(theory, old_id, new_id)
Markdown(tables.escape_markdown(change.intro(lang)))

# %%
stem = safe_file_stem("herziening", old_id, new_id)  # two ids of up to 120 characters
report = change.to_markdown(lang)
(out / f"{stem}.md").write_text(report, encoding="utf-8")
(out / f"{stem}.json").write_text(json.dumps(change.to_json(), ensure_ascii=False, indent=1)
                                  + "\n", encoding="utf-8");

# %% [markdown]
# ## Aantallen / counts

# %%
counts = change.counts()
statuses = sorted({s for per in counts.values() for s in per})
tables.Records(["element"] + statuses,
               [{"element": e, **per} for e, per in counts.items()],
               caption="Wijzigingen per soort element (changes per element type)")

# %% [markdown]
# ## Getekend verschil / drawn diff

# %%
graph = diff_graph(theory, old_id, new_id, change)
drawn = [draw_diff(graph, out / f"{stem}.{fmt}", fmt) for fmt in ("svg", "png", "pdf")]
HTML(image_html(drawn[0], alt=f"Verschil {old_id} → {new_id} / difference"))

# %% [markdown]
# ## Alle wijzigingen / every change

# %%
Markdown(report)

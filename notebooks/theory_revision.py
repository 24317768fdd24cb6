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
out_dir = "../build/lab/theory_revision"  # where the diff files are written
old = ""  # earlier version id; empty: the version the new one is based on
new = ""  # later version id; empty: the newest
lang = ""  # the language of the page; empty: the project's primary language

# %%
import json
from pathlib import Path

from IPython.display import HTML, Markdown, display

from programtheory import load_project, tables
from programtheory.build_files import safe_file_stem
from programtheory.diff import diff_graph, diff_versions, draw_diff
from programtheory.interactive import image_html
from programtheory.wording import heading, label_text, message, paragraph

theory = load_project(project)
lang = lang or theory.settings.primary_language
new_id = theory.version(new or None).id
old_id = old or theory.version(new_id).info.based_on
if not old_id:
    raise SystemExit(f"version '{new_id}' is based on no other version: pass old=...")
out = Path(out_dir)
out.mkdir(parents=True, exist_ok=True)
change = diff_versions(theory, old_id, new_id)
old_title = label_text(theory.version(old_id).info.title, lang)
new_title = label_text(theory.version(new_id).info.title, lang)
display(HTML(f"<h1>{message('page.revision.title', lang)}</h1>"
             + paragraph("page.revision.intro", lang)))
Markdown(tables.escape_markdown(change.intro()))

# %%
stem = safe_file_stem("revision", old_id, new_id)  # two ids of up to 120 characters
report = change.to_markdown()
(out / f"{stem}.md").write_text(report, encoding="utf-8")
written = (out / f"{stem}.json").write_text(json.dumps(change.to_json(), ensure_ascii=False,
                                                       indent=1) + "\n", encoding="utf-8")

# %%
display(HTML(heading("page.revision.counts", lang)))
counts = change.counts()
statuses = sorted({s for per in counts.values() for s in per})
element = message("page.revision.col_element", lang)
tables.Records([element] + statuses,
               [{element: e, **per} for e, per in counts.items()],
               caption=message("page.revision.counts_caption", lang))

# %%
display(HTML(heading("page.revision.drawn", lang)))
graph = diff_graph(theory, old_id, new_id, change)
drawn = [draw_diff(graph, out / f"{stem}.{fmt}", fmt) for fmt in ("svg", "png", "pdf")]
HTML(image_html(drawn[0], alt=message("page.revision.drawn_alt", lang, old=old_title,
                                      new=new_title)))

# %%
display(HTML(heading("page.revision.every_change", lang)))
Markdown(report)

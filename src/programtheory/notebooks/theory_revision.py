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

from programtheory import load_project, safe_file_stem, tables
from programtheory.diff import diff_graph, diff_versions, draw_diff
from programtheory.interactive import image_html
from programtheory.wording import heading, label_text, message, paragraph

theory = load_project(project)
lang = lang or theory.settings.primary_language
new_id = theory.version(new or None).id
old_id = old or theory.version(new_id).info.based_on
out = Path(out_dir)
out.mkdir(parents=True, exist_ok=True)
display(HTML(f"<h1>{message('page.revision.title', lang)}</h1>"
             + paragraph("page.revision.intro", lang)))
# a project of one version has nothing to compare yet: the page says so, the build goes on
change = diff_versions(theory, old_id, new_id) if old_id else None
if change is None:
    display(HTML(paragraph("page.revision.single_version", lang)))
else:
    old_title = label_text(theory.version(old_id).info.title, lang)
    new_title = label_text(theory.version(new_id).info.title, lang)
    stem = safe_file_stem("revision", old_id, new_id)  # two ids of up to 120 characters
    report = change.to_markdown(lang, ids=False)  # ids: in the JSON form only
    display(Markdown(tables.escape_markdown(change.intro(lang))))

# %%
if change is not None:
    (out / f"{stem}.md").write_text(report, encoding="utf-8")
    written = (out / f"{stem}.json").write_text(json.dumps(change.to_json(), ensure_ascii=False,
                                                           indent=1) + "\n", encoding="utf-8")
    display(HTML(heading("page.revision.counts", lang)))
    display(HTML(change.counts_records(lang).to_html()))

# %%
if change is not None:
    display(HTML(heading("page.revision.drawn", lang)))
    graph = diff_graph(theory, old_id, new_id, change)
    drawn = [draw_diff(graph, out / f"{stem}.{fmt}", fmt, lang=lang)
             for fmt in ("svg", "png", "pdf")]
    display(HTML(image_html(drawn[0], lang=lang, alt=message("page.revision.drawn_alt", lang,
                                                  old=old_title, new=new_title))))

# %%
if change is not None:
    display(HTML(heading("page.revision.every_change", lang)))
    display(Markdown(report))

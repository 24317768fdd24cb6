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
out_dir = "../build/lab/evidence_map"  # where the tables are written
version = ""  # theory version id; empty: the newest
count_measurements = "yes"  # "no": measured indicators (outcomes.yaml) do not count as evidence
lang = ""  # the language of the page; empty: the project's primary language

# %%
import json
from pathlib import Path

from IPython.display import HTML, display

from programtheory import evidence_views, exports, load_project
from programtheory.evidence_map import evidence_map
from programtheory.indicators import measurement_evidence
from programtheory.wording import heading, message, paragraph

theory = load_project(project)
lang = lang or theory.settings.primary_language
out = Path(out_dir)
out.mkdir(parents=True, exist_ok=True)
measured = (measurement_evidence(theory)
            if str(count_measurements).lower() not in ("no", "false", "0", "") else [])
emap = evidence_map(theory, version or None, extra_evidence=measured, lang=lang)
chosen = theory.version(version or None)
display(HTML(f"<h1>{message('page.evidence.title', lang)}</h1>"
             + paragraph("page.evidence.intro", lang)))


def write(stem, records, formats=("md", "html")):
    display(HTML(f"<h2>{records.caption.split('. ')[0]}</h2>"))
    exports.write_table(records, out, stem, lang=lang, formats=formats)
    return records


# %%
write(f"matrix_kind_{emap.version}", evidence_views.matrix_view(emap.by_kind, chosen, lang),
      formats=("md", "html", "docx", "xlsx"))

# %%
write(f"matrix_source_{emap.version}",
      evidence_views.matrix_view(emap.by_work_package, chosen, lang),
      formats=("md", "html", "docx", "xlsx"))

# %%
write(f"unevidenced_{emap.version}", evidence_views.unevidenced_view(emap, chosen, lang))

# %%
paths = write(f"weakest_paths_{emap.version}",
              evidence_views.paths_view(emap.weakest_paths, chosen, lang))
(out / f"weakest_paths_{emap.version}.json").write_text(
    json.dumps([p.to_dict() for p in emap.weakest_paths], ensure_ascii=False, indent=1) + "\n",
    encoding="utf-8")
paths

# %%
from programtheory.pathways import pathway_records, strongest_pathways  # noqa: E402

display(HTML(heading("page.evidence.confidence_paths", lang)
             + paragraph("page.evidence.confidence_intro", lang)))
confidence = pathway_records(strongest_pathways(theory, chosen), chosen, lang)
exports.write_table(confidence, out, f"confidence_paths_{emap.version}", lang=lang)
confidence

# %%
write(f"quotes_{emap.version}", evidence_views.quotes_view(theory, chosen, lang))

# %%
# the one place with the elements' ids (a file beside the page, for researchers who look
# them up in the data); not shown on the page
written = exports.write_table(emap.by_kind, out, f"appendix_ids_{emap.version}", lang=lang,
                              formats=("md", "xlsx"))

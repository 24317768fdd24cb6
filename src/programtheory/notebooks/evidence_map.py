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
# # Evidentiekaart / evidence map
# *How well each element of the theory is evidenced: the evidence-gap matrix (by kind of
# evidence and by work package), the elements without evidence, the weakest-evidenced pathways
# from action to long-term outcome, and the quotes per element with the respondent's role.*

# %% tags=["parameters"]
project = ".."  # the project folder
out_dir = "../build/lab/evidence_map"  # where the tables are written
version = ""  # theory version id; empty: the newest
count_measurements = "yes"  # "no": measured indicators (outcomes.yaml) do not count as evidence
lang = "nl"  # the language of the pages (the standalone table pages say so)

# %%
import json
from pathlib import Path

from programtheory import exports, load_project
from programtheory.evidence_map import evidence_map
from programtheory.indicators import measurement_evidence

theory = load_project(project)
out = Path(out_dir)
out.mkdir(parents=True, exist_ok=True)
measured = (measurement_evidence(theory)
            if str(count_measurements).lower() not in ("no", "false", "0", "") else [])
emap = evidence_map(theory, version or None, extra_evidence=measured)


def write(stem, records, formats=("md", "html")):
    exports.write_table(records, out, stem, lang=lang, formats=formats)
    return records


# %% [markdown]
# ## Matrix: bewijs per soort / evidence by kind

# %%
write(f"matrix_soort_{emap.version}", emap.by_kind, formats=("md", "html", "docx", "xlsx"))

# %% [markdown]
# ## Matrix: bewijs per werkpakket / evidence by work package

# %%
write(f"matrix_werkpakket_{emap.version}", emap.by_work_package,
      formats=("md", "html", "docx", "xlsx"))

# %% [markdown]
# ## Elementen zonder bewijs / elements without evidence

# %%
write(f"zonder_bewijs_{emap.version}", emap.unevidenced_records())

# %% [markdown]
# ## Zwakst onderbouwde paden / weakest-evidenced pathways

# %%
paths = write(f"zwakste_paden_{emap.version}", emap.path_records())
(out / f"zwakste_paden_{emap.version}.json").write_text(
    json.dumps([p.to_dict() for p in emap.weakest_paths], ensure_ascii=False, indent=1) + "\n",
    encoding="utf-8")
paths

# %% [markdown]
# ## Paden naar vertrouwen / pathways by confidence
# *Per actie en lange-termijnuitkomst het sterkste pad, zwakste eerst; een pad is zo sterk als
# zijn zwakste schakel (docs/confidence.md).*

# %%
from programtheory.pathways import pathway_records, strongest_pathways  # noqa: E402

chosen = theory.version(version or None)
write(f"paden_vertrouwen_{emap.version}", pathway_records(strongest_pathways(theory, chosen),
                                                          chosen, "nl"))

# %% [markdown]
# ## Citaten per element / quotes per element

# %%
write(f"citaten_{emap.version}", emap.quotes)

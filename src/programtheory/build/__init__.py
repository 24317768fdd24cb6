"""The report build: notebooks → papermill (in-process, parallel, cached) → offline HTML site.

`build_report(path)` turns a project folder into `build/`:

    build/index.html                  links every page, figure and table, grouped per notebook
    build/<name>/<name>.html          the executed notebook as an offline page (inputs hidden)
    build/<name>/<name>.ipynb         the executed notebook
    build/<name>/*.svg|png|pdf|…      every figure and table the notebook wrote, as files
    build/.cache/manifest.json        content hashes of what each notebook's outputs were made
                                      from, and every file the builds made (the only files a
                                      build deletes or replaces: see files.py)

`build_languages(path)` builds one such site per project language, side by side in
`build/<lang>/`, with a language switch on each index and `build/index.html` to choose.

The notebooks ship with the package (`programtheory/notebooks/<name>.py`, jupytext percent
format); a project's own `notebooks/` folder overrides or adds notebooks (plan.py). Each has
exactly one cell tagged `parameters`; the build passes `project` (a link to the project folder
that exists while the build runs, so that no folder name of the machine is recorded), `out_dir`
(".") and `lang` (the site's language), plus any `-p key=value` the user gives. Values given
with `-p` arrive as strings, as YAML dates do: a notebook converts what it needs.

Each notebook runs in its own kernel (the registered `programtheory` kernel, working directory
`build/<name>/`), in a worker process of its own (one per core at a time by default; they die
with the build: see workers.py), longest first.

The modules, in the order a build uses them:
    notebooks.py   the registry (what each notebook reads) and percent-format parsing
    languages.py   the project's languages, primary first
    cache.py       hashes, the package's import graph, the manifest
    plan.py        where the notebooks come from, their parameters, what must run
    run.py         one notebook through papermill, in a worker (workers.py), with retries
    site.py        the offline pages, the index, the out-of-date banner, the language switch
    pipeline.py    build_report: plan, run, move results into place, write index and manifest
    files.py       what a build owns and where it may write; kernel.py, the Jupyter kernel
"""

from __future__ import annotations

from .cache import package_hash, package_modules
from .kernel import DISPLAY_NAME, KERNEL_NAME, ensure_kernel
from .languages import ALL, default_language, project_languages
from .multi import LanguageBuilds, build_languages
from .notebooks import DEFAULT_READS, NOTEBOOKS, NotebookSpec, discover, notebook_parameters, \
    spec_for
from .pipeline import INDEX, OutputFolder, build_report
from .plan import (BUILD_DIR, CACHE_DIR, MANIFEST, PROJECT_LINK, PROJECT_PARAMETER,
                   RESERVED_PARAMETERS, SHIPPED_NOTEBOOKS, notebook_sources)
from .results import BuildResult, CellError, NotebookResult, Status
from .run import CELL_TIMEOUT, IOPUB_TIMEOUT, run_notebook
from .site import FILE_GROUPS, render_index, strip_external
from .workers import BuildInterrupted

__all__ = [
    "ALL", "BUILD_DIR", "CACHE_DIR", "CELL_TIMEOUT", "DEFAULT_READS", "DISPLAY_NAME",
    "FILE_GROUPS", "INDEX", "IOPUB_TIMEOUT", "KERNEL_NAME", "MANIFEST", "NOTEBOOKS",
    "PROJECT_LINK", "PROJECT_PARAMETER", "RESERVED_PARAMETERS", "SHIPPED_NOTEBOOKS",
    "BuildInterrupted", "BuildResult", "CellError", "LanguageBuilds", "NotebookResult",
    "NotebookSpec", "OutputFolder", "Status", "build_languages", "build_report",
    "default_language", "discover", "ensure_kernel", "notebook_parameters", "notebook_sources",
    "package_hash", "package_modules", "project_languages", "render_index", "run_notebook",
    "spec_for", "strip_external",
]

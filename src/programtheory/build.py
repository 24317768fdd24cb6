"""The report build: notebooks → papermill (in-process, parallel, cached) → offline HTML site.

`build_report(path)` turns a project folder into `build/`:

    build/index.html                  links every page, figure and table, grouped per notebook
    build/<name>/<name>.html          the executed notebook as an offline page (inputs hidden)
    build/<name>/<name>.ipynb         the executed notebook
    build/<name>/*.svg|png|pdf|…      every figure and table the notebook wrote, as files
    build/.cache/manifest.json        content hashes of what each notebook's outputs were made
                                      from, and every file the builds made (the only files a
                                      build deletes or replaces: see build_files.py)

The notebooks are jupytext percent-format text files (`notebooks/<name>.py`). Each has exactly
one cell tagged `parameters`; the build passes `project` (a link to the project folder that
exists while the build runs, so that no folder name of the machine is recorded) and `out_dir`
("."), plus any `-p key=value` the user gives. Values given with `-p` arrive as strings,
as YAML dates do: a notebook converts what it needs.

Each notebook runs in its own kernel (the registered `programtheory` kernel, working directory
`build/<name>/`), in a worker process of its own (one per core at a time by default; they die
with the build: see build_workers.py), longest first. Kernels talk over Unix sockets, not TCP
ports, so parallel kernels cannot race for a port; a notebook whose kernel fails to start is
retried once. A cell over CELL_TIMEOUT fails its notebook and is not retried.

A notebook reruns only when its source, the data files it reads (`NOTEBOOKS[...].reads`), the
package modules it can reach (its `programtheory` imports, followed through the package), its
parameters or the Python it ran on changed. The check runs before papermill, nbconvert or
jupytext are imported, so a build with nothing to do takes a fraction of a second.

The pages are nbconvert's 'lab' template without require.js, MathJax, mermaid or widget
loaders, and with every remaining `<script src>`/`<link href>` to the network stripped: they
open with no network. Input cells are hidden; stderr (library warnings) stays in the .ipynb.

A notebook that fails makes `BuildResult.ok` false; its folder then holds only the failed notebook
(`<name>.failed.ipynb`, with papermill's error banner) and a page showing it; the last good
outputs are removed, index.html marks it FAILED and the manifest forgets it, so it reruns next time.
"""

from __future__ import annotations

import ast
import hashlib
import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

from . import build_files as F
from .atomic import write_text_atomically
from .build_workers import BuildInterrupted, build_lock, run_in_workers, stop_on_signals
from .errors import UsageError
from .kernel import DISPLAY_NAME, KERNEL_NAME, ensure_kernel

MANIFEST_FORMAT = 1
BUILD_DIR = "build"
CACHE_DIR = ".cache"
MANIFEST = "manifest.json"
INDEX = F.INDEX
RESERVED_PARAMETERS = ("project", "out_dir")
CELL_TIMEOUT = 900  # seconds one cell may run before the notebook counts as failed
# seconds to wait for a finished cell's output (papermill's default of 4 s is too short for
# the figures of a large theory, and then fails a notebook whose cells all succeeded)
IOPUB_TIMEOUT = 120
# The notebooks reach the project through a link in the cache, made for the run and removed
# after it: their parameters and outputs then name no folder of the machine they ran on.
PROJECT_LINK = "project"
PROJECT_PARAMETER = f"../{CACHE_DIR}/{PROJECT_LINK}"
PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_NOTEBOOKS_DIR = Path("notebooks")


# ---------------------------------------------------------------- the notebooks and what they read

@dataclass(frozen=True)
class NotebookSpec:
    """One notebook of the report: its name (the file `notebooks/<name>.py`), its titles, and the
    project files it reads, as glob patterns relative to the project folder (pathlib `glob`:
    `theory/**/*.yaml` is every YAML file under theory/, at any depth)."""

    name: str
    title_nl: str
    title_en: str
    reads: tuple[str, ...]
    cost: float = 1.0  # relative run time, to start long notebooks first on a cold build
    requires: tuple[str, ...] = ()  # optional project files without which it is skipped


# The one place that says which data each notebook reads. Order = order in index.html.
NOTEBOOKS: tuple[NotebookSpec, ...] = (
    NotebookSpec("theory_diagram", "Programmatheorie", "Program theory diagram",
                 ("theory/**/*.yaml",), cost=2.0),
    NotebookSpec("evidence_map", "Evidentiekaart", "Evidence map", ("theory/**/*.yaml",)),
    NotebookSpec("confidence", "Vertrouwen in het bewijs", "Confidence in the evidence",
                 ("theory/**/*.yaml",)),
    NotebookSpec("outcome_table", "Uitkomstentabel (Tabel 6)", "Outcome table (Table 6)",
                 ("outcomes.yaml", "theory/**/*.yaml"), requires=("outcomes.yaml",)),
    NotebookSpec("barometer", "SofS-barometer", "Implementation barometer",
                 ("barometer.yaml", "theory/**/*.yaml"), cost=3.0, requires=("barometer.yaml",)),
    NotebookSpec("theory_revision", "Herziening van de programmatheorie",
                 "Revision of the program theory", ("theory/**/*.yaml",), cost=1.5),
)
# A notebook that is not listed above (e.g. a new one) is taken to read every data file.
DEFAULT_READS: tuple[str, ...] = ("theory/**/*.yaml", "outcomes.yaml", "barometer.yaml")

FILE_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Figuren", "Figures", (".svg", ".png", ".pdf", ".jpg", ".jpeg")),
    ("Tabellen en pagina's", "Tables and pages",
     (".html", ".htm", ".md", ".tex", ".xlsx", ".docx", ".csv", ".tsv")),
    ("Gegevens", "Data", (".json", ".yaml", ".yml", ".txt", ".dot", ".gv")),
)


def spec_for(name: str) -> NotebookSpec:
    for spec in NOTEBOOKS:
        if spec.name == name:
            return spec
    return NotebookSpec(name, name.replace("_", " "), name.replace("_", " "), DEFAULT_READS)


# ---------------------------------------------------------------- results

@dataclass
class CellError:
    """Where and how a notebook failed."""

    cell: int | None  # index of the cell in the notebook source (0-based), None if unknown
    line: int | None  # line in notebooks/<name>.py where that cell starts
    first_line: str  # the cell's first source line
    ename: str
    evalue: str

    def describe(self, source: str = "") -> str:
        where = ""
        if self.cell is not None:
            where = f"cell {self.cell}"
            if source and self.line:
                where = f"{source}:{self.line}: {where}"
            if self.first_line:
                where += f" ({self.first_line.strip()!s})"
            where += ": "
        return f"{where}{self.ename}: {self.evalue}".rstrip(": ")


@dataclass
class NotebookResult:
    name: str
    status: str  # ran | cached | failed | stale (out of date, not built: --only) | missing
    seconds: float = 0.0
    reason: str = ""  # why it ran, or why it failed
    folder: Path | None = None
    page: Path | None = None
    notebook: Path | None = None
    outputs: list[Path] = field(default_factory=list)
    error: CellError | None = None
    attempts: int = 0

    @property
    def ok(self) -> bool:
        return self.status in ("ran", "cached", "stale", "missing", "skipped")


@dataclass
class BuildResult:
    out: Path
    index: Path
    notebooks: list[NotebookResult]
    seconds: float
    data_errors: list[str] = field(default_factory=list)
    interrupted: bool = False

    @property
    def ok(self) -> bool:
        return (all(nb.status != "failed" for nb in self.notebooks) and not self.data_errors
                and not self.interrupted)

    def __getitem__(self, name: str) -> NotebookResult:
        for nb in self.notebooks:
            if nb.name == name:
                return nb
        raise KeyError(name)

    def names(self, status: str) -> list[str]:
        return [nb.name for nb in self.notebooks if nb.status == status]

    @property
    def ran(self) -> list[str]:
        return self.names("ran")

    @property
    def cached(self) -> list[str]:
        return self.names("cached")

    @property
    def failed(self) -> list[str]:
        return self.names("failed")


# ---------------------------------------------------------------- hashing (no heavy imports)

def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_hash(path: Path) -> str:
    return _sha(path.read_bytes())


def _glob_files(root: Path, patterns: Iterable[str]) -> list[str]:
    """Project-relative POSIX paths of the files matched by the glob patterns (pathlib
    semantics: `**` is any number of folders), hidden files left out; sorted, unique."""
    found: set[str] = set()
    for pattern in patterns:
        for path in root.glob(pattern):
            rel = path.relative_to(root)
            if path.is_file() and not any(part.startswith(".") for part in rel.parts):
                found.add(rel.as_posix())
    return sorted(found)


_PACKAGE = "programtheory"
def _module_file(module: str) -> Path | None:
    parts = module.split(".")[1:]
    base = PACKAGE_DIR.joinpath(*parts)
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    return None


_MODULE_IMPORT = re.compile(
    r"^[ \t]*from[ \t]+(\.+)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)"
    r"|^[ \t]*from[ \t]+(programtheory[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)"
    r"|^[ \t]*import[ \t]+(programtheory[\w.]*)", re.M)


def _imports_of(module: str) -> set[str]:
    """The package modules a module imports anywhere (also inside functions); a regular
    expression over the source, which is all this needs and ten times faster than `ast`."""
    path = _module_file(module)
    if path is None:
        return set()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return set()
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for match in _MODULE_IMPORT.finditer(text):
        if match.group(6):
            found.add(match.group(6))
            continue
        if match.group(1):
            up = len(match.group(1)) - 1
            parts = package.split(".")
            base = ".".join(parts[:len(parts) - up]) if up else package
            name = f"{base}.{match.group(2)}" if match.group(2) else base
            names = match.group(3)
        else:
            name, names = match.group(4), match.group(5)
        found.add(name)
        found |= _imported_modules(name, names)
    return found


def _imported_modules(module: str, names: str) -> set[str]:
    """The package modules behind `from <module> import <names>`: submodules by name, and
    the package's lazily exported names (programtheory._EXPORTS) by the module behind them."""
    from . import _EXPORTS

    found: set[str] = set()
    for item in names.strip("()").replace("\n", " ").split(","):
        item = item.strip().split(" ")[0]
        if not item or item == "*":
            continue
        if _module_file(f"{module}.{item}") is not None:
            found.add(f"{module}.{item}")
        elif module == _PACKAGE and item in _EXPORTS:
            found.add(f"{_PACKAGE}.{_EXPORTS[item]}")
    return found


def package_modules(notebook_text: str) -> list[str]:
    """Every package module a notebook can reach: what it imports from `programtheory`, and
    what those modules import in turn (statically, lazy imports included), with `build`."""
    todo = {_PACKAGE, f"{_PACKAGE}.build"}
    for match in _MODULE_IMPORT.finditer(notebook_text):
        if match.group(6):
            todo.add(match.group(6))
        elif match.group(4):
            todo.add(match.group(4))
            todo |= _imported_modules(match.group(4), match.group(5))
    seen: set[str] = set()
    while todo:
        module = todo.pop()
        if module in seen or _module_file(module) is None:
            continue
        seen.add(module)
        parts = module.split(".")
        todo.update(".".join(parts[:i]) for i in range(1, len(parts)))  # parent packages
        todo.update(_imports_of(module) - seen)
    return sorted(seen)


def package_hash(modules: Iterable[str] | None = None) -> str:
    """One hash over the package source a notebook depends on: the given modules (default:
    every module) and every file that is not Python (templates, assets)."""
    wanted = None if modules is None else {_module_file(m) for m in modules}
    digest = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(PACKAGE_DIR):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not d.startswith("."))
        for filename in sorted(filenames):
            if filename.endswith((".pyc", ".pyo")) or filename.startswith("."):
                continue
            path = Path(dirpath, filename)
            if wanted is not None and path.suffix == ".py" and path not in wanted:
                continue
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(b"\0" + _file_hash(path).encode() + b"\n")
    return digest.hexdigest()


def _environment_key() -> str:
    # the interpreter's path only as a hash: the manifest names no folder of the machine
    python = _sha(sys.executable.encode())[:16]
    return f"{sys.version_info[0]}.{sys.version_info[1]}|{python}|{MANIFEST_FORMAT}"


# ---------------------------------------------------------------- notebook source (no jupytext)

_MARKER = re.compile(r"^# %%(.*)$")


def _split_cells(text: str) -> list[tuple[int, str, list[str]]]:
    """(1-based start line, marker options, body lines) of each cell of a percent-format file."""
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "# ---":  # the jupytext YAML header
        for i in range(1, len(lines)):
            if lines[i].strip() == "# ---":
                start = i + 1
                break
    cells: list[tuple[int, str, list[str]]] = []
    current: tuple[int, str, list[str]] | None = None
    for i in range(start, len(lines)):
        match = _MARKER.match(lines[i])
        if match:
            current = (i + 1, match.group(1), [])
            cells.append(current)
        elif current is None:
            if lines[i].strip():
                current = (i + 1, "", [lines[i]])
                cells.append(current)
        else:
            current[2].append(lines[i])
    return cells


def _is_parameters_marker(options: str) -> bool:
    return bool(re.search(r"""tags\s*=\s*\[[^\]]*["']parameters["']""", options))


def notebook_parameters(path: Path) -> dict[str, Any]:
    """The defaults of the notebook's `parameters` cell, by name (literal values only).

    Raises ValueError unless the notebook has exactly one cell tagged `parameters`.
    """
    cells = [c for c in _split_cells(path.read_text(encoding="utf-8"))
             if _is_parameters_marker(c[1])]
    if len(cells) != 1:
        raise ValueError(f"{path.name} must have exactly one cell tagged 'parameters' "
                         f"(# %% tags=[\"parameters\"]), it has {len(cells)}")
    tree = ast.parse("\n".join(cells[0][2]))
    params: dict[str, Any] = {}
    for stmt in tree.body:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    try:
                        params[target.id] = ast.literal_eval(stmt.value)
                    except (ValueError, TypeError, SyntaxError):
                        params[target.id] = None
    return params


def discover(notebooks_dir: Path) -> list[str]:
    """Notebook names in the folder: the registry's order first, then the rest sorted."""
    present = {p.stem for p in notebooks_dir.glob("*.py") if not p.name.startswith(("_", "."))}
    ordered = [s.name for s in NOTEBOOKS if s.name in present]
    return ordered + sorted(present - set(ordered))


# ---------------------------------------------------------------- manifest

def _read_manifest(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"format": MANIFEST_FORMAT, "notebooks": {}}
    if data.get("format") != MANIFEST_FORMAT or not isinstance(data.get("notebooks"), dict):
        return {"format": MANIFEST_FORMAT, "notebooks": {}}
    return data


# ---------------------------------------------------------------- planning

@dataclass
class _Plan:
    name: str
    source: Path
    spec: NotebookSpec
    params: dict[str, Any]
    parts: dict[str, Any]
    key: str
    selected: bool
    error: str = ""
    root: Path = Path(".")


def _key_parts(root: Path, source: Path, spec: NotebookSpec, params: dict, pkg: str) -> dict:
    data = {rel: _file_hash(root / rel) for rel in _glob_files(root, spec.reads)}
    return {"source": _file_hash(source), "data": data, "package": pkg,
            "params": params, "environment": _environment_key()}


def _key(parts: dict) -> str:
    return _sha(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode())


def _why(old: dict | None, parts: dict, force: bool) -> str:
    if force:
        return "--force"
    if not old:
        return "not built before"
    before = old.get("parts", {})
    reasons = []
    if before.get("source") != parts["source"]:
        reasons.append("notebook changed")
    if before.get("data") != parts["data"]:
        old_data, new_data = before.get("data", {}), parts["data"]
        changed = sorted(k for k in set(old_data) | set(new_data)
                         if old_data.get(k) != new_data.get(k))
        shown = ", ".join(changed[:3]) + (" …" if len(changed) > 3 else "")
        reasons.append(f"data changed: {shown}")
    if before.get("package") != parts["package"]:
        reasons.append("package changed")
    if before.get("params") != parts["params"]:
        reasons.append("parameters changed")
    if before.get("environment") != parts["environment"]:
        reasons.append("Python changed")
    return "; ".join(reasons) or "outputs missing"


def _user_params(params: dict[str, Any] | None, defaults: dict[str, dict[str, Any]],
                 names: list[str]) -> dict[str, dict[str, Any]]:
    """`-p` values per notebook: `key=value` goes to every notebook with that parameter,
    `name.key=value` to one notebook."""
    per: dict[str, dict[str, Any]] = {name: {} for name in names}
    known = sorted({k for d in defaults.values() for k in d} - set(RESERVED_PARAMETERS))
    for raw_key, value in (params or {}).items():
        target, _, key = raw_key.rpartition(".")
        if key in RESERVED_PARAMETERS:
            raise UsageError(f"parameter '{key}' is set by the build; pass the project folder "
                             "as PATH and the output folder with --out")
        if target:
            if target not in per:
                from .findings import did_you_mean
                hint = did_you_mean(target, names)
                raise UsageError(f"-p {raw_key}: no notebook '{target}'"
                                 + (f"; {hint}" if hint else f"; notebooks: {', '.join(names)}"))
            if key not in defaults.get(target, {}):
                from .findings import did_you_mean
                hint = did_you_mean(key, list(defaults.get(target, {})))
                raise UsageError(f"-p {raw_key}: notebook '{target}' has no parameter '{key}'"
                                 + (f"; {hint}" if hint else ""))
            per[target][key] = value
            continue
        hits = [name for name in names if key in defaults.get(name, {})]
        if not hits:
            from .findings import did_you_mean
            hint = did_you_mean(key, known)
            raise UsageError(f"-p {raw_key}: no notebook has a parameter '{key}'; "
                             + (hint or f"parameters: {', '.join(known) or 'none'}"))
        for name in hits:
            per[name][key] = value
    return per


# ---------------------------------------------------------------- output folders

def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


# ---------------------------------------------------------------- the build

def _plan_build(path, out, only, params, notebooks):
    """Resolve folders, read the notebooks' parameters and hash what each notebook reads.
    Imports nothing heavy: this is all a build with nothing to do needs."""
    root = Path(path).resolve()
    if not root.is_dir():
        raise UsageError(f"{path}: no such folder")
    nb_dir = Path(notebooks).resolve() if notebooks else root / DEFAULT_NOTEBOOKS_DIR
    if not nb_dir.is_dir():
        shown = notebooks if notebooks else Path(path) / DEFAULT_NOTEBOOKS_DIR
        raise UsageError(f"{shown}: no notebooks folder (expected notebooks/*.py)")
    out_dir = (Path(out) if out is not None else root / BUILD_DIR).resolve()
    names = discover(nb_dir)
    if not names:
        raise UsageError(f"{notebooks or Path(path) / DEFAULT_NOTEBOOKS_DIR}: no notebooks "
                         "(*.py in jupytext percent format)")
    selected = _select(names, only)
    defaults: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    for name in names:
        try:
            defaults[name] = notebook_parameters(nb_dir / f"{name}.py")
        except (ValueError, SyntaxError) as exc:
            defaults[name], errors[name] = {}, str(exc)
    user = _user_params(params, defaults, names)
    manifest_path = out_dir / CACHE_DIR / MANIFEST
    manifest = _read_manifest(manifest_path)
    plans: list[_Plan] = []
    for name in names:
        spec = spec_for(name)
        run_params = dict(user[name])
        run_params["project"] = PROJECT_PARAMETER
        run_params["out_dir"] = "."
        source = nb_dir / f"{name}.py"
        try:
            pkg = package_hash(package_modules(source.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            pkg, errors[name] = "", f"cannot read {source.name}: {exc} (save it as UTF-8)"
        parts = _key_parts(root, source, spec, run_params, pkg)
        plans.append(_Plan(name, source, spec, run_params, parts, _key(parts),
                           name in selected, errors.get(name, ""), root))
    return root, out_dir, plans, manifest["notebooks"], manifest_path, manifest


def _status(plan: _Plan, entry: dict | None, out_dir: Path, force: bool) -> tuple[str, str]:
    """('run', why) | ('cached', '') | ('stale', why) | ('missing', why) | ('skipped', why)."""
    absent = [rel for rel in plan.spec.requires if not (plan.root / rel).is_file()]
    if absent:
        return "skipped", f"the project has no {', '.join(absent)}"
    folder = out_dir / plan.name
    current = (entry is not None and entry.get("key") == plan.key
               and (folder / f"{plan.name}.html").is_file()
               and all((folder / rel).is_file() for rel in entry.get("outputs", [])))
    if plan.selected and (force or not current):
        return "run", _why(entry, plan.parts, force)
    if current:
        return "cached", ""
    if (folder / "FAILED.txt").is_file():
        return "stale", "failed in an earlier build, not rebuilt (--only)"
    if entry is not None:
        return "stale", f"out of date ({_why(entry, plan.parts, False)}), not rebuilt (--only)"
    return "missing", "not built (--only)"


def plan_report(path: str | Path = ".", out: str | Path | None = None,
                only: str | Iterable[str] | None = None, params: dict[str, Any] | None = None,
                force: bool = False, *, notebooks: str | Path | None = None
                ) -> dict[str, tuple[str, str]]:
    """What `build_report` with the same arguments would do, without doing it:
    {name: (status, reason)} with status 'run', 'cached', 'stale' or 'missing'."""
    _, out_dir, plans, entries, _, _ = _plan_build(path, out, only, params, notebooks)
    return {p.name: _status(p, entries.get(p.name), out_dir, force) for p in plans}


def build_report(path: str | Path = ".", out: str | Path | None = None,
                 only: str | Iterable[str] | None = None, jobs: int | None = None,
                 params: dict[str, Any] | None = None, force: bool = False, *,
                 notebooks: str | Path | None = None, quiet: bool = False,
                 validate: bool = True, max_nodes: int | None = None,
                 max_versions: int | None = None) -> BuildResult:
    """Build the report site of the project in `path` into `out` (default `<path>/build`).

    only: one notebook name or several; unknown names raise UsageError (with did-you-mean).
    jobs: notebooks run at once (default: the number of cores).
    params: `-p` values, strings: {'key': 'value'} for every notebook that has the parameter,
            {'name.key': 'value'} for one notebook. `project` and `out_dir` are set by the build.
    force: rerun every selected notebook, and build into a non-empty folder no build made.
    notebooks: the folder of notebook sources (default `<path>/notebooks`).
    quiet: no progress lines or summary on stderr.
    validate: read and check the project before running anything; data errors fail the build.
    max_nodes, max_versions: refuse (UsageError) a project above these sizes; default
            `limits.MAX_NODES` and `limits.MAX_VERSIONS`, 0 for no limit.

    The output folder must be new, empty, or made by a build; the build deletes and replaces
    only the files it made (listed in its manifest). Interrupted (SIGTERM, SIGHUP, Ctrl-C), it
    stops its workers, keeps the last good outputs, marks index.html as interrupted and raises
    BuildInterrupted (a KeyboardInterrupt).
    """
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be 1 or more, not {jobs}")
    planned = _plan_build(path, out, only, params, notebooks)  # usage errors come first
    root, out_dir, plans = planned[:3]
    shown_out = str(out) if out is not None else str(Path(path) / BUILD_DIR)
    F.check_out_folder(root, out_dir, [p.name for p in plans], force, shown_out)
    log = (lambda msg: None) if quiet else _log
    with stop_on_signals(), build_lock(out_dir / CACHE_DIR / "lock", log) as lock:
        # another build may have finished while this one waited: read its manifest
        manifest = _read_manifest(planned[4])
        site = _Site(root, out_dir, manifest, planned[4],
                     F.owned_files(manifest, [p.name for p in plans]), force,
                     F.private_prefixes(root, out_dir, PACKAGE_DIR.parent), lock)
        limits = (max_nodes, max_versions)
        return _build(site, plans, jobs, force, quiet, validate, limits)


@dataclass
class _Site:
    """The output folder during a build: its manifest and the files builds made there."""

    root: Path
    out: Path
    manifest: dict
    manifest_path: Path
    owned: set[str]
    force: bool
    prefixes: list[tuple[str, str]]
    lock: Any = None

    def save(self) -> None:
        self.manifest["files"] = sorted(self.owned)
        write_text_atomically(self.manifest_path, json.dumps(self.manifest, indent=1, sort_keys=True,
                                                     ensure_ascii=False) + "\n")


def _sort_plans(plans: list[_Plan], entries: dict, out_dir: Path, force: bool, log
                ) -> tuple[dict[str, NotebookResult], list[_Plan]]:
    """The notebooks that need not run, as results, and the plans of those that must."""
    results: dict[str, NotebookResult] = {}
    to_run: list[_Plan] = []
    for plan in plans:
        status, reason = _status(plan, entries.get(plan.name), out_dir, force)
        if status == "run":
            plan.parts["why"] = reason
            to_run.append(plan)
            continue
        results[plan.name] = _kept_result(plan, entries, out_dir, status, reason)
        if status == "cached":
            log(f"{plan.name}: cached")
    return results, to_run


def _kept_result(plan: _Plan, entries: dict, out_dir: Path, status: str,
                 reason: str) -> NotebookResult:
    entry = entries.get(plan.name) or {}
    folder = out_dir / plan.name
    shown = status not in ("missing", "skipped")
    return NotebookResult(
        plan.name, status, reason=reason, folder=folder,
        page=folder / f"{plan.name}.html" if shown else None,
        notebook=folder / f"{plan.name}.ipynb" if shown else None,
        outputs=[folder / rel for rel in entry.get("outputs", [])] if status != "skipped" else [],
        seconds=float(entry.get("seconds", 0.0)))


def _build(site: _Site, plans: list[_Plan], jobs, force, quiet, validate,
           limits) -> BuildResult:
    started = time.perf_counter()
    log = (lambda msg: None) if quiet else _log
    entries = site.manifest["notebooks"]
    results, to_run = _sort_plans(plans, entries, site.out, force, log)
    removed = F.clean_partials(site.out)
    if removed:
        log(f"removed what an interrupted build left: {', '.join(removed)}")
    data_errors: list[str] = []
    interrupted = False
    if to_run:
        runnable = [p for p in to_run if not p.error]
        if validate and runnable:
            data_errors = _validate(site.root, limits)
        if data_errors and not quiet:
            for line in data_errors:
                print(line, file=sys.stderr)
        for plan in runnable if data_errors else ():  # quiet or not, bad data runs nothing
            plan.error = "the project data has errors; run 'programtheory validate'"
        # longest first (last recorded time, else the declared cost): a shorter makespan
        to_run.sort(key=lambda p: -float((entries.get(p.name) or {}).get(
            "seconds", p.spec.cost * 3.0)))
        site.out.mkdir(parents=True, exist_ok=True)
        # until it finishes, the index says that this build did not finish
        _write_index(site, plans, results, entries, data_errors, interrupted=True)
        link = _link_project(site)
        try:
            _run_all(to_run, site, jobs, log, results, entries)
        except KeyboardInterrupt:
            interrupted = True
            log("interrupted: the workers are stopped, the last good outputs kept")
        finally:
            _remove(link)
            F.clean_partials(site.out)
    elif not site.manifest_path.is_file():
        site.out.mkdir(parents=True, exist_ok=True)
    result = _write_index(site, plans, results, entries, data_errors, interrupted)
    result.seconds = time.perf_counter() - started
    if not quiet:
        _summary(result)
    if interrupted:
        raise BuildInterrupted("the build was interrupted")
    return result


def _write_index(site: _Site, plans, results, entries, data_errors,
                 interrupted: bool) -> BuildResult:
    """index.html (and the manifest): notebooks without a result are shown as interrupted."""
    ordered = [results.get(p.name) or _interrupted_result(p, entries, site.out) for p in plans]
    index = site.out / INDEX
    result = BuildResult(site.out, index, ordered, 0.0, data_errors, interrupted)
    index.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(index, render_index(result, site.root))
    site.owned.add(INDEX)
    site.save()
    return result


def _interrupted_result(plan: _Plan, entries: dict, out_dir: Path) -> NotebookResult:
    kept = _kept_result(plan, entries, out_dir, "interrupted",
                        "the build stopped before this notebook finished")
    if plan.name not in entries:
        kept.page = kept.notebook = None
    return kept


def _link_project(site: _Site) -> Path:
    """The link through which the notebooks reach the project (see PROJECT_PARAMETER)."""
    link = site.out / CACHE_DIR / PROJECT_LINK
    _remove(link)
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(site.root, target_is_directory=True)
    return link


def _select(names: list[str], only: str | Iterable[str] | None) -> set[str]:
    if only is None:
        return set(names)
    wanted = [only] if isinstance(only, str) else list(only)
    if not wanted:
        return set(names)
    for item in wanted:
        if item not in names:
            from .findings import did_you_mean
            hint = did_you_mean(item, names)
            raise UsageError(f"--only {item}: no such notebook; "
                             + (hint or f"notebooks: {', '.join(names)}"))
    return set(wanted)


def _validate(root: Path, limits: tuple[int | None, int | None] = (None, None)) -> list[str]:
    """The short answer of `programtheory.cascade` when the data has errors, else []; a
    UsageError when the project is larger than the limits."""
    from .cascade import short_answer
    from .limits import check_size
    from .project import ProjectNotFound, read_project

    try:
        result = read_project(root)
    except ProjectNotFound as exc:
        raise UsageError(str(exc)) from None
    if result.project is not None:
        check_size(result.project, *limits)
    return short_answer(result.findings) if result.errors else []


def _log(message: str) -> None:
    print(f"[build] {message}", file=sys.stderr, flush=True)


def _summary(result: BuildResult) -> None:
    lines = []
    for nb in result.notebooks:
        if nb.status == "ran":
            lines.append(f"  ran     {nb.name:<18} {nb.seconds:6.1f} s  ({len(nb.outputs)} files)")
        elif nb.status == "cached":
            lines.append(f"  cached  {nb.name}")
        elif nb.status == "failed":
            lines.append(f"  FAILED  {nb.name:<18} {nb.reason}")
        else:
            lines.append(f"  {nb.status:<7} {nb.name:<18} {nb.reason}")
    verdict = "build failed" if not result.ok else "build ok"
    counts = (f"{len(result.ran)} ran, {len(result.cached)} cached, "
              f"{len(result.failed)} failed")
    print(f"{verdict}: {counts} in {result.seconds:.1f} s\n" + "\n".join(lines)
          + f"\nreport: {result.index}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- running (heavy imports here)

def _run_all(plans: list[_Plan], site: _Site, jobs: int | None, log,
             results: dict[str, NotebookResult], entries: dict) -> None:
    """Run the notebooks; each result is moved into place, recorded in `results` and
    `entries`, and the manifest saved, as soon as it arrives."""
    by_name = {p.name: p for p in plans}

    def finish(outcome: dict) -> None:
        _report(outcome, log)
        plan = by_name[outcome["name"]]
        if outcome["ok"]:
            res = _finish_ok(plan, site, outcome)
        else:
            error = CellError(**outcome["error"]) if outcome.get("error") else None
            res = _finish_failed(plan, site, outcome["message"], error, outcome["seconds"],
                                 None, outcome.get("attempts", 1))
        _record_result(plan, res, site, entries)
        results[plan.name] = res

    jobs_list = []
    for plan in plans:
        if plan.error:
            res = _finish_failed(plan, site, plan.error, None, 0.0, log)
            _record_result(plan, res, site, entries)
            results[plan.name] = res
            continue
        jobs_list.append({
            "name": plan.name, "source": str(plan.source), "params": plan.params,
            "stage": str(site.out / f".{plan.name}.partial"), "prefixes": site.prefixes,
            "title": f"{plan.spec.title_nl} / {plan.spec.title_en}", "why": plan.parts["why"],
            "quiet": log is not _log})
    if not jobs_list:
        return
    ensure_kernel()
    workers = max(1, min(jobs or os.cpu_count() or 1, len(jobs_list)))
    if workers == 1:
        for job in jobs_list:
            finish(run_notebook(job))
        return
    # Import the heavy modules once, before forking: every worker then has them for free.
    _preload()
    lock_fds = (site.lock.fileno(),) if site.lock is not None else ()
    run_in_workers(jobs_list, workers, run_notebook, finish, _crashed, lock_fds)


def _crashed(job: dict, why: str) -> dict:
    return {"name": job["name"], "ok": False, "seconds": 0.0, "attempts": 1, "error": None,
            "message": f"{why}; the other notebooks are not affected"}


def _record_result(plan: _Plan, res: NotebookResult, site: _Site, entries: dict) -> None:
    if res.status == "ran":
        entries[plan.name] = {
            "key": plan.key, "parts": {k: v for k, v in plan.parts.items() if k != "why"},
            "outputs": [p.relative_to(site.out / plan.name).as_posix() for p in res.outputs],
            "seconds": round(res.seconds, 3)}
    else:
        entries.pop(plan.name, None)
    site.save()


def _report(outcome: dict, log) -> None:
    if outcome["ok"]:
        log(f"{outcome['name']}: ran in {outcome['seconds']:.1f} s")
    else:
        log(f"{outcome['name']}: FAILED after {outcome['seconds']:.1f} s: {outcome['message']}")


def _preload() -> None:
    import jupytext  # noqa: F401
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401


def _finish_ok(plan: _Plan, site: _Site, outcome: dict) -> NotebookResult:
    """Replace the notebook's last outputs (the files builds made) by the staged ones."""
    name = plan.name
    folder = site.out / name
    stage = site.out / f".{name}.partial"
    files = F.staged_files(stage)
    clash = [] if site.force else F.foreign_collisions(site.out, site.owned, name, files)
    if clash:
        _remove(stage)
        shown = ", ".join(clash[:5]) + (" …" if len(clash) > 5 else "")
        return NotebookResult(name, "failed", outcome["seconds"],
                              f"not written: it would replace file(s) the build did not make "
                              f"({shown}); move them away or build with --force", folder)
    F.remove_owned(site.out, site.owned, name)
    F.move_staged(stage, site.out, name, files, site.owned)
    _remove(stage)
    outputs = [folder / rel for rel in files
               if rel not in (f"{name}.html", f"{name}.ipynb")
               and not any(part.startswith(".") or part == "__pycache__"
                           for part in Path(rel).parts)]
    return NotebookResult(name, "ran", outcome["seconds"], plan.parts.get("why", ""),
                          folder, folder / f"{name}.html", folder / f"{name}.ipynb",
                          outputs, attempts=outcome.get("attempts", 1))


def _finish_failed(plan: _Plan, site: _Site, message: str, error: CellError | None,
                   seconds: float, log=None, attempts: int = 0) -> NotebookResult:
    """Remove the last good outputs; keep only the failed notebook, its page and FAILED.txt."""
    name = plan.name
    folder = site.out / name
    stage = site.out / f".{name}.partial"
    message = F.scrub(message, site.prefixes)
    F.remove_owned(site.out, site.owned, name)
    folder.mkdir(parents=True, exist_ok=True)
    keep = (f"{name}.failed.ipynb", f"{name}.failed.html")
    F.move_staged(stage, site.out, name, [f for f in keep if (stage / f).is_file()],
                  site.owned)
    _remove(stage)
    (folder / "FAILED.txt").write_text(f"{name} FAILED\n{message}\n", encoding="utf-8")
    site.owned.add(f"{name}/FAILED.txt")
    if log:
        log(f"{name}: FAILED: {message}")
    page = folder / keep[1]
    nb_file = folder / keep[0]
    return NotebookResult(name, "failed", seconds, message, folder,
                          page if page.is_file() else None,
                          nb_file if nb_file.is_file() else None, [], error, attempts)


def run_notebook(job: dict) -> dict:
    """Run one notebook into its staging folder; runs inside a worker process.

    job: name, source (the .py file), params, stage (folder; also the kernel's working
    directory), prefixes (private paths to hide), title, why.
    Returns a plain dict (picklable).
    """
    import nbformat

    name, stage = job["name"], Path(job["stage"])
    log = (lambda message: None) if job.get("quiet") else _log
    log(f"{name}: running ({job['why']})")
    started = time.perf_counter()
    _remove(stage)
    stage.mkdir(parents=True)
    source = Path(job["source"])
    text = source.read_text(encoding="utf-8")
    try:
        notebook = _convert(text, job["title"])
    except Exception as exc:  # noqa: BLE001 - any conversion problem fails this notebook
        return {"name": name, "ok": False, "seconds": time.perf_counter() - started,
                "attempts": 0, "error": None,
                "message": f"cannot read {source.name} as a notebook: {exc}"}
    executed_path = stage / f"{name}.ipynb"
    error, message, attempts = _execute_once_or_twice(notebook, executed_path, job, text, log)
    message = F.scrub(message, job["prefixes"])
    if executed_path.is_file():
        nb = nbformat.read(executed_path, as_version=4)
        _clean_metadata(nb, name, job["prefixes"])
        if message:
            failed = stage / f"{name}.failed.ipynb"
            nbformat.write(nb, failed)
            executed_path.unlink()
            try:
                _export_html(nb, stage / f"{name}.failed.html", job["title"] + " — FAILED",
                             show_input=True)
            except Exception as exc:  # noqa: BLE001
                message += f" (and the failed page could not be written: {exc})"
        else:
            nbformat.write(nb, executed_path)
            try:
                _export_html(_without_stderr(nb), stage / f"{name}.html", job["title"],
                             show_input=False)
            except Exception as exc:  # noqa: BLE001
                message = f"HTML export failed: {type(exc).__name__}: {exc}"
    elif not message:
        message = "papermill wrote no notebook"
    return {"name": name, "ok": not message, "seconds": time.perf_counter() - started,
            "attempts": attempts, "error": error, "message": message}


def _execute_once_or_twice(notebook, executed_path: Path, job: dict, text: str,
                           log) -> tuple[dict | None, str, int]:
    """(error, message, attempts): a notebook whose kernel fails to start is retried once; a
    cell error or a cell over the time limit is the notebook's failure, never retried."""
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    source_name = Path(job["source"]).name
    attempts = 0
    while True:
        attempts += 1
        try:
            _execute(notebook, executed_path, job["params"], Path(job["stage"]))
            return None, "", attempts
        except PapermillExecutionError as exc:
            error = _cell_error(exc, text, executed_path)
            return error, CellError(**error).describe(f"notebooks/{source_name}"), attempts
        except CellTimeoutError as exc:
            if "IOPub" in str(exc):  # the cell finished, its output did not arrive in time
                return None, (f"the output of a cell did not arrive within {IOPUB_TIMEOUT} s "
                              "after it finished: the notebook is stopped, not retried"), attempts
            return None, (f"a cell ran longer than the limit of {CELL_TIMEOUT} s "
                          "(CELL_TIMEOUT): the notebook is stopped, not retried"), attempts
        except Exception as exc:  # noqa: BLE001 - kernel start races (ZMQ) and the like
            if attempts < 2 and _executed_cells(executed_path) == 0:
                log(f"{job['name']}: kernel problem ({type(exc).__name__}: {exc}); "
                    "retrying once")
                continue
            return None, f"{type(exc).__name__}: {exc}", attempts


def _convert(text: str, title: str):
    import jupytext

    nb = jupytext.reads(text, fmt="py:percent")
    nb.metadata["kernelspec"] = {"display_name": DISPLAY_NAME, "language": "python",
                                 "name": KERNEL_NAME}
    nb.metadata.pop("jupytext", None)
    nb.metadata["title"] = title
    return nb


def _execute(notebook, output: Path, params: dict, cwd: Path) -> None:
    import papermill as pm

    kwargs: dict[str, Any] = {}
    ipc_dir = None
    if os.name == "posix":
        # Unix sockets instead of TCP ports: no port races between parallel kernels, and no
        # 'running over TCP without encryption' warning. The socket path must stay short.
        from traitlets.config import Config

        ipc_dir = tempfile.mkdtemp(prefix="ptk-")
        config = Config()
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = os.path.join(ipc_dir, "k")
        kwargs["config"] = config
    try:
        pm.execute_notebook(notebook, str(output), parameters=params, kernel_name=KERNEL_NAME,
                            cwd=str(cwd), progress_bar=False, log_output=False,
                            request_save_on_cell_execute=False, start_timeout=120,
                            execution_timeout=CELL_TIMEOUT, iopub_timeout=IOPUB_TIMEOUT,
                            # the outputs are written by then: no need to wait for a
                            # graceful exit (saves ~0.15 s per notebook)
                            shutdown_kernel="immediate", **kwargs)
    finally:
        if ipc_dir:
            shutil.rmtree(ipc_dir, ignore_errors=True)


def _executed_cells(path: Path) -> int:
    if not path.is_file():
        return 0
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    return sum(1 for c in data.get("cells", []) if c.get("execution_count"))


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _cell_error(exc, text: str, executed_path: Path) -> dict:
    """The failing cell as an index into the notebook source, with its start line."""
    index = exc.cell_index
    injected_before = 0
    if executed_path.is_file():
        data = json.loads(executed_path.read_text(encoding="utf-8"))
        cells = [c for c in data.get("cells", [])
                 if "papermill-error-cell-tag" not in c.get("metadata", {}).get("tags", [])]
        for cell in cells[:index]:
            if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
                injected_before += 1
    cell = index - injected_before if index is not None else None
    source_cells = _split_cells(text)
    line = source_cells[cell][0] if cell is not None and 0 <= cell < len(source_cells) else None
    first = next((ln for ln in str(exc.source).splitlines() if ln.strip()), "")
    return {"cell": cell, "line": line, "first_line": first[:120],
            "ename": exc.ename, "evalue": _ANSI.sub("", str(exc.evalue))[:2000]}


def _clean_metadata(nb, name: str, prefixes: list[tuple[str, str]]) -> None:
    """Keep ids and paths only: no absolute input/output paths or environment in metadata, and
    the project, build, package, Python and home folders replaced in every output."""
    meta = nb.metadata.get("papermill")
    if meta is not None:
        meta["input_path"] = f"{name}.py"
        meta["output_path"] = f"{name}.ipynb"
        meta["environment_variables"] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error":
                output["traceback"] = [F.scrub(line, prefixes) for line in output["traceback"]]
                output["evalue"] = F.scrub(output.get("evalue", ""), prefixes)
            elif kind == "stream":
                output["text"] = F.scrub(output.get("text", ""), prefixes)
            elif kind in ("display_data", "execute_result"):
                data = output.get("data", {})
                for mime in ("text/plain", "text/html", "text/markdown"):
                    if isinstance(data.get(mime), str):
                        data[mime] = F.scrub(data[mime], prefixes)


def _without_stderr(nb):
    """A copy of the notebook without stderr streams (library warnings): the report page
    shows results; the warnings stay in the .ipynb."""
    import copy

    clean = copy.deepcopy(nb)
    for cell in clean.cells:
        if "outputs" in cell:
            cell["outputs"] = [o for o in cell["outputs"]
                               if not (o.get("output_type") == "stream"
                                       and o.get("name") == "stderr")]
    return clean


# ---------------------------------------------------------------- offline HTML

_PAGE_TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block body_header -%}
{{ super() }}
<nav class="pt-nav" style="padding:0.5em 1em;font-family:sans-serif">
<a href="../index.html">&larr; Overzicht / Overview</a></nav>
<style>.jp-RenderedHTMLCommon a:link,.jp-RenderedHTMLCommon a:visited{text-decoration:underline}</style>
{%- endblock body_header -%}
"""

_EXTERNAL = re.compile(
    r"""<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//[^>]*>\s*</script>"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//[^>]*>""", re.I)


_URL_COMMENT = re.compile(r"/\*(?:(?!\*/).)*?https?://.*?\*/", re.S)


def strip_external(page: str) -> str:
    """Remove every <script src> and <link href> that loads from the network, and the CSS
    comments that cite web addresses (nbconvert's theme credits), so that the page holds no
    web address of its own."""
    return _URL_COMMENT.sub("", _EXTERNAL.sub("", page))


_EXPORTERS: dict[bool, Any] = {}  # one per process and mode: building one costs ~0.2 s


def _exporter(show_input: bool):
    if show_input not in _EXPORTERS:
        import jinja2
        from nbconvert import HTMLExporter

        _EXPORTERS[show_input] = HTMLExporter(
            template_name="lab", template_file="pt_offline.html.j2",
            extra_loaders=[jinja2.DictLoader({"pt_offline.html.j2": _PAGE_TEMPLATE})])
    return _EXPORTERS[show_input]


def _export_html(nb, target: Path, title: str, show_input: bool) -> None:
    exporter = _exporter(show_input)
    exporter.exclude_input = not show_input
    exporter.exclude_input_prompt = not show_input
    exporter.exclude_output_prompt = True
    exporter.require_js_url = ""
    exporter.mathjax_url = ""
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    body = strip_external(body)
    # mermaid's loader imports from a CDN only when a diagram exists; the block is empty here.
    body = body.replace("</head>", f"<style>{_PAGE_CSS}</style>\n</head>", 1)
    target.write_text(body, encoding="utf-8")


# JupyterLab's stylesheet right-aligns every table cell (made for numbers); our tables are
# mostly Dutch text, which reads left-aligned
# (its rule is `:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td`, so ours names as much)
_PAGE_CSS = (":not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td,"
             ":not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon th,"
             ".jp-RenderedHTMLCommon td,.jp-RenderedHTMLCommon th"
             "{text-align:left;vertical-align:top}")


# ---------------------------------------------------------------- index.html

_STATUS = {
    "ran": ("gebouwd", "built", "ok"),
    "cached": ("ongewijzigd (cache)", "unchanged (cached)", "ok"),
    "failed": ("MISLUKT", "FAILED", "failed"),
    "stale": ("VEROUDERD", "OUT OF DATE", "stale"),
    "missing": ("niet gebouwd", "not built", "stale"),
    "skipped": ("overgeslagen", "skipped", "stale"),
    "interrupted": ("ONDERBROKEN", "INTERRUPTED", "stale"),
}

_INDEX_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60em;
margin:2em auto;padding:0 1em;color:#1d1d1d;line-height:1.45}
h1{font-size:1.6em;margin-bottom:0.2em} .meta{color:#555;font-size:0.9em}
section{border:1px solid #ccc;border-radius:4px;margin:1.2em 0;padding:0.6em 1em}
section.failed{border:2px solid #000;background:repeating-linear-gradient(45deg,#fff,#fff 8px,
#eee 8px,#eee 16px)} section.stale{border:2px dashed #555}
h2{font-size:1.2em;margin:0.2em 0} .en{color:#555;font-weight:normal}
.status{display:inline-block;font-size:0.8em;padding:0.1em 0.5em;border:1px solid #555;
border-radius:3px;margin-left:0.5em;vertical-align:middle}
.failed .status{background:#000;color:#fff;font-weight:bold}
pre.error{white-space:pre-wrap;background:#fff;border:1px solid #999;padding:0.5em}
h3{font-size:0.95em;margin:0.6em 0 0.2em}
ul.files{margin:0;columns:2} ul.files li{break-inside:avoid}
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _href(base: Path, target: Path) -> str:
    from urllib.parse import quote

    return quote(target.relative_to(base).as_posix())


def render_index(result: BuildResult, root: Path | None = None) -> str:
    """The site's index page: every notebook page and output file, grouped per notebook."""
    out = result.out
    when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()
    cached = result.cached
    parts = [
        "<!DOCTYPE html>", '<html lang="nl">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Rapport programmatheorie / Program theory report</title>",
        f"<style>{_INDEX_CSS}</style>", "</head>", "<body>",
        "<h1>Rapport programmatheorie <span class=\"en\">/ Program theory report</span></h1>",
        f'<p class="meta">Gebouwd op / built: {_e(when)}. '
        f"Uit cache / cached: {_e(', '.join(cached) if cached else 'geen / none')}.</p>"]
    parts += _banners(result)
    for nb in result.notebooks:
        spec = spec_for(nb.name)
        nl, en, css = _STATUS[nb.status]
        parts.append(f'<section class="{css}" id="{_e(nb.name)}">')
        parts.append(f"<h2>{_e(spec.title_nl)} <span class=\"en\">/ {_e(spec.title_en)}</span>"
                     f'<span class="status">{_e(nl)} / {_e(en)}</span></h2>')
        if nb.status == "ran":
            parts.append(f'<p class="meta">{nb.seconds:.1f} s — {_e(nb.reason)}</p>')
        if nb.status == "failed":
            parts.append("<p>De vorige uitvoer is verwijderd; deze notebook moet hersteld "
                         "worden. / The previous outputs were removed; this notebook must be "
                         "fixed.</p>")
            parts.append(f'<pre class="error">{_e(nb.reason)}</pre>')
            links = [p for p in (nb.page, nb.notebook) if p is not None and p.is_file()]
            if links:
                parts.append('<ul class="files">' + "".join(
                    f'<li><a href="{_e(_href(out, p))}">{_e(p.name)}</a></li>' for p in links)
                    + "</ul>")
            parts.append("</section>")
            continue
        if nb.status == "interrupted":
            parts.append(f"<p>{_e(nb.reason)}. / De build stopte voordat deze notebook klaar "
                         "was.</p>")
        if nb.status in ("stale", "missing"):
            parts.append(f"<p>{_e(nb.reason)}. Voer de build opnieuw uit zonder --only. / "
                         "Run the build again without --only.</p>")
            folder = nb.folder or out / nb.name
            failed = [folder / f"{nb.name}.failed.html", folder / f"{nb.name}.failed.ipynb"]
            if nb.status == "missing" or (folder / "FAILED.txt").is_file():
                links = [p for p in failed if p.is_file()]
                if links:
                    parts.append('<ul class="files">' + "".join(
                        f'<li><a href="{_e(_href(out, p))}">{_e(p.name)}</a></li>'
                        for p in links) + "</ul>")
                parts.append("</section>")
                continue
        if nb.page is not None:
            parts.append(f'<p><a href="{_e(_href(out, nb.page))}">Pagina openen / open the '
                         f"page</a> · <a href=\"{_e(_href(out, nb.notebook))}\">notebook "
                         "(.ipynb)</a></p>")
        folder = nb.folder or out / nb.name
        files = [p for p in nb.outputs if p.is_file()]
        for label_nl, label_en, exts in FILE_GROUPS:
            group = [p for p in files if p.suffix.lower() in exts]
            if group:
                parts.append(_file_list(out, label_nl, label_en, group))
        known = {e for _, _, exts in FILE_GROUPS for e in exts}
        rest = [p for p in files if p.suffix.lower() not in known]
        if rest:
            parts.append(_file_list(out, "Overige", "Other", rest))
        parts.append("</section>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _banners(result: BuildResult) -> list[str]:
    """What the reader must know first: a build that did not finish, or failed."""
    parts = []
    if result.interrupted:
        parts.append("<p><strong>Deze build is niet afgerond (onderbroken, of nog bezig) / "
                     "This build did not finish (interrupted, or still running).</strong> "
                     "Notebooks die niet klaar waren tonen hun laatste goede uitvoer. / "
                     "Notebooks that did not finish show their last good outputs.</p>")
    if result.failed or result.data_errors:
        parts.append('<p><strong>Deze build is MISLUKT / This build FAILED:</strong> '
                     f"{_e(', '.join(result.failed) or 'data errors')}.</p>")
    if result.data_errors:
        parts.append('<pre class="error">' + _e("\n".join(result.data_errors[:50])) + "</pre>")
    return parts


def _file_list(out: Path, label_nl: str, label_en: str, files: list[Path]) -> str:
    items = "".join(f'<li><a href="{_e(_href(out, p))}">{_e(p.relative_to(out).as_posix())}'
                    "</a></li>" for p in files)
    return (f"<h3>{_e(label_nl)} <span class=\"en\">/ {_e(label_en)}</span></h3>"
            f'<ul class="files">{items}</ul>')

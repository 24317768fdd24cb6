"""Planning a build: which notebooks exist, with which parameters, and which must run.

Planning resolves the folders, reads the notebooks' parameter cells and hashes what each
notebook reads. It imports nothing heavy: this is all a build with nothing to do needs.

Where the notebooks come from: the package ships the report's notebooks
(`programtheory/notebooks/*.py`); a project's own `notebooks/` folder overrides a shipped
notebook of the same name and adds its others. `notebooks=DIR` (`--notebooks DIR`) builds
exactly the notebooks in DIR instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..exceptions import UsageError
from . import cache
from .kernel_client import imports_preloaded
from .notebooks import NotebookSpec, notebook_parameters, order_names, spec_for
from .results import Status

BUILD_DIR = "build"
CACHE_DIR = ".cache"
MANIFEST = "manifest.json"
PROJECT_NOTEBOOKS = "notebooks"  # a project's own notebooks, beside theory/
SHIPPED_NOTEBOOKS = cache.PACKAGE_DIR / "notebooks"
RESERVED_PARAMETERS = ("project", "out_dir", "lang")
# The notebooks reach the project through a link in the cache, made for the run and removed
# after it: their parameters and outputs then name no folder of the machine they ran on.
PROJECT_LINK = "project"
PROJECT_PARAMETER = f"../{CACHE_DIR}/{PROJECT_LINK}"


@dataclass
class Plan:
    """One notebook in this build: where its source is, how it runs, and its cache key."""

    name: str
    source: Path
    spec: NotebookSpec
    params: dict[str, Any]
    parts: dict[str, Any]  # what the outputs are made from (cache.key_parts)
    key: str
    selected: bool
    root: Path
    shown_source: str  # the source as messages name it
    error: str = ""  # why it cannot run at all
    why: str = ""  # why it runs (set when it is due)
    imports_preloaded: bool = False  # its kernel gains from a kernel server (kernel_client)


@dataclass
class BuildPlan:
    """Every notebook of a build, and the output folder's manifest as it was planned on."""

    root: Path
    out_dir: Path
    lang: str
    plans: list[Plan]
    manifest_path: Path
    manifest: dict = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.plans]


def notebook_sources(root: Path, notebooks: str | Path | None) -> dict[str, Path]:
    """{name: source file}: `notebooks` alone when given, else the shipped notebooks
    overridden and extended by the project's own."""
    if notebooks is not None:
        folders = [Path(notebooks).resolve()]
        if not folders[0].is_dir():
            raise UsageError(f"--notebooks {notebooks}: no such folder")
    else:
        folders = [SHIPPED_NOTEBOOKS, root / PROJECT_NOTEBOOKS]
    sources: dict[str, Path] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.py")) if folder.is_dir() else ():
            if not path.name.startswith(("_", ".")) and not _links_to_shipped(path):
                sources[path.stem] = path
    if not sources:
        shown = notebooks if notebooks is not None else SHIPPED_NOTEBOOKS
        raise UsageError(f"{shown}: no notebooks (*.py in jupytext percent format)")
    return {name: sources[name] for name in order_names(sources)}


def _links_to_shipped(path: Path) -> bool:
    """A link to a shipped notebook (what `make lab` puts in notebooks/) is that notebook,
    not an override of it."""
    return path.is_symlink() and path.resolve() == (SHIPPED_NOTEBOOKS / path.name).resolve()


def _shown(root: Path, source: Path) -> str:
    for base, label in ((root, ""), (SHIPPED_NOTEBOOKS.parent, "programtheory/")):
        try:
            return label + source.relative_to(base).as_posix()
        except ValueError:
            continue
    return f"notebooks/{source.name}"


def plan_build(path: str | Path, out: str | Path | None, only, params: dict | None,
               notebooks: str | Path | None, lang: str) -> BuildPlan:
    """Every notebook with its parameters and cache key (raises UsageError on bad input)."""
    root = Path(path).resolve()
    if not root.is_dir():
        raise UsageError(f"{path}: no such folder")
    out_dir = (Path(out) if out is not None else root / BUILD_DIR).resolve()
    sources = notebook_sources(root, notebooks)
    names = list(sources)
    selected = select(names, only)
    defaults: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    for name, source in sources.items():
        try:
            defaults[name] = notebook_parameters(source)
        except (ValueError, SyntaxError) as exc:
            defaults[name], errors[name] = {}, str(exc)
    user = user_params(params, defaults, names)
    manifest_path = out_dir / CACHE_DIR / MANIFEST
    plans = [_plan_one(root, name, sources[name], user[name],
                       lang if "lang" in defaults[name] else None, name in selected,
                       errors.get(name, "")) for name in names]
    return BuildPlan(root, out_dir, lang, plans, manifest_path,
                     cache.read_manifest(manifest_path))


def _plan_one(root: Path, name: str, source: Path, user: dict[str, Any], lang: str | None,
              selected: bool, error: str) -> Plan:
    """The plan of one notebook; `lang` goes to a notebook that has a `lang` parameter."""
    spec = spec_for(name)
    run_params = dict(user)
    run_params.update(project=PROJECT_PARAMETER, out_dir=".")
    if lang is not None:
        run_params["lang"] = lang
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        text, pkg, error = "", "", f"cannot read {source.name}: {exc} (save it as UTF-8)"
    else:  # outside the try: a package file that cannot be read is not this notebook's fault
        pkg = cache.package_hash(cache.package_modules(text))
    parts = cache.key_parts(root, source, spec, run_params, pkg)
    return Plan(name, source, spec, run_params, parts, cache.key_of(parts), selected, root,
                _shown(root, source), error, imports_preloaded=imports_preloaded(text))


def user_params(params: dict[str, Any] | None, defaults: dict[str, dict[str, Any]],
                names: list[str]) -> dict[str, dict[str, Any]]:
    """`-p` values per notebook: `key=value` goes to every notebook with that parameter,
    `name.key=value` to one notebook."""
    per: dict[str, dict[str, Any]] = {name: {} for name in names}
    for raw_key, value in (params or {}).items():
        target, _, key = raw_key.rpartition(".")
        if key in RESERVED_PARAMETERS:
            raise UsageError(f"parameter '{key}' is set by the build; pass the project folder "
                             "as PATH, the output folder with --out and the language with "
                             "--lang")
        for name in _receivers(raw_key, target, key, defaults, names):
            per[name][key] = value
    return per


def _receivers(raw_key: str, target: str, key: str, defaults: dict[str, dict[str, Any]],
               names: list[str]) -> list[str]:
    from ..findings import did_you_mean

    if target:
        if target not in names:
            hint = did_you_mean(target, names)
            raise UsageError(f"-p {raw_key}: no notebook '{target}'"
                             + (f"; {hint}" if hint else f"; notebooks: {', '.join(names)}"))
        if key not in defaults.get(target, {}):
            hint = did_you_mean(key, list(defaults.get(target, {})))
            raise UsageError(f"-p {raw_key}: notebook '{target}' has no parameter '{key}'"
                             + (f"; {hint}" if hint else ""))
        return [target]
    hits = [name for name in names if key in defaults.get(name, {})]
    if not hits:
        known = sorted({k for d in defaults.values() for k in d} - set(RESERVED_PARAMETERS))
        hint = did_you_mean(key, known)
        raise UsageError(f"-p {raw_key}: no notebook has a parameter '{key}'; "
                         + (hint or f"parameters: {', '.join(known) or 'none'}"))
    return hits


def select(names: list[str], only: str | Iterable[str] | None) -> set[str]:
    """The notebooks `--only` names (all when it names none); UsageError for unknown ones."""
    if only is None:
        return set(names)
    wanted = [only] if isinstance(only, str) else list(only)
    if not wanted:
        return set(names)
    for item in wanted:
        if item not in names:
            from ..findings import did_you_mean
            hint = did_you_mean(item, names)
            raise UsageError(f"--only {item}: no such notebook; "
                             + (hint or f"notebooks: {', '.join(names)}"))
    return set(wanted)


def version_count(root: Path) -> int:
    """The project's theory versions (one file each in theory/versions/)."""
    return sum(1 for p in (root / "theory" / "versions").glob("*.yaml") if p.is_file())


def decide(plan: Plan, entry: dict | None, out_dir: Path, force: bool) -> tuple[Status, str]:
    """What this build does with the notebook, and why: DUE, CACHED, STALE, MISSING or
    SKIPPED."""
    absent = [rel for rel in plan.spec.requires if not (plan.root / rel).is_file()]
    if absent:
        return Status.SKIPPED, f"the project has no {', '.join(absent)}"
    if version_count(plan.root) < plan.spec.min_versions:
        return Status.SKIPPED, f"the project has fewer than {plan.spec.min_versions} versions"
    folder = out_dir / plan.name
    current = (entry is not None and entry.get("key") == plan.key
               and not entry.get("failed")
               and (folder / f"{plan.name}.html").is_file()
               and all((folder / rel).is_file() for rel in entry.get("outputs", [])))
    if plan.selected and (force or not current):
        return Status.DUE, cache.why_rerun(entry, plan.parts, force)
    if current:
        return Status.CACHED, ""
    if entry is not None and entry.get("failed") or (folder / "FAILED.txt").is_file():
        return Status.STALE, "failed in an earlier build, not rebuilt (--only)"
    if entry is not None:
        return Status.STALE, (f"out of date ({cache.why_rerun(entry, plan.parts, False)}), "
                              "not rebuilt (--only)")
    return Status.MISSING, "not built (--only)"

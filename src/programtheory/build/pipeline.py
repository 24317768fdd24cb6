"""The build itself: plan, run what is due in worker processes, move each result into place,
write the index and the manifest.

A notebook that fails makes `BuildResult.ok` false. Its folder keeps its last good outputs
(page, notebook and files), each marked out of date with the error (see site.py), beside the
failed notebook (`<name>.failed.ipynb`, with papermill's error banner), a page showing it and
`FAILED.txt`; the manifest keeps the outputs but marks the entry failed, so it reruns next time.
A notebook that never succeeded has only the failed files.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from ..atomic import write_text_atomically
from ..exceptions import UsageError
from . import files as F
from . import run as R
from .cache import PACKAGE_DIR, read_manifest
from .kernel import ensure_kernel, kernel_argv
from .kernel_client import FRESH_KERNELS, KernelServer, server_for, server_pays
from .languages import ALL, default_language, project_languages
from .plan import BUILD_DIR, CACHE_DIR, PROJECT_LINK, BuildPlan, Plan, decide, plan_build
from .results import BuildResult, Job, NotebookResult, Outcome, Status
from .site import (mark_notebook_out_of_date, mark_out_of_date, out_of_date_banner,
                   render_index)
from .workers import BuildInterrupted, build_lock, run_in_workers, stop_on_signals

INDEX = F.INDEX
Log = Callable[[str], None]


def _quiet_log(message: str) -> None:
    """Says nothing (a quiet build)."""


def build_report(path: str | Path = ".", out: str | Path | None = None,
                 only: str | Iterable[str] | None = None, jobs: int | None = None,
                 params: dict[str, Any] | None = None, force: bool = False, *,
                 notebooks: str | Path | None = None, quiet: bool = False,
                 validate: bool = True, max_nodes: int | None = None,
                 max_versions: int | None = None, lang: str | None = None,
                 languages: list[str] | None = None) -> BuildResult:
    """Build the report site of the project in `path` into `out` (default `<path>/build`).

    only: one notebook name or several; unknown names raise UsageError (with did-you-mean).
    jobs: notebooks run at once (default: the number of cores).
    params: `-p` values, strings: {'key': 'value'} for every notebook that has the parameter,
            {'name.key': 'value'} for one notebook. `project`, `out_dir` and `lang` are set by
            the build.
    force: rerun every selected notebook, and build into a non-empty folder no build made.
    notebooks: build exactly the notebooks in this folder (default: the notebooks shipped
            with the package, overridden and extended by the project's own `notebooks/`).
    quiet: no progress lines or summary on stderr.
    validate: read and check the project before running anything; data errors fail the build.
    max_nodes, max_versions: refuse (UsageError) a project above these sizes; default
            `limits.MAX_NODES` and `limits.MAX_VERSIONS`, 0 for no limit.
    lang: the language of the site (default: the project's primary language); the notebooks
            get it as their `lang` parameter. For every language at once see `build_languages`.
    languages: the languages built side by side (for the switch on the index), if any.

    The output folder must be new, empty, or made by a build; the build deletes and replaces
    only the files it made (listed in its manifest). Interrupted (SIGTERM, SIGHUP, Ctrl-C), it
    stops its workers, keeps the last good outputs, marks index.html as interrupted and raises
    BuildInterrupted (a KeyboardInterrupt).
    """
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be 1 or more, not {jobs}")
    if lang == ALL:
        raise UsageError("build_report builds one language; use build_languages for all")
    lang = _language(path, lang)
    planned = plan_build(path, out, only, params, notebooks, lang)  # usage errors come first
    shown_out = str(out) if out is not None else str(Path(path) / BUILD_DIR)
    F.check_out_folder(planned.root, planned.out_dir, planned.names, force, shown_out)
    log = _quiet_log if quiet else R.log_line
    with stop_on_signals(), build_lock(planned.out_dir / CACHE_DIR / "lock", log) as lock:
        # another build may have finished while this one waited: read its manifest
        manifest = read_manifest(planned.manifest_path)
        site = OutputFolder(planned, manifest, F.owned_files(manifest, planned.names), force,
                            F.private_prefixes(planned.root, planned.out_dir,
                                               PACKAGE_DIR.parent), lock, languages or [])
        options = _Options(jobs, force, quiet, validate, (max_nodes, max_versions), log)
        return _build(site, options)


def _language(path: str | Path, lang: str | None) -> str:
    """The site's language: the one asked for, if the project is written in it, else the
    project's primary language."""
    if lang is None:
        return default_language(path)
    known = project_languages(path)
    if lang not in known:
        raise UsageError(f"--lang {lang}: the project is written in {', '.join(known)}; "
                         f"choose one of these, or 'all'")
    return lang


@dataclass
class _Options:
    jobs: int | None
    force: bool
    quiet: bool
    validate: bool
    limits: tuple[int | None, int | None]
    log: Log


@dataclass
class OutputFolder:
    """The output folder during a build: its manifest and the files builds made there."""

    plan: BuildPlan
    manifest: dict
    owned: set[str]
    force: bool
    prefixes: list[tuple[str, str]]
    lock: Any = None
    languages: list[str] | None = None

    @property
    def out(self) -> Path:
        return self.plan.out_dir

    @property
    def root(self) -> Path:
        return self.plan.root

    @property
    def entries(self) -> dict:
        return self.manifest["notebooks"]

    def save(self) -> None:
        self.manifest["files"] = sorted(self.owned)
        write_text_atomically(self.plan.manifest_path, json.dumps(
            self.manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def _sort_plans(site: OutputFolder, force: bool, log: Log
                ) -> tuple[dict[str, NotebookResult], list[Plan]]:
    """The notebooks that need not run, as results, and the plans of those that must."""
    results: dict[str, NotebookResult] = {}
    to_run: list[Plan] = []
    for plan in site.plan.plans:
        status, reason = decide(plan, site.entries.get(plan.name), site.out, force)
        if status == Status.DUE:
            plan.why = reason
            to_run.append(plan)
            continue
        results[plan.name] = _kept_result(plan, site, status, reason)
        if status == Status.CACHED:
            log(f"{plan.name}: cached")
    return results, to_run


def _kept_result(plan: Plan, site: OutputFolder, status: Status, reason: str) -> NotebookResult:
    entry = site.entries.get(plan.name) or {}
    folder = site.out / plan.name
    shown = status not in (Status.MISSING, Status.SKIPPED)
    return NotebookResult(
        plan.name, status, reason=reason, folder=folder,
        page=folder / f"{plan.name}.html" if shown else None,
        notebook=folder / f"{plan.name}.ipynb" if shown else None,
        outputs=[folder / rel for rel in entry.get("outputs", [])]
        if status != Status.SKIPPED else [],
        seconds=float(entry.get("seconds", 0.0)),
        kept_outputs=bool(entry.get("failed")) and status == Status.STALE)


def _build(site: OutputFolder, options: _Options) -> BuildResult:
    started = time.perf_counter()
    log = options.log
    results, to_run = _sort_plans(site, options.force, log)
    removed = F.clean_partials(site.out)
    if removed:
        log(f"removed what an interrupted build left: {', '.join(removed)}")
    data_errors: list[str] = []
    interrupted = False
    if to_run:
        data_errors = _check_data(site, to_run, options)
        site.out.mkdir(parents=True, exist_ok=True)
        # until it finishes, the index says that this build did not finish
        _write_index(site, results, data_errors, interrupted=True)
        link = _link_project(site)
        try:
            _run_all(to_run, site, options, results)
        except KeyboardInterrupt:
            interrupted = True
            log("interrupted: the workers are stopped, the last good outputs kept")
        finally:
            R.remove_path(link)
            F.clean_partials(site.out)
    elif not site.plan.manifest_path.is_file():
        site.out.mkdir(parents=True, exist_ok=True)
    result = _write_index(site, results, data_errors, interrupted)
    result.seconds = time.perf_counter() - started
    if not options.quiet:
        _summary(result)
    if interrupted:
        raise BuildInterrupted("the build was interrupted")
    return result


def _check_data(site: OutputFolder, to_run: list[Plan], options: _Options) -> list[str]:
    """Validate the project (when asked and something can run); bad data runs nothing. Sorts
    the notebooks to run longest first (last recorded time, else the declared cost)."""
    runnable = [p for p in to_run if not p.error]
    data_errors = _validate(site.root, options.limits) if options.validate and runnable \
        else []
    if data_errors and not options.quiet:
        for line in data_errors:
            print(line, file=sys.stderr)
    for plan in runnable if data_errors else ():  # quiet or not, bad data runs nothing
        plan.error = "the project data has errors; run 'programtheory validate'"
    to_run.sort(key=lambda p: -float((site.entries.get(p.name) or {}).get(
        "seconds", p.spec.cost * 3.0)))
    return data_errors


def _write_index(site: OutputFolder, results: dict[str, NotebookResult],
                 data_errors: list[str], interrupted: bool) -> BuildResult:
    """index.html (and the manifest): notebooks without a result are shown as interrupted."""
    ordered = [results.get(p.name) or _interrupted_result(p, site) for p in site.plan.plans]
    index = site.out / INDEX
    result = BuildResult(site.out, index, ordered, 0.0, data_errors, interrupted,
                         site.plan.lang)
    index.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(index, render_index(result, site.root, site.languages))
    site.owned.add(INDEX)
    site.save()
    return result


def _interrupted_result(plan: Plan, site: OutputFolder) -> NotebookResult:
    kept = _kept_result(plan, site, Status.INTERRUPTED,
                        "the build stopped before this notebook finished")
    if plan.name not in site.entries:
        kept.page = kept.notebook = None
    return kept


def _link_project(site: OutputFolder) -> Path:
    """The link through which the notebooks reach the project (see plan.PROJECT_PARAMETER)."""
    link = site.out / CACHE_DIR / PROJECT_LINK
    R.remove_path(link)
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(site.root, target_is_directory=True)
    return link


def _validate(root: Path, limits: tuple[int | None, int | None] = (None, None)) -> list[str]:
    """The short answer of `programtheory.cascade` when the data has errors, else []; a
    UsageError when the project is larger than the limits."""
    from ..cascade import short_answer
    from ..limits import check_size
    from ..project import ProjectNotFound, read_project

    try:
        result = read_project(root)
    except ProjectNotFound as exc:
        raise UsageError(str(exc)) from None
    if result.project is not None:
        check_size(result.project, *limits)
    return short_answer(result.findings) if result.errors else []


def _summary(result: BuildResult) -> None:
    lines = []
    for nb in result.notebooks:
        if nb.status == Status.RAN:
            lines.append(f"  ran     {nb.name:<18} {nb.seconds:6.1f} s  ({len(nb.outputs)} files)")
        elif nb.status == Status.CACHED:
            lines.append(f"  cached  {nb.name}")
        elif nb.status == Status.FAILED:
            lines.append(f"  FAILED  {nb.name:<18} {nb.reason}")
        else:
            lines.append(f"  {nb.status.value:<7} {nb.name:<18} {nb.reason}")
    verdict = "build failed" if not result.ok else "build ok"
    counts = (f"{len(result.ran)} ran, {len(result.cached)} cached, "
              f"{len(result.failed)} failed")
    print(f"{verdict}: {counts} in {result.seconds:.1f} s\n" + "\n".join(lines)
          + f"\nreport: {result.index}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- running

def _run_all(plans: list[Plan], site: OutputFolder, options: _Options,
             results: dict[str, NotebookResult]) -> None:
    """Run the notebooks; each result is moved into place, recorded in `results` and the
    manifest, and the manifest saved, as soon as it arrives."""
    by_name = {p.name: p for p in plans}
    log = options.log

    def finish(outcome: Outcome) -> None:
        _report(outcome, log)
        plan = by_name[outcome.name]
        res = _finish_ok(plan, site, outcome) if outcome.ok else \
            _finish_failed(plan, site, outcome)
        _record_result(plan, res, site)
        results[plan.name] = res

    jobs = []
    for plan in plans:
        if plan.error:
            log(f"{plan.name}: FAILED: {plan.error}")
            finish_now = Outcome(plan.name, False, 0.0, 0, plan.error)
            results[plan.name] = _finish_failed(plan, site, finish_now)
            _record_result(plan, results[plan.name], site)
            continue
        jobs.append(_job(plan, site, options.quiet))
    if not jobs:
        return
    ensure_kernel()
    server, own = _kernel_server([plan for plan in plans if not plan.error])
    try:
        if server is not None:
            jobs = [replace(job, kernel_server=server.address) for job in jobs]
        workers = max(1, min(options.jobs or os.cpu_count() or 1, len(jobs)))
        if workers == 1:
            for job in jobs:
                finish(R.run_notebook(job))
            return
        R.preload()
        lock_fds = (site.lock.fileno(),) if site.lock is not None else ()
        run_in_workers(jobs, workers, R.run_notebook, finish, _crashed, lock_fds)
    finally:
        if server is not None and own:
            server.stop()


def _kernel_server(plans: list[Plan]) -> tuple[KernelServer | None, bool]:
    """The server that forks the notebooks' kernels (kernel_server.py), when it pays for
    the notebooks of `plans`, and whether this build must stop it."""
    if os.environ.get(FRESH_KERNELS) or not server_pays(sum(p.imports_preloaded for p in plans)):
        return None, False
    return server_for(kernel_argv())


def _job(plan: Plan, site: OutputFolder, quiet: bool) -> Job:
    return Job(plan.name, plan.source, plan.params, site.out / f".{plan.name}.partial",
               site.prefixes, plan.spec.title(site.plan.lang), plan.why, plan.shown_source,
               site.plan.lang, quiet)


def _crashed(job: Job, why: str) -> Outcome:
    return Outcome(job.name, False, 0.0, 1, f"{why}; the other notebooks are not affected")


def _record_result(plan: Plan, res: NotebookResult, site: OutputFolder) -> None:
    entries = site.entries
    if res.status == Status.RAN:
        entries[plan.name] = {
            "key": plan.key, "parts": plan.parts,
            "outputs": [p.relative_to(site.out / plan.name).as_posix() for p in res.outputs],
            "seconds": round(res.seconds, 3),
            "built": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()}
    elif res.kept_outputs:
        entries[plan.name]["failed"] = res.reason
    else:
        entries.pop(plan.name, None)
    site.save()


def _report(outcome: Outcome, log: Log) -> None:
    if outcome.ok:
        log(f"{outcome.name}: ran in {outcome.seconds:.1f} s")
    else:
        log(f"{outcome.name}: FAILED after {outcome.seconds:.1f} s: {outcome.message}")


def _finish_ok(plan: Plan, site: OutputFolder, outcome: Outcome) -> NotebookResult:
    """Replace the notebook's last outputs (the files builds made) by the staged ones."""
    name = plan.name
    folder = site.out / name
    stage = site.out / f".{name}.partial"
    files = F.staged_files(stage)
    clash = [] if site.force else F.foreign_collisions(site.out, site.owned, name, files)
    if clash:
        R.remove_path(stage)
        shown = ", ".join(clash[:5]) + (" …" if len(clash) > 5 else "")
        failed = Outcome(name, False, outcome.seconds, outcome.attempts,
                         f"not written: it would replace file(s) the build did not make "
                         f"({shown}); move them away or build with --force")
        return _finish_failed(plan, site, failed)
    F.remove_owned(site.out, site.owned, name)
    F.move_staged(stage, site.out, name, files, site.owned)
    R.remove_path(stage)
    outputs = [folder / rel for rel in files
               if rel not in (f"{name}.html", f"{name}.ipynb")
               and not any(part.startswith(".") or part == "__pycache__"
                           for part in Path(rel).parts)]
    return NotebookResult(name, Status.RAN, outcome.seconds, plan.why, folder,
                          folder / f"{name}.html", folder / f"{name}.ipynb", outputs,
                          attempts=outcome.attempts)


def _finish_failed(plan: Plan, site: OutputFolder, outcome: Outcome) -> NotebookResult:
    """Keep the last good outputs, marked out of date; add the failed notebook, its page and
    FAILED.txt. A notebook with no good outputs keeps only the failed files."""
    name = plan.name
    folder = site.out / name
    stage = site.out / f".{name}.partial"
    message = F.scrub(outcome.message, site.prefixes)
    entry = site.entries.get(name)
    kept = _keep_last_good(plan, site, entry, message)
    folder.mkdir(parents=True, exist_ok=True)
    failed_files = (f"{name}.failed.ipynb", f"{name}.failed.html")
    F.move_staged(stage, site.out, name, [f for f in failed_files if (stage / f).is_file()],
                  site.owned)
    R.remove_path(stage)
    (folder / "FAILED.txt").write_text(f"{name} FAILED\n{message}\n", encoding="utf-8")
    site.owned.add(f"{name}/FAILED.txt")
    result = NotebookResult(name, Status.FAILED, outcome.seconds, message, folder,
                            attempts=outcome.attempts, error=outcome.error,
                            kept_outputs=kept)
    if kept and entry is not None:
        result.page, result.notebook = folder / f"{name}.html", folder / f"{name}.ipynb"
        result.outputs = [folder / rel for rel in entry.get("outputs", [])]
    return result


def _keep_last_good(plan: Plan, site: OutputFolder, entry: dict | None, message: str) -> bool:
    """Mark the last good page and notebook out of date; without them (or their files),
    remove what is left. Returns whether the last good outputs are kept."""
    name, folder, lang = plan.name, site.out / plan.name, site.plan.lang
    page, notebook = folder / f"{name}.html", folder / f"{name}.ipynb"
    good = (entry is not None and page.is_file() and notebook.is_file()
            and all((folder / rel).is_file() for rel in entry.get("outputs", [])))
    if not good:
        F.remove_owned(site.out, site.owned, name)
        return False
    for stale in (f"{name}.failed.ipynb", f"{name}.failed.html", "FAILED.txt"):
        if (folder / stale).is_file() and f"{name}/{stale}" in site.owned:
            (folder / stale).unlink()
    mark_out_of_date(page, out_of_date_banner(lang, message, entry.get("built", "")), lang)
    mark_notebook_out_of_date(notebook, lang, message)
    return True

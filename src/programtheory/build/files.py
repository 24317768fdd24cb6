"""What a report build owns, where it may write, and how it names and shows paths.

A build writes a manifest (`<out>/.cache/manifest.json`) that lists every file it made, as
paths relative to the output folder. A later build deletes or replaces only those files: a
user's file inside the output folder (a thesis beside the figures, a data file in a folder
named like a notebook) is never touched. The output folder must be new, empty, or made by a
build (it has the manifest); anything else is refused unless the user passes --force, and the
refusal lists what the build would touch.

Paths in what a build writes (notebooks, pages, the manifest, error messages) are relative to
the project or to the output folder: no user or folder names from the machine it ran on.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from ..exceptions import UsageError

CACHE_DIR = ".cache"
MANIFEST = "manifest.json"
INDEX = "index.html"
PARTIAL_SUFFIX = ".partial"
MAX_NAME = 120  # characters of a file name derived from ids; the file system allows 255 bytes


def notebook_files(name: str) -> tuple[str, ...]:
    """The files every build writes for a notebook, whatever the notebook itself writes."""
    return (f"{name}.html", f"{name}.ipynb", f"{name}.failed.html", f"{name}.failed.ipynb",
            "FAILED.txt")


def is_safe_relative(path: str) -> bool:
    """A manifest entry names a file inside the output folder (a damaged or hand-edited
    manifest must not make a build delete anything elsewhere)."""
    pure = PurePosixPath(path)
    return bool(path) and not pure.is_absolute() and ".." not in pure.parts \
        and "\\" not in path and not path.startswith("~")


def owned_files(manifest: dict, names: Iterable[str]) -> set[str]:
    """The files (relative to the output folder) that earlier builds made."""
    files = manifest.get("files")
    if isinstance(files, list):
        return {f for f in files if isinstance(f, str) and is_safe_relative(f)}
    if not manifest.get("notebooks") and not manifest.get("started"):
        return set()
    # a manifest of an earlier release, which listed outputs only: add the names it wrote
    owned = {INDEX}
    for name in names:
        owned |= {f"{name}/{f}" for f in notebook_files(name)}
    for name, entry in manifest.get("notebooks", {}).items():
        for rel in entry.get("outputs", []) if isinstance(entry, dict) else []:
            if isinstance(rel, str) and is_safe_relative(f"{name}/{rel}"):
                owned.add(f"{name}/{rel}")
    return owned


def has_manifest(out_dir: Path) -> bool:
    import json

    try:
        data = json.loads((out_dir / CACHE_DIR / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and isinstance(data.get("notebooks"), dict)


def check_out_folder(root: Path, out_dir: Path, names: list[str], force: bool,
                     shown: str) -> None:
    """Refuse an output folder that holds the project or that no build made.

    shown: the output folder as the user gave it (for the message).
    """
    if out_dir == root or _is_within(root, out_dir):
        raise UsageError(
            f"--out {shown} is the project folder{'' if out_dir == root else ' or holds it'}: "
            "the build would write index.html and a folder per notebook "
            f"({', '.join(names)}) among the project's own files. Choose a new or empty "
            "folder (the default is build/ inside the project).")
    if _is_within(out_dir, root) and out_dir.relative_to(root).parts[0] in INPUT_FOLDERS:
        raise UsageError(f"--out {shown} is inside the project's "
                         f"{out_dir.relative_to(root).parts[0]}/ folder: the build's files "
                         "would be read as project data. Choose a folder elsewhere.")
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise UsageError(f"--out {shown} is a file, not a folder")
    entries = sorted(p.name for p in out_dir.iterdir())
    # a build's lock (without a manifest yet: that build stopped before it wrote anything)
    made_by_a_build = has_manifest(out_dir) or (out_dir / CACHE_DIR / "lock").is_file()
    if not entries or made_by_a_build or force:
        return
    touched = [f"{INDEX} (replaced)"] if INDEX in entries else []
    for name in names:
        if name in entries:
            count = sum(1 for p in (out_dir / name).rglob("*") if p.is_file())
            touched.append(f"{name}/ (holds {count} file(s); the build writes into it)")
    touched += [f"{e}/ (the build's own)" for e in entries
                if e == CACHE_DIR or e.endswith(PARTIAL_SUFFIX)]
    listing = "\n  ".join(touched) or "nothing there now; the build adds " + \
        f"{INDEX} and {', '.join(n + '/' for n in names)}"
    raise UsageError(
        f"--out {shown} is not empty ({len(entries)} item(s)) and no build made it (it has "
        f"no {CACHE_DIR}/{MANIFEST}). The build would touch:\n  {listing}\n"
        "Choose a new or empty folder, or pass --force to build there anyway (files the build "
        "did not make are kept, unless they have the name of a file it writes; --force also "
        "reruns every notebook).")


def _is_within(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def clean_partials(out_dir: Path) -> list[str]:
    """Remove the staging folders (`.<name>.partial`) an interrupted build left behind."""
    removed = []
    if out_dir.is_dir():
        for path in sorted(out_dir.glob(f".*{PARTIAL_SUFFIX}")):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
    return removed


def remove_owned(out_dir: Path, owned: set[str], prefix: str) -> None:
    """Delete the owned files under `prefix/` (and folders left empty by that); forget them."""
    mine = sorted(f for f in owned if f.startswith(prefix + "/"))
    folders: set[Path] = set()
    for rel in mine:
        path = out_dir / rel
        if path.is_file() or path.is_symlink():
            path.unlink()
        folders.update(p for p in path.parents if _is_within(p, out_dir / prefix))
        owned.discard(rel)
    for folder in sorted(folders, key=lambda p: -len(p.parts)):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty: a user's file keeps its folder


def staged_files(stage: Path) -> list[str]:
    return sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*")
                  if p.is_file() or p.is_symlink())


def foreign_collisions(out_dir: Path, owned: set[str], prefix: str,
                       files: Iterable[str]) -> list[str]:
    """Files the build is about to write over that no build made."""
    return [f"{prefix}/{rel}" for rel in files
            if (out_dir / prefix / rel).exists() and f"{prefix}/{rel}" not in owned]


def move_staged(stage: Path, out_dir: Path, prefix: str, files: Iterable[str],
                owned: set[str]) -> None:
    """Move the staged files into `out_dir/prefix/`, each one atomically; own them."""
    for rel in files:
        target = out_dir / prefix / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(stage / rel, target)
        owned.add(f"{prefix}/{rel}")


# ---------------------------------------------------------------- names and shown paths

def safe_file_stem(*parts: str, limit: int = MAX_NAME) -> str:
    """A file name stem from ids joined by '_': unchanged when short, else cut and followed by
    a hash of the whole, so that two long ids still give two names. Characters a file system
    rejects become '_'."""
    stem = "_".join(re.sub(r'[\x00-\x1f/\\:*?"<>|]', "_", p) for p in parts)
    if len(stem) <= limit and len(stem.encode("utf-8")) <= 2 * limit:
        return stem
    digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:12]
    cut = stem[:limit - len(digest) - 1]
    while len(cut.encode("utf-8")) > 2 * limit - 13:
        cut = cut[:-1]
    return f"{cut}-{digest}"


def private_prefixes(*folders: Path | str | None) -> list[tuple[str, str]]:
    """(absolute path, replacement) pairs, longest first: the given folders, the Python
    installation and the home folder."""
    pairs: list[tuple[str, str]] = []
    for folder, label in zip(folders, ("<project>", "<build>", "<package>"), strict=False):
        if folder:
            for form in {str(folder), str(Path(folder).resolve())}:
                pairs.append((form, label))
    for prefix in {sys.prefix, sys.base_prefix, sys.exec_prefix}:
        if prefix and prefix not in ("/", "/usr", "/usr/local"):
            pairs.append((prefix, "<python>"))
    home = str(Path.home())
    if home and home not in ("/", "/root"):
        pairs.append((home, "~"))
    return sorted(set(pairs), key=lambda p: -len(p[0]))


def scrub(text: str, prefixes: list[tuple[str, str]]) -> str:
    """The text with every absolute path from `private_prefixes` replaced by its label."""
    for path, label in prefixes:
        text = text.replace(path, label)
    return text


# ---------------------------------------------------------------- the project's own files

INPUT_FOLDERS = ("theory", "notebooks")
INPUT_SUFFIXES = (".yaml", ".yml")


def refuse_input_target(root: Path | str, target: Path | str, option: str = "--out") -> None:
    """Raise UsageError when writing `target` could overwrite a project input: a file under
    theory/ or notebooks/, a YAML file of the project, or any file those link to."""
    project = Path(root).resolve()
    path = Path(target).resolve()
    inputs = {p.resolve() for folder in INPUT_FOLDERS for p in (project / folder).rglob("*")
              if p.is_file()}
    inputs |= {p.resolve() for p in project.iterdir() if p.suffix.lower() in INPUT_SUFFIXES
               and p.is_file()} if project.is_dir() else set()
    rel = path.relative_to(project).as_posix() if _is_within(path, project) else None
    inside_inputs = rel is not None and (rel.split("/")[0] in INPUT_FOLDERS
                                         or path.suffix.lower() in INPUT_SUFFIXES)
    if path in inputs or inside_inputs:
        what = "a file of the project's data or notebooks" if path in inputs else \
            "in the project's data or notebook folders"
        raise UsageError(f"{option} {target}: that is {what}; writing there would overwrite "
                         "the project's own files. Choose a file elsewhere (for example in "
                         "build/).")

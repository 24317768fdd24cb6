"""`programtheory init`: a new project folder that validates and builds at once.

The files come from `init_templates/<lang>/skeleton` (settings, one version, an evidence file,
sources, an empty outcome table and a README on what to edit first), overlaid by
`init_templates/<lang>/example` with `--example`. The JSON Schemas are written into the
project's `schema/` folder and every data file names its schema on its first line.

Nothing is written unless everything is: the project is assembled in a hidden folder beside the
target and moved into place with one rename (into an existing empty folder, which may be the
current one: entry by entry, taken out again on failure). A target that exists and is not an
empty folder is refused before anything is written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import UsageError
from .schema import link_schemas, write_schemas

TEMPLATES = Path(__file__).resolve().parent / "init_templates"
LANGUAGES = ("en", "nl")
SCHEMA_DIR = "schema"


def create_project(path: str | Path, lang: str = "en", example: bool = False) -> Path:
    """Create a project at `path`; returns its path. Raises UsageError for a target that is
    not empty, an unknown language or a parent folder that does not exist."""
    if lang not in LANGUAGES:
        raise UsageError(f"--lang {lang}: choose one of {', '.join(LANGUAGES)}")
    shown = Path(path)
    _refuse_target(shown)
    target = Path(os.path.abspath(shown))  # 'new/', '.' and '..' name the folder itself
    parent = target.parent
    if not parent.is_dir():
        raise UsageError(f"{shown}: the folder {parent} does not exist; create it first")
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.init-", dir=parent))
    try:
        _assemble(staging, lang, example, title_hint=target.name)
        if target.is_dir():
            _move_entries(staging, target)
        else:
            _move_into_place(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return shown


def _refuse_target(target: Path) -> None:
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise UsageError(f"{target} exists and is not a folder; choose a new folder name")
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(f"{target} is not empty; 'init' writes only into a new or empty "
                         "folder, so that no file is overwritten")


def _assemble(staging: Path, lang: str, example: bool, title_hint: str) -> None:
    layers = [TEMPLATES / lang / "skeleton"] + ([TEMPLATES / lang / "example"] if example
                                                else [])
    for layer in layers:
        for source in sorted(layer.rglob("*")):
            if source.is_file():
                destination = staging / source.relative_to(layer)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)
    readme = staging / "README.md"
    text = readme.read_text(encoding="utf-8")
    readme.write_text(text.replace("{title}", title_hint).replace("{path}", title_hint),
                      encoding="utf-8")
    write_schemas(staging / SCHEMA_DIR)
    link_schemas(staging, SCHEMA_DIR)
    os.chmod(staging, 0o777 & ~_umask())


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _move_into_place(staging: Path, target: Path) -> None:
    """One rename onto the new folder's name."""
    try:
        os.rename(staging, target)
    except OSError as exc:
        if target.exists():
            raise UsageError(f"{target} was created meanwhile; nothing was changed") from None
        raise UsageError(f"{target}: could not create the project ({exc.strerror or exc})") \
            from None


def _move_entries(staging: Path, target: Path) -> None:
    """Into an existing empty folder (perhaps the current one, which must stay where it is):
    each top-level entry is renamed in; on any failure the ones moved are taken out again."""
    moved: list[Path] = []
    try:
        for entry in sorted(staging.iterdir()):
            destination = target / entry.name
            if destination.exists():
                raise UsageError(f"{target} is not empty (something was written into it "
                                 "meanwhile); nothing was changed")
            os.rename(entry, destination)
            moved.append(destination)
    except BaseException:
        for path in moved:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        raise

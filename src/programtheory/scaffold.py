"""`programtheory init`: a new project folder that validates and builds at once.

The files come from `init_templates/<lang>/skeleton` (settings, one version, an evidence file,
sources, an empty outcome table and a README on what to edit first), overlaid by
`init_templates/<lang>/example` with `--example`. The JSON Schemas are written into the
project's `schema/` folder and every data file names its schema on its first line.

Nothing is written unless everything is: the project is assembled in a hidden folder beside the
target and moved into place with one rename. A target that exists and is not an empty folder is
refused before anything is written.
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
    target = Path(path)
    _refuse_target(target)
    parent = target.absolute().parent
    if not parent.is_dir():
        raise UsageError(f"{target}: the folder {parent} does not exist; create it first")
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.init-", dir=parent))
    try:
        _assemble(staging, lang, example, title_hint=target.name)
        _move_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


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
    """One rename: onto a missing name, or over an empty folder (POSIX replaces it)."""
    try:
        os.replace(staging, target)
    except OSError as exc:
        if target.is_dir() and any(target.iterdir()):
            raise UsageError(f"{target} is not empty (something was written into it "
                             "meanwhile); nothing was changed") from None
        raise UsageError(f"{target}: could not create the project ({exc.strerror or exc})") \
            from None

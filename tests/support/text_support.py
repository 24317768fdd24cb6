"""Copies of the shipped project's data to change: with hostile text or files put in (the
adversarial tests), or edited through an exchange format (`digests` tells which files changed)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from project_support import REPO

DATA = ["theory", "outcomes.yaml", "barometer.yaml", "project.yaml"]

# every C0 control character a YAML double-quoted string can carry, except tab and newline
CONTROLS = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n") + "\x7f"


def copy_project(target: Path) -> Path:
    """The shipped data files copied into `target` (the report text stays beside /work)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in DATA:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


def digests(root: Path) -> dict[str, str]:
    """{YAML file below `root`: its SHA-256}."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*.yaml"))}


def yaml_string(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=True)


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

"""Shared pieces of the exchange tests: a writable copy of the shipped project, file digests, and
LibreOffice (soffice) for the tests that save files through a real office suite."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from project_support import REPO



def copy_project(target: Path) -> Path:
    """The shipped project's data files, copied to `target`."""
    shutil.copytree(REPO / "theory", target / "theory")
    for name in ("outcomes.yaml", "barometer.yaml", "project.yaml"):
        shutil.copy2(REPO / name, target / name)
    return target


def digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*.yaml"))}


def soffice_or_skip() -> str:
    """The soffice program. Missing in CI (PROGRAMTHEORY_CI=1) is a failure, elsewhere a skip
    that says how to install it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    reason = ("LibreOffice (soffice) is missing: install the Debian packages "
              "libreoffice-calc-nogui and libreoffice-writer-nogui (make test does, as root)")
    if os.environ.get("PROGRAMTHEORY_CI"):
        pytest.fail(reason + "; CI must run this test")
    pytest.skip(reason)


def soffice_convert(source: Path, fmt: str, out_dir: Path) -> Path:
    """Convert with LibreOffice headless into `out_dir`; returns the new file."""
    program = soffice_or_skip()
    profile = out_dir / "lo-profile"
    subprocess.run([program, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", fmt, "--outdir", str(out_dir), str(source)],
                   check=True, capture_output=True, timeout=180)
    produced = out_dir / (source.stem + "." + fmt.split(":")[0])
    assert produced.is_file(), f"LibreOffice wrote no {produced.name}"
    return produced

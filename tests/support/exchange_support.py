"""Shared pieces of the exchange tests: a writable copy of the shipped project, file digests, and
LibreOffice (soffice) for the tests that save files through a real office suite."""

from __future__ import annotations

import atexit
import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
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
    return _program_or_skip(
        ("soffice", "libreoffice"),
        "LibreOffice (soffice) is missing: install the Debian packages "
        "libreoffice-calc-nogui and libreoffice-writer-nogui (make test does, as root)")


def pdftotext_or_skip() -> str:
    """The pdftotext program, as `soffice_or_skip`."""
    return _program_or_skip(("pdftotext",), "pdftotext is missing: install the Debian package "
                            "poppler-utils (make office-deps does, as root)")


def _program_or_skip(names: tuple[str, ...], reason: str) -> str:
    found = next((path for name in names if (path := shutil.which(name))), None)
    if found:
        return found
    if os.environ.get("PROGRAMTHEORY_CI"):
        pytest.fail(reason + "; CI must run this test")
    pytest.skip(reason)


@functools.cache
def soffice_profile() -> Path:
    """One LibreOffice user profile per test process: the first start creates it (several
    seconds), later starts reuse it. Never shared between processes, as two running soffice
    with one profile would hand their work to each other."""
    profile = Path(tempfile.mkdtemp(prefix="programtheory-lo-profile-"))
    atexit.register(shutil.rmtree, profile, ignore_errors=True)
    return profile


def soffice_convert(source: Path | list[Path], fmt: str, out_dir: Path) -> Path:
    """Convert with LibreOffice headless into `out_dir`; returns the new file (of the first
    source, when given several)."""
    program = soffice_or_skip()
    sources = source if isinstance(source, list) else [source]
    subprocess.run([program, f"-env:UserInstallation={soffice_profile().as_uri()}", "--headless",
                    "--convert-to", fmt, "--outdir", str(out_dir), *map(str, sources)],
                   check=True, capture_output=True, timeout=180)
    source = sources[0]
    produced = out_dir / (source.stem + "." + fmt.split(":")[0])
    assert produced.is_file(), f"LibreOffice wrote no {produced.name}"
    return produced

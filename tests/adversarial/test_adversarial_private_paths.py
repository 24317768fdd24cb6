"""Nothing private in what a build writes: no absolute path, no user or folder name of the
machine it ran on, in notebooks (metadata, parameters, outputs), pages, the manifest or error
messages, for good and for failed notebooks."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from build_support import FIXTURE_NOTEBOOKS, FIXTURE_PROJECT, REPO, copy_project
from programtheory import build as B

pytestmark = pytest.mark.slow
USER = "jan-de-vries-private"
# fails inside the package and the standard library: tracebacks through installed files
BROKEN = """# %% tags=["parameters"]
project = ".."
out_dir = "."

# %%
import json
from programtheory import load_project

load_project(project).version("no-such-version")
json.loads("{")
"""


def _private_strings(tmp_path: Path) -> list[str]:
    found = {str(tmp_path), USER, str(REPO), sys.prefix, sys.base_prefix,
             str(Path(B.__file__).parents[1])}
    home = Path.home()
    if str(home) not in ("/", "/root"):
        found |= {str(home), home.name}
    return sorted(found, key=len, reverse=True)


def _leaks(out: Path, private: list[str]) -> list[str]:
    files = [p for p in out.rglob("*") if p.is_file() and not p.is_symlink()]
    assert files
    return [f"{path.relative_to(out)}: {text}" for path in files
            for text in private if text.encode("utf-8") in path.read_bytes()]


def test_no_private_path_in_the_outputs_of_good_notebooks(fixture_site):
    """The shipped notebooks, built once for the run (the build's own folder, and its
    parent's name, count as private)."""
    root, result = fixture_site
    folder = root.parent
    private = sorted({*_private_strings(folder), folder.name} - {USER}, key=len, reverse=True)
    assert len([p for p in (root / "build").rglob("*") if p.is_file()]) > 20
    leaks = _leaks(root / "build", private)
    assert not leaks, "\n".join(leaks[:40])
    assert not any(text in nb.reason for nb in result.notebooks for text in private)


def test_no_private_path_in_any_output_file_of_failed_notebooks(tmp_path):
    root = copy_project(tmp_path / USER / "project", source=FIXTURE_PROJECT)
    (root / "notebooks").mkdir()  # the project's own notebooks, beside the shipped ones
    shutil.copy(FIXTURE_NOTEBOOKS / "flaky.py", root / "notebooks" / "flaky.py")
    (root / "notebooks" / "broken.py").write_text(BROKEN, encoding="utf-8")
    out = tmp_path / "elsewhere" / "site"
    result = B.build_report(root, out=out, quiet=True, params={"flaky.fail": "yes"},
                            only=["broken", "flaky"])
    assert sorted(result.failed) == ["broken", "flaky"], \
        [(nb.name, nb.reason) for nb in result.notebooks]
    assert "no-such-version" in result["broken"].reason
    private = _private_strings(tmp_path)
    leaks = _leaks(out, private)
    assert not leaks, "\n".join(leaks[:40])
    assert not (out / ".cache" / B.PROJECT_LINK).exists()
    for nb in result.notebooks:  # the messages a caller sees, too
        assert not any(text in nb.reason for text in private), (nb.name, nb.reason)

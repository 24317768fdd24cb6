"""DEVELOPMENT.md's add-a-finding-code recipe, followed step by step on a copy of the repository.

The edits of steps 2, 3 and 5 are made the way the recipe says; the commands of its shell block
are run as written (with this interpreter for `.venv/bin/python`). When a file, a list or a
command the recipe names moves, this test fails and the recipe is due for an update.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from programtheory.findings import CATALOGUE

from project_support import REPO
RECIPE_TITLE = "## Add a finding code"


def _recipe() -> str:
    text = (REPO / "DEVELOPMENT.md").read_text(encoding="utf-8")
    start = text.index(RECIPE_TITLE)
    end = text.find("\n## ", start + len(RECIPE_TITLE))
    return text[start:end if end >= 0 else None]


def _commands(recipe: str) -> list[str]:
    block = re.search(r"```sh\n(.*?)```", recipe, re.S)
    assert block, "the recipe has no ```sh block of commands"
    return [line for line in block.group(1).splitlines() if line.strip()]


def _free_logic_code() -> str:
    return next(f"PT{n}" for n in range(499, 400, -1) if f"PT{n}" not in CATALOGUE)


def _copy_repository(target: Path) -> None:
    shutil.copytree(REPO / "src", target / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(REPO / "docs", target / "docs")
    shutil.copytree(REPO / "tests" / "golden" / "ok-valid", target / "tests" / "golden" / "ok-valid")
    shutil.copytree(REPO / "tests" / "fixtures" / "golden-base",
                    target / "tests" / "fixtures" / "golden-base")
    shutil.copytree(REPO / "tests" / "support", target / "tests" / "support",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(REPO / "tests" / "test_golden.py", target / "tests" / "test_golden.py")
    shutil.copy2(REPO / "pyproject.toml", target / "pyproject.toml")


def _catalogue(findings_py: Path, code: str) -> None:
    """Step 2: a CodeInfo at the end of `_CODES`."""
    text = findings_py.read_text(encoding="utf-8")
    anchor = "\n]\nCATALOGUE"
    assert "_CODES = [" in text and anchor in text, "findings.py no longer ends _CODES as expected"
    entry = (f'    CodeInfo("{code}", "id-not-lowercase", W, "A node id has a capital letter.", '
             f'"id: oc_Safety", "Write the id in lower case."),')
    findings_py.write_text(text.replace(anchor, "\n" + entry + anchor, 1), encoding="utf-8")


def _report(checks_py: Path, code: str) -> None:
    """Step 3: the check appends `finding(code, message, hint, file=..., path=...)` and is
    reached from `checks.check_project`."""
    text = checks_py.read_text(encoding="utf-8")
    start = text.index("def check_project(")
    end = text.index("\n    return out\n", start)
    call = "\n    _check_id_case(project, out)"
    check = (f"\n\n\ndef _check_id_case(project, out):\n"
             f"    for version in project.versions.values():\n"
             f"        for i, node in enumerate(version.nodes):\n"
             f"            if node.id != node.id.lower():\n"
             f"                out.append(finding(\"{code}\", f\"node id '{{node.id}}' has a "
             f"capital letter\", \"write it in lower case\", file=version.path, "
             f"path=(\"nodes\", i, \"id\")))\n")
    text = text[:end] + call + text[end:]
    checks_py.write_text(text.rstrip("\n") + check, encoding="utf-8")


def _golden_case(golden: Path, code: str) -> Path:
    """Step 5: only the base project's file that changes, with the change that causes the
    finding, in a new case folder."""
    base = golden.parent / "fixtures" / "golden-base"
    case = golden / f"{code.lower()}-id-not-lowercase"
    changed = 0
    for path in base.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if "oc_safety" in text:
            target = case / path.relative_to(base)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text.replace("oc_safety", "oc_Safety"), encoding="utf-8")
            changed += 1
    assert changed, "the golden base project no longer has the node oc_safety"
    return case


def _run(command: str, root: Path, code: str) -> subprocess.CompletedProcess:
    words = shlex.split(command.replace("ptnnn", code.lower()).replace("PTnnn", code))
    env = dict(os.environ, PYTHONPATH=str(root / "src"), PYTHONDONTWRITEBYTECODE="1")
    while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    assert words[0] == ".venv/bin/python", f"a command the test cannot run: {command}"
    words[0] = sys.executable
    if words[1:3] == ["-m", "pytest"]:
        words += ["-p", "no:cacheprovider", "-q", "--rootdir", str(root)]
    return subprocess.run(words, cwd=root, env=env, capture_output=True, text=True, timeout=300)


def test_the_recipe_names_the_places_this_test_edits():
    recipe = _recipe()
    for place in ("src/programtheory/findings.py", "`_CODES`", "CodeInfo(", "finding(\"PTnnn\"",
                  "checks.check_project", "tests/golden/ptnnn-", "tests/fixtures/golden-base/",
                  "make docs", "tests/test_golden.py"):
        assert place in recipe, place


@pytest.mark.slow
def test_following_the_add_a_finding_code_recipe_works(tmp_path):
    code = _free_logic_code()
    root = tmp_path / "repo"
    _copy_repository(root)
    _catalogue(root / "src" / "programtheory" / "findings.py", code)
    _report(root / "src" / "programtheory" / "checks.py", code)
    case = _golden_case(root / "tests" / "golden", code)

    for command in _commands(_recipe()):
        done = _run(command, root, code)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        if "pytest" in command:
            assert re.search(r"\b1 passed\b", done.stdout), (command, done.stdout)

    page = (root / "docs" / "errors.md").read_text(encoding="utf-8")
    assert f"| {code} | id-not-lowercase |" in page
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    assert expected.startswith("exit 0\n"), expected  # a warning: the project stays valid
    assert re.search(rf"^theory/versions/v1\.yaml:\d+:\d+: warning\[{code}\]: node id "
                     r"'oc_Safety' has a capital letter\n  hint: write it in lower case$",
                     expected, re.M), expected
    assert (REPO / "docs" / "errors.md").read_text(encoding="utf-8").count(code) == 0

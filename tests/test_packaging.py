"""House rules of the repository that CI must keep: one dependency list in two files, generated
pages up to date, the two commands in the README, CI calling the test command."""

from __future__ import annotations

import re
import tomllib

import yaml

from programtheory.docs import PAGES
from project_support import REPO

# conda-forge names where they differ from PyPI names
CONDA_NAMES = {"graphviz": "python-graphviz"}


def _name_and_spec(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    assert match, requirement
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = {}
    for req in pyproject["project"]["dependencies"] + \
            pyproject["project"]["optional-dependencies"]["test"]:
        name, spec = _name_and_spec(req)
        wanted[CONDA_NAMES.get(name, name)] = spec
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    assert "conda-forge" in env["channels"]
    listed = {}
    pip_tail = None
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip_tail = dep["pip"]
            continue
        name, spec = _name_and_spec(dep)
        listed[name] = spec
    assert pip_tail == ["-e ."]
    for system_only in ("python", "pip", "graphviz"):
        listed.pop(system_only, None)
    assert listed == wanted


def test_environment_yml_has_the_graphviz_binary():
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    assert "graphviz" in env["dependencies"]


def test_generated_docs_are_current():
    for rel, make in PAGES.items():
        assert (REPO / rel).read_text(encoding="utf-8") == make(), \
            f"{rel} is stale: run 'make docs'"


def test_readme_starts_with_the_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    head = readme[:1500]
    assert "make report" in head and "make test" in head
    assert head.index("make report") < head.index("make test")


def test_ci_runs_the_readme_test_command():
    run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in run and "set -euo pipefail" in run


def test_makefile_default_goal_is_help():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert ".DEFAULT_GOAL := help" in makefile


def test_design_card_top_level_exists():
    for name in ("theory", "notebooks", "outcomes.yaml", "barometer.yaml", "scripts", "tests",
                 "environment.yml", "src/programtheory", "ARCHITECTURE.md"):
        assert (REPO / name).exists(), name


def test_no_notebook_is_stored_as_ipynb():
    tracked = [p for p in (REPO / "notebooks").rglob("*.ipynb")
               if ".ipynb_checkpoints" not in p.parts]
    assert tracked == [], "notebooks are stored as jupytext .py files"
